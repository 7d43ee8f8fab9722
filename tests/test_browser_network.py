"""The checker on a real network, in Chromium: fetched ahead from any page once the
browser is idle (not under Save-Data); after a deploy a new tab gets the new page, not
the HTTP cache's; a cached wheel that fails its hash is dropped and fetched again once,
and the reader is told "offline" apart from "damaged"."""

from __future__ import annotations

import os
import shutil
import time


from tests.conftest import PYODIDE
from sitebuild.bundle.layout import ASSETS, runtime_dir
from sitebuild.files.precompress import precompress_file
from tests.browser import Traffic, serve
from tests.test_browser_checker import expect_result

ANSWERS = {"membership": "gold", "competencies": ["security"], "product": "on-premises"}
FRAGMENT = "#membership=gold&competencies=security&product=on-premises"
FAILED = "#checker-status[data-state=failed]"
CACHED_FILES = """async () => {
    const urls = [];
    for (const name of await caches.keys()) {
        if (!name.startsWith('guide-')) continue;
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
}"""
# Replaces the wheel kept by the service worker with other bytes, and drops the
# snapshot, so the next start needs the wheel.
SPOIL_CACHED_WHEEL = """async () => {
    await caches.delete('checker-snapshots');
    for (const name of await caches.keys()) {
        if (!name.startsWith('guide-')) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            if (!request.url.endsWith('.whl')) continue;
            const kept = await cache.match(request);
            await cache.put(request, new Response(new Uint8Array(1000), { headers: kept.headers }));
        }
    }
}"""
SNAPSHOT_SAVED = "caches.open('checker-snapshots').then(c => c.keys()).then(k => k.length > 0)"
NO_SAVE_DATA = "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) });"


def runtime_requests(traffic: Traffic, since: int = 0) -> list[str]:
    return [path for path in traffic.requests[since:] if runtime_dir(PYODIDE) in path]


def wait_for(condition, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)


def test_any_page_fetches_the_checker_ahead_so_it_starts_with_every_byte_at_hand(browser, built_site, programme):
    traffic = Traffic()
    with serve(built_site, traffic=traffic) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + "activate/")
            wait_for(lambda: any(u.endswith(".whl") for u in page.evaluate(CACHED_FILES))
                     and any(u.endswith(".wasm") for u in page.evaluate(CACHED_FILES)), "the checker in the cache")
            seen = len(traffic.requests)
            page.goto(url + "checker/" + FRAGMENT)
            expect_result(page, programme, ANSWERS, "en")
            fetched = [path.split("?")[0].rsplit("/", 1)[1] for path in runtime_requests(traffic, seen)]
            assert not [name for name in fetched if name.endswith((".wasm", ".whl", ".zip", ".asm.js"))], fetched
        finally:
            context.close()


def test_save_data_keeps_other_pages_from_fetching_the_checker(browser, built_site):
    traffic = Traffic()
    with serve(built_site, traffic=traffic) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.add_init_script(NO_SAVE_DATA)
            page.goto(url + "activate/")
            page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_timeout(6000)  # past the idle callback's time-out (5 s)
            assert runtime_requests(traffic) == [] and not any(runtime_dir(PYODIDE) in u for u in page.evaluate(CACHED_FILES))
        finally:
            context.close()


