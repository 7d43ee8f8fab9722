"""How the checker fails, in Chromium: every broken or slow runtime ends in a clear
message and the link to the decision table, never in a wrong answer.

Already covered in test_browser_checker.py (not repeated here): missing wasm, missing
data, missing worker script, WebAssembly blocked by a policy, wheel bytes changed.
Here: a missing wheel, a lock whose sha256 does not match (and a changed wheel that
would announce itself if it ever ran), data and lock from another build or other
rules, and a slow network (answered in time, or failed cleanly at the timeout).
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

from sitebuild.checker_paths import ASSETS, DATA_FILE, ROOT, runtime_dir
from tests.browser import chromium, serve
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
ENGINE_TIMEOUT_S = int(re.search(r"const TIMEOUT_MS = (\d+);", (ROOT / "overrides/assets/checker/engine.js")
                                 .read_text(encoding="utf-8")).group(1)) / 1000


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


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
    return site / ASSETS / runtime_dir()


def copy_site(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def edit_json(path: Path, change) -> None:
    value = json.loads(path.read_text(encoding="utf-8"))
    change(value)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


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
    return {f"/{ASSETS}{runtime_dir()}{name}"}, f"{name}: HTTP 404"


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


def data_of_another_version(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / DATA_FILE, lambda data: data.update(version="0123456789ab"))
    return set(), "checker-data.json is from another build"


def data_of_another_build(site: Path) -> tuple[set[str], str]:
    edit_json(runtime(site) / DATA_FILE, lambda data: data.update(build="0123456789ab"))
    return set(), "checker-data.json is from another build (0123456789ab"


def data_changed_under_its_version(site: Path) -> tuple[set[str], str]:
    """Version and build as built, content changed (a hand edit on the server)."""
    path = runtime(site) / DATA_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count('"incidents":20') == 1
    path.write_text(text.replace('"incidents":20', '"incidents":23'), encoding="utf-8")
    return set(), "ValueError: data version"


BROKEN = [wheel_missing, lock_with_another_sha256, wheel_changed_that_would_announce_itself, lock_for_other_rules,
          data_of_another_version, data_of_another_build, data_changed_under_its_version]


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
        page.wait_for_selector(FAILED, timeout=(ENGINE_TIMEOUT_S + 10) * 1000)
        assert time.monotonic() - started < ENGINE_TIMEOUT_S, "a broken file must fail at once, not at the timeout"
        status = page.inner_text("#checker-status")
        assert "could not be loaded" in status and reason in status, status
        assert "Traceback" not in status
        link = page.locator("#checker-fallback a")
        assert link.is_visible() and link.get_attribute("href") == TABLE_LINK
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


# --- a slow network ------------------------------------------------------------------------


def checker_bytes(site: Path) -> int:
    """What the checker downloads on a first visit: the runtime, wheel, lock, data and scripts."""
    files = [p for p in runtime(site).iterdir() if p.is_file()] + list((site / ASSETS).glob("*.js")) + \
        list((site / ASSETS).glob("*.mjs"))
    return sum(p.stat().st_size for p in files)


def throttle(context, page, bytes_per_second: float) -> None:
    """The page's network (its worker's too) through DevTools' throttling."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40,
                                                       "downloadThroughput": bytes_per_second,
                                                       "uploadThroughput": bytes_per_second})


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
        page.wait_for_timeout(100)
    return seen, time.monotonic() - started


@pytest.mark.parametrize("download_s, expected", [(7, "answers"), (60, "times out")])
def test_a_slow_network_shows_progress_then_answers_or_fails_at_the_timeout(throttled_context, built_site, programme,
                                                                             download_s, expected):
    """Throughput set so the checker's download takes `download_s` seconds: well within
    the engine's timeout it must answer (right); far beyond it, fail cleanly at the timeout."""
    assert (expected == "answers") == (download_s < ENGINE_TIMEOUT_S / 2)
    rate = checker_bytes(built_site) / download_s
    with serve(built_site) as url:
        page = throttled_context.new_page()
        page.add_init_script(RECORD_RESULTS)
        throttle(throttled_context, page, rate)
        page.goto(url + "checker/#membership=gold&competencies=security&product=azure", timeout=60000)
        seen, took = watch_until_settled(page, ENGINE_TIMEOUT_S + 15)
        loading = [s for s in seen if s[1] == "loading"]
        assert loading and all(shown for _, _, shown, _ in loading), seen
        assert any("Loading the checker" in text for *_, text in loading), seen
        if expected == "answers":
            assert seen[-1][1] == "ready", seen
            result = expect_result(page, programme, {"membership": "gold", "competencies": "security", "product": "azure"}, "en")
            assert result["entitlements"]["signature-cloud-support"] == "unlimited"
        else:
            assert seen[-1][1] == "failed", seen
            assert ENGINE_TIMEOUT_S - 1 <= took <= ENGINE_TIMEOUT_S + 5, seen
            assert "it took too long" in page.inner_text("#checker-status")
            assert page.locator("#checker-fallback a").get_attribute("href") == TABLE_LINK
            assert page.is_visible("#checker-fallback a") and page.is_hidden("#checker-progress")
            page.wait_for_timeout(1500)  # the stopped worker must not answer late
            assert page.evaluate("window.__results") == []
