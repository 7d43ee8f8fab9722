"""Scenario files: answers in, the expected result out, written in YAML by writers.

    - name: Silver with a cloud competency gets unlimited cloud support
      answers: {membership: silver, competencies: security, ...}
      lang: en                      # optional
      expect:
        complete: true
        next: product
        entitlements: {signature-cloud-support: unlimited}   # only the benefits listed
        route: azure-portal
        alternatives: []                                     # exactly these, best first
        notices: [ids-needed-first-time]                     # exactly these, any order
        notices-include: [...]                               # at least these
        notices-exclude: [...]
        summary-contains: [...]
        summary-starts-with: "..."
        why-because: {signature-cloud-support: Security}     # the "because" of a why entry, by rule id
    - name: an option the flow does not offer is refused
      answers: {...}
      expect: {error-contains: [not possible, unlimited]}    # evaluate refuses with these words

These are the expected answers of the guide: when a data change is meant to change an
answer, the scenario that states the old answer fails, naming its file, line and the
value to write instead. `python -m checker check` runs them, and so does pytest
(tests/scenario_files.py). The readers of tests/personas.yml are checked the same way:
their route, alternatives, notices (in the order shown) and the summary's first
sentence in each language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from checker import AnswerError, evaluate
from checker.model import Programme
from checker.problems import dotted
from sitebuild.source.findings import Finding, shown_path
from sitebuild.source.yaml_source import read_file


@dataclass(frozen=True)
class Mismatch:
    path: tuple  # inside the scenario: ("expect", "route")
    message: str


@dataclass(frozen=True)
class Scenario:
    file: str
    index: int
    entry: dict
    locations: dict

    @property
    def name(self) -> str:
        return str(self.entry.get("name", f"#{self.index + 1}"))

    def line(self, path: tuple = ()) -> int:
        for end in range(len(path), -1, -1):
            found = self.locations.get(dotted((self.index,) + path[:end]))
            if found:
                return int(found[0])
        return 0


def read_scenarios(path: Path, shown: str) -> tuple[list[Scenario], list[Finding]]:
    problems: list = []
    content, locations = read_file(path, shown, problems)
    if problems:
        return [], [Finding(p.file, (p.position or (0, 0))[0], p.message + (" " + p.fix if p.fix else "")) for p in problems]
    if not isinstance(content, list):
        return [], [Finding(shown, 1, "a scenario file is a list of scenarios ('- name: ...').")]
    return [Scenario(shown, i, entry, locations) for i, entry in enumerate(content)], []


def answers_of(entry: dict) -> dict[str, str]:
    return {str(k): (",".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in (entry.get("answers") or {}).items()}


def run(programme: Programme, scenario: Scenario) -> tuple[dict | None, list[Mismatch]]:
    """The checker's result for the scenario's answers, and how it differs from `expect`."""
    entry = scenario.entry
    if not isinstance(entry, dict) or "answers" not in entry or "expect" not in entry:
        return None, [Mismatch((), "a scenario needs 'name:', 'answers:' and 'expect:'.")]
    expect = entry["expect"] or {}
    try:
        result = evaluate(programme, answers_of(entry), str(entry.get("lang", programme.languages[0].id)))
    except AnswerError as error:
        if "error-contains" in expect:
            return None, [Mismatch(("expect", "error-contains", i), f"the refusal lacks {text!r}; it reads {str(error)!r}.")
                          for i, text in enumerate(expect["error-contains"] or []) if text not in str(error)]
        return None, [Mismatch(("answers",), f"the answers are not accepted: {error}")]
    if "error-contains" in expect:
        return result, [Mismatch(("expect", "error-contains"), "the checker was expected to refuse these answers, "
                                 "but it gave a result; if that is meant, replace error-contains by what it gives.")]
    return result, list(mismatches(result, expect))


def mismatches(result: dict, expect: dict) -> Iterator[Mismatch]:
    for key in ("complete", "next", "route", "alternatives"):
        if key in expect and result[key] != expect[key]:
            yield _update(("expect", key), expect[key], result[key])
    for benefit, value in (expect.get("entitlements") or {}).items():
        if result["entitlements"].get(benefit) != value:
            yield _update(("expect", "entitlements", benefit), value, result["entitlements"].get(benefit))
    if "notices" in expect and sorted(result["notices"]) != sorted(expect["notices"] or []):
        yield _update(("expect", "notices"), sorted(expect["notices"] or []), sorted(result["notices"]))
    for i, notice in enumerate(expect.get("notices-include") or []):
        if notice not in result["notices"]:
            yield Mismatch(("expect", "notices-include", i), f"notice '{notice}' is expected, the checker shows "
                           f"{_yaml(sorted(result['notices']))}; if that is meant, remove '{notice}' here.")
    for i, notice in enumerate(expect.get("notices-exclude") or []):
        if notice in result["notices"]:
            yield Mismatch(("expect", "notices-exclude", i), f"notice '{notice}' should not be shown, but the checker shows it.")
    for i, text in enumerate(expect.get("summary-contains") or []):
        if text not in result["summary"]:
            yield Mismatch(("expect", "summary-contains", i), f"the summary lacks {text!r}; it reads {result['summary']!r}.")
    start = expect.get("summary-starts-with")
    if start is not None and not result["summary"].startswith(start):
        yield Mismatch(("expect", "summary-starts-with"), f"the summary does not start with {start!r}; it reads {result['summary']!r}.")
    because = {why["id"]: why["because"] for why in result["why"]}
    for rule, text in (expect.get("why-because") or {}).items():
        if because.get(rule) != text:
            yield _update(("expect", "why-because", rule), text, because.get(rule))


def _update(path: tuple, expected: object, actual: object) -> Mismatch:
    return Mismatch(path, f"{dotted(path)} is {_yaml(expected)}, the checker now says {_yaml(actual)}. "
                          f"If the data change is meant, write {_yaml(actual)} there.")


def _yaml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(_yaml, value)) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def scenario_findings(programme: Programme, folder: Path, root: Path) -> list[Finding]:
    """Every failing expectation of every scenario file in `folder`."""
    findings = []
    for path in sorted(folder.glob("*.yml")):
        shown = shown_path(path, root)
        scenarios, problems = read_scenarios(path, shown)
        findings += problems
        for scenario in scenarios:
            _, found = run(programme, scenario)
            findings += [Finding(shown, scenario.line(m.path), f"scenario '{scenario.name}': {m.message}") for m in found]
    return findings


SENTENCE_END = {"en": r"\. ", "ja": "。"}


def first_sentence(text: str, lang: str) -> str:
    """The summary up to its first sentence end, as a reader reads it first."""
    end = re.search(SENTENCE_END.get(lang, r"\. "), text)
    return text[:end.start() + 1] if end else text


def persona_findings(programme: Programme, path: Path, root: Path) -> list[Finding]:
    """Every expectation of tests/personas.yml the checker no longer meets, in each language."""
    shown = shown_path(path, root)
    personas, findings = read_scenarios(path, shown)
    source = programme.languages[0].id
    for persona in personas:
        expect, answers = persona.entry.get("expect") or {}, answers_of(persona.entry)
        for lang in (language.id for language in programme.languages):
            try:
                result = evaluate(programme, answers, lang)
            except AnswerError as error:
                findings.append(Finding(shown, persona.line(("answers",)), f"persona '{persona.name}': the answers are not accepted: {error}"))
                break
            # Route, alternatives and notices are ids, the same in every language: compared once.
            found = [_update(("expect", key), expect[key], result[key]) for key in ("route", "alternatives", "notices")
                     if lang == source and key in expect and result[key] != expect[key]]
            sentence, wanted = first_sentence(result["summary"], lang), (expect.get("first-sentence") or {}).get(lang)
            if wanted is not None and sentence != wanted:
                found.append(Mismatch(("expect", "first-sentence", lang), f"the first sentence in '{lang}' is {wanted!r}, "
                                      f"the checker now says {sentence!r}. If the data change is meant, write that there."))
            findings += [Finding(shown, persona.line(m.path), f"persona '{persona.name}': {m.message}") for m in found]
    return findings
