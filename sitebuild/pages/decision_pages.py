"""The decision table as small pages: one per case, reached from an index in two links.

The page whose front matter names `decision_pages` (content/decision-table.md, in
each language) becomes the index; every answer path goes to the page of its answers
to those questions, in that order (`[membership, product, competencies]`: one page
for "Gold · Azure · a cloud competency"). Page paths are the answers' ids under the
index's path (`decision-table/gold/azure/cloud/`); a question a path does not ask
adds no folder. So the splits come from the front matter and the pages' names from
the data; nothing here knows a question or an option.

A case page shows its paths as a decision tree (each step: the question, the answer;
sibling answers that lead to the same thing are written once, "Active / Not sure"),
ending in what the reader gets and where to ask. Each long text (a notice's text, a
route's summary, and any name longer than SHORT) is written once per page, in the
page's lists of routes and notices, and referred to from the tree: a page grows with
the number of paths plus the length of its texts, never with their product.

With JavaScript the index opens at the reader's own case: the checker's fallback link
carries the answers (`#membership=gold&...`) and assets/checker/decision-table.js
follows the matching link (`data-case`), then marks the reader's path in the tree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data

from checker.model import Programme
from checker.outcome import Outcome
from checker.paths import AnswerPath, Group
from sitebuild.pages.html_parts import escape, tag

Row = tuple[AnswerPath, Outcome]
Step = tuple[str, tuple[Group, ...]]
FRONT_MATTER_KEY = "decision_pages"
SHORT = 60  # characters: a longer name is shortened in the tree, and written whole once


@dataclass
class Case:
    number: int
    steps: tuple[Step, ...]  # the split questions this case answers, in order
    url: str  # 'decision-table/gold/azure/cloud/'
    rows: list[Row] = field(default_factory=list)


@dataclass
class Plan:
    index_src: str  # 'decision-table.md'
    index_url: str  # 'decision-table/'
    split: tuple[str, ...]
    cases: list[Case]
    total: int


def find_plan(files: Files, programme: Programme, rows: list[Row]) -> Plan | None:
    """The index page's split (its front matter) and the case pages it makes."""
    return plan_of_pages(((file.src_uri, file.content_string) for file in files.documentation_pages()), programme, rows)


def plan_of_pages(pages: Iterable[tuple[str, str]], programme: Programme, rows: list[Row]) -> Plan | None:
    """The same from (path in the language's tree, Markdown text) pairs, for the steps
    that read pages without MkDocs (`checker check`, the Zensical build)."""
    for src, text in pages:
        split = get_data(text)[1].get(FRONT_MATTER_KEY)
        if split:
            return make_plan(src, _url_of(src), _checked_split(split, programme, src), rows)
    return None


def _url_of(src_uri: str) -> str:
    return src_uri.removesuffix(".md").removesuffix("index").rstrip("/") + "/"


def _checked_split(split, programme: Programme, src: str) -> tuple[str, ...]:
    known = [q.id for q in programme.questions]
    if not isinstance(split, list) or not all(isinstance(q, str) for q in split):
        raise ValueError(f"{src}: '{FRONT_MATTER_KEY}' must be a list of question ids, e.g. [{', '.join(known[:2])}]")
    unknown = [q for q in split if q not in known]
    if unknown:
        raise ValueError(f"{src}: '{FRONT_MATTER_KEY}' names unknown questions {', '.join(unknown)}. Known: {', '.join(known)}.")
    return tuple(split)


def make_plan(index_src: str, index_url: str, split: tuple[str, ...], rows: list[Row]) -> Plan:
    cases: dict[tuple, Case] = {}
    for row in rows:
        answers = dict(row[0].steps)
        steps = tuple((q, answers[q]) for q in split if q in answers)
        key = tuple((q, _labels(groups)) for q, groups in steps)
        if key not in cases:
            url = index_url + "".join(f"{'-'.join(labels)}/" for _, labels in key)
            cases[key] = Case(len(cases), steps, url)
        cases[key].rows.append(row)
    return Plan(index_src, index_url, split, list(cases.values()), len(rows))


def _labels(groups: tuple[Group, ...]) -> tuple[str, ...]:
    return tuple(g.label for g in groups)


def add_case_pages(plan: Plan, files: Files, config: MkDocsConfig, title_of: Callable[[Case], str]) -> None:
    """One generated Markdown page per case; its macro renders it (Macros.decision_case).
    The title (the tab's, the search's) is set in the front matter as JSON, which YAML
    reads as a plain string, without the characters HTML would read as markup: the
    theme writes it through `striptags`, which would turn `&lt;` back into `<`."""
    for case in plan.cases:
        page = File.generated(config, case_src(case), content=case_markdown(case, title_of(case)))
        page.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the index, not the site's nav
        files.append(page)


