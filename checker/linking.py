"""Cross-reference checks over the read model: every id named exists, every condition
reads questions and options that exist, every complete language is complete."""

from __future__ import annotations

import dataclasses
import re

from checker import conditions
from checker.conditions import Answer, BenefitOf, Entitled, Fact
from checker.model import Programme, Question
from checker.problems import Path, did_you_mean
from checker.reading import Reading
from checker.translations import TextEntry, stable_key, translation_status

SINGULAR = {"sections": "section", "classes": "class", "benefits": "entitlement benefit", "option-sets": "option set"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The strings the engine fills in, with the placeholders each must keep.
ENGINE_STRINGS = {
    "summary-complete": {"route", "entitlements"},
    "summary-incomplete": {"question"},
    "summary-incomplete-known": {"question", "entitlements"},
    "entitlement-item": {"benefit", "value"},
    "incidents": {"count"},
    "one-incident": set(),
    "unlimited": set(),
    "not-entitled": set(),
    "list-separator": set(),
    "summary-complete-first": {"action", "route", "entitlements"},
    "benefit-phrase": {"benefit", "value"},
    "reason-separator": set(),
}


def link(programme: Programme, reading: Reading, allow_stale: bool = False) -> Programme:
    """Check references and return the programme with each question's choices resolved."""
    questions = tuple(_resolve_choices(q, programme, reading) for q in programme.questions)
    programme = dataclasses.replace(programme, questions=questions)
    _check_refs(programme, reading)
    _check_sets_used(programme, reading)
    _check_messages(programme, reading)
    _check_conditions(programme, reading)
    _check_step_numbers(programme, reading)
    programme = _check_translations(programme, reading, allow_stale)
    _check_urls(reading)
    _check_engine_strings(programme, reading)
    return programme


def _resolve_choices(question: Question, programme: Programme, reading: Reading) -> Question:
    choices = question.options + programme.option_sets.get(question.options_from, ())  # an unknown set: _check_refs
    file = programme.files.get("questions", "")
    if not choices:
        reading.problem(file, _question_path(programme, question), f"question '{question.id}' has no options.",
                        fix="Add 'options:' or 'options-from:'.")
    seen: set[str] = set()
    for option in choices:
        if option.id in seen:
            reading.problem(file, _question_path(programme, question), f"option id '{option.id}' appears twice in question '{question.id}'.")
        seen.add(option.id)
    return dataclasses.replace(question, choices=choices)


def _check_sets_used(programme: Programme, reading: Reading) -> None:
    """An option set no question offers would be data nobody sees."""
    used = {q.options_from for q in programme.questions}
    for name in programme.option_sets:
        if name not in used:
            reading.problem(programme.files.get(f"option-sets.{name}", ""), ("option-sets", name),
                            f"no question offers the option set '{name}'.",
                            fix=f"Add 'options-from: {name}' to a question in {programme.files.get('questions', 'questions.yml')}, "
                                "or remove the set.")


def _question_path(programme: Programme, question: Question) -> Path:
    return ("questions", next(i for i, q in enumerate(programme.questions) if q.id == question.id))


def _check_refs(programme: Programme, reading: Reading) -> None:
    known = {
        "sections": [s.id for s in programme.sections],
        "classes": [c.id for c in programme.classes],
        "benefits": [b.id for b in programme.benefits if b.kind == "entitlement"],
        "option-sets": list(programme.option_sets),
    }
    _check_ref_values(known, reading)


def _check_messages(programme: Programme, reading: Reading) -> None:
    """A message is looked up by its option's id (pages, the checker's lookup): one id, one message."""
    seen: dict[str, str] = {}
    for question in programme.questions:
        for option in question.choices:
            first = seen.setdefault(option.id, question.id) if option.message else question.id
            if first != question.id:
                reading.problem(programme.files.get("questions", ""), _question_path(programme, question),
                                f"questions '{first}' and '{question.id}' both offer the message '{option.id}'.",
                                fix="Offer each message in one question.")


def _check_ref_values(known: dict[str, list[str]], reading: Reading) -> None:
    for target, value, file, path in reading.refs:
        _expect(value in known[target], reading, file, path, value, known[target], f"unknown {SINGULAR[target]} '{value}'.")


def check_unreadable(merged: dict, reading: Reading) -> None:
    """When some records could not be read, the checks that need only what was read:
    so a typo, a wrong type and a missing translation in three files show in one run."""
    def ids(key: str, kind: str | None = None) -> list[str]:
        records = merged.get(key) if isinstance(merged.get(key), list) else []
        return [r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str) and kind in (None, r.get("kind"))]

    sets = merged.get("option-sets") if isinstance(merged.get("option-sets"), dict) else {}
    _check_ref_values({"sections": ids("sections"), "classes": ids("classes"), "benefits": ids("benefits", "entitlement"),
                       "option-sets": [name for name in sets if isinstance(name, str)]}, reading)
    languages = merged.get("languages") if isinstance(merged.get("languages"), list) else []
    complete = [lang["id"] for lang in languages
                if isinstance(lang, dict) and isinstance(lang.get("id"), str) and lang.get("status") == "complete"]
    _check_missing_translations(reading, complete)


