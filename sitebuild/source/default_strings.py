"""The checker widget's own words, shipped with the plugin, under a project's own.

Every programme's widget says "Loading the checker…", "Your answers", "Print the result":
a project should not have to copy those into its data. `widget-strings.yml` (beside this
module) holds them in the languages the plugin ships; reading a project's data adds each
one the project's `strings:` does not define, in the project's languages only. A project
overrides a word by defining its key; a language the defaults lack gets its words from
the project (or, for a draft, from the source language).

The words are added to the project's own strings document, so everything downstream (the
checker, the browser's copy of the data, translation records keyed by file and key) sees
one set of strings. A default word has no line in the project's file: a problem with it
points at the file's `strings:` key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DEFAULTS = Path(__file__).with_name("widget-strings.yml")
DEFAULTS_NAME = "widget-strings.yml"  # the document's name when a project has no strings of its own


@lru_cache(maxsize=1)
def default_strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(DEFAULTS.read_text(encoding="utf-8"))["strings"]


def with_default_strings(documents: dict, label: str) -> dict:
    """`documents` with each default word the project lacks added to its `strings:`."""
    languages = _languages(documents)
    if not languages:
        return documents  # no languages to give words in: the project's own problems come first
    holder = next((name for name, content in documents.items() if isinstance(content, dict) and "strings" in content), None)
    own = documents[holder]["strings"] if holder else {}
    if not isinstance(own, dict):
        return documents  # a malformed strings: is reported as it is
    added = {key: {lang: text for lang, text in texts.items() if lang in languages}
             for key, texts in default_strings().items() if key not in own}
    added = {key: texts for key, texts in added.items() if texts}
    if not added:
        return documents
    result = dict(documents)
    if holder:
        result[holder] = {**documents[holder], "strings": {**own, **added}}
    else:
        result[f"{label}/{DEFAULTS_NAME}"] = {"strings": added}
    return result


def _languages(documents: dict) -> set[str]:
    for content in documents.values():
        if isinstance(content, dict) and isinstance(content.get("languages"), list):
            return {item["id"] for item in content["languages"] if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return set()
