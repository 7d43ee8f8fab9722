"""Errors with enough context to fix them: where, what, what is allowed, what was meant."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
Path = tuple  # keys and indexes from the document's root, e.g. ("tiers", 2, "grants", 0)
Locator = Callable[[str, Path], "tuple[int, int] | None"]
SHOWN_LENGTH = 60  # characters of a reader's value a message repeats; the rest is counted, not echoed
MARKED_CHARACTERS = 3  # look-alike characters named per value
MAX_MESSAGE = 2000  # an answer message's length, whatever the data or the reader gave


def dotted(path: Path) -> str:
    """("tiers", 2, "grants") -> "tiers[2].grants", the form writers see in messages."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def did_you_mean(value: object, allowed: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(value), list(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, tied to a file and a path inside it."""

    file: str
    path: Path
    message: str
    fix: str = ""
    allowed: Sequence[str] = ()
    suggestion: str | None = None
    position: tuple[int, int] | None = None  # known line and column, when the path has none

    def format(self, locate: Locator | None = None) -> str:
        place = self.file
        position = self.position or (locate(self.file, self.path) if locate else None)
        if position:
            place += f":{position[0]}:{position[1]}"
        text = f"{place}: {dotted(self.path) or '(top level)'}: {self.message}"
        if self.suggestion:
            text += f" Did you mean '{self.suggestion}'?"
        if self.allowed:
            text += " Allowed: " + ", ".join(self.allowed) + "."
        if self.fix:
            text += " " + self.fix
        return CONTROL.sub(lambda m: repr(m.group())[1:-1], text)  # one problem, one line, whatever the data holds


class DataErrors(Exception):
    """Every problem found in the data, reported together."""

    def __init__(self, problems: Sequence[Problem], locate: Locator | None = None):
        self.problems = list(problems)
        self.locate = locate
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format(self.locate) for p in self.problems]
        count = len(lines)
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the data.")
        return "\n".join(lines)


def shown(value: object) -> str:
    """A reader's value quoted for a message: at most SHOWN_LENGTH characters, characters
    that do not print and backslashes written as escapes (as repr writes them), and every character that is not plain ASCII named
    by its code point, since ids are ASCII and a look-alike (Cyrillic 'о' for Latin 'o')
    reads the same as the id it is not: "'gоld' (U+043E CYRILLIC SMALL LETTER O at position 2)"."""
    text = str(value)
    cut = text[:SHOWN_LENGTH]
    # Invisible characters as escapes, and a backslash doubled so an escape reads as one.
    quoted = "'" + "".join(c if c.isprintable() and c != "\\" else repr(c)[1:-1] for c in cut) + "'"
    if len(text) > SHOWN_LENGTH:
        quoted += f"… ({len(text):,} characters)"
    marks = [f"U+{ord(c):04X} {_character_name(c)} at position {i}" for i, c in enumerate(cut, 1) if not " " <= c <= "~"]
    if marks:
        more = f", and {len(marks) - MARKED_CHARACTERS} more" if len(marks) > MARKED_CHARACTERS else ""
        quoted += f" ({', '.join(marks[:MARKED_CHARACTERS])}{more})"
    return quoted


def _character_name(c: str) -> str:
    return unicodedata.name(c, "CONTROL CHARACTER" if unicodedata.category(c) == "Cc" else "UNNAMED CHARACTER")


class AnswerError(ValueError):
    """An answer names a question or option the data does not define."""

    def __init__(self, message: str, key: str, value: str | None = None):
        self.key = key
        self.value = value
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + f"… (message cut at {MAX_MESSAGE:,} of {len(message):,} characters)"
        super().__init__(message)
