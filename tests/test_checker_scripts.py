"""The widget's scripts, read as text: no HTML from strings, no eval, a tiny loader."""

from __future__ import annotations

import re

import pytest

from sitebuild.site.theme_files import THEME_DIR
from sitebuild.bundle.layout import ASSETS

SCRIPTS = THEME_DIR / ASSETS
FORBIDDEN = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout(\"")


@pytest.mark.parametrize("path", sorted(SCRIPTS.glob("*.*js")), ids=lambda p: p.name)
def test_no_html_from_strings_and_no_eval(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [word for word in FORBIDDEN if word in text] == []


def test_loader_is_tiny_and_imports_the_widget_only_where_it_is_needed() -> None:
    text = (SCRIPTS / "loader.js").read_text(encoding="utf-8")
    assert len(text.encode()) < 2560  # it also starts the worker, routes table links and asks for the prefetch
    assert not re.search(r"^\s*import\s", text, re.M), "static imports would load on every page"
    assert re.findall(r"import\(\"([^\"]+)\"\)", text) == ["./widget.js"]
    # Nothing is imported before the page is known to hold the checker.
    guard = text.index("if (!root")
    assert guard < text.index('import("./widget.js")') and guard < text.index("import(module)")
    listed = re.search(r"DEPENDENCIES = \[([^\]]*)\]", text).group(1)
    widget_imports = re.findall(r'from "(\./[a-z]+\.js)"', (SCRIPTS / "widget.js").read_text(encoding="utf-8"))
    assert sorted(re.findall(r'"([^"]+)"', listed)) == sorted(widget_imports)


def test_no_other_host_is_named_in_the_scripts() -> None:
    for path in SCRIPTS.glob("*.*js"):
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path.name
