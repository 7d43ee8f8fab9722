"""`python -m checker check`: everything a build checks, and the writers' scenarios.

In one run, every problem of every file: the data (checker.load), the proof of the
rules, the pages in every language (sitebuild/pages/page_check.py: macro calls, links,
typed figures, sections' pages and anchors, missing translations) and the expected
answers in tests/scenarios/*.yml. A failure the build can report is reported here too
(tests/test_check_agrees_with_build.py holds that promise).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from checker import DataErrors
from checker.index import index_of
from sitebuild.rules.proof import DEFAULT_LIMIT, prove
from sitebuild.source.findings import Finding

SCENARIOS = Path("tests") / "scenarios"
PERSONAS = Path("tests") / "personas.yml"  # the readers the guide serves, checked like scenarios


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)  # each problem, one line with its place
    counts: dict[str, int] = field(default_factory=dict)  # problems per part
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per part
    paths: int = 0
    version: str = ""

    @property
    def ok(self) -> bool:
        return not self.lines

    def add(self, part: str, lines: list[str], started: float) -> None:
        self.lines += lines
        self.counts[part] = len(lines)
        self.timings[part] = 1000 * (time.perf_counter() - started)

    def summary(self) -> str:
        state = "ok" if self.ok else "FAILED"
        parts = ", ".join(f"{part} {count}" for part, count in self.counts.items() if count)
        count = len(self.lines)
        problems = f"{count} problem{'s' if count != 1 else ''}" + (f" ({parts})" if parts else "")
        times = ", ".join(f"{part} {ms:.0f} ms" for part, ms in self.timings.items())
        rules = f" (rules {self.version})" if self.version else ""
        paths = f"{self.paths} answer paths, " if "proof" in self.timings else ""
        return f"checker: {state}: {paths}{problems}; {times}{rules}"


def check_project(data_dir: Path, limit: int = DEFAULT_LIMIT) -> CheckReport:
    """Check the data in `data_dir`, and the pages and scenarios of its project when
    it sits in one (a folder with mkdocs.yml beside the data)."""
    report = CheckReport()
    started = time.perf_counter()
    data = _load(report, data_dir, started)
    if data is None:
        return report
    report.version = data.programme.version
    started = time.perf_counter()
    proof = prove(index_of(data.programme), limit)
    report.paths = len(proof.rows)
    report.add("proof", [f"checker: {failure}" for failure in proof.failures], started)
    root = data_dir.resolve().parent
    if (root / "mkdocs.yml").is_file():
        _check_pages(report, root, data)
    if (root / SCENARIOS).is_dir():
        _check_scenarios(report, root, data.programme)
    if (root / "schemas").is_dir():
        _check_schemas(report, root, data)
    return report


def _check_schemas(report: CheckReport, root: Path, data) -> None:
    """The editors' schemas list the data's ids: a new id needs them regenerated."""
    from sitebuild.rules.schema import all_schemas

    started = time.perf_counter()
    schemas = all_schemas(data.programme, data.documents)
    stale = [name for name, text in schemas.items()
             if not (root / "schemas" / name).is_file() or (root / "schemas" / name).read_text(encoding="utf-8") != text]
    lines = [f"schemas/: {', '.join(stale)} out of date (the data's ids changed): run python -m checker schema"] if stale else []
    report.add("schemas", lines, started)


def _load(report: CheckReport, data_dir: Path, started: float):
    """The validated data, or None. Stale translations are problems, but the pages are
    still checked with the data as it is (as the build shows them)."""
    from sitebuild.source.site_data import load_site_data

    try:
        data = load_site_data(data_dir)
        report.add("validation", [], started)
        return data
    except DataErrors as errors:
        report.add("data", [p.format(errors.locate) for p in errors.problems], started)
        report.timings["validation"] = report.timings.pop("data")
    try:
        return load_site_data(data_dir, allow_stale=True)
    except DataErrors:
        return None


def _check_pages(report: CheckReport, root: Path, data) -> None:
    from sitebuild.pages.page_check import check_pages, read_site_config

    started = time.perf_counter()
    findings = check_pages(root / "mkdocs.yml", data) + _stale_pages(root, read_site_config(root / "mkdocs.yml").docs, data)
    report.add("pages", _formatted(findings), started)


def _stale_pages(root: Path, docs: Path, data) -> list[Finding]:
    """Page prose translated from an older source page (data strings: checker.load)."""
    from sitebuild.pages.page_translations import page_states

    return [Finding(s.translation_file.relative_to(root).as_posix(), 0,
                    f"stale '{s.lang}' translation: {s.source_file.relative_to(root).as_posix()} changed after it was "
                    f"translated. Update it, then run: python -m checker i18n --accept {s.lang} '{s.key}'")
            for s in page_states(root, docs, data.programme.languages)
            if s.state == "stale" and not data.is_draft(s.lang)]


def _check_scenarios(report: CheckReport, root: Path, programme) -> None:
    from sitebuild.source.scenarios import persona_findings, scenario_findings

    started = time.perf_counter()
    findings = scenario_findings(programme, root / SCENARIOS, root)
    if (root / PERSONAS).is_file():
        findings += persona_findings(programme, root / PERSONAS, root)
    report.add("scenarios", _formatted(findings), started)


def _formatted(findings: list[Finding]) -> list[str]:
    return [finding.format() for finding in findings]
