"""The built site in Chromium under its strict Content Security Policy, sent twice: as
each page's meta (the build writes it) and as a header by the server (each page's own
policy; every other file, the workers' scripts included, gets the base policy, which
is what a worker runs under). Nothing may be refused, in the page or in a worker, and
the checker must answer.

These tests drive the page with selectors and attribute reads only: Playwright's
wait_for_function evaluates strings, which the policy rightly forbids.
"""

from __future__ import annotations

import json
import time

import pytest

from sitebuild.pages import csp
from tests.contract_oracle import figures
from tests.browser import serve
from tests.test_browser_checker import answer, expect_result

# Runs before any script of the page: every violation the document sees is kept.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => window.__violations.push({
    directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile,
    line: event.lineNumber, sample: event.sample }));
"""
CSP_MESSAGE = ("Content Security Policy", "Content-Security-Policy", "Refused to")
PAGES = ["", "ja/", "entitlements/", "ja/decision-table/", "writers/changes/", "ja/checker/", "checker/"]
TIMEOUT_MS = 30000


@pytest.fixture(scope="module")
def csp_url(built_site):
    with serve(built_site, csp=True) as url:
        yield url


class Watch:
    """Violations seen by the document, console messages about the policy (the page's
    and its workers': Chromium reports a worker's refusals in its console), page errors."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("worker", lambda worker: worker.on("console", lambda message: self.console.append(message.text)))

    def violations(self) -> list:
        return self.page.evaluate("window.__violations || []")

    def refused(self) -> list[str]:
        return [text for text in self.console if any(word in text for word in CSP_MESSAGE)]

    def assert_clean(self, where: str) -> None:
        assert self.violations() == [], f"{where}: {json.dumps(self.violations(), indent=1)}"
        assert self.refused() == [], f"{where}: {self.refused()}"
        assert self.errors == [], f"{where}: {self.errors}"


def wait_ready(page) -> None:
    page.wait_for_selector("#checker-status[data-state=ready]", timeout=TIMEOUT_MS)
    page.wait_for_selector("#checker-result[data-count]", timeout=TIMEOUT_MS)


def open_search(page) -> None:
    """Material's shortcut ("/") opens the search once its script has bound it: on a busy
    machine a key pressed before that is lost, so press again until the field has focus."""
    focused = page.locator("input[data-md-component=search-query]:focus")
    for _ in range(10):
        page.keyboard.press("/")
        try:
            focused.wait_for(timeout=1000)
            return
        except Exception:
            continue
    raise AssertionError("the search field never took the focus")


def test_pages_search_and_checker_work_under_the_policy(browser, built_site, csp_url, programme):
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page)
        headers = {}
        page.on("response", lambda response: headers.__setitem__(response.url, response.headers.get("content-security-policy")))
        for path in PAGES:
            response = page.goto(csp_url + path)
            html = (built_site / path / "index.html").read_text(encoding="utf-8")
            assert response.headers["content-security-policy"] == csp.page_policy(html)
            page.wait_for_load_state("networkidle")
            watch.assert_clean(path)
        # Material's search, in English and in Japanese (its worker loads lunr's Japanese support).
        for path, query in [("", "incidents"), ("ja/", "インシデント")]:
            page.goto(csp_url + path)
            open_search(page)
            page.locator("input[data-md-component=search-query]").press_sequentially(query, delay=30)
            page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT_MS)
            watch.assert_clean(f"search on /{path}")
        # The checker, in both languages: the worker runs under the base policy of its own response.
        for lang, path in [("ja", "ja/checker/"), ("en", "checker/")]:
            page.goto(csp_url + path)
            wait_ready(page)
            answers = {"membership": "gold", "competencies": ["security"], "error": "none", "product": "azure", "csp": "no",
                       "activated": "no", "role": "other", "account": "mpn"}  # the questions asked, in the order asked
            for question, value in answers.items():
                answer(page, question, value)
            result = expect_result(page, programme, answers, lang)
            assert result["complete"] and result["route"] == "azure-portal"
            expected = figures()  # as tests/scenarios/entitlements.yml states them
            assert result["entitlements"] == {"product-support": expected["product-support"]["gold"],
                                              "signature-cloud-support": expected["signature-cloud-support"]["gold"]["cloud"]}
            assert page.locator("#checker-result-body [data-route='azure-portal']").is_visible()
            page.fill("#checker-lookup-input", "not authorized")
            page.click("#checker-lookup-form button[type=submit]")
            assert page.locator(".checker-lookup-entry:visible").count() == 1
            watch.assert_clean(f"checker on /{path}")
        workers = [url for url in headers if "/assets/checker/worker.mjs" in url]
        assert workers and all(headers[url] == csp.policy([]) for url in workers)
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")  # worker-src allows it
        watch.assert_clean("the end")
    finally:
        context.close()


def test_the_watch_sees_a_refusal(browser, built_site, csp_url):
    """The detector itself: markup the policy blocks, in the page and in the checker's
    worker (a worker served without 'wasm-unsafe-eval'), is reported."""
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto(csp_url)
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,\" onerror=\"window.ran = 1\">"
                      "<p style=\"color: red\">styled</p>')")
        deadline = time.monotonic() + 5
        while len(watch.violations()) < 2 and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        directives = {v["directive"] for v in watch.violations()}
        assert {"script-src-attr", "style-src-attr"} <= directives
        assert page.evaluate("window.ran") is None
        assert len(watch.refused()) >= 2
    finally:
        context.close()
    no_wasm = csp.policy([]).replace(" 'wasm-unsafe-eval'", "")
    with serve(built_site, headers={"Content-Security-Policy": no_wasm}) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            watch = Watch(page)
            page.goto(url + "checker/")
            page.wait_for_selector("#checker-status[data-state=failed]", timeout=TIMEOUT_MS)
            assert any("Content Security Policy" in text for text in watch.console)
        finally:
            context.close()

