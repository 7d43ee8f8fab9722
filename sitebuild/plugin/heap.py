"""Under `mkdocs serve`, Python's garbage collector leaves alone what outlives the builds.

A rebuild keeps much of what the builds before it made: the kept renders
(sitebuild/plugin/preview.py), the data and its proof rows, the theme's compiled
templates, MkDocs' and Material's modules; 120,000 to 200,000 objects. Each full
collection, which a data rebuild sets off about once, looked at every one of them
again: a tenth of a second or more of the rebuild.

So when a build is served, everything there is is frozen (gc.freeze, which costs
nothing): the next build's collections look only at what that build makes. The garbage
frozen with it (a few thousand objects a build) is collected a moment later, while the
writer reads (`settle`: unfreeze, collect, freeze again), unless a build starts first;
if saves come so fast that it never is, it is collected at the end of a build once
MAX_UNSETTLED objects have been frozen since.
"""

from __future__ import annotations

import gc
import threading

SETTLE_AFTER = 1.0  # seconds after a build: its pages have been served by then
MAX_UNSETTLED = 500_000  # objects frozen since the last settling: about six data edits' worth

_pending: list[threading.Timer] = []
_settled = [0]  # objects frozen by the last settling


def after_build() -> None:
    """The build is served: freeze the heap now, and settle it in SETTLE_AFTER seconds."""
    cancel()
    if gc.get_freeze_count() - _settled[0] > MAX_UNSETTLED:
        settle()
        return
    gc.freeze()
    _settled[0] = _settled[0] or gc.get_freeze_count()  # the first build: what it leaves is the base
    timer = threading.Timer(SETTLE_AFTER, settle)
    timer.daemon = True
    _pending.append(timer)
    timer.start()


def cancel() -> None:
    """A build starts: a settling not begun yet waits for the next build's end."""
    while _pending:
        _pending.pop().cancel()


def settle() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _settled[0] = gc.get_freeze_count()
