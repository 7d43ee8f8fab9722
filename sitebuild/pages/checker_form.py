"""The checker widget's HTML, rendered at build time from the data.

Every question is a real form control (`name` = question id, `value` = option id), so
the questions are in the page and usable before any script runs. The scripts in
`sitebuild/theme/assets/checker/` only enhance this markup: they read the words rendered
here (the `#checker-strings` JSON and the lookup entries) and never hold their own.
All data text goes through `html.escape`; JSON inside `<script>` has `<` escaped.
"""

from __future__ import annotations

from pathlib import Path

import json
from html import escape
from urllib.parse import quote

from checker import evaluate
from checker.model import Option, Programme, Question
from checker.wording import Words
from sitebuild.bundle.layout import ASSETS, checker_manifest
from sitebuild.source.project import CHECKER_PAGE, DECISION_TABLE_PAGE
# Controls that only work with JavaScript carry this class; the theme's "no-js" class on
# <html> (removed by its script) hides them (checker.css). One convention for the site.
NEEDS_JS = "needs-js"
# Strings the scripts fill in (placeholders and all); the rest are rendered here.
SCRIPT_KEYS = ("widget-loading", "widget-loading-bytes", "widget-loading-start", "widget-ready",
               "widget-failed", "widget-timeout", "widget-stalled", "widget-offline", "widget-damaged", "widget-retry",
               "widget-stale", "widget-bad-link", "widget-engine-error",
               "widget-result-waiting", "widget-result-incomplete", "widget-entitlements-heading",
               "widget-route-heading", "widget-open-portal", "widget-read-section", "widget-notices-heading",
               "widget-why-heading", "widget-why-entitlement", "widget-why-route", "widget-why-notice",
               "widget-lookup-none", "widget-bad-link-more", "widget-bad-version", "widget-link-repeated",
               "widget-step", "widget-step-range", "widget-step-done", "widget-change", "widget-change-detail",
               "widget-link-copied", "widget-copy-failed", "widget-printed-on", "widget-print-link", "list-separator",
               "widget-alternatives-heading", "widget-why-alternative", "widget-not-offered")


def render_form(programme: Programme, lang: str, pyodide_dir: Path, page: str = CHECKER_PAGE, *,
                checker_page: str = CHECKER_PAGE, table_page: str = DECISION_TABLE_PAGE) -> str:
    """The whole widget for the page at `page` (relative to the language's root), whose
    worker loads the runtime of `pyodide_dir` (its version names the runtime's folder).
    `checker_page`: where the error lookup's "use this message" links lead (the page
    with the checker); `table_page`: the decision table, the fallback without JavaScript."""
    words = Words(programme, lang)
    root = _to_language_root(page)
    return "\n".join((
        _open_widget(programme, words, page, root, pyodide_dir),
        _status(words, root + table_page),
        _form(programme, words),
        _answers(words),
        _result(words),
        _print_details(),
        _lookup(programme, words, root, root + checker_page),
        f'<p class="checker-version">{_e(words.fill("widget-rules-version", version=programme.version))}</p>',
        _script_strings(words),
        "</div>",
    ))


def _to_language_root(page: str) -> str:
    """`../` for `checker/`, `../../` for `help/checker/`: links in the result are
    relative to the language root."""
    return "../" * page.strip("/").count("/") + ("../" if page.strip("/") else "")


def _asset_base(programme: Programme, lang: str, root: str) -> str:
    """The assets sit at the site root; every language but the first is one folder down."""
    in_subfolder = lang != programme.languages[0].id
    return root + ("../" if in_subfolder else "") + ASSETS


def _open_widget(programme: Programme, words: Words, page: str, root: str, pyodide_dir: Path) -> str:
    # The build's names for the checker's files and caches, for its scripts (bundle/layout.py).
    manifest = checker_manifest(programme, pyodide_dir)
    attrs = {
        "class": "checker", "id": "checker-widget", "lang": words.lang,
        "data-checker-version": programme.version, "data-checker-build": manifest["build"],
        "data-checker-manifest": json.dumps(manifest, separators=(",", ":"), sort_keys=True),
        "data-checker-assets": _asset_base(programme, words.lang, root), "data-checker-root": root,
        "data-checker-page": page, "aria-label": words.fill("widget-label"),
    }
    intro = f'<p class="checker-intro">{_e(words.fill("widget-intro"))}</p>'
    return f"<div {_attrs(attrs)} role=\"region\">\n{intro}"


