"""Draft languages: what falls back to the source language, and the banner that says so.

A language marked `draft` in data/languages.yml is built even when it is unfinished:

- a page missing from content/<lang>/ is built from the source page (same path,
  so links, anchors and the language switcher work as in a complete language);
- a data string without a text in the language shows the source text (the macros
  count these, sitebuild/pages/macros.py).

Either way the page says so at its top, in the reader's language when the banner's
own words are translated (page strings `untranslated-*`), else in the source language.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from checker.model import Programme
from sitebuild.pages.html_parts import escape, tag
from sitebuild.pages.languages import pages_of

BANNER_KEYS = {"page": "untranslated-page", "parts": "untranslated-parts"}
TITLE_KEY = "untranslated-title"
FIRST_HEADING_END = re.compile(r"</h1>")


def add_fallback_pages(files: Files, config: MkDocsConfig, source_docs: Path, languages: set[str]) -> set[str]:
    """Add each source page the language lacks, read from the source file; returns their paths."""
    present = {file.src_uri for file in files.documentation_pages()}
    added = set()
    for page in sorted(pages_of(source_docs, skip=languages) - present):
        files.append(File.generated(config, page, abs_src_path=str(source_docs / page)))
        added.add(page)
    return added


def missing_banner_words(programme: Programme) -> list[str]:
    """The banner's page strings the data lacks (a draft language needs them, at least in the source)."""
    return [key for key in (TITLE_KEY, *BANNER_KEYS.values()) if key not in programme.page_strings]


def banner(programme: Programme, lang: str, kind: str) -> str:
    """The notice for a fallback page (`kind` 'page') or a page with fallback strings ('parts')."""
    source = programme.languages[0]
    title, title_lang = _word(programme, TITLE_KEY, lang)
    body, body_lang = _word(programme, BANNER_KEYS[kind], lang)
    body = body.replace("{language}", source.name)
    return tag("div", tag("p", escape(title), class_="admonition-title", lang=title_lang) + tag("p", escape(body), lang=body_lang),
               class_=f"admonition warning guide-untranslated guide-untranslated-{kind}", role="note")


def _word(programme: Programme, key: str, lang: str) -> tuple[str, str]:
    """A page string in `lang`, else in the source language, with the language it is in."""
    values = programme.page_strings[key].values
    chosen = lang if lang in values else programme.languages[0].id
    return values[chosen], chosen


def with_banner(html: str, notice: str) -> str:
    """The page with `notice` right under its title (at the top when it has no h1)."""
    match = FIRST_HEADING_END.search(html)
    if match is None:
        return notice + html
    return html[: match.end()] + "\n" + notice + html[match.end():]
