"""The steps every page goes through, whatever engine turns its Markdown into HTML.

    Markdown ──render_macros──▶ Markdown with the data in it (large HTML stashed)
             ──the engine's Markdown──▶ HTML ──finish_html──▶ HTML with the stash in place
                                                              and a draft language's banner

The `guide` MkDocs plugin calls these from its page events; the engine-independent
renderer (sitebuild/site/rendered_site.py) calls `render_macros` and `untranslated_banner`
for every page of every language before another engine (Zensical) runs. Keeping one
copy of each step is what makes both builds show the same pages.
"""

from __future__ import annotations

import re
from typing import Callable

import jinja2
import yaml

from sitebuild.pages.fallback import banner, missing_banner_words, with_banner
from sitebuild.pages.links import links_in
from sitebuild.pages.macro_check import render_collecting
from sitebuild.pages.macros import MacroError, Macros, PageContext, unstash
from sitebuild.pages.render import uses_macros, without_code
from sitebuild.source.site_data import SiteData
from sitebuild.pages.stale_marks import stale_banner

Warn = Callable[[str], None]


class PageError(Exception):
    """A page cannot be built; the message names its file (and line when known)."""


def page_url(src: str) -> str:
    """A page's URL as sections.yml writes it, from its Markdown path (directory URLs):
    'index.md' -> '', 'activate.md' -> 'activate/', 'writers/index.md' -> 'writers/'."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def render_macros(data: SiteData, env: jinja2.Environment, lang: str, src: str, name: str, markdown: str,
                  first_line: int, meta: dict, warn: Warn, decision_plan=None,
                  pages: frozenset[str] | None = None) -> tuple[str, PageContext | None, list]:
    """The page's `{{ macro() }}` calls rendered (pages with `macros: true` only), the
    context that holds its stash, and the page's links with their lines (for the link
    check). Every failing macro call of the page raises one PageError, each with its line.
    `decision_plan`: the decision table's case pages of this language, if it has them
    (sitebuild/pages/decision_pages.py); `pages`: every page of the language (`page_url`),
    which the pages a macro's HTML links to must be among."""
    if not meta.get("macros"):
        if uses_macros(markdown):
            warn(f"guide: {name} has {{{{ ... }}}} but no 'macros: true' in its front matter; they would show as text.")
        return markdown, None, [(n, t) for n, t in links_in(without_code(markdown), first_line) if "{" not in t]
    context = PageContext(data, lang, page_url(src), src, decision_plan=decision_plan, pages=pages)
    rendered = render_collecting(env, markdown, name, Macros(context).functions(), first_line)
    if rendered.problems:
        raise PageError("\n".join(f"guide: {name}:{line}: {message}" for line, message in rendered.problems))
    return rendered.markdown, context, rendered.links


def untranslated_banner(data: SiteData, lang: str, fallback_page: bool, context: PageContext | None) -> str | None:
    """The "not translated yet" notice of a draft language's page built from the source
    page, or showing source strings; None for every other page."""
    if fallback_page:
        kind = "page"
    elif context is not None and context.fallbacks:
        kind = "parts"
    else:
        return None
    return banner(data.programme, lang, kind)


def finish_html(html: str, data: SiteData, lang: str, context: PageContext | None, fallback_page: bool,
                name: str, stale_prose: bool = False) -> str:
    """The page's HTML with its stashed blocks in place and, in a draft language, its
    banner; a page showing a translation older than its source says so too
    (sitebuild/pages/stale_marks.py)."""
    try:
        html = unstash(html, context.stash if context else [])
    except MacroError as error:
        raise PageError(f"guide: {name}: {error}") from None
    for notice in page_banners(data, lang, fallback_page, context, stale_prose):
        html = with_banner(html, notice)
    return html


def page_banners(data: SiteData, lang: str, fallback_page: bool, context: PageContext | None,
                 stale_prose: bool) -> list[str]:
    """The notices above a page's text: a draft language's "not translated yet", and
    "this translation is older than its source" (stale prose, or a stale data text shown)."""
    notices = [notice] if (notice := untranslated_banner(data, lang, fallback_page, context)) else []
    if stale_prose or (context is not None and context.stale):
        notices.append(stale_banner(data.programme, lang))
    return notices


def missing_anchors(data: SiteData, url: str, html: str, name: str) -> list[str]:
    """Anchors sections.yml names on this page that its HTML lacks, each as a message."""
    return [f"guide: {name} has no heading with the anchor '#{section.anchor}' that sections.yml names; "
            f"write {{{{ heading('{section.id}') }}}}."
            for section in data.programme.sections
            if section.page == url and section.anchor and f'id="{section.anchor}"' not in html]


def missing_section_pages(data: SiteData, pages: set[str], folder: str) -> str | None:
    """The pages sections.yml names that a language's page tree lacks, as one message."""
    missing = [f"section '{s.id}' names page '{s.page}'" for s in data.programme.sections if s.page not in pages]
    return f"guide: {folder} lacks pages that data/sections.yml names: {'; '.join(missing)}." if missing else None


def banner_words_problem(data: SiteData) -> str | None:
    """Draft languages show a banner on what fell back: its words must exist (at least in the source)."""
    drafts = [lang.id for lang in data.programme.languages if lang.status == "draft"]
    missing = missing_banner_words(data.programme)
    if not (drafts and missing):
        return None
    return (f"guide: draft languages ({', '.join(drafts)}) show a banner on untranslated pages: add "
            f"{', '.join(missing)} to the page strings ({data.programme.files.get('page-strings', 'page-strings.yml')}), "
            f"at least in {data.source_language}.")


FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(meta, body, line where the body starts) as MkDocs reads a page: YAML front
    matter between `---` lines, loaded safely; no front matter gives ({}, text, 1)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text, 1
    if not isinstance(meta, dict):
        return {}, text, 1
    body = text[match.end():].lstrip("\n")
    return meta, body, text[: len(text) - len(body)].count("\n") + 1
