"""A case a page states ("an Azure request for a CSP customer"), and what the rules decide for it.

A case is written as answer tests separated by spaces: `product=azure csp=yes` (the
question is asked and answered so), `contract!=expired` (not asked, or answered
otherwise), `membership=silver|gold` (one of these). Every complete answer path that
matches is looked at: a page may state a route only when all of them agree, so a page
and the checker cannot say different things for the same case.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import Index
from checker.outcome import Outcome
from checker.paths import AnswerPath
from checker.problems import did_you_mean


class CaseError(ValueError):
    """The case is malformed, matches no path, or its paths disagree."""


@dataclass(frozen=True)
class Test:
    question: str
    options: frozenset[str]
    negated: bool


def parse_case(index: Index, text: str) -> tuple[Test, ...]:
    tests = []
    for item in text.split():
        negated = "!=" in item
        question, sep, options = item.partition("!=" if negated else "=")
        if not sep or not options:
            raise CaseError(f"'{item}' is not an answer test; write question=option or question!=option.")
        if question not in index.questions:
            guess = did_you_mean(question, list(index.questions))
            raise CaseError(f"unknown question '{question}' in case '{text}'." + (f" Did you mean '{guess}'?" if guess else ""))
        for option in options.split("|"):
            if option not in index.options[question]:
                raise CaseError(f"question '{question}' has no option '{option}' (case '{text}'). "
                                f"Valid: {', '.join(index.options[question])}")
        tests.append(Test(question, frozenset(options.split("|")), negated))
    if not tests:
        raise CaseError("a case needs at least one answer test, e.g. 'product=azure'.")
    return tuple(tests)


def case_outcomes(index: Index, rows: list[tuple[AnswerPath, Outcome]], text: str) -> list[tuple[AnswerPath, Outcome]]:
    """The rows (in their order) whose path passes every test of the case."""
    cases = _cases_of(index, rows)
    if text not in cases.matching:
        tests = parse_case(index, text)
        found = sorted(set.intersection(*(cases.passing(test) for test in tests)))
        cases.matching[text] = [rows[i] for i in found]
    if not cases.matching[text]:
        raise CaseError(f"no answer path matches the case '{text}'.")
    return cases.matching[text]


class _Cases:
    """The rows of one proof indexed by answer, and the cases already looked up in them.
    A page's `route_for` and `alternatives_for` state a case, often the same one, and
    every language states it again: a scan of every row for each would be thousands of
    path tests per case; an index lookup is a few set operations."""

    def __init__(self, index: Index, rows: list[tuple[AnswerPath, Outcome]]) -> None:
        self.index, self.rows = index, rows  # what it was made from (`_cases_of` compares by identity)
        self.chose: dict[tuple[str, str], set[int]] = {}  # (question, option) -> the rows that chose it
        for i, (path, _) in enumerate(rows):
            for question, options in path.answers.items():
                for option in options:
                    self.chose.setdefault((question, option), set()).add(i)
        self.matching: dict[str, list[tuple[AnswerPath, Outcome]]] = {}

    def passing(self, test: Test) -> set[int]:
        """The rows whose answer to the question is one of the options (negated: every
        other row, the question answered otherwise or not asked)."""
        hit = set().union(*(self.chose.get((test.question, option), ()) for option in test.options))
        return set(range(len(self.rows))) - hit if test.negated else hit


_latest: list[_Cases] = []  # the newest rows only: each data version has its own proof rows


def _cases_of(index: Index, rows: list[tuple[AnswerPath, Outcome]]) -> _Cases:
    if not _latest or _latest[0].rows is not rows or _latest[0].index is not index:
        _latest[:] = [_Cases(index, rows)]
    return _latest[0]


def agreed(matching: list[tuple[AnswerPath, Outcome]], text: str, what: str, value_of) -> object:
    """The one value (`value_of(outcome)`) every matching path gives, or a CaseError naming two paths that differ."""
    first_path, first = matching[0]
    for path, outcome in matching[1:]:
        if value_of(outcome) != value_of(first):
            raise CaseError(f"the case '{text}' has more than one {what}: {value_of(first)} for {first_path.describe()}, "
                            f"but {value_of(outcome)} for {path.describe()}. Narrow the case (e.g. add contract=active).")
    return value_of(first)


def case_route(index: Index, rows, text: str) -> str:
    """The route id the rules give for every path of the case."""
    return agreed(case_outcomes(index, rows, text), text, "route", lambda o: o.route.id)


def case_alternatives(index: Index, rows, text: str) -> tuple[str, ...]:
    """The alternative route ids (best first) the rules give for every path of the case."""
    return agreed(case_outcomes(index, rows, text), text, "set of alternatives", lambda o: tuple(r.id for r in o.alternatives))
