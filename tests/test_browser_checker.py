"""The in-page checker in real Chromium: what a reader does and sees.

Runs against the real site (`built_site`, `mkdocs build --strict`) once mkdocs.yml and
the plugin exist.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from checker import evaluate
from tests.conftest import PYODIDE, ROOT
from sitebuild.bundle.layout import ASSETS, runtime_dir
from tests.contract_oracle import figures
from tests.browser import record_requests, serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = {"en": "", "ja": "ja/"}
READY = "document.querySelector('#checker-status')?.dataset.state === 'ready'"
RESULT_TIMEOUT = 30.0  # a cold start on a busy 2-core machine


# --- fixtures and helpers shared with test_browser_checker_parity.py


def open_checker(context, base_url: str, lang: str = "en", fragment: str = "", ready: bool = True):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.checker_errors = errors
    page.goto(f"{base_url}{LANGS[lang]}checker/{fragment}")
    # Mounted, so keys go to the widget: typed into a still hidden control, they would
    # reach Material's shortcuts ("n": next page).
    page.wait_for_selector("#checker-widget[data-checker-mounted=true]", state="attached")
    if ready:
        page.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
        wait_for_count(page, 1)
    return page


def shown_result(page) -> dict | None:
    text = page.get_attribute("#checker-result", "data-result")
    return json.loads(text) if text else None


def wait_for_count(page, count: int) -> None:
    page.wait_for_function(f"Number(document.querySelector('#checker-result').dataset.count || 0) >= {count}",
                           timeout=RESULT_TIMEOUT * 1000)


def expect_result(page, programme, answers: dict, lang: str) -> dict:
    """Waits until the page shows CPython's result for `answers`; fails with both."""
    expected = as_json(evaluate(programme, answers, lang))
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline:
        if shown_result(page) == expected:
            return expected
        page.wait_for_timeout(50)
    assert shown_result(page) == expected, f"the page's result for {answers} differs from CPython's"
    return expected


