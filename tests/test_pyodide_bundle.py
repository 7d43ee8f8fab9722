"""The Pyodide bundle: wheel, trimmed lock and runtime files, without a browser."""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from tests.conftest import PYODIDE
from pathlib import Path

import pytest

from sitebuild.bundle.pyodide_bundle import LOCK, RUNTIME_FILES, BundleInfo, build_checker_bundle, runtime_python

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]


def _require_runtime() -> None:
    if not (PYODIDE / LOCK).exists():
        pytest.fail("node_modules/pyodide is missing: run scripts/setup")


def _make_package(root: Path) -> Path:
    """A tiny package with a subpackage, a data file and a stray __pycache__."""
    pkg = root / "checker"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("def hello():\n    return 42\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "rules.yaml").write_text("answer: 42\n")
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "stale.cpython-313.pyc").write_bytes(b"junk")
    return pkg


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BundleInfo, Path, Path, list[str]]:
    _require_runtime()
    tmp = tmp_path_factory.mktemp("bundle")
    pkg = _make_package(tmp / "src")
    out, cache, lines = tmp / "out", tmp / "cache", []
    info = build_checker_bundle(pkg, "1.2.3", out, PYODIDE, cache, log=lines.append)
    return info, out, cache, lines


def _lock(out: Path) -> dict:
    return json.loads((out / LOCK).read_text(encoding="utf-8"))


def test_wheel_sha256_matches_the_lock_entry(built) -> None:
    info, out, _, _ = built
    entry = _lock(out)["packages"]["checker"]
    wheel = out / info.wheel
    assert wheel.is_file()
    assert entry["file_name"] == info.wheel  # relative: resolved against the lock's URL
    assert entry["sha256"] == info.sha256 == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["checker"] and entry["version"] == "1.2.3"


def test_lock_holds_only_the_checker_and_the_runtime_info(built) -> None:
    _, out, _, _ = built
    lock = _lock(out)
    assert set(lock) == {"info", "packages"}
    assert list(lock["packages"]) == ["checker"]
    runtime_lock = json.loads((PYODIDE / LOCK).read_text(encoding="utf-8"))
    assert lock["info"] == runtime_lock["info"]


def test_runtime_files_are_copied(built) -> None:
    info, out, _, _ = built
    for name in RUNTIME_FILES:
        assert (out / name).stat().st_size == (PYODIDE / name).stat().st_size
    assert sorted(p.name for p in out.iterdir()) == sorted([*RUNTIME_FILES, LOCK, info.wheel, info.stdlib])
    assert info.total_bytes == sum(p.stat().st_size for p in out.iterdir())


def test_compiled_iff_host_matches_runtime_python(built) -> None:
    info, out, _, lines = built
    same = sys.version_info[:2] == runtime_python(PYODIDE)
    assert info.compiled is same
    names = zipfile.ZipFile(out / info.wheel).namelist()
    suffix = ".pyc" if same else ".py"
    assert {"checker/__init__" + suffix, "checker/sub/__init__" + suffix} <= set(names)
    if same:  # py-compile replaces every .py; stale .pyc would not load in Pyodide
        assert not any(n.endswith(".py") for n in names)
    assert any("keeping the source wheel" in line for line in lines) is not same


def test_wheel_has_data_files_and_no_pycache(built) -> None:
    info, out, _, _ = built
    names = zipfile.ZipFile(out / info.wheel).namelist()
    assert "checker/rules.yaml" in names
    assert not any("__pycache__" in n or "stale" in n for n in names)


def test_second_build_is_served_from_the_cache(built) -> None:
    info, out, cache, _ = built
    lines: list[str] = []
    pkg = out.parent / "src" / "checker"
    again = build_checker_bundle(pkg, "1.2.3", out, PYODIDE, cache, log=lines.append)
    assert again == info
    assert any("wheel is current" in line for line in lines)
    assert all(line.startswith("sitebuild: ") for line in lines)


def test_new_version_replaces_the_old_wheel(tmp_path: Path) -> None:
    _require_runtime()
    pkg = _make_package(tmp_path / "src")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build_checker_bundle(pkg, "1.0.0", out, PYODIDE, cache, log=lambda _: None)
    second = build_checker_bundle(pkg, "1.0.1", out, PYODIDE, cache, log=lambda _: None)
    assert first.sha256 != second.sha256
    assert sorted(p.name for p in out.glob("*.whl")) == [second.wheel]
    assert _lock(out)["packages"]["checker"]["sha256"] == second.sha256