def _status(words: Words, table_href: str) -> str:
    table = f'<a class="checker-table-link" href="{_e(table_href)}">{_e(words.fill("widget-table-link"))}</a>'
    return (
        f'<noscript><p class="checker-noscript">{_e(words.fill("widget-noscript"))} {table}</p></noscript>\n'
        '<div class="checker-status" id="checker-status" role="status" data-state="idle">'
        f'<progress id="checker-progress" max="3" value="0" hidden aria-label="{_e(words.fill("widget-loading"))}"></progress> '
        '<span id="checker-status-text"></span> '
        f'<span id="checker-fallback" hidden>{table}</span></div>\n'
        '<p class="checker-warning" id="checker-stale" role="alert" hidden></p>'
    )


def _first_questions(programme: Programme) -> set[str]:
    """The questions the engine shows before any answer: until its first result, the page
    shows only these (checker.css), so nothing moves when the engine takes over."""
    result = evaluate(programme, {})
    return set(result.get("asked") or []) | ({result["next"]} if result.get("next") else set())


def _form(programme: Programme, words: Words) -> str:
    first = _first_questions(programme)
    fieldsets = "\n".join(_fieldset(q, words, q.id not in first) for q in programme.questions)
    actions = (
        '<div class="checker-actions">'
        f'<button type="reset" class="md-button" id="checker-reset">{_e(words.fill("widget-start-again"))}</button> '
        f'<button type="button" class="md-button {NEEDS_JS}" id="checker-print">{_e(words.fill("widget-print"))}</button> '
        f'<button type="button" class="md-button {NEEDS_JS}" id="checker-copy" hidden>{_e(words.fill("widget-copy-link"))}</button> '
        f'<a id="checker-share" class="checker-share" href="#" hidden>{_e(words.fill("widget-share"))}</a>'
        '<span class="checker-copy-status" id="checker-copy-status" role="status"></span>'
        "</div>"
    )
    return f'<form id="checker" class="checker-form" autocomplete="off">\n{fieldsets}\n{actions}\n</form>'


def _fieldset(question: Question, words: Words, later: bool = False) -> str:
    qid = question.id
    kind = "checkbox" if question.multiple else "radio"
    help_id = f"checker-help-{qid}"
    help_html = f'<p class="checker-help" id="{_e(help_id)}">{_e(words.text(question.help))}</p>' if question.help else ""
    described = f' aria-describedby="{_e(help_id)}"' if question.help else ""
    options = "\n".join(_option(qid, kind, option, words) for option in question.choices)
    return (
        f'<fieldset class="checker-question" id="checker-q-{_e(qid)}" data-question="{_e(qid)}"'
        f' data-multiple="{str(question.multiple).lower()}"{described}{" data-checker-later" if later else ""}>\n'
        f"<legend>{_e(words.text(question.text))}</legend>\n"
        # The first question's line holds its place until the engine writes it: no shift.
        f'<p class="checker-step"{" hidden" if later else ""}>{"" if later else "&nbsp;"}</p>\n'
        f"{help_html}\n"
        f'<div class="checker-options">\n{options}\n</div>\n</fieldset>'
    )


def _option(qid: str, kind: str, option: Option, words: Words) -> str:
    control_id = f"checker-{qid}-{option.id}"
    description = (f' <span class="checker-option-description">{_e(words.text(option.description))}</span>'
                   if option.description else "")
    return (
        f'<label class="checker-option" for="{_e(control_id)}">'
        f'<input type="{kind}" id="{_e(control_id)}" name="{_e(qid)}" value="{_e(option.id)}"> '
        f'<span class="checker-option-name">{_e(words.text(option.name))}</span>{description}</label>'
    )


def _result(words: Words) -> str:
    return (
        '<section class="checker-result" id="checker-result" aria-live="polite" aria-labelledby="checker-result-heading" data-result="">\n'
        f'<h2 id="checker-result-heading">{_e(words.fill("widget-result-heading"))}</h2>\n'
        f'<p class="checker-summary" id="checker-summary">{_e(words.fill("widget-result-waiting"))}</p>\n'
        '<div id="checker-result-body"></div>\n</section>'
    )


def _answers(words: Words) -> str:
    """"Your answers", each with a change link: filled by the script from the result;
    printed in place of the form."""
    return (
        '<section class="checker-answers" id="checker-answers" aria-labelledby="checker-answers-heading" hidden>'
        f'<h2 id="checker-answers-heading">{_e(words.fill("widget-answers-heading"))}</h2>'
        '<p class="checker-answers-step" id="checker-answers-step"></p>'
        '<dl class="checker-answers-list" id="checker-answers-list"></dl></section>'
    )


def _print_details() -> str:
    """The date and the link back to these answers, written by the script; print only."""
    return ('<section class="checker-print-only" id="checker-print-details">'
            '<p id="checker-print-date"></p><p id="checker-print-link"></p></section>')


