"""`python -m checker check` reports every failure the build can report, at the same place.

Each case is a writer's mistake made on a copy of the project; the strict build must
fail, and check must fail too, naming every file:line the build names (or, for a
problem the build names without a line, the same file). Cases that only warn share one
build, as warnings do not stop it.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitebuild.commands.project_check import check_project
from tests.contract_oracle import figures
from tests.data_edits import NEW_NOTICE
from tests.site_build import build_site, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

LOCATED = re.compile(r"\b((?:content|data)/[\w./-]+\.(?:md|yml)):(\d+)")

GOLD = figures()["product-support"]["gold"]
# name -> edits (file, old, new; an empty `new` with old None deletes the file)
CASES = {
    "a number written in words": [("data/tiers.yml", f"incidents: {GOLD}", "incidents: twenty")],
    "a typo in a macro's argument": [("content/activate.md", 'benefit_name("product-support")', 'benefit_name("product-suport")')],
    "an unknown macro": [("content/ja/activate.md", '{{ procedure("activate") }}', '{{ procedur("activate") }}')],
    "a new notice without its page string": [("data/notices.yml", "notices:\n", "notices:" + NEW_NOTICE)],
    "a complete language's missing page": [("content/ja/csp.md", None, None)],
    "a section's heading left out": [("content/ja/activate.md", '{{ heading("activation-errors") }}', "## エラー")],
    "a nav section without a page string": [("mkdocs.yml", "  - nav-writers:", "  - nav-writer:")],
    "English texts changed after their translation": [
        ("data/sections.yml", "      en: Next steps", "      en: What to do next"),
        ("content/next-steps.md", "In this guide:", "Elsewhere in this guide:")],
    "an unknown question in a table": [("content/decision-table.md", "[membership, product,", "[membership, prodct,")],
    "warnings: a broken link, a wrong anchor, a typed figure, macros without front matter": [
        ("content/index.md", "(activate.md#roles)", "(activat.md#roles)"),
        ("content/writers/index.md", "(changes.md)", "(changes.md#entitlment)"),
        ("content/ja/next-steps.md", "\n\n", f"\n\nゴールドは {GOLD} 件です。\n\n"),
        ("content/writers/translations.md", "# Translations", "# Translations {{ word('x') }}"),
        ("content/ja/csp.md", "\n\n", '\n\n<p style="color: red">赤い文字</p>\n\n'),
    ],
}


def project_with(tmp_path: Path, edits) -> Path:
    copy_project(tmp_path)
    for file, old, new in edits:
        path = tmp_path / file
        if old is None:
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("case", list(CASES))
def test_check_reports_what_the_build_reports(tmp_path, case):
    project = project_with(tmp_path, CASES[case])
    with ThreadPoolExecutor(1) as side:  # the build runs in its own process while check runs here
        building = side.submit(build_site, project / "site", config=project / "mkdocs.yml", cwd=project, check=False)
        report = check_project(project / "data")
        built = building.result()
    output = built.stdout + built.stderr
    assert built.returncode != 0, f"the build should fail on {case}:\n{output}"
    assert "contains a link" not in output, f"MkDocs repeats a link problem the guide names with its line:\n{output}"
    checked = "\n".join(report.lines)
    assert not report.ok, f"check passed where the build failed:\n{output}"
    places = sorted(set(LOCATED.findall(output)))
    guide_lines = [line for line in output.splitlines() if "guide:" in line and "build failed" not in line
                   and "left as it was" not in line and "building '" not in line]
    assert places or guide_lines, output
    for file, line in places:
        assert f"{file}:{line}:" in checked, f"the build names {file}:{line}, check does not:\n{checked}\n---\n{output}"
    for line in guide_lines:
        named = re.findall(r"((?:content|data)/[\w./-]+\.(?:md|yml)|mkdocs\.yml)", line)
        assert all(name in checked for name in named), f"the build says\n{line}\ncheck says\n{checked}"
