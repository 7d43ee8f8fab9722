"""Translation status: which strings each language is missing, and which are stale.

A translation is stale when the source-language text changed after it was made. The
programme records, per language, the source text each translation was made from and
a short hash of it (`translations:` in data/translations.yml); `python -m checker i18n
--accept LANG KEY...` records the current ones once a translator has updated them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from checker.problems import AnswerError, Path, did_you_mean, dotted
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
    orphans: list[str] = field(default_factory=list)  # records of texts the data no longer has


def translation_status(programme) -> list[LanguageStatus]:
    source = programme.languages[0].id
    report = []
    for language in programme.languages[1:]:
        status = LanguageStatus(language.id, language.status)
        records = programme.translations.get(language.id, {})
        for entry in programme.texts:
            _classify(entry, source, records, status)
        keys = {entry.key for entry in programme.texts}
        status.orphans = sorted(key for key in records if key not in keys)
        report.append(status)
    return report


def _classify(entry: TextEntry, source: str, records: dict, status: LanguageStatus) -> None:
    if status.lang not in entry.text.values:
        status.missing.append(entry)
    elif entry.key not in records:
        status.untracked.append(entry)
    elif records[entry.key].hash != source_hash(entry.text.values.get(source, "")):
        status.stale.append(entry)
    else:
        status.complete += 1


def stale_texts(programme, lang: str) -> set[int]:
    """id() of each Text whose `lang` translation is stale (the pages mark them)."""
    return {id(entry.text) for status in translation_status(programme) if status.lang == lang for entry in status.stale}


def accepted_records(programme, lang: str, keys: list[str], everything: bool = False) -> dict[str, dict[str, str]]:
    """The records of `lang` with the named texts (or, with `everything`, all) marked as
    translated from the current source; a name may end in '*' to name all texts it starts.
    Raises AnswerError for a name that matches no translated text, or when none is given."""
    if not keys and not everything:
        raise AnswerError(f"name the texts to accept (as 'i18n' lists them), or accept every current '{lang}' text with --all", "keys")
    source = programme.languages[0].id
    translated = [entry for entry in programme.texts if lang in entry.text.values]
    chosen = translated if everything else _named(translated, keys, lang)
    known = {entry.key for entry in programme.texts}  # orphan records (texts removed or renamed) are dropped
    records = {key: {"hash": r.hash, "source-text": r.source_text}
               for key, r in programme.translations.get(lang, {}).items() if key in known}
    for entry in chosen:
        text = entry.text.values.get(source, "")
        records[entry.key] = {"hash": source_hash(text), "source-text": text}
    return dict(sorted(records.items()))


def _named(entries: list[TextEntry], keys: list[str], lang: str) -> list[TextEntry]:
    by_key = {entry.key: entry for entry in entries}
    chosen = []
    for key in keys:
        matches = [e for k, e in by_key.items() if k.startswith(key[:-1])] if key.endswith("*") else [by_key[key]] if key in by_key else []
        if not matches:
            guess = did_you_mean(key, list(by_key))
            raise AnswerError(f"no '{lang}' text is named '{key}'" + (f"; did you mean '{guess}'?" if guess else "")
                              + " (names as 'python -m checker i18n' lists them; end one with * to name several)", key)
        chosen += matches
    return chosen
