"""Bundle a pure-Python package with the Pyodide runtime, for the browser.

The result is a folder holding the runtime files that ``loadPyodide`` fetches,
the package's wheel, a trimmed ``pyodide-lock.json`` that lists only that wheel
(with its sha256, which the browser checks), and the part of the standard library
the package and Pyodide's start-up import (sitebuild/bundle/stdlib_trim.py), named by its
sha256. A page or worker then does::

    const py = await loadPyodide({indexURL, lockFileURL: indexURL + "pyodide-lock.json",
                                  stdLibURL: indexURL + "python_stdlib-<sha256>.zip"});
    await py.loadPackage("checker");

Command line: ``python -m sitebuild.bundle.pyodide_bundle PACKAGE_DIR OUT_DIR [--version V]``.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitebuild.bundle.stdlib_trim import STDLIB_ZIP, trim_stdlib
from sitebuild.bundle.wheelbuild import build_wheel, file_sha256, run_tool, sources_digest

LOCK = "pyodide-lock.json"
DIST = "checker"
# Bump when the build recipe changes, so cached wheels from the old one are not reused.
RECIPE = "2"

# What loadPyodide() fetches from indexURL in a module worker, as observed in
# Chromium (the lock file is fetched from lockFileURL, the standard library from
# stdLibURL: both are ours). The worker imports the module and asks for the wasm
# early; it learns both names from the page (layout.checker_manifest).
RUNTIME_MODULE = "pyodide.mjs"
RUNTIME_WASM = "pyodide.asm.wasm"
RUNTIME_FILES = (RUNTIME_MODULE, "pyodide.asm.js", RUNTIME_WASM)

Log = Callable[[str], None]


@dataclass(frozen=True)
class BundleInfo:
    wheel: str  # file name, relative to the bundle folder
    sha256: str
    stdlib: str  # file name of the trimmed standard library
    stdlib_sha256: str
    compiled: bool  # True when the wheel holds .pyc instead of .py
    total_bytes: int  # everything written to the bundle folder


def _stderr_log(line: str) -> None:
    print(line, file=sys.stderr)


def runtime_python(pyodide_dir: Path) -> tuple[int, int]:
    """The (major, minor) CPython version of the Pyodide runtime in `pyodide_dir`."""
    info = json.loads((pyodide_dir / LOCK).read_text(encoding="utf-8"))["info"]
    major, minor = info["python"].split(".")[:2]
    return int(major), int(minor)


def pyodide_cli() -> str:
    """The ``pyodide`` command of the running environment (pyodide-build)."""
    beside = Path(sys.executable).parent / "pyodide"
    found = str(beside) if beside.exists() else shutil.which("pyodide")
    if not found:
        raise RuntimeError("the 'pyodide' command (pyodide-build) is missing: run scripts/setup")
    return found


def _trimmed_lock(full_lock: Path, dist: str) -> dict:
    """Only ``info`` and our package: the browser needs nothing else, and the
    full lock (120 KB) lists hundreds of packages we never ship."""
    lock = json.loads(full_lock.read_text(encoding="utf-8"))
    return {"info": lock["info"], "packages": {dist: lock["packages"][dist]}}


def _add_wheel_to_lock(wheel: Path, pyodide_dir: Path, out: Path) -> None:
    """Write to ``out`` the runtime's full lock plus an entry for ``wheel``."""
    run_tool([pyodide_cli(), "lockfile", "add-wheels", "--input", str(pyodide_dir / LOCK),
              "--output", str(out), "--base-path", str(wheel.parent), str(wheel)],
             "pyodide lockfile add-wheels")


def _build_into(work: Path, package_dir: Path, version: str, pyodide_dir: Path, compile_: bool) -> None:
    """Build the wheel and its trimmed lock in the empty folder ``work``."""
    wheel = build_wheel(package_dir, DIST, version, work)
    # add-wheels only accepts py3-none-any here (it rejects py-compile's
    # cp313-none-any tag), so the lock is made first and py-compile updates it.
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / LOCK
        _add_wheel_to_lock(wheel, pyodide_dir, full)
        (work / LOCK).write_text(json.dumps(_trimmed_lock(full, DIST), indent=1), encoding="utf-8")
    if compile_:
        # On a folder, py-compile rewrites the lock's file_name and sha256 too.
        run_tool([pyodide_cli(), "py-compile", "--silent", str(work)], "pyodide py-compile")
    trimmed = work / STDLIB_ZIP
    trim_stdlib(pyodide_dir / STDLIB_ZIP, package_dir, (pyodide_dir / "pyodide.asm.js").read_text(encoding="utf-8"),
                trimmed, compile_)
    trimmed.rename(work / stdlib_name(file_sha256(trimmed)))


def _cache_key(package_dir: Path, version: str, pyodide_dir: Path, compile_: bool) -> str:
    """Everything the built wheel and lock depend on."""
    info = json.loads((pyodide_dir / LOCK).read_text(encoding="utf-8"))["info"]
    host = "%d.%d" % sys.version_info[:2]
    return sources_digest(package_dir, RECIPE, version, host, str(compile_), json.dumps(info))[:24]


