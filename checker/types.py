"""Value types of the data model, shared by validation, the JSON Schema and the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

UNLIMITED = "unlimited"
Incidents = int | str  # a count >= 0, or UNLIMITED


@dataclass(frozen=True)
class Ref:
    """Marks a string field as the id of a record elsewhere in the data."""

    target: str  # a top-level collection ("benefits") or "option-sets"


@dataclass(frozen=True)
class Url:
    """Marks a string field as a link: https, or a page of the site."""


@dataclass(frozen=True)
class Doc:
    """A field's description, shown in editors through the JSON Schema."""

    text: str


@dataclass(frozen=True)
class Text:
    """A user-facing string in every language that has it."""

    values: Mapping[str, str]

    def get(self, lang: str, fallback: str | None = None) -> str:
        """The text in `lang`, else in `fallback` (the source language), else the first written."""
        return self.values.get(lang) or (fallback and self.values.get(fallback)) or next(iter(self.values.values()))


def incidents_rank(value: Incidents) -> float:
    """Orders entitlements so that the best grant wins."""
    return float("inf") if value == UNLIMITED else float(value)
