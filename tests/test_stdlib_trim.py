"""The standard library shipped to the browser: only what the checker and Pyodide's
start-up import, and every import of the wheel works from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from sitebuild.bundle.layout import ASSETS, DATA_FILE, FILES_FILE, runtime_dir
from sitebuild.bundle.stdlib_trim import STDLIB_ZIP, package_modules, pyodide_startup
from tests.conftest import PYODIDE, ROOT

# Run by the host's CPython with the trimmed zip and the wheel first on its path, the
# frozen standard modules off (so they are imported from the path too): imports every
# module of the wheel, answers through the browser's entry points, and reports where
# each imported module came from.
PROBE = """
import json, sys, importlib
for name in json.loads(sys.argv[2]):
    importlib.import_module(name)
from checker import browser
browser.start(open(sys.argv[1], encoding="utf-8").read())
answers = {"membership": "gold", "competencies": ["security"], "product": "azure"}
assert json.loads(browser.evaluate_json(json.dumps(answers), "ja"))["complete"] is not None
print(json.dumps({name: getattr(module, "__file__", None) for name, module in sorted(sys.modules.items())}))
"""


def runtime(site: Path) -> Path:
    return site / ASSETS / runtime_dir(PYODIDE)


def trimmed_zip(site: Path) -> Path:
    files = json.loads((runtime(site) / FILES_FILE).read_text(encoding="utf-8"))
    return runtime(site) / files["stdlib"]["file_name"]


def wheel_modules(wheel: Path) -> list[str]:
    """Every module in the wheel but `__main__` (it runs the command line)."""
    names = []
    for member in zipfile.ZipFile(wheel).namelist():
        if member.endswith((".py", ".pyc")) and not member.endswith(("__main__.py", "__main__.pyc")):
            parts = member.rsplit(".", 1)[0].split("/")
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def test_every_import_of_the_wheel_works_from_the_trimmed_library(built_site):
    if sys.version_info[:2] != (3, 13):
        pytest.skip("the trimmed library holds bytecode for Pyodide's Python 3.13")
    stdlib, data = trimmed_zip(built_site), runtime(built_site) / DATA_FILE
    wheel = next(runtime(built_site).glob("checker-*.whl"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(stdlib), str(wheel)))}
    modules = wheel_modules(wheel)
    assert "checker.browser" in modules and len(modules) > 10
    done = subprocess.run([sys.executable, "-X", "frozen_modules=off", "-S", "-c", PROBE, str(data), json.dumps(modules)],
                          env=env, capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr
    origins = json.loads(done.stdout.splitlines()[-1])
    host_stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    # zipimport reads the zip, so it cannot come from it (Pyodide has it frozen).
    from_host = [name for name, file in origins.items() if name != "zipimport"
                 and file and Path(file).resolve().is_relative_to(host_stdlib) and "lib-dynload" not in file]
    assert from_host == [], f"imported from the host's library, missing from the trimmed one: {from_host}"
    assert any(file and file.startswith(str(stdlib)) for file in origins.values())
    assert origins["checker.browser"].startswith(str(wheel))


def test_the_trimmed_library_is_a_fraction_of_the_full_one(built_site):
    full = zipfile.ZipFile(PYODIDE / STDLIB_ZIP).namelist()
    trimmed = zipfile.ZipFile(trimmed_zip(built_site)).namelist()
    assert len(trimmed) < len(full) / 2
    modules = {name.removesuffix(".pyc").removesuffix(".py") for name in trimmed}
    # What the checker's code imports, and Pyodide's start-up, are in; what neither uses is not.
    assert {"json/__init__", "dataclasses", "difflib", "_pyodide/_base", "pyodide/webloop", "encodings/utf_8"} <= modules
    assert not {"unittest/__init__", "email/__init__", "xml/__init__", "pdb", "pydoc", "tkinter/__init__"} & modules


def test_pyodide_startup_modules_are_read_from_its_bootstrap():
    found = pyodide_startup((PYODIDE / "pyodide.asm.js").read_text(encoding="utf-8"))
    assert found[0] == "_pyodide" and {"pyodide", "pyodide.code", "pyodide.ffi", "_pyodide._base"} <= set(found)
    with pytest.raises(RuntimeError, match="BOOTSTRAP_IMPORT"):
        pyodide_startup("console.log('another runtime')")


def test_every_module_of_the_package_is_a_root():
    names = package_modules(ROOT / "checker")
    assert "checker" in names and "checker.browser" in names and "checker.engine" in names
