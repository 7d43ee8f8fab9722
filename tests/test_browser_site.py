"""The site in a real Chromium: the language switcher keeps the page, Japanese search
finds Japanese pages only, and no page asks any host but ours."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser import record_requests, serve
from tests.test_site_pages import PAGES


@pytest.fixture(scope="module")
def base_url(built_site):
    with serve(built_site) as url:
        yield url


def switch_language(page, lang: str) -> None:
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang={lang}]")
    page.wait_for_load_state()


def search(page, query: str) -> list[str]:
    """Result links (paths) for `query`, typed in the header's search box."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [urlsplit(link).path for link in links]


def test_the_language_switcher_stays_on_the_same_page(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "remaining-incidents/")
    switch_language(page, "ja")
    assert page.url == base_url + "ja/remaining-incidents/"
    assert page.get_attribute("html", "lang") == "ja"
    assert "残りのインシデント数の確認" in page.inner_text("h1")
    switch_language(page, "en")
    assert page.url == base_url + "remaining-incidents/"
    page.close()


def test_japanese_search_finds_the_japanese_entitlement_page(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "ja/")
    results = search(page, "インシデント")
    assert "/ja/entitlements/" in results, results
    assert all(path.startswith("/ja/") for path in results), f"results in another language: {results}"
    page.close()


def test_english_search_stays_in_english(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "activate/")
    results = search(page, "incidents")
    assert "/entitlements/" in results and not any(path.startswith("/ja/") for path in results), results
    page.close()


def test_no_page_requests_another_host(browser, base_url):
    page = browser.new_page()
    requests = record_requests(page)
    for root in ("", "ja/"):
        for path in PAGES:
            page.goto(base_url + root + path)
            # The checker boots its runtime after the page loads: wait for it there. Elsewhere
            # a moment is enough for the scripts' own requests (search index, sitemaps) to start.
            if path == "checker/":
                page.wait_for_load_state("networkidle")
            else:
                page.wait_for_timeout(250)
    hosts = {urlsplit(url).hostname for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if urlsplit(url).hostname != "127.0.0.1")
    assert len(requests) > 2 * len(PAGES)
    page.close()
