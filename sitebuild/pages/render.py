"""Renders the `{{ macro() }}` calls of a page's Markdown with Jinja, and nothing else.

Pitfalls this avoids (seen with mkdocs-macros): `{{ }}` inside code being rendered,
undefined names silently kept, errors shown in the page while the build exits 0.
Here only pages whose front matter says `macros: true` are rendered, fenced code
blocks and inline code are set aside before Jinja sees the text, undefined names
raise (StrictUndefined), and any error fails the build naming the page and line.

Pages are written by writers, not by programmers: their Jinja is a sandbox
(jinja2.sandbox.ImmutableSandboxedEnvironment) that can call the macros and nothing
of Python's inside. `''.__class__`, `cycler.__init__.__globals__` and the like fail the
build with the page and line, as do a repetition or a power that would make a huge
value (`'x' * 10**9`): the build's work stays bounded by the page's size.
"""

from __future__ import annotations

import difflib
import re
import traceback
from typing import Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

# Fenced blocks (``` or ~~~, possibly indented, e.g. inside a list) and inline code spans.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)?[ \t]*(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)")
PLACEHOLDER = "\x00guide-code-{}\x00"
MAX_PRODUCT = 100_000  # the largest string or list `*` may make, and the largest `**` result


class RenderError(Exception):
    """A template or macro failed; `line` is the line in the page's source file."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


class PageSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` bounded (the sandbox bounds only `range`)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left, right):
        if operator == "**" and _power_too_big(left, right):
            raise SecurityError(f"{left!r} ** {right!r} is too large for a page (limit {MAX_PRODUCT:,}).")
        if operator == "*" and _repetition(left, right) > MAX_PRODUCT:
            raise SecurityError(f"repeating a text or list {_repetition(left, right):,} times or to that length is "
                                f"too large for a page (limit {MAX_PRODUCT:,}).")
        return super().call_binop(context, operator, left, right)


def _power_too_big(base, exponent) -> bool:
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (base, exponent)) or exponent <= 0:
        return False
    return abs(base) ** min(exponent, 64) > MAX_PRODUCT  # capped: 10 ** 10**9 is never computed


def _repetition(left, right) -> int:
    """The length `left * right` would have when one side is a text or list, else 0."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * max(times, 0) or max(times, 0)
    return 0


def make_environment() -> jinja2.Environment:
    return PageSandbox(undefined=jinja2.StrictUndefined, autoescape=False,
                       keep_trailing_newline=True, trim_blocks=False)


def render_page(env: jinja2.Environment, markdown: str, name: str, macros: dict[str, Callable],
                first_line: int = 1) -> str:
    """`markdown` with its macro calls replaced; RenderError names the failing line."""
    text, code = _set_code_aside(markdown)
    try:
        code_object = env.compile(text, name=name, filename=name)  # tracebacks then name the page
        rendered = env.template_class.from_code(env, code_object, env.make_globals(macros), None).render()
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"template syntax: {error.message}", _source_line(error.lineno, first_line)) from None
    except Exception as error:  # a macro's own error, an undefined name, a bad argument...
        raise RenderError(describe_error(error, list(macros)), _failing_line(error, name, first_line)) from None
    return _put_code_back(rendered, code)


def uses_macros(markdown: str) -> bool:
    """True when the page has `{{` or `{%` outside code (so it needs `macros: true`)."""
    text = without_code(markdown)
    return "{{" in text or "{%" in text


def without_code(markdown: str) -> str:
    """The page's prose: code blocks and inline code left out (they show commands and
    their output, never a statement of the page)."""
    return _set_code_aside(markdown)[0]


def _set_code_aside(markdown: str) -> tuple[str, list[str]]:
    """Code replaced by placeholders that keep the line count, so error lines stay true."""
    code: list[str] = []

    def stash(match: re.Match) -> str:
        code.append(match.group(0))
        return PLACEHOLDER.format(len(code) - 1) + "\n" * match.group(0).count("\n")

    text = FENCE.sub(stash, markdown)
    return INLINE_CODE.sub(stash, text), code


def prose_of(markdown: str) -> str:
    """The page without its code (what the macros in it are read from)."""
    return _set_code_aside(markdown)[0]


def _put_code_back(text: str, code: list[str]) -> str:
    # Placeholders are restored newest first: a fence's placeholder never holds another.
    for number in range(len(code) - 1, -1, -1):
        original = code[number]
        text = text.replace(PLACEHOLDER.format(number) + "\n" * original.count("\n"), original, 1)
    return text


def _source_line(template_line: int | None, first_line: int) -> int | None:
    return None if template_line is None else template_line + first_line - 1


def _failing_line(error: Exception, name: str, first_line: int) -> int | None:
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == name]
    return _source_line(lines[-1], first_line) if lines else None


def describe_error(error: Exception, names: list[str]) -> str:
    """A writer's message for what failed in a page: an unknown name gets the macros' list."""
    if isinstance(error, SecurityError):
        return (f"not allowed in a page: {error} Pages may only call the guide's macros "
                "(see sitebuild/pages/macros.py) with plain values.")
    if isinstance(error, jinja2.UndefinedError):
        return unknown_name(error.message or "", names)
    written_for_writers = type(error).__name__ in ("MacroError", "RuntimeMissing")
    return str(error) if written_for_writers else f"{type(error).__name__}: {error}"


def unknown_name(message: str, names: list[str]) -> str:
    """"'heding' is undefined" -> which macro was probably meant, and every macro."""
    found = re.match(r"'([^']+)' is undefined", message)
    if not found:
        return message
    guess = difflib.get_close_matches(found.group(1), names, n=1, cutoff=0.6)
    return (f"unknown macro '{found.group(1)}'." + (f" Did you mean '{guess[0]}'?" if guess else "")
            + f" Macros: {', '.join(sorted(names))} (see the writers' guide, macros page).")
