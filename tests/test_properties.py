"""Properties that hold for any answers: no crash, same result twice, clear errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker import AnswerError, evaluate
from tests.conftest import DATA
from tests.scenario_files import shared_programme

PROGRAMME = shared_programme()
QUESTIONS = {q.id: q for q in PROGRAMME.questions}


@st.composite
def valid_answers(draw):
    answers = {}
    for question in draw(st.lists(st.sampled_from(list(QUESTIONS)), unique=True)):
        ids = [o.id for o in QUESTIONS[question].choices]
        if QUESTIONS[question].multiple:
            answers[question] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        else:
            answers[question] = draw(st.sampled_from(ids))
    return answers


@settings(max_examples=400, deadline=None)
@given(valid_answers(), st.sampled_from(["en", "ja"]))
def test_evaluate_never_raises_and_is_deterministic(answers, lang):
    """Valid ids never raise, except an option the flow does not offer for the answers (v2),
    which is refused with the reason; without that answer the rest is evaluated."""
    while True:
        try:
            first = evaluate(PROGRAMME, answers, lang)
            break
        except AnswerError as refused:
            assert "is not possible for these answers" in str(refused), refused
            assert refused.value in {o.id for o in QUESTIONS[refused.key].choices if o.offer_when}
            answers = {k: v for k, v in answers.items() if k != refused.key}
    second = evaluate(PROGRAMME, dict(reversed(list(answers.items()))), lang)
    assert first == second
    assert first["complete"] == (first["next"] is None)
    assert set(first) >= {"complete", "next", "entitlements", "route", "notices", "summary"}
    if first["complete"]:
        assert first["route"] is not None
    assert all(v == "unlimited" or (isinstance(v, int) and v >= 0) for v in first["entitlements"].values())


@settings(max_examples=200, deadline=None)
@given(valid_answers(), st.text(min_size=1, max_size=30))
def test_unknown_question_is_always_the_contract_error(answers, key):
    if key in QUESTIONS:
        return
    with pytest.raises(AnswerError) as raised:
        evaluate(PROGRAMME, {**answers, key: "x"})
    written = "".join(c if c.isprintable() and c != "\\" else repr(c)[1:-1] for c in key)  # unambiguous escapes
    assert f"'{written}'" in str(raised.value)
    assert "membership" in str(raised.value)  # lists the valid questions


@settings(max_examples=200, deadline=None)
@given(valid_answers(), st.sampled_from(sorted(QUESTIONS)), st.text(min_size=1, max_size=30))
def test_unknown_option_is_always_the_contract_error(answers, question, value):
    ids = {o.id for o in QUESTIONS[question].choices}
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    if not wanted or set(wanted) <= ids:
        return
    if len(wanted) > 1 and not QUESTIONS[question].multiple:
        return  # a different error: several options for a single-answer question
    with pytest.raises(AnswerError) as raised:
        evaluate(PROGRAMME, {**answers, question: value})
    assert raised.value.key == question
    assert "Valid:" in str(raised.value)


def test_data_folder_is_what_the_tests_read():
    assert (DATA / "tiers.yml").exists()
