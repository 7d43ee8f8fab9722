"""Puts an outcome into the contract's result shape, in the reader's language.

The result (contract v2 fields first, then the widget's):

    complete, next, entitlements, route, notices, summary      the contract's fields
    alternatives        [route id]: other routes that also work, best first (v2)
    lang, version, asked                                       language, rules version, questions answered in order
    entitlement_detail  [{id, name, incidents, text}]
    route_detail        {id, name, summary, url, steps, section, section_title, page, anchor} or null;
                        `steps` holds only the steps that apply to these answers (routes.yml `step-when`)
    alternative_detail  [same shape as route_detail], one per alternative, in the same order
    notice_detail       [{id, level, text, section, section_title, page, anchor}], in the order shown
    unavailable         [{question, option, reason}]: options not offered for the answers so far
                        (an `offer-when` that does not hold); answering one is refused with the reason
    why                 [{kind: entitlement|route|alternative|notice, id, because, because_items,
                          file, line, rule, section, section_title, page, anchor}]
                        `because`: what decided, as the reader knows it ("Security"; "Expired");
                        `because_items`: the same as [{question, option}] or [{benefit}]

The summary leads with the first notice of level `action` when there is one (the fix of
an error message comes first), then the route's sentence and the incidents.
"""

from __future__ import annotations

import re

from checker.flow import Flow
from checker.index import Index
from checker.model import Programme, Route, Section, Source
from checker.outcome import Outcome
from checker.reasons import Reason, reasons
from checker.state import State
from checker.types import UNLIMITED, Incidents, Text

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # render.js's fill() reads the same (tests/test_script_conventions.py)


def fill_template(template: str, values: dict[str, str]) -> str:
    """Each `{name}` of `template` with its value; a name without one stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def describe_outcome(index: Index, flow: Flow, outcome: Outcome, lang: str) -> dict:
    programme = index.programme
    words = Words(programme, lang, State(index, flow.answers), outcome)
    return {
        "complete": flow.complete,
        "next": flow.next,
        "entitlements": dict(outcome.entitlements),
        "route": outcome.route.id if outcome.route else None,
        "alternatives": [r.id for r in outcome.alternatives],
        "notices": [n.id for n in outcome.notices],
        "summary": summary(index, flow, outcome, words),
        "lang": lang,
        "version": programme.version,
        "asked": list(flow.asked),
        "entitlement_detail": entitlement_detail(index, outcome, words),
        "route_detail": route_detail(outcome.route, words, outcome),
        "alternative_detail": [route_detail(r, words, outcome) for r in outcome.alternatives],
        "notice_detail": [{"id": n.id, "level": n.level, "text": words.text(n.text), **words.section(n.section)}
                          for n in outcome.notices],
        "unavailable": [{"question": q, "option": o.id, "reason": words.text(o.not_offered)} for q, o in flow.unavailable],
        "why": why(outcome, words),
    }


class Words:
    """Strings of one language, with the source language standing in for drafts."""

    def __init__(self, programme: Programme, lang: str, state: State | None = None, outcome: Outcome | None = None):
        self.programme = programme
        self.lang = lang
        self.source_lang = programme.languages[0].id
        self.sections = {s.id: s for s in programme.sections}
        self.state = state
        self.outcome = outcome

    def text(self, text: Text | None) -> str:
        return text.get(self.lang, self.source_lang) if text else ""

    def fill(self, key: str, **values: str) -> str:
        return fill_template(self.text(self.programme.strings[key]), values)

    def incidents(self, value: Incidents) -> str:
        if value == UNLIMITED:
            return self.fill("unlimited")
        if value == 0:
            return self.fill("not-entitled")
        return self.fill("one-incident") if value == 1 else self.fill("incidents", count=str(value))

    def section(self, section_id: str | None) -> dict:
        section: Section | None = self.sections.get(section_id or "")
        if section is None:
            return {}
        return {"section": section.id, "section_title": self.text(section.title),
                "page": section.page, "anchor": section.anchor}


def entitlement_list(index: Index, outcome: Outcome, words: Words) -> str:
    names = {b.id: b.name for b in index.programme.benefits}
    items = [words.fill("entitlement-item", benefit=words.text(names[b]), value=words.incidents(v))
             for b, v in outcome.entitlements.items()]
    return words.fill("list-separator").join(items)


def entitlement_detail(index: Index, outcome: Outcome, words: Words) -> list[dict]:
    """Each entitlement with its benefit's name and the count in words, for the widget."""
    names = {b.id: b.name for b in index.programme.benefits}
    return [{"id": b, "name": words.text(names[b]), "incidents": v, "text": words.incidents(v)}
            for b, v in outcome.entitlements.items()]