def _expect(ok: bool, reading: Reading, file: str, path: Path, value: str, allowed: list[str], message: str) -> None:
    if not ok:
        reading.problem(file, path, message, allowed=tuple(allowed), suggestion=did_you_mean(value, allowed))


def _rules(programme: Programme):
    """(condition, file, kind, position) for every condition in the data, in reading order."""
    for name, options in programme.option_sets.items():
        for option in options:
            for grant in option.grants:
                if grant.when:
                    yield grant.when, programme.files.get(f"option-sets.{name}", ""), "grant", None
    for index, question in enumerate(programme.questions):
        for option in question.options:
            for grant in option.grants:
                if grant.when:
                    yield grant.when, programme.files["questions"], "grant", None
        if question.ask_when:
            yield question.ask_when, programme.files["questions"], "ask-when", index
        for option in question.choices:
            if option.offer_when:
                yield option.offer_when, programme.files["questions"], "ask-when", index
    for index, fact in enumerate(programme.facts):
        yield fact.when, programme.files["facts"], "fact", index
    for route in programme.routes:
        yield route.when, programme.files["routes"], "route", None
        if route.alternative_when:
            yield route.alternative_when, programme.files["routes"], "route", None
        for case in route.summaries:
            yield case.when, programme.files["routes"], "route", None
        for step in route.step_when:
            yield step.when, programme.files["routes"], "route", None
    for notice in programme.notices:
        yield notice.when, programme.files["notices"], "notice", None


def _check_conditions(programme: Programme, reading: Reading) -> None:
    questions = {q.id: q for q in programme.questions}
    order = [q.id for q in programme.questions]
    facts = [f.id for f in programme.facts]
    benefits = [b.id for b in programme.benefits if b.kind == "entitlement"]
    fact_reads = {}
    for condition, file, kind, position in _rules(programme):
        reads = _check_condition(condition, file, questions, facts[:position] if kind == "fact" else facts, benefits, reading)
        reads |= {q for f in _facts_in(condition) for q in fact_reads.get(f, set())}
        if kind == "fact":
            fact_reads[facts[position]] = reads
        if kind == "ask-when":
            _check_asked_above(order, position, reads, file, condition, reading, programme)


def _facts_in(condition) -> set[str]:
    return {node.fact for node in conditions.walk(condition) if isinstance(node, Fact)}


def _check_condition(condition, file, questions, facts, benefits, reading) -> set[str]:
    """Checks one condition; returns the questions it reads (entitlements read every question)."""
    reads: set[str] = set()
    for node in conditions.walk(condition):
        if isinstance(node, Answer):
            reads.add(node.question)
            _check_answer(node, file, questions, reading)
        elif isinstance(node, Fact):
            _expect(node.fact in facts, reading, file, node.path, node.fact, facts,
                    f"unknown fact '{node.fact}' (a fact may use only facts defined above it).")
        elif isinstance(node, Entitled):
            _expect(node.benefit in benefits, reading, file, node.path, node.benefit, benefits,
                    f"'{node.benefit}' is not a benefit of kind 'entitlement'.")
            reads.add("*entitlements")
        elif isinstance(node, BenefitOf):
            reads |= {node.question, "*entitlements"}
            _check_benefit_of(node, file, questions, reading)
    return reads


def _check_step_numbers(programme: Programme, reading: Reading) -> None:
    for index, route in enumerate(programme.routes):
        for position, condition in enumerate(route.step_when):
            if not 1 <= condition.step <= len(route.steps):
                reading.problem(programme.files["routes"], ("routes", index, "step-when", position, "step"),
                                f"route '{route.id}' has no step {condition.step}; its steps are 1 to {len(route.steps)}.",
                                fix="Give the number of one of the route's steps, counting from 1.")


def _check_benefit_of(node: BenefitOf, file: str, questions: dict[str, Question], reading: Reading) -> None:
    question = questions.get(node.question)
    if question is None:
        _expect(False, reading, file, node.path + ("benefit-of",), node.question, list(questions), f"unknown question '{node.question}'.")
    elif not any(o.benefit for o in question.choices):
        reading.problem(file, node.path + ("benefit-of",), f"no option of question '{node.question}' names a 'benefit'.",
                        fix=f"Add 'benefit: <benefit id>' to the options of '{node.question}', or test another question.")


