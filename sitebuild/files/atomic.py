"""Build into a temporary sibling folder and swap it in only when the build succeeded.

A failed build must never leave a half-written site: readers (and `mkdocs serve`)
keep the last good one. The staging folder sits beside the final one, on the same
file system; `.site-*` is ignored by git.

The switch is one step for readers: on Linux, renameat2(RENAME_EXCHANGE) swaps the
staged folder and the site in a single system call, so a request sees the whole old
site or the whole new one, never a missing `site/index.html`. A web server points at
the site folder itself (e.g. nginx `root /srv/guide/site;`). Where the exchange is not
available (another OS, a file system without it) the switch falls back to two
renames, with a moment between them when the site is missing; a build killed in that
moment leaves the old site under `.NAME-old-*/`, which the next build puts back.

Only one build at a time stages a site (sitebuild/files/build_lock.py): cleaning up after
a killed build must never delete a running one's staging folder.

Under `mkdocs serve` the old site is removed by a background thread while the new one
is served (`commit(remove_old_later=True)`): deleting a few hundred folders takes a
quarter of a second or more on a busy disk, which the writer would otherwise wait for on
every save. The next build leaves a folder being removed so alone (`_recover_from_killed_builds`).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sitebuild.files.build_lock import BuildLock

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


@dataclass
class StagedSite:
    final: Path
    staging: Path
    lock: BuildLock | None = field(default=None, repr=False)

    @classmethod
    def begin(cls, final: Path, say: Callable[[str], None] = print) -> StagedSite:
        final = final.resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        lock = _lock_for(final, say)
        try:
            _recover_from_killed_builds(final)
            staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a site is served to others
        except BaseException:
            _release(final)
            raise
        return cls(final, staging, lock)

    def commit(self, remove_old_later: bool = False) -> None:
        """Replace the final folder by the staged build (the old one is removed after;
        `remove_old_later`: by a background thread, once this returns)."""
        try:
            if not self.final.exists():
                self.staging.rename(self.final)
            elif exchange(self.staging, self.final):  # the staging name now holds the old site
                if remove_old_later:
                    _remove_in_background(self.staging)
                else:
                    shutil.rmtree(self.staging, ignore_errors=True)
            else:
                self._two_renames()
        finally:
            _release(self.final)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        _release(self.final)

    def _two_renames(self) -> None:
        old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}-old-", dir=self.final.parent))
        self.final.rename(old / self.final.name)
        self.staging.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)


_removing: dict[Path, threading.Thread] = {}  # old sites this process is removing in the background


def _remove_in_background(folder: Path) -> None:
    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        _removing.pop(folder, None)

    # A daemon, waited for at exit (a killed process leaves the rest to the next build's begin).
    _removing[folder] = threading.Thread(target=remove, name="remove the old site", daemon=True)
    _removing[folder].start()


def wait_for_removals() -> None:
    """The old sites still being removed are gone once this returns."""
    for thread in list(_removing.values()):
        thread.join()


atexit.register(wait_for_removals)  # `mkdocs serve` stopped: no half-removed site left in the temporary folder


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):  # this file system cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


_libc: list = []


def _renameat2():
    if not _libc:
        name = ctypes.util.find_library("c")
        library = ctypes.CDLL(name, use_errno=True) if name else None
        function = getattr(library, "renameat2", None)
        if function is not None:
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        _libc.append(function)
    return _libc[0]


# One lock per site folder per process: a rebuild under `mkdocs serve` whose previous
# build died without releasing reuses it (an flock cannot be taken twice by one process).
_held: dict[Path, BuildLock] = {}


def _lock_for(final: Path, say: Callable[[str], None]) -> BuildLock:
    if final not in _held:
        _held[final] = BuildLock.acquire(final, say)
    return _held[final]


def _release(final: Path) -> None:
    lock = _held.pop(final, None)
    if lock is not None:
        lock.release()


def _recover_from_killed_builds(final: Path) -> None:
    """A build killed mid-way leaves its staging folder; one killed between the two
    renames of the fallback switch leaves the last good site under `.NAME-old-*/`:
    put it back. Called holding the lock, so no other build is running."""
    for old in sorted(final.parent.glob(f".{final.name}-old-*")):
        if not final.exists() and (old / final.name).is_dir():
            (old / final.name).rename(final)
        shutil.rmtree(old, ignore_errors=True)
    for staging in final.parent.glob(f".{final.name}-building-*"):
        if staging not in _removing:  # an old site a thread of this process is removing already
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
