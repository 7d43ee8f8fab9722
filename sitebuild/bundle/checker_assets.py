"""Writes what the checker's worker loads into the built site.

Called once per build (the site plugin's on_post_build) with the final site folder:

    assets/checker/pyodide-<version>/  pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm
                        python_stdlib-<sha256>.zip (only the modules the checker imports)
                        checker-<version>.whl, pyodide-lock.json (sha256 of the wheel)
                        checker-data.json (the validated data: documents, locations, version)
                        checker-files.json (what the worker fetches: names, sha256, sizes)

The scripts themselves (loader.js, worker.mjs, ...) are theme files copied by MkDocs
from sitebuild/theme/assets/checker/. Nothing is rewritten when the bytes are unchanged, and
the wheel comes from a cache, so a rebuild with no change to checker/ costs little.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from checker.model import Programme
from sitebuild.bundle.layout import (ASSETS, DATA_FILE, FILES_FILE, PACKAGE_DIR, build_id, package_version, runtime_dir,
                                     wheel_version)
from sitebuild.bundle.build_failures import missing_runtime
from sitebuild.bundle.pyodide_bundle import RUNTIME_FILES, BundleInfo, build_checker_bundle
from sitebuild.files.precompress import precompress_files
from sitebuild.source.project import ProjectFolders
from sitebuild.bundle.wheelbuild import file_sha256

Log = Callable[[str], None]


def write_checker_assets(site_dir: Path, programme: Programme, documents: Mapping, locations: Mapping,
                         log: Log, folders: ProjectFolders) -> None:
    """Write the runtime, the wheel, its lock and the data JSON under `site_dir/assets/checker/pyodide-<version>/`."""
    started = time.perf_counter()
    _require_runtime(folders.pyodide)
    out = Path(site_dir) / ASSETS / runtime_dir(folders.pyodide)
    build = build_id(programme, folders.pyodide)
    # The wheel holds the code only (a data change reuses it); the lock lists it under
    # the rules' version too, which the worker checks against the page.
    info = build_checker_bundle(PACKAGE_DIR, package_version(), out, folders.pyodide, folders.wheel_cache,
                                log=log, lock_version=wheel_version(programme))
    _write_if_changed(out / DATA_FILE, data_json(programme, documents, locations, build))
    _write_if_changed(out / FILES_FILE, files_json(out, info, build, folders.compressed_cache))
    log(f"checker: assets written to {out} ({info.wheel}, {'compiled' if info.compiled else 'source'}, "
        f"build {build}) in {time.perf_counter() - started:.2f} s")


def data_json(programme: Programme, documents: Mapping, locations: Mapping, build: str) -> str:
    """What the worker hands to `checker.load`: the same input the build validated."""
    payload = {"version": programme.version, "build": build,
               "documents": documents, "locations": locations}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def files_json(out: Path, info: BundleInfo, build: str, cache_dir: Path) -> str:
    """The worker's list of what it downloads: the standard library's name and sha256
    (it is passed to loadPyodide, which checks nothing), and every file's size, raw and
    as a host serving the precompressed siblings sends it (for the progress shown)."""
    names = (*RUNTIME_FILES, info.stdlib, info.wheel, DATA_FILE)
    packed = precompress_files([out / name for name in names], cache_dir)
    sizes = {name: packed[out / name] for name in names}
    payload = {"build": build, "stdlib": {"file_name": info.stdlib, "sha256": info.stdlib_sha256},
               "files": {name: {"bytes": s.raw, "sent": s.sent, "sha256": file_sha256(out / name)} for name, s in sizes.items()}}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def _require_runtime(pyodide_dir: Path) -> None:
    problem = missing_runtime(pyodide_dir)
    if problem:
        raise RuntimeError(f"checker: {problem}")


def _write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its Last-Modified) when the content did not change."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