def summary(index: Index, flow: Flow, outcome: Outcome, words: Words) -> str:
    """Leads with the first action to take, when there is one, then where to go."""
    if flow.complete:
        route = route_summary(outcome, words)
        entitlements = entitlement_list(index, outcome, words)
        action = next((n for n in outcome.notices if n.level == "action"), None)
        if action:
            return words.fill("summary-complete-first", action=words.text(action.text), route=route, entitlements=entitlements)
        return words.fill("summary-complete", route=route, entitlements=entitlements)
    question = words.text(index.questions[flow.next].text)
    if outcome.entitlements:
        return words.fill("summary-incomplete-known", question=question, entitlements=entitlement_list(index, outcome, words))
    return words.fill("summary-incomplete", question=question)


def route_summary(outcome: Outcome, words: Words) -> str:
    """The route's sentence for this case: a summary case names the benefit it cannot use."""
    if outcome.route is None:
        return ""
    if outcome.summary_case is None:
        return words.text(outcome.route.summary)
    text = words.text(outcome.summary_case.text)
    return PLACEHOLDER.sub(lambda m: covering_benefits(words) if m.group(1) == "benefit" else m.group(0), text)


def covering_benefits(words: Words) -> str:
    """The benefits that cover the answers (e.g. the product), each with its incidents."""
    names = {b.id: b.name for b in words.programme.benefits}
    found = dict.fromkeys(b for q in words.state.answers for b in words.state.covering_benefits(q))
    return words.fill("list-separator").join(
        words.fill("benefit-phrase", benefit=words.text(names[b]), value=words.incidents(words.outcome.entitlements.get(b, 0)))
        for b in found)


def route_detail(route: Route | None, words: Words, outcome: Outcome) -> dict | None:
    """The route's name, link and the steps that apply to these answers."""
    if route is None:
        return None
    steps = [words.text(step) for number, step in enumerate(route.steps, 1) if (route.id, number) not in outcome.hidden_steps]
    return {"id": route.id, "name": words.text(route.name), "summary": words.text(route.summary), "url": route.url,
            "steps": steps, **words.section(route.section)}


def why(outcome: Outcome, words: Words) -> list[dict]:
    """The rules that produced this result, each with where it is written and the answers,
    options or entitlements that decided it (`because`)."""
    state = words.state
    entries = []
    for benefit, (question, option, grant) in outcome.winning_grants.items():
        decided = reasons(grant.when, state) if grant.when else [("option", question, option.id)]
        entries.append(_reason("entitlement", benefit, grant.source, words, decided, _section_of(words, question)))
    if outcome.route:
        route = outcome.route
        case = outcome.summary_case
        decided = reasons(route.when, state) + (reasons(case.when, state) if case else [])
        entries.append(_reason("route", route.id, case.source if case else route.source, words, decided, route.section))
    for route in outcome.alternatives:
        entries.append(_reason("alternative", route.id, route.source, words, reasons(route.alternative_when, state), route.section))
    for notice in outcome.notices:
        entries.append(_reason("notice", notice.id, notice.source, words, reasons(notice.when, state), notice.section))
    return entries


def reason_names(decided: list[Reason], words: Words) -> list[str]:
    """Each reason as the reader knows it: the option's name, or the benefit with its incidents."""
    names = []
    for kind, key, option in dict.fromkeys(decided):
        if kind == "option":
            names.append(words.text(words.state.index.options[key][option].name))
        else:
            benefit = next(b for b in words.programme.benefits if b.id == key)
            value = words.outcome.entitlements.get(key, 0)
            names.append(words.fill("benefit-phrase", benefit=words.text(benefit.name), value=words.incidents(value)))
    return names


def _section_of(words: Words, question: str) -> str | None:
    return next((q.section for q in words.programme.questions if q.id == question), None)


def _reason(kind: str, rule_id: str, source: Source | None, words: Words, decided: list[Reason], section: str | None) -> dict:
    names = reason_names(decided, words)
    return {"kind": kind, "id": rule_id, "because": words.fill("reason-separator").join(names) or None,
            "because_items": [_item(r) for r in dict.fromkeys(decided)],
            "file": source.file if source else None, "line": source.line if source else None,
            "rule": source.path if source else None, **words.section(section)}


def _item(reason: Reason) -> dict:
    kind, key, option = reason
    return {"question": key, "option": option} if kind == "option" else {"benefit": key}