def portal_messages(programme: Programme) -> list[tuple[Question, Option]]:
    """The messages a portal shows (options with a `message`), each with the question
    that offers it: the lookup's entries, each linking to the checker's page."""
    return [(question, option) for question in programme.questions for option in question.choices if option.message]


def _lookup(programme: Programme, words: Words, root: str, checker_href: str) -> str:
    entries = "\n".join(_lookup_entry(option, words, root, question.id, checker_href)
                        for question, option in portal_messages(programme))
    return (
        f'<section class="checker-lookup" id="checker-lookup" aria-labelledby="checker-lookup-heading" data-terms="{_e(_lookup_terms(programme))}" hidden>\n'
        f'<h2 id="checker-lookup-heading">{_e(words.fill("widget-lookup-heading"))}</h2>\n'
        '<form id="checker-lookup-form" role="search">'
        f'<label for="checker-lookup-input">{_e(words.fill("widget-lookup-label"))}</label>'
        '<textarea id="checker-lookup-input" name="lookup" rows="2" spellcheck="false"></textarea>'
        f'<button type="submit" class="md-button">{_e(words.fill("widget-lookup-button"))}</button></form>\n'
        '<div id="checker-lookup-output" aria-live="polite">'
        f'<p id="checker-lookup-none" hidden>{_e(words.fill("widget-lookup-none"))}</p>\n{entries}\n</div>\n</section>'
    )


def _lookup_terms(programme: Programme) -> str:
    """Every glossary term's labels in every language (and other spellings): the lookup
    compares them as one word, so a message matches whichever portal language it came from."""
    terms = [sorted({*t.label.values.values(), *t.also_written}) for t in programme.glossary]
    return json.dumps(terms, ensure_ascii=False)


def _lookup_entry(error: Option, words: Words, root: str, asks: str, checker_href: str) -> str:
    """One message a portal shows (an option with a `message`), hidden until the reader's
    text matches it. `data-messages` holds what to match against, in every language."""
    message = error.message
    messages = sorted({text for field in (message.text, error.name) for text in field.values.values()})
    section = words.section(message.section)
    link = _section_link(section, root)
    cases = "".join(
        f"<li><strong>{_e(words.text(case.title))}</strong> {_e(words.text(case.explanation))} {_e(words.text(case.action))}</li>"
        for case in message.cases)
    return (
        f'<article class="checker-lookup-entry" data-error="{_e(error.id)}" data-messages="{_e(json.dumps(messages, ensure_ascii=False))}" hidden>'
        f"<h3>{_e(words.text(error.name))}</h3><dl>"
        f'<dt>{_e(words.fill("widget-lookup-where"))}</dt><dd>{_e(words.text(message.where))}</dd>'
        f'<dt>{_e(words.fill("widget-lookup-meaning"))}</dt><dd>{_e(words.text(message.meaning))}</dd>'
        f'<dt>{_e(words.fill("widget-lookup-action"))}</dt><dd>{_e(words.text(message.action))}'
        f'{"<ul>" + cases + "</ul>" if cases else ""}</dd></dl>{link}{_answer_with(error, words, checker_href, asks)}</article>'
    )


def _answer_with(error: Option, words: Words, checker_href: str, asks: str) -> str:
    """The checker, started with this message answered (`asks`: the question that offers
    it); on the checker's own page the script keeps the other answers."""
    href = f"{checker_href}#{quote(asks)}={quote(error.id)}"
    return (f'<p><a class="checker-use-error" href="{_e(href)}" data-answer-question="{_e(asks)}" '
            f'data-answer-option="{_e(error.id)}">{_e(words.fill("widget-lookup-use"))}</a></p>')


def section_href(root: str, section: dict) -> str:
    """A section's link (Words.section: its page and anchor, from the language's root), as
    render.js's sectionHref writes the result's links (tests/test_script_conventions.py)."""
    return root + section["page"] + (f"#{section['anchor']}" if section.get("anchor") else "")


def _section_link(section: dict, root: str) -> str:
    if not section:
        return ""
    text = f'<a href="{_e(section_href(root, section))}">{_e(section["section_title"])}</a>'
    return f"<p>{text}</p>"


def _script_strings(words: Words) -> str:
    strings = {key: words.text(words.programme.strings[key]) for key in SCRIPT_KEYS}
    text = json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="checker-strings">{text}</script>'


def _attrs(values: dict[str, str]) -> str:
    return " ".join(f'{name}="{_e(value)}"' for name, value in values.items())


def _e(text: str) -> str:
    return escape(text, quote=True)
