"""Which questions are asked, in order, for the answers given so far."""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import Index
from checker.state import State


@dataclass(frozen=True)
class Flow:
    answers: dict[str, frozenset[str]]  # answers to asked questions only
    asked: tuple[str, ...]  # answered questions, in order
    next: str | None  # first unanswered question that applies
    skipped: frozenset[str] = frozenset()  # questions before `next` that do not apply

    @property
    def complete(self) -> bool:
        return self.next is None

    @property
    def settled(self) -> frozenset[str]:
        """Questions whose answer (or absence) is final: everything before `next`."""
        return frozenset(self.asked) | self.skipped


def walk_flow(index: Index, given: dict[str, frozenset[str]]) -> Flow:
    """Asks questions in data order; answers to questions not asked are ignored."""
    kept: dict[str, frozenset[str]] = {}
    asked: list[str] = []
    skipped: set[str] = set()
    for question in index.programme.questions:
        if question.ask_when is not None and not question.ask_when.holds(State(index, kept)):
            skipped.add(question.id)
            continue
        if question.id not in given:
            return Flow(kept, tuple(asked), question.id, frozenset(skipped))
        kept[question.id] = given[question.id]
        asked.append(question.id)
    return Flow(kept, tuple(asked), None, frozenset(skipped))
