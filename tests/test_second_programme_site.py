"""A second, made-up programme (tests/fixtures/programme-b/) builds a whole site, in
English and French, with the guide's own plugin and theme and no code change; its
checker answers in the page, in Chromium, exactly as the engine does."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from checker import evaluate
from checker.wording import Words
from tests.browser import serve
from tests.site_build import build_site, copy_project
from tests.test_second_programme import PROGRAMME_B, programme_b
from tests.test_site_links import _parse
from tests.test_site_pages import page_html, page_text

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

PAGES = ["", "calling/", "checker/", "decision-table/", "levels/"]
LANGS = {"en": "", "fr": "fr/"}
GUIDE_WORDS = re.compile(r"Microsoft|MPN|Partner Center|membership|competenc|incident", re.IGNORECASE)
RESULT_TIMEOUT = 60.0  # the first load starts Python in the page; a busy 2-core machine is slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The programme copied as it is (config, data, pages: the theme is the plugin's),
    built with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("programme-b") / "programme-b", ["content", "data", "mkdocs.yml", "mkdocs.fr.yml"],
                           source=PROGRAMME_B)
    build_site(project / "site", config=project / "mkdocs.yml", cwd=project)
    return project / "site"


def test_it_has_every_word_of_the_checker_widget(programme):
    """The widget's code is shared: a word the guide's widget gained must be added here too."""
    missing = sorted(set(programme.strings) - set(programme_b().strings))
    assert not missing, f"add {missing} to tests/fixtures/programme-b/data/strings.yml (en and fr)"


def test_every_page_is_built_in_both_languages(site):
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert built == sorted(f"{root}{page}index.html" for root in LANGS.values() for page in PAGES)
    assert (site / "assets/checker/loader.js").is_file(), "the checker's scripts, once at the root"
    assert '"lang":["fr"]' in (site / "fr/search/search_index.json").read_text(encoding="utf-8").replace(" ", "")


def test_nothing_of_the_first_guide_shows(site):
    for lang in LANGS:
        for page in PAGES:
            found = GUIDE_WORDS.findall(page_text(site, lang, page))
            assert not found, f"/{LANGS[lang]}{page} shows {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_entitlement_table_is_the_engines(site, lang):
    programme = programme_b()
    words = Words(programme, lang)
    text = page_text(site, lang, "levels/")
    for benefit in ("phone-support", "training-seats"):
        cells = []
        for tier in programme.option_sets["levels"]:
            value = evaluate(programme, {"level": tier.id, "specialisations": "desktops"} if tier.id == "elite"
                             else {"level": tier.id})["entitlements"][benefit]
            cells.append(words.incidents(value))
        name = words.text(next(b.name for b in programme.benefits if b.id == benefit))
        assert name in text
        shown_cells = cells if benefit == "phone-support" else cells[:2]  # elite's seats depend on the class
        assert " ".join(shown_cells) in text, (benefit, cells, text[:800])
    advanced = words.text(programme.classes[0].name)
    assert f"{advanced}: 10" in text, "the elite cell names the class that doubles the seats"


@pytest.mark.parametrize("lang, count", [("en", "15 answer paths in all."), ("fr", "15 parcours de réponses en tout.")])
def test_the_decision_table_has_every_path(site, lang, count):
    text = page_text(site, lang, "decision-table/")
    assert count in text
    assert page_html(site, lang, "decision-table/").count('class="guide-decisions"') == len(programme_b().option_sets["levels"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_calling_page_has_each_routes_steps(site, lang):
    programme = programme_b()
    words = Words(programme, lang)
    text, document = page_text(site, lang, "calling/"), page_html(site, lang, "calling/")
    for route in programme.routes:
        assert words.text(route.summary) in text and all(words.text(step) in text for step in route.steps)
        assert f'href="{route.url}"' in document


def test_headings_from_data_show_their_apostrophes(site):
    assert "<h1 id=\"appeler-lassistance\">Appeler l'assistance" in page_html(site, "fr", "calling/")


def test_the_switcher_leads_to_the_same_page(site):
    assert "../fr/levels/" in _parse(site / "levels/index.html").links
    assert "../../levels/" in _parse(site / "fr/levels/index.html").links


# --- the checker in Chromium


def shown(page) -> dict | None:
    text = page.get_attribute("#checker-result", "data-result")
    return json.loads(text) if text else None


def wait_for_result(page, expected: dict) -> None:
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline and shown(page) != expected:
        page.wait_for_timeout(100)
    assert shown(page) == expected, f"the page shows {shown(page)}, the engine {expected}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_answers_like_the_engine(site, lang, browser):
    answers = [("level", "elite"), ("specialisations", "storage"), ("specialisations", "printing"),
               ("renewal", "current"), ("region", "americas")]
    given: dict[str, object] = {}
    with serve(site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}{LANGS[lang]}checker/")
        for question, option in answers:
            page.check(f'#checker input[name="{question}"][value="{option}"]')
            given[question] = [*given.get(question, []), option] if question == "specialisations" else option
            wait_for_result(page, json.loads(json.dumps(evaluate(programme_b(), given, lang), ensure_ascii=False)))
        result = shown(page)
        assert result["complete"] and result["route"] == "americas-desk"
        assert result["entitlements"] == {"phone-support": "unlimited", "training-seats": 10}
        assert errors == []
        page.close()
