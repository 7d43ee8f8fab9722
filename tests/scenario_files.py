"""Scenario files: answers in, expected result out, written in YAML by anyone.

    - name: Silver with a cloud competency gets unlimited cloud support
      answers: {membership: silver, competencies: security, ...}
      lang: en                      # optional
      expect:
        complete: true
        entitlements: {signature-cloud-support: unlimited}   # only the benefits listed
        route: azure-portal
        notices: [ids-needed-first-time]                     # exactly these, any order
        notices-include: [...]                               # at least these
        summary-contains: [...]
"""

from __future__ import annotations

import pytest
import yaml

from checker import evaluate, load
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


def mismatches(result: dict, expect: dict):
    for key in ("complete", "next", "route"):
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
    for text in expect.get("summary-contains", []):
        if text not in result["summary"]:
            yield f"expected the summary to contain {text!r}: {result['summary']!r}"
