"""`python -m checker diff`: a data change read as the answer paths it changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tests.data_edits import NEW_NOTICE

pytestmark = pytest.mark.build  # proves both revisions of the whole programme, as a build does

ROUTE_CHANGE = ("membership: Gold competency or Silver competency + product: Microsoft Azure + csp: Yes, for a CSP customer + "
                "activated: Yes, I can see the Access ID and Contract ID + contract: Expired or No incidents left: "
                "route partner-center-csp → paid-support (280 paths)")
SILVER_OTHER = "membership: Silver competency + competencies: Other competencies"


def grant(tier: str, benefit: str, which: int = 0) -> int:
    """A figure of data/tiers.yml as written now (the tests change it, whatever it is)."""
    import yaml

    tiers = yaml.safe_load((DATA / "tiers.yml").read_text(encoding="utf-8"))["option-sets"]["tiers"]
    grants = [g for t in tiers if t["id"] == tier for g in t["grants"] if g["benefit"] == benefit]
    return grants[which]["incidents"]


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
    old = grant("silver", "signature-cloud-support", 1)
    data = changed_copy(tmp_path, "tiers.yml", f"          incidents: {old}\n", f"          incidents: {old + 3}\n")
    done = run_diff("--data", str(data), "--against", str(DATA))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == ["answers:", f"  {SILVER_OTHER}: signature-cloud-support {old} → {old + 3} (460 paths)"]


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
    assert lines == ["answers:", f"  {ROUTE_CHANGE}"]


def test_no_change_says_so():
    done = run_diff("--data", str(DATA), "--against", str(DATA))
    assert done.stdout.strip() == "no change"


def test_markdown_for_a_pull_request(tmp_path):
    old = grant("gold", "product-support")
    data = changed_copy(tmp_path, "tiers.yml", f"          incidents: {old}\n", f"          incidents: {old + 5}\n")
    done = run_diff("--data", str(data), "--against", str(DATA), "--format", "markdown")
    lines = done.stdout.strip().splitlines()
    assert lines[:4] == ["### Answers", "", "| answers | change | paths |", "|---|---|---:|"]
    assert lines[4].startswith(f"| membership: Gold competency | product-support {old} → {old + 5} |")


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
    old = grant("action-pack", "product-support")
    action_pack = f"        - benefit: product-support\n          incidents: {old}\n"
    tiers.write_text(tiers.read_text(encoding="utf-8").replace(action_pack, action_pack.replace(str(old), str(old + 2))), encoding="utf-8")
    done = run_diff("HEAD", cwd=repo)
    assert done.stdout.strip().splitlines() == ["answers:", f"  membership: Microsoft Action Pack: product-support {old} → {old + 2} (245 paths)"]


NEW_ERROR = """  errors:
    - id: contract-id-not-found
      name: {en: “We couldn't find this Contract ID”, ja: 「この Contract ID が見つかりませんでした」}
      message:
        text: {en: We couldn't find this Contract ID, ja: この Contract ID が見つかりませんでした}
        where: {en: The Azure portal, ja: Azure portal}
        meaning: {en: The ID was mistyped., ja: ID の入力ミスです。}
        action: {en: Copy it again., ja: もう一度コピーしてください。}
        section: activation-errors
"""


def test_added_and_removed_records_are_named_with_their_place(tmp_path):
    data = changed_copy(tmp_path, "errors.yml", "  errors:\n", NEW_ERROR)
    text = (data / "competencies.yml").read_text(encoding="utf-8")
    start = text.index("    - id: devops\n")
    end = text.index("    - id:", start + 1)
    (data / "competencies.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    done = run_diff("--data", str(data), "--against", str(DATA))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "records:"
    assert "  + option of set 'errors': 'contract-id-not-found' (data/errors.yml:6:7)" in lines
    assert any(line.startswith("  - option of set 'competencies': 'devops' (was data/competencies.yml:") for line in lines)
    assert "answer path removed" not in done.stdout, "a message no rule reads yet changes no reader's answer"
    assert "\nanswers:" not in done.stdout, "a message no rule reads yet changes no reader's answer"


def test_changed_texts_are_listed_per_language_while_the_translation_is_stale(tmp_path):
    data = changed_copy(tmp_path, "sections.yml", "      en: Next steps", "      en: What to do next")
    done = run_diff("--data", str(data), "--against", str(DATA))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [
        "texts (en):", '  data/sections.yml:59:7: sections.yml sections.next-steps.title: "Next steps" → "What to do next"']


def test_a_new_notice_is_named_and_its_answers_are_grouped_in_markdown(tmp_path):
    data = changed_copy(tmp_path, "notices.yml", "notices:\n", "notices:" + NEW_NOTICE)
    done = run_diff("--data", str(data), "--against", str(DATA), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    line = next(n for n, text in enumerate((data / "notices.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text == "  - id: copy-ids-again")
    assert done.stdout.startswith(f"### Records\n\n- + notice 'copy-ids-again' (data/notices.yml:{line}:5)\n"), done.stdout
    assert "| error: “You are not authorized for this action” | notices +copy-ids-again |" in done.stdout, done.stdout
