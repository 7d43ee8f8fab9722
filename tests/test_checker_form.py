"""The widget's build-time HTML: every question as real controls, words in the page's
language, data text escaped."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from checker import load
from sitebuild.site.theme_files import THEME_DIR
from sitebuild.pages.checker_form import SCRIPT_KEYS, render_form
from sitebuild.bundle.layout import build_id
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, PYODIDE


class Elements(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_question_and_option_is_a_labelled_control(programme, lang) -> None:
    page = Elements(render_form(programme, lang, PYODIDE))
    for question in programme.questions:
        kind = "checkbox" if question.multiple else "radio"
        assert len(page.find("fieldset", data_question=question.id)) == 1
        for option in question.choices:
            [control] = page.find("input", name=question.id, value=option.id)
            assert control["type"] == kind
            assert page.find("label", **{"for": control["id"]})
    assert page.find("form", id="checker")


def test_words_are_in_the_pages_language(programme) -> None:
    html = render_form(programme, "ja", PYODIDE)
    question = programme.questions[0]
    assert question.text.values["ja"] in html and question.text.values["en"] not in html
    assert "最初からやり直す" in html and "Start again" not in html


def test_result_status_and_fallback_elements(programme) -> None:
    page = Elements(render_form(programme, "en", PYODIDE))
    [result] = page.find("section", id="checker-result")
    assert result["aria-live"] == "polite" and result["data-result"] == ""
    assert page.find("div", id="checker-status", role="status")
    assert [a["href"] for a in page.find("a", **{"class": "checker-table-link"})] == ["../decision-table/"] * 2
    assert page.find("button", id="checker-reset") and page.find("button", id="checker-print")
    assert page.find("textarea", id="checker-lookup-input")


@pytest.mark.parametrize("lang, assets", [("en", "../assets/checker/"), ("ja", "../../assets/checker/")])
def test_widget_carries_rules_version_build_and_asset_base(programme, lang, assets) -> None:
    [root] = Elements(render_form(programme, lang, PYODIDE)).find("div", id="checker-widget")
    assert root["data-checker-version"] == programme.version
    assert root["data-checker-build"] == build_id(programme, PYODIDE)
    assert root["data-checker-assets"] == assets and root["data-checker-root"] == "../"


def test_widget_strings_exist_in_every_complete_language(programme) -> None:
    complete = {language.id for language in programme.languages if language.status == "complete"}
    assert {"en", "ja"} <= complete
    for key in SCRIPT_KEYS:
        assert key in programme.strings, key
    for key, text in programme.strings.items():
        if key.startswith("widget-"):
            assert complete <= set(text.values), f"{key} needs {sorted(complete - set(text.values))}"


def test_lookup_entries_match_in_both_languages(programme, messages) -> None:
    page = Elements(render_form(programme, "ja", PYODIDE))
    entries = page.find("article", **{"class": "checker-lookup-entry"})
    assert len(entries) == len(messages) > 0
    for (_, error), entry in zip(messages, entries):
        matched = json.loads(entry["data-messages"])
        assert error.message.text.values["en"] in matched and error.message.text.values["ja"] in matched


def test_data_text_is_escaped_everywhere() -> None:
    documents, locations = read_data_dir(DATA)
    hostile = '<script>alert(1)</script>"\'&'
    for lang in ("en", "ja"):  # both, so no translation turns stale
        documents["data/questions.yml"]["questions"][0]["text"][lang] = hostile
        documents["data/errors.yml"]["option-sets"]["errors"][0]["message"]["text"][lang] = "</script><img src=x onerror=alert(1)>"
        documents["data/strings.yml"]["strings"]["widget-loading"][lang] = "</script><b>x</b>"
    html = render_form(load(documents, locations, allow_stale=True), "en", PYODIDE)
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;" in html
    strings = html.split('id="checker-strings">', 1)[1].split("</script>", 1)[0]
    assert json.loads(strings)["widget-loading"] == "</script><b>x</b>"


def test_controls_that_need_javascript_carry_the_one_class(programme) -> None:
    """`needs-js` (hidden under Material's html.no-js by checker.css): print and copy."""
    from sitebuild.pages.checker_form import NEEDS_JS

    page = Elements(render_form(programme, "en", PYODIDE))
    for control in ("checker-print", "checker-copy"):
        [button] = page.find("button", id=control)
        assert NEEDS_JS in button["class"].split()
    css = (THEME_DIR / "assets" / "checker" / "checker.css").read_text(encoding="utf-8")
    assert f"html.no-js .{NEEDS_JS}" in css


def test_each_question_has_a_step_line_and_each_known_error_a_way_into_the_checker(programme, messages) -> None:
    page = Elements(render_form(programme, "ja", PYODIDE))
    assert len(page.find("p", **{"class": "checker-step"})) == len(programme.questions)
    links = page.find("a", **{"class": "checker-use-error"})
    assert [(a["data-answer-question"], a["data-answer-option"]) for a in links] == [(q, e.id) for q, e in messages]
    assert all(a["href"] == f"../checker/#{a['data-answer-question']}={a['data-answer-option']}" for a in links)
