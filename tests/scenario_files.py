"""pytest collects tests/scenarios/*.yml: one test per scenario (sitebuild/source/scenarios.py
says what a scenario holds). `python -m checker check` runs the same files."""

from __future__ import annotations

import pytest

from checker import load
from sitebuild.source.scenarios import read_scenarios, run
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, ROOT

_programme = None


def shared_programme():
    global _programme
    if _programme is None:
        _programme = load(*read_data_dir(DATA))
    return _programme


class ScenarioFile(pytest.File):
    def collect(self):
        shown = self.path.relative_to(ROOT).as_posix() if self.path.is_relative_to(ROOT) else str(self.path)
        scenarios, problems = read_scenarios(self.path, shown)
        if problems:
            raise ScenarioFailure("\n".join(p.format() for p in problems))
        for scenario in scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario, **kwargs):
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        result, found = run(shared_programme(), self.scenario)
        if found:
            lines = [f"{self.scenario.file}:{self.scenario.line(m.path)}: {m.message}" for m in found]
            answers = " ".join(f"{k}={v}" for k, v in (self.scenario.entry.get("answers") or {}).items())
            got = f"\n  got: route={result['route']} entitlements={result['entitlements']} notices={result['notices']}" if result else ""
            raise ScenarioFailure(f"Scenario '{self.scenario.name}'\n  answers: {answers}\n  " + "\n  ".join(lines) + got)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.scenario.line(), f"scenario: {self.name}"


class ScenarioFailure(AssertionError):
    """A scenario's expectation that the checker does not meet: its file, line and value."""
