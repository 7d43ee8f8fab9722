"""The `guide` plugin's options, as a project writes them under `plugins: guide:` in
mkdocs.yml: every folder relative to the config file, every page and config found by a
name the project may change (sitebuild/source/project.py)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from sitebuild.site import theme_files
from sitebuild.source.project import (CACHE_DIR, CHECKER_PAGE, DECISION_TABLE_PAGE, LANGUAGE_CONFIG, PYODIDE_DIR,
                                      language_config_problem, page_problem)


class _Named(c.Type):
    """A name the guide finds things by (a page, a config file): a string that `problem`
    accepts (sitebuild/source/project.py), else MkDocs reports the option and why."""

    def __init__(self, problem, default: str) -> None:
        super().__init__(str, default=default)
        self.problem = problem

    def run_validation(self, value):
        value = super().run_validation(value)
        problem = self.problem(value)
        if problem:
            raise ValidationError(problem)
        return value


class GuideConfig(base.Config):
    data_dir = c.Dir(exists=True, default="data")
    """The folder of YAML data files (the single source of truth)."""

    pyodide_dir = c.Type(str, default=PYODIDE_DIR)
    """The npm package pyodide (put there by `npm ci`): the runtime the checker's page ships. Relative to this config file."""

    cache_dir = c.Type(str, default=CACHE_DIR)
    """Built wheels and compressed files, reused by the next build. Relative to this config file."""

    language = c.Type(str, default="en")
    """The language this config builds: one of data/languages.yml; the first one drives the others."""

    shared_assets = c.ListOfItems(c.Type(str), default=list(theme_files.SHARED))
    """Theme asset folders written once at the site root and used by every language."""

    checker_assets = c.Type(bool, default=True)
    """Write the checker's runtime, wheel and data (sitebuild/bundle/checker_assets.py) into the site."""

    release = c.Type(bool, default=False)
    """A release build (GUIDE_RELEASE=true in mkdocs.yml): site_url must be a public https address."""

    search_index = c.Type(bool, default=True)
    """Index the language's readers' pages with Pagefind and answer Material's search box from it (sitebuild/bundle/search_index.py)."""

    precompress = c.Type(bool, default=True)
    """Write `.br` and `.gz` siblings of every text and wasm file (sitebuild/files/precompress.py)."""

    checker_page = _Named(lambda value: page_problem("checker_page", value), CHECKER_PAGE)
    """The page with the checker, as its address inside each language ('checker/' for content/checker.md): the error lookup's links lead there."""

    decision_table_page = _Named(lambda value: page_problem("decision_table_page", value), DECISION_TABLE_PAGE)
    """The decision table's page, the checker's link for readers without JavaScript. A page whose front matter has `decision_pages` is the table, wherever it is."""

    language_config = _Named(language_config_problem, LANGUAGE_CONFIG)
    """The file name of each other language's config, beside this one, with {lang} for the language's id."""
