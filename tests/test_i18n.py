"""Translation status: missing and stale strings, found with their file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import DataErrors, load
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, ROOT


def data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def edit(data: Path, file: str, old: str, new: str) -> None:
    text = (data / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (data / file).write_text(text.replace(old, new), encoding="utf-8")


def i18n(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "i18n", "--data", str(data), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_real_data_is_fully_translated():
    done = i18n(DATA)
    assert done.returncode == 0, done.stdout
    assert "ja (complete):" in done.stdout and " 0 missing, 0 stale" in done.stdout


def test_a_changed_source_makes_the_translation_stale_and_fails_a_complete_language(tmp_path):
    data = data_copy(tmp_path)
    edit(data, "classes.yml", "en: Cloud competencies", "en: Cloud competencies (all six)")
    with pytest.raises(DataErrors) as raised:
        load(*read_data_dir(data))
    assert "data/classes.yml:8:7: classes[0].name.ja:" in raised.value.report()
    assert "stale 'ja' translation" in raised.value.report()
    assert "python -m checker i18n --accept ja 'classes.yml classes.cloud.name'" in raised.value.report()
    done = i18n(data)
    assert done.returncode == 1
    assert "1 stale" in done.stdout and "data/classes.yml:8:7: stale: classes.yml classes.cloud.name" in done.stdout


def test_accepting_the_updated_translation_clears_it(tmp_path):
    data = data_copy(tmp_path)
    edit(data, "classes.yml", "en: Cloud competencies", "en: Cloud competencies (all six)")
    done = i18n(data, "--accept", "ja", "classes.yml classes.cloud.*")
    assert done.returncode == 0 and " 0 stale" in done.stdout
    load(*read_data_dir(data))


def test_the_report_shows_the_old_and_the_new_source(tmp_path):
    data = data_copy(tmp_path)
    edit(data, "classes.yml", "en: Cloud competencies", "en: Cloud competencies (all six)")
    lines = i18n(data).stdout.splitlines()
    at = lines.index("  data/classes.yml:8:7: stale: classes.yml classes.cloud.name")
    assert lines[at + 1:at + 3] == ["      was: Cloud competencies", "      now: Cloud competencies (all six)"]


@pytest.mark.parametrize("args, message", [
    ((), "name the texts to accept (as 'i18n' lists them), or accept every current 'ja' text with --all"),
    (("no-such-key",), "no 'ja' text is named 'no-such-key'"),
    (("classes.yml classes.clod.name",), "did you mean 'classes.yml classes.cloud.name'?"),
])
def test_accept_needs_known_names_or_all(tmp_path, args, message):
    data = data_copy(tmp_path)
    records = (data / "translations.yml").read_text(encoding="utf-8")
    done = i18n(data, "--accept", "ja", *args)
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""
    assert (data / "translations.yml").read_text(encoding="utf-8") == records, "nothing is accepted"


def test_orphan_records_are_reported(tmp_path):
    data = data_copy(tmp_path)
    edit(data, "roles.yml", "    - id: other\n", "    - id: another\n")
    done = i18n(data)
    assert "orphan record: roles.yml option-sets.roles.other.name (no such text any more; the next --accept drops it)" in done.stdout


def test_a_draft_language_may_be_missing_and_stale(tmp_path):
    data = data_copy(tmp_path)
    edit(data, "languages.yml", "  - id: ja\n    name: 日本語\n    status: complete",
         "  - id: ja\n    name: 日本語\n    status: draft")
    edit(data, "classes.yml", "en: Cloud competencies", "en: Cloud competencies (all six)")
    edit(data, "roles.yml", "      name: {en: Another role, ja: その他のロール}", "      name: {en: Another role}")
    load(*read_data_dir(data))  # a draft language never fails the build
    done = i18n(data)
    assert done.returncode == 0
    assert "ja (draft):" in done.stdout and "1 missing, 1 stale" in done.stdout
    assert "data/roles.yml:23:7: missing: roles.yml option-sets.roles.other.name" in done.stdout
