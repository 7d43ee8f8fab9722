"""The ten personas of tests/personas.yml, clicked in Chromium as a reader would: each
answer in the order asked, then an answer changed and changed back through its change
link, Back and Forward, the printout read back from a PDF, and the language switch,
which keeps the answers; in English and in Japanese, what the reader sees is what the
persona expects (route, alternatives, notices, the summary's first sentence)."""

from __future__ import annotations

import pytest

from checker import evaluate
from checker.problems import AnswerError

from tests.test_browser_checker import answer, expect_result, open_checker, shown_result
from tests.test_browser_widget_habits import open_switcher, printed_text, squeezed
from sitebuild.source.scenarios import first_sentence
from tests.test_personas import PERSONAS


def shown(page) -> dict:
    """What the reader sees: the route and alternatives blocks, the notices in order, the summary."""
    return {
        "route": page.get_attribute("#checker-result-body .checker-route", "data-route"),
        "alternatives": page.eval_on_selector_all(".checker-alternative", "els => els.map(e => e.dataset.route)"),
        "notices": page.eval_on_selector_all(".checker-notice", "els => els.map(e => e.dataset.notice)"),
        "summary": page.inner_text("#checker-summary"),
    }


def assert_sees(page, persona: dict, lang: str) -> None:
    expect = persona["expect"]
    seen = shown(page)
    assert (seen["route"], seen["alternatives"], seen["notices"]) == (
        expect["route"], expect["alternatives"], expect["notices"]), persona["name"]
    assert first_sentence(seen["summary"], lang) == expect["first-sentence"][lang]
    printed = squeezed(printed_text(page))
    assert squeezed(expect["first-sentence"][lang]) in printed, "the printout leads with the same sentence"
    detail = shown_result(page)["route_detail"]
    assert squeezed(detail["name"]) in printed and (not detail["url"] or detail["url"] in printed)


def possible(programme, answers: dict) -> bool:
    try:
        evaluate(programme, answers)
    except AnswerError:
        return False
    return True


def change_and_change_back(page, programme, answers: dict, lang: str) -> None:
    """Through "Your answers": the first answer to another option, then back again."""
    question = next(iter(answers))
    other = next(o.id for o in programme.questions[0].choices if o.id != answers[question] and possible(programme, {**answers, question: o.id}))
    page.click(f"#checker-answers .checker-change[data-question={question}]")
    answer(page, question, other)
    expect_result(page, programme, {**answers, question: other}, lang)
    answer(page, question, answers[question])
    expect_result(page, programme, answers, lang)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["name"] for p in PERSONAS])
def test_persona_in_the_browser(warm_context, base_url, programme, persona) -> None:
    answers = persona["answers"]
    page = open_checker(warm_context, base_url, "en")
    given: dict = {}
    for question, value in answers.items():
        answer(page, question, value)
        given[question] = value
        expect_result(page, programme, given, "en")
    assert_sees(page, persona, "en")
    change_and_change_back(page, programme, answers, "en")
    last = list(answers)[-1]
    page.go_back()  # the changed answer (changed back: the same answers), then the last answer
    page.go_back()
    expect_result(page, programme, {q: v for q, v in answers.items() if q != last}, "en")
    page.go_forward()
    page.go_forward()
    expect_result(page, programme, answers, "en")
    open_switcher(page, "ja")
    page.wait_for_selector("#checker-widget[data-checker-mounted=true]", state="attached")
    expect_result(page, programme, answers, "ja")
    assert_sees(page, persona, "ja")
    assert page.checker_errors == []


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("persona", [PERSONAS[0], PERSONAS[-1]], ids=[PERSONAS[0]["name"], PERSONAS[-1]["name"]])
def test_persona_on_a_phone(browser, base_url, programme, persona) -> None:
    """At 390 px, in Japanese: the same answers give what the persona expects, and no
    part of the page needs sideways scrolling."""
    context = browser.new_context(**PHONE, bypass_csp=True)  # Playwright waits with eval; the CSP tests run without it
    try:
        page = open_checker(context, base_url, "ja")
        given: dict = {}
        for question, value in persona["answers"].items():
            answer(page, question, value)
            given[question] = value
        expect_result(page, programme, given, "ja")
        seen, expect = shown(page), persona["expect"]
        assert (seen["route"], seen["alternatives"], seen["notices"]) == (expect["route"], expect["alternatives"], expect["notices"])
        assert first_sentence(seen["summary"], "ja") == expect["first-sentence"]["ja"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
        assert page.checker_errors == []
    finally:
        context.close()
