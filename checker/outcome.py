"""What the rules decide for a set of asked answers, before any wording."""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import Index
from checker.model import Notice, Route, RouteSummary
from checker.state import State
from checker.types import Incidents


@dataclass(frozen=True)
class Outcome:
    entitlements: dict[str, Incidents]
    winning_grants: dict[str, object]  # benefit -> (question, option, grant)
    route: Route | None
    notices: tuple[Notice, ...]
    alternatives: tuple[Route, ...] = ()  # other routes that also work, best first
    summary_case: RouteSummary | None = None  # the route's summary for this case, if not its default
    hidden_steps: frozenset[tuple[str, int]] = frozenset()  # (route id, step number) not shown for these answers


def decide(index: Index, answers: dict[str, frozenset[str]], state: State | None = None) -> Outcome:
    state = state or State(index, answers)
    entitlements = {b: state.entitlement(b) for b in index.grants}
    routes = matching_routes(index, state)
    route = routes[0] if routes else None
    return Outcome(
        entitlements={b: value for b, (value, _) in entitlements.items()},
        winning_grants={b: grant for b, (_, grant) in entitlements.items() if grant},
        route=route,
        notices=tuple(n for n in index.programme.notices if n.when.holds(state)),
        alternatives=alternative_routes(index, state, route),
        summary_case=next((c for c in route.summaries if c.when.holds(state)), None) if route else None,
        hidden_steps=hidden_steps(index, state),
    )


def hidden_steps(index: Index, state: State) -> frozenset[tuple[str, int]]:
    """The steps of every route whose `step-when` does not hold for these answers."""
    return frozenset((r.id, c.step) for r in index.programme.routes for c in r.step_when if not c.when.holds(state))


def matching_routes(index: Index, state: State) -> list[Route]:
    """Every route whose condition holds; the proof demands exactly one on complete paths."""
    return [route for route in index.programme.routes if route.when.holds(state)]


def alternative_routes(index: Index, state: State, route: Route | None) -> tuple[Route, ...]:
    """Routes other than `route` whose `alternative-when` holds, in data order (best first)."""
    return tuple(r for r in index.programme.routes
                 if r is not route and r.alternative_when is not None and r.alternative_when.holds(state))
