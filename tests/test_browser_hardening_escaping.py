"""Hostile data strings in Chromium (tests/hostile_data.py), in both languages: on a
page, in the tables, in search results and in the checker widget (its form, its
result, its error lookup) they show as text, and no dialog ever opens.

The pages' own Content Security Policy is bypassed here on purpose: it would block
injected script anyway and hide an escaping bug. Escaping has to hold on its own.
The crawl at the end is the reader's view: every page under the policy, no dialog,
no violation, no markup from data in the document.
"""

from __future__ import annotations

import pytest

from checker import load
from sitebuild.source.yaml_source import read_data_dir
from tests.browser import serve
from tests.hostile_data import BENEFIT, CLASS, COMPETENCY, MEANING, NOTICE, SHOWN, STEP, TAIL
from tests.test_browser_hardening_csp import Watch
from tests.test_browser_checker import answer, expect_result

LANGS = {"en": "", "ja": "ja/"}
ANSWERS = {"membership": "gold", "competencies": ["security"], "error": "none", "product": "azure", "csp": "no",
           "activated": "no", "role": "other", "account": "mpn"}  # the questions asked, in the order asked
# Words of the hostile strings each language's search finds (lunr splits words by language).
SEARCH = {"en": "click", "ja": "alert"}
# Markup that would exist had any string been read as HTML or Markdown.
LIVE = "img[src='x'], a[href^='javascript:'], [onmouseover], [onerror], main em"
LIVE_ANYWHERE = "img[src='x'], svg[onload], [onerror], [onmouseover], a[href^='javascript:']"


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve(hostile_site) as url:
        yield url


@pytest.fixture
def page(context):
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));")
    yield page
    assert page.dialogs == [] and page.evaluate("window.__alerts") == [], "a data string ran as script"


def visible(scope, text: str) -> bool:
    """The text is on screen somewhere in `scope` (as text: get_by_text matches text nodes)."""
    found = scope.get_by_text(text, exact=False)
    return any(found.nth(i).is_visible() for i in range(found.count()))


def assert_inert(page, where: str) -> None:
    page.wait_for_timeout(300)  # an injected image would have failed to load by now
    assert page.dialogs == [] and page.evaluate("window.__alerts") == [], where
    assert page.locator(LIVE).count() == 0, f"{where}: {page.locator(LIVE).first.evaluate('e => e.outerHTML')}"
    assert "&#" not in page.inner_text("body") and "&lt;" not in page.inner_text("body"), f"{where}: escaped twice"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_and_tables_show_hostile_strings_as_text(page, hostile_url, lang):
    for path, texts in SHOWN.items():
        page.goto(f"{hostile_url}{LANGS[lang]}{path}")
        page.wait_for_load_state("networkidle")
        if path == "decision-table/":
            page.click("details.guide-legend > summary")  # the notices' legend, in a <details>
        for by_lang in texts:
            assert visible(page.locator("body"), by_lang[lang]), f"/{LANGS[lang]}{path}: {by_lang[lang]!r} not shown"
        assert_inert(page, f"/{LANGS[lang]}{path}")
    page.goto(f"{hostile_url}{LANGS[lang]}entitlements/")
    table = page.locator(".guide-entitlements table")
    assert BENEFIT[lang] in table.inner_text() and CLASS[lang] in table.inner_text()
    # Material's search shows its results with innerHTML: they must stay text too.
    page.keyboard.press("/")
    page.locator("input[data-md-component=search-query]").press_sequentially(SEARCH[lang], delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert_inert(page, f"search on /{LANGS[lang]}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_widget_shows_hostile_strings_as_text(page, hostile_url, hostile_site, lang):
    programme = load(*read_data_dir(hostile_site.parent / "data"))
    page.goto(f"{hostile_url}{LANGS[lang]}checker/")
    page.wait_for_selector("#checker-status[data-state=ready]", timeout=30000)
    for question, value in ANSWERS.items():
        answer(page, question, value)
    result = expect_result(page, programme, ANSWERS, lang)
    assert result["route"] == "azure-portal" and "activate-first" in result["notices"]
    form = page.locator("#checker-q-competencies")
    assert COMPETENCY[lang] in form.inner_text()  # an answer's label
    body = page.locator("#checker-result-body")
    for text in (BENEFIT[lang], NOTICE[lang], STEP[lang]):  # the result: entitlements, notices, route steps
        assert text in body.inner_text() and visible(body, text), text
    page.emulate_media(media="print")
    assert COMPETENCY[lang] in page.inner_text("#checker-answers")  # the printed answers
    page.emulate_media(media="screen")
    page.fill("#checker-lookup-input", "not authorized")  # the error lookup's entry
    page.click("#checker-lookup-form button[type=submit]")
    entry = page.locator(".checker-lookup-entry:visible")
    assert entry.count() == 1 and MEANING[lang] in entry.inner_text()
    assert_inert(page, f"/{LANGS[lang]}checker/")


def test_every_page_under_its_policy_runs_no_data_and_shows_it_as_text(browser, hostile_site):
    """TAIL is in every text (nav section titles, the language switcher, <title>, the
    footer's aria labels...): on every page of both languages it stays text."""
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(pages) >= 30
    # The decision table's case pages (over a hundred) come from one macro and one
    # template: every tenth of them stands for the rest, each case's texts are in SHOWN.
    cases = [p for p in pages if "decision-table/" in p and not p.endswith("decision-table/index.html")]
    pages = [p for p in pages if p not in cases] + cases[::10]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    watch = Watch(page)
    titled_by_data = labelled_by_data = 0
    with serve(hostile_site, csp=True) as url:
        for path in pages:
            page.goto(url + path.removesuffix("index.html"), wait_until="load")
            watch.assert_clean(path)
            assert dialogs == [], f"{path}: a data string ran as script"
            assert page.locator(LIVE_ANYWHERE).count() == 0, f"{path}: {page.locator(LIVE_ANYWHERE).first.evaluate('e => e.outerHTML')}"
            if path not in {"index.html", "404.html", "ja/index.html", "ja/404.html"}:  # those are titled by the site's name
                heading = page.locator("article h1").first.inner_text().removesuffix("¶").strip()
                assert page.title().startswith(heading + " - "), f"{path}: <title> is {page.title()!r}, the heading {heading!r}"
                titled_by_data += TAIL.strip() in page.title()
            labels = page.locator("a.md-footer__link").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
            labelled_by_data += sum(TAIL.strip() in label for label in labels)
            assert not any(entity in label for label in labels for entity in ("&lt;", "&amp;", "&#")), f"{path}: escaped twice: {labels}"
    context.close()
    assert titled_by_data >= 10 and labelled_by_data >= 10  # pages whose heading is a section title of sections.yml
