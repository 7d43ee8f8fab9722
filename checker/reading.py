"""Reads parsed YAML (dicts and lists) into the model, collecting every problem.

Each value is checked against its field's declared type; unknown keys, missing keys,
wrong types and malformed ids are reported with their path, the allowed values and a
guess at what was meant. Cross-references are checked afterwards (see `linking`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import get_args, get_origin

from checker import conditions
from checker.fields import FieldSpec, fields_of, literal_values
from checker.model import Source
from checker.problems import Locator, Path, Problem, did_you_mean, dotted
from checker.types import UNLIMITED, Text

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INVALID = object()
# Bounds that keep every page, table and the checker's work proportional to the data
# (README, "Limits"): the longest real text is under 250 characters.
MAX_TEXT = 2000  # characters of one text in one language
MAX_ID = 64  # characters of an id
MAX_VALUE = 2000  # characters of any other string (a link, a page path, a language's name)


@dataclass
class Reading:
    """What one pass over the documents collects besides the records."""

    locate: Locator | None = None
    problems: list[Problem] = field(default_factory=list)
    refs: list[tuple[str, str, str, Path]] = field(default_factory=list)  # target, id, file, path
    texts: list[tuple[Text, str, Path]] = field(default_factory=list)
    urls: list[tuple[str, str, Path]] = field(default_factory=list)
    ids: dict[tuple[str, Path], str] = field(default_factory=dict)  # list items' ids, for stable text keys

    def problem(self, file: str, path: Path, message: str, **extra) -> object:
        self.problems.append(Problem(file, path, message, **extra))
        return INVALID

    def source(self, file: str, path: Path) -> Source:
        position = self.locate(file, path) if self.locate else None
        return Source(file=file, line=position[0] if position else 0, path=dotted(path))


def read_record(cls: type, value: object, file: str, path: Path, reading: Reading) -> object:
    specs = fields_of(cls)
    keys = [s.key for s in specs]
    if not isinstance(value, dict):
        return reading.problem(file, path, f"expected a mapping with keys {', '.join(keys)}, got {describe(value)}.")
    for key in value:
        if key not in keys:
            reading.problem(file, path + (key,), f"unknown key '{key}'.", allowed=keys,
                            suggestion=did_you_mean(key, keys), fix="Remove it or correct its spelling.")
    values = {}
    for spec in specs:
        if spec.key in value:
            values[spec.name] = read_field(spec, value[spec.key], file, path + (spec.key,), reading)
        elif spec.required:
            reading.problem(file, path, f"missing required key '{spec.key}'.", fix=f"Add '{spec.key}:' ({spec.doc or type_name(spec.type)}).")
            values[spec.name] = INVALID
    if INVALID in values.values():
        return INVALID
    if any(f.name == "source" for f in dataclasses.fields(cls)):
        values["source"] = reading.source(file, path)
    return cls(**values)


def read_field(spec: FieldSpec, value: object, file: str, path: Path, reading: Reading) -> object:
    if value is None:
        if spec.optional:
            return None
        return reading.problem(file, path, f"'{spec.key}' needs a value ({spec.doc or type_name(spec.type)}).")
    result = read_value(spec.type, value, file, path, reading)
    if result == () and spec.required:
        return reading.problem(file, path, f"'{spec.key}' needs at least one item.")
    if result is not INVALID and spec.key == "id" and len(result) > MAX_ID:
        return reading.problem(file, path, f"the id is {len(result):,} characters; an id is at most {MAX_ID}.",
                               fix="Use a short name of a few words, e.g. 'cloud-platform'.")
    if result is not INVALID and spec.key == "id" and not ID_PATTERN.match(result):
        return reading.problem(file, path, f"id '{result}' is not lowercase kebab-case.", fix="Use letters a-z, digits and single hyphens, e.g. 'cloud-platform'.")
    if result is not INVALID and spec.ref:
        reading.refs.append((spec.ref, result, file, path))
    if result is not INVALID and spec.url:
        reading.urls.append((result, file, path))
    return result


def read_value(tp: object, value: object, file: str, path: Path, reading: Reading) -> object:
    if tp is Text:
        return read_text(value, file, path, reading)
    if conditions.is_condition(tp):
        parsed = conditions.parse(value, file, path, reading.problems)
        return INVALID if parsed is None else parsed
    if dataclasses.is_dataclass(tp):
        return read_record(tp, value, file, path, reading)
    allowed = literal_values(tp)
    if allowed is not None:
        if value in allowed:
            return value
        return reading.problem(file, path, f"'{value}' is not allowed here.", allowed=allowed, suggestion=did_you_mean(value, allowed))
    origin = get_origin(tp)
    if origin is tuple:
        return read_list(get_args(tp)[0], value, file, path, reading)
    if origin is dict:
        return read_mapping(get_args(tp)[1], value, file, path, reading)
    return read_scalar(tp, value, file, path, reading)


def read_list(item_type: object, value: object, file: str, path: Path, reading: Reading) -> object:
    if not isinstance(value, list):
        return reading.problem(file, path, f"expected a list, got {describe(value)}.", fix="Start each item with '- '.")
    for i, item in enumerate(value):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            reading.ids[(file, path + (i,))] = item["id"]
    items = tuple(read_value(item_type, item, file, path + (i,), reading) for i, item in enumerate(value))
    ids = [getattr(item, "id", None) for item in items if item is not INVALID]
    for i, item_id in enumerate(ids):
        if item_id is not None and item_id in ids[:i]:
            reading.problem(file, path + (i,), f"duplicate id '{item_id}'.", fix="Ids must be unique in a list.")
    return INVALID if INVALID in items else items


def read_mapping(item_type: object, value: object, file: str, path: Path, reading: Reading) -> object:
    if not isinstance(value, dict):
        return reading.problem(file, path, f"expected a mapping, got {describe(value)}.")
    items = {key: read_value(item_type, item, file, path + (key,), reading) for key, item in value.items()}
    return INVALID if INVALID in items.values() else items


def read_text(value: object, file: str, path: Path, reading: Reading) -> object:
    if not isinstance(value, dict) or not value:
        return reading.problem(file, path, f"expected a text in each language, got {describe(value)}.",
                               fix="Write it as a mapping of language id (languages.yml) to text: {<lang>: ..., <lang>: ...}.")
    for lang, text in value.items():
        if not isinstance(text, str) or not text.strip():
            return reading.problem(file, path + (lang,), f"the '{lang}' text must be a non-empty string, got {describe(text)}.")
        if len(text) > MAX_TEXT:
            return reading.problem(file, path + (lang,), f"the '{lang}' text is {len(text):,} characters; a text is at "
                                   f"most {MAX_TEXT:,}.", fix="Shorten it, or split it into steps or cases.")
    text = Text(dict(value))
    reading.texts.append((text, file, path))
    return text


def read_scalar(tp: object, value: object, file: str, path: Path, reading: Reading) -> object:
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is str:
        ok = isinstance(value, str)
    else:  # Count: int | str
        return read_count(value, file, path, reading)
    if ok and tp is str and len(value) > MAX_VALUE:
        return reading.problem(file, path, f"this value is {len(value):,} characters; at most {MAX_VALUE:,}.",
                               fix="Check that it is the value you meant.")
    if ok:
        return value
    return reading.problem(file, path, f"expected {type_name(tp)}, got {describe(value)}.")


def read_count(value: object, file: str, path: Path, reading: Reading) -> object:
    if value == UNLIMITED or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    quoted = isinstance(value, str) and value.strip().isdigit()
    return reading.problem(file, path, f"incidents must be a whole number (0 or more) or '{UNLIMITED}', got {describe(value)}.",
                           fix=f"Write {value.strip()} without quotes: quoted, it is text." if quoted else None,
                           suggestion=did_you_mean(value, [UNLIMITED]) if isinstance(value, str) and not quoted else None)


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no; quote it if you meant text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str) and len(value) > 60:  # a message repeats a value, never a whole page of it
        return f"str {value[:60]!r}… ({len(value):,} characters)"
    return f"{type(value).__name__} {value!r}"


def type_name(tp: object) -> str:
    """The type as the data is written, never as Python names it."""
    if conditions.is_condition(tp):
        return conditions.WRITTEN_AS
    return {str: "text", int: "a whole number", bool: "true or false"}.get(tp, getattr(tp, "__name__", str(tp)))
