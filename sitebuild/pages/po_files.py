"""Translators' files: the texts to translate as a PO file, and back (polib).

Export writes, for one language, every text that is new (missing), changed (stale)
or never accepted, data strings and pages alike (`--all`: every text):

    #. Keep the placeholders {count} as they are.        (what must not change)
    #: data/strings.yml:12                               (where the text is defined)
    #, fuzzy, python-brace-format                        (fuzzy: the source changed)
    #| msgid "the source when it was last translated"
    msgctxt "strings.yml strings.incidents"              (the text's name)
    msgid "the source now"
    msgstr "the current translation"

A page is one entry (`msgctxt "page X.md"`), its macro calls and code to be kept as
they are. Import reads back every entry a translator filled in and confirmed (not
fuzzy), checks that its source is still current, that placeholders, macro calls and
code are intact and that no markup was added, then writes the texts into the data
files (sitebuild/source/yaml_edit.py) and pages, and accepts them. Any problem: nothing is
written, and every problem is named with the PO file's line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

from checker.problems import DataErrors, Problem
from checker.translations import accepted_records, translation_status
from sitebuild.pages.page_translations import accept_pages, page_states
from sitebuild.pages.render import prose_of
from sitebuild.source.translation_records import records_of, write_records
from sitebuild.source.yaml_edit import set_texts

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>")
KEEP_PLACEHOLDERS = "Keep the placeholders {} as they are."
KEEP_MACROS = "A page in Markdown: keep every {{ ... }} macro call, code block and link target as they are."


def export_po(programme, locate, lang: str, target: Path, root: Path | None, docs: Path | None, everything: bool = False) -> int:
    """Write `lang`'s texts to translate into `target`; returns how many. `locate`
    (checker.loading.locator) gives each text's line."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": "partner-support-guide", "Language": lang,
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    source = programme.languages[0].id
    status = next(s for s in translation_status(programme) if s.lang == lang)
    chosen = status.missing + status.stale + status.untracked
    if everything:
        chosen = list(programme.texts)
    stale = {e.key for e in status.stale}
    for entry in sorted(chosen, key=lambda e: e.key):
        po.append(_string_entry(programme, entry, source, lang, entry.key in stale, locate))
    for state in page_states(root, docs, programme.languages) if root and docs else []:
        if state.lang == lang and (everything or state.state != "complete"):
            po.append(_page_entry(state, root))
    po.save(str(target))
    return len(po)


def _string_entry(programme, entry, source: str, lang: str, stale: bool, locate) -> polib.POEntry:
    text = entry.text.values.get(source, "")
    record = programme.translations.get(lang, {}).get(entry.key)
    placeholders = sorted(set(PLACEHOLDER.findall(text)))
    line = (locate(entry.file, (*entry.path, source)) or (0, 0))[0]  # the source text's own line, where a translator looks
    po_entry = polib.POEntry(msgctxt=entry.key, msgid=text, msgstr=entry.text.values.get(lang, ""),
                             occurrences=[(entry.file, str(line))] if line else [(entry.file, "")],
                             comment=KEEP_PLACEHOLDERS.format(" ".join(placeholders)) if placeholders else "",
                             flags=(["fuzzy"] if stale else []) + (["python-brace-format"] if placeholders else []))
    if stale and record and record.source_text is not None:
        po_entry.previous_msgid = record.source_text
    return po_entry


def _page_entry(state, root: Path) -> polib.POEntry:
    translation = state.translation_file.read_text(encoding="utf-8") if state.translation_file.is_file() else ""
    po_entry = polib.POEntry(msgctxt=state.key, msgid=state.new_source, msgstr=translation, comment=KEEP_MACROS,
                             occurrences=[(state.translation_file.relative_to(root).as_posix(), "1")],
                             flags=["fuzzy"] if state.state == "stale" else [])
    if state.state == "stale" and state.old_source is not None:
        po_entry.previous_msgid = state.old_source
    return po_entry


@dataclass(frozen=True)
class Imported:
    key: str
    text: str


