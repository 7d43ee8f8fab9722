"""A synthetic programme k times the size of the real data, for the scale benchmark.

Every tier, competency and string is copied k times; each tier copy brings its own
extra question and notice (asked only for that tier), so the data grows k-fold while
the rules stay provable. `explode=True` instead asks every extra question on every
path, which multiplies the answer paths and must hit the proof's limit.
"""

from __future__ import annotations

import copy


def scaled(documents: dict, k: int, explode: bool = False) -> dict:
    docs = copy.deepcopy(documents)
    find = {key: file for file, content in docs.items() for key in (content or {})}
    find |= {name: file for file, content in docs.items() for name in (content or {}).get("option-sets", {})}
    tiers = docs[find["tiers"]]["option-sets"]["tiers"]
    base_tiers = list(tiers)
    for n in range(2, k + 1):
        tiers += [_renamed(tier, n) for tier in base_tiers if tier["id"] != "none"]
        docs[find["competencies"]]["option-sets"]["competencies"] += [
            _renamed(c, n) for c in documents[find["competencies"]]["option-sets"]["competencies"]]
        strings = docs[find["strings"]]["strings"]
        strings.update({f"{key}-copy-{n}": copy.deepcopy(text) for key, text in documents[find["strings"]]["strings"].items()})
        _add_extra_question(docs, find, n, explode)
    _extend_tier_tests(docs, k)
    return docs


def _extend_tier_tests(value: object, k: int) -> None:
    """A rule about tier X also applies to X's copies, so copies behave like their originals."""
    if isinstance(value, dict):
        if value.get("question") == "membership" and ("is" in value or "in" in value):
            named = [value.pop("is")] if "is" in value else value["in"]
            if not any("-copy-" in t for t in named):
                value["in"] = named + [f"{t}-copy-{n}" for t in named if t != "none" for n in range(2, k + 1)]
        for item in value.values():
            _extend_tier_tests(item, k)
    elif isinstance(value, list):
        for item in value:
            _extend_tier_tests(item, k)


def _renamed(record: dict, n: int) -> dict:
    record = copy.deepcopy(record)
    record["id"] = f"{record['id']}-copy-{n}"
    record["name"] = {lang: f"{text} ({n})" for lang, text in record["name"].items()}
    return record


def _add_extra_question(docs: dict, find: dict, n: int, explode: bool) -> None:
    question = {
        "id": f"extra-{n}",
        "text": {"en": f"Extra question {n}?", "ja": f"追加の質問 {n}?"},
        "options": [{"id": "yes", "name": {"en": "Yes", "ja": "はい"}}, {"id": "no", "name": {"en": "No", "ja": "いいえ"}}],
    }
    copies = {"question": "membership", "in": [f"gold-copy-{n}", f"silver-copy-{n}"]}
    if not explode:
        question["ask-when"] = copies
    docs[find["questions"]]["questions"].append(question)
    labels = docs[find["page-strings"]]["page-strings"]
    labels[f"question-extra-{n}"] = {"en": f"Extra {n}", "ja": f"追加 {n}"}
    labels[f"notice-extra-notice-{n}"] = {"en": f"Extra notice {n}", "ja": f"追加のお知らせ {n}"}
    docs[find["notices"]]["notices"].append({
        "id": f"extra-notice-{n}", "level": "info", "section": "overview",
        "text": {"en": f"Extra notice {n}.", "ja": f"追加のお知らせ {n}。"},
        "when": {"question": f"extra-{n}", "is": "yes"} if explode else {"all": [copies, {"question": f"extra-{n}", "is": "yes"}]},
    })
