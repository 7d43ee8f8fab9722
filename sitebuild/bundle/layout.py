"""Where the checker's browser files live in the site, and the ids that name a build.

The page (rendered by `checker_form`), the assets (written by `checker_assets`) and the
service worker (`offline`) are made at different moments of a build; all take their
names from here so they agree. The scripts take them from the page: `checker_manifest`
is rendered into the widget's `data-checker-manifest`, and engine.js hands it to the
worker with its first message, so no script spells a file or cache name of its own and
the worker needs no extra request to learn them.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import checker
from sitebuild.bundle.pyodide_bundle import DIST, LOCK, RUNTIME_MODULE, RUNTIME_WASM
from sitebuild.bundle.wheelbuild import sources_digest

PACKAGE_DIR = Path(checker.__file__).resolve().parent  # the engine as installed: what the wheel is built from
ASSETS = "assets/checker/"  # inside the site; the package's sitebuild/theme/assets/checker/ is copied here
DATA_FILE = "checker-data.json"  # beside the runtime
FILES_FILE = "checker-files.json"  # beside it: what the worker downloads, with sizes
WORKER_FILE = "worker.mjs"  # the theme's module worker, in ASSETS beside engine.js, which starts it
WHEEL_BASE_VERSION = "0.1.0"
# Files whose names do not change with their bytes are asked for as `name?v=<build>`: a
# new build gets new URLs, past any cache that kept the old bytes.
BUILD_PARAM = "v"
CACHE_PREFIX = "guide-"  # the service worker's caches, one per build ("guide-<version>"); it drops the others
SNAPSHOT_CACHE = "checker-snapshots"  # the worker's memory snapshots: not CACHE_PREFIX's, so the service worker keeps them


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


def stamped(name: str, build: str) -> str:
    """`name?v=<build>`: the URL of a file whose name does not change with its bytes."""
    return f"{name}?{BUILD_PARAM}={build}"


def checker_manifest(programme, pyodide_dir: Path) -> dict:
    """What the checker's scripts are told by the page, every name the build gives:

    build, version    the bundle's id and the rules' version (the worker refuses files of another)
    runtime           the runtime's folder, in ASSETS
    worker            the worker's URL, in ASSETS (stamped)
    files, lock, data the worker's list of files, Pyodide's lock and the data: URLs in the runtime folder (stamped)
    module, wasm      the runtime's own module and WebAssembly file, in the runtime folder
    package, wheel    the lock's entry for the checker's wheel, and the version it must list
    cache_prefix      the service worker's caches (the worker drops a damaged copy from them)
    snapshot_cache    the cache the worker keeps its memory snapshot in
    """
    build = build_id(programme, pyodide_dir)
    return {"build": build, "version": programme.version, "runtime": runtime_dir(pyodide_dir),
            "worker": stamped(WORKER_FILE, build), "files": stamped(FILES_FILE, build), "lock": stamped(LOCK, build),
            "data": stamped(DATA_FILE, build), "module": RUNTIME_MODULE, "wasm": RUNTIME_WASM,
            "package": DIST, "wheel": wheel_version(programme),
            "cache_prefix": CACHE_PREFIX, "snapshot_cache": SNAPSHOT_CACHE}


def stamped_paths(manifest: dict) -> dict[str, str]:
    """The manifest's stamped files: their path in the site -> the URL the scripts ask for
    (what the service worker keeps for them)."""
    runtime = ASSETS + manifest["runtime"]
    urls = [ASSETS + manifest["worker"], *(runtime + manifest[key] for key in ("files", "lock", "data"))]
    return {url.split("?")[0]: url for url in urls}
