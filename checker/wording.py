"""Puts an outcome into the contract's result shape, in the reader's language."""

from __future__ import annotations

import re

from checker.flow import Flow
from checker.index import Index
from checker.model import Programme, Section, Source
from checker.outcome import Outcome
from checker.types import UNLIMITED, Incidents, Text

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def describe_outcome(index: Index, flow: Flow, outcome: Outcome, lang: str) -> dict:
    programme = index.programme
    words = Words(programme, lang)
    return {
        "complete": flow.complete,
        "next": flow.next,
        "entitlements": dict(outcome.entitlements),
        "route": outcome.route.id if outcome.route else None,
        "notices": [n.id for n in outcome.notices],
        "summary": summary(index, flow, outcome, words),
        "lang": lang,
        "version": programme.version,
        "asked": list(flow.asked),
        "entitlement_detail": entitlement_detail(index, outcome, words),
        "route_detail": route_detail(outcome, words),
        "notice_detail": [{"id": n.id, "level": n.level, "text": words.text(n.text), **words.section(n.section)}
                          for n in outcome.notices],
        "why": why(outcome, words),
    }


class Words:
    """Strings of one language, with the source language standing in for drafts."""

    def __init__(self, programme: Programme, lang: str):
        self.programme = programme
        self.lang = lang
        self.source_lang = programme.languages[0].id
        self.sections = {s.id: s for s in programme.sections}

    def text(self, text: Text | None) -> str:
        return text.get(self.lang, self.source_lang) if text else ""

    def fill(self, key: str, **values: str) -> str:
        template = self.text(self.programme.strings[key])
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)

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
    if flow.complete:
        route = words.text(outcome.route.summary) if outcome.route else ""
        return words.fill("summary-complete", route=route, entitlements=entitlement_list(index, outcome, words))
    question = words.text(index.questions[flow.next].text)
    if outcome.entitlements:
        return words.fill("summary-incomplete-known", question=question, entitlements=entitlement_list(index, outcome, words))
    return words.fill("summary-incomplete", question=question)


def route_detail(outcome: Outcome, words: Words) -> dict | None:
    route = outcome.route
    if route is None:
        return None
    return {"name": words.text(route.name), "summary": words.text(route.summary), "url": route.url,
            "steps": [words.text(step) for step in route.steps], **words.section(route.section)}


def why(outcome: Outcome, words: Words) -> list[dict]:
    """The rules that produced this result, each with where it is written and why."""
    entries = []
    for benefit, (question, option, grant) in outcome.winning_grants.items():
        entries.append(_reason("entitlement", benefit, grant.source, words, option.name, _section_of(words, question)))
    if outcome.route:
        entries.append(_reason("route", outcome.route.id, outcome.route.source, words, outcome.route.name, outcome.route.section))
    for notice in outcome.notices:
        entries.append(_reason("notice", notice.id, notice.source, words, None, notice.section))
    return entries


def _section_of(words: Words, question: str) -> str | None:
    return next((q.section for q in words.programme.questions if q.id == question), None)


def _reason(kind: str, rule_id: str, source: Source | None, words: Words, label: Text | None, section: str | None) -> dict:
    return {"kind": kind, "id": rule_id, "because": words.text(label) if label else None,
            "file": source.file if source else None, "line": source.line if source else None,
            "rule": source.path if source else None, **words.section(section)}
