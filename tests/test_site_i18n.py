"""Languages as configuration, piece by piece: which pages a language must have, the
banner of a draft language's pages, and what the build says when a language is
listed without its config."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import Language
from sitebuild.pages.fallback import with_banner
from sitebuild.pages.languages import config_template, translation_problems
from tests.site_build import build_site, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

EN = Language(id="en", name="English", status="complete")


def pages(root: Path, files: list[str]) -> Path:
    for file in files:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text("# page\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("status, problems", [
    ("complete", ["content/de/b.md is missing"]),
    ("draft", []),
])
def test_only_a_complete_language_must_have_every_page(tmp_path, status, problems):
    docs = pages(tmp_path / "content", ["a.md", "b.md", "de/a.md"])
    found = translation_problems(docs, (EN, Language(id="de", name="Deutsch", status=status)))
    assert [p.split(":")[0] for p in found] == problems


def test_no_language_may_have_a_page_without_a_source_page(tmp_path):
    docs = pages(tmp_path / "content", ["a.md", "de/a.md", "de/extra.md"])
    found = translation_problems(docs, (EN, Language(id="de", name="Deutsch", status="draft")))
    assert found == ["content/de/extra.md has no source page content/extra.md: add it, or remove this one."]


@pytest.mark.parametrize("html, expected", [
    ('<h1 id="t">Title</h1><p>Text</p>', '<h1 id="t">Title</h1>\nBANNER<p>Text</p>'),
    ("<p>No title</p>", "BANNER<p>No title</p>"),
])
def test_the_banner_goes_under_the_title(html, expected):
    assert with_banner(html, "BANNER") == expected


def test_a_language_without_its_config_fails_the_build_showing_what_to_write(tmp_path):
    copy_project(tmp_path)
    with (tmp_path / "data" / "languages.yml").open("a", encoding="utf-8") as languages:
        languages.write("  - id: de\n    name: Deutsch\n    status: draft\n")
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    assert done.returncode != 0
    assert "mkdocs.de.yml is missing: data/languages.yml lists 'de'" in done.stderr
    assert config_template("mkdocs.yml", "content", "de") in done.stderr
    assert not (tmp_path / "site").exists()


def test_nav_sections_are_titled_by_page_strings():
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.nav import Navigation, Section

    from sitebuild.pages.languages import translate_nav_sections

    words = {"nav-writers": "執筆者ガイド"}
    nav = Navigation([Section("nav-writers", [Section("nav-writers", [])])], [])
    translate_nav_sections(nav, words.get, "data/page-strings.yml")
    assert [nav.items[0].title, nav.items[0].children[0].title] == ["執筆者ガイド", "執筆者ガイド"]
    with pytest.raises(PluginError, match="the nav section 'Writers' has no title in data/page-strings.yml"):
        translate_nav_sections(Navigation([Section("Writers", [])], []), words.get, "data/page-strings.yml")
