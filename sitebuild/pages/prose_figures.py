"""Figures typed into a page's prose: a page asks the rules, it never states a number.

An incident count (or the word for 'unlimited') written by hand would go on showing
the old figure after the data changes. A count is a figure of the data written as the
checker writes a count ("20 incidents", 「20 件」): a bare number is left alone, since
"2 pages" or "step 5" would otherwise read as a figure whenever the data holds that
number. Code blocks and inline code are left out: the writers' guide shows commands and
their real output there, figures included.
"""

from __future__ import annotations

import re

from checker.model import Programme
from checker.types import UNLIMITED
from checker.wording import Words
from sitebuild.source.findings import Finding
from sitebuild.pages.render import without_code

LINK_TARGET = re.compile(r"\]\([^)]*\)")  # link targets may hold digits


def typed_figures(programme: Programme, file: str, markdown: str) -> list[Finding]:
    """Each line of `markdown` (a whole page file) that types an incident count."""
    figures = sorted({str(g.incidents) for q in programme.questions for o in q.choices for g in o.grants if g.incidents != UNLIMITED})
    words = sorted({Words(programme, lang.id).incidents(UNLIMITED).lower() for lang in programme.languages})
    number = _counts(programme, figures) if figures else None
    found = []
    for line_number, line in enumerate(without_code(markdown).splitlines(), start=1):
        line = LINK_TARGET.sub("]()", line)
        hit = number.search(line) if number else None
        word = next((w for w in words if w in line.lower()), None)
        if hit or word:
            typed = next(g for g in hit.groups() if g) if hit else word
            found.append(Finding(file, line_number, f"the figure '{typed}' is typed into the prose: it would not follow "
                                 "the data. Use {{ incidents(\"<question>\", \"<option>\", \"<benefit>\") }}, e.g. incidents(\"membership\", \"gold\", "
                                 "\"product-support\") (the page needs 'macros: true')."))
    return found


def _counts(programme: Programme, figures: list[str]) -> re.Pattern:
    """A figure followed (or preceded) by the words each language counts incidents with."""
    marker = "9876543210"
    shapes = set()
    for lang in programme.languages:
        before, _, after = Words(programme, lang.id).incidents(int(marker)).partition(marker)
        shapes.add((r"\s*".join(map(re.escape, before.split())), r"\s*".join(map(re.escape, after.split()))))
    number = r"(?<![\d.,-])(" + "|".join(figures) + r")(?![\d.,])"
    return re.compile("|".join(rf"(?:{b}\s*{number}\s*{a})" for b, a in sorted(shapes)), re.IGNORECASE)
