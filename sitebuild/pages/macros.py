"""The `{{ ... }}` calls a page may make, each answering in the page's language.

Every value comes from the data (through the checker's model and engine); every
data string is escaped on the way in. In a complete language every data string has
a text (checker.load makes sure); in a draft language a missing one shows the source
text, and the page counts it so the plugin can say so in a banner (sitebuild/pages/fallback.py). A macro returns Markdown where the result must
take part in the page's structure (headings, so they get anchors and a place in the
table of contents) and HTML otherwise. Large HTML (the decision table, the checker
form) is stashed and put in after Markdown ran, so Markdown neither slows on it nor
touches it.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, field
from typing import Callable

from sitebuild.rules.cases import CaseError, case_alternatives, case_route
from checker.index import index_of
from checker.glossary import glossary_from
from checker.model import Programme, Section
from checker.problems import did_you_mean
from checker.types import Text
from checker.state import State
from checker.wording import Words, route_summary
from sitebuild.pages import decision_pages
from sitebuild.pages import data_tables
from sitebuild.pages.checker_form import portal_messages, render_form
from sitebuild.pages.html_parts import escape, link, markdown_link, markdown_text, page_href, tag
from sitebuild.source.site_data import SiteData

STASH = '<div class="guide-stash" data-stash="{}"></div>'
ADMONITIONS = {"action": "tip", "warning": "warning", "info": "info"}  # notice level -> Material admonition


class MacroError(Exception):
    """A macro was called with something the data does not have; says what it has."""


LISTED = 40  # beyond this many valid values, a message names the closest ones and the file


def check_choice(value: object, allowed, what: str, where: str) -> None:
    """Every macro argument that must be one of a known set goes through here.

    Raises MacroError naming the value, where the valid ones are defined, a guess at
    what was meant and the valid values (the closest ones, when there are very many):

        check_choice(benefit_id, [b.id for b in benefits], "benefit", "data/benefits.yml")
    """
    allowed = [str(a) for a in allowed]
    if str(value) in allowed:
        return
    guess = did_you_mean(value, allowed)
    message = f"unknown {what} '{value}' ({where})."
    if guess:
        message += f" Did you mean '{guess}'?"
    if len(allowed) <= LISTED:
        message += f" Valid: {', '.join(allowed) or '(none)'}."
    else:
        close = difflib.get_close_matches(str(value), allowed, n=5, cutoff=0.4)
        message += f" {len(allowed)} are defined there" + (f"; the closest: {', '.join(close)}." if close else ".")
    raise MacroError(message)


def find_record(records, record_id: str, kind: str, where: str):
    """The record with this id, or MacroError with did-you-mean and the valid ids."""
    for record in records:
        if record.id == record_id:
            return record
    check_choice(record_id, [r.id for r in records], kind, where)


@dataclass
class PageContext:
    data: SiteData
    lang: str
    url: str  # the page's path in its language root: '' or 'activate/'
    src: str  # its Markdown file, relative to the language's content folder
    stash: list[str] = field(default_factory=list)
    fallbacks: int = 0  # data strings shown in the source language (draft languages only)
    terms_used: set[str] = field(default_factory=set)  # glossary terms already written on the page
    stale: int = 0  # data strings whose translation predates the source's last change
    words_used: set[str] = field(default_factory=set)  # page-strings keys the page asked for
    decision_plan: object = None  # sitebuild.pages.decision_pages.Plan of this language's build, if any
    pages: frozenset[str] | None = None  # every page of the language ('' or 'activate/'), when known: links are checked

    @property
    def draft(self) -> bool:
        return self.data.is_draft(self.lang)


class PageWords(Words):
    """The checker's wording for one page: counts each text shown in the source language."""

    def __init__(self, programme: Programme, page: PageContext):
        super().__init__(programme, page.lang)
        self.page = page

    def text(self, text: Text | None) -> str:
        if text and self.lang not in text.values:
            self.page.fallbacks += 1
        elif text and id(text) in self.page.data.stale_texts(self.lang):
            self.page.stale += 1
        return super().text(text)


