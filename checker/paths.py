"""Every reachable answer path, with equivalent options folded into one.

Options that no condition names by id and that share a class behave the same in
every rule, so one of them stands for all: this keeps the path space small (a
question with many options in two classes asks "one of class A", "one of class B" or both).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Iterator

from checker import conditions
from checker.conditions import Answer
from checker.index import Index
from checker.state import State


@dataclass(frozen=True)
class Group:
    """Options that behave alike; `label` is the class id or the option id."""

    question: str
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class AnswerPath:
    steps: tuple[tuple[str, tuple[Group, ...]], ...]  # (question, chosen groups) in asked order

    @cached_property
    def answers(self) -> dict[str, frozenset[str]]:
        """Computed once per path: the proof, the relevance check and every case a page
        states read it in tight loops (tens of thousands of reads per build). Shared by
        all readers, so it is never modified (copy it: `{**path.answers, ...}`)."""
        return {q: frozenset(g.members[0] for g in groups) for q, groups in self.steps}

    def describe(self) -> str:
        return " ".join(f"{q}={'+'.join(_show(g) for g in groups)}" for q, groups in self.steps)


def _show(group: Group) -> str:
    return f"[{group.label}]" if len(group.members) > 1 else group.label


class PathLimit(Exception):
    """The path space is larger than the limit; names the questions that multiply it."""


def option_groups(index: Index) -> dict[str, tuple[Group, ...]]:
    named = {(node.question, option) for _, when in _all_conditions(index)
             for node in conditions.walk(when) if isinstance(node, Answer) for option in node.options}
    groups: dict[str, tuple[Group, ...]] = {}
    for question in index.programme.questions:
        by_key: dict[str, list[str]] = {}
        for option in question.choices:
            alone = (question.id, option.id) in named or option.grants or option.benefit or option.offer_when
            by_key.setdefault(option.id if alone else (option.class_ or "others"), []).append(option.id)
        groups[question.id] = tuple(Group(question.id, ids[0] if len(ids) == 1 else key, tuple(ids))
                                    for key, ids in by_key.items())
    return groups


def _all_conditions(index: Index):
    programme = index.programme
    for q in programme.questions:
        if q.ask_when:
            yield q.id, q.ask_when
        for o in q.choices:
            yield from ((q.id, g.when) for g in o.grants if g.when)
            yield from ((q.id, o.offer_when),) if o.offer_when else ()
    yield from ((f.id, f.when) for f in programme.facts)
    yield from ((r.id, r.when) for r in programme.routes)
    yield from ((r.id, r.alternative_when) for r in programme.routes if r.alternative_when)
    yield from ((r.id, c.when) for r in programme.routes for c in r.summaries)
    yield from ((r.id, c.when) for r in programme.routes for c in r.step_when)
    yield from ((n.id, n.when) for n in programme.notices)


def choices(question, groups: tuple[Group, ...]) -> list[tuple[Group, ...]]:
    if not question.multiple:
        return [(g,) for g in groups]
    return [combo for size in range(1, len(groups) + 1) for combo in combinations(groups, size)]


def offered_groups(question, groups: tuple[Group, ...], state: State) -> tuple[Group, ...]:
    """The groups whose options the question offers for the answers above (options with an
    `offer-when` are alone in their group)."""
    options = {o.id: o for o in question.choices}
    return tuple(g for g in groups if all(options[m].offer_when is None or options[m].offer_when.holds(state) for m in g.members))


def enumerate_paths(index: Index, limit: int) -> Iterator[AnswerPath]:
    groups = option_groups(index)
    questions = index.programme.questions
    count = 0
    seen: dict[str, set] = {}  # question -> distinct answers met so far, to explain a limit
    asked: dict[str, int] = {}

    def extend(position: int, answers: dict, steps: tuple) -> Iterator[AnswerPath]:
        nonlocal count
        for i in range(position, len(questions)):
            question = questions[i]
            state = State(index, answers)
            if question.ask_when is None or question.ask_when.holds(state):
                for choice in choices(question, offered_groups(question, groups[question.id], state)):
                    chosen = frozenset(g.members[0] for g in choice)
                    yield from extend(i + 1, {**answers, question.id: chosen}, steps + ((question.id, choice),))
                return
        count += 1
        for question_id, choice in steps:
            seen.setdefault(question_id, set()).add(choice)
            asked[question_id] = asked.get(question_id, 0) + 1
        if count > limit:
            raise PathLimit(_limit_message(seen, asked, count, limit))
        yield AnswerPath(steps)

    yield from extend(0, {}, ())


def _limit_message(seen: dict[str, set], asked: dict[str, int], count: int, limit: int) -> str:
    """Names the questions that branch on most paths: together they multiply the space."""
    branching = sorted(((len(seen[q]), q) for q in seen if len(seen[q]) > 1 and asked[q] * 2 >= count),
                       key=lambda item: (-item[0], item[1]))
    factor = 1
    for width, _ in branching:
        factor *= width
    named = ", ".join(f"{q} (×{width})" for width, q in branching[:12]) + (" …" if len(branching) > 12 else "")
    return (f"more than {limit} answer paths; the proof stopped there. Asked on most paths, these questions multiply "
            f"the paths by {factor}: {named}. Ask some of them only when they matter (ask-when), or group their options with a class.")
