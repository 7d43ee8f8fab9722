"""Where the checker's browser files live in the site, and the ids that name a build.

The page (rendered by `checker_form`) and the assets (written by `checker_assets`) are
made at different moments of a build; both take their names from here so they agree.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import checker
from sitebuild.bundle.wheelbuild import sources_digest

PACKAGE_DIR = Path(checker.__file__).resolve().parent  # the engine as installed: what the wheel is built from
ASSETS = "assets/checker/"  # inside the site; the package's sitebuild/theme/assets/checker/ is copied here
DATA_FILE = "checker-data.json"  # beside the runtime
FILES_FILE = "checker-files.json"  # beside it: what the worker downloads, with sizes
WHEEL_BASE_VERSION = "0.1.0"


# What to do when the runtime is missing, said to a writer (scripts/setup runs npm ci here).
INSTALL_RUNTIME = ("run `npm ci` beside mkdocs.yml (package.json lists the npm package pyodide; "
                   "in this repository scripts/setup does it), or set the guide plugin's pyodide_dir.")


class RuntimeMissing(RuntimeError):
    """The Pyodide runtime is not installed: said as what to do, not as a traceback."""


def runtime_version(pyodide_dir: Path) -> str:
    """The version of the Pyodide runtime in `pyodide_dir` (part of every cache key)."""
    try:
        package = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeMissing(f"the checker's Pyodide runtime is not installed ({pyodide_dir} is missing): "
                             f"{INSTALL_RUNTIME}") from None
    return package["version"]


def runtime_dir(pyodide_dir: Path) -> str:
    """Folder (inside ASSETS) of the Pyodide runtime, the trimmed lock, the wheel and the
    data. Named by the runtime version: the runtime's own files have fixed names, so a
    new version must get new URLs or a browser could mix cached old files with new."""
    return f"pyodide-{runtime_version(pyodide_dir)}/"


def code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """A hash of the checker package's sources: a code change must rename the wheel."""
    return _cached_digest(package_dir, _stamp(package_dir))


@lru_cache(maxsize=8)
def _cached_digest(package_dir: Path, stamp: tuple) -> str:
    return sources_digest(package_dir)[:8]


def _stamp(package_dir: Path) -> tuple:
    """Sizes and mtimes: cheap to read, and any edit changes them (then we rehash)."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(package_dir.glob("*.py")))


def package_version() -> str:
    """`0.1.0+<code hash>`: the wheel's own version. The wheel holds the code only (the
    data travels beside it, in checker-data.json), so a data change reuses the built
    wheel and only a change to checker/ builds a new one."""
    return f"{WHEEL_BASE_VERSION}+{code_digest()}"


def wheel_version(programme) -> str:
    """`0.1.0+<rules version>.<code hash>`: the version the lock lists the wheel under,
    so the worker refuses a lock made for other rules."""
    return f"{WHEEL_BASE_VERSION}+{programme.version}.{code_digest()}"


def build_id(programme, pyodide_dir: Path) -> str:
    """Names one bundle (runtime + wheel + data): cache-busts URLs and keys the snapshot."""
    text = "\0".join((runtime_version(pyodide_dir), wheel_version(programme)))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
