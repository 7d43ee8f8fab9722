"""What a data change does to readers: the decision tables of two programmes compared.

Paths whose outcome changes the same way are grouped, and each group is described by
the answers all its paths share, so one changed cell reads as one line:

    <question>: <answer> + <question>: <answer>: <benefit> <old> → <new> (<count> paths)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from checker.index import index_of
from checker.model import Programme
from checker.paths import AnswerPath, choices, option_groups
from checker.proof import prove
from checker.table import outcome_cells


@dataclass(frozen=True)
class Change:
    where: str  # the answers every path of the group shares, in words
    what: str  # e.g. "route paid-support → partner-center-csp"
    paths: int


def diff_programmes(old: Programme, new: Programme) -> list[Change]:
    before = _table(old)
    after = _table(new)
    groups: dict[str, list[AnswerPath]] = defaultdict(list)
    for key, (path, cells) in after.items():
        if key not in before:
            groups["new answer path"].append(path)
        elif before[key][1] != cells:
            groups[_describe_change(before[key][1], cells)].append(path)
    for key, (path, _) in before.items():
        if key not in after:
            groups["answer path removed"].append(path)
    names = _names(new, old)
    widths = _widths(new)
    return [Change(_common_answers(paths, names, widths), what, len(paths)) for what, paths in groups.items()]


def _widths(programme: Programme) -> dict[str, int]:
    """How many distinct answers each question has in the enumeration."""
    groups = option_groups(index_of(programme))
    return {q.id: len(choices(q, groups[q.id])) for q in programme.questions}


def _table(programme: Programme) -> dict[str, tuple[AnswerPath, dict[str, str]]]:
    return {path.describe(): (path, outcome_cells(outcome)) for path, outcome in prove(index_of(programme)).rows}


def _describe_change(old: dict[str, str], new: dict[str, str]) -> str:
    parts = []
    for field in sorted(set(old) | set(new)):
        a, b = old.get(field, "-"), new.get(field, "-")
        if a == b:
            continue
        if field == "notices":
            added = sorted(set(b.split(",")) - set(a.split(",")) - {"-"})
            removed = sorted(set(a.split(",")) - set(b.split(",")) - {"-"})
            parts.append("notices " + " ".join([f"+{n}" for n in added] + [f"-{n}" for n in removed]))
        else:
            parts.append(f"{field} {a} → {b}")
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
        if on_every_path and len(answers) < widths[question]:
            words.append(f"{question}: " + " or ".join(" & ".join(names.get((question, label), label) for label in answer)
                                                       for answer in sorted(answers)))
    return " + ".join(words) or "every path"


def format_text(changes: list[Change]) -> str:
    if not changes:
        return "no change"
    return "\n".join(f"{c.where}: {c.what} ({c.paths} path{'s' if c.paths != 1 else ''})" for c in changes)


def format_markdown(changes: list[Change]) -> str:
    if not changes:
        return "No change to any answer path."
    rows = ["| answers | change | paths |", "|---|---|---:|"]
    rows += [f"| {c.where} | {c.what} | {c.paths} |" for c in changes]
    return "\n".join(rows)
