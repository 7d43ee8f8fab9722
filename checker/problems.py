"""Errors with enough context to fix them: where, what, what is allowed, what was meant."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
Path = tuple  # keys and indexes from the document's root, e.g. ("tiers", 2, "grants", 0)
Locator = Callable[[str, Path], "tuple[int, int] | None"]


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


class AnswerError(ValueError):
    """An answer names a question or option the data does not define."""

    def __init__(self, message: str, key: str, value: str | None = None):
        self.key = key
        self.value = value
        super().__init__(message)
