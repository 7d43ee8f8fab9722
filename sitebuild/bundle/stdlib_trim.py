"""The part of Pyodide's Python standard library that the checker really uses.

Pyodide ships its whole pure-Python standard library as one zip (2.4 MB, about 530
modules); the checker and Pyodide's own start-up import about 170 of them. The build
writes a zip of only those (passed to `loadPyodide` as `stdLibURL`), found here:

- roots: Python's start-up (`site`, the `encodings` package and the codecs looked up
  by name, which no import statement shows), Pyodide's start-up (every module of
  `_pyodide`, which its C core imports, and the modules its JavaScript bootstrap
  imports by name, read from `pyodide.asm.js`), and
  every module of the shipped package;
- then every module those import, transitively. For the standard library only the
  imports a module runs when it is imported (its top level) count: an import inside a
  function (pdb in `pyodide.console`, say) runs only when that function does, which the
  checker never asks for. The shipped package's own imports count wherever they are.

The zip keeps its members uncompressed (zipimport reads them as they are): the host's
Brotli or gzip compresses the whole file better than zip's per-file deflate.
"""

from __future__ import annotations

import ast
import inspect
import io
import modulefinder
import py_compile
import re
import tempfile
import zipfile
from pathlib import Path

STDLIB_ZIP = "python_stdlib.zip"
# Looked up by name at run time (codecs.lookup, so no import statement names them):
# UTF-8 for Python's own text, cp437 for the names in a zip (unpacking the wheel).
CODECS = ("encodings.utf_8", "encodings.cp437", "encodings.ascii", "encodings.latin_1")
PYTHON_STARTUP = ("site", "encodings", "zipimport", *CODECS)
# In pyodide.asm.js the bootstrap does `API.pyodide_code = o("pyodide.code")`, ...
PYODIDE_CORE = "_pyodide"
BOOTSTRAP_IMPORT = re.compile(r'API\.\w+=\w+\("([A-Za-z_][\w.]*)"\)')


def pyodide_startup(runtime_js: str) -> list[str]:
    """The modules Pyodide's JavaScript imports while it starts (`_pyodide` first)."""
    found = list(dict.fromkeys(BOOTSTRAP_IMPORT.findall(runtime_js)))
    if "pyodide" not in found:
        raise RuntimeError("sitebuild: cannot find which modules Pyodide imports at start-up in pyodide.asm.js "
                           "(its bootstrap changed?): update BOOTSTRAP_IMPORT in sitebuild/bundle/stdlib_trim.py")
    return ["_pyodide", *found]


class _ImportClosure(modulefinder.ModuleFinder):
    """ModuleFinder that follows only top-level imports outside the shipped package."""

    def __init__(self, path: list[str], package: str):
        super().__init__(path=path)
        self.package = package

    def scan_code(self, co, m) -> None:
        # ModuleFinder scans nested code by calling this again; a function's code is
        # "optimized" (a class body runs at import time, and is not).
        in_function = bool(co.co_flags & inspect.CO_OPTIMIZED)
        if in_function and m.__name__.split(".")[0] != self.package:
            return
        super().scan_code(co, m)

    def load_module(self, fqname, fp, pathname, file_info):
        if file_info[2] != modulefinder._PY_SOURCE:
            return super().load_module(fqname, fp, pathname, file_info)
        module = self.add_module(fqname)
        module.__file__ = pathname
        module.__code__ = compile(_without_main_block(fp.read(), pathname), pathname, "exec")
        self.scan_code(module.__code__, module)
        return module


def _without_main_block(source: str, pathname: str) -> ast.Module:
    """The module without its `if __name__ == "__main__":` part, which runs only when
    the module is run as a script (heapq's imports doctest there)."""
    tree = ast.parse(source, pathname)
    tree.body = [node for node in tree.body if not _is_main_block(node)]
    return tree


def _is_main_block(node: ast.stmt) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in node.test.comparators))


def package_modules(package_dir: Path) -> list[str]:
    """Every module of the package (dotted names), found on disk."""
    name = package_dir.name
    modules = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return [m for m in modules if m.split(".")[0] == name]


def needed_modules(stdlib_dir: Path, package_dir: Path, runtime_js: str) -> dict[str, Path]:
    """Dotted name -> file in `stdlib_dir`, for every standard module the checker needs."""
    finder = _ImportClosure([str(stdlib_dir), str(package_dir.parent)], package_dir.name)
    # Pyodide's C core imports the modules of `_pyodide` itself: all of them.
    roots = (*PYTHON_STARTUP, *pyodide_startup(runtime_js), *package_modules(stdlib_dir / PYODIDE_CORE),
             *package_modules(package_dir))
    for name in roots:
        finder.import_hook(name)
    root = stdlib_dir.resolve()
    return {name: Path(module.__file__) for name, module in finder.modules.items()
            if module.__file__ and Path(module.__file__).resolve().is_relative_to(root)}


def trim_stdlib(full_zip: Path, package_dir: Path, runtime_js: str, out: Path, compile_: bool) -> list[str]:
    """Write to `out` the zip of the modules the checker needs; returns their names.
    `compile_`: as bytecode (the host Python has the runtime's minor version), which
    spares the browser compiling ~150 modules from source at every cold start."""
    with tempfile.TemporaryDirectory(prefix="stdlib-") as tmp:
        with zipfile.ZipFile(full_zip) as full:
            full.extractall(tmp)
        modules = needed_modules(Path(tmp), package_dir, runtime_js)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as trimmed:
            for path in sorted(set(modules.values())):
                member, data = _member(path, Path(tmp), compile_)
                trimmed.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), data)
    out.write_bytes(buffer.getvalue())
    return sorted(modules)


def _member(path: Path, root: Path, compile_: bool) -> tuple[str, bytes]:
    """The zip entry for one module: its source, or its bytecode (unchecked: the zip's
    name changes with its bytes, so a stale .pyc cannot be served)."""
    member = path.relative_to(root).as_posix()
    if not compile_:
        return member, path.read_bytes()
    compiled = path.with_suffix(".pyc")
    py_compile.compile(str(path), cfile=str(compiled), dfile=member, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    return member + "c", compiled.read_bytes()
