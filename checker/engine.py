"""Answers in, the contract's result out: entitlements, route, notices, summary, why."""

from __future__ import annotations

from checker.answers import RawAnswers, parse_answers
from checker.flow import Flow, walk_flow
from checker.index import Index, index_of
from checker.model import Programme
from checker.outcome import Outcome, decide
from checker.problems import AnswerError
from checker.progress import progress
from checker.wording import describe_outcome


def evaluate(programme: Programme, answers: RawAnswers, lang: str | None = None) -> dict:
    """The result for `answers`, in `lang` (default: the source language, the first of
    languages.yml). Raises AnswerError for unknown ids."""
    index = index_of(programme)
    lang = lang or programme.languages[0].id
    _check_language(programme, lang)
    flow = walk_flow(index, parse_answers(index, answers))
    if flow.refused:
        raise refusal_error(index, flow)
    outcome = known_part(index, flow, decide(index, flow.answers))
    return {**describe_outcome(index, flow, outcome, lang), "progress": progress(index, flow)}


def known_part(index: Index, flow: Flow, outcome: Outcome) -> Outcome:
    """While questions remain, keep only what the answers so far already settle."""
    if flow.complete:
        return outcome
    settled = flow.settled
    detail_known = index.route_detail_reads <= settled
    return Outcome(
        entitlements=outcome.entitlements if index.entitlement_reads <= settled else {},
        winning_grants=outcome.winning_grants if index.entitlement_reads <= settled else {},
        route=outcome.route if index.route_reads <= settled else None,
        notices=tuple(n for n in outcome.notices if index.notice_reads[n.id] <= settled),
        alternatives=outcome.alternatives if detail_known else (),
        summary_case=outcome.summary_case if detail_known else None,
        hidden_steps=outcome.hidden_steps if detail_known else frozenset(),
    )


def refusal_error(index: Index, flow: Flow) -> AnswerError:
    """An option the question does not offer for the answers given: says why, in the source language."""
    question, option = flow.refused
    source = index.programme.languages[0].id
    reason = option.not_offered.get(source) if option.not_offered else "its 'offer-when' does not hold for these answers."
    hidden = {u.id for q, u in flow.unavailable if q == question}
    offered = [o.id for o in index.questions[question].choices if o.id not in hidden]
    return AnswerError(f"option '{option.id}' of '{question}' is not possible for these answers: {reason} "
                       f"Possible here: {', '.join(offered)}", question, option.id)


def _check_language(programme: Programme, lang: str) -> None:
    languages = [language.id for language in programme.languages]
    if lang not in languages:
        raise AnswerError(f"unknown language: '{lang}'. Valid: {', '.join(languages)}", "lang", lang)
