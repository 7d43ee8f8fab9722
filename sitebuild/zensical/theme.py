"""What Zensical's theme needs from the site's Content-Security-Policy.

Zensical's search dialog styles itself with a `<style>` element that its script creates
inside a shadow root; the strict policy (sitebuild/pages/csp.py, `style-src 'self'`) blocks it
unless the style's hash is allowed, and the dialog then shows unstyled. The style's text
is a string constant in the theme's bundle, right where the script creates the element:
it is read from the bundle this build wrote, so the hash is that of the exact text the
reader's browser applies (and a Zensical update that moves it gives a warning, not a
silently unstyled search).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

BUNDLES = "assets/javascripts/bundle.*.js"
STYLE_CALL = re.compile(r'\("style",\{\},(?P<name>[\w$]+)\.toString\(\)\)')
ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def shadow_style_hashes(site: Path) -> tuple[list[str], list[str]]:
    """(the CSP hashes of the styles the theme's script creates, warnings) for a built site."""
    hashes, warnings = set(), []
    for bundle in sorted({*site.glob(BUNDLES), *site.glob(f"*/{BUNDLES}")}):  # each language has its copy
        script = bundle.read_text(encoding="utf-8")
        for call in STYLE_CALL.finditer(script):
            text = _string_constant(script, call.group("name"))
            if text is None:
                warnings.append(f"guide: {bundle.relative_to(site)} creates a style from '{call.group('name')}', "
                                "which is not a string constant: its search shows unstyled under the site's policy "
                                "(see sitebuild/zensical/theme.py)")
                continue
            hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'")
    return sorted(hashes), warnings


def _string_constant(script: str, name: str) -> str | None:
    match = re.search(rf"(?<![\w$.]){re.escape(name)}=(?P<quote>['\"])(?P<body>(?:[^'\"\\]|\\.|(?!(?P=quote))['\"])*)(?P=quote)",
                      script, re.DOTALL)
    return ESCAPE.sub(_unescape, match.group("body")) if match else None


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:], 16))
    return SIMPLE_ESCAPES.get(code, code)
