"""Entry points for the in-page widget's Web Worker (Pyodide): JSON text in, JSON text out.

Only strings cross the JavaScript/Python boundary, so no proxy is created per call
(cheaper, nothing to free) and the interpreter's memory can be snapshotted after
`start`, with the validated programme already in it.
"""

from __future__ import annotations

import json

from checker.engine import evaluate
from checker.loading import load
from checker.model import Programme
from checker.problems import AnswerError

_programme: Programme | None = None


def start(data_text: str) -> str:
    """Validate and keep the data the site build wrote (checker-data.json)."""
    global _programme
    data = json.loads(data_text)
    # The build refused stale translations already; hashing every text again would be
    # most of the browser's start (the version check below still covers the content).
    _programme = load(data["documents"], data.get("locations"), allow_stale=True)
    if data.get("version") and data["version"] != _programme.version:
        raise ValueError(f"data version {data['version']} differs from its content's {_programme.version}")
    return json.dumps({"version": _programme.version})


def version() -> str:
    """The loaded rules version ('' before `start`): tells a restored snapshot is usable."""
    return _programme.version if _programme else ""


def evaluate_json(answers_text: str, lang: str) -> str:
    """The contract's result for `answers_text` ({question: option or [options]}),
    or {"error", "question", "value"} when an id is unknown."""
    try:
        return json.dumps(evaluate(_loaded(), json.loads(answers_text), lang), ensure_ascii=False)
    except AnswerError as error:
        return json.dumps({"error": str(error), "question": error.key, "value": error.value}, ensure_ascii=False)


def evaluate_batch(items_text: str) -> str:
    """Many evaluations in one call ([{answers, lang}] in, list of results out): tests
    compare every answer path with CPython without a message round trip per path."""
    items = json.loads(items_text)
    return "[" + ",".join(evaluate_json(json.dumps(item["answers"]), item["lang"]) for item in items) + "]"


def _loaded() -> Programme:
    if _programme is None:
        raise RuntimeError("checker.browser.start() has not been called")
    return _programme
