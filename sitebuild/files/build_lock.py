"""One build at a time per site folder.

Two builds writing the same site would delete each other's staging folder (each
cleans up what a killed build left). The lock is an flock(2) on `.NAME.lock` beside
the site: the kernel drops it when its holder exits, even killed, so it is never
stale. A second build waits for the first and says who holds the lock (the file
holds the holder's pid, command and start time); past `timeout` it gives up and
says the same, with how to stop the holder.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DEFAULT_TIMEOUT = 900.0  # a full build takes well under a minute


class LockTimeout(Exception):
    """Another build kept the lock for longer than we waited."""


@dataclass
class BuildLock:
    path: Path
    fd: int

    @classmethod
    def acquire(cls, site: Path, say: Callable[[str], None], timeout: float = DEFAULT_TIMEOUT) -> BuildLock:
        """The lock of the site folder `site`, once no other build holds it."""
        path = lock_path(site)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            _wait_for(fd, site, path, say, timeout)
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, _holder().encode("utf-8"))
        return cls(path, fd)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the flock; the file stays for the next build
            self.fd = -1


def lock_path(site: Path) -> Path:
    return site.parent / f".{site.name}.lock"  # not `.NAME-*`: that is a killed build's leftovers


def _wait_for(fd: int, site: Path, path: Path, say: Callable[[str], None], timeout: float) -> None:
    if _try_lock(fd):
        return
    say(f"guide: waiting for another build of {site} to finish ({holder_of(path)})")
    deadline = time.monotonic() + timeout
    while not _try_lock(fd):
        if time.monotonic() > deadline:
            raise LockTimeout(f"another build has held {path} for over {timeout:.0f} s ({holder_of(path)}). "
                              "Wait for it, or stop it if it is stuck (kill its pid).")
        time.sleep(0.1)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder() -> str:
    command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:200]
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    return f"pid {os.getpid()} on {socket.gethostname()}, started {started}: {command}"


def holder_of(path: Path) -> str:
    """Who holds (or last held) the lock, as its holder wrote it."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[:300] or "holder unknown"
    except OSError:
        return "holder unknown"
