"""`python -m checker diff`: a data change read as the answer paths it changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

ROUTE_CHANGE = ("membership: Gold competency or Silver competency + product: Microsoft Azure + csp: Yes, for a CSP customer + "
                "activated: Yes, I can see the Access ID and Contract ID + contract: Expired or No incidents left: "
                "route partner-center-csp → paid-support (280 paths)")
SILVER_OTHER = "membership: Silver competency + competencies: Other competencies"


def changed_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    (data / file).write_text(text.replace(old, new), encoding="utf-8")
    return data


def run_diff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "diff", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_one_entitlement_change_reads_as_one_line(tmp_path):
    data = changed_copy(tmp_path, "tiers.yml", "        incidents: 5\n", "        incidents: 8\n")
    done = run_diff("--data", str(data), "--against", str(DATA))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [f"{SILVER_OTHER}: signature-cloud-support 5 → 8 (460 paths)"]


def test_a_route_change_reads_as_one_line(tmp_path):
    spent = "{question: contract, in: [expired, no-incidents-left]}"
    data = changed_copy(tmp_path, "routes.yml", "    when: {fact: csp-azure-request}\n",
                        f"    when: {{all: [{{fact: csp-azure-request}}, {{not: {spent}}}]}}\n")
    text = (data / "routes.yml").read_text(encoding="utf-8").replace(
        "        - {not: {fact: benefit-available}}\n        - {not: {fact: csp-azure-request}}\n",
        f"        - {{not: {{fact: benefit-available}}}}\n        - any: [{{not: {{fact: csp-azure-request}}}}, {spent}]\n")
    (data / "routes.yml").write_text(text, encoding="utf-8")
    done = run_diff("--data", str(data), "--against", str(DATA))
    lines = done.stdout.strip().splitlines()
    assert lines == [ROUTE_CHANGE]


def test_no_change_says_so():
    done = run_diff("--data", str(DATA), "--against", str(DATA))
    assert done.stdout.strip() == "no change"


def test_markdown_for_a_pull_request(tmp_path):
    data = changed_copy(tmp_path, "tiers.yml", "        incidents: 20\n", "        incidents: 25\n")
    done = run_diff("--data", str(data), "--against", str(DATA), "--format", "markdown")
    lines = done.stdout.strip().splitlines()
    assert lines[:2] == ["| answers | change | paths |", "|---|---|---:|"]
    assert lines[2].startswith("| membership: Gold competency | product-support 20 → 25 |")


@pytest.mark.skipif(not shutil.which("git"), reason="git is needed for diff against a commit")
def test_diff_against_a_git_commit(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "data"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=repo, check=True)
    assert run_diff(cwd=repo).stdout.strip() == "no change"
    tiers = repo / "data" / "tiers.yml"
    action_pack = "      - benefit: product-support\n        incidents: 10\n"
    tiers.write_text(tiers.read_text(encoding="utf-8").replace(action_pack, action_pack.replace("10", "12")), encoding="utf-8")
    done = run_diff("HEAD", cwd=repo)
    assert done.stdout.strip().splitlines() == ["membership: Microsoft Action Pack: product-support 10 → 12 (245 paths)"]