def as_json(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


def answer(page, question: str, options) -> None:
    for option in [options] if isinstance(options, str) else options:
        page.check(f"#checker-{question}-{option}")


def in_flow_order(programme, answers: dict) -> list[tuple[str, object]]:
    """The answers to the questions the checker asks for them, in the order it asks
    (a reader answers what is shown: the others are never on screen)."""
    return [(question, answers[question]) for question in evaluate(programme, answers)["asked"]]


def checked(page) -> dict[str, list[str]]:
    return page.evaluate("""() => {
        const out = {};
        for (const input of document.querySelectorAll('#checker input:checked')) (out[input.name] ||= []).push(input.value);
        return out; }""")


def visible_questions(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#checker fieldset')].filter(f => !f.hidden).map(f => f.dataset.question)")


# --- before any script


def test_questions_are_in_the_html_and_usable_without_javascript(browser, base_url, programme) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        for lang in LANGS:
            page = ctx.new_page()
            page.goto(f"{base_url}{LANGS[lang]}checker/")
            for question in programme.questions:
                for option in question.choices:
                    control = page.locator(f'input[name="{question.id}"][value="{option.id}"]')
                    assert control.count() == 1 and control.is_visible()
            assert page.get_attribute("#checker-result", "data-result") == ""
            page.check("#checker-membership-gold")
            assert page.is_checked("#checker-membership-gold")
            assert page.locator("noscript").count() == 1
    finally:
        ctx.close()


# --- answering


def test_answering_by_clicking_shows_cpython_result_and_only_applicable_questions(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en")
    assert visible_questions(page) == ["membership"]
    answers = {}
    for question, value in [("membership", "gold"), ("competencies", ["security", "data-analytics"]), ("error", "none"),
                            ("product", "azure"), ("csp", "no"), ("activated", "yes"), ("contract", "active"),
                            ("account", "mpn"), ("linked", "no")]:
        answer(page, question, value)
        answers[question] = value
        result = expect_result(page, programme, answers, "en")
        assert visible_questions(page) == result["asked"] + ([result["next"]] if result["next"] else [])
    assert result["complete"] and result["route"] == "azure-portal"
    assert page.locator("#checker-result-body [data-route='azure-portal']").is_visible()
    assert page.locator("#checker-result-body li[data-notice='ids-needed-first-time']").is_visible()
    assert page.checker_errors == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_why_names_what_decided_each_notice(context, base_url, programme, lang) -> None:
    answers = {"membership": "silver", "competencies": ["data-analytics"], "error": "none", "product": "on-premises",
               "activated": "yes", "contract": "not-sure", "account": "mpn", "linked": "no"}
    fragment = "#" + "&".join(f"{q}={','.join(v) if isinstance(v, list) else v}" for q, v in answers.items())
    page = open_checker(context, base_url, lang, fragment)
    result = expect_result(page, programme, answers, lang)
    notices = [entry for entry in result["why"] if entry["kind"] == "notice"]
    shown = page.locator("#checker-result-body li[data-kind='notice']").all_inner_texts()
    assert len(shown) == len(notices) >= 2
    for entry, text in zip(notices, shown):
        assert entry["because"] in text and entry["section_title"] in text, text
        assert next(n["text"] for n in result["notice_detail"] if n["id"] == entry["id"]) not in text, "a reason, not the notice again"


def test_answering_by_keyboard_only(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "ja")
    for _ in range(300):  # past the site's header and navigation links
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "membership":
            break
    page.keyboard.press("Space")  # the first option: none
    expect_result(page, programme, {"membership": "none"}, "ja")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # radio groups move the choice with the arrows
    expect_result(page, programme, {"membership": "gold"}, "ja")
    page.keyboard.press("Tab")  # into the competencies that are now asked
    assert page.evaluate("document.activeElement.name") == "competencies"
    page.keyboard.press("Space")
    expect_result(page, programme, {"membership": "gold", "competencies": ["security"]}, "ja")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none", "keyboard focus must be visible"


def test_changing_an_earlier_answer_keeps_the_others(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en")
    answers = {"membership": "gold", "competencies": ["cloud-platform"], "error": "none", "product": "on-premises",
               "activated": "yes", "contract": "active", "account": "mpn", "linked": "yes"}
    for question, value in answers.items():
        answer(page, question, value)
    expect_result(page, programme, answers, "en")
    answer(page, "membership", "action-pack")  # competencies no longer asked: hidden, kept
    answers["membership"] = "action-pack"
    expect_result(page, programme, answers, "en")
    assert "competencies" not in visible_questions(page)
    assert checked(page)["competencies"] == ["cloud-platform"]
    answer(page, "membership", "silver")
    answers["membership"] = "silver"
    result = expect_result(page, programme, answers, "en")
    assert "competencies" in visible_questions(page) and result["entitlements"]["signature-cloud-support"] == "unlimited"
    assert checked(page)["product"] == ["on-premises"] and checked(page)["linked"] == ["yes"]


def test_start_again_clears_answers_link_and_result(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en", "#membership=gold&product=azure")
    expect_result(page, programme, {"membership": "gold", "product": "azure"}, "en")
    page.click("#checker-reset")
    expect_result(page, programme, {}, "en")
    assert checked(page) == {} and urlsplit(page.url).fragment == ""
    assert visible_questions(page) == ["membership"]


# --- links


def test_share_link_round_trip(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "ja")
    answers = {"membership": "silver", "competencies": ["security", "data-analytics"], "error": "none", "product": "other-cloud"}
    for question, value in answers.items():
        answer(page, question, value)
    expected = expect_result(page, programme, answers, "ja")
    link = page.url
    assert f"v={programme.version}" in link and "competencies=security,data-analytics" in link
    assert page.get_attribute("#checker-share", "href") == "#" + urlsplit(link).fragment
    again = context.new_page()
    again.goto(link)
    again.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
    wait_for_count(again, 1)
    assert shown_result(again) == expected and checked(again) == {k: v if isinstance(v, list) else [v] for k, v in answers.items()}
    assert again.is_hidden("#checker-stale")


def test_link_from_older_rules_warns_and_keeps_the_answers(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en", "#v=0123456789ab&membership=gold&product=azure")
    expect_result(page, programme, {"membership": "gold", "product": "azure"}, "en")
    warning = page.locator("#checker-stale")
    assert warning.is_visible() and "older rules" in warning.inner_text() and "0123456789ab" in warning.inner_text()
    page = open_checker(context, base_url, "ja", "#v=0123456789ab&membership=gold")
    assert "以前のルール" in page.inner_text("#checker-stale")


def test_hostile_fragment_is_rejected_as_text(context, base_url, programme) -> None:
    hostile = "<img src=x onerror=window.pwned=1>"
    page = open_checker(context, base_url, "en", "#membership=" + hostile.replace(" ", "%20") + "&product=azure")
    expect_result(page, programme, {"product": "azure"}, "en")
    warning = page.locator("#checker-stale")
    assert warning.is_visible() and hostile in warning.inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator("#checker-widget img").count() == 0
    assert "membership" not in checked(page)


# --- print, lookup, failure


def test_print_view_shows_answers_result_and_rules_version(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en", "#membership=gold&competencies=security&error=none&product=azure")
    expect_result(page, programme, {"membership": "gold", "competencies": "security", "error": "none", "product": "azure"}, "en")
    page.emulate_media(media="print")
    assert page.is_hidden("#checker") and page.is_hidden("#checker-lookup")
    printed = page.inner_text("#checker-answers")
    assert "Gold competency" in printed and "Security" in printed and "Microsoft Azure" in printed
    assert page.locator(".checker-change").first.is_hidden()  # a printout cannot be clicked
    gold = figures()["product-support"]["gold"]  # as tests/scenarios/entitlements.yml states them
    assert page.is_visible("#checker-result") and f"{gold} incidents" in page.inner_text("#checker-result")
    assert page.is_visible(".checker-version") and programme.version in page.inner_text(".checker-version")
    assert page.is_visible("#checker-print-details")
    page.emulate_media(media="screen")
    assert page.is_visible("#checker") and page.is_hidden("#checker-print-details")


@pytest.mark.parametrize("lang, pasted, error", [
    ("en", "you are NOT authorized", "not-authorized"),
    ("en", "  “Looks like you   don't have any benefits yet.”  ", "no-benefits-yet"),
    ("en", "「この Access ID は既にアカウントに関連付けられています」", "access-id-already-associated"),
    ("ja", "このアクションに対して承認されていません", "not-authorized"),
    ("ja", "Error: this access id is already associated to an account. please contact your TAM", "access-id-already-associated"),
    ("ja", "まだ特典がない", "no-benefits-yet"),
])
def test_error_lookup_finds_the_message(context, base_url, lang, pasted, error) -> None:
    page = open_checker(context, base_url, lang, ready=False)
    page.fill("#checker-lookup-input", pasted)
    page.click("#checker-lookup-form button[type=submit]")
    shown = page.locator(".checker-lookup-entry:visible")
    assert shown.count() == 1 and shown.get_attribute("data-error") == error
    assert page.is_hidden("#checker-lookup-none")


def test_error_lookup_answers_while_typing(context, base_url) -> None:
    page = open_checker(context, base_url, "ja", ready=False)
    page.locator("#checker-lookup-input").press_sequentially("not auth")
    assert page.locator(".checker-lookup-entry:visible").get_attribute("data-error") == "not-authorized"
    assert "サインアウト" in page.inner_text(".checker-lookup-entry:visible")  # the meaning in the page's language
    page.fill("#checker-lookup-input", "x")
    assert page.is_hidden("#checker-lookup-none")  # no "no match" flash on the first keys


def test_error_lookup_says_when_nothing_matches(context, base_url) -> None:
    page = open_checker(context, base_url, "en", ready=False)
    page.fill("#checker-lookup-input", "The printer is on fire")
    page.click("#checker-lookup-form button[type=submit]")
    assert page.locator(".checker-lookup-entry:visible").count() == 0 and page.is_visible("#checker-lookup-none")


FAILED = "#checker-status[data-state=failed]"  # a selector: no eval, so it works under any CSP
NO_WASM_POLICY = "default-src 'self'; script-src 'self'; worker-src 'self'"


@pytest.mark.parametrize("missing, headers, reason", [
    ({f"/{ASSETS}{runtime_dir(PYODIDE)}pyodide.asm.wasm"}, None, "pyodide.asm.wasm: HTTP 404"),
    ({f"/{ASSETS}{runtime_dir(PYODIDE)}checker-data.json"}, None, "checker-data.json: HTTP 404"),
    ({"/assets/checker/worker.mjs"}, None, "worker error"),
    (set(), {"Content-Security-Policy": NO_WASM_POLICY}, "WebAssembly is blocked"),
], ids=["wasm-missing", "data-missing", "worker-missing", "wasm-blocked"])
def test_load_failure_shows_the_decision_table_link(browser, built_site, missing, headers, reason) -> None:
    with serve(built_site, missing=missing, headers=headers) as url:
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            started = time.monotonic()
            page.goto(url + "checker/")
            page.wait_for_selector(FAILED, timeout=25000)
            assert time.monotonic() - started < 20, "a missing file must fail at once, not at the timeout"
            link = page.locator("#checker-fallback a")
            assert link.is_visible() and link.get_attribute("href") == "../decision-table/"
            status = page.inner_text("#checker-status")
            assert "could not be loaded" in status and reason in status
            assert page.is_hidden("#checker-progress")
            assert page.locator("#checker input[name=membership]").first.is_enabled()  # still a form
        finally:
            ctx.close()


def test_strict_content_security_policy_header_is_enough(browser, built_site, programme) -> None:
    """The site's policy (sitebuild/pages/csp.py) sent as a header on every response, workers
    included: Pyodide needs only 'wasm-unsafe-eval'."""
    csp = pytest.importorskip("sitebuild.pages.csp")
    with serve(built_site, headers={"Content-Security-Policy": csp.policy([])}) as url:
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            for _ in range(2):  # cold, then from the snapshot
                page.goto(url)
                page.goto(url + "checker/#membership=gold")
                page.wait_for_selector("#checker-result[data-count]", timeout=RESULT_TIMEOUT * 1000)
                assert json.loads(page.get_attribute("#checker-result", "data-result"))["next"] == "competencies"
                page.wait_for_timeout(1500)  # lets the snapshot be saved
        finally:
            ctx.close()


def test_tampered_wheel_is_refused(browser, built_site, tmp_path) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    wheel = next((copy / ASSETS / runtime_dir(PYODIDE)).glob("checker-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"tampered")
    with serve(copy) as url:
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            page.goto(url + "checker/")
            page.wait_for_selector(FAILED, timeout=25000)
            assert "sha256" in page.inner_text("#checker-status") and page.is_visible("#checker-fallback a")
        finally:
            ctx.close()


# --- network, loading and the worker


def test_only_the_sites_host_is_contacted(context, base_url, programme) -> None:
    page = context.new_page()
    urls = record_requests(page)
    for lang in LANGS:
        page.goto(f"{base_url}{LANGS[lang]}checker/#membership=gold&product=azure")
        page.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
        wait_for_count(page, 1)
        page.goto(f"{base_url}{LANGS[lang]}")
    site_host = urlsplit(base_url).netloc
    assert urls and {urlsplit(u).netloc for u in urls if not u.startswith(("data:", "blob:"))} == {site_host}


def test_a_page_without_the_checker_loads_no_pyodide(context, base_url) -> None:
    page = context.new_page()
    urls = record_requests(page)
    own = record_requests(page, service_worker=False)  # not the service worker's precache of the theme
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    checker_urls = [u for u in own if "/assets/checker/" in u]
    assert [u.rsplit("/", 1)[1] for u in checker_urls if not u.endswith(".css")] in (["loader.js"], [])
    # The page itself loads no runtime and starts no worker; the service worker may fetch
    # the checker ahead once the browser is idle (test_browser_network.py).
    assert not any(runtime_dir(PYODIDE) in u or f"/{ASSETS}worker" in u for u in own)
    assert urls


# Keeps the entry's size, layout and key, scrambles the start of the saved memory: it
# passes every cheap check and fails (or hangs) only inside the runtime.
CORRUPT_SNAPSHOT = """async () => {
    const cache = await caches.open('checker-snapshots');
    for (const request of await cache.keys()) {
        const stored = await cache.match(request);
        const bytes = new Uint8Array(await stored.arrayBuffer());
        const heap = new Uint32Array(bytes.buffer, 0, 2)[1];
        bytes.fill(0xff, heap, heap + (1 << 20));
        await cache.put(request, new Response(bytes, { headers: stored.headers }));
    }
}"""


def test_second_visit_starts_from_the_snapshot_and_survives_a_broken_one(context, base_url, programme) -> None:
    page = open_checker(context, base_url, "en", "#membership=gold")
    page.wait_for_function("caches.open('checker-snapshots').then(c => c.keys()).then(k => k.length === 1)", timeout=30000)
    page.goto(f"{base_url}")
    page.goto(f"{base_url}checker/#membership=silver")
    page.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
    expect_result(page, programme, {"membership": "silver"}, "en")
    assert snapshot_state(page, base_url) == "restored"
    page.evaluate(CORRUPT_SNAPSHOT)
    page.goto(f"{base_url}")
    page.goto(f"{base_url}checker/#membership=none")
    page.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
    expect_result(page, programme, {"membership": "none"}, "en")
    assert snapshot_state(page, base_url) == "none"


def snapshot_state(page, base_url: str) -> str:
    """How the tab's engine started ("restored" from the snapshot or "none"), read from
    the engine module itself: importing its URL again returns the same instance."""
    return page.evaluate("""(url) => import(url).then(m =>
        m.engineFor(document.getElementById("checker-widget")).readyInfo.snapshot)""", base_url + "assets/checker/engine.js")


# Stands in for mkdocs-material's `document$` where the page has none (the preview site).
FAKE_DOCUMENT_SUBJECT = """(() => { if (window.document$) return;
    const subscribers = [];
    window.document$ = { subscribe(f) { subscribers.push(f); f(document); }, next(d) { subscribers.forEach((f) => f(d)); } };
})()"""
COUNT_WORKERS = """(() => { const Real = window.Worker; window.__workers = 0;
    window.Worker = class extends Real {
        constructor(url, ...rest) { super(url, ...rest); if (String(url).includes('/assets/checker/')) window.__workers++; } }; })()"""
# What instant navigation does: fetch the next page, swap the body, push the URL, emit.
SWAP_TO = """async (url) => {
    const html = await (await fetch(url)).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.title = next.title;
    document.body.replaceWith(document.importNode(next.body, true));
    history.pushState({}, '', url);
    window.document$.next(document);
}"""


def test_worker_survives_instant_navigation(context, base_url, programme) -> None:
    page = context.new_page()
    page.add_init_script(FAKE_DOCUMENT_SUBJECT)
    page.add_init_script(COUNT_WORKERS)
    page.goto(f"{base_url}checker/")
    page.wait_for_function(READY, timeout=RESULT_TIMEOUT * 1000)
    page.evaluate(SWAP_TO, base_url)
    assert page.locator("#checker-widget").count() == 0
    page.evaluate(SWAP_TO, f"{base_url}ja/checker/")
    page.wait_for_function("document.querySelector('#checker-widget')?.dataset.checkerMounted === 'true'")
    assert page.get_attribute("#checker-status", "data-state") == "ready"  # no second start-up
    answer(page, "membership", "gold")
    expect_result(page, programme, {"membership": "gold"}, "ja")
    assert page.evaluate("window.__workers") == 1


# --- accessibility


def axe_violations(page, context_selector: str = "document") -> list:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(f"axe.run({context_selector}, {{resultTypes: ['violations']}})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]


def open_full_result(context, base_url: str, lang: str):
    """The checker with every part shown: result with route, notices and why, a lookup match."""
    page = open_checker(context, base_url, lang, "#membership=gold&competencies=security&product=azure"
                        "&activated=no&role=other&contract=active&csp=yes&error=not-authorized&linked=no")
    page.fill("#checker-lookup-input", "not authorized")
    page.focus("#checker-lookup-form button[type=submit]")
    page.keyboard.press("Enter")
    assert page.locator(".checker-lookup-entry:visible").count() == 1
    return page


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations_in_the_widget(context, base_url, lang) -> None:
    page = open_full_result(context, base_url, lang)
    violations = axe_violations(page, "document.querySelector('#checker-widget')")
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations_on_the_checker_page(context, base_url, lang) -> None:
    page = open_full_result(context, base_url, lang)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
