"""Scenario files: answers in, expected result out, written in YAML by anyone.

    - name: Silver with a cloud competency gets unlimited cloud support
      answers: {membership: silver, competencies: security, ...}
      lang: en                      # optional
      expect:
        complete: true
        entitlements: {signature-cloud-support: unlimited}   # only the benefits listed
        route: azure-portal
        alternatives: []                                     # exactly these, best first
        notices: [ids-needed-first-time]                     # exactly these, any order
        notices-include: [...]                               # at least these
        summary-contains: [...]
        summary-starts-with: "..."
        why-because: {signature-cloud-support: Security}     # the "because" of a why entry, by rule id
    - name: an option the flow does not offer is refused
      answers: {...}
      expect: {error-contains: [not possible, unlimited]}      # evaluate refuses with these words
"""

from __future__ import annotations

import pytest
import yaml

from checker import AnswerError, evaluate, load
from sitebuild.yaml_source import read_data_dir
from tests.conftest import DATA

_programme = None


def shared_programme():
    global _programme
    if _programme is None:
        _programme = load(*read_data_dir(DATA))
    return _programme


class ScenarioFile(pytest.File):
    def collect(self):
        for entry in yaml.safe_load(self.path.read_text(encoding="utf-8")):
            yield ScenarioItem.from_parent(self, name=entry["name"], entry=entry)


class ScenarioItem(pytest.Item):
    def __init__(self, *, entry: dict, **kwargs):
        super().__init__(**kwargs)
        self.entry = entry

    def runtest(self) -> None:
        answers = {k: (",".join(v) if isinstance(v, list) else str(v)) for k, v in self.entry["answers"].items()}
        if "error-contains" in self.entry["expect"]:
            problems = list(refusal_mismatches(answers, self.entry))
            if problems:
                raise ScenarioFailure(self.entry, {"route": None, "entitlements": {}, "notices": []}, problems)
            return
        result = evaluate(shared_programme(), answers, self.entry.get("lang", "en"))
        problems = list(mismatches(result, self.entry["expect"]))
        if problems:
            raise ScenarioFailure(self.entry, result, problems)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailure(AssertionError):
    def __init__(self, entry: dict, result: dict, problems: list[str]):
        answers = " ".join(f"{k}={v}" for k, v in entry["answers"].items())
        super().__init__(f"Scenario '{entry['name']}'\n  answers: {answers}\n  " + "\n  ".join(problems)
                         + f"\n  got: route={result['route']} entitlements={result['entitlements']} notices={result['notices']}")


def refusal_mismatches(answers: dict, entry: dict):
    try:
        evaluate(shared_programme(), answers, entry.get("lang", "en"))
    except AnswerError as error:
        for text in entry["expect"]["error-contains"]:
            if text not in str(error):
                yield f"expected the error to contain {text!r}: {error}"
        return
    yield "expected the checker to refuse these answers, it gave a result"


def mismatches(result: dict, expect: dict):
    for key in ("complete", "next", "route", "alternatives"):
        if key in expect and result[key] != expect[key]:
            yield f"expected {key} {expect[key]!r}, the checker says {result[key]!r}"
    for benefit, value in expect.get("entitlements", {}).items():
        if result["entitlements"].get(benefit) != value:
            yield f"expected {benefit} = {value!r}, the checker says {result['entitlements'].get(benefit)!r}"
    if "notices" in expect and sorted(result["notices"]) != sorted(expect["notices"]):
        yield f"expected notices exactly {sorted(expect['notices'])}, the checker shows {sorted(result['notices'])}"
    for notice in expect.get("notices-include", []):
        if notice not in result["notices"]:
            yield f"expected notice '{notice}' among {result['notices']}"
    for notice in expect.get("notices-exclude", []):
        if notice in result["notices"]:
            yield f"notice '{notice}' should not be shown"
    if "summary-starts-with" in expect and not result["summary"].startswith(expect["summary-starts-with"]):
        yield f"expected the summary to start with {expect['summary-starts-with']!r}: {result['summary']!r}"
    because = {entry["id"]: entry["because"] for entry in result["why"]}
    for rule, text in expect.get("why-because", {}).items():
        if because.get(rule) != text:
            yield f"expected why '{rule}' because {text!r}, the checker says {because.get(rule)!r}"
    for text in expect.get("summary-contains", []):
        if text not in result["summary"]:
            yield f"expected the summary to contain {text!r}: {result['summary']!r}"
