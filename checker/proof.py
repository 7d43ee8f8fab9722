"""Proves the rules complete by walking every reachable answer path.

For each complete path: exactly one route applies, and no question that was not
asked could have changed the outcome. Over all paths: every option, route and notice
is reached, and every question is read by some rule. A failure names a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.index import Index
from checker.outcome import Outcome, decide, matching_routes
from checker.paths import AnswerPath, PathLimit, choices, enumerate_paths, option_groups
from checker.state import State

DEFAULT_LIMIT = 200_000


@dataclass
class Proof:
    rows: list[tuple[AnswerPath, Outcome]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def prove(index: Index, limit: int = DEFAULT_LIMIT) -> Proof:
    proof = Proof()
    groups = option_groups(index)
    reached: set[tuple[str, str]] = set()
    try:
        for path in enumerate_paths(index, limit):
            outcome = _check_path(index, path, groups, proof)
            proof.rows.append((path, outcome))
            reached |= {(q, g.label) for q, chosen in path.steps for g in chosen}
            reached |= {("route", outcome.route.id)} if outcome.route else set()
            reached |= {("notice", n.id) for n in outcome.notices}
    except PathLimit as limit_reached:
        proof.failures.append(str(limit_reached))
        return proof
    _check_reached(index, groups, reached, proof)
    _check_read(index, proof)
    return proof


def _check_path(index: Index, path: AnswerPath, groups: dict, proof: Proof) -> Outcome:
    answers = path.answers
    state = State(index, answers)
    outcome = decide(index, answers, state)
    routes = [r.id for r in matching_routes(index, state)]
    if len(routes) != 1:
        proof.failures.append(f"{len(routes)} routes apply ({', '.join(routes) or 'none'}) on the path: {path.describe()}")
    for question_id in sorted(state.unanswered_reads):
        question = index.questions[question_id]
        for choice in choices(question, groups[question_id]):
            other = decide(index, {**answers, question_id: frozenset(g.members[0] for g in choice)})
            if _key(other) != _key(outcome):
                proof.failures.append(f"question '{question_id}' is not asked, but answering "
                                      f"{'+'.join(g.label for g in choice)} would change the result, on the path: {path.describe()}")
                break
    return outcome


def _key(outcome: Outcome) -> tuple:
    return (tuple(outcome.entitlements.items()), outcome.route.id if outcome.route else None,
            tuple(n.id for n in outcome.notices))


def _check_reached(index: Index, groups: dict, reached: set, proof: Proof) -> None:
    programme = index.programme
    for question in programme.questions:
        for group in groups[question.id]:
            if (question.id, group.label) not in reached:
                proof.failures.append(f"option '{group.label}' of question '{question.id}' is never offered on any path.")
    for route in programme.routes:
        if ("route", route.id) not in reached:
            proof.failures.append(f"route '{route.id}' is never the result of any path.")
    for notice in programme.notices:
        if ("notice", notice.id) not in reached:
            proof.failures.append(f"notice '{notice.id}' is never shown on any path.")


def _check_read(index: Index, proof: Proof) -> None:
    read = index.entitlement_reads | index.route_reads | frozenset().union(*index.notice_reads.values())
    for question in index.programme.questions:
        if question.id not in read:
            proof.failures.append(f"question '{question.id}' is asked but no entitlement, route or notice reads it.")
