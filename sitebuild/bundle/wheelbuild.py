"""Build a pure-Python package folder into a wheel, offline, and run build tools.

Used by ``sitebuild.bundle.pyodide_bundle``; kept apart so that module stays about
the Pyodide side of things.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path

# Files that are build by-products, never part of the package's source, and the
# package's command-line entry (`python -m checker` hands over to the build side),
# which no page imports.
IGNORED = ("__pycache__", "*.pyc", "*.pyo", "*.egg-info", "__main__.py")

# A fixed timestamp makes the zip entries, and so the wheel's sha256, depend
# only on the sources (1980-01-01 is the earliest date a zip file can hold).
SOURCE_DATE_EPOCH = "315532800"

PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "{version}"
requires-python = ">=3.12"

[tool.setuptools.packages.find]
include = ["{package}", "{package}.*"]

# Data files inside the package (YAML, JSON, ...) ship in the wheel too.
[tool.setuptools.package-data]
"*" = ["**/*"]
"""


def source_files(package_dir: Path) -> list[Path]:
    """The package's files, sorted, without build by-products."""
    return [path for path in sorted(package_dir.rglob("*")) if path.is_file()
            and not any(fnmatch(part, pattern) for part in path.relative_to(package_dir).parts for pattern in IGNORED)]


def sources_digest(package_dir: Path, *extra: str) -> str:
    """A hash of every source file's path and bytes, plus ``extra`` strings."""
    h = hashlib.sha256()
    for value in extra:
        h.update(value.encode() + b"\0")
    for path in source_files(package_dir):
        h.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_tool(cmd: list[str], what: str, cwd: Path | None = None) -> None:
    """Run a build tool; on failure raise with its output, which says why."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()[-4000:]
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{output}")


def build_wheel(package_dir: Path, dist: str, version: str, out_dir: Path) -> Path:
    """Build ``package_dir`` into a py3-none-any wheel in ``out_dir``; return its path.

    The package is staged next to a generated pyproject.toml so the project's
    own pyproject (a different distribution) is not involved, and pip runs
    without an index or build isolation so nothing is downloaded.
    """
    with tempfile.TemporaryDirectory(prefix="wheel-stage-") as tmp:
        stage = Path(tmp)
        package = package_dir.name
        shutil.copytree(package_dir, stage / package, ignore=shutil.ignore_patterns(*IGNORED))
        text = PYPROJECT.format(dist=dist, version=version, package=package)
        (stage / "pyproject.toml").write_text(text, encoding="utf-8")
        before = set(out_dir.glob("*.whl"))
        # --isolated: ignore the machine's pip config (find-links, constraints).
        run_tool(
            [sys.executable, "-m", "pip", "--isolated", "wheel", "--no-deps",
             "--no-build-isolation", "--no-index", "-q", "-w", str(out_dir), str(stage)],
            "pip wheel",
        )
    built = sorted(set(out_dir.glob("*.whl")) - before)
    if len(built) != 1:
        raise RuntimeError(f"pip wheel made {len(built)} wheels in {out_dir}, expected 1")
    return built[0]
