"""Reading a writer's file without trusting the file system.

A path in data/ may be a FIFO (reading it blocks forever), a directory, a device
(`/dev/zero` behind a symlink never ends), a dangling symlink, or a file far larger
than any real one. `read_regular_file` opens without blocking, checks what it opened
(not what the path said a moment before) and reads at most the limit, so each of
these is one clear problem instead of a hang, a traceback or all the memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class UnreadableFile(Exception):
    """Why a file cannot be read, and what to do; formats as one line."""

    def __init__(self, message: str, fix: str):
        super().__init__(f"{message} {fix}")
        self.message, self.fix = message, fix


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile(*_missing(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file.", "Rename or remove it.") from None
    except PermissionError:
        raise UnreadableFile("cannot be read: permission denied.", "Make it readable (chmod a+r).") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be opened: {error.strerror}.", "Check the file.") from None
    try:
        _check_kind(os.fstat(fd), limit)
        return _read_at_most(fd, limit)
    finally:
        os.close(fd)


def _missing(path: Path) -> tuple[str, str]:
    if path.is_symlink():
        return (f"is a symbolic link to '{os.readlink(path)}', which does not exist.",
                "Point the link at a data file, or remove it.")
    return "does not exist.", "Check its name."


def _check_kind(info: os.stat_result, limit: int) -> None:
    for test, kind in KINDS:
        if test(info.st_mode):
            raise UnreadableFile(f"is {kind}, not a regular file.", "Data files are plain files: rename or remove it.")
    if info.st_size > limit:
        raise UnreadableFile(f"is {_size(info.st_size)}; a data file is at most {_size(limit)}.",
                             "Check that it is the file you meant, or split it.")


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, total = [], 0
    while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:  # it grew while being read
            raise UnreadableFile(f"grew past {_size(limit)} while being read.", "Wait until it is written, then build again.")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
