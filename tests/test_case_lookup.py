"""A case a page states ("product=azure csp=yes") is looked up in the proof's rows through
an index (sitebuild/rules/cases.py): it must find exactly the rows a scan of every row
finds, in the same order, and a newer data version's rows, never the cached older ones."""

from __future__ import annotations

import dataclasses
import re

import pytest

from checker.index import index_of
from sitebuild.rules.cases import CaseError, case_outcomes, parse_case
from sitebuild.rules.proof import prove
from tests.conftest import ROOT

pytestmark = pytest.mark.build  # proves the whole programme (tests/conftest.py)

CASE = re.compile(r'(?:route_for|alternatives_for)\(((?:"[^"]*"(?:,\s*)?)+)\)')


def scanned(rows, text: str) -> list:
    """Every row whose path passes every test: q=a|b (asked, one of), q!=a|b (not asked, or none of)."""
    found = []
    for path, outcome in rows:
        ok = True
        for item in text.split():
            negated = "!=" in item
            question, options = item.split("!=" if negated else "=")
            chosen = path.answers.get(question)
            ok &= (chosen is not None and bool(chosen & set(options.split("|")))) != negated
        if ok:
            found.append((path, outcome))
    return found


@pytest.fixture(scope="module")
def proved(programme):
    index = index_of(programme)
    return index, prove(index).rows


def stated_cases() -> set[str]:
    """Every case the pages state, in both languages."""
    cases = set()
    for page in (ROOT / "content").rglob("*.md"):
        for call in CASE.finditer(page.read_text(encoding="utf-8")):
            cases.update(re.findall(r'"([^"]*)"', call.group(1)))
    return cases


def test_the_index_finds_what_a_scan_finds(programme, proved):
    index, rows = proved
    cases = stated_cases()
    assert len(cases) > 5
    questions = [q for q in programme.questions][:4]
    for question in questions:  # every option, asked and negated, and two at once
        options = [o.id for o in question.choices]
        cases |= {f"{question.id}={o}" for o in options} | {f"{question.id}!={o}" for o in options}
        cases.add(f"{question.id}={'|'.join(options[:2])}")
    cases.add(f"{questions[0].id}={questions[0].choices[0].id} {questions[1].id}!={questions[1].choices[0].id}")
    for text in sorted(cases):
        expected = scanned(rows, text)
        if expected:
            assert case_outcomes(index, rows, text) == expected, text
            assert case_outcomes(index, rows, text) == expected, f"{text} (looked up again)"
        else:
            with pytest.raises(CaseError, match="no answer path matches"):
                case_outcomes(index, rows, text)
    parse_case(index, "product=azure")  # the index needs no other parsing


def test_newer_rows_are_looked_up_not_the_cached_ones(proved):
    index, rows = proved
    text = "product=azure"
    before = case_outcomes(index, rows, text)
    # Another data version's proof: its own rows (here, the same paths with other outcomes).
    newer = [(path, dataclasses.replace(outcome, notices=())) for path, outcome in rows]
    after = case_outcomes(index, newer, text)
    assert after == scanned(newer, text) and all(a is not b for (_, a), (_, b) in zip(after, before))
    assert case_outcomes(index, rows, text) == before
