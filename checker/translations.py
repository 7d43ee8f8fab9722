"""Translation status: which strings each language is missing, and which are stale.

A translation is stale when the source-language text changed after it was made. The
programme records, per language, a short hash of the source text each translation
was made from (`translations:` in data/translations.yml); `python -m checker i18n
--accept LANG` records the current ones once a translator has updated them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from checker.problems import Path, dotted
from checker.types import Text


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class TextEntry:
    key: str  # stable across reordering: list items are named by their id
    text: Text
    file: str
    path: Path


def stable_key(file: str, path: Path, ids: dict[tuple[str, Path], str]) -> str:
    parts = tuple(ids.get((file, path[: i + 1]), step) for i, step in enumerate(path))
    name = file.rsplit("/", 1)[-1]
    return f"{name} {dotted(parts)}"


@dataclass
class LanguageStatus:
    lang: str
    status: str
    complete: int = 0
    missing: list[TextEntry] = field(default_factory=list)
    stale: list[TextEntry] = field(default_factory=list)
    untracked: list[TextEntry] = field(default_factory=list)  # translated, but never accepted


def translation_status(programme) -> list[LanguageStatus]:
    source = programme.languages[0].id
    report = []
    for language in programme.languages[1:]:
        status = LanguageStatus(language.id, language.status)
        records = programme.translations.get(language.id, {})
        for entry in programme.texts:
            _classify(entry, source, records, status)
        report.append(status)
    return report


def _classify(entry: TextEntry, source: str, records: dict[str, str], status: LanguageStatus) -> None:
    if status.lang not in entry.text.values:
        status.missing.append(entry)
    elif entry.key not in records:
        status.untracked.append(entry)
    elif records[entry.key] != source_hash(entry.text.values.get(source, "")):
        status.stale.append(entry)
    else:
        status.complete += 1


def accepted_records(programme, lang: str, prefixes: list[str]) -> dict[str, str]:
    """The records of `lang` with the given keys (all, when no prefix) marked current."""
    source = programme.languages[0].id
    records = dict(programme.translations.get(lang, {}))
    for entry in programme.texts:
        if lang in entry.text.values and (not prefixes or any(entry.key.startswith(p) for p in prefixes)):
            records[entry.key] = source_hash(entry.text.values.get(source, ""))
    return dict(sorted(records.items()))
