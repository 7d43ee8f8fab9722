"""The readers' search in Chromium, under the site's Content-Security-Policy header:
every query of tests/search/queries.yml finds its pages, in its language only, and
never a page of the writers' guide."""

from __future__ import annotations

import pytest

from tests.browser import Traffic, serve
from tests.search_box import SearchBox, indexed_pages, load_queries

QUERIES = load_queries()


@pytest.fixture(scope="module")
def base_url(built_site):
    with serve(built_site, csp=True) as url:
        yield url


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_query_finds_its_pages(browser, base_url, lang) -> None:
    assert len([q for q in QUERIES if q.lang == lang]) >= 15
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + ("" if lang == "en" else f"{lang}/"))
    box = SearchBox(page)
    failures = {}
    for query in (q for q in QUERIES if q.lang == lang):
        found = box.search(query.query)
        problems = query.problems(found.paths)
        if problems:
            failures[query.query] = problems + [f"the result line said {found.meta!r}"]
    page.close()
    assert failures == {}, f"{len(failures)} of the {lang} queries fail: {failures}; console errors: {errors}"
    assert errors == []


def test_each_language_indexes_its_readers_pages_only(built_site) -> None:
    english, japanese = ({page["url"] for page in indexed_pages(root / "pagefind")} for root in (built_site, built_site / "ja"))
    for urls in (english, japanese):
        assert {"/", "/activate/", "/checker/"} <= urls
        assert not [url for url in urls if url.startswith(("/writers/", "/ja/", "/404"))], urls
    assert english == japanese  # the same pages, each language in its own bundle


def test_search_works_offline_after_one_visit(browser, built_site) -> None:
    """The service worker keeps each language's index with the pages' shell, so a reader
    who opened one page can search in both languages with the network cut."""
    traffic = Traffic()
    with serve(built_site, traffic=traffic) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + "ja/")
            assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
            for root in ("ja/", ""):  # each home page read once, under the worker that precached the shell
                page.goto(url + root)
                page.wait_for_load_state("networkidle")
            traffic.offline = True
            context.set_offline(True)
            for lang, query in (("ja", "サポートプラン"), ("en", "LCS")):
                expected = next(q for q in QUERIES if q.lang == lang and q.query == query)
                page.goto(url + ("" if lang == "en" else f"{lang}/"))
                assert expected.problems(SearchBox(page).search(query).paths) == []
        finally:
            context.close()
