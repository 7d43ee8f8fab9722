"""The decision table: every answer path and its outcome, one line each, stable for diffs."""

from __future__ import annotations

from checker.outcome import Outcome
from checker.paths import AnswerPath


def outcome_cells(outcome: Outcome) -> dict[str, str]:
    cells = {benefit: str(value) for benefit, value in outcome.entitlements.items()}
    cells["route"] = outcome.route.id if outcome.route else "-"
    cells["alternatives"] = ",".join(r.id for r in outcome.alternatives) or "-"
    cells["notices"] = ",".join(sorted(n.id for n in outcome.notices)) or "-"
    return cells


def text_table(rows: list[tuple[AnswerPath, Outcome]]) -> str:
    lines = []
    for path, outcome in rows:
        cells = " ".join(f"{k}={v}" for k, v in outcome_cells(outcome).items())
        lines.append(f"{path.describe()}  ->  {cells}")
    return "\n".join(lines)


def markdown_table(rows: list[tuple[AnswerPath, Outcome]]) -> str:
    if not rows:
        return ""
    headers = ["answers", *outcome_cells(rows[0][1])]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for path, outcome in rows:
        lines.append("| " + " | ".join([path.describe(), *outcome_cells(outcome).values()]) + " |")
    return "\n".join(lines)
