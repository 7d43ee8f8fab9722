"""Builds the real site once per test session, as a writer would (`mkdocs build --strict`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROJECT_PARTS = ["content", "data", "mkdocs.yml", "mkdocs.ja.yml", "page-translations.yml"]  # what the site is built from
# Linked into a copy, not copied: the npm packages (the Pyodide runtime) and the build
# caches, which a build of the copy finds beside its mkdocs.yml as a project's own.
# tests/test_fresh_project.py builds a project that has neither.
INSTALLS = ["node_modules", ".cache"]


def copy_project(folder: Path, parts: list[str] = PROJECT_PARTS, source: Path = ROOT, installs: bool = True) -> Path:
    """Those parts of `source` copied into `folder` (made if need be), to edit and build there."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in parts:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, folder / part, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(path, folder / part)
    if installs:
        (ROOT / ".cache").mkdir(exist_ok=True)
        for name in INSTALLS:
            if not (folder / name).exists():
                (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    return folder


def build_site(out: Path, config: Path | None = None, cwd: Path = ROOT, check: bool = True,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`env`: variables added to this process's environment (e.g. GUIDE_RELEASE)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    if config:
        command += ["-f", str(config)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def build_zensical_site(out: Path, config: Path | None = None, cwd: Path = ROOT,
                        check: bool = True) -> subprocess.CompletedProcess:
    """The same site built with Zensical, by the README's command (sitebuild/zensical/build.py)."""
    command = [sys.executable, "-m", "sitebuild.zensical.build", "-d", str(out)]
    if config:
        command += ["-f", str(config)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"the Zensical build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done
