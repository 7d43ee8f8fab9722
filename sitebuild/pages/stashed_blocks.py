"""The pages' stashed HTML, put in place in a page another engine built (Zensical).

The engine-independent renderer (sitebuild/site/rendered_site.py) leaves a marker
(`<div class="guide-stash" data-stash-file="KEY"></div>`) where each large block goes
and writes the block to the stash folder; once the engine wrote the page, each marker
becomes its block, and a draft banner's marker moves under the page's title, as the
MkDocs plugin does (sitebuild/pages/page_steps.py, finish_html). The engine never
reads the blocks, so it neither slows on them nor rewrites their links.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.pages.fallback import with_banner

BLOCK = re.compile(r'<div class="guide-stash" data-stash-file="(?P<key>[0-9a-f]+)"></div>')
BANNER = re.compile(r'<div class="guide-stash" data-stash-banner="(?P<key>[0-9a-f]+)"></div>\n*')


class StashError(Exception):
    """A marker names a block the stash folder lacks (the pages were rendered elsewhere)."""


def put_stash_in(html: str, folder: Path) -> str:
    """`html` with every stash marker replaced by its block, and a banner under the title."""
    html = BLOCK.sub(lambda match: _read(folder, match.group("key")), html)
    banners = [_read(folder, match.group("key")) for match in BANNER.finditer(html)]
    html = BANNER.sub("", html)
    for notice in banners:
        html = with_banner(html, notice)
    return html


def _read(folder: Path, key: str) -> str:
    path = folder / f"{key}.html"
    if not path.is_file():
        raise StashError(f"guide: stashed block {key} is missing from {folder}: render the pages again "
                         "(python -m sitebuild.site.rendered_site).")
    return path.read_text(encoding="utf-8")
