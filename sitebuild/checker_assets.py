"""Writes what the checker's worker loads into the built site.

Called once per build (the site plugin's on_post_build) with the final site folder:

    assets/checker/pyodide-<version>/  pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm
                        python_stdlib-<sha256>.zip (only the modules the checker imports)
                        checker-<version>.whl, pyodide-lock.json (sha256 of the wheel)
                        checker-data.json (the validated data: documents, locations, version)
                        checker-files.json (what the worker fetches: names, sha256, sizes)

The scripts themselves (loader.js, worker.mjs, ...) are theme files copied by MkDocs
from overrides/assets/checker/. Nothing is rewritten when the bytes are unchanged, and
the wheel comes from a cache, so a rebuild with no change to checker/ costs little.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from checker.model import Programme
from sitebuild.checker_paths import (ASSETS, DATA_FILE, FILES_FILE, NODE_MODULES, PACKAGE_DIR, build_id, package_version,
                                     runtime_dir,
                                     wheel_version)
from sitebuild.precompress import DEFAULT_CACHE as PRECOMPRESSED
from sitebuild.precompress import precompress_files
from sitebuild.pyodide_bundle import DEFAULT_CACHE, RUNTIME_FILES, BundleInfo, build_checker_bundle
from sitebuild.wheelbuild import file_sha256

Log = Callable[[str], None]


def write_checker_assets(site_dir: Path, programme: Programme, documents: Mapping, locations: Mapping,
                         log: Log, node_modules: Path = NODE_MODULES, cache_dir: Path = DEFAULT_CACHE,
                         precompressed: Path = PRECOMPRESSED) -> None:
    """Write the runtime, the wheel, its lock and the data JSON under `site_dir/assets/checker/pyodide-<version>/`."""
    started = time.perf_counter()
    out = Path(site_dir) / ASSETS / runtime_dir(node_modules)
    _require_runtime(node_modules)
    # The wheel holds the code only (a data change reuses it); the lock lists it under
    # the rules' version too, which the worker checks against the page.
    info = build_checker_bundle(PACKAGE_DIR, package_version(), out, node_modules,
                                log=log, cache_dir=cache_dir, lock_version=wheel_version(programme))
    _write_if_changed(out / DATA_FILE, data_json(programme, documents, locations))
    _write_if_changed(out / FILES_FILE, files_json(out, info, build_id(programme), cache_dir=precompressed))
    log(f"checker: assets written to {out} ({info.wheel}, {'compiled' if info.compiled else 'source'}, "
        f"build {build_id(programme)}) in {time.perf_counter() - started:.2f} s")


def data_json(programme: Programme, documents: Mapping, locations: Mapping) -> str:
    """What the worker hands to `checker.load`: the same input the build validated."""
    payload = {"version": programme.version, "build": build_id(programme),
               "documents": documents, "locations": locations}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def files_json(out: Path, info: BundleInfo, build: str, cache_dir: Path = PRECOMPRESSED) -> str:
    """The worker's list of what it downloads: the standard library's name and sha256
    (it is passed to loadPyodide, which checks nothing), and every file's size, raw and
    as a host serving the precompressed siblings sends it (for the progress shown)."""
    names = (*RUNTIME_FILES, info.stdlib, info.wheel, DATA_FILE)
    packed = precompress_files([out / name for name in names], cache_dir)
    sizes = {name: packed[out / name] for name in names}
    payload = {"build": build, "stdlib": {"file_name": info.stdlib, "sha256": info.stdlib_sha256},
               "files": {name: {"bytes": s.raw, "sent": s.sent, "sha256": file_sha256(out / name)} for name, s in sizes.items()}}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def _require_runtime(node_modules: Path) -> None:
    if not (node_modules / "pyodide" / "pyodide.asm.wasm").exists():
        raise RuntimeError(f"checker: the Pyodide runtime is missing from {node_modules / 'pyodide'}: run scripts/setup")


def _write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its Last-Modified) when the content did not change."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
