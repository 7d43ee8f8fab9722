"""A third language added as configuration only, as a draft (German, from
tests/fixtures/draft-language/): the translation report counts it, the site builds,
pages and strings it lacks fall back to English under a banner in German, and in
Chromium the language switcher and German search work."""

from __future__ import annotations

import html

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checker import load
from sitebuild.source.yaml_source import read_data_dir
from tests.browser import serve
from tests.conftest import ROOT
from tests.site_build import build_site, copy_project
from tests.test_browser_site import search, switch_language
from tests.test_site_pages import PAGES, page_html, page_text

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

FIXTURE = ROOT / "tests" / "fixtures" / "draft-language"
TRANSLATED = ["next-steps/"]  # pages of content/de/ whose every string has a German text
PARTLY = ["entitlements/"]  # a German page whose table shows English data strings
GERMAN_STRINGS = yaml.safe_load((FIXTURE / "strings.yml").read_text(encoding="utf-8"))


def add_german(project: Path) -> None:
    """What a writer adds: the language, its config, its pages, some translated strings."""
    with (project / "data" / "languages.yml").open("a", encoding="utf-8") as languages:
        languages.write((FIXTURE / "languages.yml").read_text(encoding="utf-8"))
    shutil.copy2(FIXTURE / "mkdocs.de.yml", project / "mkdocs.de.yml")
    shutil.copytree(FIXTURE / "content" / "de", project / "content" / "de")
    for entry in GERMAN_STRINGS:
        add_translation(project / "data" / entry["file"], entry["en"], entry["de"])


def add_translation(path: Path, english: str, german: str) -> None:
    """Put `de: german` under the line `en: english`, with the same indentation."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(rf"^( *)en: {re.escape(english)}\n", text, flags=re.MULTILINE)
    assert len(found) == 1, f"'en: {english}' is not one line of {path.name}"
    line = f"{found[0]}en: {english}\n"
    path.write_text(text.replace(line, f"{line}{found[0]}de: {german}\n"), encoding="utf-8")


def i18n(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "i18n", "--data", str(project / "data"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("draft-language")
    copy_project(root)
    add_german(root)
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    build_site(project / "site", config=project / "mkdocs.yml", cwd=project)
    return project / "site"


def german_text(site: Path, page: str) -> str:
    return page_text(site, "de", page)


def test_the_translation_report_counts_the_draft_language(project):
    texts = len(load(*read_data_dir(project / "data"), allow_stale=True).texts)
    done = i18n(project)
    assert done.returncode == 0, "a draft language never fails the report"
    assert f"de (draft): 0 complete, {texts - len(GERMAN_STRINGS)} missing, 0 stale, {len(GERMAN_STRINGS)} not yet accepted" \
        in done.stdout, done.stdout[:500]
    assert re.search(r"data/sections\.yml:\d+:\d+: missing: sections\.yml sections\.activate\.title", done.stdout)
    accepted = i18n(project, "--accept", "de", "--all")
    assert f"de (draft): {len(GERMAN_STRINGS)} complete, {texts - len(GERMAN_STRINGS)} missing, 0 stale, 0 not yet accepted" \
        in accepted.stdout
    assert "ja (complete):" in accepted.stdout and " 0 missing, 0 stale" in accepted.stdout


def test_the_draft_language_has_every_page(site):
    for page in PAGES:
        assert (site / "de" / page / "index.html").is_file(), page
    assert '<html lang="de"' in page_html(site, "de", "activate/")
    assert '"lang":["de"]' in (site / "de/search/search_index.json").read_text(encoding="utf-8").replace(" ", "")


def test_pages_built_from_english_say_so_in_german(site):
    document = page_html(site, "de", "activate/")
    assert "guide-untranslated-page" in document
    text = german_text(site, "activate/")
    assert "Noch nicht übersetzt Diese Seite ist noch nicht übersetzt und wird auf English angezeigt." in text
    assert text.index("Noch nicht übersetzt") > text.index("Activating and viewing your benefits"), "under the title"


def test_translated_pages_carry_no_banner(site):
    for page in TRANSLATED:
        assert "guide-untranslated" not in page_html(site, "de", page), page
    assert "Nächste Schritte" in german_text(site, "next-steps/")
    for page in PAGES:
        assert "guide-untranslated" not in page_html(site, "en", page) + page_html(site, "ja", page), page


def test_a_german_page_showing_english_strings_says_so(site):
    for page in PARTLY:
        document = page_html(site, "de", page)
        assert "guide-untranslated-parts" in document and "guide-untranslated-page" not in document
        text = german_text(site, page)
        assert "Teile dieser Seite sind noch nicht übersetzt" in text
        assert "Leistungen und unterstützte Produkte" in text and "Technischer Support" in text  # the German strings
        assert "Microsoft Product Support" in text  # an English one


def test_the_nav_titles_its_sections_in_each_language(site):
    assert "Writers' guide" in html.unescape(page_html(site, "de", "next-steps/")), "a draft falls back to the source's title"
    assert "執筆者ガイド" in page_html(site, "ja", "next-steps/")


def test_the_switcher_leads_to_the_same_page_in_the_draft_language(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + "next-steps/")
        names = page.eval_on_selector_all("a.md-select__link", "links => links.map(a => a.hreflang)")
        assert names == ["en", "ja", "de"]
        switch_language(page, "de")
        assert page.url == base + "de/next-steps/"
        assert page.get_attribute("html", "lang") == "de" and "Nächste Schritte" in page.inner_text("h1")
        switch_language(page, "en")
        assert page.url == base + "next-steps/"
        page.close()


def test_german_search_finds_german_pages_only(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        page.goto(base + "de/")
        results = search(page, "Prüfassistent")
        assert "/de/next-steps/" in results, results
        assert all(path.startswith("/de/") for path in results), results
        page.close()
