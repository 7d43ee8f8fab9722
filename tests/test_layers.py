"""The code's layers, and the imports between them: each layer imports only the ones
before it (so none runs back up), and checker/ is exactly what the browser runs.

    checker     the rules engine, standard library only; the browser's wheel
    files       reading and writing files safely (atomic swaps, locks, compression)
    rules       what the build proves and prints about the rules (proof, tables, diff, schemas)
    source      the project's data read with file:line, its folders, its scenarios
    bundle      what the browser downloads: wheel, runtime, service worker, search index
    pages       Markdown + data -> HTML: macros, tables, the checker's form, links, translations
    site        a whole site from pages and bundle, whatever the engine; the theme files
    plugin      MkDocs: the `guide` plugin, preview under serve
    zensical    the same site built with Zensical
    commands    the command line (`guide-checker`, `python -m checker`) and `check`
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = ["checker", "files", "rules", "source", "bundle", "pages", "site", "plugin", "zensical", "commands"]
# Side by side, neither above the other.
PEERS = {frozenset({"plugin", "zensical"})}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "checker":
        return "checker"
    if parts[0] == "sitebuild" and len(parts) > 1:
        return parts[1]
    return None


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") if node.module in ("sitebuild", "checker")
                      else (node.lineno, node.module) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def modules() -> list[Path]:
    return sorted([*(ROOT / "checker").glob("*.py"), *(ROOT / "sitebuild").glob("*/*.py")])


def test_every_module_is_in_a_layer():
    for path in (ROOT / "sitebuild").glob("*/*.py"):
        assert path.parent.name in LAYERS, f"{path.relative_to(ROOT)}: sitebuild/{path.parent.name}/ is not a layer of {LAYERS}"
    assert [p.name for p in (ROOT / "sitebuild").glob("*.py")] == ["__init__.py"], "sitebuild's modules live in its layers"


def test_no_import_runs_back_up():
    wrong = []
    for path in modules():
        here = "checker" if path.parent.name == "checker" else path.parent.name
        for line, module in imports(path):
            there = layer_of(module)
            if there is None or there == here or (path.name == "__main__.py" and here == "checker"):
                continue
            if frozenset({here, there}) in PEERS or LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {here} imports {module} ({there})")
    assert not wrong, "\n".join(wrong)


def test_checker_is_what_the_browser_imports():
    """Every module of checker/ is reached from checker.browser, the worker's entry; only
    checker/__main__.py (the command line's hand-over, left out of the wheel) is not."""
    reached, todo = set(), ["checker.browser", "checker"]
    while todo:
        module = todo.pop()
        if module in reached:
            continue
        reached.add(module)
        path = ROOT / (module.replace(".", "/") + ".py")
        path = path if path.is_file() else ROOT / module.replace(".", "/") / "__init__.py"
        for _, name in imports(path):
            if name.startswith("checker."):
                candidate = name if (ROOT / (name.replace(".", "/") + ".py")).is_file() else name.rsplit(".", 1)[0]
                todo.append(candidate)
            assert layer_of(name) in (None, "checker"), f"{path.relative_to(ROOT)} imports {name}: the browser cannot"
    files = {f"checker.{p.stem}" for p in (ROOT / "checker").glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert files - reached == set(), f"not imported by the browser, so not in checker/: {sorted(files - reached)}"


@pytest.mark.parametrize("name", ["__main__.py"])
def test_the_wheel_leaves_out_the_command_line(name):
    from sitebuild.bundle.wheelbuild import source_files

    assert name not in {p.name for p in source_files(ROOT / "checker")}
