"""From parsed documents to a validated Programme, or every problem at once."""

from __future__ import annotations

import hashlib
import json
from typing import Mapping, get_args

from checker.fields import fields_of
from checker.glossary import expand_documents
from checker.linking import check_unreadable, link
from checker.model import Programme
from checker.problems import DataErrors, Locator, Path, did_you_mean, dotted
from checker.reading import ID_PATTERN, INVALID, Reading, read_field, read_value

# Top-level keys whose entries may be spread over several files (one option set a file).
SHARED_KEYS = frozenset({"option-sets"})
Locations = Mapping[str, Mapping[str, "tuple[int, int] | list[int]"]]  # file -> dotted path -> (line, column)


def load(documents: Mapping[str, object], locations: Locations | None = None, *, allow_stale: bool = False) -> Programme:
    """Validate `documents` (file name -> parsed content) and build the model.

    Raises DataErrors listing every problem, each located when `locations` is given.
    `allow_stale` lets stale translations of complete languages pass (for reports).
    """
    locate = locator(locations or {})
    reading = Reading(locate)
    written = documents
    documents = expand_documents(written, reading)  # {term:ID} in texts: the glossary's words
    merged, files = merge(documents, reading)
    values = {}
    for spec in fields_of(Programme):
        if spec.key in SHARED_KEYS and isinstance(merged.get(spec.key), dict):
            values[spec.name] = read_shared(spec, merged[spec.key], files, reading)
        elif spec.key in merged:
            values[spec.name] = read_field(spec, merged[spec.key], files[spec.key], (spec.key,), reading)
        elif spec.required:
            reading.problem("data/", (), f"no file defines '{spec.key}'.", fix=f"Add a file with a top-level '{spec.key}:' list.")
    for key in merged:
        if key not in {s.key for s in fields_of(Programme)}:
            known = [s.key for s in fields_of(Programme)]
            reading.problem(files[key], (key,), f"unknown top-level key '{key}'.", allowed=known, suggestion=did_you_mean(key, known))
    if reading.problems or INVALID in values.values():
        check_unreadable(merged, reading)
        raise DataErrors(reading.problems, locate)
    programme = Programme(**values, files=files, version=fingerprint(written))
    programme = link(programme, reading, allow_stale)
    if reading.problems:
        raise DataErrors(reading.problems, locate)
    return programme


def merge(documents: Mapping[str, object], reading: Reading) -> tuple[dict, dict[str, str]]:
    """One mapping of every top-level key, remembering which file each came from. A
    shared key (SHARED_KEYS) may appear in several files, each naming other entries:
    the file of each entry is remembered as '<key>.<entry>'."""
    merged: dict = {}
    files: dict[str, str] = {}
    for file, content in documents.items():
        if content is None:
            continue
        if not isinstance(content, dict):
            reading.problem(file, (), "the file must be a mapping of top-level keys (e.g. 'questions:').")
            continue
        for key, value in content.items():
            if key in SHARED_KEYS and isinstance(value, dict) and isinstance(merged.get(key, {}), dict):
                _merge_shared(key, value, file, merged, files, reading)
                continue
            if key in merged:
                reading.problem(file, (key,), f"'{key}' is already defined in {files[key]}.", fix="Keep each top-level key in one file.")
                continue
            merged[key], files[key] = value, file
    return merged, files


def _merge_shared(key: str, value: dict, file: str, merged: dict, files: dict[str, str], reading: Reading) -> None:
    entries = merged.setdefault(key, {})
    files.setdefault(key, file)
    for name, item in value.items():
        where = f"{key}.{name}"
        if name in entries:
            reading.problem(file, (key, name), f"'{name}' is already defined in {files[where]}.",
                            fix=f"Give each entry of '{key}' a name of its own, in one file.")
            continue
        entries[name], files[where] = item, file


def read_shared(spec, value: dict, files: dict[str, str], reading: Reading) -> object:
    """A shared key's entries, each read from (and located in) its own file."""
    items = {}
    for name, item in value.items():
        file, path = files[f"{spec.key}.{name}"], (spec.key, name)
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            items[name] = reading.problem(file, path, f"'{name}' is not a lowercase kebab-case name.",
                                          fix="Use letters a-z, digits and single hyphens, e.g. 'tiers'.")
            continue
        items[name] = read_value(get_args(spec.type)[1], item, file, path, reading)
    return INVALID if INVALID in items.values() else items


def locator(locations: Locations) -> Locator:
    """Finds the line of a path, or of its nearest enclosing value when it is missing."""
    def locate(file: str, path: Path) -> tuple[int, int] | None:
        table = locations.get(file, {})
        for end in range(len(path), -1, -1):
            found = table.get(dotted(path[:end]))
            if found:
                return int(found[0]), int(found[1])
        return None
    return locate


def fingerprint(documents: Mapping[str, object]) -> str:
    """A short hash of the data: names the rules version in links and bundles."""
    text = json.dumps(documents, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]




