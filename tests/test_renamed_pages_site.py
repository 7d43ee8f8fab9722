"""A project that names its pages and configs otherwise: the second programme with its
checker at help/eligibility/, its decision table at all-cases/ and its French config in
site.fr.yml, set by the guide plugin's options only (checker_page, decision_table_page,
language_config). It builds, `check` agrees, and the built pages lead to the renamed pages."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import time
from html import unescape
from pathlib import Path

import pytest
import yaml

from checker import evaluate
from sitebuild.pages.page_check import check_pages
from sitebuild.source.project import PageLayout
from sitebuild.source.site_data import load_site_data
from tests.browser import serve
from tests.site_build import build_site, copy_project
from tests.test_second_programme import PROGRAMME_B, programme_b

pytestmark = pytest.mark.build  # builds a site and runs what `check` runs (tests/conftest.py)

LAYOUT = PageLayout(checker_page="help/eligibility/", decision_table_page="all-cases/", language_config="site.{lang}.yml")
LANGS = {"en": "", "fr": "fr/"}
MOVED = {"checker.md": "help/eligibility.md", "decision-table.md": "all-cases.md"}  # as the options above name them


def renamed_programme(folder: Path, layout: PageLayout = LAYOUT) -> Path:
    """Programme B with its checker and decision table pages moved, the links to them
    rewritten as a writer would, its French config renamed and the options set."""
    project = copy_project(folder, ["content", "data", "mkdocs.yml", "mkdocs.fr.yml"], source=PROGRAMME_B)
    for docs in (project / "content", project / "content" / "fr"):
        for old, new in MOVED.items():
            (docs / new).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(docs / old, docs / new)
        for page in docs.glob("**/*.md"):
            relative = page.relative_to(docs).as_posix()
            if docs.name != "fr" and relative.startswith("fr/"):
                continue  # the French pages, rewritten with their own folder
            here = posixpath.dirname(relative)
            text = page.read_text(encoding="utf-8")
            for old, new in MOVED.items():
                text = re.sub(rf"\]\({re.escape(old)}\)", f"]({posixpath.relpath(new, here or '.')})", text)
            page.write_text(text, encoding="utf-8")
    shutil.move(project / "mkdocs.fr.yml", project / layout.language_config.replace("{lang}", "fr"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in MOVED.items():
        config = config.replace(f"  - {old}\n", f"  - {new}\n")
    options = (f"    checker_page: {layout.checker_page}\n    decision_table_page: {layout.decision_table_page}\n"
               f"    language_config: \"{layout.language_config}\"\n")
    config = config.replace("    language: en\n", "    language: en\n" + options, 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert yaml.safe_load(config)["plugins"]["guide"]["checker_page"] == layout.checker_page
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return renamed_programme(tmp_path_factory.mktemp("renamed") / "programme-b")


@pytest.fixture(scope="module")
def site(project) -> Path:
    build_site(project / "site", config=project / "mkdocs.yml", cwd=project)
    return project / "site"


def widget(site: Path, lang: str) -> tuple[Path, str]:
    page = site / LANGS[lang] / LAYOUT.checker_page / "index.html"
    return page, page.read_text(encoding="utf-8")


def resolved(page: Path, href: str) -> Path:
    """Where a relative link of the built page `page` leads (a folder's page: its index.html)."""
    target = (page.parent / unescape(href).split("#")[0]).resolve()
    return target / "index.html" if href.endswith("/") else target


def test_the_renamed_pages_are_built_and_the_old_names_are_not(site):
    for root in LANGS.values():
        assert (site / root / LAYOUT.checker_page / "index.html").is_file()
        assert (site / root / LAYOUT.decision_table_page / "index.html").is_file()
        assert not (site / root / "checker").exists() and not (site / root / "decision-table").exists()
    assert '"lang":["fr"]' in (site / "fr/search/search_index.json").read_text(encoding="utf-8").replace(" ", "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_finds_its_assets_and_its_fallback_from_the_renamed_page(site, lang):
    page, html = widget(site, lang)
    attrs = dict(re.findall(r'(data-checker-[a-z]+)="([^"]*)"', html[html.index('id="checker-widget"'):].split(">")[0]))
    assert attrs["data-checker-page"] == LAYOUT.checker_page
    assert resolved(page, attrs["data-checker-root"] + "index.html") == (site / LANGS[lang] / "index.html").resolve()
    assets = resolved(page, attrs["data-checker-assets"]).parent
    assert (assets / "loader.js").is_file()
    manifest = json.loads(unescape(attrs["data-checker-manifest"]))
    assert (assets / manifest["runtime"] / manifest["files"].split("?")[0]).is_file()
    tables = re.findall(r'class="checker-table-link" href="([^"]+)"', html)
    assert tables and {resolved(page, href) for href in tables} == \
        {(site / LANGS[lang] / LAYOUT.decision_table_page / "index.html").resolve()}


def test_the_writers_links_lead_to_the_renamed_pages(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{LAYOUT.checker_page}"' in home


def test_check_reads_the_same_options(project):
    data = load_site_data(project / "data", allow_stale=True)
    assert check_pages(project / "mkdocs.yml", data) == []
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("decision_table_page: all-cases/",
                                                                 "decision_table_page: every-case/"), encoding="utf-8")
    try:
        found = [finding.format() for finding in check_pages(config, data)]
    finally:
        config.write_text(config.read_text(encoding="utf-8").replace("every-case/", "all-cases/"), encoding="utf-8")
    assert found and all("decision_table_page" in line and "help/eligibility.md" in line for line in found)


def test_the_checker_answers_on_the_renamed_page(site, browser):
    answers = {"level": "elite", "specialisations": ["storage"]}
    expected = json.loads(json.dumps(evaluate(programme_b(), answers, "en"), ensure_ascii=False))
    with serve(site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}{LAYOUT.checker_page}")
        page.check('#checker input[name="level"][value="elite"]')
        page.check('#checker input[name="specialisations"][value="storage"]')
        deadline, shown = time.monotonic() + 90, None
        while time.monotonic() < deadline and shown != expected:
            text = page.get_attribute("#checker-result", "data-result")
            shown = json.loads(text) if text else None
            page.wait_for_timeout(100)
        assert shown == expected and errors == []
        page.close()
