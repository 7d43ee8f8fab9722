"""The site built with Zensical shows what the MkDocs site shows, in Chromium.

Both builds (`built_site`: `mkdocs build --strict`; `zensical_site`: the README's
`python -m sitebuild.zensical.build`) are served side by side. Page by page, in every
language, the article's visible text must be the same (read with scripts off, so it
is what the page itself says, not how far the checker got loading); then a sample of
answer paths is answered by clicking on both checkers, whose results (the result
JSON and the words a reader sees) must be the same. What may differ is the theme
around the article (see the README, "Two engines").
"""

from __future__ import annotations

import posixpath
import re

import pytest

from checker.index import index_of
from sitebuild.rules.proof import prove
from tests.browser import serve
from tests.test_hardening_offline import manifest_of
from tests.test_browser_checker import answer, expect_result, open_checker

LANGUAGE_ROOTS = {"en": "", "ja": "ja/"}
SAMPLE = 4  # answer paths per language, spread over the proof's rows


@pytest.fixture(scope="module")
def urls(built_site, zensical_site):
    with serve(built_site) as mkdocs_url, serve(zensical_site) as zensical_url:
        yield {"mkdocs": mkdocs_url, "zensical": zensical_url}


def pages(site, lang: str) -> list[str]:
    """The language's pages (their paths under its root), from the built files."""
    root = site / LANGUAGE_ROOTS[lang]
    others = [folder for folder in LANGUAGE_ROOTS.values() if folder and folder != LANGUAGE_ROOTS[lang]]
    found = [p.parent.relative_to(root).as_posix() for p in root.rglob("index.html")]
    return sorted("" if page == "." else page + "/" for page in found
                  if not page.startswith("assets") and not any(f"{page}/".startswith(o) for o in others))


def visible_text(page) -> str:
    return re.sub(r"[ \t]+", " ", page.inner_text("article")).strip()


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_every_page_shows_the_same_article(browser, urls, built_site, zensical_site, lang) -> None:
    mkdocs_pages = pages(built_site, lang)
    assert pages(zensical_site, lang) == mkdocs_pages, "the two builds have different pages"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        different = []
        # The decision table's case pages come from one macro: every fifth stands for the rest.
        cases = [path for path in mkdocs_pages if path.startswith("decision-table/") and path != "decision-table/"]
        for path in [path for path in mkdocs_pages if path not in cases] + cases[::5]:
            texts, links = {}, {}
            for engine, url in urls.items():
                page.goto(f"{url}{LANGUAGE_ROOTS[lang]}{path}")
                texts[engine] = visible_text(page)
                links[engine] = [href.removeprefix(url) for href in page.locator("article a[href]").evaluate_all(
                    "links => links.map(link => link.href)")]
            if texts["mkdocs"] != texts["zensical"]:
                different.append(_first_difference(path, texts["mkdocs"], texts["zensical"]))
            elif links["mkdocs"] != links["zensical"]:  # the same words, leading to the same pages
                wrong = next((a, b) for a, b in zip(links["mkdocs"], links["zensical"]) if a != b)
                different.append(f"  /{path}: a link to /{wrong[0]} leads to /{wrong[1]} under Zensical")
        assert len(mkdocs_pages) >= 10
        assert different == [], f"{len(different)} {lang} pages differ:\n" + "\n".join(different)
    finally:
        context.close()


def _first_difference(path: str, mkdocs: str, zensical: str) -> str:
    lines = list(zip(mkdocs.splitlines(), zensical.splitlines()))
    at = next((i for i, (a, b) in enumerate(lines) if a != b), len(lines))
    shown = lambda text: (text.splitlines()[at:at + 1] or ["(end)"])[0][:160]  # noqa: E731
    return f"  /{path} line {at + 1}: MkDocs {shown(mkdocs)!r}, Zensical {shown(zensical)!r}"


def sample_paths(programme) -> list[dict[str, list[str]]]:
    rows = prove(index_of(programme)).rows
    step = max(1, len(rows) // SAMPLE)
    return [{q: sorted(options) for q, options in path.answers.items()} for path, _ in rows[::step][:SAMPLE]]


@pytest.mark.parametrize("lang", list(LANGUAGE_ROOTS))
def test_both_checkers_answer_alike(browser, urls, programme, lang) -> None:
    contexts = {engine: browser.new_context(bypass_csp=True) for engine in urls}  # see test_browser_checker.context
    try:
        checkers = {engine: open_checker(contexts[engine], url, lang) for engine, url in urls.items()}
        questions = [q.id for q in programme.questions]
        for answers in sample_paths(programme):
            shown = {}
            for engine, page in checkers.items():
                page.click("#checker-reset")
                given: dict[str, list[str]] = {}
                for question in (q for q in questions if q in answers):
                    answer(page, question, answers[question])
                    given[question] = answers[question]
                shown[engine] = (expect_result(page, programme, given, lang),
                                 re.sub(r"\s+", " ", page.inner_text("#checker-result")).strip())
            assert shown["zensical"] == shown["mkdocs"], f"the two checkers differ for {answers}"
        for engine, page in checkers.items():
            assert page.checker_errors == [], f"{engine}: errors in the page"
    finally:
        for context in contexts.values():
            context.close()


VIOLATIONS = """document.addEventListener('securitypolicyviolation',
    e => (window.__violations ||= []).push(`${e.violatedDirective} ${e.sourceFile}`))"""


def test_zensical_search_works_under_the_sites_policy(browser, urls) -> None:
    """Zensical's own search (a dialog in a shadow root, styled by a <style> its script
    creates) finds Japanese words and is allowed by each page's strict policy."""
    page = browser.new_page()  # the pages' policy enforced
    try:
        page.add_init_script(VIOLATIONS)
        page.goto(urls["zensical"] + "ja/remaining-incidents/")
        page.click(".md-search__button")
        page.keyboard.type("インシデント")
        found = page.wait_for_function("""() => {
            const root = [...document.querySelectorAll('div')].find(d => d.shadowRoot)?.shadowRoot;
            const links = root ? [...root.querySelectorAll('a')].map(a => new URL(a.href).pathname) : [];
            return links.length && root.querySelector('style')?.sheet ? links : null; }""", timeout=15_000).json_value()
        assert "/ja/remaining-incidents/" in found
        assert page.evaluate("window.__violations || []") == []
    finally:
        page.close()


def test_the_zensical_offline_shell_has_what_pages_load(zensical_site) -> None:
    """The service worker keeps the Zensical theme's files too (its stylesheets sit one
    folder deeper, its search index is search.json), and only the look in use."""
    shell = manifest_of(zensical_site)["shell"]
    for page in ("index.html", "ja/activate/index.html"):
        html = (zensical_site / page).read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), ref))
            assert path in shell, f"{page} loads {path}, which the service worker does not keep"
    assert {"search.json", "ja/search.json"} <= set(shell)
    assert not list(zensical_site.glob("*/assets/stylesheets/modern")) + list(zensical_site.glob("assets/stylesheets/modern"))
