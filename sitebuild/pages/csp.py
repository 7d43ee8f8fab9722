"""A strict Content Security Policy for every built page.

Scripts come only from the site; the few inline scripts the theme writes are allowed
by their sha256, computed from the final HTML of each page (the plugin's on_post_page
and on_post_template, so a page's meta lists exactly its own scripts). Before that,
the plugin fails the build on any inline script that no theme template writes
(sitebuild/pages/inline_scripts.py), so a hash never blesses a script from data or a page. Pyodide needs
'wasm-unsafe-eval' (not 'unsafe-eval'). Styles come only from the site's stylesheets:
Material and the checker set styles through the CSSOM (`element.style`), which a
policy does not govern, and the built HTML has no `style` attribute or element
(`problems` reports one as a build warning, as it does inline event handlers and
`javascript:` links, which the policy would block in the reader's browser).

The policy goes into each page as a meta tag; the union of all pages' hashes goes
into `csp-policy.txt` for servers that send one header for the whole site. Scripts
that are not pages (the checker's worker, the service worker, the search worker)
take their policy from their own response header only: a server sends them
`policy([])`, the base policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
HEAD = re.compile(r"<head\b[^>]*>", re.I)
CHARSET = re.compile(r"\s*<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
META = re.compile(r'<meta\s+http-equiv=["\']?Content-Security-Policy["\']?\s+content="([^"]*)"', re.I)
POLICY_FILE = "csp-policy.txt"

BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its stylesheet
    "font-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs)
        if re.search(r"\bsrc\s*=", attrs) or (kind and kind.group(1).lower() not in JS_TYPES):
            continue
        body = match.group("body").replace("\r\n", "\n").replace("\r", "\n")  # as the HTML parser reads it
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(set(hashes))


def policy(hashes: list[str], style_src: list[str] | None = None) -> str:
    directives = {**BASE, "script-src": BASE["script-src"] + list(hashes)}
    if style_src is not None:
        directives["style-src"] = style_src
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def with_meta(html: str, style_src: list[str] | None = None) -> str:
    """The page with its policy at the top of <head>, before any script it governs:
    right after `<meta charset>` when the page starts with one (that must stay within
    the first 1024 bytes), else as the first element."""
    head = HEAD.search(html)
    if head is None or META.search(html):
        return html
    at = head.end()
    charset = CHARSET.match(html, at)
    if charset:
        at = charset.end()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html), style_src)}">'
    return html[:at] + meta + html[at:]


def page_policy(html: str) -> str | None:
    """The policy a page's meta holds (a server sends the same as a header)."""
    match = META.search(html)
    return match.group(1) if match else None


def write_site_policy(site_dir: Path, style_src: list[str] | None = None) -> str:
    """One policy for the whole site (all pages' inline hashes), for a server header."""
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        hashes.update(inline_script_hashes(page.read_text(encoding="utf-8")))
    text = policy(sorted(hashes), style_src)
    (site_dir / POLICY_FILE).write_text(text + "\n", encoding="utf-8")
    return text


# --- what the policy would block: build warnings, not surprises in the browser ---------


class _Blocked(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.found.append("a <style> element (style-src 'self' blocks it: use a stylesheet)")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an inline event handler <{tag} {name}=...> (script-src blocks it: "
                                  "use addEventListener in a script file)")
            elif name == "style":
                self.found.append(f"a style attribute <{tag} style=\"{value}\"> (style-src 'self' blocks it: use a class)")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"a javascript: URL <{tag} {name}=...> (blocked, and unsafe)")

    handle_startendtag = handle_starttag


def problems(html: str) -> list[str]:
    """Markup in a built page that the policy blocks (each named once)."""
    parser = _Blocked()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


# --- mkdocs serve ---------------------------------------------------------------------


def allow_live_reload(server) -> None:
    """`mkdocs serve` appends an inline script (its live reload) to each page it serves:
    add that script's hash to the page's policy, so reloading still works. A no-op if
    this MkDocs' server works differently."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:
        return

    def inject_and_allow(content: bytes, epoch) -> bytes:
        injected = inject(content, epoch)
        html = injected.decode("utf-8", errors="surrogateescape")
        found = META.search(html)
        if not found:
            return injected
        hashes = [h for h in inline_script_hashes(html) if h not in found.group(1)]
        if not hashes:
            return injected
        directives = found.group(1).replace("script-src ", "script-src " + " ".join(hashes) + " ", 1)
        html = html[: found.start(1)] + directives + html[found.end(1):]
        return html.encode("utf-8", errors="surrogateescape")

    server._inject_js_into_html = inject_and_allow
