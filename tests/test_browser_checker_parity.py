"""The page's worker (Pyodide) and CPython give the same result for every answer path.

Every path the proof enumerates, in every language, goes to the real page's worker in
batches (through the engine module the page itself uses: importing its URL again
returns the same instance), and the whole result JSON is compared with `evaluate`.
A sample of paths is also answered by clicking.
"""

from __future__ import annotations

import json

import pytest

from checker import evaluate
from checker.index import index_of
from sitebuild.rules.proof import prove
from tests.test_browser_checker import answer, as_json, expect_result, open_checker

BATCH = 250


def all_answers(programme) -> list[dict[str, list[str]]]:
    rows = prove(index_of(programme)).rows
    return [{q: sorted(options) for q, options in path.answers.items()} for path, _ in rows]


def batch_in_page(page, base_url: str, items: list[dict]) -> list[dict]:
    text = page.evaluate("""([url, items]) =>
        import(url).then(m => m.engineFor(document.getElementById("checker-widget")).batch(items))""",
                         [base_url + "assets/checker/engine.js", items])
    return json.loads(text)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_path_gives_the_cpython_result_in_the_worker(browser, base_url, programme, lang) -> None:
    paths = all_answers(programme)
    context = browser.new_context(bypass_csp=True)  # see test_browser_checker.context
    try:
        page = open_checker(context, base_url, lang)
        mismatches, compared = [], 0
        for start in range(0, len(paths), BATCH):
            chunk = paths[start:start + BATCH]
            results = batch_in_page(page, base_url, [{"answers": a, "lang": lang} for a in chunk])
            for answers, result in zip(chunk, results, strict=True):
                compared += 1
                if result != as_json(evaluate(programme, answers, lang)):
                    mismatches.append(answers)
        assert compared == len(paths) > 1000
        assert mismatches == [], f"{len(mismatches)} of {compared} paths differ, first: {mismatches[0]}"
        print(f"checker parity ({lang}): {compared} paths identical in the worker and CPython")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_sample_of_paths_answered_by_clicking(browser, base_url, programme, lang) -> None:
    paths = all_answers(programme)
    sample = paths[:: max(1, len(paths) // 6)][:6]
    context = browser.new_context(bypass_csp=True)  # see test_browser_checker.context
    try:
        page = open_checker(context, base_url, lang)
        for answers in sample:
            page.click("#checker-reset")
            given: dict[str, list[str]] = {}
            for question in [q.id for q in programme.questions if q.id in answers]:
                answer(page, question, answers[question])
                given[question] = answers[question]
                expect_result(page, programme, given, lang)
            assert json.loads(page.get_attribute("#checker-result", "data-result"))["complete"]
    finally:
        context.close()
