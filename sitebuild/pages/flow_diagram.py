"""The flow graph (sitebuild/pages/flow_graph.py) drawn as an inline SVG, and the same as a list.

A simple layered layout: one column of boxes in the order the checker asks (questions,
then the outcomes), each question's options as rows in its box. An option's line runs
right into a lane, down the lane to the box it leads to, and left into that box: one
lane per target box, lanes reused where their spans do not overlap. Styling is by class
(checker.css), never a style attribute, so the page's Content-Security-Policy holds;
every label comes from the data and is escaped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

from checker.model import Programme
from checker.wording import Words
from sitebuild.pages.flow_graph import Branch, FlowGraph, route_node

BOX_X, BOX_WIDTH, PAD = 8, 400, 10
TITLE_SIZE, OPTION_SIZE, LINE = 14, 13, 1.3  # px, and line height as a multiple
GAP = 26  # between boxes
LANE_START, LANE_STEP = 18, 13  # first lane's distance from the boxes, and between lanes


@dataclass
class Box:
    node: str
    title: list[str]
    rows: list[tuple[Branch | None, list[str], float]]  # branch, its lines, its centre y
    top: float = 0
    height: float = 0
    kind: str = "question"

    @property
    def entry(self) -> float:
        """Where lines come in: beside the title's first line."""
        return self.top + PAD + TITLE_SIZE * 0.5


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy lines by estimated width: wide (CJK) characters 1 em, others about 0.58 em.
    Latin breaks at spaces, CJK between any two characters."""
    lines, line, used = [], "", 0.0
    for token in _tokens(text):
        need = sum(_width(c) for c in token) * size
        if line and used + need > width:
            lines.append(line.rstrip())
            line, used = token.lstrip(), sum(_width(c) for c in token.lstrip()) * size
        else:
            line, used = line + token, used + need
    return lines + ([line.rstrip()] if line.strip() else [])


def _tokens(text: str) -> list[str]:
    tokens, word = [], ""
    for char in text:
        if _width(char) == 1.0:
            tokens += [word] if word else []
            tokens.append(char)
            word = ""
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += char
    return tokens + ([word] if word else [])


def _width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.58


def render_diagram(programme: Programme, graph: FlowGraph, words: Words, label: str) -> str:
    """The SVG, in `words`' language (a page's words count what falls back to the source)."""
    boxes = _layout(graph, programme, words)
    lanes = _lanes(boxes)
    width = BOX_X + BOX_WIDTH + LANE_START + LANE_STEP * (max(lanes.values(), default=0) + 1) + 8
    height = boxes[-1].top + boxes[-1].height + 8 if boxes else 0
    parts = [_arrow_marker()] + [_box_svg(box) for box in boxes] + _lines_svg(boxes, lanes)
    return (f'<svg class="flow-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(label)}">'
            + "".join(parts) + "</svg>")


def _layout(graph: FlowGraph, programme: Programme, words: Words) -> list[Box]:
    questions = {q.id: q for q in programme.questions}
    routes = {r.id: r for r in programme.routes}
    boxes, y = [], 8.0
    inner = BOX_WIDTH - 2 * PAD
    for node in graph.questions:
        box = Box(node.id, wrap(words.text(questions[node.id].text), TITLE_SIZE, inner), [])
        row_y = y + PAD + len(box.title) * TITLE_SIZE * LINE + 4
        for branch in node.branches:
            lines = wrap(branch_label(programme, words, node.id, branch), OPTION_SIZE, inner - 14)
            box.rows.append((branch, lines, row_y + OPTION_SIZE * LINE * 0.5))
            row_y += len(lines) * OPTION_SIZE * LINE + 4
        box.top, box.height = y, row_y - y + PAD - 4
        boxes.append(box)
        y += box.height + GAP
    for route in graph.routes:
        box = Box(route_node(route), wrap(words.text(routes[route].name), TITLE_SIZE, inner), [], kind="outcome")
        box.top, box.height = y, 2 * PAD + len(box.title) * TITLE_SIZE * LINE
        boxes.append(box)
        y += box.height + GAP * 0.6
    return boxes


def branch_label(programme: Programme, words: Words, question_id: str, branch: Branch) -> str:
    """An option's name; a group of options: its class's name, or the options' names."""
    options = {o.id: o for q in programme.questions if q.id == question_id for o in q.choices}
    if len(branch.members) == 1:
        return words.text(options[branch.members[0]].name)
    classes = {c.id: c for c in programme.classes}
    if branch.label in classes:
        return words.text(classes[branch.label].name)
    return words.fill("list-separator").join(words.text(options[m].name) for m in branch.members)


