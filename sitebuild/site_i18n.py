"""One MkDocs build per language, all driven by the source language's build.

    mkdocs.yml      the source language (English): content/, served at /
    mkdocs.ja.yml   INHERITs mkdocs.yml: content/ja/, served at /ja/

The languages are the ones in data/languages.yml; the first is the source. Each
other language has its own config, built into `<site>/<lang>/` with its own theme
language and search index (so Japanese search segments Japanese text and a reader
only finds pages in their own language). Every page exists in every language: a
missing translation fails the build, never falls back to English.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from checker.model import Language

LANGUAGE_CONFIG = "mkdocs.{lang}.yml"


def language_root(lang: str, source: str) -> str:
    """The language's folder inside the site: '' for the source language, 'ja/' for Japanese."""
    return "" if lang == source else f"{lang}/"


def alternates(languages: tuple[Language, ...], current: str) -> list[dict]:
    """Material's language switcher entries; each link is that language's root,
    relative to the root of the language being built (the switcher adds the page)."""
    source = languages[0].id
    up = "" if current == source else "../"
    links = {lang.id: "./" if lang.id == current else up + language_root(lang.id, source) or "./" for lang in languages}
    return [{"name": lang.name, "lang": lang.id, "link": links[lang.id]} for lang in languages]


def translation_problems(docs_dir: Path, languages: list[str]) -> list[str]:
    """Every page missing from a language's tree (or present only there), named by path."""
    source_pages = _pages(docs_dir, skip=set(languages[1:]))
    problems = []
    for lang in languages[1:]:
        pages = _pages(docs_dir / lang, skip=set())
        folder = f"{docs_dir.name}/{lang}"
        problems += [f"{folder}/{page} is missing: it is the '{lang}' version of {docs_dir.name}/{page}. "
                     f"Every page must exist in every language (no fallback to the source language)."
                     for page in sorted(source_pages - pages)]
        problems += [f"{folder}/{page} has no source page {docs_dir.name}/{page}: add it, or remove this one."
                     for page in sorted(pages - source_pages)]
    return problems


def _pages(folder: Path, skip: set[str]) -> set[str]:
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()
    return {page for page in found if page.split("/")[0] not in skip}


def load_language_config(source: MkDocsConfig, lang: str, site_dir: Path) -> MkDocsConfig:
    """The config of `lang`, building into `site_dir` under the source site's URL."""
    path = Path(source.config_file_path).parent / LANGUAGE_CONFIG.format(lang=lang)
    if not path.is_file():
        raise PluginError(f"guide: {path.name} is missing: data/languages.yml lists '{lang}'. "
                          f"Create it with 'INHERIT: mkdocs.yml', docs_dir {source.docs_dir}/{lang} and theme.language {lang}.")
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
