"""Links between the guide's pages, checked with the line they are on and a suggestion.

MkDocs validates links too, but names neither the line nor what was meant, and only
warns under `mkdocs serve`. This check reads the Markdown after the macros ran (so
`{{ section_link(...) }}` is checked as well) and the anchors each page really has;
`python -m checker check` and the build (sitebuild/plugin/mkdocs_plugin.py) both call it.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field

from checker.problems import did_you_mean
from sitebuild.source.findings import Finding

LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
ID = re.compile(r"""\sid=["']([^"']+)["']""")
MKDOCS_LINK_WARNING = re.compile(r"^Doc file '(?P<page>[^']+)' contains a link '(?P<target>[^']+)', but ")


class CheckedLinks(logging.Filter):
    """Drops MkDocs's own warning about a link this check reads too: the check names the
    line and what was meant, and one warning per broken link is enough. A link it does not
    read (raw HTML) keeps MkDocs's warning. Builds nest (the source language's build drives
    the others), so the innermost build's pages are the ones in force."""

    def __init__(self) -> None:
        super().__init__()
        self.builds: list[dict[str, set[str]]] = []  # per build: page -> the link targets read

    def enter(self, build: dict[str, set[str]], previous: dict[str, set[str]] | None = None) -> None:
        self.leave(previous)
        self.builds.append(build)

    def leave(self, build: dict[str, set[str]] | None) -> None:
        self.builds = [b for b in self.builds if b is not build]

    def filter(self, record: logging.LogRecord) -> bool:
        found = MKDOCS_LINK_WARNING.match(record.getMessage())
        return not (found and self.builds and found["target"] in self.builds[-1].get(found["page"], ()))


@dataclass
class PageLinks:
    """What one page of one language offers and asks for."""

    file: str  # the Markdown file as a writer opens it, e.g. content/ja/activate.md
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, target)
    anchors: set[str] = field(default_factory=set)


def links_in(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, target) of each Markdown link; `markdown` must have its code left out."""
    return [(markdown.count("\n", 0, m.start()) + first_line, m.group(1)) for m in LINK.finditer(markdown)]


def anchors_in(html: str) -> set[str]:
    return set(ID.findall(html))


def broken_links(pages: dict[str, PageLinks], others: set[str] = frozenset()) -> list[Finding]:
    """Every link of `pages` (keyed by their path in the language's folder, e.g. 'writers/index.md')
    to a page or an anchor that does not exist; `others` are other files of the folder."""
    found = []
    for src, page in sorted(pages.items()):
        for line, target in page.links:
            problem = _problem(src, target, pages, others)
            if problem:
                found.append(Finding(page.file, line, problem))
    return found


def _problem(src: str, target: str, pages: dict[str, PageLinks], others: set[str]) -> str | None:
    if EXTERNAL.match(target):
        return None
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
    if resolved not in pages:
        if resolved in others:
            return None
        return _missing_page(src, path, pages)
    if anchor and anchor not in pages[resolved].anchors:
        guess = did_you_mean(anchor, sorted(pages[resolved].anchors))
        return (f"link '{target}': the page has no anchor '#{anchor}'."
                + (f" Did you mean '#{guess}'?" if guess else " Link to the page, or to one of its headings' anchors."))
    return None


def _missing_page(src: str, path: str, pages: dict[str, PageLinks]) -> str:
    here = posixpath.dirname(src) or "."
    relative = {posixpath.relpath(page, here): page for page in pages}
    candidate = path if path.endswith(".md") else path.rstrip("/") + ".md" if path.rstrip("/") else "index.md"
    guess = candidate if candidate in relative else did_you_mean(path, sorted(relative))
    hint = " Link to a page's Markdown file (e.g. 'activate.md'), as MkDocs resolves those."
    return f"link '{path}': no such page." + (f" Did you mean '{guess}'?" if guess else hint)