def _lanes(boxes: list[Box]) -> dict[str, int]:
    """A lane per target box; two targets share one when their spans do not overlap."""
    by_node = {box.node: box for box in boxes}
    spans = {}
    for box in boxes:
        for branch, _, y in box.rows:
            for target in branch.targets:
                start, end = spans.get(target, (y, by_node[target].entry))
                spans[target] = (min(start, y), end)
    lanes: dict[str, int] = {}
    # Short spans first, on the inner lanes: a line to the next box stays near the boxes.
    for target, (start, end) in sorted(spans.items(), key=lambda item: (item[1][1] - item[1][0], item[1][0])):
        lane = 0
        while not _free(spans, lanes, lane, start, end):
            lane += 1
        lanes[target] = lane
    return lanes


def _free(spans: dict, lanes: dict, lane: int, start: float, end: float) -> bool:
    return all(spans[t][1] < start - 4 or spans[t][0] > end + 4 for t, used in lanes.items() if used == lane)


def _lane_x(lane: int) -> float:
    return BOX_X + BOX_WIDTH + LANE_START + lane * LANE_STEP


def _box_svg(box: Box) -> str:
    parts = [f'<g class="flow-node flow-{box.kind}" data-node="{escape(box.node)}">',
             f'<rect x="{BOX_X}" y="{box.top:.1f}" width="{BOX_WIDTH}" height="{box.height:.1f}" rx="4"/>']
    parts.append(_text(box.title, BOX_X + PAD, box.top + PAD + TITLE_SIZE * 0.9, TITLE_SIZE, "flow-title"))
    for branch, lines, y in box.rows:
        first = y - OPTION_SIZE * LINE * 0.5 + OPTION_SIZE * 0.9
        parts.append(f'<circle class="flow-port" cx="{BOX_X + PAD + 4}" cy="{y:.1f}" r="3"/>')
        parts.append(_text(lines, BOX_X + PAD + 14, first, OPTION_SIZE, "flow-option", branch.label))
    return "".join(parts) + "</g>"


def _text(lines: list[str], x: float, y: float, size: float, kind: str, branch: str | None = None) -> str:
    data = f' data-branch="{escape(branch)}"' if branch is not None else ""
    spans = "".join(f'<tspan x="{x:.1f}" y="{y + i * size * LINE:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text class="{kind}"{data}>{spans}</text>'


def _lines_svg(boxes: list[Box], lanes: dict[str, int]) -> list[str]:
    by_node = {box.node: box for box in boxes}
    edge = BOX_X + BOX_WIDTH
    parts = []
    for target, lane in lanes.items():
        x = _lane_x(lane)
        sources = [y for box in boxes for branch, _, y in box.rows if target in branch.targets]
        entry = by_node[target].entry
        parts.append(f'<g class="flow-edge" data-target="{escape(target)}">')
        parts += [f'<path d="M{edge} {y:.1f}H{x:.1f}"/><circle class="flow-joint" cx="{x:.1f}" cy="{y:.1f}" r="2"/>'
                  for y in sources]
        parts.append(f'<path d="M{x:.1f} {min(sources):.1f}V{entry:.1f}H{edge + 2}" marker-end="url(#flow-arrow)"/></g>')
    return parts


def _arrow_marker() -> str:
    return ('<defs><marker id="flow-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path class="flow-arrowhead" d="M0 0L8 4L0 8z"/></marker></defs>')


def render_list(programme: Programme, graph: FlowGraph, words: Words, leads_to: str) -> str:
    """The same flow as nested lists, for screen readers and for text search in the page."""
    names = {q.id: words.text(q.text) for q in programme.questions}
    names |= {route_node(r.id): words.text(r.name) for r in programme.routes}
    items = []
    for node in graph.questions:
        branches = "".join(
            f"<li>{escape(branch_label(programme, words, node.id, b))}: "
            f"{escape(leads_to.replace('{target}', words.fill('list-separator').join(names[t] for t in b.targets)))}</li>"
            for b in node.branches)
        items.append(f'<li data-node="{escape(node.id)}">{escape(names[node.id])}<ul>{branches}</ul></li>')
    return f'<ol class="flow-list">{"".join(items)}</ol>'