def _check_answer(node: Answer, file: str, questions: dict[str, Question], reading: Reading) -> None:
    question = questions.get(node.question)
    if question is None:
        _expect(False, reading, file, node.path + ("question",), node.question, list(questions), f"unknown question '{node.question}'.")
        return
    option_ids = [o.id for o in question.choices]
    if node.option_class is not None:
        classes = sorted({o.class_ for o in question.choices if o.class_})
        _expect(node.option_class in classes, reading, file, node.path + ("class",), node.option_class, classes,
                f"no option of question '{question.id}' has class '{node.option_class}'.")
    for option in sorted(node.options):
        _expect(option in option_ids, reading, file, node.path, option, option_ids,
                f"question '{question.id}' has no option '{option}'.")


def _check_asked_above(order, position, reads, file, condition, reading, programme) -> None:
    above = set(order[:position])
    grant_questions = {q.id for q in programme.questions if any(o.grants for o in q.choices)}
    if "*entitlements" in reads:
        reads = (reads - {"*entitlements"}) | grant_questions | _grant_reads(programme)
    for question in sorted(reads - above):
        reading.problem(file, _condition_place(condition, ("questions", position, "ask-when")),
                        f"'ask-when' or 'offer-when' of '{order[position]}' depends on question '{question}', which is not asked before it.",
                        fix="Move the question above, or change the condition.")


def _condition_place(condition, fallback: Path) -> Path:
    """The path of the condition's first located node (an offer-when sits inside an option)."""
    located = next((node.path for node in conditions.walk(condition) if getattr(node, "path", ())), None)
    return located or fallback


def _grant_reads(programme: Programme) -> set[str]:
    return {node.question for q in programme.questions for o in q.choices for g in o.grants if g.when
            for node in conditions.walk(g.when) if isinstance(node, Answer)}


def _check_translations(programme: Programme, reading: Reading, allow_stale: bool) -> Programme:
    languages = [lang.id for lang in programme.languages]
    complete = [lang.id for lang in programme.languages if lang.status == "complete"]
    for lang in programme.translations:
        _expect(lang in languages, reading, programme.files.get("translations", ""), ("translations", lang), lang, languages,
                f"unknown language '{lang}'.")
    programme = dataclasses.replace(programme, texts=tuple(
        TextEntry(stable_key(file, path, reading.ids), text, file, path) for text, file, path in reading.texts))
    if not allow_stale:
        for status in translation_status(programme):
            for entry in status.stale if status.status == "complete" else ():
                reading.problem(entry.file, entry.path + (status.lang,), f"stale '{status.lang}' translation: the "
                                f"{languages[0]} text changed after it was translated.",
                                fix=f"Update it, then run: python -m checker i18n --accept {status.lang} '{entry.key}'")
    for text, file, path in reading.texts:
        for lang in text.values:
            _expect(lang in languages, reading, file, path + (lang,), lang, languages, f"unknown language '{lang}'.")
    _check_missing_translations(reading, complete)
    return programme


def _check_missing_translations(reading: Reading, complete: list[str]) -> None:
    for text, file, path in reading.texts:
        for lang in complete:
            if lang not in text.values:
                reading.problem(file, path, f"missing '{lang}' translation.",
                                fix=f"Add '{lang}: ...' beside the other languages, or mark '{lang}' as draft in languages.yml.")


def _check_urls(reading: Reading) -> None:
    for url, file, path in reading.urls:
        if not (url.startswith("https://") or re.match(r"^([a-z0-9][a-z0-9/_.#-]*)?$", url)):
            reading.problem(file, path, f"link '{url}' is neither https nor a page of the site.",
                            fix="Use an https:// address or a site path such as 'activate/'.")


def _check_engine_strings(programme: Programme, reading: Reading) -> None:
    file = programme.files.get("strings", "")
    for key, placeholders in ENGINE_STRINGS.items():
        text = programme.strings.get(key)
        if text is None:
            reading.problem(file, ("strings",), f"missing string '{key}', which the checker needs.", fix=f"Add '{key}:' with a text in each language.")
            continue
        for lang, value in text.values.items():
            found = set(PLACEHOLDER.findall(value))
            if found != placeholders:
                reading.problem(file, ("strings", key, lang), f"placeholders {sorted(found)} differ from the expected {sorted(placeholders)}.",
                                fix="Keep exactly the placeholders of the English text.")
