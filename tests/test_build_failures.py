"""When the machine, not the data, stops a build (sitebuild/bundle/build_failures.py): a missing
runtime, a full disk, a file size limit, a read-only folder. One line with the fix,
no traceback, and the previous site left as it was."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild.bundle.build_failures import describe_write_failure
from tests.conftest import PYODIDE, ROOT
from tests.site_build import PROJECT_PARTS, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

BUILD = """
import sys
from pathlib import Path
{prelude}
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "-d", {site!r}]
cli()
"""
# Test doubles for what this machine cannot do to a root process: each makes one kind of write fail.
READ_ONLY = """
import errno, tempfile
def refuse(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))
tempfile.mkdtemp = refuse
"""
DISK_FULL = """
import errno, mkdocs.utils, mkdocs.structure.files
def full(content, output_path):
    raise OSError(errno.ENOSPC, "No space left on device", output_path)
mkdocs.utils.write_file = full
"""
FILE_SIZE_LIMIT = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))  # the runtime's wasm is 8.6 MB
"""


def build_with(prelude: str, site: Path, project: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BUILD.format(prelude=prelude, site=str(site))], cwd=project,
                          capture_output=True, text=True, timeout=300)


def project_without_node_modules(tmp_path: Path) -> Path:
    """A copy of the project where `npm ci` never ran."""
    return copy_project(tmp_path / "project", installs=False)


def project_whose_runtime_lacks(tmp_path: Path, name: str) -> Path:
    """A copy of the project whose node_modules/pyodide/ lacks `name` (the other files linked to the real ones)."""
    project = project_without_node_modules(tmp_path)
    folder = project / "node_modules" / "pyodide"
    folder.mkdir(parents=True)
    for file in PYODIDE.iterdir():
        if file.name != name:
            (folder / file.name).symlink_to(file)
    return project


@pytest.fixture
def old_site(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous build")
    return site


def assert_one_line_and_site_kept(done: subprocess.CompletedProcess, site: Path, expected: str) -> None:
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if expected in line]
    assert len(lines) == 1, done.stdout + done.stderr
    assert (site / "index.html").read_text() == "the previous build"
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) in ([], [".site.lock"])


@pytest.mark.parametrize("how, expected", [
    (lambda tmp: ("", project_without_node_modules(tmp)),
     "node_modules/pyodide is missing, so the checker's Pyodide runtime is too: run `npm ci` beside mkdocs.yml"),
    (lambda tmp: ("", project_whose_runtime_lacks(tmp, "python_stdlib.zip")),
     "the checker's Pyodide runtime is incomplete: python_stdlib.zip missing from"),
    (lambda tmp: (READ_ONLY, ROOT), "Read-only file system; the file system is read-only: build into a writable folder (mkdocs build -d DIR)."),
    (lambda tmp: (DISK_FULL, ROOT), "No space left on device; the disk is full: free some space"),
    (lambda tmp: (FILE_SIZE_LIMIT, ROOT), "File too large; a file size limit (ulimit -f) stopped the write: raise it and build again. "
                                          "The site in "),
], ids=["no node_modules", "no stdlib zip", "read-only", "disk full", "file size limit"])
def test_a_machine_failure_is_one_line_and_keeps_the_old_site(tmp_path, old_site, how, expected):
    prelude, project = how(tmp_path)
    assert_one_line_and_site_kept(build_with(prelude, old_site, project), old_site, expected)


@pytest.mark.parametrize("code, fix", [(errno.ENOSPC, "the disk is full"), (errno.EDQUOT, "quota"),
                                       (errno.EACCES, "no permission to write there"), (errno.EIO, "check the folder and the disk")])
def test_each_write_failure_names_its_fix(code, fix):
    line = describe_write_failure(OSError(code, "why", "/srv/site/x.html"), Path("/srv/site"))
    assert line.startswith("guide: writing the site failed (at /srv/site/x.html): why; ") and fix in line
    assert line.endswith("The site in /srv/site is left as it was.") and "\n" not in line


def test_check_without_the_runtime_says_what_to_do(tmp_path):
    """A checkout whose npm install never ran: `checker check` names the fix on each
    page that shows the checker, never a traceback."""
    copy_project(tmp_path, [*PROJECT_PARTS, "checker", "sitebuild", "schemas", "tests"], installs=False)
    done = subprocess.run([sys.executable, "-m", "checker", "check"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output and "FileNotFoundError" not in output, output
    assert f"the checker's Pyodide runtime is not installed ({tmp_path / 'node_modules' / 'pyodide'} is missing): " \
           "run `npm ci` beside mkdocs.yml" in output, output
