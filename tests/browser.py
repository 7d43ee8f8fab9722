"""Real Chromium (Debian's) against a site served on 127.0.0.1, for the browser tests.

    with serve(site_dir) as base_url, chromium() as browser:
        page = browser.new_page()
        page.goto(base_url + "checker/")
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/setup --browser (installs Debian's chromium)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}
    extra_headers: dict[str, str] = {}
    missing: set[str] = set()  # paths to answer with 404, to simulate broken deployments

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        if self.path.split("?")[0] in self.missing:
            self.send_error(404)
            return
        super().do_GET()


@contextlib.contextmanager
def serve(root: Path, headers: dict[str, str] | None = None, missing: set[str] | None = None) -> Iterator[str]:
    """Serves `root` on a free loopback port; yields the base URL ending in '/'."""
    handler = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}, "missing": missing or set()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright Browser on Debian's Chromium (Playwright cannot download its own here)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def record_requests(page) -> list[str]:
    """Every URL the page requests from now on (including workers' fetches)."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    return urls
