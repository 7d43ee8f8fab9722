"""Under serve, a build stops the work the last one left running (its search indexing)
as it starts, and a build that then fails starts that work again: the served site it was
indexing is still the one served (sitebuild/plugin/preview.py)."""

from __future__ import annotations

import sys
import threading
import time

from sitebuild.plugin import preview


def job(started: list, quick: threading.Event):
    """Work like the search indexing: a program the job waits for (30 s, or none once `quick`)."""
    def work(programs) -> None:
        started.append(programs)
        programs.start([sys.executable, "-c", f"import time; time.sleep({0 if quick.is_set() else 30})"]).wait()
    return work


def test_a_stopped_unfinished_job_starts_again_when_the_build_fails():
    started, quick = [], threading.Event()
    preview.in_background(job(started, quick), "the test's work")
    while not started:
        time.sleep(0.01)
    stopped = preview.stop_background()
    assert stopped is not None and started[0].stopped and preview.SESSION.background is None
    quick.set()  # the job's second run finishes at once
    preview.resume_background(stopped)
    preview.SESSION.background.thread.join(10)
    assert len(started) == 2 and not started[1].stopped
    preview.stop_background()


def test_a_finished_job_is_not_started_again():
    started = []
    preview.in_background(lambda programs: started.append(programs), "the test's work")
    preview.SESSION.background.thread.join(10)
    assert preview.stop_background() is None
    preview.resume_background(None)
    assert preview.SESSION.background is None and len(started) == 1
