"""The decision table as small pages: every path on exactly one case page, each page
small enough for a phone, competencies named, routes linked to their steps, and output
that grows with the texts' length, not with their length times the number of rows."""

from __future__ import annotations

import copy
import re

import pytest

from checker import load
from sitebuild.pages.decision_pages import make_plan
from sitebuild.pages.macros import Macros, PageContext
from sitebuild.source.site_data import SiteData
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, FOLDERS
from tests.test_site_pages import LANGUAGE_ROOTS, decision_case_pages, page_html, page_text

LIMIT = 60_000  # bytes of HTML per page (issue 11: a phone on a slow line)


def test_every_case_page_is_small(built_site):
    for root in LANGUAGE_ROOTS.values():
        for page in ["decision-table/", *decision_case_pages()]:
            size = (built_site / root / page / "index.html").stat().st_size
            assert size <= LIMIT, f"/{root}{page} is {size} bytes"


def test_the_index_links_every_case_once_and_counts_every_path(built_site, programme):
    for lang in LANGUAGE_ROOTS:
        html = page_html(built_site, lang, "decision-table/")
        links = re.findall(r'<a href="([^"]+)" data-case=', html)
        assert sorted(f"decision-table/{link}" for link in links) == sorted(decision_case_pages())
        counts = [int(n) for n in re.findall(r"\((\d+)[^)]*\)</small>", html)]
        total = int(re.search(r"(\d+)", page_text(built_site, lang, "decision-table/").split("¶", 1)[1]).group(1))
        assert sum(counts) == total and total > 1000


def test_competencies_are_named_not_only_their_class(built_site, programme):
    cloud = [c for c in programme.option_sets["competencies"] if c.class_ == "cloud"]
    for lang in LANGUAGE_ROOTS:
        text = page_text(built_site, lang, "decision-table/")
        assert all(c.name.values[lang] in text for c in cloud)
        case = page_text(built_site, lang, "decision-table/gold/on-premises/cloud/yes/")
        assert all(c.name.values[lang] in case for c in cloud)


def test_each_route_links_to_its_steps(built_site, programme):
    html = page_html(built_site, "en", "decision-table/gold/azure/cloud/yes/yes/")
    for route in ("azure-portal", "partner-center-csp"):
        entry = re.search(rf'<dt id="r-{route}">.*?</dd>', html, re.S).group(0)
        section = next(r.section for r in programme.routes if r.id == route)
        page = next(s.page for s in programme.sections if s.id == section)
        assert re.search(rf'href="(\.\./)+{re.escape(page)}', entry), entry
        assert f'href="#r-{route}"' in html  # the tree refers to it


def test_no_case_page_scrolls_sideways_at_390_px(built_site, browser):
    """Lists, not wide tables: nothing wider than a phone (checked in Chromium)."""
    from tests.browser import serve

    with serve(built_site) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in ("decision-table/", "ja/decision-table/gold/azure/cloud-other/yes/yes/", "decision-table/silver/azure/other/no/yes/"):
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.close()


def _pages_with_long_texts(extra: int) -> int:
    """Bytes of every case page (English) when each notice's text and each route's name
    is `extra` characters longer."""
    documents, locations = read_data_dir(DATA)
    # Without the translation records: the changed English would make the Japanese stale.
    documents = {name: copy.deepcopy(doc) for name, doc in documents.items() if "translations" not in doc}
    by_key = {key: document for document in documents.values() for key in document}
    for notice in by_key["notices"]["notices"]:
        notice["text"]["en"] += " " + "n" * extra
    for route in by_key["routes"]["routes"]:
        route["name"]["en"] += " " + "r" * extra
    programme = load(documents, locations)
    data = SiteData(DATA, programme, documents, locations, FOLDERS)
    plan = make_plan("decision-table.md", "decision-table/", ("membership", "product", "competencies", "csp"), data.decision_rows())
    total = 0
    for case in plan.cases:
        macros = Macros(PageContext(data, "en", case.url, case.url.rstrip("/") + ".md", decision_plan=plan))
        macros.decision_case(case.number)
        total += sum(len(part) for part in macros.page.stash)
    return total


@pytest.mark.build  # renders the case pages three times
def test_the_pages_grow_with_the_texts_not_with_texts_times_rows():
    # From 400 more characters on, every name is past SHORT (so clipped in the tree), and
    # 1,200 more keep every text under the 2,000-character limit (checker/reading.py).
    base, longer, longest = (_pages_with_long_texts(n) for n in (400, 800, 1_200))
    assert longest - longer == pytest.approx(longer - base, rel=0.05), "linear in the texts' length"
    texts = 10 + 5  # notices and routes, each written whole at most once per page
    assert longer - base <= 400 * texts * 33, "each long text once per page, not once per row"
