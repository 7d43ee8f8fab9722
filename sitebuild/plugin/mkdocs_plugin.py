"""MkDocs plugin `guide`: the data in data/ becomes the pages, in every language.

The life story of `mkdocs build` (or of each rebuild under `mkdocs serve`). The build
of the source language (mkdocs.yml) drives the whole site; every other language of
data/languages.yml (mkdocs.<lang>.yml, or the file the `language_config` option names) is
a nested build of its own config into <site>/<lang>/.

on_config         Read and validate data/ (once per process, shared by all languages);
                  a data error fails the build with the full report, before anything
                  is written. Add the language switcher; point shared assets at the
                  source site's copy. Source language only: check that every page
                  exists in every complete language, stage the site in a temporary
                  sibling folder, and load the other languages' configs.
                  Stale translations: a warning each (sitebuild/pages/stale_marks.py).
on_files          Source language: leave out the other languages' folders. Other
                  languages: leave out the theme's shared assets (copied once, at the
                  root); a draft language gets the source page for each page it lacks
                  (sitebuild/pages/fallback.py). Then check that every page sections.yml
                  names exists.
on_nav            Title the nav's sections from page strings, in the build's language.
on_page_markdown  Pages with `macros: true` in their front matter: render their
                  `{{ macro() }}` calls (sitebuild/pages/macros.py) with Jinja; code is left
                  alone; each error is kept, naming the file and the line
                  (sitebuild/pages/macro_check.py). Figures typed into prose are warnings.
on_page_content   Put stashed HTML (decision table, checker form) in place; check the
                  anchors sections.yml names are on the page; in a draft language, put
                  the "not translated yet" banner on pages that fell back.
on_env            Every page of the language is rendered: the pages' errors fail the
                  build here, all of them in one report; check the links between
                  them, each with its line and a suggestion (warnings).
on_post_build     Priority -100, after the search plugin wrote its index. Source
                  language only: build the other languages, write the checker's
                  assets once for all, write the precompressed siblings of
                  every file, then swap the staged site in; under --strict
                  with warnings the staged site is dropped instead.
on_build_error    Drop the staged site: the previous one stays complete.
on_serve          Turn on incremental rebuilds (sitebuild/plugin/preview.py: only the languages
                  a change affects are built, the others copied from the served site).
                  Watch data/ and the other languages' configs too; after a failed
                  rebuild, keep serving the last good site (sitebuild/plugin/serving.py).

The page and site steps themselves are in sitebuild/pages/page_steps.py and site_steps.py,
shared with the Zensical build (sitebuild/zensical/build.py), so both build the same pages.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import base
from mkdocs.config.base import ValidationError
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from checker.loading import locator
from sitebuild.pages import csp
from sitebuild.pages import inline_scripts
from sitebuild.plugin import heap, preview, proof_beside
from sitebuild.bundle import search_index
from sitebuild.pages import languages
from sitebuild.pages import template_text
from sitebuild.bundle.build_failures import describe_write_failure, missing_runtime
from sitebuild.files.atomic import StagedSite
from sitebuild.pages.fallback import add_fallback_pages
from sitebuild.pages.links import CheckedLinks, PageLinks, anchors_in, broken_links
from sitebuild.pages.macros import Macros, PageContext
from sitebuild.pages.page_steps import (PageError, banner_words_problem, finish_html, missing_anchors, missing_section_pages,
                                  page_url, render_macros)
from sitebuild.pages.prose_figures import typed_figures
from sitebuild.site import theme_files
from sitebuild.site.release import release_url_problem
from sitebuild.pages.render import make_environment
from sitebuild.site.site_steps import SiteError, finish_site, load_checked_data, project_folders
from sitebuild.plugin.serving import keep_serving_last_good_build
from sitebuild.pages.stale_marks import fails_on_stale, stale_pages, stale_warnings
from sitebuild.source.project import (CACHE_DIR, CHECKER_PAGE, DECISION_TABLE_PAGE, LANGUAGE_CONFIG, PYODIDE_DIR,
                                      ProjectFolders, language_config_problem, page_problem)
from sitebuild.source.site_data import SiteData

log = logging.getLogger("mkdocs.plugins.guide")
# The pages' Jinja sandbox, one for the process: it keeps each page text's compiled
# template (sitebuild/pages/macro_check.py), which every rebuild under serve reuses.
PAGE_ENVIRONMENT = make_environment()
CHECKED_LINKS = CheckedLinks()
logging.getLogger("mkdocs.structure.pages").addFilter(CHECKED_LINKS)


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


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.data: SiteData | None = None
        self.folders: ProjectFolders | None = None  # the project's data, runtime and cache, from the options
        self.stage: StagedSite | None = None
        self.warnings: CountHandler | None = None
        self.languages: list[MkDocsConfig] = []
        self.driven_by_source = False  # set on the other languages' plugins by the source build
        self.contexts: dict[str, PageContext] = {}  # pages rendered by the macros, until their HTML is done
        self.fallback_pages: set[str] = set()  # pages of a draft language built from the source page
        self.stale_prose: set[str] = set()  # pages of this language whose prose predates its source page
        self.decision_plan = None  # the decision table's case pages in this language (sitebuild/pages/decision_pages.py)
        self.page_urls: frozenset[str] = frozenset()  # every page of this language: the ones macros link to must be here
        self.env = PAGE_ENVIRONMENT
        self.page_links: dict[str, PageLinks] = {}  # this language's pages: their links and anchors, until on_env
        self.checked_links: dict[str, set[str]] = {}  # page -> its link targets that broken_links reads (for CHECKED_LINKS)
        self.rebuild: set[str] = set()  # the languages this build renders (sitebuild/plugin/preview.py); the others are copied
        self.data_stamps: preview.Stamps = {}  # the data folder as it was when this build read it
        self.reindex: list = []  # under serve: the languages whose search index is rewritten once this build is served
        self.page_problems: list[str] = []  # every page's macro and anchor problems, reported together (on_env)
        self.failed_pages: set[str] = set()  # pages whose macros failed: their HTML is not checked further
        self.names: dict[str, str] = {}  # page -> its Markdown file as a writer finds it (`_name`), for this build
        self.stopped_work = None  # under serve: the last build's background work, stopped by this one unfinished

    @property
    def is_source(self) -> bool:
        return self.data is not None and self.config.language == self.data.source_language

    # --- on_config -------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.driven_by_source:  # first: what the last build left running would compete with this one
            heap.cancel()  # sitebuild/plugin/heap.py
            self.stopped_work = preview.stop_background()  # the search indexing; resumed if this build fails
        self.page_problems, self.failed_pages = [], set()
        previous, self.checked_links = self.checked_links, {}
        self.names = {}
        CHECKED_LINKS.enter(self.checked_links, previous)
        self.folders = project_folders(Path(config.config_file_path).parent, self.config)
        self.data_stamps = preview.data_stamps(self.folders.data)
        self.data = self._load_data()
        self._check_language(config)
        _add_theme_files(config)
        config.extra["alternate"] = languages.alternates(self.data.programme.languages, self.config.language)
        template_text.escape_settings(config)  # site_name and site_description go into templates raw
        if not self.is_source:
            if not self.driven_by_source:
                log.warning(f"guide: {Path(config.config_file_path).name} builds '{self.config.language}' alone, without "
                            "the shared assets at the site root: run plain `mkdocs build` to build every language.")
            languages.share_assets(config, self.config.shared_assets, depth=1)
            return config
        problems = languages.translation_problems(Path(config.docs_dir), self.data.programme.languages)
        if problems:
            raise PluginError("guide: pages are missing a translation:\n  " + "\n  ".join(problems))
        self._check_release_url(config)
        self._check_runtime()
        self._stage(config)
        self._warn_stale(config)
        self._plan_rebuild(config)
        for language in (config, *self.languages):
            preview.list_theme_files_once(language.theme, language.plugins["guide"].config.language)
        return config

    def _check_runtime(self) -> None:
        """The checker's runtime is there before anything is built (sitebuild/bundle/build_failures.py)."""
        problem = missing_runtime(self.data.folders.pyodide) if self.config.checker_assets else None
        if problem:
            raise PluginError(f"guide: {problem} Nothing was built.")

    def _check_release_url(self, config: MkDocsConfig) -> None:
        """A release's site_url is public (sitebuild/site/release.py): under --strict a
        loopback one stops the build before anything is written, else it is a warning."""
        problem = release_url_problem(config.site_url) if self.config.release else None
        if problem and config.strict:
            raise PluginError(f"guide: release build: {problem}")
        if problem:
            log.warning(f"guide: release build: {problem}")

    def _plan_rebuild(self, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, only the languages a change affects are built (sitebuild/plugin/preview.py)."""
        root, docs, programme = Path(config.config_file_path).parent, Path(config.docs_dir), self.data.programme
        theme = tuple(Path(folder) for folder in (config.theme.custom_dir, theme_files.THEME_DIR) if folder)
        configs = {self.config.language: Path(config.config_file_path)}
        configs |= {language.plugins["guide"].config.language: Path(language.config_file_path) for language in self.languages}
        self.rebuild = preview.plan(root, docs, self.data_stamps, programme.languages, self.stage.final, theme, configs)
        if self.config.language not in self.rebuild:
            config.nav = []  # nothing to build here: the pages are copied from the served site
    def _warn_stale(self, config: MkDocsConfig) -> None:
        """Stale translations never block the source language: each is a warning (so
        --strict fails), and a build under CI fails outright."""
        root = Path(config.config_file_path).parent
        lines = stale_warnings(self.data.programme, locator(self.data.locations), root, Path(config.docs_dir))
        if lines and fails_on_stale(False) and not config.strict:
            raise PluginError("guide: stale translations (CI builds fail on them):\n" + "\n".join(lines))
        for line in lines:
            log.warning(f"guide: {line}")

    def _load_data(self) -> SiteData:
        # Proves the rules now: a failing proof fails early. Under serve the proof runs
        # beside the build, and _await_proof gets its verdict before anything is served.
        prove = proof_beside.start if preview.SESSION.serving else SiteData.decision_rows
        try:
            data = load_checked_data(self.folders, prove)
        except SiteError as error:
            raise PluginError(str(error)) from None
        _check_banner_words(data)
        return data

    def _check_language(self, config: MkDocsConfig) -> None:
        lang = self.config.language
        if lang not in self.data.languages:
            raise PluginError(f"guide: language '{lang}' is not in data/languages.yml ({', '.join(self.data.languages)}).")
        if config.theme.get("language") != lang:
            raise PluginError(f"guide: theme.language is '{config.theme.get('language')}' but this config builds '{lang}': "
                              f"set theme.language: {lang} so Material's words and search are in that language.")

    def _stage(self, config: MkDocsConfig) -> None:
        preview.stop_background()  # nothing writes into the served site while this build reads it
        self.stage = StagedSite.begin(Path(config.site_dir), say=log.info)
        config.site_dir = str(self.stage.staging)
        self.warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.languages = [languages.load_language_config(config, lang, self.stage.staging / lang, self.folders.layout)
                          for lang in self.data.languages[1:]]

    # --- files and pages -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        others = self.data.languages[1:]
        self.fallback_pages = set()
        if self.is_source and self.config.language not in self.rebuild:
            return Files([])  # unchanged: on_post_build copies its pages from the served site
        if self.is_source:
            languages.drop_other_languages(files, others)
        else:
            languages.drop_shared_theme_files(files, self.config.shared_assets, config.docs_dir)
        if self.data.is_draft(self.config.language):
            # The language's folder sits in the source's (load_language_config checks it).
            self.fallback_pages = add_fallback_pages(files, config, Path(config.docs_dir).parent, set(others))
            log.info(f"guide: '{self.config.language}' is a draft: {len(self.fallback_pages)} pages built from the "
                     f"{self.data.source_language} pages, with a banner")
        if not self.is_source:
            root, source_docs = Path(config.config_file_path).parent, Path(config.docs_dir).parent
            self.stale_prose = stale_pages(root, source_docs, self.data.programme, self.config.language)
        self._add_decision_pages(files, config)
        self.page_urls = frozenset(_page_path(file.url) for file in files.documentation_pages())
        problem = missing_section_pages(self.data, set(self.page_urls), self._folder(config))
        if problem:
            raise PluginError(problem)
        return files

    def _add_decision_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The decision table's case pages, one per case (sitebuild/pages/decision_pages.py)."""
        from sitebuild.pages import decision_pages

        try:
            self.decision_plan = decision_pages.find_plan(files, self.data.programme, self.data.decision_rows())
        except ValueError as error:
            raise PluginError(f"guide: {self._folder(config)}/{error}") from None
        if self.decision_plan is not None:
            decision_pages.add_case_pages(self.decision_plan, files, config, self._case_title)

    def _case_title(self, case) -> str:
        context = PageContext(self.data, self.config.language, case.url, case.url.rstrip("/") + ".md",
                              decision_plan=self.decision_plan)
        return Macros(context).decision_title(case.number)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        languages.translate_nav_sections(nav, self._page_string, self.data.programme.files.get("page-strings", "the page strings"))
        return nav

    def _page_string(self, key: str) -> str | None:
        """A page string in the build's language (a draft's missing one in the source's)."""
        text = self.data.programme.page_strings.get(key)
        return text.get(self.config.language, self.data.source_language) if text else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The macros, rendered by the step every engine shares (sitebuild/pages/page_steps.py);
        an unchanged page under `mkdocs serve` is rendered once (sitebuild/plugin/preview.py)."""
        name = self._name(page, config)
        self._warn_typed_figures(page, name)

        def render():
            rendered, context, links = render_macros(self.data, self.env, self.config.language, page.file.src_uri, name,
                                                     markdown, _first_line(page, markdown), page.meta, log.warning,
                                                     decision_plan=self.decision_plan, pages=self.page_urls)
            # Kept: what on_page_content reads, not the context, which holds this data
            # version and its proof rows (the kept renders would keep every version alive).
            kept = None if context is None else (tuple(context.stash), context.fallbacks, context.stale)
            return kept, rendered, links

        key = (self.config.language, page.file.src_uri, name, markdown, self.data.programme.version, self.page_urls,
               self.folders.layout)
        try:
            kept, rendered, links = preview.cached_page(key, render)
        except PageError as error:  # reported with every other page's in on_env: one build names them all
            self.page_problems.append(str(error))
            self.failed_pages.add(page.file.src_uri)
            return markdown
        self.page_links.setdefault(page.file.src_uri, PageLinks(name)).links = links
        self.checked_links[page.file.src_uri] = {target for _, target in links}
        if kept is not None:
            stash, fallbacks, stale = kept
            self.contexts[page.file.src_uri] = PageContext(self.data, self.config.language, page_url(page.file.src_uri),
                                                           page.file.src_uri, list(stash), fallbacks, stale=stale)
        return rendered

    def _warn_typed_figures(self, page: Page, name: str) -> None:
        """A figure typed into the prose would not follow the data (sitebuild/pages/prose_figures.py)."""
        if page.file.abs_src_path and page.file.src_uri not in self.fallback_pages:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            for finding in typed_figures(self.data.programme, name, source):
                log.warning(f"guide: {finding.format()}")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.failed_pages:
            return html
        context = self.contexts.pop(page.file.src_uri, None)
        name = self._name(page, config)
        if page.present_anchor_ids is not None and context is not None:
            page.present_anchor_ids.update(re.findall(r'\sid="([^"]+)"', "".join(context.stash)))
        try:
            html = finish_html(html, self.data, self.config.language, context,
                               page.file.src_uri in self.fallback_pages, name, page.file.src_uri in self.stale_prose)
        except PageError as error:
            self.page_problems.append(str(error))
            return html
        if page.file.src_uri in self.page_links:
            self.page_links[page.file.src_uri].anchors = anchors_in(html)
        self.page_problems += missing_anchors(self.data, _page_path(page.url), html, name)
        return html

    def _name(self, page: Page, config: MkDocsConfig) -> str:
        """The page's Markdown file as a writer finds it (a fallback page names the source file)."""
        if page.file.src_uri not in self.names:  # asked four times per page: resolving paths reads the disk
            root = Path(config.config_file_path).parent.resolve()
            source = Path(page.file.abs_src_path or "").resolve()
            self.names[page.file.src_uri] = (source.relative_to(root).as_posix() if source.is_relative_to(root)
                                             else f"{self._folder(config)}/{page.file.src_uri}")
        return self.names[page.file.src_uri]

    def _folder(self, config: MkDocsConfig) -> str:
        docs = Path(config.docs_dir).resolve()
        root = Path(config.config_file_path).parent.resolve()
        return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)

    # --- every value escaped once in the theme's templates (sitebuild/pages/template_text.py) --

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is rendered now. The theme's `striptags` escapes what it un-escapes
        (`<title>`, aria labels); the links between pages are checked (sitebuild/pages/links.py),
        each named with its line and what was probably meant; the theme's templates are
        compiled once per process, and under serve an unchanged page is not rendered
        again (sitebuild/plugin/preview.py)."""
        if self.page_problems:
            count = len("\n".join(self.page_problems).splitlines())
            raise PluginError(f"guide: {count} problem{'s' if count > 1 else ''} in the '{self.config.language}' pages; "
                              "nothing was built:\n" + "\n".join(self.page_problems))
        env.filters["striptags"] = template_text.striptags_escaped
        env.bytecode_cache = preview.THEME_BYTECODE
        preview.reuse_theme_output(env, self.config.language)
        if self.config.search_index:
            search_index.skip_material_documents(config.plugins)
        media = {file.src_uri for file in files if not file.is_documentation_page()}
        for finding in broken_links(self.page_links, media):
            log.warning(f"guide: {finding.format()}")
        self.page_links = {}
        return env

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """Titles are HTML already; front matter and site settings are text to escape."""
        template_text.mark_titles_as_html([page, *nav.pages])  # a page left out of the nav too
        template_text.escape_page_meta(page.meta)
        return context

    # --- the Content Security Policy of each page (sitebuild/pages/csp.py) ---------------------

    @event_priority(-100)  # last: the hashes are those of the page's final inline scripts
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._refuse_unknown_scripts(output, self._name(page, config), config)
        if search_index.excluded_by(page.meta):
            output = search_index.mark_excluded(output)
        return self._with_policy(self._with_search(output), self._name(page, config))

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        self._refuse_unknown_scripts(output_content, template_name, config)
        return self._with_policy(self._with_search(output_content), template_name)

    def _refuse_unknown_scripts(self, html: str, name: str, config: MkDocsConfig) -> None:
        """Only the theme's own inline scripts get a hash (sitebuild/pages/inline_scripts.py):
        any other inline script fails the build, naming the page."""
        unknown = inline_scripts.unknown_scripts(html, inline_scripts.theme_patterns(tuple(config.theme.dirs)))
        if unknown:
            shown = " ".join(unknown[0].split())[:120]
            raise PluginError(
                f"guide: {name} ({self.config.language}) has an inline <script> that no theme template writes: "
                f"<script>{shown}</script>. The site's policy allows only the theme's own inline scripts. Put page "
                "scripts in a file in the theme's custom_dir listed in extra_javascript; markup in a data string "
                "must show as text, so if this came from data/, report it as an escaping bug.")

    def _with_search(self, html: str) -> str:
        """Material's search box asks the language's Pagefind index (sitebuild/bundle/search_index.py)."""
        if not self.config.search_index:
            return html
        return search_index.point_material_at_pagefind(html, languages.language_root(self.config.language, self.data.source_language))

    def _with_policy(self, html: str, name: str) -> str:
        key = ("csp", hashlib.sha256(html.encode("utf-8", "surrogateescape")).digest())
        for problem in preview.cached_page(key, lambda: csp.problems(html)):  # an unchanged page is checked once
            log.warning(f"guide: {name} ({self.config.language}) has {problem}.")
        return csp.with_meta(html)

    # --- the end of a build --------------------------------------------------------------

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        CHECKED_LINKS.leave(self.checked_links)
        if not self.is_source or self.stage is None:
            return
        others = set(self.data.languages[1:])
        if self.config.language not in self.rebuild:
            preview.copy_language(self.stage.final, self.stage.staging, None, others)
            log.info(f"guide: '{self.config.language}' is unchanged: its pages are the served ones")
        for language in self.languages:
            lang = language.plugins['guide'].config.language
            if lang in self.rebuild:
                log.info(f"guide: building '{lang}' into {language.site_dir}")
                build(language)
            else:
                preview.copy_language(self.stage.final, self.stage.staging, lang, others)
                log.info(f"guide: '{lang}' is unchanged: its pages are the served ones")
        self._await_proof()
        self._write_search_indexes()
        finish_site(self.stage.staging, self.data, self.config.checker_assets, log.info,
                    precompress=self.config.precompress and not preview.SESSION.serving)
        self._finish(config)

    def _await_proof(self) -> None:
        """Under serve the rules' proof ran beside this build (sitebuild/plugin/proof_beside.py):
        its verdict, before anything is served; a failed proof fails the build as before."""
        if not preview.SESSION.serving:
            return
        try:
            proof_beside.verdict(self.data)
        except ValueError as error:
            raise PluginError(f"guide: {error}") from None

    def _write_search_indexes(self) -> None:
        """Every language's readers' index, each from its own pages (sitebuild/bundle/search_index.py).
        Under serve, a rebuilt language that has a served index keeps it until its new
        one is written, in the background once this build is served (sitebuild/plugin/preview.py)."""
        if not self.config.search_index:
            return
        search_index.require_extended()
        others = frozenset(self.data.languages[1:])
        jobs = [search_index.Job(self.stage.staging, self.config.language, others)]
        jobs += [search_index.Job(self.stage.staging / lang, lang) for lang in others]
        jobs = [job for job in jobs if job.lang in self.rebuild]  # an unchanged language keeps its served index
        served = {job.lang: self.stage.final / job.site_dir.relative_to(self.stage.staging) for job in jobs}
        later = [job for job in jobs if preview.SESSION.serving and search_index.copy_bundle(served[job.lang], job.site_dir)]
        search_index.write_indexes([job for job in jobs if job not in later], log.info)
        self._point_search_boxes(jobs)
        self.reindex = [search_index.Job(served[job.lang], job.lang, job.skip) for job in later]

    def _point_search_boxes(self, jobs: list) -> None:
        for job in jobs:
            search_index.point_material_index_at_pagefind(job.site_dir, job.lang, languages.language_root(job.lang, self.config.language))

    def _reindex_served(self, jobs: list, start) -> None:
        """The served languages' new indexes, swapped in, and the offline manifest that names them."""
        search_index.write_indexes(jobs, log.info, swap=True, start=start)
        self._point_search_boxes(jobs)
        if self.config.checker_assets:
            from sitebuild.bundle.offline import write_service_worker

            write_service_worker(self.stage.final, self.data.programme, self.data.folders.pyodide)

    def _finish(self, config: MkDocsConfig) -> None:
        self._stop_counting()
        if config.strict and self.warnings and self.warnings.get_counts():
            log.warning(f"guide: --strict and warnings: the site in {self.stage.final} is left as it was.")
            self.stage.abandon()
            preview.resume_background(self.stopped_work)
        else:
            self.stage.commit(remove_old_later=preview.SESSION.serving)  # the writer waits for the new site only
            preview.succeeded()
            if preview.SESSION.serving:
                heap.after_build()  # the next build's garbage collections skip what this one leaves
            if self.reindex:
                jobs, self.reindex = self.reindex, []
                preview.in_background(lambda programs: self._reindex_served(jobs, programs.start), "the preview's search index")
            log.info(f"guide: site ready in {self.stage.final} ({', '.join(self.data.languages)})")
        config.site_dir = str(self.stage.final)

    def on_build_error(self, *, error: Exception) -> None:
        CHECKED_LINKS.leave(self.checked_links)
        preview.resume_background(self.stopped_work)  # the served site is the one it was indexing
        if preview.SESSION.serving and self.data is not None and self.is_source:
            report = proof_beside.failure(self.data)  # a page may fail because of what the proof reports
            if report and report not in str(error):
                log.error(f"guide: {report}")
        self._stop_counting()
        stage, self.stage = self.stage, None
        if stage is not None:
            stage.abandon()
        if isinstance(error, OSError):  # the machine refused a write: one line, not a traceback
            raise Abort(describe_write_failure(error, stage.final if stage else None)) from None
        if stage is not None:
            log.error(f"guide: build failed; the site in {stage.final} is left as it was.")

    def _stop_counting(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        preview.start_serving()
        preview.watch_quickly(server)
        keep_serving_last_good_build(server)
        csp.allow_live_reload(server)
        server.watch(self.config.data_dir)
        for language in self.languages:
            server.watch(language.config_file_path)
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        server.watch(str(theme_files.THEME_DIR))  # the package's own theme, when edited in a checkout
        return server


def _add_theme_files(config: MkDocsConfig) -> None:
    """The package's theme (sitebuild/site/theme_files.py): its folder after the project's
    custom_dir, its scripts and styles before the project's own."""
    config.theme.dirs[:] = theme_files.theme_dirs_with_ours(config.theme.dirs, config.theme.custom_dir)
    ours = []
    for path, kind in theme_files.scripts_to_add({str(script) for script in config.extra_javascript}):
        script = ExtraScriptValue(path)
        script.type = kind or ""
        ours.append(script)
    config.extra_javascript[:0] = ours
    config.extra_css[:0] = theme_files.styles_to_add(list(config.extra_css))


def _check_banner_words(data: SiteData) -> None:
    problem = banner_words_problem(data)
    if problem:
        raise PluginError(problem)


def _first_line(page: Page, markdown: str) -> int:
    """The source line where `markdown` starts (after the front matter)."""
    source = page.file.content_string
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def _page_path(url: str) -> str:
    """A page's URL as sections.yml writes it: '' for the home page, 'activate/' otherwise."""
    return "" if url in (".", "./") else url