def cached_build(package_dir: Path, version: str, pyodide_dir: Path, cache_dir: Path,
                 compile_: bool, log: Log) -> Path:
    """The folder holding the wheel and trimmed lock, built only when the
    sources, version, runtime or host Python changed since the last build."""
    target = cache_dir / _cache_key(package_dir, version, pyodide_dir, compile_)
    if (target / LOCK).exists():
        log(f"sitebuild: {DIST} wheel is current (cache {target.name})")
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix="tmp-") as tmp:
        work = Path(tmp) / "out"
        work.mkdir()
        _build_into(work, package_dir, version, pyodide_dir, compile_)
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)  # atomic: a half-built folder is never taken as cached
    log(f"sitebuild: built {DIST} wheel (cache {target.name})")
    _prune(cache_dir, keep=target)
    return target


def _prune(cache_dir: Path, keep: Path, most: int = 5) -> None:
    """Drop all but the newest builds: every source edit makes a new entry."""
    others = [p for p in cache_dir.iterdir()
              if p.is_dir() and p != keep and not p.name.startswith("tmp-")]
    entries = sorted(others, key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[most - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _write_lock(src: Path, dst: Path, version: str | None) -> None:
    if version is None:
        return _copy_if_changed(src, dst)
    lock = json.loads(src.read_text(encoding="utf-8"))
    lock["packages"][DIST]["version"] = version
    text = json.dumps(lock, indent=1)
    if not (dst.exists() and dst.read_text(encoding="utf-8") == text):
        dst.write_text(text, encoding="utf-8")


def _copy_if_changed(src: Path, dst: Path) -> None:
    """Copy unless ``dst`` already has the same bytes (a 12 MB compare takes
    milliseconds); mtimes are not trusted, npm ci rewrites them. copyfile, not
    copy2, so the served Last-Modified is the build time."""
    if dst.exists() and filecmp.cmp(src, dst, shallow=False):
        return
    shutil.copyfile(src, dst)


def stdlib_name(sha256: str) -> str:
    """`python_stdlib-<sha256>.zip`: new bytes get a new URL, so a cache never mixes them."""
    return f"python_stdlib-{sha256[:16]}.zip"


def _install(built: Path, out_dir: Path, pyodide_dir: Path, lock_version: str | None = None) -> tuple[str, str, str]:
    """Fill ``out_dir``; return the wheel's file name and sha256 from the lock, and the
    standard library's file name. ``lock_version``: the version the lock lists the wheel
    under, if not its own."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        _copy_if_changed(pyodide_dir / name, out_dir / name)
    entry = json.loads((built / LOCK).read_text(encoding="utf-8"))["packages"][DIST]
    stdlib = next(built.glob("python_stdlib-*.zip")).name
    for stale in [*out_dir.glob(f"{DIST}-*.whl"), *out_dir.glob("python_stdlib*.zip")]:
        if stale.name not in (entry["file_name"], stdlib):
            stale.unlink()
    for name in (entry["file_name"], stdlib):
        _copy_if_changed(built / name, out_dir / name)
    _write_lock(built / LOCK, out_dir / LOCK, lock_version)
    if file_sha256(out_dir / entry["file_name"]) != entry["sha256"]:
        raise RuntimeError(f"{entry['file_name']}: sha256 differs from the lock entry")
    return entry["file_name"], entry["sha256"], stdlib


def build_checker_bundle(package_dir: Path, version: str, out_dir: Path, pyodide_dir: Path,
                         cache_dir: Path, log: Log = _stderr_log, lock_version: str | None = None) -> BundleInfo:
    """Write the Pyodide runtime, the package's wheel and a trimmed lock to ``out_dir``."""
    runtime = runtime_python(pyodide_dir)
    compile_ = sys.version_info[:2] == runtime
    if not compile_:
        log("sitebuild: keeping the source wheel: .pyc compiled by host Python "
            "%d.%d would not load in Pyodide's Python %d.%d" % (*sys.version_info[:2], *runtime))
    built = cached_build(package_dir.resolve(), version, pyodide_dir, cache_dir, compile_, log)
    wheel, sha256, stdlib = _install(built, out_dir, pyodide_dir, lock_version)
    names = (*RUNTIME_FILES, wheel, LOCK, stdlib)
    total = sum((out_dir / name).stat().st_size for name in names)
    log(f"sitebuild: bundle {out_dir}: {wheel}, {stdlib}, {total / 1e6:.1f} MB in {len(names)} files")
    return BundleInfo(wheel=wheel, sha256=sha256, stdlib=stdlib, stdlib_sha256=file_sha256(out_dir / stdlib),
                      compiled=compile_, total_bytes=total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--version", default="0.0.0")
    parser.add_argument("--pyodide-dir", type=Path, default=Path("node_modules/pyodide"),
                        help="the npm package pyodide (default: %(default)s)")
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache/checker-wheel"))
    args = parser.parse_args(argv)
    info = build_checker_bundle(args.package_dir, args.version, args.out_dir, args.pyodide_dir, args.cache_dir)
    print(json.dumps(info.__dict__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
