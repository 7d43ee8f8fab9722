"""The picture of the flow: drawn from the rules at build time, in both languages, under
the site's CSP, and a writer's new question shows in it."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from checker.wording import Words
from sitebuild.pages import csp
from sitebuild.pages.flow_diagram import render_diagram, wrap
from sitebuild.pages.flow_graph import flow_graph, route_node
from sitebuild.source.site_data import load_site_data
from tests.conftest import DATA
from tests.test_site_pages import LANGUAGE_ROOTS, page_html, page_text

NEW_QUESTION = """
  - id: region
    section: entitlements
    text:
      en: Which region is your company registered in?
      ja: 会社はどの地域で登録されていますか?
    options:
      - id: emea
        name: {en: "Europe, Middle East and Africa", ja: ヨーロッパ、中東、アフリカ}
      - id: elsewhere
        name: {en: Another region, ja: その他の地域}
"""
NEW_NOTICE = """
  - id: region-note
    level: info
    section: entitlements
    when: {question: region, is: emea}
    text:
      en: A note for the region.
      ja: 地域についての注意です。
"""


def diagram(document: str) -> str:
    start = document.index('<svg class="flow-diagram"')
    return document[start: document.index("</svg>", start)]


def svg_text(document: str) -> str:
    return html.unescape(" ".join(re.findall(r">([^<]+)<", diagram(document))))


@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_the_flow_page_draws_every_question_and_outcome_in_its_language(built_site, programme, lang) -> None:
    document = page_html(built_site, lang, "flow/")
    drawn = re.sub(r"\s+", "", svg_text(document))  # the diagram wraps long labels over lines
    for question in programme.questions:
        assert re.sub(r"\s+", "", question.text.values[lang]) in drawn, question.id
        assert f'data-node="{question.id}"' in document
    for route in programme.routes:
        assert re.sub(r"\s+", "", route.name.values[lang]) in drawn and f'data-target="{route_node(route.id)}"' in document
    assert csp.problems(document) == [], "no style attribute, no inline script"
    assert "<script" not in diagram(document)
    listed = page_text(built_site, lang, "flow/")
    assert programme.questions[0].text.values[lang] in listed  # the same flow as a list


@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_the_checker_links_to_the_flow_page(built_site, lang) -> None:
    document = page_html(built_site, lang, "checker/")
    article = document[document.index("<article"): document.index('id="checker-widget"')]
    assert 'href="../flow/"' in article, "before the form, in the page's words"


def test_a_writers_new_question_appears_in_the_picture(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    questions = (data / "questions.yml").read_text(encoding="utf-8")
    (data / "questions.yml").write_text(questions.rstrip("\n") + "\n" + NEW_QUESTION, encoding="utf-8")
    notices = (data / "notices.yml").read_text(encoding="utf-8")
    (data / "notices.yml").write_text(notices.rstrip("\n") + "\n" + NEW_NOTICE, encoding="utf-8")
    site = load_site_data(data)
    graph = flow_graph(site.programme, site.decision_rows())
    for lang, text in (("en", "Which region is your company registered in?"), ("ja", "会社はどの地域で登録されていますか?")):
        svg = render_diagram(site.programme, graph, Words(site.programme, lang), "flow")
        assert 'data-node="region"' in svg and 'data-target="region"' in svg  # its box, and lines into it
        assert re.sub(r"\s+", "", text) in re.sub(r"\s+", "", svg_text(svg))
    last = {b.label: b.targets for b in graph.questions[-1].branches}
    assert graph.questions[-1].id == "region" and all(t.startswith("route:") for ts in last.values() for t in ts)


def test_long_labels_wrap_by_their_width() -> None:
    text = "Which membership does your company hold in the Microsoft Partner Network?"
    lines = wrap(text, 14, 140)  # about 17 Latin characters a line
    assert " ".join(lines) == text and len(lines) > 3 and all(len(line) <= 17 for line in lines)
    lines = wrap("会社が保有している Microsoft Partner Network のメンバーシップはどれですか?", 14, 200)
    assert len(lines) > 1 and all(len(line) <= 20 for line in lines)
