"""Builds the real site once per test session, as a writer would (`mkdocs build --strict`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROJECT_PARTS = ["content", "data", "overrides", "mkdocs.yml", "mkdocs.ja.yml", "page-translations.yml"]  # what the site is built from


def copy_project(folder: Path, parts: list[str] = PROJECT_PARTS) -> Path:
    """Those parts of the checkout copied into `folder`, to edit and build there."""
    for part in parts:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / part)
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
    """The same site built with Zensical, by the README's command (sitebuild/zensical_build.py)."""
    command = [sys.executable, "-m", "sitebuild.zensical_build", "-d", str(out)]
    if config:
        command += ["-f", str(config)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"the Zensical build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done