def case_src(case: Case) -> str:
    """The case page's Markdown path in the language's tree."""
    return case.url.rstrip("/") + ".md"


def case_markdown(case: Case, title: str) -> str:
    """The generated Markdown of a case page: front matter and its one macro call."""
    shown = json.dumps(title, ensure_ascii=False)  # YAML reads JSON's quoting; the theme escapes the title
    return (f"---\ntitle: {shown}\nmacros: true\nsearch:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n\n"
            f"{{{{ decision_case({case.number}) }}}}\n")


# --- rendering ---------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """What the pages need from the macros, in the page's language."""

    text: Callable[[object], str]  # a data Text -> string
    word: Callable[..., str]  # a page string (raw)
    optional: Callable[[str], str | None]  # a page string the data may lack
    incidents: Callable[[object], str]
    separator: str
    section_href: Callable[[str], str]  # section id -> link from the current page
    page_href: Callable[[str], str]  # page path -> link from the current page
    summary: Callable[[AnswerPath, Outcome], str]  # the route's sentence for these answers, as the checker says it


def case_title(programme: Programme, case: Case, words: Words) -> str:
    names = _Names(programme, words)
    steps = " · ".join(f"{names.question(q)}: {names.answer(q, groups, members=False)}" for q, groups in case.steps)
    return words.word("decisions-case-title", case=steps)


def index_html(programme: Programme, plan: Plan, words: Words) -> str:
    """Links to every case, nested by the split's questions, each naming its answers."""
    names = _Names(programme, words)
    parts = [tag("p", escape(words.word("decisions-count", count=str(plan.total))))]
    tree: dict = {}
    for case in plan.cases:
        node = tree
        for step in case.steps[:-1]:
            node = node.setdefault(step, {})
        node.setdefault(None, []).append(case)
    parts.append(_index_level(tree, names, words, 2))
    parts.append(_legend(programme, words))
    return tag("div", "\n".join(parts), class_="guide-decision-index",
               data_decision_cases=json.dumps(_grouped_options(plan), separators=(",", ":")))


def _grouped_options(plan: Plan) -> dict[str, dict[str, list[str]]]:
    """question -> group label -> its options, for the groups of several options: each
    link's `data-case` names groups by label, so a class's members are written once."""
    found: dict[str, dict[str, list[str]]] = {}
    for case in plan.cases:
        for question, groups in case.steps:
            for group in groups:
                if len(group.members) > 1:
                    found.setdefault(question, {})[group.label] = list(group.members)
    return found


def _index_level(node: dict, names: "_Names", words: Words, level: int) -> str:
    out = []
    leaves = node.get(None, [])
    if leaves:
        items = "".join(tag("li", _case_link(case, names, words)) for case in leaves)
        out.append(tag("ul", items, class_="guide-decision-cases"))
    for step, child in node.items():
        if step is None:
            continue
        heading = tag(f"h{min(level, 6)}", escape(names.answer(*step)))
        out.append(tag("section", heading + _index_level(child, names, words, level + 1)))
    return "".join(out)


def _case_link(case: Case, names: "_Names", words: Words) -> str:
    question, groups = case.steps[-1]
    # Short names: the index lists every case; a class keeps its members, so a reader finds their own.
    answer = names.answer(question, groups) if any(len(g.members) > 1 for g in groups) else names.short(question, groups)
    label = f"{names.question(question)}: {answer}"
    count = tag("small", escape(words.word("group-count", count=str(len(case.rows)))))
    labels = {q: [g.label for g in gs] for q, gs in case.steps}
    return tag("a", escape(label), href=words.page_href(case.url),
               data_case=json.dumps(labels, separators=(",", ":"))) + " " + count


def _legend(programme: Programme, words: Words) -> str:
    items = "".join(tag("dt", escape(words.word(f"notice-{n.id}"))) + tag("dd", escape(words.text(n.text)))
                    for n in programme.notices)
    return tag("details", tag("summary", escape(words.word("notices-legend"))) + tag("dl", items), class_="guide-legend")


