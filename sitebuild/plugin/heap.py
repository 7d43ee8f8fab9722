"""Under `mkdocs serve`, Python's garbage collector leaves alone what outlives the builds.

A rebuild keeps much of what the builds before it made: the kept renders
(sitebuild/plugin/preview.py), the data and its proof rows, the theme's compiled
templates, MkDocs' and Material's modules; 130,000 to 200,000 objects. Each full
collection, which a rebuild sets off about once, looks at every one of them again:
about a tenth of a second of a data rebuild. So once a build is served, while the
writer reads it, the garbage is collected and what is left is frozen (gc.freeze): the
next build's collections look only at what that build makes. The next settling
unfreezes them first, so what has become garbage since is collected then.
"""

from __future__ import annotations

import gc
import threading

SETTLE_AFTER = 1.0  # seconds after a build: its pages are served by then

_pending: list[threading.Timer] = []


def settle_later(seconds: float = SETTLE_AFTER) -> None:
    """Collect and freeze the heap in `seconds`, unless a build starts before (`cancel`)."""
    cancel()
    timer = threading.Timer(seconds, settle)
    timer.daemon = True
    _pending.append(timer)
    timer.start()


def cancel() -> None:
    while _pending:
        _pending.pop().cancel()


def settle() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
