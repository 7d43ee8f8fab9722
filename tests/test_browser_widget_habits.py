"""What a reader of GOV.UK Smart Answers expects of the checker, in real Chromium: Back
goes one question back, a step line that tells the truth, "your answers" with change
links, links that survive hostile fragments, a printout that stands on its own, and a
language switch that keeps the answers."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from urllib.parse import urlsplit

import pytest

from checker.wording import Words
from tests.test_browser_checker import LANGS, answer, checked, expect_result, in_flow_order, open_checker


def go(page, fragment: str) -> None:
    """A new fragment in the open page, as a pasted link: no reload, the worker stays."""
    page.evaluate("(hash) => { location.hash = hash; }", fragment)


def warning(page) -> str:
    box = page.locator("#checker-stale")
    return box.inner_text() if box.is_visible() else ""


def test_back_and_forward_move_one_question_at_a_time(warm_context, base_url, programme) -> None:
    page = open_checker(warm_context, base_url, "en")
    assert checked(page) == {}
    answer(page, "membership", "gold")
    expect_result(page, programme, {"membership": "gold"}, "en")
    answer(page, "competencies", ["security", "data-analytics"])  # two ticks, one question: one entry
    full = {"membership": "gold", "competencies": ["security", "data-analytics"], "error": "none", "product": "azure"}
    rest = in_flow_order(programme, full)[2:]
    assert [q for q, _ in rest] == ["error", "product"]
    for question, value in rest:
        answer(page, question, value)
    expect_result(page, programme, full, "en")
    page.go_back()
    last = rest[-1][0]
    expect_result(page, programme, {q: v for q, v in full.items() if q != last}, "en")
    assert last not in checked(page) and urlsplit(page.url).path.endswith("/checker/")
    for _ in rest:
        page.go_back()
    expect_result(page, programme, {"membership": "gold"}, "en")
    for _ in range(len(rest) + 1):
        page.go_forward()
    expect_result(page, programme, full, "en")
    go(page, "#checker-result-heading")  # a heading's anchor in between: not answers
    page.go_back()
    page.go_forward()
    expect_result(page, programme, full, "en")
    assert len(checked(page)) == len(full)
    page.go_back()
    for _ in range(len(rest) + 2):
        page.go_back()
    expect_result(page, programme, {}, "en")
    assert checked(page) == {} and page.checker_errors == []


def test_the_step_line_and_your_answers_follow_the_result(warm_context, base_url, programme) -> None:
    for lang in LANGS:
        page = open_checker(warm_context, base_url, lang)
        words = Words(programme, lang)
        answer(page, "membership", "silver")
        result = expect_result(page, programme, {"membership": "silver"}, lang)
        done, fewest, most = result["progress"]["answered"], result["progress"]["fewest_left"], result["progress"]["most_left"]
        assert fewest < most, "the data has questions asked only on some paths"
        line = page.locator(f"#checker-q-{result['next']} .checker-step")
        assert line.inner_text() == words.fill("widget-step-range", step=str(done + 1), fewest=str(done + fewest), most=str(done + most))
        assert page.locator(".checker-step:visible").count() == 1
        rows = page.locator("#checker-answers .checker-answer")
        assert rows.count() == 1 and words.text(programme.questions[0].text) in rows.inner_text()
        page.close()


def test_a_change_link_goes_back_to_its_question_and_keeps_the_rest(warm_context, base_url, programme) -> None:
    answers = {"membership": "gold", "competencies": "security", "error": "none", "product": "on-premises"}
    page = open_checker(warm_context, base_url, "en", "#" + "&".join(f"{k}={v}" for k, v in answers.items()))
    expect_result(page, programme, answers, "en")
    page.click("#checker-answers .checker-change[data-question=membership]")
    assert page.evaluate("document.activeElement.id") == "checker-membership-gold"
    assert "membership=gold" in urlsplit(page.url).fragment, "a change link must not replace the answers in the address"
    page.keyboard.press("ArrowUp")  # the reader changes it: silver
    expect_result(page, programme, {**answers, "membership": "silver"}, "en")
    assert checked(page)["product"] == ["on-premises"]


def test_hostile_links_keep_their_valid_answers_with_a_short_warning(warm_context, base_url, programme) -> None:
    page = open_checker(warm_context, base_url, "en")
    go(page, "#__proto__=gold&membership=gold")
    expect_result(page, programme, {"membership": "gold"}, "en")
    assert "__proto__=gold" in warning(page)
    go(page, "#Membership=gold&membership=silver")
    expect_result(page, programme, {"membership": "silver"}, "en")
    assert "Membership=gold" in warning(page)
    go(page, "#membership=gold&membership=silver&product=azure")
    expect_result(page, programme, {"membership": "gold", "product": "azure"}, "en")
    assert "more than one answer" in warning(page) and "gold" in warning(page)
    go(page, "#membership=none," + "&".join(f"p{i}=x" for i in range(5000)))
    expect_result(page, programme, {"membership": "none"}, "en")
    assert "and 4,997 more" in warning(page) and len(warning(page)) < 300
    go(page, "#v=<b>not-a-version</b>&membership=action-pack")
    expect_result(page, programme, {"membership": "action-pack"}, "en")
    assert "older rules" not in warning(page) and "never wrote" in warning(page)
    go(page, f"#v={programme.version}&membership=gold")
    expect_result(page, programme, {"membership": "gold"}, "en")
    assert warning(page) == ""
    assert page.evaluate("({}).gold") is None and page.checker_errors == []


def test_the_error_lookup_answers_the_checker(warm_context, base_url, programme) -> None:
    page = open_checker(warm_context, base_url, "ja", "#error=not-authorized")
    assert checked(page) == {"error": ["not-authorized"]}
    answer(page, "membership", "gold")
    page.fill("#checker-lookup-input", "Looks like you don't have any benefits yet")
    entry = page.locator(".checker-lookup-entry:visible")
    entry.locator(".checker-use-error").click()
    assert checked(page) == {"error": ["no-benefits-yet"], "membership": ["gold"]}
    expect_result(page, programme, {"membership": "gold", "error": "no-benefits-yet"}, "ja")


def printed_text(page) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: the PDF's fonts map some kanji to their compatibility forms (示 as ⽰).
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def squeezed(text: str) -> str:
    """Without white space (lines wrap anywhere in a PDF), in NFKC like printed_text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("lang, date", [("en", "%B {day}, %Y"), ("ja", "%Y年%m月{day}日")])