def import_po(programme, lang: str, source: Path, folder: Path, root: Path | None, docs: Path | None) -> list[str]:
    """Write every confirmed translation of `source` into the data and pages, and accept it."""
    po = polib.pofile(str(source))
    texts = {entry.key: entry for entry in programme.texts}
    pages = {s.key: s for s in page_states(root, docs, programme.languages) if s.lang == lang} if root and docs else {}
    base = programme.languages[0].id
    problems, strings, page_texts = [], [], []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr.strip():
            continue
        place = (str(source), (entry.msgctxt or "(no msgctxt)",), entry.linenum)
        if entry.msgctxt in texts:
            current = texts[entry.msgctxt].text.values.get(base, "")
            problems += _string_problems(entry, current, place)
            strings.append(Imported(entry.msgctxt, entry.msgstr))
        elif entry.msgctxt in pages:
            problems += _page_problems(entry, pages[entry.msgctxt].new_source, place)
            page_texts.append(Imported(entry.msgctxt, entry.msgstr))
        else:
            problems.append(_problem(place, "no such text or page in the project (renamed or removed since the export?)."))
    if problems:
        raise DataErrors(problems)
    _write_strings(programme, lang, strings, texts, folder)
    for item in page_texts:
        pages[item.key].translation_file.write_text(item.text, encoding="utf-8")
    if page_texts:
        accept_pages(root, docs, programme.languages, lang, [p.key for p in page_texts], False)
    return [item.key for item in strings + page_texts]


def _problem(place: tuple, message: str, fix: str = "") -> Problem:
    file, path, line = place
    return Problem(file, path, message, fix=fix, position=(line, 1))


def _string_problems(entry: polib.POEntry, current: str, place: tuple) -> list[Problem]:
    problems = []
    if entry.msgid != current:
        problems.append(_problem(place, "its source text changed since the export.", "Export again and translate the new text."))
    if sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(PLACEHOLDER.findall(current)):
        problems.append(_problem(place, f"placeholders {sorted(set(PLACEHOLDER.findall(entry.msgstr)))} differ from the "
                                        f"source's {sorted(set(PLACEHOLDER.findall(current)))}.", "Keep exactly the source's placeholders."))
    if MARKUP.search(entry.msgstr) and not MARKUP.search(current):
        problems.append(_problem(place, f"markup '{MARKUP.search(entry.msgstr).group()}' in a plain text.",
                                 "Data texts are plain text: write the words only."))
    return problems


def _page_problems(entry: polib.POEntry, current: str, place: tuple) -> list[Problem]:
    problems = []
    if entry.msgid != current:
        problems.append(_problem(place, "the source page changed since the export.", "Export again and translate the new page."))
    # A macro written in code is an example, translated like the words around it.
    calls, source_calls = MACRO.findall(prose_of(entry.msgstr)), MACRO.findall(prose_of(current))
    if Counter(calls) != Counter(source_calls):
        missing = sorted(set(source_calls) - set(calls))
        problems.append(_problem(place, "the macro calls differ from the source page's" + (f"; missing: {', '.join(missing)}" if missing else "") + ".",
                                 "Keep every {{ ... }} exactly as in the source page."))
    if len(FENCE.findall(entry.msgstr)) != len(FENCE.findall(current)):
        problems.append(_problem(place, "the code blocks differ from the source page's.", "Keep every ``` block as it is."))
    added = set(MARKUP.findall(entry.msgstr)) - set(MARKUP.findall(current))
    if added:
        problems.append(_problem(place, f"markup the source page does not have: {', '.join(sorted(added))}.", "Remove it."))
    return problems


def _write_strings(programme, lang: str, strings: list[Imported], texts: dict, folder: Path) -> None:
    by_file: dict[str, list] = {}
    for item in strings:
        entry = texts[item.key]
        by_file.setdefault(entry.file, []).append((entry.path, lang, item.text))
    for file, changes in by_file.items():
        set_texts(folder / Path(file).name, changes)
    if strings:
        from checker import load
        from sitebuild.source.yaml_source import read_data_dir

        updated = load(*read_data_dir(folder), allow_stale=True)
        records = accepted_records(updated, lang, [item.key for item in strings])
        write_records(folder / "translations.yml", {**records_of(updated), lang: records})
