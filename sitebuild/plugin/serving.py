"""`mkdocs serve` keeps serving the last good site while a rebuild fails, and shows why.

MkDocs' dev server holds every request until the build it is waiting for finishes;
when that build fails, requests wait until a later build succeeds ("the server will
appear stuck"). Our builds are staged (sitebuild/files/atomic.py), so after a failure the
served folder still holds the last good site, complete: this lets requests through
to it again, reloads the writer's open pages, and puts the failed build's report at
the top of every page served until a rebuild succeeds (then the pages reload again,
without it). The report is also printed in the terminal.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Callable

log = logging.getLogger("mkdocs.plugins.guide")
BODY = re.compile(rb"<body[^>]*>")
# The words of the report's frame. Built in, not read from data/: the data may be what
# is broken. (Pages are in English or Japanese; <html lang> says which.)
FRAME = {
    "en": ("The last rebuild failed", "You are seeing the last good build. Fix the problem below and save: this page reloads by itself."),
    "ja": ("直前の再ビルドが失敗しました", "表示されているのは最後に成功したビルドです。次の問題を修正して保存すると、このページは自動的に再読み込みされます。"),
}


class _Failure:
    report: str | None = None


class _Collect(logging.Handler):
    """The errors logged during one build (MkDocs logs the cause, then raises a bare Abort)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Error reading page", "guide: build failed")):
            self.lines.append(message)


def keep_serving_last_good_build(server) -> None:
    """Wrap the server's builder; a no-op if this MkDocs' server works differently."""
    if not all(hasattr(server, name) for name in ("builder", "_epoch_cond", "_wanted_epoch", "_visible_epoch")):
        log.debug("guide: unknown dev server; a failed rebuild will hold requests until the next good one")
        return
    build: Callable[[], None] = server.builder
    failure = _Failure()

    def build_or_keep_last_good() -> None:
        errors = _Collect()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            build()
        except BaseException as error:
            failure.report = "\n".join(errors.lines) or str(error) or type(error).__name__
            with server._epoch_cond:
                server._visible_epoch = server._wanted_epoch  # reload the open pages: they show the report
                server._epoch_cond.notify_all()
            log.error("guide: the rebuild failed; still serving the last good build until it is fixed.")
            raise
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
        failure.report = None

    server.builder = build_or_keep_last_good
    _show_report_in_pages(server, failure)


def _show_report_in_pages(server, failure: _Failure) -> None:
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        return

    def inject_with_report(content: bytes, epoch) -> bytes:
        content = inject(content, epoch)
        return with_report(content, failure.report) if failure.report else content

    server._inject_js_into_html = inject_with_report


def with_report(page: bytes, report: str) -> bytes:
    """The page with the failed build's report right after <body> (plain HTML: the
    page's Content-Security-Policy allows no inline style or script)."""
    lang = "ja" if re.search(rb'<html[^>]*\slang="ja"', page) else "en"
    title, text = FRAME[lang]
    banner = (f'<div class="guide-build-failed" role="alert"><p><strong>{html.escape(title)}</strong></p>'
              f'<p>{html.escape(text)}</p><pre>{html.escape(report)}</pre></div>').encode("utf-8")
    found = BODY.search(page)
    return page[: found.end()] + banner + page[found.end():] if found else banner + page
