"""A build killed mid-way leaves the previous site whole, and the next build cleans up."""

from __future__ import annotations

import pytest

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.files.atomic import StagedSite
from tests.conftest import ROOT
from tests.site_build import build_site

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)


def fingerprint(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_killing_a_build_midway_keeps_the_previous_site(tmp_path):
    site = tmp_path / "site"
    build_site(site)
    before = fingerprint(site)
    assert "ja/checker/index.html" in before
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site-building-*/*")) and time.monotonic() < deadline:
        time.sleep(0.01)  # wait until the new build has started writing
    time.sleep(0.2)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(tmp_path.glob(".site-building-*")), "the build was killed before it wrote anything"
    assert fingerprint(site) == before
    build_site(site)
    assert not list(tmp_path.glob(".site-building-*")) and not list(tmp_path.glob(".site-old-*"))
    assert fingerprint(site).keys() == before.keys()


def test_a_build_killed_between_the_two_renames_is_recovered(tmp_path):
    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("old site")
    old = tmp_path / ".site-old-x"
    old.mkdir()
    final.rename(old / "site")  # what commit() had done when it was killed
    staged = StagedSite.begin(final)
    assert (final / "index.html").read_text() == "old site"
    assert not old.exists()
    staged.abandon()
