"""The writers' macro reference (content/writers/macros.md) is generated from the macros'
docstrings: every macro a page can call is listed, with its arguments and a summary."""

from __future__ import annotations

from pathlib import Path

from sitebuild.pages.macro_reference import macro_docs
from sitebuild.pages.macros import Macros
from tests.conftest import ROOT


def test_every_macro_has_a_summary_for_writers():
    undocumented = [doc.name for doc in macro_docs(Macros) if not doc.summary]
    assert not undocumented, f"write a docstring for: {', '.join(undocumented)} (it is the writers' reference)"


def test_the_reference_lists_every_macro_with_its_arguments():
    docs = macro_docs(Macros)
    assert [doc.name for doc in docs] == list(Macros.NAMES)
    incidents = next(doc for doc in docs if doc.name == "incidents")
    assert incidents.call.startswith("incidents(") and incidents.call != "incidents()"


def test_the_macros_page_shows_the_reference_in_both_languages():
    for page in (ROOT / "content/writers/macros.md", ROOT / "content/ja/writers/macros.md"):
        assert "{{ macro_reference() }}" in Path(page).read_text(encoding="utf-8"), page
