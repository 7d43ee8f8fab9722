"""The portals' words, written once (data/glossary.yml) and used everywhere.

A data text names a portal's label or field by reference, and loading expands it in
the text's own language, so the pages, the checker's answers and the widget (which
loads the same documents in the browser) all say it the same way:

    {term:add-contract}    the label as a reader meets it in prose, in the language's
                           form: [コントラクトの追加] in Japanese, Add contract in
                           English; with the English label in parentheses where the
                           glossary says a reader's portal may show English
    {label:access-id}      the bare label, for a quoted message or a title

Expansion works on the parsed documents, before they are read into the model, so
every later step (validation, translation records, the browser) sees plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from checker.problems import Path, did_you_mean
from checker.reading import MAX_TEXT, Reading

REFERENCE = re.compile(r"\{(term|label):([^{}\s]*)\}")
FORMS = ("label", "heading", "term", "with-english")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # label, heading or term: which of term-forms writes it
    labels: Mapping[str, str]  # language -> the label as that language's portal shows it
    english: str  # never, first or always


@dataclass
class Glossary:
    entries: dict[str, Entry]
    forms: dict[str, Mapping[str, str]]  # form -> language -> pattern with {label} / {text}, {english}
    source: str  # the language every other translates: its label goes in parentheses

    def render(self, entry: Entry, lang: str, first: bool, bare: bool = False) -> str:
        """The entry in `lang`; `first`: its first use in the text or page."""
        label = entry.labels.get(lang) or entry.labels.get(self.source, entry.id)
        if bare:
            return label
        text = self._form(entry.kind, lang).replace("{label}", label)
        english = entry.labels.get(self.source, label)
        if lang == self.source or english == label or not (entry.english == "always" or (entry.english == "first" and first)):
            return text
        return self._form("with-english", lang).replace("{text}", text).replace("{english}", english)

    def _form(self, form: str, lang: str) -> str:
        patterns = self.forms.get(form, {})
        return patterns.get(lang) or patterns.get(self.source) or ("{text} ({english})" if form == "with-english" else "{label}")

    def expand(self, text: str, lang: str, used: set[str] | None = None) -> str:
        """`text` with its references replaced; `used` carries first uses across calls."""
        used = set() if used is None else used

        def replace(match: re.Match) -> str:
            entry = self.entries[match.group(2)]
            first = entry.id not in used
            used.add(entry.id)
            return self.render(entry, lang, first, bare=match.group(1) == "label")

        return REFERENCE.sub(replace, text)


def expand_documents(documents: Mapping[str, object], reading: Reading) -> dict[str, object]:
    """The documents with every reference in a language's text expanded; an unknown
    term is a problem located at its text."""
    glossary = glossary_of(documents)
    languages = set(_language_ids(documents))
    if glossary is None or not languages:
        return dict(documents)
    return {file: _expand(content, file, (), glossary, languages, reading) for file, content in documents.items()}


def _expand(value: object, file: str, path: Path, glossary: Glossary, languages: set[str], reading: Reading) -> object:
    if isinstance(value, dict):
        if value and set(value) <= languages and all(isinstance(v, str) for v in value.values()):
            return {lang: _expand_text(text, file, path + (lang,), lang, glossary, reading) for lang, text in value.items()}
        return {key: _expand(item, file, path + (key,), glossary, languages, reading) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, file, path + (i,), glossary, languages, reading) for i, item in enumerate(value)]
    return value


def _expand_text(text: str, file: str, path: Path, lang: str, glossary: Glossary, reading: Reading) -> str:
    unknown = [m.group(2) for m in REFERENCE.finditer(text) if m.group(2) not in glossary.entries]
    for term in unknown:
        known = sorted(glossary.entries)
        reading.problem(file, path, f"unknown glossary term '{term}'.", allowed=tuple(known), suggestion=did_you_mean(term, known),
                        fix="Write {term:ID} with an id of the glossary (data/glossary.yml), or add the term there.")
    if unknown:
        return text
    expanded = glossary.expand(text, lang)
    if len(text) <= MAX_TEXT < len(expanded):
        # Reported here, against the text as written: the writer never sees the expanded one.
        reading.problem(file, path, f"with its glossary terms written out, the '{lang}' text is {len(expanded):,} characters; "
                        f"a text is at most {MAX_TEXT:,}.", fix="Shorten the text, or the labels of the terms it names "
                        "in the glossary (data/glossary.yml).")
        return text
    return expanded


def glossary_of(documents: Mapping[str, object]) -> Glossary | None:
    """The glossary as written, its malformed parts left out (reading the model reports
    them, with their place); None without one."""
    entries, forms = None, {}
    for content in documents.values():
        if isinstance(content, dict):
            entries = content.get("glossary", entries)
            forms = content.get("term-forms", forms)
    if not isinstance(entries, list):
        return None
    languages = _language_ids(documents)
    glossary = Glossary({}, _forms(forms), languages[0] if languages else "en")
    for item in entries:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("label"), dict):
            labels = _strings(item["label"])
            kind, english = item.get("kind"), item.get("english")
            glossary.entries[item["id"]] = Entry(item["id"], kind if isinstance(kind, str) else "term", labels,
                                                 english if isinstance(english, str) else "first")
    return glossary


def _forms(forms: object) -> dict[str, dict[str, str]]:
    return {form: _strings(texts) for form, texts in forms.items() if isinstance(texts, dict)} if isinstance(forms, dict) else {}


def _strings(texts: dict) -> dict[str, str]:
    return {lang: text for lang, text in texts.items() if isinstance(lang, str) and isinstance(text, str)}


def glossary_from(programme) -> Glossary:
    """The glossary of a loaded (validated) programme."""
    entries = {t.id: Entry(t.id, t.kind, dict(t.label.values), t.english) for t in programme.glossary}
    forms = {form: dict(text.values) for form, text in programme.term_forms.items()}
    return Glossary(entries, forms, programme.languages[0].id)


def _language_ids(documents: Mapping[str, object]) -> list[str]:
    for content in documents.values():
        if isinstance(content, dict) and isinstance(content.get("languages"), list):
            return [lang["id"] for lang in content["languages"] if isinstance(lang, dict) and isinstance(lang.get("id"), str)]
    return []
