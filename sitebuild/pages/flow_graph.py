"""The checker's flow as a graph: each question's options and where each one leads.

Read off the proof's answer paths (every reachable path, options folded into the
groups the rules tell apart), so the picture shows exactly what the checker asks: an
option leads to the next question asked on some path, or, as the path's last answer,
to the route of its outcome. A writer's new question appears as soon as it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.index import index_of
from checker.model import Programme
from checker.outcome import Outcome
from checker.paths import AnswerPath, option_groups


@dataclass(frozen=True)
class Branch:
    """One option (or group of options that behave alike) of a question."""

    label: str  # the group's label: an option id or a class id
    members: tuple[str, ...]
    targets: tuple[str, ...]  # node ids: a question id or "route:<id>", in flow order


@dataclass(frozen=True)
class QuestionNode:
    id: str
    branches: tuple[Branch, ...]


@dataclass(frozen=True)
class FlowGraph:
    questions: tuple[QuestionNode, ...]  # in the order they are asked
    routes: tuple[str, ...]  # route ids reached, in routes.yml order

    def order(self) -> list[str]:
        """Every node id, top to bottom."""
        return [q.id for q in self.questions] + [route_node(r) for r in self.routes]


def route_node(route_id: str) -> str:
    return f"route:{route_id}"


def flow_graph(programme: Programme, rows: list[tuple[AnswerPath, Outcome]]) -> FlowGraph:
    leads: dict[tuple[str, str], set[str]] = {}
    offered: set[tuple[str, str]] = set()
    routes: set[str] = set()
    for path, outcome in rows:
        ends = route_node(outcome.route.id) if outcome.route else None
        routes |= {outcome.route.id} if outcome.route else set()
        for step, (question, chosen) in enumerate(path.steps):
            target = path.steps[step + 1][0] if step + 1 < len(path.steps) else ends
            for group in chosen:
                offered.add((question, group.label))
                if target:
                    leads.setdefault((question, group.label), set()).add(target)
    order = [q.id for q in programme.questions] + [route_node(r.id) for r in programme.routes]
    rank = {node: i for i, node in enumerate(order)}
    groups = option_groups(index_of(programme))
    nodes = []
    for question in programme.questions:
        branches = tuple(Branch(g.label, g.members, tuple(sorted(leads.get((question.id, g.label), ()), key=rank.__getitem__)))
                         for g in groups[question.id] if (question.id, g.label) in offered)
        if branches:
            nodes.append(QuestionNode(question.id, branches))
    return FlowGraph(tuple(nodes), tuple(r.id for r in programme.routes if r.id in routes))
