"""Writes data/translations.yml: per language and text, the source it was translated from.

Written by `python -m checker i18n --accept` and `--import`, never by hand. Each record
keeps the source text itself beside its hash, so `i18n` can show what changed (old →
new) when the source moves on.
"""

from __future__ import annotations

import json
from pathlib import Path

HEADER = """\
# yaml-language-server: $schema=../schemas/translations.schema.json
# Written by `python -m checker i18n --accept LANG KEY...`; do not edit by hand. For each
# translated text: the source text it was translated from, and a short hash of it. When
# the source changes, the translation shows as stale until it is updated and accepted.
"""


def write_records(path: Path, records: dict[str, dict[str, dict]]) -> None:
    """`records`: language -> text key -> {"hash": ..., "source-text": ...}."""
    lines = [HEADER + "translations:"]
    for lang, entries in sorted(records.items()):
        lines.append(f"  {lang}:")
        for key, record in sorted(entries.items()):
            lines.append(f"    {_quoted(key)}:")
            lines.append(f"      hash: {_quoted(record['hash'])}")
            if record.get("source-text") is not None:
                lines.append(f"      source-text: {_quoted(record['source-text'])}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def records_of(programme) -> dict[str, dict[str, dict]]:
    return {lang: {key: {"hash": r.hash, "source-text": r.source_text} for key, r in entries.items()}
            for lang, entries in programme.translations.items()}
