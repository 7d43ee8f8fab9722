"""`python -m checker i18n`: per language, what is complete, missing, stale or never
accepted, in the data strings and in the page prose, with old → new source for each
stale one; records of texts that no longer exist; page strings no page asks for."""

from __future__ import annotations

import difflib
from pathlib import Path

from checker.translations import translation_status
from sitebuild.pages.page_translations import page_states

DIFF_LINES = 12  # of a stale page's source change, shown in the report


def print_report(programme, locate, root: Path | None, docs: Path | None, unused: list[str], out) -> bool:
    """Prints the report; True when a complete language has a missing or stale text or page."""
    pages = page_states(root, docs, programme.languages) if root and docs else []
    failing = False
    records_file = programme.files.get("translations", "data/translations.yml")
    for status in translation_status(programme):
        print(f"{status.lang} ({status.status}): {status.complete} complete, {len(status.missing)} missing, "
              f"{len(status.stale)} stale, {len(status.untracked)} not yet accepted", file=out)
        for kind, entries in (("missing", status.missing), ("stale", status.stale), ("not yet accepted", status.untracked)):
            for entry in entries:
                where = entry.path if kind == "missing" else entry.path + (status.lang,)
                line, column = locate(entry.file, where) or (0, 0)
                print(f"  {entry.file}:{line}:{column}: {kind}: {entry.key}", file=out)
                if kind == "stale":
                    record = programme.translations[status.lang][entry.key]
                    print(f"      was: {record.source_text if record.source_text is not None else '(not recorded)'}", file=out)
                    print(f"      now: {entry.text.values[programme.languages[0].id]}", file=out)
        for key in status.orphans:
            line, column = locate(records_file, ("translations", status.lang, key)) or (0, 0)
            print(f"  {records_file}:{line}:{column}: orphan record: {key} (no such text any more; the next --accept drops it)", file=out)
        own = [p for p in pages if p.lang == status.lang]
        failing |= status.status == "complete" and bool(status.missing or status.stale or
                                                        any(p.state in ("missing", "stale") for p in own))
        if own:
            _print_pages(own, root, out)
    if unused:
        print(f"unused page strings (no page asks for them): {', '.join(unused)}", file=out)
    return failing


def _print_pages(states, root: Path, out) -> None:
    counts = {kind: sum(1 for s in states if s.state == kind) for kind in ("complete", "missing", "stale", "untracked")}
    print(f"{states[0].lang} pages: {counts['complete']} complete, {counts['missing']} missing, {counts['stale']} stale, "
          f"{counts['untracked']} not yet accepted", file=out)
    for state in states:
        if state.state == "complete":
            continue
        kind = "not yet accepted" if state.state == "untracked" else state.state
        shown = state.translation_file.relative_to(root).as_posix()
        print(f"  {shown}: {kind}: {state.key}", file=out)
        if state.state == "stale":
            for line in source_change(state.old_source, state.new_source):
                print(f"      {line}", file=out)


def source_change(old: str | None, new: str) -> list[str]:
    """The changed lines of a source page (old → new), at most DIFF_LINES of them."""
    if old is None:
        return ["(the old source page is not recorded)"]
    lines = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
             if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return lines[:DIFF_LINES] + ([f"... {len(lines) - DIFF_LINES} more changed lines"] if len(lines) > DIFF_LINES else [])
