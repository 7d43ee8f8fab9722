"""Two figure changes on one copy of the project, made as the writers' guide says:
its own example (Gold's product support 20 → 25), then Silver's Signature Cloud Support
without a cloud competency (5 → 6), which readers see in sentences. `check` names each
expected answer to update (file, line, value); after editing only YAML, check and the
tests that state figures pass."""

from __future__ import annotations

import pytest

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.contract_oracle import figures
from tests.site_build import PROJECT_PARTS, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

PARTS = [*PROJECT_PARTS, "schemas", "tests", "pyproject.toml"]
UPDATE = re.compile(r"^(?P<file>tests/scenarios/[\w.-]+\.yml):(?P<line>\d+): scenario '.*': (?P<path>[\w.\[\]-]+) is (?P<old>\S+), "
                    r"the checker now says (?P<new>\S+)\. If the data change is meant, write (?P=new) there\.$")
# The tests that state the guide's figures: the scenarios, the contract's oracle (which takes
# its figures from the scenarios) and the pages' facts. The other tests read the figures from
# the scenarios or the data.
FIGURE_TESTS = ["tests/scenarios", "tests/test_contract.py", "tests/test_personas.py", "tests/test_site_pages.py", "-k",
                "scenario or figure or fact or entitlement or contract or persona"]
NAMED_LINE = re.compile(r"^(?P<file>tests/[\w./-]+\.yml):(?P<line>\d+): (?:scenario|persona) '.*': .*"
                        r"(?:now says|it reads|If the data change is meant)")


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the code is the project's; the data and tests are the copy's
    return subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True, timeout=600, env=env)


def copy_of_the_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", PARTS)


def change_gold_as_the_guide_says(project: Path) -> None:
    tiers = project / "data/tiers.yml"
    text = tiers.read_text(encoding="utf-8")
    gold = text.index("id: gold")
    old = figures()["product-support"]["gold"]  # 20 in the guide's example, which makes it 25
    tiers.write_text(text[:gold] + text[gold:].replace(f"incidents: {old}", f"incidents: {old + 5}", 1), encoding="utf-8")

    first = run(project, "-m", "checker", "check")
    assert first.returncode == 1, first.stdout + first.stderr
    updates = [UPDATE.match(line) for line in first.stderr.splitlines()]
    assert updates and all(updates), f"every problem names a scenario's file:line and the value to write:\n{first.stderr}"
    for update in updates:
        path, number = project / update["file"], int(update["line"])
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        key = update["path"].split(".")[-1]
        assert f"{key}: {update['old']}" in lines[number - 1], (update.group(0), lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(f"{key}: {update['old']}", f"{key}: {update['new']}", 1)
        path.write_text("".join(lines), encoding="utf-8")


def change_silver_in_sentences(project: Path) -> None:
    """Each line `check` names gets the new figure, as a writer would write it."""
    old = figures()["signature-cloud-support"]["silver"]["other"]
    tiers = project / "data/tiers.yml"
    text = tiers.read_text(encoding="utf-8")
    silver = text.index("id: silver")
    at = text.index(f"incidents: {old}\n", text.index("benefit: signature-cloud-support\n          incidents:", silver))
    tiers.write_text(text[:at] + f"incidents: {old + 1}\n" + text[at + len(f"incidents: {old}\n"):], encoding="utf-8")

    first = run(project, "-m", "checker", "check")
    named = [NAMED_LINE.match(line) for line in first.stderr.splitlines()]
    assert first.returncode == 1 and named and all(named), first.stderr
    assert any(m["file"] == "tests/personas.yml" for m in named), first.stderr
    for place in {(m["file"], int(m["line"])) for m in named}:
        path = project / place[0]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        edited = re.sub(rf"(?<![\d.]){old}(?![\d.])", str(old + 1), lines[place[1] - 1])
        assert edited != lines[place[1] - 1], (place, lines[place[1] - 1])
        lines[place[1] - 1] = edited
        path.write_text("".join(lines), encoding="utf-8")


def test_figure_changes_need_yaml_edits_only(tmp_path):
    project = copy_of_the_project(tmp_path)
    change_gold_as_the_guide_says(project)
    change_silver_in_sentences(project)
    second = run(project, "-m", "checker", "check")
    assert second.returncode == 0, second.stderr
    suite = run(project, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *FIGURE_TESTS)
    assert suite.returncode == 0, suite.stdout[-3000:]