def case_html(programme: Programme, plan: Plan, case: Case, words: Words) -> str:
    names = _Names(programme, words)
    back = tag("p", tag("a", escape(words.word("decisions-back")), href=words.page_href(plan.index_url)))
    back += tag("dl", "".join(tag("dt", escape(names.question(q))) + tag("dd", escape(names.answer(q, groups)))
                              for q, groups in case.steps), class_="guide-decision-case")
    count = tag("p", escape(words.word("group-count", count=str(len(case.rows)))))
    asked = {step[0] for step in case.steps}
    tree = _tree([(tuple(s for s in path.steps if s[0] not in asked), outcome) for path, outcome in case.rows])
    granted = {_granted(entitlements, names, words, whole=True) for entitlements in {_entitled(o, names) for _, o in case.rows}}
    shared = granted.pop() if len(granted) == 1 else None  # usually: the case fixes the entitlements
    routes = _RouteList.of(case, words)
    body = tag("ul", _render(tree, _Outcomes(names, words, shared is None, routes)), class_="guide-decision-tree")
    return "\n".join((back, count, tag("p", tag("strong", escape(shared))) if shared else "", routes.html(words),
                      _notices(case, words), tag("h2", escape(words.word("decisions-tree-heading"))), body))


@dataclass
class _RouteList:
    """The case's routes and alternatives, each written once with the sentence the checker
    gives for its answers; a route that gives several sentences in the case (the partner
    support plans for an expired and for a used-up contract) is listed once per sentence,
    so no entry says more than its paths do. The tree links to the entry of each path."""

    entries: dict[tuple[str, str], tuple[str, object]] = field(default_factory=dict)  # (route, sentence) -> (anchor, route)
    anchors: dict[int, str] = field(default_factory=dict)  # id(outcome) -> its route's entry

    @classmethod
    def of(cls, case: Case, words: Words) -> "_RouteList":
        found = cls()
        for path, outcome in case.rows:
            if outcome.route:
                found.anchors[id(outcome)] = found.add(outcome.route, words.summary(path, outcome))
            for route in outcome.alternatives:
                found.add(route, words.text(route.summary))
        return found

    def add(self, route, sentence: str) -> str:
        key = (route.id, sentence)
        if key not in self.entries:
            taken = sum(1 for route_id, _ in self.entries if route_id == route.id)
            self.entries[key] = (f"r-{route.id}" + (f"-{taken + 1}" if taken else ""), route)
        return self.entries[key][0]

    def alternative(self, route, words: Words) -> str:
        return self.entries[(route.id, words.text(route.summary))][0]

    def html(self, words: Words) -> str:
        items = "".join(
            tag("dt", escape(words.text(route.name)), id=anchor)
            + tag("dd", escape(sentence) + " " + tag("a", escape(words.word("decisions-route-steps")),
                                                     href=words.section_href(route.section)))
            for (_, sentence), (anchor, route) in self.entries.items())
        return tag("h2", escape(words.word("column-route"))) + tag("dl", items, class_="guide-decision-routes")


def _notices(case: Case, words: Words) -> str:
    notices = {n.id: n for _, o in case.rows for n in o.notices}
    if not notices:
        return ""
    items = "".join(tag("dt", escape(words.word(f"notice-{n.id}")), id=f"n-{n.id}") + tag("dd", escape(words.text(n.text)))
                    for n in notices.values())
    return tag("h2", escape(words.word("column-notices"))) + tag("dl", items, class_="guide-decision-notices")


def _tree(rows: list[tuple[tuple[Step, ...], Outcome]]) -> dict:
    """A trie of the paths: step -> subtree; a path's end holds its outcome under None."""
    root: dict = {}
    for steps, outcome in rows:
        node = root
        for step in steps:
            node = node.setdefault(step, {})
        node[None] = outcome
    return root


def _render(node: dict, outcomes: "_Outcomes") -> str:
    """The items of one level; siblings whose subtrees read the same are merged, and a
    step that ends a path carries its outcome on the same line."""
    names = outcomes.names
    items: dict[str, list[Step]] = {}
    for step, child in node.items():
        if step is None:
            items.setdefault(tag("li", outcomes.html(child), class_="guide-outcome"), [])
        elif list(child) == [None]:
            items.setdefault(" → " + outcomes.html(child[None]), []).append(step)
        else:
            items.setdefault(tag("ul", _render(child, outcomes)), []).append(step)
    return "".join(names.item(tuple(steps)) + inner + "</li>" if steps else inner for inner, steps in items.items())


def _entitled(outcome: Outcome, names: "_Names") -> tuple:
    """The incidents of each benefit the pages show, in their order."""
    return tuple(outcome.entitlements.get(b.id, 0) for b in names.benefits)


def _granted(entitled: tuple, names: "_Names", words: Words, whole: bool = False) -> str:
    """What the reader gets; names shortened unless written once for the page (`whole`)."""
    name = (lambda b: words.text(b.name)) if whole else (lambda b: names.clip(words.text(b.name)))
    return words.separator.join(f"{name(b)}: {words.incidents(incidents)}" for b, incidents in zip(names.benefits, entitled))


