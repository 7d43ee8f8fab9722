"""Tables computed from the rules, never from numbers typed into pages.

- The entitlement table asks the engine (`checker.evaluate`) for each option of the
  question the page names (e.g. each membership tier) and, where a grant depends on
  the class of another question's answer (e.g. a cloud competency), for each class, so
  it shows exactly what the checker answers.
- The decision table is the proof's list of every answer path and its outcome,
  grouped into collapsible `<details>` so it reads without JavaScript.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from checker import conditions, evaluate
from checker.conditions import Answer
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


def split_by(programme: Programme, question: Question) -> tuple[Question | None, list[str | None]]:
    """The question whose option classes the grants of `question`'s options read (e.g.
    'any cloud competency'), and its classes in data order; (None, [None]) when no
    grant reads a class. Raises ValueError when grants read the classes of two questions."""
    read = sorted({node.question for option in question.choices for grant in option.grants if grant.when
                   for node in conditions.walk(grant.when) if isinstance(node, Answer) and node.option_class})
    if len(read) > 1:
        raise ValueError(f"the grants of '{question.id}' read the classes of {', '.join(read)}; a table splits by one.")
    if not read:
        return None, [None]
    split = next(q for q in programme.questions if q.id == read[0])
    return split, list(dict.fromkeys(o.class_ for o in split.choices if o.class_)) or [None]


def entitlements_by_class(programme: Programme, question: Question, option: Option) -> dict[str | None, dict[str, object]]:
    """For one option (e.g. a tier): what the engine grants with an option of each class of the split question."""
    split, classes = split_by(programme, question)
    result = {}
    for class_id in classes:
        answers = {question.id: option.id}
        member = next((o.id for o in split.choices if o.class_ == class_id), None) if split else None
        if member:
            answers[split.id] = member
        result[class_id] = evaluate(programme, answers)["entitlements"]
    return result


def entitlement_cell(programme: Programme, question: Question, option: Option, benefit: str) -> Cell:
    """{None: value} when the class makes no difference, else one value per class."""
    by_class = {cls: granted[benefit] for cls, granted in entitlements_by_class(programme, question, option).items()}
    values = set(map(str, by_class.values()))
    return {None: next(iter(by_class.values()))} if len(values) == 1 else by_class


def granting_questions(programme: Programme) -> list[Question]:
    """The questions whose options grant incidents: the columns an entitlement table can have."""
    return [q for q in programme.questions if any(o.grants for o in q.choices)]


def entitlement_table(programme: Programme, question: Question, words: Vocabulary) -> str:
    """Benefits down, the question's options across: what the engine grants for each."""
    class_names = {c.id: c.name for c in programme.classes}
    header = tag("th", escape(words.word("column-benefit"))) + "".join(
        tag("th", escape(words.text(o.name))) for o in question.choices)
    rows = []
    for benefit in entitlement_benefits(programme):
        first = tag("th", escape(words.text(benefit.name)) + "<br>" + tag("small", escape(words.text(benefit.scope))), scope="row")
        cells = [_cell_html(entitlement_cell(programme, question, o, benefit.id), class_names, words) for o in question.choices]
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
