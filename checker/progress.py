"""How far the reader is: questions answered, and the fewest and the most still to come.

Which questions remain depends on answers not given yet, so a single "of N" would be a
guess; every continuation of the answers so far is walked instead (options folded as
in the proof), and the step indicator can say "3 of 5 to 8" and be right.
"""

from __future__ import annotations

from checker import conditions
from checker.conditions import Answer, Condition, Entitled, Fact
from checker.flow import Flow
from checker.index import Index
from checker.paths import choices, offered_groups, option_groups
from checker.state import State


def progress(index: Index, flow: Flow) -> dict:
    """{"answered", "fewest_left", "most_left"}: questions still to answer, counting `next`."""
    if flow.complete:
        return {"answered": len(flow.asked), "fewest_left": 0, "most_left": 0}
    ids = [q.id for q in index.programme.questions]
    fewest, most = _walker(index).left(ids.index(flow.next), dict(flow.answers))
    return {"answered": len(flow.asked), "fewest_left": fewest, "most_left": most}


_latest: list[tuple[Index, _Continuations]] = []  # the last programme's walker: its memo serves every call


def _walker(index: Index) -> _Continuations:
    if not _latest or _latest[0][0] is not index:
        _latest[:] = [(index, _Continuations(index))]
    return _latest[0][1]


class _Continuations:
    """Walks every answer the remaining questions could get, memoised on what the
    remaining questions' conditions read (most continuations share their tails)."""

    def __init__(self, index: Index):
        self.index = index
        self.questions = index.programme.questions
        self.groups = option_groups(index)
        self.reads_from = _reads_from(index)
        self.memo: dict[tuple, tuple[int, int]] = {}

    def left(self, position: int, answers: dict[str, frozenset[str]]) -> tuple[int, int]:
        key = (position, tuple(sorted((q, answers[q]) for q in self.reads_from[position] if q in answers)))
        if key not in self.memo:
            self.memo[key] = self._walk(position, answers)
        return self.memo[key]

    def _walk(self, position: int, answers: dict[str, frozenset[str]]) -> tuple[int, int]:
        for i in range(position, len(self.questions)):
            question = self.questions[i]
            state = State(self.index, answers)
            if question.ask_when is None or question.ask_when.holds(state):
                offered = offered_groups(question, self.groups[question.id], state)
                tails = [self.left(i + 1, {**answers, question.id: frozenset(g.members[0] for g in choice)})
                         for choice in choices(question, offered)]
                return 1 + min(t[0] for t in tails), 1 + max(t[1] for t in tails)
        return 0, 0


def _reads_from(index: Index) -> list[frozenset[str]]:
    """For each position, the questions that decide whether a later question is asked
    and which of its options it offers."""
    questions = index.programme.questions
    found: list[frozenset[str]] = [frozenset()] * (len(questions) + 1)
    for i in range(len(questions) - 1, -1, -1):
        conditions_here = [questions[i].ask_when] + [o.offer_when for o in questions[i].choices]
        found[i] = found[i + 1].union(*(_reads(index, c) for c in conditions_here if c is not None))
    return found


def _reads(index: Index, condition: Condition) -> frozenset[str]:
    read: set[str] = set()
    for node in conditions.walk(condition):
        if isinstance(node, Answer):
            read.add(node.question)
        elif isinstance(node, Fact):
            read |= _reads(index, index.facts[node.fact])
        elif isinstance(node, Entitled):
            read |= index.entitlement_reads
    return frozenset(read)
