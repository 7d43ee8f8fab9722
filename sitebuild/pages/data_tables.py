"""Tables computed from the rules, never from numbers typed into pages.

- The entitlement table asks the engine (`checker.evaluate`) for each tier and each
  class of the classed options (the data's `competencies:` list), so it shows exactly
  what the checker answers.
- The decision table is the proof's list of every answer path and its outcome,
  grouped into collapsible `<details>` so it reads without JavaScript.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from checker import evaluate
from checker.model import Benefit, Option, Programme, Question
from checker.outcome import Outcome
from checker.paths import AnswerPath, Group
from sitebuild.pages.html_parts import escape, tag

Cell = dict[str | None, object]  # option class (None: any) -> incidents


@dataclass(frozen=True)
class Vocabulary:
    """The words a table needs, in one language."""

    text: Callable[[object], str]  # a data Text -> the language's string
    word: Callable[..., str]  # a page-strings key -> the language's string
    incidents: Callable[[object], str]  # 20 -> "20 incidents"
    separator: str  # between the items of a list written in a sentence
    short: Callable[[str], str | None]  # an optional page string (None when the data has none)


def entitlement_benefits(programme: Programme) -> list[Benefit]:
    return [b for b in programme.benefits if b.kind == "entitlement"]


def question_of(programme: Programme, options_from: str) -> Question | None:
    return next((q for q in programme.questions if q.options_from == options_from), None)


def option_classes(programme: Programme) -> list[str | None]:
    """Classes the classed options (`competencies:`) fall into, in data order ([None] when none)."""
    classes = list(dict.fromkeys(c.class_ for c in programme.competencies if c.class_))
    return classes or [None]


def entitlements_by_class(programme: Programme, tier: Option) -> dict[str | None, dict[str, object]]:
    """For one tier: what the engine grants with a classed option of each class."""
    tiers, classed = question_of(programme, "tiers"), question_of(programme, "competencies")
    result = {}
    for class_id in option_classes(programme):
        answers = {tiers.id: tier.id}
        member = next((c.id for c in programme.competencies if c.class_ == class_id), None)
        if classed and member:
            answers[classed.id] = member
        result[class_id] = evaluate(programme, answers)["entitlements"]
    return result


def entitlement_cell(programme: Programme, tier: Option, benefit: str) -> Cell:
    """{None: value} when the class makes no difference, else one value per class."""
    by_class = {cls: granted[benefit] for cls, granted in entitlements_by_class(programme, tier).items()}
    values = set(map(str, by_class.values()))
    return {None: next(iter(by_class.values()))} if len(values) == 1 else by_class


def entitlement_table(programme: Programme, words: Vocabulary) -> str:
    class_names = {c.id: c.name for c in programme.classes}
    header = tag("th", escape(words.word("column-benefit"))) + "".join(
        tag("th", escape(words.text(t.name))) for t in programme.tiers)
    rows = []
    for benefit in entitlement_benefits(programme):
        first = tag("th", escape(words.text(benefit.name)) + "<br>" + tag("small", escape(words.text(benefit.scope))), scope="row")
        cells = [_cell_html(entitlement_cell(programme, tier, benefit.id), class_names, words) for tier in programme.tiers]
        rows.append(tag("tr", first + "".join(cells)))
    table = tag("table", tag("thead", tag("tr", header)) + tag("tbody", "".join(rows)))
    return tag("div", table, class_="guide-entitlements")


def _cell_html(cell: Cell, class_names: dict, words: Vocabulary) -> str:
    if None in cell:
        return tag("td", escape(words.incidents(cell[None])))
    lines = [f"{escape(words.text(class_names[cls]))}: {tag('strong', escape(words.incidents(value)))}"
             for cls, value in cell.items()]
    return tag("td", "<br>".join(lines))


# --- The decision table ------------------------------------------------------------

Row = tuple[AnswerPath, Outcome]


def decision_table(programme: Programme, rows: list[Row], group_by: tuple[str, ...], words: Vocabulary) -> str:
    namer = _GroupNamer(programme, words)
    outer: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        answers = dict(row[0].steps)
        keys = [namer.answer(q, answers[q]) for q in group_by if q in answers]
        outer[keys[0]][" · ".join(keys[1:])].append(row)
    parts = [_legend(programme, words), tag("p", escape(words.word("decisions-count", count=str(len(rows)))))]
    for outer_name, inner in outer.items():
        count = sum(len(r) for r in inner.values())
        body = "".join(_inner_group(programme, name, group_rows, group_by, namer, words) for name, group_rows in inner.items())
        parts.append(tag("details", _summary(outer_name, count, words) + body, class_="guide-decisions"))
    return "\n".join(parts)


def _summary(name: str, count: int, words: Vocabulary) -> str:
    return tag("summary", escape(name) + " " + tag("small", escape(words.word("group-count", count=str(count)))))


def _inner_group(programme, name: str, rows: list[Row], group_by, namer, words: Vocabulary) -> str:
    asked = {q for path, _ in rows for q, _ in path.steps} - set(group_by)
    columns = [q for q in programme.questions if q.id in asked]
    benefits = entitlement_benefits(programme)
    head = "".join(tag("th", escape(words.word(f"question-{q.id}")), scope="col") for q in columns)
    head += "".join(tag("th", escape(words.text(b.name)), scope="col") for b in benefits)
    head += tag("th", escape(words.word("column-route")), scope="col") + tag("th", escape(words.word("column-notices")), scope="col")
    answers = [[namer.short(q.id, dict(path.steps)[q.id]) if q.id in dict(path.steps) else "–" for q in columns]
               for path, _ in rows]
    spans = _row_spans(answers)
    body = "".join(_decision_row(cells, span, outcome, benefits, words) for cells, span, (_, outcome) in zip(answers, spans, rows))
    table = tag("table", tag("thead", tag("tr", head)) + tag("tbody", body))
    scroll = tag("div", tag("div", table, class_="md-typeset__table"), class_="md-typeset__scrollwrap")
    return tag("details", _summary(name or words.word("group-all"), len(rows), words) + scroll, class_="guide-decisions-inner")


def _row_spans(rows: list[list[str]]) -> list[list[int]]:
    """Rowspan of each answer cell: rows sharing the same answers so far share one cell
    (0: covered by the cell above), so the table reads as a decision tree."""
    spans = [[0] * len(row) for row in rows]
    for column in range(len(rows[0]) if rows else 0):
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index][: column + 1] != rows[start][: column + 1]:
                spans[start][column] = index - start
                start = index
    return spans


def _decision_row(answers: list[str], spans: list[int], outcome: Outcome, benefits: list[Benefit], words: Vocabulary) -> str:
    cells = [(f'<td rowspan="{span}">' if span > 1 else "<td>") + escape(text) + "</td>"
             for text, span in zip(answers, spans) if span]
    outcomes = [escape(words.incidents(outcome.entitlements.get(b.id, 0))) for b in benefits]
    outcomes.append(escape(words.text(outcome.route.name)) if outcome.route else "–")
    outcomes.append(escape(words.separator.join(words.word(f"notice-{n.id}") for n in outcome.notices)) or "–")
    return "<tr>" + "".join(cells) + "".join(f"<td>{cell}</td>" for cell in outcomes) + "</tr>"


def _legend(programme: Programme, words: Vocabulary) -> str:
    items = "".join(tag("dt", escape(words.word(f"notice-{n.id}"))) + tag("dd", escape(words.text(n.text)))
                    for n in programme.notices)
    return tag("details", tag("summary", escape(words.word("notices-legend"))) + tag("dl", items), class_="guide-legend")


class _GroupNamer:
    """Names a chosen answer: an option's name, a class's name, or the options it stands for."""

    def __init__(self, programme: Programme, words: Vocabulary):
        self.words = words
        self.options = {q.id: {o.id: o for o in q.choices} for q in programme.questions}
        self.classes = {c.id: c.name for c in programme.classes}
        self._cache: dict[tuple, str] = {}

    def answer(self, question: str, groups: tuple[Group, ...]) -> str:
        key = (question, groups)
        if key not in self._cache:
            self._cache[key] = self.words.separator.join(self._group(question, g) for g in groups)
        return self._cache[key]

    def short(self, question: str, groups: tuple[Group, ...]) -> str:
        """The answer in a table cell: a short page string `answer-<question>-<label>` when
        the data has one, else the full name."""
        labels = [self.words.short(f"answer-{question}-{g.label}") for g in groups]
        if all(labels):
            return self.words.separator.join(labels)
        return self.answer(question, groups)

    def _group(self, question: str, group: Group) -> str:
        if len(group.members) == 1:
            return self.words.text(self.options[question][group.members[0]].name)
        if group.label in self.classes:
            return self.words.text(self.classes[group.label])
        return " / ".join(self.words.text(self.options[question][m].name) for m in group.members)
