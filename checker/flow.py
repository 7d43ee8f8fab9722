"""Which questions are asked, in order, and which options each offers, for the answers given so far."""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import Index
from checker.model import Option, Question
from checker.state import State


@dataclass(frozen=True)
class Flow:
    answers: dict[str, frozenset[str]]  # answers to asked questions only
    asked: tuple[str, ...]  # answered questions, in order
    next: str | None  # first unanswered question that applies
    skipped: frozenset[str] = frozenset()  # questions before `next` that do not apply
    unavailable: tuple[tuple[str, Option], ...] = ()  # (question, option) not offered on this flow, asked or next
    refused: tuple[str, Option] | None = None  # an answer given with an option not offered: the flow stops there

    @property
    def complete(self) -> bool:
        return self.next is None

    @property
    def settled(self) -> frozenset[str]:
        """Questions whose answer (or absence) is final: everything before `next`."""
        return frozenset(self.asked) | self.skipped


def walk_flow(index: Index, given: dict[str, frozenset[str]]) -> Flow:
    """Asks questions in data order; answers to questions not asked are ignored. An answer
    with an option the question does not offer here stops the flow at that question."""
    kept: dict[str, frozenset[str]] = {}
    asked: list[str] = []
    skipped: set[str] = set()
    unavailable: list[tuple[str, Option]] = []
    for question in index.programme.questions:
        state = State(index, kept)
        if question.ask_when is not None and not question.ask_when.holds(state):
            skipped.add(question.id)
            continue
        hidden = not_offered(question, state)
        unavailable += [(question.id, option) for option in hidden]
        refused = next((o for o in hidden if o.id in given.get(question.id, ())), None)
        if question.id not in given or refused:
            refusal = (question.id, refused) if refused else None
            return Flow(kept, tuple(asked), question.id, frozenset(skipped), tuple(unavailable), refusal)
        kept[question.id] = given[question.id]
        asked.append(question.id)
    return Flow(kept, tuple(asked), None, frozenset(skipped), tuple(unavailable))


def not_offered(question: Question, state: State) -> list[Option]:
    """The options whose `offer-when` does not hold for the answers above."""
    return [o for o in question.choices if o.offer_when is not None and not o.offer_when.holds(state)]
