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
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run scripts/setup --browser (installs Debian's chromium)")


@dataclass
class Traffic:
    """What a served site was asked for; `offline` cuts the network at the server: every
    connection is closed unanswered, as a browser sees a dropped network. A path in
    `stalled` gets its headers and its first 64 KB, then nothing more (a download that
    stops) until it leaves the set or the server stops."""

    offline: bool = False
    requests: list[str] = field(default_factory=list)
    stalled: set[str] = field(default_factory=set)
    hung: list[str] = field(default_factory=list)  # stalled paths whose download has stopped after its first 64 KB
    released: threading.Event = field(default_factory=threading.Event)


# Precompressed siblings the build writes (sitebuild/files/precompress.py), best first.
SIBLINGS = (("br", ".br"), ("gzip", ".gz"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}
    extra_headers: dict[str, str] = {}
    missing: set[str] = set()  # paths to answer with 404, to simulate broken deployments
    csp = False  # send each page's Content-Security-Policy (its meta) as a header, the base policy with the rest
    traffic: Traffic | None = None
    encoding: str | None = None  # the sibling being sent, as a static host serves them
    asked_path = ""  # the path as requested, before a sibling replaced it

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        if self.csp:
            self.send_header("Content-Security-Policy", self._policy())
        if self.encoding:
            self.send_header("Content-Encoding", self.encoding)
        self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def send_head(self):
        """Like nginx's gzip_static/brotli_static: `x.br` (or `x.gz`) in place of `x`
        when it exists and the browser takes that encoding."""
        self.asked_path = self.path
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in SIBLINGS:
            if encoding in accepted and path.is_file() and path.with_name(path.name + suffix).is_file():
                self.encoding = encoding
                relative = path.relative_to(Path(self.directory).resolve()).as_posix()
                self.path = "/" + relative + suffix
                break
        return super().send_head()

    def guess_type(self, path) -> str:
        if self.encoding:
            path = str(path).rsplit(".", 1)[0]  # the sibling's type is the original's
        return super().guess_type(path)

    def _policy(self) -> str:
        from sitebuild.pages import csp

        path = Path(self.translate_path(self.asked_path or self.path))
        if path.is_dir():
            path = path / "index.html"
        page = csp.page_policy(path.read_text(encoding="utf-8")) if path.suffix == ".html" and path.is_file() else None
        return page or csp.policy([])

    def do_GET(self) -> None:
        if self.traffic is not None:
            self.traffic.requests.append(self.path)
            if self.traffic.offline:
                self.close_connection = True
                return
        if self.path.split("?")[0] in self.missing:
            self.send_error(404)
            return
        if self.traffic is not None and self.path.split("?")[0] in self.traffic.stalled:
            self._stall()
            return
        super().do_GET()

    def _stall(self) -> None:
        data = Path(self.translate_path(self.path)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(self.path.split("?")[0]))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:65536])
        self.wfile.flush()
        self.traffic.hung.append(self.path.split("?")[0])
        while self.path.split("?")[0] in self.traffic.stalled and not self.traffic.released.wait(0.2):
            pass
        self.close_connection = True

    def do_HEAD(self) -> None:
        if self.path.split("?")[0] in self.missing:
            self.send_error(404)
            return
        super().do_HEAD()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection mid-download (a test ending) is no error."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path, headers: dict[str, str] | None = None, missing: set[str] | None = None, csp: bool = False,
          traffic: Traffic | None = None) -> Iterator[str]:
    """Serves `root` on a free loopback port; yields the base URL ending in '/'.
    `csp`: each HTML page's own policy (its meta) as a header, the base policy with
    every other file (workers take theirs from their response). `traffic`: records the
    requests, and cuts the network while its `offline` is set."""
    handler = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}, "missing": missing or set(),
                                                 "csp": csp, "traffic": traffic})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        if traffic is not None:
            traffic.released.set()
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


def record_requests(page, service_worker: bool = True) -> list[str]:
    """Every URL the page requests from now on (including workers' fetches); with
    `service_worker=False`, not the site's service worker's own (its precache)."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url)
                    if service_worker or request.service_worker is None else None)
    return urls
