"""Proves the rules complete by walking every reachable answer path.

For each complete path: exactly one route applies, no question that was not asked could
have changed the outcome, and every question that was asked could have (sitebuild/rules/relevance.py).
Over all paths: every option, route and notice is reached, and every question is read by
some rule. Failures are grouped by cause: one line each, with how many places, one example
path, the rule's file:line and a fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.index import Index
from checker.model import Source
from checker.outcome import Outcome, decide, matching_routes
from checker.paths import AnswerPath, PathLimit, choices, enumerate_paths, option_groups
from sitebuild.rules.relevance import useless_questions
from checker.state import State

DEFAULT_LIMIT = 200_000


@dataclass(frozen=True)
class Failure:
    cause: tuple  # failures with the same cause are reported once, with a count
    message: str
    where: Source | None = None
    fix: str = ""
    path: str = ""  # an example answer path


@dataclass
class Proof:
    rows: list[tuple[AnswerPath, Outcome]] = field(default_factory=list)
    problems: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def failures(self) -> list[str]:
        """One line per cause: where, what, how many, an example path, the fix."""
        grouped: dict[tuple, list[Failure]] = {}
        for failure in self.problems:
            grouped.setdefault(failure.cause, []).append(failure)
        return [_line(items) for items in grouped.values()]


def _line(items: list[Failure]) -> str:
    first = items[0]
    where = f"{first.where.file}:{first.where.line}: " if first.where else ""
    count = f" ({len(items)} {'place' if len(items) == 1 else 'places'}; e.g. {first.path})" if first.path else ""
    fix = f" Fix: {first.fix}" if first.fix else ""
    return f"{where}{first.message}{count}.{fix}"


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
        proof.problems.append(Failure(("limit",), str(limit_reached).rstrip(".")))
        return proof
    _check_relevant(index, groups, proof)
    _check_reached(index, groups, reached, proof)
    _check_read(index, proof)
    return proof


def decided_paths(index: Index, limit: int = DEFAULT_LIMIT) -> list[tuple[AnswerPath, Outcome]]:
    """The proof's rows without its checks: every path and its outcome, as `prove` gives
    them (PathLimit past `limit`). Under serve the checks run beside the build
    (sitebuild/plugin/proof_beside.py)."""
    return [(path, decide(index, path.answers)) for path in enumerate_paths(index, limit)]


def _check_path(index: Index, path: AnswerPath, groups: dict, proof: Proof) -> Outcome:
    answers = path.answers
    state = State(index, answers)
    outcome = decide(index, answers, state)
    routes = matching_routes(index, state)
    if len(routes) != 1:
        ids = ", ".join(r.id for r in routes) or "none"
        proof.problems.append(Failure(
            ("routes", ids), f"{len(routes)} routes apply ({ids})", routes[0].source if routes else None,
            "make exactly one route's 'when' hold for these answers (routes.yml).", path.describe()))
    key = outcome_key(outcome) if state.unanswered_reads else None  # once: compared with every other answer below
    for question_id in sorted(state.unanswered_reads):
        question = index.questions[question_id]
        for choice in choices(question, groups[question_id]):
            other = decide(index, {**answers, question_id: frozenset(g.members[0] for g in choice)})
            if outcome_key(other) != key:
                rule, source = _changed_rule(outcome, other)
                proof.problems.append(Failure(
                    ("unasked", question_id, rule), f"{rule} reads question '{question_id}' where it is not asked: answering it "
                    f"({'+'.join(g.label for g in choice)}) would change the result", source or question.source,
                    f"ask '{question_id}' there (its ask-when), or give the rule the same condition as the question.",
                    path.describe()))
                break
    return outcome


def _changed_rule(outcome: Outcome, other: Outcome) -> tuple[str, Source | None]:
    """The first rule whose result differs between two outcomes: names it and where it is written."""
    notices = {n.id: n for n in outcome.notices} | {n.id: n for n in other.notices}
    changed = sorted(set(n.id for n in outcome.notices) ^ set(n.id for n in other.notices))
    if changed:
        return f"notice '{changed[0]}'", notices[changed[0]].source
    route = other.route if other.route is not None and other.route != outcome.route else outcome.route
    if route is not None:
        return f"route '{route.id}'", route.source
    return "the entitlements", None


def outcome_key(outcome: Outcome) -> tuple:
    """Everything a reader is told, by id: two outcomes with the same key read the same."""
    return (tuple(outcome.entitlements.items()), outcome.route.id if outcome.route else None,
            tuple(n.id for n in outcome.notices), tuple(r.id for r in outcome.alternatives),
            outcome.route.summaries.index(outcome.summary_case) if outcome.summary_case else None,
            tuple(sorted(s for s in outcome.hidden_steps if outcome.route and s[0] == outcome.route.id)))


def _check_relevant(index: Index, groups: dict, proof: Proof) -> None:
    rows = [(path, outcome_key(outcome)) for path, outcome in proof.rows]
    for question_id, before, example in useless_questions(index, rows, groups):
        question = index.questions[question_id]
        asked_after = before.describe() or "(first question)"
        proof.problems.append(Failure(
            ("useless", question_id), f"question '{question_id}' is asked where no answer to it can change the outcome",
            question.source, f"ask it only where it matters (add a condition to its ask-when in questions.yml), "
            f"or let a rule read it there; first met after: {asked_after}", example.describe()))


def _check_reached(index: Index, groups: dict, reached: set, proof: Proof) -> None:
    programme = index.programme
    for question in programme.questions:
        for group in groups[question.id]:
            if (question.id, group.label) not in reached:
                proof.problems.append(Failure(("never-offered", question.id, group.label),
                                              f"option '{group.label}' of question '{question.id}' is never offered on any path",
                                              question.source, "check its offer-when and the ask-when of the question."))
    for route in programme.routes:
        if ("route", route.id) not in reached:
            proof.problems.append(Failure(("never-route", route.id), f"route '{route.id}' is never the result of any path",
                                          route.source, "check its 'when', or remove the route."))
    for notice in programme.notices:
        if ("notice", notice.id) not in reached:
            proof.problems.append(Failure(("never-notice", notice.id), f"notice '{notice.id}' is never shown on any path",
                                          notice.source, "check its 'when', or remove the notice."))


def _check_read(index: Index, proof: Proof) -> None:
    read = index.entitlement_reads | index.route_detail_reads | frozenset().union(*index.notice_reads.values())
    for question in index.programme.questions:
        if question.id not in read:
            proof.problems.append(Failure(("unread", question.id), f"question '{question.id}' is asked but no entitlement, route or notice reads it",
                                          question.source, "let a rule read it, or remove the question."))
