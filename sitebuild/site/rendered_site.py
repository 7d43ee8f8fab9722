"""The guide's pages rendered with the data, as plain Markdown, for any Markdown engine.

    OUT/<lang>/<page>.md     every page of the language's tree (a draft language's
                             missing pages come from the source pages), its macros
                             rendered by the steps the MkDocs plugin runs too
                             (sitebuild/pages/page_steps.py); its front matter kept
    OUT/<lang>/<other file>  the content folder's other files, copied
    OUT/stash/<key>.html     the HTML the macros stash (decision table, checker form)
                             and draft banners, named by their sha256

A page keeps a one-line marker where each stashed block goes;
sitebuild/pages/stashed_blocks.py puts the block in once the engine wrote the page, as
the plugin does after Markdown under MkDocs, so the engine neither slows on the large
blocks nor touches them.

    python -m sitebuild.site.rendered_site OUT [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.pages import decision_pages
from sitebuild.pages.macros import STASH, Macros, PageContext
from sitebuild.pages.page_steps import (PageError, Warn, banner_words_problem, missing_section_pages, page_url,
                                  page_banners, render_macros, split_front_matter)
from sitebuild.pages.render import make_environment
from sitebuild.site.site_config import ConfigError, guide_options, read_config
from sitebuild.source.findings import shown_path
from sitebuild.source.site_data import SiteData
from sitebuild.pages.languages import pages_of, translation_problems
from sitebuild.site.site_steps import SiteError, load_checked_data, project_folders
from sitebuild.pages.stale_marks import stale_pages

STASH_FOLDER = "stash"
BLOCK_MARKER = '<div class="guide-stash" data-stash-file="{}"></div>'
BANNER_MARKER = '<div class="guide-stash" data-stash-banner="{}"></div>'


@dataclass(frozen=True)
class SourcePage:
    lang: str
    src: str  # path inside the language's tree, e.g. 'writers/index.md'
    file: Path  # the Markdown file it is read from (the source page's, for a fallback)
    fallback: bool  # a draft language's page built from the source page


@dataclass
class RenderedSite:
    folder: Path
    data: SiteData
    pages: dict[str, list[str]] = field(default_factory=dict)  # language -> pages written

    def language_folder(self, lang: str) -> Path:
        return self.folder / lang

    @property
    def stash_folder(self) -> Path:
        return self.folder / STASH_FOLDER


def language_docs(docs_dir: Path, data: SiteData, lang: str) -> Path:
    return docs_dir if lang == data.source_language else docs_dir / lang


def language_pages(docs_dir: Path, data: SiteData, lang: str) -> list[SourcePage]:
    """The pages a language's build has, as the plugin's on_files gives them."""
    others = set(data.languages[1:])
    source = pages_of(docs_dir, skip=others)
    if lang == data.source_language:
        return [SourcePage(lang, src, docs_dir / src, False) for src in sorted(source)]
    own = pages_of(docs_dir / lang, skip=set())
    pages = [SourcePage(lang, src, docs_dir / lang / src, False) for src in own]
    if data.is_draft(lang):
        pages += [SourcePage(lang, src, docs_dir / src, True) for src in source - own]
    return sorted(pages, key=lambda page: page.src)


def render_site(data: SiteData, root: Path, docs_dir: Path, out: Path, warn: Warn) -> RenderedSite:
    """Every language's pages rendered into `out` (emptied first); SiteError on a problem."""
    problems = translation_problems(docs_dir, data.programme.languages)
    if problems:
        raise SiteError("guide: pages are missing a translation:\n  " + "\n  ".join(problems))
    problem = banner_words_problem(data)
    if problem:
        raise SiteError(problem)
    if out.exists():
        shutil.rmtree(out)
    site = RenderedSite(out, data)
    env = make_environment()
    for lang in data.languages:
        site.pages[lang] = _render_language(site, env, root, docs_dir, lang, warn)
    return site


