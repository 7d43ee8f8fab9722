"""What the rules decide for a set of asked answers, before any wording."""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import Index
from checker.model import Notice, Route
from checker.state import State
from checker.types import Incidents


@dataclass(frozen=True)
class Outcome:
    entitlements: dict[str, Incidents]
    winning_grants: dict[str, object]  # benefit -> (question, option, grant)
    route: Route | None
    notices: tuple[Notice, ...]


def decide(index: Index, answers: dict[str, frozenset[str]], state: State | None = None) -> Outcome:
    state = state or State(index, answers)
    entitlements = {b: state.entitlement(b) for b in index.grants}
    routes = matching_routes(index, state)
    return Outcome(
        entitlements={b: value for b, (value, _) in entitlements.items()},
        winning_grants={b: grant for b, (_, grant) in entitlements.items() if grant},
        route=routes[0] if routes else None,
        notices=tuple(n for n in index.programme.notices if n.when.holds(state)),
    )


def matching_routes(index: Index, state: State) -> list[Route]:
    """Every route whose condition holds; the proof demands exactly one on complete paths."""
    return [route for route in index.programme.routes if route.when.holds(state)]
