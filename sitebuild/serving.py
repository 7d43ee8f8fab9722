"""`mkdocs serve` keeps serving the last good site while a rebuild fails.

MkDocs' dev server holds every request until the build it is waiting for finishes;
when that build fails, requests wait until a later build succeeds ("the server will
appear stuck"). Our builds are staged (sitebuild/atomic.py), so after a failure the
served folder still holds the last good site, complete: this lets requests through
to it again. The writer sees the data report in the terminal, and the page reloads
by itself once the data is fixed.
"""

from __future__ import annotations

import logging
from typing import Callable

log = logging.getLogger("mkdocs.plugins.guide")


def keep_serving_last_good_build(server) -> None:
    """Wrap the server's builder; a no-op if this MkDocs' server works differently."""
    if not all(hasattr(server, name) for name in ("builder", "_epoch_cond", "_wanted_epoch", "_visible_epoch")):
        log.debug("guide: unknown dev server; a failed rebuild will hold requests until the next good one")
        return
    build: Callable[[], None] = server.builder

    def build_or_keep_last_good() -> None:
        try:
            build()
        except BaseException:
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch  # nothing new to wait for
                server._epoch_cond.notify_all()
            log.error("guide: the rebuild failed; still serving the last good build until it is fixed.")
            raise

    server.builder = build_or_keep_last_good