def _render_language(site: RenderedSite, env, root: Path, docs_dir: Path, lang: str, warn: Warn) -> list[str]:
    pages = language_pages(docs_dir, site.data, lang)
    folder = language_docs(docs_dir, site.data, lang)
    problem = missing_section_pages(site.data, {page_url(page.src) for page in pages}, _relative(folder, root))
    if problem:
        raise SiteError(problem)
    texts = {page.src: page.file.read_text(encoding="utf-8-sig") for page in pages}
    plan = _decision_plan(site.data, texts, _relative(folder, root))
    target = site.language_folder(lang)
    stale = stale_pages(root, docs_dir, site.data.programme, lang) if lang != site.data.source_language else set()
    written = []
    urls = frozenset({page_url(page.src) for page in pages} | {case.url for case in (plan.cases if plan else [])})
    for page in pages:
        rendered = _rendered_page(site, env, page, texts[page.src], _relative(page.file, root), warn,
                                  page.src in stale, plan, urls)
        written.append(_write(target, page.src, rendered))
    for case in plan.cases if plan else []:
        # The decision table's case pages, generated as the plugin generates them.
        src = decision_pages.case_src(case)
        title = Macros(PageContext(site.data, lang, case.url, src, decision_plan=plan)).decision_title(case.number)
        page = SourcePage(lang, src, folder / src, False)
        rendered = _rendered_page(site, env, page, decision_pages.case_markdown(case, title), src, warn, False, plan, urls)
        written.append(_write(target, src, rendered))
    _copy_other_files(folder, target, skip=set(site.data.languages[1:]) if lang == site.data.source_language else set())
    return written


def _decision_plan(data: SiteData, texts: dict[str, str], folder: str):
    try:
        return decision_pages.plan_of_pages(sorted(texts.items()), data.programme, data.decision_rows())
    except ValueError as error:
        raise SiteError(f"guide: {folder}/{error}") from None


def _write(target: Path, src: str, text: str) -> str:
    path = target / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return src


def _rendered_page(site: RenderedSite, env, page: SourcePage, text: str, name: str, warn: Warn, stale_prose: bool,
                   plan, urls: frozenset[str]) -> str:
    meta, body, first_line = split_front_matter(text)
    try:
        rendered, context, _ = render_macros(site.data, env, page.lang, page.src, name, body, first_line, meta, warn,
                                             decision_plan=plan, pages=urls)
    except PageError as error:
        raise SiteError(str(error)) from None
    for number, block in enumerate(context.stash if context else []):
        marker = STASH.format(number)
        if marker not in rendered:
            raise SiteError(f"guide: {name}: a stashed block ({number}) went missing: keep each macro on its own line.")
        rendered = rendered.replace(marker, BLOCK_MARKER.format(_stash(site, block)), 1)
    for notice in page_banners(site.data, page.lang, page.fallback, context, stale_prose):
        rendered = BANNER_MARKER.format(_stash(site, notice)) + "\n\n" + rendered
    return text[: len(text) - len(body)] + rendered


def _stash(site: RenderedSite, html: str) -> str:
    """Writes a stashed block under its sha256 (the same block on two pages is one file)."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
    path = site.stash_folder / f"{key}.html"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return key


def _copy_other_files(folder: Path, target: Path, skip: set[str]) -> None:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.is_file() and path.suffix != ".md" and relative.parts[0] not in skip:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def _relative(path: Path, root: Path) -> str:
    return shown_path(path.resolve(), root.resolve())


def render_from_config(config_file: Path, out: Path, warn: Warn) -> RenderedSite:
    """The pages of the site that `config_file` (mkdocs.yml) describes, rendered into `out`."""
    config = read_config(config_file)
    root = config_file.resolve().parent
    options = guide_options(config, config_file)
    data = load_checked_data(project_folders(root, options))
    return render_site(data, root, root / config.get("docs_dir", "docs"), out, warn)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.site.rendered_site", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write (emptied first)")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the site's MkDocs config")
    args = parser.parse_args(argv)
    warnings: list[str] = []
    try:
        site = render_from_config(args.config_file, args.out, warnings.append)
    except (SiteError, ConfigError) as error:
        print(str(error), file=sys.stderr)
        return 1
    for line in warnings:
        print(line, file=sys.stderr)
    counts = ", ".join(f"{lang}: {len(pages)} pages" for lang, pages in site.pages.items())
    print(f"guide: rendered into {args.out} ({counts})")
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