class Macros:
    """One instance per page render: the macros see which page and language they serve."""

    NAMES = ("heading", "section_title", "section_link", "word", "procedure", "error_list", "error_message",
             "error_cases", "route_steps", "route_name", "route_link", "notice", "paid_plans", "benefit_list",
             "benefit_name", "class_members", "class_name", "option_table", "option_name", "incidents",
             "entitlement_table", "decision_table", "checker_form", "term", "label", "glossary_table",
             "macro_reference", "decision_index", "decision_case")
    NAMES += ("route_for", "alternatives_for")  # routing statements from the rules (issue 9)
    NAMES += ("flow_diagram",)  # the picture of the flow (issue 9b)

    def __init__(self, page: PageContext):
        self.page = page
        self.programme: Programme = page.data.programme
        self.words = PageWords(self.programme, page)

    def functions(self) -> dict[str, Callable]:
        return {name: getattr(self, name) for name in self.NAMES}

    # --- words -------------------------------------------------------------------

    def text(self, value: Text) -> str:
        """The page language's text; only a draft language falls back (and it is counted)."""
        if self.page.lang not in value.values and not self.page.draft:
            raise MacroError(f"a data text has no '{self.page.lang}' version: {value.values}")
        return self.words.text(value)

    def raw_word(self, key: str, **values: str) -> str:
        self.page.words_used.add(key)
        strings = self.programme.page_strings
        if key not in strings:
            guess = did_you_mean(key, list(strings))
            raise MacroError(f"no page string '{key}': add it to {self._file('page-strings')} (with every language)"
                             + (f", or did you mean '{guess}'?" if guess else "."))
        text = self.text(strings[key])
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text

    def word(self, key: str, **values: str) -> str:
        """A page string (data/page-strings.yml), escaped."""
        return escape(self.raw_word(key, **values))

    def vocabulary(self) -> data_tables.Vocabulary:
        return data_tables.Vocabulary(text=self.text, word=self.raw_word, incidents=self.words.incidents,
                                 separator=self.words.fill("list-separator"), short=self.optional_word)

    def optional_word(self, key: str) -> str | None:
        """A page string the data may leave out (e.g. a short answer label)."""
        self.page.words_used.add(key)
        return self.raw_word(key) if key in self.programme.page_strings else None

    # --- sections and headings -----------------------------------------------------

    def section(self, section_id: str) -> Section:
        return self._find("sections", section_id, "section")

    def heading(self, section_id: str, level: int | None = None) -> str:
        """The section's title as a Markdown heading, with the anchor sections.yml names."""
        section = self.section(section_id)
        if section.page != self.page.url:
            raise MacroError(f"section '{section_id}' belongs on page '{section.page}' ({self._file('sections')}), "
                             f"not '{self.page.url}'.")
        level = level or (2 if section.anchor else 1)
        anchor = f" {{ #{section.anchor} }}" if section.anchor else ""
        return f"{'#' * level} {markdown_text(self.text(section.title))}{anchor}"

    def section_title(self, section_id: str) -> str:
        """The section's title (data/sections.yml) as text, e.g. inside a sentence."""
        return escape(self.text(self.section(section_id).title))

    def section_link(self, section_id: str, label: str | None = None) -> str:
        """A Markdown link to the section (MkDocs checks it), titled by the data."""
        section = self.section(section_id)
        target = markdown_link(section.page, self.page.src, section.anchor)
        return f"[{label or markdown_text(self.text(section.title))}]({target})"

    def _section_href(self, section_id: str) -> str:
        section = self.section(section_id)
        return page_href(section.page, self.page.url, section.anchor)

    # --- procedures, errors, routes, notices -------------------------------------------

    def procedure(self, procedure_id: str) -> str:
        """A procedure of data/procedures.yml as numbered steps, with its start address and notes."""
        procedure = self._find("procedures", procedure_id, "procedure")
        steps = "".join(tag("li", tag("p", escape(self.text(step.text))) + self._note(step.note)) for step in procedure.steps)
        start = tag("p", f"{self.word('start-here')} {link(procedure.url, procedure.url)}") if procedure.url else ""
        return start + tag("ol", steps, class_="guide-steps")

    def _note(self, note: Text | None) -> str:
        if note is None:
            return ""
        return self._admonition("note", self.word("label-note"), escape(self.text(note)))

    def _admonition(self, kind: str, title: str, body: str) -> str:
        return tag("div", tag("p", title, class_="admonition-title") + tag("p", body), class_=f"admonition {kind}")

    def error_list(self, section_id: str | None = None, level: int = 3) -> str:
        """Each message a portal shows (the options with a `message`) as a heading (anchor:
        its id) with where, meaning and action; with a section, only that section's."""
        if section_id is not None:
            self.section(section_id)
        errors = [o for o in self._messages() if section_id is None or o.message.section == section_id]
        return "\n\n".join(self._error(error, level) for error in errors)

    def _error(self, error, level: int) -> str:
        message = error.message
        heading = f"{'#' * level} {markdown_text(self.text(error.name))} {{ #{error.id} }}"
        rows = "".join(tag("dt", self.word(label)) + tag("dd", escape(self.text(value)))
                       for label, value in (("label-where", message.where), ("label-meaning", message.meaning),
                                            ("label-action", message.action)))
        more = ""
        if self.section(message.section).page != self.page.url:
            more = tag("p", tag("a", self.word("read-more", title=self.text(self.section(message.section).title)),
                                href=self._section_href(message.section)))
        return f"{heading}\n\n{tag('dl', rows, class_='guide-error')}{more}"

    def error_message(self, error_id: str) -> str:
        """The message exactly as the portal shows it, as a quotation."""
        error = self._message(error_id)
        return tag("blockquote", tag("p", escape(self.text(error.message.text))), class_="guide-message")

    def error_cases(self, error_id: str, level: int = 3) -> str:
        """The cases a message can mean (its `message.cases`), each a heading with its explanation and action."""
        error = self._message(error_id)
        if not error.message.cases:
            asked_by = next(q.id for q in self.programme.questions if error in q.choices)
            raise MacroError(f"the message '{error_id}' has no cases in {self._option_file(asked_by)}.")
        parts = []
        for number, case in enumerate(error.message.cases, start=1):
            title = markdown_text(self.raw_word("case-title", number=str(number), title=self.text(case.title)))
            body = tag("p", escape(self.text(case.explanation))) + self._admonition("tip", self.word("label-action"), escape(self.text(case.action)))
            parts.append(f"{'#' * level} {title} {{ #case-{number} }}\n\n{body}")
        return "\n\n".join(parts)

    def _messages(self) -> list:
        """The options that are messages a portal shows, in question order (as the checker's lookup lists them)."""
        return [option for _, option in portal_messages(self.programme)]

    def _message(self, error_id: str):
        messages = self._messages()
        if not messages:
            raise MacroError("no option of any question has a 'message': add one to an option set (see the writers' guide).")
        return find_record(messages, error_id, "message", self._file("questions"))

    def route(self, route_id: str):
        return self._find("routes", route_id, "route")

    def route_steps(self, route_id: str) -> str:
        """How to create a request on a route (data/routes.yml): its summary, its steps and its portal."""
        route = self.route(route_id)
        steps = tag("ol", "".join(tag("li", escape(self.text(step))) for step in route.steps), class_="guide-steps")
        portal = tag("p", f"{self.word('portal')} {link(route.url, self.text(route.name))} ({escape(route.url)})") if route.url else ""
        return tag("p", escape(self.text(route.summary))) + steps + portal

    def route_name(self, route_id: str) -> str:
        """The route's name as text."""
        return escape(self.text(self.route(route_id).name))

    def route_link(self, route_id: str) -> str:
        """The route's name, linked to its portal when it has an address."""
        route = self.route(route_id)
        return link(route.url, self.text(route.name)) if route.url else escape(self.text(route.name))

    def notice(self, notice_id: str) -> str:
        """A notice of data/notices.yml as a tip, warning or info box, whatever the reader's answers."""
        notice = self._find("notices", notice_id, "notice")
        return self._admonition(ADMONITIONS[notice.level], self.word(f"level-{notice.level}"), escape(self.text(notice.text)))

    # --- benefits, options and their classes ----------------------------------

    def paid_plans(self) -> str:
        """The paid support plans (benefits of kind 'paid'), each linked, with its scope."""
        plans = [b for b in self.programme.benefits if b.kind == "paid"]
        return tag("ul", "".join(tag("li", f"{link(b.url, self.text(b.name))} — {escape(self.text(b.scope))}") for b in plans),
                   class_="guide-plans")

    def benefit_list(self) -> str:
        """The included benefits (not the paid plans), each linked to its page."""
        items = []
        for benefit in (b for b in self.programme.benefits if b.kind != "paid"):
            name = escape(self.text(benefit.name))
            if self.section(benefit.section).page != self.page.url:
                name = tag("a", name, href=self._section_href(benefit.section))
            items.append(tag("li", f"{tag('strong', name)} — {escape(self.text(benefit.scope))}"))
        return tag("ul", "".join(items), class_="guide-benefits")

    def benefit_name(self, benefit_id: str) -> str:
        """The benefit's name as text (data/benefits.yml)."""
        return escape(self.text(self._find("benefits", benefit_id, "benefit").name))

    def class_members(self, question_id: str, class_id: str) -> str:
        """The options of the question that have this class (data/classes.yml), as a list."""
        question = self._question(question_id)
        members = [o for o in question.choices if o.class_ == class_id]
        if not members:
            check_choice(class_id, list(dict.fromkeys(o.class_ for o in question.choices if o.class_)),
                         "class", f"the classes of question '{question_id}', {self._file('classes')}")
        return tag("ul", "".join(tag("li", escape(self.text(o.name))) for o in members), class_="guide-class-members")

    def class_name(self, class_id: str) -> str:
        """The name of a class of options (data/classes.yml), e.g. 'Cloud competencies'."""
        return escape(self.text(self._find("classes", class_id, "class").name))

    def option_table(self, question_id: str, name_column: str, description_column: str) -> str:
        """A table of the question's options that have a description: each name and its
        description, under the two columns' page strings (e.g. "column-role", "column-role-can")."""
        question = self._question(question_id)
        head = tag("tr", tag("th", self.word(name_column)) + tag("th", self.word(description_column)))
        rows = "".join(tag("tr", tag("td", escape(self.text(o.name))) + tag("td", escape(self.text(o.description))))
                       for o in question.choices if o.description)
        if not rows:
            raise MacroError(f"no option of question '{question_id}' has a 'description' to show.")
        return tag("div", tag("table", tag("thead", head) + tag("tbody", rows)), class_="guide-options")

    def option_name(self, question_id: str, option_id: str) -> str:
        """The name of one of the question's options as text (e.g. a tier or a role)."""
        return escape(self.text(self._option(question_id, option_id).name))

    # --- computed from the rules ---------------------------------------------------

    def incidents(self, question_id: str, option_id: str, benefit_id: str, class_id: str | None = None) -> str:
        """What the engine grants for the option (e.g. "membership", "gold"), in words
        ('20 incidents'); name a class when the grant depends on one."""
        question, option = self._question(question_id), self._option(question_id, option_id)
        check_choice(benefit_id, [b.id for b in data_tables.entitlement_benefits(self.programme)], "entitlement benefit",
                     self._file("benefits"))
        try:
            cell = data_tables.entitlement_cell(self.programme, question, option, benefit_id)
        except ValueError as error:
            raise MacroError(str(error)) from None
        if None in cell:
            return escape(self.words.incidents(cell[None]))
        if class_id is None:
            raise MacroError(f"incidents('{question_id}', '{option_id}', '{benefit_id}') depends on the option class: "
                             f"add one of {', '.join(map(str, cell))} as a fourth argument.")
        check_choice(class_id, list(map(str, cell)), "class", self._file("classes"))
        return escape(self.words.incidents(cell[class_id]))

    def entitlement_table(self, question_id: str | None = None) -> str:
        """The incidents of each benefit (rows) for each option of the question (columns,
        e.g. "membership"), split by class where a grant depends on one; computed by the rules."""
        granting = [q.id for q in data_tables.granting_questions(self.programme)]
        if question_id is None:
            raise MacroError(f"name the question whose options are the columns, e.g. entitlement_table(\"{granting[0] if granting else 'membership'}\"). "
                             f"Questions whose options grant incidents: {', '.join(granting) or '(none)'}.")
        check_choice(question_id, granting, "question whose options grant incidents", self._file("questions"))
        try:
            return data_tables.entitlement_table(self.programme, self._question(question_id), self.vocabulary())
        except ValueError as error:
            raise MacroError(str(error)) from None

    def decision_table(self, group_by: tuple[str, ...] | None = None) -> str:
        """Every answer path; `group_by`: question ids, the first for the outer groups."""
        known = [q.id for q in self.programme.questions]
        group_by = tuple(group_by or known[:1])
        for question in group_by:
            check_choice(question, known, "question", self._file("questions"))
        html = data_tables.decision_table(self.programme, self.page.data.decision_rows(), group_by, self.vocabulary())
        return self._stash(html)

    def decision_index(self) -> str:
        """The decision table's index page: a link to each case page (the page's front
        matter `decision_pages` names the questions that split it; sitebuild/pages/decision_pages.py)."""
        plan = self._decision_plan()
        if self.page.src != plan.index_src:
            raise MacroError(f"decision_index: only the page whose front matter has 'decision_pages' ({plan.index_src}) lists the cases.")
        return self._stash(decision_pages.index_html(self.programme, plan, self._decision_words()))

    def decision_case(self, number: int) -> str:
        """One case page of the decision table (generated by the plugin, one per case)."""
        plan = self._decision_plan()
        case = plan.cases[number]
        # The title as the page's Markdown heading: every engine then sees the page has one (and adds none of its own).
        heading = f"# {markdown_text(self.decision_title(number))}"
        return heading + "\n\n" + self._stash(decision_pages.case_html(self.programme, plan, case, self._decision_words()))

    def decision_title(self, number: int) -> str:
        """A case page's title, as plain text."""
        return decision_pages.case_title(self.programme, self._decision_plan().cases[number], self._decision_words())

    def _decision_plan(self):
        if self.page.decision_plan is None:
            raise MacroError("no page of this language has 'decision_pages: [question, ...]' in its front matter.")
        return self.page.decision_plan

    def _decision_words(self) -> decision_pages.Words:
        return decision_pages.Words(text=self.text, word=self.raw_word, optional=self.optional_word,
                                    incidents=self.words.incidents, separator=self.words.fill("list-separator"),
                                    section_href=self._section_href, page_href=self._relative_page,
                                    summary=self._path_summary)

    def _path_summary(self, path, outcome) -> str:
        """The route's sentence for one answer path, worded as the checker words it."""
        state = State(index_of(self.programme), path.answers)
        return route_summary(outcome, Words(self.programme, self.page.lang, state, outcome))

    def _relative_page(self, path: str) -> str:
        """A link from this page to the page at `path` (both in the language's root)."""
        return posixpath.relpath(path or ".", self.page.url or ".") + "/"

    def checker_form(self) -> str:
        """W's widget: real form controls built from escaped data, inserted as is."""
        layout = self.page.data.folders.layout
        # The fallback is the decision table: the page whose front matter splits it, else the option's page.
        plan = self.page.decision_plan
        table = plan.index_url if plan is not None else layout.decision_table_page
        self._require_page(table, "decision_table_page", "its link for readers without JavaScript leads there; "
                           "name the page with {{ decision_table() }}")
        if portal_messages(self.programme):
            self._require_page(layout.checker_page, "checker_page", "the error lookup's links lead there; "
                               "name the page with {{ checker_form() }}")
        self.page.fallbacks += sum(1 for text in self._form_texts() if self.page.lang not in text.values)
        return self._stash(render_form(self.programme, self.page.lang, self.page.data.folders.pyodide, self.page.url,
                                       checker_page=layout.checker_page, table_page=table))

    def _require_page(self, page: str, option: str, why: str) -> None:
        """A page the form links to is a page of this language (when the pages are known)."""
        if self.page.pages is not None and page not in self.page.pages:
            guess = difflib.get_close_matches(page, sorted(self.page.pages), n=1)
            raise MacroError(f"checker_form: the page '{page}' does not exist in this language ({why}): set the guide "
                             f"plugin's option {option} in mkdocs.yml." + (f" Did you mean '{guess[0]}'?" if guess else ""))

    def flow_diagram(self) -> str:
        """The checker's questions, their options and where each leads (the next question
        or the outcome), as a picture and as a list; drawn from the rules at build time."""
        from sitebuild.pages.flow_diagram import render_diagram, render_list
        from sitebuild.pages.flow_graph import flow_graph

        graph = flow_graph(self.programme, self.page.data.decision_rows())
        svg = render_diagram(self.programme, graph, self.words, self.raw_word("flow-diagram-label"))
        listed = render_list(self.programme, graph, self.words, self.raw_word("flow-leads-to"))
        return self._stash(f'<figure class="flow-figure" tabindex="0">{svg}</figure>'
                           f'<details class="flow-details"><summary>{self.word("flow-as-list")}</summary>{listed}</details>')

    def macro_reference(self) -> str:
        """This list: every macro with its arguments and what it shows (from the macros' docstrings, in English)."""
        from sitebuild.pages.macro_reference import macro_docs

        head = tag("tr", tag("th", self.word("column-macro")) + tag("th", self.word("column-macro-shows")))
        rows = "".join(tag("tr", tag("td", tag("code", escape("{{ " + doc.call + " }}"))) + tag("td", escape(doc.summary), lang="en"))
                       for doc in macro_docs(type(self)))
        return self._stash(tag("div", tag("table", tag("thead", head) + tag("tbody", rows)), class_="guide-macros"))

    def _form_texts(self) -> list[Text]:
        """The texts the form shows (its strings, questions and answers): render_form
        words them itself, so their fallbacks are counted here."""
        texts = list(self.programme.strings.values())
        for question in self.programme.questions:
            texts += [question.text, question.help] + [t for o in question.choices for t in (o.name, o.description)]
        return [text for text in texts if text is not None]

    # --- routing statements, decided by the rules ------------------------------------

    def route_for(self, *cases: str) -> str:
        """The route the checker gives for the case (answer tests such as "product=azure csp=yes";
        several cases must agree), linked to its portal. Fails the build when the answer paths
        of the cases do not all give the same route."""
        return self.route_link(self._case(case_route, cases, "route"))

    def alternatives_for(self, *cases: str) -> str:
        """The other routes the checker offers for the case, best first, linked ("—" when none);
        fails the build when its answer paths disagree."""
        ids = self._case(case_alternatives, cases, "set of alternatives")
        return self.words.fill("list-separator").join(self.route_link(i) for i in ids) or "—"

    def _case(self, decide: Callable, cases: tuple[str, ...], what: str):
        """What `decide` gives for every case, which must be the same for all of them."""
        if not cases:
            raise MacroError("name the case, e.g. route_for(\"product=azure csp=yes\").")
        try:
            found = {case: decide(index_of(self.programme), self.page.data.decision_rows(), case) for case in cases}
        except CaseError as error:
            raise MacroError(f"{error} (routes are decided by {self._file('routes')} and {self._file('questions')})") from None
        if len(set(found.values())) > 1:
            raise MacroError(f"the cases give different {what}s: " + "; ".join(f"'{c}' → {v}" for c, v in found.items()))
        return found[cases[0]]

    # --- the portals' words (data/glossary.yml) ----------------------------------------

    def term(self, term_id: str) -> str:
        """A portal's label or field as the page's language writes it in prose: the
        Japanese label in brackets, with the English label in parentheses at its first
        use on the page where the glossary says so."""
        glossary = self._glossary()
        entry = self._term(glossary, term_id)
        first = term_id not in self.page.terms_used
        self.page.terms_used.add(term_id)
        return escape(glossary.render(entry, self.page.lang, first))

    def label(self, term_id: str) -> str:
        """A portal's label alone, as the portal shows it (inside a quoted message or a title)."""
        glossary = self._glossary()
        return escape(glossary.render(self._term(glossary, term_id), self.page.lang, first=False, bare=True))

    def glossary_table(self) -> str:
        """Every portal term with its label in each language (a reader's portal may be in
        another language than the page) and the portal that shows it."""
        languages = self.programme.languages
        head = tag("tr", "".join(tag("th", escape(lang.name), lang=lang.id) for lang in languages) + tag("th", self.word("column-portal")))
        rows = "".join(tag("tr", "".join(tag("td", escape(t.label.get(lang.id, languages[0].id)), lang=lang.id) for lang in languages)
                           + tag("td", self.word(f"portal-{t.portal}")))
                       for t in self.programme.glossary)
        # Weighted down in the readers' search: it names every label, the pages explain them.
        return tag("div", tag("table", tag("thead", head) + tag("tbody", rows)), class_="guide-glossary", data_pagefind_weight="0.1")

    def _glossary(self):
        if not self.programme.glossary:
            raise MacroError("no glossary: add data/glossary.yml with a 'glossary:' list.")
        return glossary_from(self.programme)

    def _term(self, glossary, term_id: str):
        check_choice(term_id, glossary.entries, "glossary term", self._file("glossary"))
        return glossary.entries[term_id]

    def _question(self, question_id: str):
        return self._find("questions", question_id, "question")

    def _option(self, question_id: str, option_id: str):
        question = self._question(question_id)
        return find_record(question.choices, option_id, "option", f"question '{question_id}', {self._option_file(question_id)}")

    def _option_file(self, question_id: str) -> str:
        """The file that lists a question's options (its option set's, when it has one)."""
        question = next(q for q in self.programme.questions if q.id == question_id)
        return self._file(f"option-sets.{question.options_from}" if question.options_from else "questions")

    def _find(self, key: str, record_id: str, kind: str):
        """The record of the data list `key` with this id; the error names the real file."""
        return find_record(getattr(self.programme, key.replace("-", "_")), record_id, kind, self._file(key))

    def _file(self, key: str) -> str:
        return self.programme.files.get(key, f"the data's '{key}:' list")

    def _stash(self, html: str) -> str:
        self.page.stash.append(html)
        return STASH.format(len(self.page.stash) - 1)


def unstash(html: str, stash: list[str]) -> str:
    """Put stashed HTML in place of its markers (Markdown kept them as they were)."""
    for number, part in enumerate(stash):
        marker = STASH.format(number)
        if marker not in html:
            raise MacroError(f"a stashed block ({number}) went missing: keep each macro on its own line.")
        html = html.replace(marker, part, 1)
    return html
