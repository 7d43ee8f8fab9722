"""A proof failure is reported once per cause: count, one example path, the rule's file:line, a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sitebuild.commands.cli import main
from tests.conftest import DATA

UNPROVABLE = Path(__file__).parent / "fixtures" / "unprovable"


def broken_copy(fixture: dict, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    target = data / fixture["file"]
    text = target.read_text(encoding="utf-8")
    assert text.count(fixture["replace"]) == 1, f"{fixture['file']} no longer holds the text this fixture edits"
    target.write_text(text.replace(fixture["replace"], fixture["with"]), encoding="utf-8")
    return data


@pytest.mark.parametrize("name", sorted(p.stem for p in UNPROVABLE.glob("*.yml")))
def test_a_proof_failure_is_one_line_with_count_example_place_and_fix(name, tmp_path, capsys):
    fixture = yaml.safe_load((UNPROVABLE / f"{name}.yml").read_text(encoding="utf-8"))
    assert main(["check", "--data", str(broken_copy(fixture, tmp_path))]) == 1
    err = capsys.readouterr().err.splitlines()
    matching = [line for line in err if all(fragment in line for fragment in fixture["expect"])]
    assert len(matching) == 1, "\n".join(err)
    assert len(err) <= 5, f"{len(err)} lines: one per cause expected\n" + "\n".join(err[:10])
    place = matching[0].removeprefix("checker: ").split(": ", 1)[0]
    file, line = place.rsplit(":", 1)
    assert file.endswith(fixture["expect"][0].rstrip(":")) and int(line) > 0, matching[0]
