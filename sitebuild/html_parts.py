"""Small HTML and Markdown helpers for the macros: escaping and page-relative links.

Every string that comes from data goes through `escape` (or `markdown_text` inside
Markdown), so a writer's `<script>` in a YAML file shows as text on the page.
"""

from __future__ import annotations

import html
import posixpath

# Characters that Markdown (and attr_list) would read as syntax inside a heading.
_MARKDOWN_SYNTAX = {c: f"&#{ord(c)};" for c in "\\`*_[]{}#!|"}


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def markdown_text(text: str) -> str:
    """Text to place inside Markdown (a heading): HTML-escaped, Markdown syntax neutralised.
    Quotes stay as they are: escaped, their entity (`&#x27;`) would have its `#`
    neutralised too and show on the page as `&#x27;`."""
    return "".join(_MARKDOWN_SYNTAX.get(c, c) for c in html.escape(text, quote=False))


def page_href(target: str, current: str, anchor: str | None = None) -> str:
    """Link from the page at `current` ('activate/') to the page at `target` (both
    relative to the same language root, '' being the home page)."""
    depth = current.count("/")
    relative = "../" * depth + target
    if target == current:
        relative = "./"
    return (relative or "./") + (f"#{anchor}" if anchor else "")


def source_path(page: str) -> str:
    """The Markdown file of a page path: '' -> index.md, 'activate/' -> activate.md."""
    return page.rstrip("/") + ".md" if page else "index.md"


def markdown_link(target_page: str, current_src: str, anchor: str | None = None) -> str:
    """A Markdown link target to another page's source file, which MkDocs validates."""
    path = posixpath.relpath(source_path(target_page), posixpath.dirname(current_src) or ".")
    return path + (f"#{anchor}" if anchor else "")


def tag(name: str, content: str, **attributes: str | None) -> str:
    """`<name attr="...">content</name>`; attribute values are escaped, content is not."""
    attrs = "".join(f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"'
                    for key, value in attributes.items() if value is not None)
    return f"<{name}{attrs}>{content}</{name}>"


def link(url: str, text: str) -> str:
    """An external link whose text is data: both escaped."""
    return tag("a", escape(text), href=url)
