"""One MkDocs build per language, all driven by the source language's build.

    mkdocs.yml          the source language: content/, served at /
    mkdocs.<lang>.yml   INHERITs mkdocs.yml: content/<lang>/, served at /<lang>/
                        (the guide plugin's `language_config` names these files)

The languages are the ones in data/languages.yml; the first is the source. Each
other language has its own config, built into `<site>/<lang>/` with its own theme
language and search index (so each language's search splits and stems its own
words, and a reader only finds pages in their own language).

A `complete` language has every page: a missing one fails the build. A `draft`
language may have any subset: the missing pages are built from the source pages
(sitebuild/pages/fallback.py), so every language has the same page tree and the language
switcher always lands on the same page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

from markupsafe import escape
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

from checker.model import Language
from sitebuild.source.project import PageLayout


def language_root(lang: str, source: str) -> str:
    """The language's folder inside the site: '' for the source language, '<lang>/' otherwise."""
    return "" if lang == source else f"{lang}/"


def alternates(languages: tuple[Language, ...], current: str) -> list[dict]:
    """Material's language switcher entries; each link is that language's root,
    relative to the root of the language being built (the switcher adds the page)."""
    source = languages[0].id
    up = "" if current == source else "../"
    links = {lang.id: "./" if lang.id == current else up + language_root(lang.id, source) or "./" for lang in languages}
    return [{"name": lang.name, "lang": lang.id, "link": links[lang.id]} for lang in languages]


def translation_problems(docs_dir: Path, languages: tuple[Language, ...]) -> list[str]:
    """Pages missing from a complete language's tree, and pages any language has
    without a source page, named by path. Draft languages may lack pages."""
    source_pages = pages_of(docs_dir, skip={lang.id for lang in languages[1:]})
    problems = []
    for language in languages[1:]:
        lang = language.id
        pages = pages_of(docs_dir / lang, skip=set())
        folder = f"{docs_dir.name}/{lang}"
        if language.status == "complete":
            problems += [f"{folder}/{page} is missing: it is the '{lang}' version of {docs_dir.name}/{page}. "
                         f"Every page must exist in a complete language; to build it from the source page "
                         f"meanwhile, mark '{lang}' as draft in data/languages.yml."
                         for page in sorted(source_pages - pages)]
        problems += [f"{folder}/{page} has no source page {docs_dir.name}/{page}: add it, or remove this one."
                     for page in sorted(pages - source_pages)]
    return problems


def pages_of(folder: Path, skip: set[str]) -> set[str]:
    """The Markdown pages under `folder` (relative paths), leaving out the top folders in `skip`."""
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()
    return {page for page in found if page.split("/")[0] not in skip}


def drop_other_languages(files: Files, languages: list[str]) -> None:
    """The source build leaves out content/<lang>/ of every other language (each has
    its own build): done from data/languages.yml, so a new language needs no
    `exclude_docs` line."""
    for file in list(files):
        if file.src_uri.split("/")[0] in languages:
            files.remove(file)


def load_language_config(source: MkDocsConfig, lang: str, site_dir: Path, layout: PageLayout) -> MkDocsConfig:
    """The config of `lang` (the file `layout.language_config` names), building into
    `site_dir` under the source site's URL."""
    path = layout.language_config_file(Path(source.config_file_path), lang)
    if not path.is_file():
        raise PluginError(f"guide: {path.name} is missing: data/languages.yml lists '{lang}' (the guide plugin's "
                          f"language_config is '{layout.language_config}'). Create it with:\n"
                          f"{config_template(Path(source.config_file_path).name, source.docs_dir, lang)}")
    site_url = urljoin(source.site_url, language_root(lang, "")) if source.site_url else None
    config = load_config(str(path), site_dir=str(site_dir), site_url=site_url, strict=source.strict)
    expected = Path(source.docs_dir) / lang
    if Path(config.docs_dir).resolve() != expected.resolve():
        raise PluginError(f"guide: {path.name}: docs_dir must be {expected}, not {config.docs_dir}.")
    guide = config.plugins.get("guide")
    if guide is None or guide.config.language != lang:
        raise PluginError(f"guide: {path.name}: set 'plugins: guide: language: {lang}'.")
    guide.driven_by_source = True
    return config


def config_template(source_config: str, docs_dir: str, lang: str) -> str:
    """What a new language's config holds: its name, its folder, its theme and search language."""
    docs = Path(docs_dir).name
    return (f"  INHERIT: {source_config}\n  site_name: <the site's name in {lang}>\n  docs_dir: {docs}/{lang}\n"
            f"  theme:\n    language: {lang}\n  plugins:\n    search:\n      lang: {lang}\n"
            f"      pipeline: []  # no stemming: Material looks words up unstemmed, as they are typed (not needed for ja)\n"
            f"    guide:\n      language: {lang}")


def translate_nav_sections(nav: Navigation, word: Callable[[str], str | None], file: str) -> None:
    """Nav sections are titled by a page-strings key (`- nav-writers: [...]` in
    mkdocs.yml), so one nav serves every language."""
    sections = [item for item in _walk(nav.items) if isinstance(item, Section)]
    for section in sections:
        title = word(section.title)
        if title is None:
            raise PluginError(f"guide: the nav section '{section.title}' has no title in {file}: name it by a key of "
                              f"that file (e.g. '- nav-writers:') and give the key a text in every language.")
        section.title = escape(title)  # templates write it as HTML: data text is escaped here, once


def _walk(items: list) -> list:
    found = []
    for item in items:
        found.append(item)
        found += _walk(item.children or []) if isinstance(item, Section) else []
    return found


def share_assets(config: MkDocsConfig, prefixes: list[str], depth: int) -> None:
    """Point a language's pages at the source site's copy of shared assets (one copy for all)."""
    up = "../" * depth
    for script in config.extra_javascript:
        if any(script.path.startswith(prefix) for prefix in prefixes):
            script.path = up + script.path
    config.extra_css[:] = [up + css if any(css.startswith(p) for p in prefixes) else css for css in config.extra_css]


def drop_shared_theme_files(files: Files, prefixes: list[str], docs_dir: str) -> None:
    """Theme files under a shared prefix are copied once, by the source language's build."""
    docs = Path(docs_dir).resolve()
    for file in list(files):
        if any(file.src_uri.startswith(p) for p in prefixes) and docs not in Path(file.abs_src_path or "").resolve().parents:
            files.remove(file)
