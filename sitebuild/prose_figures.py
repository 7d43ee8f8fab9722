"""Figures typed into a page's prose: a page asks the rules, it never states a number.

An incident count (or the word for 'unlimited') written by hand would go on showing
the old figure after the data changes. Code blocks and inline code are left out: the
writers' guide shows commands and their real output there, figures included.
"""

from __future__ import annotations

import re

from checker.model import Programme
from checker.types import UNLIMITED
from checker.wording import Words
from sitebuild.findings import Finding
from sitebuild.render import without_code

LINK_TARGET = re.compile(r"\]\([^)]*\)")  # link targets may hold digits


def typed_figures(programme: Programme, file: str, markdown: str) -> list[Finding]:
    """Each line of `markdown` (a whole page file) that types an incident count."""
    figures = sorted({str(g.incidents) for tier in programme.tiers for g in tier.grants if g.incidents != UNLIMITED})
    words = sorted({Words(programme, lang.id).incidents(UNLIMITED).lower() for lang in programme.languages})
    number = re.compile(r"(?<![\w.-])(" + "|".join(figures) + r")(?![\w.-])") if figures else None
    found = []
    for line_number, line in enumerate(without_code(markdown).splitlines(), start=1):
        line = LINK_TARGET.sub("]()", line)
        hit = number.search(line) if number else None
        word = next((w for w in words if w in line.lower()), None)
        if hit or word:
            typed = hit.group(1) if hit else word
            found.append(Finding(file, line_number, f"the figure '{typed}' is typed into the prose: it would not follow "
                                 "the data. Use {{ incidents(\"<tier>\", \"<benefit>\") }} (the page needs 'macros: true')."))
    return found
