"""Data strings are plain text everywhere: HTML, script, Markdown links and attribute
lists in data/ show as text in the pages and tables of both languages; a `javascript:`
URL in a link field fails the build naming the file and line.

Data strings support no formatting at all (no emphasis, no links): `*` and `[...](...)`
show as written. Links come only from the data's `url` fields, which `checker.load`
checks (https, or a page of the site).
"""

from __future__ import annotations

import html
import json
import re

import pytest

from sitebuild.pages import csp
from sitebuild.pages.html_parts import escape
from tests.hostile_data import HOSTILE, SHOWN
from tests.search_box import indexed_pages
from tests.site_build import build_site, copy_project
from tests.test_site_pages import LANGUAGE_ROOTS, page_text

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

LIVE = re.compile(r"<script>alert|<img\b[^>]*\bsrc=\"?x|\bhref=\"\s*javascript:|<em\b[^>]*>em</em>", re.I)


def test_hostile_strings_show_as_text_in_pages_and_tables(hostile_site):
    for page, texts in SHOWN.items():
        for lang in LANGUAGE_ROOTS:
            text = page_text(hostile_site, lang, page)
            for by_lang in texts:
                assert by_lang[lang] in text, f"/{LANGUAGE_ROOTS[lang]}{page} does not show {by_lang[lang]!r} as text"


def test_no_hostile_string_becomes_markup_anywhere(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 30
    for page in pages:
        document = page.read_text(encoding="utf-8")
        assert not LIVE.search(document), f"{page}: {LIVE.search(document).group(0)}"
        assert csp.problems(document) == [], page  # no on* attribute, no javascript: URL, no style


def test_the_search_index_holds_the_strings_as_text(hostile_site):
    """Pagefind's index holds the pages' text, which the search worker escapes before
    Material shows it with innerHTML (the browser test shows results stay text);
    Material's own index keeps no documents to show."""
    for root in LANGUAGE_ROOTS.values():
        material = json.loads((hostile_site / root / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert material["docs"] == []
        texts = [page["content"].replace("\u200b", "") for page in indexed_pages(hostile_site / root / "pagefind")]
        assert any("<script>alert(1)</script>" in text for text in texts)


def test_the_checker_data_carries_the_strings_unchanged(hostile_site):
    """The widget gets them raw in JSON and writes them with textContent (the browser test shows it)."""
    data = next(hostile_site.rglob("checker-data.json")).read_text(encoding="utf-8")
    for hostile in HOSTILE:
        assert hostile.replace('"', '\\"') in data


@pytest.mark.parametrize("text", [*HOSTILE, "a_b_c", "#1 | x", "\\*not\\*", "&amp; &#42; 'q'"])
def test_escape_gives_back_the_text_through_markdown(text):
    """What Markdown (with attr_list, as the site uses it) makes of an escaped string,
    inline in a sentence and in a heading, is the string itself, as text."""
    import markdown

    md = markdown.Markdown(extensions=["attr_list", "admonition", "tables"])
    for source in (f"Before {escape(text)} after.", f"## Title {escape(text)}"):
        rendered = md.reset().convert(source)
        assert "<em" not in rendered and "<a " not in rendered and "onmouseover=" not in rendered.replace("onmouseover=&quot;", "")
        assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() in (f"Before {text} after.", f"Title {text}")


def test_a_javascript_url_in_data_fails_the_build_with_file_and_line(tmp_path):
    copy_project(tmp_path)
    routes = tmp_path / "data" / "routes.yml"
    text = routes.read_text(encoding="utf-8")
    old = "    url: https://portal.azure.com/#blade/Microsoft_Azure_Support/HelpAndSupportBlade"
    assert text.count(old) == 1
    routes.write_text(text.replace(old, '    url: "javascript:alert(1)"'), encoding="utf-8")
    line = next(n for n, row in enumerate(routes.read_text(encoding="utf-8").splitlines(), 1) if "javascript:" in row)
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert re.search(rf"data/routes\.yml:{line}:\d+: routes\[\d+\]\.url: link 'javascript:alert\(1\)' is neither https "
                     r"nor a page of the site\. Use an https:// address", output), output
    assert not (tmp_path / "site").exists()
