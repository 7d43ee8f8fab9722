"""The inline scripts a page may carry: those its theme's templates write.

The Content Security Policy allows inline scripts by hash (sitebuild/pages/csp.py). Hashing
whatever the final HTML holds would also allow a script that came from data or a
page, so the policy would bless exactly what it exists to stop. Instead, every
inline `<script>` of the theme (Material's templates, the plugin's and the project's custom_dir) is read at build
time and turned into a pattern: its text as written, with each `{{ ... }}` standing
for a value that cannot leave the JavaScript string it sits in (no quote, backslash,
`<`, `>` or line break). A page's inline script that matches no pattern fails the build.

A template script whose `{{ ... }}` is not inside a string literal gets no pattern:
such a value could be code, so that script is not allowed either.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
JINJA = re.compile(r"{{.*?}}|{%.*?%}", re.S)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
VALUE = r"""[^"'`\\<>\n]{0,2000}"""  # what a template value may be: text inside one JS string


def is_javascript(attrs: str) -> bool:
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs)
    return not re.search(r"\bsrc\s*=", attrs) and (not kind or kind.group(1).lower() in JS_TYPES)


def inline_scripts(html: str) -> list[str]:
    """The bodies of a page's inline JavaScript (not JSON data, not scripts by URL)."""
    return [m.group("body") for m in SCRIPT.finditer(html) if is_javascript(m.group("attrs"))]


@functools.cache
def theme_patterns(template_dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """One pattern per inline script written by a template in `template_dirs`."""
    patterns = {}
    for folder in template_dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for match in SCRIPT.finditer(template.read_text(encoding="utf-8", errors="replace")):
                pattern = _pattern(match.group("body")) if is_javascript(JINJA.sub("", match.group("attrs"))) else None
                if pattern is not None:
                    patterns[pattern.pattern] = pattern
    return tuple(patterns.values())


def unknown_scripts(html: str, patterns: tuple[re.Pattern, ...]) -> list[str]:
    """The page's inline scripts that no template writes."""
    return [body for body in inline_scripts(html) if not any(p.fullmatch(body.strip()) for p in patterns)]


def _pattern(body: str) -> re.Pattern | None:
    parts = JINJA.split(body.strip())
    for before, after in zip(parts, parts[1:]):
        if not (before.endswith(('"', "'")) and after.startswith(before[-1])):
            return None  # a value outside a string literal
    return re.compile(VALUE.join(re.escape(part) for part in parts), re.S)
