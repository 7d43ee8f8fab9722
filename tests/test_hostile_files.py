"""Hostile files in data/ (sitebuild/files/safe_files.py, sitebuild/source/yaml_source.py): each is one
problem naming the file (and the line when there is one) and what really happened;
never a hang, a traceback, or a cascade of unrelated problems."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import DataErrors
from sitebuild.source.yaml_source import MAX_DEPTH, MAX_NODES, read_data_dir
from tests.conftest import DATA
from tests.site_build import copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines + ["k: {*j: 1}", "l: {x: *j}"]) + "\n"


def plain_nesting(levels: int) -> str:
    return "\n".join("  " * i + f"k{i}:" for i in range(levels)) + "\n" + "  " * levels + "v\n"


def make(kind: str, path: Path) -> None:
    """Puts the hostile thing `kind` at `path`."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling symlink":
        path.symlink_to(path.parent / "nowhere.yml")
    elif kind == "folder":
        path.mkdir()
    elif kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge number":
        path.write_text("x: " + "9" * 100_000 + "\n")
    elif kind == "50 MB list":
        with path.open("w") as out:
            out.writelines(["- 1\n"] * 12_500_000)
    elif kind == "many values":
        path.write_text("[" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n")
    elif kind == "billion laughs":
        path.write_text(billion_laughs())
    elif kind == "200 levels":
        path.write_text(plain_nesting(200))
    elif kind == "not UTF-8":
        path.write_bytes(b"x: 1\ny: caf\xe9\n")


CASES = {  # kind: (the one line the writer sees, after "data/x.yml")
    "fifo": ": (top level): 'x.yml' is a named pipe (FIFO), not a regular file. Data files are plain files: rename or remove it.",
    "dangling symlink": ": (top level): 'x.yml' is a symbolic link to '{data}/nowhere.yml', which does not exist. "
                        "Point the link at a data file, or remove it.",
    "folder": ": (top level): 'x.yml' is a folder, not a regular file. Data files are plain files: rename or remove it.",
    "/dev/zero": ": (top level): 'x.yml' is a character device, not a regular file. Data files are plain files: rename or remove it.",
    "huge number": ":1:4: x: a number of 100,000 digits; numbers in data files have at most 15. Quote it if it is text.",
    "50 MB list": ": (top level): 'x.yml' is 50.0 MB; a data file is at most 1.0 MB. Check that it is the file you meant, or split it.",
    "many values": f":1:{3 * MAX_NODES - 1}: [{MAX_NODES - 1}]: the file holds more than {MAX_NODES:,} values; data files hold a few thousand. "
                   "Check that it is the file you meant, or split it.",
    "billion laughs": f":1:WHERE: aliases (*name) expand the file to more than {MAX_NODES:,} values: each alias "
                      "repeats its anchor's whole value. Write the values out, or use fewer aliases.",
    "200 levels": f":{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: k0.k1.k2.…: nested more than {MAX_DEPTH} levels deep; data files nest "
                  "a few levels. Check the indentation (or the brackets) of this part of the file.",
    "not UTF-8": ":2:7: (top level): the byte 0xE9 is not UTF-8 text. Save the file as UTF-8.",
}


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


@pytest.mark.parametrize("kind", CASES)
def test_a_hostile_file_is_one_problem_that_says_what_happened(data, kind):
    make(kind, data / "x.yml")
    with pytest.raises(DataErrors) as raised:
        read_data_dir(data)
    expected = re.escape("data/x.yml" + CASES[kind].format(data=data)).replace("WHERE", r"\d+: [a-j](\[\d\])+")
    assert len(raised.value.problems) == 1, raised.value.report()
    assert re.fullmatch(expected, raised.value.problems[0].format()), raised.value.report()


def test_check_and_build_stop_at_a_fifo_instead_of_hanging(data):
    """Before: `checker check` and `mkdocs build` blocked forever opening data/x.yml."""
    make("fifo", data / "x.yml")
    project = data.parent
    copy_project(project, ["content", "mkdocs.yml", "mkdocs.ja.yml"])
    for command in (["-m", "checker", "check", "--data", str(data)], ["-m", "mkdocs", "build", "--strict", "-q"]):
        done = subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "data/x.yml: (top level): 'x.yml' is a named pipe (FIFO), not a regular file." in done.stderr
        assert "Traceback" not in done.stderr
    assert not (project / "site").exists()
