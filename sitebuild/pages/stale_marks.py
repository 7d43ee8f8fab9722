"""Stale translations in the build: shown as last accepted, marked, never blocking.

When a source text or page changes, its translations are stale until a translator
updates and accepts them. The source language builds as usual; the other language
goes on showing its last accepted text, with a banner on each page that shows a stale
text or whose prose is stale. Each stale translation is a warning, so `mkdocs build
--strict` fails, and so does a build with CI set (the continuous integration's).
"""

from __future__ import annotations

import os
from pathlib import Path

from checker.model import Programme
from checker.translations import translation_status
from sitebuild.pages.html_parts import escape, tag
from sitebuild.pages.page_translations import page_states
from sitebuild.source.findings import shown_path

TITLE_KEY, TEXT_KEY = "stale-title", "stale-text"


def stale_warnings(programme: Programme, locate, root: Path, docs: Path) -> list[str]:
    """One line per stale translation of a complete language, with its place."""
    complete = {lang.id for lang in programme.languages if lang.status == "complete"}
    lines = []
    for status in translation_status(programme):
        for entry in status.stale if status.lang in complete else ():
            line, column = locate(entry.file, entry.path + (status.lang,)) or (0, 0)
            lines.append(f"{entry.file}:{line}:{column}: stale '{status.lang}' translation of '{entry.key}': shown as last "
                         f"accepted, marked. Update it, then run: python -m checker i18n --accept {status.lang} '{entry.key}'")
    for state in page_states(root, docs, programme.languages):
        if state.state == "stale" and state.lang in complete:
            lines.append(f"{shown_path(state.translation_file, root)}: stale '{state.lang}' translation of "
                         f"{shown_path(state.source_file, root)}: shown as last accepted, marked. Update it, then run: "
                         f"python -m checker i18n --accept {state.lang} '{state.key}'")
    return lines




def fails_on_stale(strict: bool) -> bool:
    return strict or bool(os.environ.get("CI"))


def stale_pages(root: Path, docs: Path, programme: Programme, lang: str) -> set[str]:
    """The pages of `lang` (paths in its folder) whose prose is stale."""
    return {s.page for s in page_states(root, docs, programme.languages) if s.lang == lang and s.state == "stale"}


def stale_banner(programme: Programme, lang: str) -> str:
    source = programme.languages[0]
    strings = programme.page_strings
    title = strings[TITLE_KEY].get(lang, source.id)
    text = strings[TEXT_KEY].get(lang, source.id).replace("{language}", source.name)
    return tag("div", tag("p", escape(title), class_="admonition-title") + tag("p", escape(text)),
               class_="admonition warning guide-stale", role="note")
