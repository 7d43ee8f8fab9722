"""Writes what the checker's worker loads into the built site.

Called once per build (the site plugin's on_post_build) with the final site folder:

    assets/checker/pyodide-<version>/  pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm, python_stdlib.zip
                        checker-<version>.whl, pyodide-lock.json (sha256 of the wheel)
                        checker-data.json (the validated data: documents, locations, version)

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
from sitebuild.checker_paths import (ASSETS, DATA_FILE, NODE_MODULES, PACKAGE_DIR, build_id, package_version, runtime_dir,
                                     wheel_version)
from sitebuild.pyodide_bundle import DEFAULT_CACHE, build_checker_bundle

Log = Callable[[str], None]


def write_checker_assets(site_dir: Path, programme: Programme, documents: Mapping, locations: Mapping,
                         log: Log, node_modules: Path = NODE_MODULES, cache_dir: Path = DEFAULT_CACHE) -> None:
    """Write the runtime, the wheel, its lock and the data JSON under `site_dir/assets/checker/pyodide-<version>/`."""
    started = time.perf_counter()
    out = Path(site_dir) / ASSETS / runtime_dir(node_modules)
    _require_runtime(node_modules)
    # The wheel holds the code only (a data change reuses it); the lock lists it under
    # the rules' version too, which the worker checks against the page.
    info = build_checker_bundle(PACKAGE_DIR, package_version(), out, node_modules,
                                log=log, cache_dir=cache_dir, lock_version=wheel_version(programme))
    _write_if_changed(out / DATA_FILE, data_json(programme, documents, locations))
    log(f"checker: assets written to {out} ({info.wheel}, {'compiled' if info.compiled else 'source'}, "
        f"build {build_id(programme)}) in {time.perf_counter() - started:.2f} s")


def data_json(programme: Programme, documents: Mapping, locations: Mapping) -> str:
    """What the worker hands to `checker.load`: the same input the build validated."""
    payload = {"version": programme.version, "build": build_id(programme),
               "documents": documents, "locations": locations}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _require_runtime(node_modules: Path) -> None:
    if not (node_modules / "pyodide" / "pyodide.asm.wasm").exists():
        raise RuntimeError(f"checker: the Pyodide runtime is missing from {node_modules / 'pyodide'}: run scripts/setup")


def _write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its Last-Modified) when the content did not change."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
