"""The pages and configs the generator finds by name are the guide plugin's options
(sitebuild/source/project.py PageLayout): the checker's form links to the pages they
name, and a name that is not a page, or not a config file name, is refused with the option
to set. tests/test_renamed_pages_site.py builds a project that renames them."""

from __future__ import annotations

import re
from html import unescape

import pytest

from sitebuild.pages.checker_form import portal_messages
from sitebuild.pages.decision_pages import make_plan
from sitebuild.pages.macros import MacroError, Macros, PageContext, unstash
from sitebuild.source.project import (CHECKER_PAGE, DECISION_TABLE_PAGE, LANGUAGE_CONFIG, PageLayout, ProjectFolders,
                                      language_config_problem, page_problem)
from sitebuild.source.site_data import load_site_data
from tests.conftest import DATA, ROOT

RENAMED = PageLayout(checker_page="help/eligibility/", decision_table_page="all-cases/", language_config="site.{lang}.yml")


def data_with(layout: PageLayout):
    return load_site_data(DATA, folders=ProjectFolders.of(ROOT, layout=layout))


def form(layout: PageLayout, url: str, plan=None, pages: frozenset[str] | None = None) -> str:
    context = PageContext(data_with(layout), "en", url, url.rstrip("/") + ".md", decision_plan=plan, pages=pages)
    return unstash(Macros(context).checker_form(), context.stash)


def hrefs(html: str, css_class: str) -> set[str]:
    return {unescape(href) for href in re.findall(rf'<a class="{css_class}"[^>]*?href="([^"]+)"', html)}


def test_the_defaults_are_this_guides_pages_and_configs():
    layout = PageLayout()
    assert (layout.checker_page, layout.decision_table_page, layout.language_config) == \
        (CHECKER_PAGE, DECISION_TABLE_PAGE, LANGUAGE_CONFIG)
    assert layout.language_config_file(ROOT / "mkdocs.yml", "ja") == ROOT / "mkdocs.ja.yml"
    assert RENAMED.language_config_file(ROOT / "mkdocs.yml", "fr") == ROOT / "site.fr.yml"


def test_the_form_links_to_the_pages_the_options_name(programme):
    html = form(RENAMED, "help/eligibility/")
    table_links = [unescape(h) for h in re.findall(r'class="checker-table-link" href="([^"]+)"', html)]
    assert table_links and set(table_links) == {"../../all-cases/"}
    uses = re.findall(r'class="checker-use-error" href="([^"]+)"', html)
    assert len(uses) == len(portal_messages(programme))
    assert all(unescape(href).startswith("../../help/eligibility/#") for href in uses)
    assert 'data-checker-root="../../"' in html and 'data-checker-page="help/eligibility/"' in html


def test_the_fallback_is_the_page_whose_front_matter_splits_the_table(programme):
    """The front matter's page is the table wherever it is: the option is for sites without one."""
    plan = make_plan("cases/index.md", "cases/", ("membership",), data_with(PageLayout()).decision_rows())
    html = form(PageLayout(), "checker/", plan)
    assert set(re.findall(r'class="checker-table-link" href="([^"]+)"', html)) == {"../cases/"}


@pytest.mark.parametrize("missing, option", [("all-cases/", "decision_table_page"), ("help/eligibility/", "checker_page")])
def test_a_page_the_form_links_to_must_exist(missing, option):
    pages = frozenset({"", "help/eligibility/", "all-cases/", "levels/"} - {missing})
    form(RENAMED, "help/eligibility/", pages=pages | {missing})  # with it: fine
    with pytest.raises(MacroError, match=rf"'{re.escape(missing)}' does not exist.*set the guide plugin's option {option}"):
        form(RENAMED, "help/eligibility/", pages=pages)


@pytest.mark.parametrize("value", ["checker", "/checker/", "../checker/", "", "https://example.com/", "a//b/", 5])
def test_a_page_option_is_a_pages_address(value):
    assert "checker_page" in page_problem("checker_page", value)
    with pytest.raises(ValueError, match="checker_page"):
        PageLayout.of({"checker_page": value})


@pytest.mark.parametrize("value", ["mkdocs.yml", "configs/{lang}.yml", "../mkdocs.{lang}.yml", "{lang}.{lang}.yml",
                                   "mkdocs.{0}{lang}.yml", "mkdocs.{lang}.txt", None])
def test_the_language_config_is_a_file_name_with_the_language(value):
    assert "language_config" in language_config_problem(value)
    with pytest.raises(ValueError, match="language_config"):
        PageLayout.of({"language_config": value})


@pytest.mark.parametrize("value", ["help/eligibility/", "a.b/c-d_e/"])
def test_good_names_pass(value):
    assert page_problem("checker_page", value) is None
    assert language_config_problem("site.{lang}.yaml") is None
