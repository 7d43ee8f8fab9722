"""What a writer sees when the machine, not the data, stops a build: one line with
the cause and the fix, never a traceback, and the published site left as it was.

Checked before anything is built: the Pyodide runtime the checker ships
(node_modules/pyodide/, put there by scripts/setup). Caught when they happen: the
file system refusing a write (a full disk, a file size limit, a read-only or
unwritable folder).
"""

from __future__ import annotations

import errno
from pathlib import Path

from sitebuild.bundle.layout import INSTALL_RUNTIME
from sitebuild.bundle.pyodide_bundle import LOCK, RUNTIME_FILES
from sitebuild.bundle.stdlib_trim import STDLIB_ZIP

WRITE_FIXES = {
    errno.ENOSPC: "the disk is full: free some space (a build writes about 20 MB beside the site) and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EFBIG: "a file size limit (ulimit -f) stopped the write: raise it and build again",
    errno.EROFS: "the file system is read-only: build into a writable folder (mkdocs build -d DIR)",
    errno.EACCES: "no permission to write there: make the folder writable, or build elsewhere (mkdocs build -d DIR)",
    errno.EPERM: "the system refused the write: make the folder writable, or build elsewhere (mkdocs build -d DIR)",
}


def missing_runtime(folder: Path) -> str | None:
    """Why the checker's runtime (the npm package pyodide, in `folder`) cannot be written into the site, or None."""
    if not folder.is_dir():
        return f"{folder} is missing, so the checker's Pyodide runtime is too: {INSTALL_RUNTIME}"
    # The full stdlib too, though a cached trimmed copy may serve: a runtime without it is a broken install.
    missing = [name for name in (*RUNTIME_FILES, LOCK, STDLIB_ZIP) if not (folder / name).is_file()]
    if missing:
        return (f"the checker's Pyodide runtime is incomplete: {', '.join(missing)} missing from {folder}. "
                f"To restore it, {INSTALL_RUNTIME}")
    return None


def describe_write_failure(error: OSError, site: Path | None) -> str:
    """One line: what could not be written, why, what to do, and that the site is unchanged
    (a language's nested build leaves that to the source build, which holds the site)."""
    where = f" (at {error.filename})" if error.filename else ""
    fix = WRITE_FIXES.get(error.errno, "check the folder and the disk, then build again")
    kept = f" The site in {site} is left as it was." if site else ""
    return f"guide: writing the site failed{where}: {error.strerror or error}; {fix}.{kept}"