@dataclass
class _Outcomes:
    """The tree's outcomes as HTML, each different one written once: a case page's paths
    (up to a few hundred) lead to a handful of different outcomes, and writing one means
    wording its routes, notices and entitlements."""

    names: "_Names"
    words: Words
    with_granted: bool
    routes: _RouteList
    written: dict[tuple, str] = field(default_factory=dict)

    def html(self, outcome: Outcome) -> str:
        # Everything _outcome reads: the route (and its entry, which follows the path's
        # sentence), the alternatives, the notices and the entitlements shown.
        key = (outcome.route.id if outcome.route else None, self.routes.anchors.get(id(outcome)),
               tuple(r.id for r in outcome.alternatives), tuple(n.id for n in outcome.notices),
               _entitled(outcome, self.names) if self.with_granted else None)
        if key not in self.written:
            self.written[key] = _outcome(outcome, self.names, self.words, self.with_granted, self.routes)
        return self.written[key]


def _outcome(outcome: Outcome, names: "_Names", words: Words, with_granted: bool, routes: _RouteList) -> str:
    route = (tag("a", escape(names.clip(words.text(outcome.route.name))), href=f"#{routes.anchors[id(outcome)]}")
             if outcome.route else "–")
    if outcome.alternatives:
        others = escape(words.separator).join(tag("a", escape(names.clip(words.text(r.name))), href=f"#{routes.alternative(r, words)}")
                                      for r in outcome.alternatives)
        route += " " + tag("small", escape(words.word("decisions-also", routes="\x00")).replace("\x00", others))
    notices = escape(words.separator).join(tag("a", escape(names.clip(words.word(f"notice-{n.id}"))), href=f"#n-{n.id}")
                                   for n in outcome.notices)
    parts = ([escape(_granted(_entitled(outcome, names), names, words))] if with_granted else []) + [route]
    return " → ".join(parts + ([notices] if notices else []))


class _Names:
    """Answers and questions in the page's words, shortened past SHORT characters."""

    def __init__(self, programme: Programme, words: Words):
        self.words = words
        self.options = {q.id: {o.id: o for o in q.choices} for q in programme.questions}
        self.classes = {c.id: c.name for c in programme.classes}
        self.benefits = [b for b in programme.benefits if b.kind == "entitlement"]
        self._short: dict[tuple, str] = {}  # the tree names the same answers on every level: each is worded once
        self._questions: dict[str, str] = {}
        self._items: dict[tuple, str] = {}

    @staticmethod
    def clip(text: str) -> str:
        return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"

    def question(self, question: str) -> str:
        if question not in self._questions:
            self._questions[question] = self.clip(self.words.word(f"question-{question}"))
        return self._questions[question]

    def answer(self, question: str, groups: tuple[Group, ...], members: bool = True) -> str:
        """The full names (a class with its members, unless `members` is false)."""
        return self.words.separator.join(self._group(question, g, members) for g in groups)

    def item(self, steps: tuple[Step, ...]) -> str:
        """The start of the tree's item for sibling steps that lead to the same: `<li data-q=...
        data-a=...>Question: <strong>Answer / Answer</strong>`; the tree repeats the same
        steps under many branches, so each is written once."""
        key = tuple((q, *(g.label for g in groups)) for q, groups in steps)
        if key not in self._items:
            question = steps[0][0]
            answers = " / ".join(self.short(q, groups) for q, groups in steps)
            members = " ".join(m for _, groups in steps for g in groups for m in g.members)
            opening = tag("li", "", data_q=question, data_a=members).removesuffix("</li>")
            self._items[key] = opening + escape(self.question(question)) + ": " + tag("strong", escape(answers))
        return self._items[key]

    def short(self, question: str, groups: tuple[Group, ...]) -> str:
        key = (question, *(g.label for g in groups))  # a group's label names it within its question
        if key not in self._short:
            labels = [self.words.optional(f"answer-{question}-{g.label}") for g in groups]
            text = self.words.separator.join(labels) if all(labels) else self.answer(question, groups)
            self._short[key] = self.clip(text)
        return self._short[key]

    def _group(self, question: str, group: Group, members: bool = True) -> str:
        if len(group.members) == 1:
            return self.words.text(self.options[question][group.members[0]].name)
        if group.label in self.classes and not members:
            return self.clip(self.words.text(self.classes[group.label]))
        if group.label in self.classes:
            # Named with its members, so a reader finds their own competency.
            members = self.words.separator.join(self.clip(self.words.text(self.options[question][m].name))
                                                for m in group.members)
            return f"{self.clip(self.words.text(self.classes[group.label]))} ({members})"
        return " / ".join(self.words.text(self.options[question][m].name) for m in group.members)