def test_after_a_deploy_a_new_tab_gets_the_new_page_not_the_http_cache(browser, built_site, tmp_path):
    """The host lets browsers keep pages for 10 minutes: without the service worker's
    revalidation, a new tab shows the old page (the control, first)."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "entitlements" / "index.html"
    original = page_file.read_text(encoding="utf-8")

    def deploy(marker: str) -> None:
        page_file.write_text(original.replace("</article>", f"<p>{marker}</p></article>"), encoding="utf-8")
        precompress_file(page_file, tmp_path / "precompressed")  # as the build does
        # Deploys a minute apart: Last-Modified has whole seconds, and a revalidation
        # within the same second would rightly be told "not modified".
        deploy.at = getattr(deploy, "at", time.time()) + 60
        for path in page_file.parent.glob("index.html*"):
            os.utime(path, (deploy.at, deploy.at))

    with serve(site, headers={"Cache-Control": "max-age=600"}) as url:
        for service_workers, expect_new in (("block", False), ("allow", True)):
            context = browser.new_context(service_workers=service_workers)
            try:
                first = context.new_page()
                first.goto(url + "entitlements/")
                if service_workers == "allow":
                    first.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
                    first.reload()
                    assert first.evaluate("Boolean(navigator.serviceWorker.controller)")
                for n in range(3):
                    deploy(f"DEPLOY-{service_workers}-{n}")
                    tab = context.new_page()
                    tab.goto(url + "entitlements/")
                    shown = f"DEPLOY-{service_workers}-{n}" in tab.inner_text("article")
                    assert shown is expect_new, f"{service_workers}: deploy {n} {'not ' if expect_new else ''}shown"
                    tab.close()
            finally:
                context.close()
            page_file.write_text(original, encoding="utf-8")
            precompress_file(page_file, tmp_path / "precompressed")


def test_a_spoiled_cached_wheel_is_fetched_again_and_a_spoiled_one_on_the_server_is_damaged(browser, built_site, programme, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    with serve(site) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + "checker/" + FRAGMENT)
            page.wait_for_selector("#checker-widget[data-checker-offline=ready]", timeout=60000)

            page.evaluate(SPOIL_CACHED_WHEEL)
            page.reload()
            expect_result(page, programme, ANSWERS, "en")  # dropped, fetched again, checked

            # Once this start has saved its snapshot (else it would be saved after the
            # spoiling, and the next start would need no wheel).
            page.wait_for_function(SNAPSHOT_SAVED, timeout=60000)
            page.evaluate(SPOIL_CACHED_WHEEL)
            for wheel in (site / ASSETS / runtime_dir(PYODIDE)).glob("checker-*.whl*"):
                wheel.write_bytes(b"spoiled on the server too")
            page.reload()
            page.wait_for_selector(FAILED, timeout=60000)
            status = page.inner_text("#checker-status")
            assert "a downloaded file was damaged, even when fetched again" in status, status
            assert page.is_visible("#checker-retry") and page.is_visible("#checker-fallback a")
        finally:
            context.close()


def test_without_a_network_the_reader_is_told_they_are_offline(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context(service_workers="block")
        try:
            context.route(f"**/{ASSETS}{runtime_dir(PYODIDE)}**", lambda route: route.abort("internetdisconnected"))
            page = context.new_page()
            page.goto(url + "checker/" + FRAGMENT)
            page.wait_for_selector(FAILED, timeout=60000)
            status = page.inner_text("#checker-status")
            assert "you seem to be offline" in status, status
            assert page.is_visible("#checker-retry")
        finally:
            context.close()


VISIBLE_QUESTIONS = "[...document.querySelectorAll('#checker fieldset[data-question]')].filter((f) => f.offsetParent !== null).map((f) => f.dataset.question)"
FORM_BOX = "(() => { const r = document.querySelector('#checker').getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)]; })()"


def test_the_questions_shown_before_and_after_the_engine_is_ready_are_the_same(browser, built_site, programme):
    wasm = f"/{ASSETS}{runtime_dir(PYODIDE)}pyodide.asm.wasm"
    traffic = Traffic(stalled={wasm})
    with serve(built_site, traffic=traffic) as url:
        context = browser.new_context(service_workers="block")
        try:
            page = context.new_page()
            page.goto(url + "checker/")
            page.wait_for_selector("#checker-status[data-state=loading]")
            before, box = page.evaluate(VISIBLE_QUESTIONS), page.evaluate(FORM_BOX)
            assert before == [programme.questions[0].id]
            # Released only once its download hangs: released earlier, it would simply arrive.
            wait_for(lambda: wasm in traffic.hung, "the runtime's download to stop")
            traffic.stalled.clear()
            page.wait_for_selector("#checker-status[data-state=failed]", timeout=60000)
            assert len(page.evaluate(VISIBLE_QUESTIONS)) == len(programme.questions), "failed: every question is a plain control"
            page.click("#checker-retry")
            page.wait_for_selector("#checker-result[data-count]", timeout=60000)
            after = page.evaluate(FORM_BOX)
            assert page.evaluate(VISIBLE_QUESTIONS) == before
            assert abs(after[0] - box[0]) <= 2 and abs(after[1] - box[1]) <= 2, (box, after)  # the next question's outline
        finally:
            context.close()


def test_without_javascript_every_question_shows_and_no_script_control_does(browser, built_site):
    """Material marks <html> "no-js" until its script runs; only then are the later
    questions held back. Controls that need a script are not there at all."""
    with serve(built_site) as url:
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(url + "checker/")
            assert "no-js" in (page.get_attribute("html", "class") or "")
            fieldsets = page.locator("#checker fieldset[data-question]")
            assert fieldsets.count() > 3 and all(fieldsets.nth(i).is_visible() for i in range(fieldsets.count()))
            assert page.locator("#checker-retry").count() == 0
        finally:
            context.close()
