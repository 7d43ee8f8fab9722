"""Turns raw answers (from the command line, the page or a test) into option-id sets."""

from __future__ import annotations

from typing import Mapping

from checker.index import Index
from checker.model import Programme
from checker.problems import AnswerError, did_you_mean, shown

RawAnswers = Mapping[str, "str | list[str] | tuple[str, ...]"]


def answer_language(programme: Programme, lang: str | None) -> str:
    """The language to answer in: `lang`, or the source language when none was given.
    An empty or unknown `lang` is an error, never a silent fallback to the source."""
    languages = [language.id for language in programme.languages]
    if lang is None:
        return languages[0]
    if not lang.strip():
        raise AnswerError(f"the language is empty. Give one of {', '.join(languages)}, or leave it out "
                          f"to answer in {languages[0]}", "lang", lang)
    if lang not in languages:
        guess = did_you_mean(lang, languages)
        hint = f" Did you mean '{guess}'?" if guess else ""
        raise AnswerError(f"unknown language: {shown(lang)}.{hint} Valid: {', '.join(languages)}", "lang", lang)
    return lang


def parse_answers(index: Index, answers: RawAnswers) -> dict[str, frozenset[str]]:
    """Raises AnswerError for an unknown question or option id; empty answers are dropped."""
    parsed = {}
    for key, value in answers.items():
        question = index.questions.get(key)
        if question is None:
            raise AnswerError(_unknown("question", key, list(index.questions)), key)
        chosen = _split(value, key)
        if len(chosen) > 1 and not question.multiple:
            raise AnswerError(f"question '{key}' takes one option, got {len(chosen)}: {shown(', '.join(chosen))}",
                              key, ",".join(chosen))
        for option in chosen:
            if option not in index.options[key]:
                raise AnswerError(_unknown(f"option of '{key}'", option, list(index.options[key])), key, option)
        if chosen:
            parsed[key] = frozenset(chosen)
    return parsed


def _split(value: object, key: str) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise AnswerError(f"the answer to '{key}' must be an option id or a list of them, got {type(value).__name__}", key)
    return [item.strip() for item in items if item.strip()]


def _unknown(what: str, value: str, allowed: list[str]) -> str:
    guess = did_you_mean(value, allowed)
    hint = f" Did you mean '{guess}'?" if guess else ""
    return f"unknown {what}: {shown(value)}.{hint} Valid: {', '.join(allowed)}"
