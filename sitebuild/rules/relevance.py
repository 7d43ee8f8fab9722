"""Only questions that can change the answer: on every path, each question asked must be
able to change the outcome where it is asked.

A question q asked after the answers `prefix` can change the outcome when some full path
through `prefix` changes outcome once q is answered otherwise (the questions that the new
answer brings in answered in any way, the path's other answers kept where still asked).
The proof's paths are the leaves; their outcomes are looked up, not recomputed.
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterator

from checker.flow import walk_flow
from checker.index import Index
from checker.paths import AnswerPath, Group, choices, offered_groups
from checker.state import State

Answers = dict[str, frozenset[str]]


def answers_key(answers: Answers) -> frozenset:
    return frozenset(answers.items())


def useless_questions(index: Index, rows: list[tuple[AnswerPath, Hashable]], groups: dict[str, tuple[Group, ...]]
                      ) -> list[tuple[str, AnswerPath, AnswerPath]]:
    """(question, the answers before it, one full path through them) for every place where a
    question is asked but no answer to it can change the outcome. `rows` pairs each
    complete path with its outcome's key."""
    outcomes = {answers_key(path.answers): key for path, key in rows}
    relevant: dict[tuple, bool] = {}
    example: dict[tuple, AnswerPath] = {}
    for path, key in rows:
        for position, (question, choice) in enumerate(path.steps):
            node = (path.steps[:position], question)
            example.setdefault(node, path)
            if not relevant.get(node):
                relevant[node] = _can_change(index, groups, path.answers, question, choice, key, outcomes.get)
    return [(node[1], AnswerPath(node[0]), example[node]) for node, ok in relevant.items() if not ok]


def _can_change(index: Index, groups, answers: Answers, question: str, choice: tuple[Group, ...], key: Hashable,
                outcome_of: Callable[[frozenset], Hashable]) -> bool:
    for other in choices(index.questions[question], groups[question]):
        if other == choice:
            continue
        given = {**answers, question: frozenset(g.members[0] for g in other)}
        if any(outcome_of(answers_key(done)) not in (None, key) for done in completions(index, groups, given)):
            return True
    return False


def completions(index: Index, groups, given: Answers) -> Iterator[Answers]:
    """The asked answers of every complete path that keeps `given` where it still applies."""
    flow = walk_flow(index, given)
    if flow.complete:
        yield flow.answers
        return
    question = index.questions[flow.next]
    for choice in choices(question, offered_groups(question, groups[question.id], State(index, flow.answers))):
        yield from completions(index, groups, {**given, question.id: frozenset(g.members[0] for g in choice)})
