"""Python-Markdown extension: puts the pages' stashed HTML in place after Markdown ran.

For engines that convert the rendered pages (sitebuild/site/rendered_site.py) with
Python-Markdown themselves, such as Zensical. Each marker the renderer left
(`<div class="guide-stash" data-stash-file="KEY"></div>`) becomes the block it stands
for, read from the stash folder; a draft banner's marker is moved under the page's
title, as the MkDocs plugin does (sitebuild/pages/page_steps.py, finish_html).

    markdown_extensions:
      - sitebuild.pages.stash_markdown:
          folder: /path/to/rendered/stash
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from sitebuild.pages.fallback import with_banner

BLOCK = re.compile(r'<div class="guide-stash" data-stash-file="(?P<key>[0-9a-f]+)"></div>')
BANNER = re.compile(r'<div class="guide-stash" data-stash-banner="(?P<key>[0-9a-f]+)"></div>\n*')
PRIORITY = 5  # after Markdown's own raw-HTML restoring (30) and unescaping (10): the block goes in untouched


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


class _StashPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, folder: Path):
        super().__init__(md)
        self.folder = folder

    def run(self, text: str) -> str:
        return put_stash_in(text, self.folder)


class StashExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"folder": ["", "The folder of the stashed blocks (OUT/stash of sitebuild.site.rendered_site)."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_StashPostprocessor(md, Path(self.getConfig("folder"))), "guide-stash", PRIORITY)


def makeExtension(**kwargs) -> StashExtension:
    return StashExtension(**kwargs)
