"""How the checker fails, in Chromium: every broken or slow runtime ends in a clear
message and the link to the decision table, never in a wrong answer.

Already covered in test_browser_checker.py (not repeated here): missing wasm, missing
data, missing worker script, WebAssembly blocked by a policy, wheel bytes changed.
Here: a missing wheel, a lock whose sha256 does not match (and a changed wheel that
would announce itself if it ever ran), data and lock from another build or other
rules, a slow network (1.6 Mbit/s: progress in MB all the way, then an answer), and a
download that stalls (a clear message, "Try again", and a decision-table link that
keeps the reader's answers).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FOLDERS, PYODIDE, ROOT
from sitebuild.site.theme_files import THEME_DIR
from sitebuild.bundle.layout import ASSETS, DATA_FILE, runtime_dir
from sitebuild.files.precompress import precompress_file
from tests.browser import Traffic, serve
from tests.contract_oracle import figures
from tests.test_browser_checker import expect_result

FAILED = "#checker-status[data-state=failed]"
TABLE_LINK = "../decision-table/"
# Every data-result the page ever shows, from before its first script runs.
RECORD_RESULTS = """
window.__results = [];
new MutationObserver((records) => {
    for (const record of records) {
        const value = record.target.getAttribute('data-result');
        if (value) window.__results.push(value);
    }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-result'] });
"""
MARKER = "TAMPERED-WHEEL-RAN"
STALL_S = int(re.search(r"const STALL_MS = (\d+);", (THEME_DIR / "assets/checker/engine.js")
                        .read_text(encoding="utf-8")).group(1)) / 1000


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def throttled_context(browser):
    """Without the service worker: DevTools' throttling of a page does not reach it, and
    the checker's worker, once the service worker controls the page, fetches through it."""
    ctx = browser.new_context(service_workers="block")
    yield ctx
    ctx.close()


def runtime(site: Path) -> Path:
    return site / ASSETS / runtime_dir(PYODIDE)


def copy_site(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def edit_json(path: Path, change) -> None:
    value = json.loads(path.read_text(encoding="utf-8"))
    change(value)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    precompress_file(path, FOLDERS.compressed_cache)  # its .br and .gz too, as a deploy of these bytes would have


def lock_entry(site: Path) -> dict:
    return json.loads((runtime(site) / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]["checker"]


def announcing_wheel(site: Path) -> str:
    """Rewrites the wheel (same name) so that importing `checker` logs MARKER first;
    returns its sha256. Python prefers a package's source to its .pyc."""
    wheel = runtime(site) / lock_entry(site)["file_name"]
    out = io.BytesIO()
    with zipfile.ZipFile(wheel) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as changed:
        for item in original.infolist():
            changed.writestr(item, original.read(item.filename))
        source = (ROOT / "checker" / "__init__.py").read_text(encoding="utf-8")
        changed.writestr("checker/__init__.py", f"import js\njs.console.error({MARKER!r})\n{source}")
    wheel.write_bytes(out.getvalue())
    return hashlib.sha256(out.getvalue()).hexdigest()


# --- what each broken deployment looks like (site copy -> reason fragment) ----------------


def wheel_missing(site: Path) -> tuple[set[str], str]:
    name = lock_entry(site)["file_name"]
    return {f"/{ASSETS}{runtime_dir(PYODIDE)}{name}"}, f"{name}: HTTP 404"


def lock_with_another_sha256(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / "pyodide-lock.json",
              lambda lock: lock["packages"]["checker"].update(sha256=hashlib.sha256(b"another wheel").hexdigest()))
    return set(), "its sha256 differs from the lock, so it is not run"


def wheel_changed_that_would_announce_itself(site: Path) -> tuple[set[str], str]:
    announcing_wheel(site)  # the lock keeps the built wheel's sha256
    return set(), "its sha256 differs from the lock, so it is not run"


def lock_for_other_rules(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / "pyodide-lock.json",
              lambda lock: lock["packages"]["checker"].update(version="0.1.0+0123456789ab.00000000"))
    return set(), "the checker package on the server (0.1.0+0123456789ab.00000000) is not for the page's rules"


def listed_as_built(site: Path) -> None:
    """checker-files.json gives the data file's sha256 as it is now: a server whose files
    agree with each other, but not with the page."""
    data = runtime(site) / DATA_FILE
    edit_json(runtime(site) / "checker-files.json",
              lambda files: files["files"][DATA_FILE].update(sha256=hashlib.sha256(data.read_bytes()).hexdigest()))


def data_of_another_version(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / DATA_FILE, lambda data: data.update(version="0123456789ab"))
    listed_as_built(site)
    return set(), "checker-data.json is from another build"


def data_changed_without_its_listed_sha256(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / DATA_FILE, lambda data: data.update(version="0123456789ab"))
    return set(), "a downloaded file was damaged, even when fetched again: checker-data.json: its sha256 differs"


def data_of_another_build(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / DATA_FILE, lambda data: data.update(build="0123456789ab"))
    listed_as_built(site)
    return set(), "checker-data.json is from another build (0123456789ab"


def data_changed_under_its_version(site: Path) -> tuple[set[str], str]:
    """Version and build as built, content changed (a hand edit on the server)."""
    path = runtime(site) / DATA_FILE
    text = path.read_text(encoding="utf-8")
    gold = figures()["product-support"]["gold"]
    assert text.count(f'"incidents":{gold}') == 1
    path.write_text(text.replace(f'"incidents":{gold}', f'"incidents":{gold + 3}'), encoding="utf-8")
    precompress_file(path, FOLDERS.compressed_cache)
    listed_as_built(site)
    return set(), "ValueError: data version"


BROKEN = [wheel_missing, lock_with_another_sha256, wheel_changed_that_would_announce_itself, lock_for_other_rules,
          data_of_another_version, data_of_another_build, data_changed_under_its_version, data_changed_without_its_listed_sha256]


@pytest.mark.parametrize("broken", BROKEN, ids=[f.__name__ for f in BROKEN])
def test_a_broken_deployment_fails_clearly_and_never_answers(context, built_site, tmp_path, broken):
    site = copy_site(built_site, tmp_path)
    missing, reason = broken(site)
    with serve(site, missing=missing) as url:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.add_init_script(RECORD_RESULTS)
        started = time.monotonic()
        page.goto(url + "checker/#membership=gold&product=azure")
        page.wait_for_selector(FAILED, timeout=(STALL_S + 10) * 1000)
        assert time.monotonic() - started < STALL_S, "a broken file must fail at once, not when the download seems stalled"
        status = page.inner_text("#checker-status")
        assert "could not be loaded" in status and reason in status, status
        assert "Traceback" not in status
        link = page.locator("#checker-fallback a")
        assert link.is_visible() and link.get_attribute("href") == TABLE_LINK + "#membership=gold&product=azure"
        assert page.is_hidden("#checker-progress")
        page.check("#checker-membership-silver")  # the form stays a form; nothing is computed
        page.wait_for_timeout(1000)
        assert page.evaluate("window.__results") == [] and page.get_attribute("#checker-result", "data-result") == ""
        assert MARKER not in "\n".join(console), "a wheel that fails its hash must never run"


def test_the_announcing_wheel_does_announce_itself_when_its_hash_is_right(context, built_site, tmp_path, programme):
    """The control for the test above: with the lock updated to the changed wheel's
    sha256, the same wheel runs (and logs MARKER), so its silence there means it never ran."""
    site = copy_site(built_site, tmp_path)
    digest = announcing_wheel(site)
    edit_json(runtime(site) / "pyodide-lock.json", lambda lock: lock["packages"]["checker"].update(sha256=digest))
    with serve(site) as url:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(url + "checker/#membership=gold")
        expect_result(page, programme, {"membership": "gold"}, "en")
        assert MARKER in "\n".join(console)


# --- a slow network, and a stalled one -----------------------------------------------------


def throttle(context, page, bits_per_second: float, latency_ms: float) -> None:
    """The page's network (its worker's too) through DevTools' throttling."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    rate = bits_per_second / 8
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                       "downloadThroughput": rate, "uploadThroughput": rate})


SAMPLE = """({
    state: document.querySelector('#checker-status').dataset.state,
    shown: !document.querySelector('#checker-progress').hidden,
    text: document.querySelector('#checker-status-text').textContent,
    count: document.querySelector('#checker-result').dataset.count || null })"""


def watch_until_settled(page, limit_s: float) -> tuple[list[tuple[float, str, bool, str]], float]:
    """(seconds, state, progress shown, status text) at each change, until the checker
    answered or failed; and the seconds it took."""
    started = time.monotonic()
    seen: list[tuple[float, str, bool, str]] = []
    while time.monotonic() - started < limit_s:
        now = page.evaluate(SAMPLE)  # in one go: the state may change between separate reads
        sample = (now["state"], now["shown"], now["text"])
        if not seen or seen[-1][1:] != sample:
            seen.append((round(time.monotonic() - started, 1), *sample))
        if now["state"] == "failed" or (now["state"] == "ready" and now["count"]):
            break
        page.wait_for_timeout(250)
    return seen, time.monotonic() - started


MEGABYTES = re.compile(r"Loading the checker: (\d+\.\d) of (\d+\.\d) MB")


def test_at_1_6_mbit_s_the_checker_shows_its_progress_in_mb_then_answers(throttled_context, built_site, programme):
    """No time limit while bytes arrive: at 1.6 Mbit/s and 150 ms (a poor mobile line)
    the first visit's download takes about 20 s, shown as it goes, then the answer."""
    with serve(built_site) as url:
        page = throttled_context.new_page()
        throttle(throttled_context, page, 1.6e6, 150)
        page.goto(url + "checker/#membership=gold&competencies=security&product=azure", timeout=120000)
        seen, took = watch_until_settled(page, 120)
        assert seen[-1][1] == "ready", seen
        counts = [tuple(map(float, m.groups())) for *_, text in seen if (m := MEGABYTES.search(text))]
        assert len(counts) >= 5, seen  # progress all the way, not one step
        totals = {total for _, total in counts}
        assert len(totals) == 1 and 2.0 <= totals.pop() <= 4.0, seen  # the precompressed size, in MB
        assert [done for done, _ in counts] == sorted(done for done, _ in counts), seen
        assert took > STALL_S, "the download took longer than the stall limit, and was still waited for"
        result = expect_result(page, programme, {"membership": "gold", "competencies": "security", "product": "azure"}, "en")
        assert result["entitlements"]["signature-cloud-support"] == "unlimited"


def test_a_stalled_download_offers_retry_and_the_decision_table_at_the_readers_case(context, built_site, programme):
    traffic = Traffic(stalled={f"/{ASSETS}{runtime_dir(PYODIDE)}pyodide.asm.wasm"})
    answers = "membership=gold&competencies=security&product=on-premises&activated=no"
    with serve(built_site, traffic=traffic) as url:
        page = context.new_page()
        page.add_init_script(RECORD_RESULTS)
        started = time.monotonic()
        page.goto(url + "checker/#" + answers)
        page.wait_for_selector(FAILED, timeout=(STALL_S + 20) * 1000)
        assert STALL_S - 1 <= time.monotonic() - started, "it waited for the stalled download"
        assert "the download stopped" in page.inner_text("#checker-status")
        assert page.is_visible("#checker-retry") and page.is_hidden("#checker-progress")
        link = page.locator("#checker-fallback a")
        assert link.is_visible() and link.get_attribute("href").startswith(TABLE_LINK + "#")
        assert answers in link.get_attribute("href")

        # The link opens the decision table at the reader's case (Gold, on-premises, a
        # cloud competency, not activated); here, "Try again" then answers.
        table = context.new_page()
        table.goto(page.evaluate("document.querySelector('#checker-fallback a').href"))
        table.wait_for_url("**/decision-table/gold/on-premises/cloud/no/**", timeout=20000)
        assert "Security" in table.inner_text("article")
        traffic.stalled.clear()
        page.click("#checker-retry")
        page.wait_for_selector("#checker-status[data-state=ready]", timeout=60000)
        expect_result(page, programme, {"membership": "gold", "competencies": "security", "product": "on-premises",
                                        "activated": "no"}, "en")
        assert page.is_hidden("#checker-retry")
