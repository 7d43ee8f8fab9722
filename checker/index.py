"""Look-up tables built once per programme, so each evaluation is a few dict reads."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from checker import conditions
from checker.conditions import Answer, BenefitOf, Condition, Entitled, Fact
from checker.model import Grant, Option, Programme, Question


@dataclass(frozen=True)
class Index:
    programme: Programme
    questions: dict[str, Question]
    options: dict[str, dict[str, Option]]  # question -> option id -> option
    members: dict[tuple[str, str], frozenset[str]]  # (question, class) -> option ids
    facts: dict[str, Condition]
    grants: dict[str, tuple[tuple[str, Option, Grant], ...]]  # benefit -> (question, option, grant)
    entitlement_reads: frozenset[str]  # questions that decide the entitlements
    route_reads: frozenset[str]  # what decides the route
    route_detail_reads: frozenset[str]  # what decides its alternatives, summary case and steps
    notice_reads: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=2)  # the newest programmes: `mkdocs serve` loads a new one on every data edit
def index_of(programme: Programme) -> Index:
    questions = {q.id: q for q in programme.questions}
    options = {q.id: {o.id: o for o in q.choices} for q in programme.questions}
    members = {}
    for q in programme.questions:
        for o in q.choices:
            if o.class_:
                members[(q.id, o.class_)] = members.get((q.id, o.class_), frozenset()) | {o.id}
    grants: dict[str, list] = {b.id: [] for b in programme.benefits if b.kind == "entitlement"}
    for q in programme.questions:
        for o in q.choices:
            for g in o.grants:
                grants[g.benefit].append((q.id, o, g))
    facts = {f.id: f.when for f in programme.facts}
    entitlement_reads = frozenset({q for entries in grants.values() for q, _, _ in entries}
                                  | {r for entries in grants.values() for _, _, g in entries if g.when for r in _answers_in(g.when)})
    reads = _Reads(facts, entitlement_reads)
    return Index(
        programme=programme, questions=questions, options=options, members=members, facts=facts,
        grants={b: tuple(entries) for b, entries in grants.items()},
        entitlement_reads=entitlement_reads,
        route_reads=frozenset().union(*(reads.of(r.when) for r in programme.routes)),
        route_detail_reads=frozenset().union(*(reads.of(c) for r in programme.routes for c in _route_conditions(r))),
        notice_reads={n.id: reads.of(n.when) for n in programme.notices},
    )


def _route_conditions(route) -> list[Condition]:
    """Everything that decides a route, its alternatives, its summary and its steps."""
    return [route.when, *([route.alternative_when] if route.alternative_when else []), *(c.when for c in route.summaries),
            *(c.when for c in route.step_when)]


def _answers_in(condition: Condition) -> set[str]:
    return {node.question for node in conditions.walk(condition) if isinstance(node, Answer)}


@dataclass
class _Reads:
    """The questions a condition depends on, through facts and entitlements."""

    facts: dict[str, Condition]
    entitlement_reads: frozenset[str]

    def of(self, condition: Condition) -> frozenset[str]:
        found = set(_answers_in(condition))
        for node in conditions.walk(condition):
            if isinstance(node, Fact):
                found |= self.of(self.facts[node.fact])
            elif isinstance(node, Entitled):
                found |= self.entitlement_reads
            elif isinstance(node, BenefitOf):
                found |= self.entitlement_reads | {node.question}
        return frozenset(found)
