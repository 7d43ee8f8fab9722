"""Page prose translations: content/<lang>/X.md is a translation of content/X.md.

Like data strings, each translated page is recorded with the source page it was made
from (page-translations.yml beside mkdocs.yml: its hash and its text, so a report can
show the change). When the source page changes, the translation is stale until it is
updated and accepted (`python -m checker i18n --accept LANG 'page X.md'`). Pages are
named `page <path in the language folder>`, beside the data strings' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.problems import AnswerError, did_you_mean
from checker.translations import source_hash
from sitebuild.pages.render import without_code
from sitebuild.pages.languages import pages_of

RECORDS = "page-translations.yml"
CODE_LEFT_OUT = re.compile("\x00guide-code-\\d+\x00\n*")  # without_code's placeholders, and the lines they keep
HEADER = """\
# Written by `python -m checker i18n --accept LANG 'page X.md'`; do not edit by hand.
# For each translated page (content/<lang>/X.md): the source page (content/X.md) it was
# translated from, and a short hash of it. A changed source page makes it stale.
"""


def prose_hash(page: str) -> str:
    """The hash of what a translator translates: the page without its code blocks and
    inline code (commands and their outputs, the same in every language)."""
    return source_hash(CODE_LEFT_OUT.sub("", without_code(page)))


@dataclass(frozen=True)
class PageState:
    lang: str
    page: str  # in the language's folder: 'writers/index.md'
    state: str  # complete, stale, missing or untracked (translated, never accepted)
    source_file: Path
    translation_file: Path
    old_source: str | None  # the source page as it was when the translation was accepted

    @property
    def key(self) -> str:
        return f"page {self.page}"

    @property
    def new_source(self) -> str:
        return self.source_file.read_text(encoding="utf-8")


def read_records(root: Path) -> dict[str, dict[str, dict]]:
    path = root / RECORDS
    if not path.is_file():
        return {}
    content = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10× faster
    return content.get("pages") or {}


def write_records(root: Path, records: dict[str, dict[str, dict]]) -> None:
    content = {"pages": {lang: dict(sorted(pages.items())) for lang, pages in sorted(records.items())}}
    text = yaml.dump(content, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=120)
    (root / RECORDS).write_text(HEADER + text, encoding="utf-8")


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line texts as literal blocks, so the records read like the pages."""


_BlockDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def page_states(root: Path, docs: Path, languages) -> list[PageState]:
    """One state per page of each non-source language (draft languages' missing pages included)."""
    others = {lang.id for lang in languages[1:]}
    source_pages = pages_of(docs, skip=others)
    records = read_records(root)
    states = []
    for language in languages[1:]:
        folder = docs / language.id
        for page in sorted(source_pages):
            record = records.get(language.id, {}).get(page)
            states.append(_state(language.id, page, docs / page, folder / page, record))
    return states


def _state(lang: str, page: str, source: Path, translation: Path, record: dict | None) -> PageState:
    old = record.get("source-text") if record else None
    if not translation.is_file():
        state = "missing"
    elif record is None:
        state = "untracked"
    elif record.get("hash") != prose_hash(source.read_text(encoding="utf-8")):
        state = "stale"
    else:
        state = "complete"
    return PageState(lang, page, state, source, translation, old)


def accept_pages(root: Path, docs: Path, languages, lang: str, keys: list[str], everything: bool) -> list[str]:
    """Record the named pages of `lang` ('page X.md', or every translated page) as
    translated from the current source pages; returns the data-string keys left over."""
    states = {s.key: s for s in page_states(root, docs, languages) if s.lang == lang and s.state != "missing"}
    named = list(states) if everything else [k for k in keys if k.startswith("page ")]
    named = [n for k in named for n in ([s for s in states if s.startswith(k[:-1])] if k.endswith("*") else [k])]
    records = read_records(root)
    for key in named:
        if key not in states:
            guess = did_you_mean(key, list(states))
            raise AnswerError(f"no translated '{lang}' page is named '{key}'" + (f"; did you mean '{guess}'?" if guess else ""), key)
        text = states[key].new_source
        records.setdefault(lang, {})[states[key].page] = {"hash": prose_hash(text), "source-text": text}
    if named:
        write_records(root, records)
    return [k for k in keys if not k.startswith("page ")]