def test_the_printout_holds_answers_outcome_addresses_date_version_and_link(warm_context, base_url, programme, lang, date) -> None:
    answers = {"membership": "gold", "competencies": "security", "product": "azure", "activated": "yes",
               "contract": "active", "csp": "no", "error": "none", "account": "mpn", "linked": "yes"}
    page = open_checker(warm_context, base_url, lang, "#" + "&".join(f"{k}={v}" for k, v in answers.items()))
    result = expect_result(page, programme, answers, lang)
    assert result["complete"]
    text = printed_text(page)
    flat = squeezed(text)
    words = Words(programme, lang)
    for question in programme.questions:
        if question.id in result["asked"]:
            assert squeezed(words.text(question.text)) in flat, question.id
    assert squeezed(result["route_detail"]["name"]) in flat and result["route_detail"]["url"] in flat
    for step in result["route_detail"]["steps"]:
        assert squeezed(step) in flat
    today = datetime.date.today()
    assert squeezed(today.strftime(date.replace("%m", str(today.month))).format(day=today.day)) in flat
    assert programme.version in text
    share = f"{base_url}{LANGS[lang]}checker/" + page.get_attribute("#checker-share", "href")
    assert f"#v={programme.version}&membership=gold" in share and share in flat, "the link that opens these answers again"
    section = result["route_detail"]["page"]
    assert f"{base_url}{LANGS[lang]}{section}" in flat, "a section link's address written out"
    for control in (words.fill("widget-start-again"), words.fill("widget-print"), words.fill("widget-change")):
        assert control not in text


def open_switcher(page, lang: str) -> None:
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang={lang}]")


def test_the_language_switch_keeps_the_answers_and_the_heading(warm_context, base_url, programme) -> None:
    page = open_checker(warm_context, base_url, "en")
    answer(page, "membership", "silver")
    answer(page, "competencies", "security")
    expect_result(page, programme, {"membership": "silver", "competencies": "security"}, "en")
    open_switcher(page, "ja")
    page.wait_for_selector("#checker-widget[data-checker-mounted=true]", state="attached")
    assert urlsplit(page.url).path == "/ja/checker/"
    expect_result(page, programme, {"membership": "silver", "competencies": "security"}, "ja")
    page.goto(f"{base_url}ja/activate/#roles")
    open_switcher(page, "en")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/activate/" and urlsplit(page.url).fragment == "roles"


def test_controls_that_need_javascript_are_hidden_without_it(browser, base_url) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{base_url}checker/")
        assert page.get_attribute("html", "class") == "no-js"
        assert page.is_hidden("#checker-print") and page.is_hidden("#checker-copy") and page.is_visible("#checker-reset")
    finally:
        ctx.close()


def test_copy_the_link(warm_context, base_url, programme) -> None:
    warm_context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = open_checker(warm_context, base_url, "en", "#membership=gold")
    expect_result(page, programme, {"membership": "gold"}, "en")
    assert page.is_visible("#checker-print")
    page.click("#checker-copy")
    page.wait_for_function("document.querySelector('#checker-copy-status').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{base_url}checker/#v={programme.version}&membership=gold"


def test_an_answer_the_rules_stop_offering_is_kept_and_comes_back(warm_context, base_url, programme) -> None:
    """Silver without a cloud competency counts Signature incidents, so "no incidents left"
    is possible; Gold with Security is unlimited, so it is not, and the reader is told why."""
    answers = {"membership": "silver", "competencies": "data-analytics", "error": "none", "product": "azure",
               "csp": "no", "activated": "yes", "contract": "no-incidents-left"}
    page = open_checker(warm_context, base_url, "en", "#" + "&".join(f"{k}={v}" for k, v in answers.items()))
    expect_result(page, programme, answers, "en")
    page.click("#checker-answers .checker-change[data-question=competencies]")
    answer(page, "competencies", "security")  # Silver with a cloud competency: unlimited
    without = {**answers, "competencies": ["data-analytics", "security"]}
    del without["contract"]
    result = expect_result(page, programme, without, "en")
    assert result["next"] == "contract" and checked(page)["contract"] == ["no-incidents-left"]
    option = page.locator("label[for=checker-contract-no-incidents-left]")
    assert page.is_disabled("#checker-contract-no-incidents-left") and "Not possible" in option.inner_text()
    page.uncheck("#checker-competencies-security")
    expect_result(page, programme, {**answers, "competencies": ["data-analytics"]}, "en")
    assert page.is_enabled("#checker-contract-no-incidents-left") and "Not possible" not in option.inner_text()
