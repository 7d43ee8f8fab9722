"""The evaluation context conditions read: answers, facts and entitlements, memoised."""

from __future__ import annotations

from checker.index import Index
from checker.types import Incidents, incidents_rank


class State:
    def __init__(self, index: Index, answers: dict[str, frozenset[str]]):
        self.index = index
        self.answers = answers
        self._facts: dict[str, bool] = {}
        self._entitlements: dict[str, tuple[Incidents, object]] | None = None
        self.unanswered_reads: set[str] = set()  # lets the proof skip answers nothing read

    def selected(self, question: str) -> frozenset[str] | None:
        chosen = self.answers.get(question)
        if chosen is None:
            self.unanswered_reads.add(question)
        return chosen

    def members(self, question: str, option_class: str) -> frozenset[str]:
        return self.index.members.get((question, option_class), frozenset())

    def fact(self, fact: str) -> bool:
        if fact not in self._facts:
            self._facts[fact] = self.index.facts[fact].holds(self)
        return self._facts[fact]

    def entitled(self, benefit: str) -> bool:
        return self.entitlement(benefit)[0] != 0

    def incidents(self, benefit: str) -> Incidents:
        return self.entitlement(benefit)[0]

    def covering_benefits(self, question: str) -> tuple[str, ...]:
        """The benefits that cover the chosen options of `question` (their `benefit` field)."""
        chosen = self.selected(question) or frozenset()
        options = self.index.options[question]
        return tuple(options[o].benefit for o in sorted(chosen) if options[o].benefit)

    def entitlement(self, benefit: str) -> tuple[Incidents, object]:
        """(incidents, the grant that gives them): the best grant whose condition holds."""
        if self._entitlements is None:
            self._entitlements = {b: self._best(b) for b in self.index.grants}
        return self._entitlements[benefit]

    def _best(self, benefit: str) -> tuple[Incidents, object]:
        best: tuple[Incidents, object] = (0, None)
        for question, option, grant in self.index.grants[benefit]:
            chosen = self.selected(question)
            if chosen is None or option.id not in chosen:
                continue
            if grant.when is not None and not grant.when.holds(self):
                continue
            if incidents_rank(grant.incidents) > incidents_rank(best[0]):
                best = (grant.incidents, (question, option, grant))
        return best
