"""Offline after the first visit, in Chromium: the service worker (sw.js, written by
the build) keeps the pages the reader opened and, once the checker has answered, every
file the checker's worker fetches; a new build replaces the old cache cleanly.

The network is cut twice over: Playwright puts the browser offline, and the server
closes every connection unanswered (so even a request that escaped the browser's
offline mode would fail); the server's log then shows that nothing reached it.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from checker import load
from sitebuild.source.yaml_source import read_data_dir
from tests.contract_oracle import figures
from tests.browser import Traffic, serve
from tests.test_browser_checker import expect_result
from tests.test_site_rebuilds import build
from tests.site_build import copy_project

ANSWERS = {"membership": "gold", "competencies": ["security"], "product": "on-premises"}
FRAGMENT = "#membership=gold&competencies=security&product=on-premises"
TIMEOUT_MS = 60000


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def programme_of(project: Path):
    return load(*read_data_dir(project / "data"))


def cache_name(site: Path) -> str:
    """The cache the build's service worker uses: guide-<manifest version>."""
    manifest = re.search(r"const MANIFEST = (\{.*?\n\});", (site / "sw.js").read_text(encoding="utf-8"), re.S).group(1)
    return "guide-" + json.loads(manifest)["version"]


def caches(page) -> list[str]:
    return page.evaluate("caches.keys()")


def wait_for(condition, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def open_checker(page, url: str, programme) -> dict:
    page.goto(url + "checker/" + FRAGMENT)
    page.wait_for_selector("#checker-status[data-state=ready]", timeout=TIMEOUT_MS)
    assert page.get_attribute("#checker-widget", "data-checker-version") == programme.version
    result = expect_result(page, programme, ANSWERS, "en")
    assert result["version"] == programme.version
    return result


def asked_for(traffic: Traffic, since: int) -> list[str]:
    """What reached the server since `since`, but the browser's own update checks of the
    service worker's script (they fail offline, and change nothing)."""
    return [path for path in traffic.requests[since:] if path != "/sw.js"]


def go_offline(context, traffic: Traffic) -> int:
    traffic.offline = True
    context.set_offline(True)
    return len(traffic.requests)


def go_online(context, traffic: Traffic) -> None:
    traffic.offline = False
    context.set_offline(False)


def test_the_checker_works_offline_after_one_visit_and_a_new_build_takes_over(browser, project):
    site = project / "site"
    build(project)
    first = programme_of(project)
    traffic = Traffic()
    with serve(site, traffic=traffic) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(f"{page.url}: {error} {error.stack}"))

            # Online: the checker answers; the service worker is active and keeps it.
            gold = figures()["product-support"]["gold"]  # as tests/scenarios/entitlements.yml states them
            assert open_checker(page, url, first)["entitlements"]["product-support"] == gold
            assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.state)") in ("activating", "activated")
            page.wait_for_selector("#checker-widget[data-checker-offline=ready]", timeout=TIMEOUT_MS)
            page.goto(url + "ja/entitlements/")  # another page, read online once
            page.wait_for_load_state("networkidle")
            assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
            old_cache = cache_name(site)
            assert sorted(caches(page)) == sorted([old_cache, "checker-snapshots"])

            # Offline: the checker page reloads and answers; the other page opens.
            seen = go_offline(context, traffic)
            open_checker(page, url, first)
            page.reload()
            page.wait_for_selector("#checker-status[data-state=ready]", timeout=TIMEOUT_MS)
            expect_result(page, first, ANSWERS, "en")
            page.goto(url + "ja/entitlements/")
            assert f"{gold} 件" in page.inner_text("article") and f"{gold + 3} 件" not in page.inner_text("article")
            assert asked_for(traffic, seen) == [], "offline, the pages and the checker come from the cache"

            # A new build (Gold: three more incidents) in the same folder, then online again.
            tiers = project / "data" / "tiers.yml"
            text = tiers.read_text(encoding="utf-8")
            at = text.index("id: gold")
            tiers.write_text(text[:at] + text[at:].replace(f"incidents: {gold}", f"incidents: {gold + 3}", 1), encoding="utf-8")
            build(project)
            second = programme_of(project)
            new_cache = cache_name(site)
            assert second.version != first.version and new_cache != old_cache
            go_online(context, traffic)
            assert open_checker(page, url, second)["entitlements"]["product-support"] == gold + 3
            assert second.version in page.inner_text(".checker-version")
            wait_for(lambda: sorted(caches(page)) == sorted([new_cache, "checker-snapshots"]),
                     f"only the new build's cache ({new_cache}) and the checker's snapshot")

            # Offline with the new build: its checker and a refreshed copy of the other page.
            seen = go_offline(context, traffic)
            assert open_checker(page, url, second)["entitlements"]["product-support"] == gold + 3
            page.goto(url + "ja/entitlements/")
            assert f"{gold + 3} 件" in page.inner_text("article")
            assert asked_for(traffic, seen) == []
            assert errors == [], "\n".join(errors)
        finally:
            context.close()
