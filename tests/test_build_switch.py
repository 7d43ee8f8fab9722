"""The site switches in one step for readers, and one build at a time stages it
(sitebuild/files/atomic.py, sitebuild/files/build_lock.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sitebuild.files import atomic
from sitebuild.files.atomic import StagedSite
from sitebuild.files.build_lock import BuildLock, LockTimeout
from tests.conftest import ROOT

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

HOLD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from sitebuild.files.atomic import StagedSite
stage = StagedSite.begin(Path({final!r}), say=print)
(stage.staging / "index.html").write_text("first")
print("staged", flush=True)
time.sleep({seconds})
stage.commit()
"""


def switch_many_times(final: Path, times: int) -> int:
    """Commits `times` builds while another thread looks for site/index.html; how often it was missing."""
    misses, done = [0], threading.Event()

    def read() -> None:
        while not done.is_set():
            misses[0] += not (final / "index.html").exists()

    reader = threading.Thread(target=read)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the reader run between any two steps of a switch
    reader.start()
    try:
        for n in range(times):
            stage = StagedSite.begin(final, say=lambda _: None)
            (stage.staging / "index.html").write_text(str(n))
            stage.commit()
    finally:
        done.set()
        reader.join()
        sys.setswitchinterval(interval)
    return misses[0]


def test_readers_never_see_the_site_missing_during_a_switch(tmp_path):
    final = tmp_path / "site"
    stage = StagedSite.begin(final, say=lambda _: None)
    (stage.staging / "index.html").write_text("0")
    stage.commit()
    assert atomic.exchange(tmp_path / "site", tmp_path / "site"), "renameat2(RENAME_EXCHANGE) is not available here"
    assert switch_many_times(final, 200) == 0
    assert (final / "index.html").read_text() == "199"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def site_after_each_step_of_a_switch(final: Path, monkeypatch) -> list[bool]:
    """Whether site/index.html exists after each rename or exchange of one switch."""
    seen: list[bool] = []
    rename, exchange = Path.rename, atomic.exchange

    def step(function):
        def run(*args):
            result = function(*args)
            seen.append((final / "index.html").exists())
            return result
        return run

    monkeypatch.setattr(Path, "rename", step(rename))
    monkeypatch.setattr(atomic, "exchange", step(exchange))
    stage = StagedSite.begin(final, say=lambda _: None)
    (stage.staging / "index.html").write_text("new")
    stage.commit()
    monkeypatch.undo()
    return seen


def test_the_switch_is_one_step_where_two_renames_left_a_gap(tmp_path, monkeypatch):
    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("old")
    assert site_after_each_step_of_a_switch(final, monkeypatch) == [True]
    monkeypatch.setattr(atomic, "_renameat2", lambda: None)  # where the exchange is unavailable: the old way
    assert site_after_each_step_of_a_switch(final, monkeypatch) == [True, False, True]  # tried, then two renames
    assert (final / "index.html").read_text() == "new"


@pytest.fixture
def held_lock(tmp_path):
    """Another process staging tmp_path/site for 1.5 s."""
    final = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT), final=str(final), seconds=1.5)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "staged"
    yield final, holder
    holder.wait(timeout=30)


def test_a_second_build_waits_and_says_who_holds_the_lock(held_lock):
    final, holder = held_lock
    said: list[str] = []
    stage = StagedSite.begin(final, say=said.append)
    assert holder.wait(timeout=10) == 0
    assert (final / "index.html").exists(), "the second build went ahead while the first still staged"
    assert (final / "index.html").read_text() == "first"  # the first build's staging was not deleted
    assert len(said) == 1 and said[0].startswith(f"guide: waiting for another build of {final} to finish (pid {holder.pid} ")
    stage.abandon()


def test_a_lock_held_too_long_is_reported_with_its_holder(held_lock):
    final, holder = held_lock
    with pytest.raises(LockTimeout) as raised:
        BuildLock.acquire(final, say=lambda _: None, timeout=0.2)
    assert f"(pid {holder.pid} on " in str(raised.value) and "stop it if it is stuck (kill its pid)" in str(raised.value)


def test_two_real_builds_at_once_both_succeed(tmp_path):
    """Before the lock: 3 of 4 times one failed with a traceback, its staging folder
    deleted by the other's clean-up."""
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    builds = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)]
    time.sleep(0.5)
    builds.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outputs = [build.communicate(timeout=600)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs)
    # Whichever reaches the lock second waits (under load the second one started can be first).
    assert sum("guide: waiting for another build of" in output for output in outputs) == 1, outputs
    assert (site / "index.html").is_file() and (site / "ja" / "checker" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_under_serve_the_old_site_is_removed_once_the_new_one_is_in_place(tmp_path):
    """`mkdocs serve` does not wait for the old site's removal (a background thread does
    it); the next build may begin meanwhile, and nothing is left once it is done."""
    final = tmp_path / "site"
    for n in range(5):
        stage = StagedSite.begin(final, say=lambda _: None)
        for folder in range(20):
            (stage.staging / f"page-{folder}").mkdir()
            (stage.staging / f"page-{folder}" / "index.html").write_text(str(n))
        (stage.staging / "index.html").write_text(str(n))
        stage.commit(remove_old_later=True)
        assert (final / "index.html").read_text() == str(n)
        assert all((final / f"page-{folder}" / "index.html").read_text() == str(n) for folder in range(20))
    atomic.wait_for_removals()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
