"""Under `mkdocs serve`, the rules' proof runs beside the build.

A data edit's rebuild needs the proof's rows at once (every page that states a case,
the decision table) but its verdict only before the new site is served. The rows alone
are a fifth of the proof (every path, decided once); its checks (every unasked question
answered every way, every asked question's relevance) are the rest, ~0.35 s of a 1.5 s
rebuild. So the build decides the rows itself, and a helper process (started by the
first build of the serve, `python -m sitebuild.plugin.proof_beside`) proves the same
data folder meanwhile, on the other processor.
Before the new site is swapped in, the build waits for the helper's verdict
(`verdict`), and a failed proof fails it with the same report as before, nothing
served; so does the next build of the same data. If the helper read other data (a
newer save), or is gone, or fails, the build proves the data itself.
"""

from __future__ import annotations

import atexit
import json
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from checker.index import index_of
from checker.model import Programme
from checker.paths import PathLimit
from sitebuild.rules.proof import decided_paths
from sitebuild.source import site_data
from sitebuild.source.site_data import SiteData

ANSWER_WITHIN = 300  # seconds: a helper silent for longer is taken for gone (the build proves the data itself)


@dataclass
class _Helper:
    process: subprocess.Popen
    replies: queue.Queue
    asked: int = 0


@dataclass
class _Proof:
    programme: Programme
    request: int | None  # the helper's request; None: the verdict is known
    failures: list[str] | None = None


_helper: list[_Helper | None] = []  # [] not started yet; [None] not available
_proof: list[_Proof] = []  # the newest data's proof (one data version at a time, as site_data's rows)


def start(data: SiteData) -> None:
    """Before a build's pages: the proof's rows for `data` (site_data keeps them, for
    data.decision_rows()), and its checks asked of the helper. Without one, the whole
    proof runs now, as in a build without serve."""
    programme = data.programme
    if _proof and _proof[0].programme is programme:  # asked already (the other languages read the same data)
        if _proof[0].failures:
            raise ValueError(site_data.proof_failed(_proof[0].failures))
        return
    helper = _running_helper()
    if helper is None:
        data.decision_rows()  # raises ValueError when the proof fails
        _proof[:] = [_Proof(programme, None, [])]
        return
    helper.asked += 1
    try:
        helper.process.stdin.write(json.dumps({"id": helper.asked, "data": str(data.folder)}) + "\n")
        helper.process.stdin.flush()
        rows = decided_paths(index_of(programme))
    except (OSError, PathLimit) as error:  # the helper is gone; or past the limit, which the proof reports
        if isinstance(error, OSError):
            _stop_helper()
        _proof.clear()
        data.decision_rows()
        _proof[:] = [_Proof(programme, None, [])]
        return
    site_data.keep_rows(programme, rows)
    _proof[:] = [_Proof(programme, helper.asked)]


def verdict(data: SiteData) -> None:
    """Before the new site is served: raises ValueError (as data.decision_rows() does)
    when the proof of `data` failed."""
    programme = data.programme
    if not _proof or _proof[0].programme is not programme:
        start(data)
    proof = _proof[0]
    if proof.failures is None:
        proof.failures = _helper_verdict(proof.request, programme.version)
        proof.request = None
    if proof.failures is None:  # no usable answer: the build proves the data itself
        site_data.forget_rows()
        _proof.clear()
        data.decision_rows()
        _proof[:] = [_Proof(programme, None, [])]
    elif proof.failures:
        site_data.forget_rows()  # rows of data whose proof failed are never served
        raise ValueError(site_data.proof_failed(proof.failures))


def failure(data: SiteData) -> str | None:
    """The report of `data`'s failed proof (waiting for the helper's verdict), if it failed:
    a build that failed otherwise names it too (a page may fail because of what the proof
    reports)."""
    try:
        verdict(data)
    except ValueError as error:
        return str(error)
    return None


def _helper_verdict(request: int, version: str) -> list[str] | None:
    helper = _helper[0] if _helper else None
    if helper is None:
        return None
    try:
        while True:
            reply = helper.replies.get(timeout=ANSWER_WITHIN)
            if reply is None:  # it exited
                raise queue.Empty
            if reply.get("id") == request:
                break  # earlier replies are for builds that failed before they asked for theirs
    except queue.Empty:
        _stop_helper()
        return None
    if reply.get("version") != version or "failures" not in reply:
        return None  # it read a newer save, or could not read the data
    return reply["failures"]


def _running_helper() -> _Helper | None:
    if not _helper:
        try:
            process = subprocess.Popen([sys.executable, "-m", "sitebuild.plugin.proof_beside"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        except OSError:
            _helper.append(None)
            return None
        replies: queue.Queue = queue.Queue()
        threading.Thread(target=_read_replies, args=(process, replies), name="the proof beside the build", daemon=True).start()
        _helper.append(_Helper(process, replies))
    return _helper[0]


def _read_replies(process: subprocess.Popen, replies: queue.Queue) -> None:
    for line in process.stdout:
        try:
            replies.put(json.loads(line))
        except ValueError:
            break
    replies.put(None)


def _stop_helper() -> None:
    helper = _helper[0] if _helper else None
    _helper[:] = [None]  # not started again: the builds prove the data themselves
    if helper is not None:
        helper.process.kill()


atexit.register(_stop_helper)  # the serve ends: the helper too (it also ends when its input closes)


# --- the helper ----------------------------------------------------------------------


def _serve_requests() -> None:
    """One reply line per request line: the proof of the data folder named."""
    from sitebuild.rules.proof import prove  # noqa: PLC0415 - the helper only

    for line in sys.stdin:
        request = json.loads(line)
        reply: dict = {"id": request["id"]}
        try:
            data = site_data.load_site_data(Path(request["data"]), allow_stale=True)
            proof = prove(index_of(data.programme))
            reply.update(version=data.programme.version, failures=proof.failures)
        except Exception as error:  # noqa: BLE001 - the build proves the data itself, and reports it
            reply.update(error=str(error))
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    _serve_requests()
