"""What a data change does, for a reviewer: records, texts and readers' answers.

Three parts, each left out when empty:

- records added and removed (questions and their options, option sets and theirs,
  notices, routes, ...), each with its file:line;
- texts changed, per language, old → new, with file:line;
- answers: every answer path of either version is answered by both versions, and the
  paths whose outcome changes the same way are grouped, each group described by the
  answers all its paths share, so one changed cell reads as one line:

    <question>: <answer> + <question>: <answer>: <benefit> <old> → <new> (<count> paths)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from checker.engine import evaluate
from checker.index import index_of
from checker.model import Programme
from checker.paths import AnswerPath, choices, option_groups
from checker.problems import AnswerError
from sitebuild.rules.proof import prove
from sitebuild.rules.outcome_table import outcome_cells

Locate = Callable[[str, tuple], "tuple[int, int] | None"]
RECORDS = {"questions": "question", "notices": "notice", "routes": "route", "benefits": "benefit", "facts": "fact",
           "classes": "class", "sections": "section", "procedures": "procedure", "languages": "language"}
NAMED = {"page_strings": ("page-strings", "page string"), "strings": ("strings", "checker string")}


@dataclass(frozen=True)
class Change:
    where: str  # the answers every path of the group shares, in words
    what: str  # e.g. "route paid-support → partner-center-csp"
    paths: int


@dataclass
class Diff:
    records: list[str] = field(default_factory=list)  # "+ option of set 'competencies': 'x' (data/competencies.yml:26:7)"
    texts: dict[str, list[str]] = field(default_factory=dict)  # language -> "file:line: key: 'old' → 'new'"
    answers: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.records or self.texts or self.answers)


def diff_all(old: Programme, new: Programme, locate_old: Locate, locate_new: Locate) -> Diff:
    return Diff(record_changes(old, new, locate_old, locate_new), text_changes(old, new, locate_new), diff_programmes(old, new))


# --- records ---------------------------------------------------------------------------

def record_changes(old: Programme, new: Programme, locate_old: Locate, locate_new: Locate) -> list[str]:
    lines = []
    for key, kind in RECORDS.items():
        lines += _id_changes(kind, _ids(old, key), _ids(new, key), locate_old, locate_new)
    for question in new.questions:
        before = next((q for q in old.questions if q.id == question.id), None)
        if before is not None:
            lines += _id_changes(f"option of question '{question.id}':", _option_ids(old, before), _option_ids(new, question),
                                 locate_old, locate_new)
    for attribute, (key, kind) in NAMED.items():
        lines += _id_changes(kind, _keys(old, attribute, key), _keys(new, attribute, key), locate_old, locate_new)
    lines += _id_changes("option set", _sets(old), _sets(new), locate_old, locate_new)
    for name in new.option_sets:
        if name in old.option_sets:
            lines += _id_changes(f"option of set '{name}':", _set_options(old, name), _set_options(new, name), locate_old, locate_new)
    return lines


def _sets(programme: Programme) -> dict[str, tuple[str, tuple]]:
    return {name: (programme.files.get(f"option-sets.{name}", ""), ("option-sets", name)) for name in programme.option_sets}


def _set_options(programme: Programme, name: str) -> dict[str, tuple[str, tuple]]:
    file = programme.files.get(f"option-sets.{name}", "")
    return {o.id: (file, ("option-sets", name, i)) for i, o in enumerate(programme.option_sets[name])}


def _ids(programme: Programme, key: str) -> dict[str, tuple[str, tuple]]:
    file = programme.files.get(key, "")
    return {record.id: (file, (key, i)) for i, record in enumerate(getattr(programme, key))}


def _option_ids(programme: Programme, question) -> dict[str, tuple[str, tuple]]:
    index = next(i for i, q in enumerate(programme.questions) if q.id == question.id)
    file = programme.files.get("questions", "")
    return {o.id: (file, ("questions", index, "options", i)) for i, o in enumerate(question.options)}


def _keys(programme: Programme, attribute: str, key: str) -> dict[str, tuple[str, tuple]]:
    file = programme.files.get(key, "")
    return {name: (file, (key, name)) for name in getattr(programme, attribute)}


def _id_changes(kind: str, before: dict, after: dict, locate_old: Locate, locate_new: Locate) -> list[str]:
    added = [f"+ {kind} '{i}' ({_place(*after[i], locate_new)})" for i in after if i not in before]
    removed = [f"- {kind} '{i}' (was {_place(*before[i], locate_old)})" for i in before if i not in after]
    return added + removed


def _place(file: str, path: tuple, locate: Locate) -> str:
    position = locate(file, path)
    return f"{file}:{position[0]}:{position[1]}" if position else file


# --- texts -----------------------------------------------------------------------------

def text_changes(old: Programme, new: Programme, locate_new: Locate) -> dict[str, list[str]]:
    before = {entry.key: entry for entry in old.texts}
    changes: dict[str, list[str]] = {}
    for entry in new.texts:
        was = before.get(entry.key)
        if was is None:
            continue
        for lang in [language.id for language in new.languages]:
            a, b = was.text.values.get(lang), entry.text.values.get(lang)
            if a != b:
                where = _place(entry.file, entry.path + ((lang,) if b is not None else ()), locate_new)
                changes.setdefault(lang, []).append(f"{where}: {entry.key}: {_quote(a)} → {_quote(b)}")
    return changes


def _quote(text: str | None) -> str:
    return "(none)" if text is None else '"' + text.replace('"', '\\"') + '"'


# --- answers ---------------------------------------------------------------------------

def diff_programmes(old: Programme, new: Programme) -> list[Change]:
    """Every answer path of either version, answered by both, grouped by change."""
    groups: dict[str, list[AnswerPath]] = defaultdict(list)
    before = {path.describe(): (path, outcome_cells(outcome)) for path, outcome in prove(index_of(old)).rows}
    after = {path.describe(): (path, outcome_cells(outcome)) for path, outcome in prove(index_of(new)).rows}
    for key, (path, cells) in after.items():
        was = before[key][1] if key in before else _cells_in(old, path)  # the same path, or its answers asked again
        if was is None:
            groups["new answer path"].append(path)
        elif was != cells:
            groups[_describe_change(was, cells)].append(path)
    for key, (path, _) in before.items():
        if key not in after and _cells_in(new, path) is None:
            groups["answer path removed"].append(path)
    names = _names(new, old)
    widths = _widths(new)
    return [Change(_common_answers(paths, names, widths), what, len(paths)) for what, paths in groups.items()]


def _cells_in(programme: Programme, path: AnswerPath) -> dict[str, str] | None:
    """The outcome of `path`'s answers in `programme`, or None when it cannot answer them
    completely (an option it does not have, a question it asks that the path lacks)."""
    answers = {question: ",".join(sorted(options)) for question, options in path.answers.items()}
    try:
        result = evaluate(programme, answers)
    except AnswerError:
        return None
    if not result["complete"]:
        return None
    cells = {benefit: str(value) for benefit, value in result["entitlements"].items()}
    cells["route"] = result["route"] or "-"
    cells["alternatives"] = ",".join(result["alternatives"]) or "-"  # as outcome_cells writes them
    cells["notices"] = ",".join(sorted(result["notices"])) or "-"
    return cells


def _widths(programme: Programme) -> dict[str, int]:
    """How many distinct answers each question has in the enumeration."""
    groups = option_groups(index_of(programme))
    return {q.id: len(choices(q, groups[q.id])) for q in programme.questions}


def _describe_change(old: dict[str, str], new: dict[str, str]) -> str:
    parts = []
    for field_name in sorted(set(old) | set(new)):
        a, b = old.get(field_name, "-"), new.get(field_name, "-")
        if a == b:
            continue
        if field_name == "notices":
            added = sorted(set(b.split(",")) - set(a.split(",")) - {"-"})
            removed = sorted(set(a.split(",")) - set(b.split(",")) - {"-"})
            parts.append("notices " + " ".join([f"+{n}" for n in added] + [f"-{n}" for n in removed]))
        else:
            parts.append(f"{field_name} {a} → {b}")
    return "; ".join(parts)


def _names(*programmes: Programme) -> dict[tuple[str, str], str]:
    """(question, option or class id) -> its name in the source language, for describing groups."""
    names: dict[tuple[str, str], str] = {}
    for programme in programmes:
        source = programme.languages[0].id
        classes = {c.id: c.name.get(source) for c in programme.classes}
        for question in programme.questions:
            for option in question.choices:
                names.setdefault((question.id, option.id), option.name.get(source))
                if option.class_:
                    names.setdefault((question.id, option.class_), classes.get(option.class_, option.class_))
    return names


def _common_answers(paths: list[AnswerPath], names: dict[tuple[str, str], str], widths: dict[str, int]) -> str:
    """The answers that set the group apart: those every path gives, or a few alternatives."""
    seen: dict[str, set[tuple[str, ...]]] = {}
    for path in paths:
        for question, groups in path.steps:
            seen.setdefault(question, set()).add(tuple(sorted(g.label for g in groups)))
    words = []
    for question, answers in seen.items():
        on_every_path = all(any(q == question for q, _ in path.steps) for path in paths)
        if on_every_path and len(answers) < widths.get(question, len(answers) + 1):
            words.append(f"{question}: " + " or ".join(" & ".join(names.get((question, label), label) for label in answer)
                                                       for answer in sorted(answers)))
    return " + ".join(words) or "every path"


# --- output ----------------------------------------------------------------------------

def format_text(diff: Diff) -> str:
    if diff.empty:
        return "no change"
    lines = []
    if diff.records:
        lines += ["records:"] + [f"  {line}" for line in diff.records]
    for lang, changes in diff.texts.items():
        lines += [f"texts ({lang}):"] + [f"  {line}" for line in changes]
    if diff.answers:
        lines += ["answers:"] + [f"  {c.where}: {c.what} ({c.paths} path{'s' if c.paths != 1 else ''})" for c in diff.answers]
    return "\n".join(lines)


def format_markdown(diff: Diff) -> str:
    if diff.empty:
        return "No change to the records, the texts or any answer path."
    parts = []
    if diff.records:
        parts.append("### Records\n\n" + "\n".join(f"- {_md(line)}" for line in diff.records))
    for lang, changes in diff.texts.items():
        parts.append(f"### Texts ({lang})\n\n" + "\n".join(f"- {_md(line)}" for line in changes))
    if diff.answers:
        rows = ["| answers | change | paths |", "|---|---|---:|"] + [f"| {_md(c.where)} | {_md(c.what)} | {c.paths} |" for c in diff.answers]
        parts.append("### Answers\n\n" + "\n".join(rows))
    return "\n\n".join(parts)


def _md(text: str) -> str:
    return text.replace("|", "\\|")
