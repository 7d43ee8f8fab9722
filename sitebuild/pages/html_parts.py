"""Small HTML and Markdown helpers for the macros: escaping and page-relative links.

Every string that comes from data goes through `escape` (or `markdown_text` inside
Markdown), so a writer's `<script>` in a YAML file shows as text on the page. Data
strings are plain text: no HTML and no Markdown. Many macros return their text into
the page's Markdown, inline (`{{ benefit_name(...) }}` in a sentence, a heading), where
Markdown would still read `[text](javascript:...)` as a link or `{: onclick=... }` as
attributes (attr_list): `escape` therefore also writes Markdown's syntax characters as
character references, which HTML shows as the characters themselves.
"""

from __future__ import annotations

import html
import posixpath

# Characters that Markdown (and attr_list) would read as syntax inside a heading.
_MARKDOWN_SYNTAX = {c: f"&#{ord(c)};" for c in "\\`*_[]{}#!|"}
# Text anywhere in a page: HTML's special characters and Markdown's syntax, in one pass
# (so no character reference is itself rewritten).
_TEXT = str.maketrans({**_MARKDOWN_SYNTAX, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """Data text for HTML element content, inside Markdown or not: shown as is."""
    return text.translate(_TEXT)


def escape_attribute(value: str) -> str:
    return html.escape(value, quote=True)


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
    attrs = "".join(f' {key.rstrip("_").replace("_", "-")}="{escape_attribute(value)}"'
                    for key, value in attributes.items() if value is not None)
    return f"<{name}{attrs}>{content}</{name}>"


def link(url: str, text: str) -> str:
    """An external link whose text is data: both escaped."""
    return tag("a", escape(text), href=url)
