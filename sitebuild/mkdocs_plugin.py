"""MkDocs plugin `guide`: the data in data/ becomes the pages, in every language.

The life story of `mkdocs build` (or of each rebuild under `mkdocs serve`). The build
of the source language (mkdocs.yml) drives the whole site; every other language of
data/languages.yml (mkdocs.<lang>.yml) is a nested build of its own config into
<site>/<lang>/.

on_config         Read and validate data/ (once per process, shared by all languages);
                  a data error fails the build with the full report, before anything
                  is written. Add the language switcher; point shared assets at the
                  source site's copy. Source language only: check that every page
                  exists in every complete language, stage the site in a temporary
                  sibling folder, and load the other languages' configs.
on_files          Source language: leave out the other languages' folders. Other
                  languages: leave out the theme's shared assets (copied once, at the
                  root); a draft language gets the source page for each page it lacks
                  (sitebuild/fallback.py). Then check that every page sections.yml
                  names exists.
on_nav            Title the nav's sections from page strings, in the build's language.
on_page_markdown  Pages with `macros: true` in their front matter: render their
                  `{{ macro() }}` calls (sitebuild/macros.py) with Jinja; code is left
                  alone; an error fails the build naming the file and line.
on_page_content   Put stashed HTML (decision table, checker form) in place; check the
                  anchors sections.yml names are on the page; in a draft language, put
                  the "not translated yet" banner on pages that fell back.
on_post_build     Priority -100, after the search plugin wrote its index. Source
                  language only: build the other languages, write the checker's
                  assets once for all, write the precompressed siblings of
                  every file, then swap the staged site in; under --strict
                  with warnings the staged site is dropped instead.
on_build_error    Drop the staged site: the previous one stays complete.
on_serve          Watch data/ and the other languages' configs too; after a failed
                  rebuild, keep serving the last good site (sitebuild/serving.py).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from checker import DataErrors
from sitebuild import site_i18n
from sitebuild import csp
from sitebuild.atomic import StagedSite
from sitebuild.fallback import add_fallback_pages, banner, missing_banner_words, with_banner
from sitebuild.macros import MacroError, Macros, PageContext, unstash
from sitebuild.render import RenderError, make_environment, render_page, uses_macros
from sitebuild.serving import keep_serving_last_good_build
from sitebuild.site_data import SiteData, load_site_data

log = logging.getLogger("mkdocs.plugins.guide")


class GuideConfig(base.Config):
    data_dir = c.Dir(exists=True, default="data")
    """The folder of YAML data files (the single source of truth)."""

    language = c.Type(str, default="en")
    """The language this config builds: one of data/languages.yml; the first one drives the others."""

    shared_assets = c.ListOfItems(c.Type(str), default=["assets/checker/"])
    """Theme asset folders written once at the site root and used by every language."""

    checker_assets = c.Type(bool, default=True)
    """Write the checker's runtime, wheel and data (sitebuild/checker_assets.py) into the site."""

    precompress = c.Type(bool, default=True)
    """Write `.br` and `.gz` siblings of every text and wasm file (sitebuild/precompress.py)."""


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.data: SiteData | None = None
        self.stage: StagedSite | None = None
        self.warnings: CountHandler | None = None
        self.languages: list[MkDocsConfig] = []
        self.driven_by_source = False  # set on the other languages' plugins by the source build
        self.contexts: dict[str, PageContext] = {}  # pages rendered by the macros, until their HTML is done
        self.fallback_pages: set[str] = set()  # pages of a draft language built from the source page
        self.decision_plan = None  # the decision table's case pages in this language (sitebuild/decision_pages.py)
        self.env = make_environment()

    @property
    def is_source(self) -> bool:
        return self.data is not None and self.config.language == self.data.source_language

    # --- on_config -------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.data = self._load_data()
        self._check_language(config)
        config.extra["alternate"] = site_i18n.alternates(self.data.programme.languages, self.config.language)
        if not self.is_source:
            if not self.driven_by_source:
                log.warning(f"guide: {Path(config.config_file_path).name} builds '{self.config.language}' alone, without "
                            "the shared assets at the site root: run plain `mkdocs build` to build every language.")
            site_i18n.share_assets(config, self.config.shared_assets, depth=1)
            return config
        problems = site_i18n.translation_problems(Path(config.docs_dir), self.data.programme.languages)
        if problems:
            raise PluginError("guide: pages are missing a translation:\n  " + "\n  ".join(problems))
        self._stage(config)
        return config

    def _load_data(self) -> SiteData:
        try:
            data = load_site_data(Path(self.config.data_dir))
            data.decision_rows()  # proves the rules now: a failing proof fails the build early
        except DataErrors as errors:
            raise PluginError(f"guide: the data has problems; nothing was built:\n{errors.report()}") from None
        except ValueError as error:
            raise PluginError(f"guide: {error}") from None
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
        self.stage = StagedSite.begin(Path(config.site_dir))
        config.site_dir = str(self.stage.staging)
        self.warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.languages = [site_i18n.load_language_config(config, lang, self.stage.staging / lang)
                          for lang in self.data.languages[1:]]

    # --- files and pages -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        others = self.data.languages[1:]
        self.fallback_pages = set()
        if self.is_source:
            site_i18n.drop_other_languages(files, others)
        else:
            site_i18n.drop_shared_theme_files(files, self.config.shared_assets, config.docs_dir)
        if self.data.is_draft(self.config.language):
            # The language's folder sits in the source's (load_language_config checks it).
            self.fallback_pages = add_fallback_pages(files, config, Path(config.docs_dir).parent, set(others))
            log.info(f"guide: '{self.config.language}' is a draft: {len(self.fallback_pages)} pages built from the "
                     f"{self.data.source_language} pages, with a banner")
        self._add_decision_pages(files, config)
        pages = {_page_path(file.url) for file in files.documentation_pages()}
        missing = [f"section '{s.id}' names page '{s.page}'" for s in self.data.programme.sections if s.page not in pages]
        if missing:
            raise PluginError(f"guide: {self._folder(config)} lacks pages that data/sections.yml names: {'; '.join(missing)}.")
        return files

    def _add_decision_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The decision table's case pages, one per case (sitebuild/decision_pages.py)."""
        from sitebuild import decision_pages

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
        site_i18n.translate_nav_sections(nav, self._page_string, self.data.programme.files.get("page-strings", "the page strings"))
        return nav

    def _page_string(self, key: str) -> str | None:
        """A page string in the build's language (a draft's missing one in the source's)."""
        text = self.data.programme.page_strings.get(key)
        return text.get(self.config.language, self.data.source_language) if text else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        name = self._name(page, config)
        if not page.meta.get("macros"):
            if uses_macros(markdown):
                log.warning(f"guide: {name} has {{{{ ... }}}} but no 'macros: true' in its front matter; they would show as text.")
            return markdown
        context = PageContext(self.data, self.config.language, _page_path(page.url), page.file.src_uri,
                              decision_plan=self.decision_plan)
        try:
            rendered = render_page(self.env, markdown, name, Macros(context).functions(), _first_line(page, markdown))
        except RenderError as error:
            raise PluginError(f"guide: {name}:{error.line or '?'}: {error.message}") from None
        self.contexts[page.file.src_uri] = context
        return rendered

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        context = self.contexts.pop(page.file.src_uri, None)
        stash = context.stash if context else []
        try:
            html = unstash(html, stash)
        except MacroError as error:
            raise PluginError(f"guide: {self._name(page, config)}: {error}") from None
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(re.findall(r'\sid="([^"]+)"', "".join(stash)))
        self._check_anchors(html, page, config)
        return self._mark_untranslated(html, page, context)

    def _mark_untranslated(self, html: str, page: Page, context: PageContext | None) -> str:
        """A draft language's page built from the source page, or showing source strings, says so."""
        if page.file.src_uri in self.fallback_pages:
            kind = "page"
        elif context is not None and context.fallbacks:
            kind = "parts"
        else:
            return html
        return with_banner(html, banner(self.data.programme, self.config.language, kind))

    def _check_anchors(self, html: str, page: Page, config: MkDocsConfig) -> None:
        for section in self.data.programme.sections:
            if section.page == _page_path(page.url) and section.anchor and f'id="{section.anchor}"' not in html:
                raise PluginError(f"guide: {self._name(page, config)} has no heading with the anchor "
                                  f"'#{section.anchor}' that sections.yml names; write {{{{ heading('{section.id}') }}}}.")

    def _name(self, page: Page, config: MkDocsConfig) -> str:
        """The page's Markdown file as a writer finds it (a fallback page names the source file)."""
        root = Path(config.config_file_path).parent.resolve()
        source = Path(page.file.abs_src_path or "").resolve()
        return source.relative_to(root).as_posix() if source.is_relative_to(root) else f"{self._folder(config)}/{page.file.src_uri}"

    def _folder(self, config: MkDocsConfig) -> str:
        docs = Path(config.docs_dir).resolve()
        root = Path(config.config_file_path).parent.resolve()
        return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)

    # --- the Content Security Policy of each page (sitebuild/csp.py) ---------------------

    @event_priority(-100)  # last: the hashes are those of the page's final inline scripts
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._with_policy(output, self._name(page, config))

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._with_policy(output_content, template_name) if template_name.endswith(".html") else output_content

    def _with_policy(self, html: str, name: str) -> str:
        for problem in csp.problems(html):
            log.warning(f"guide: {name} ({self.config.language}) has {problem}.")
        return csp.with_meta(html)

    # --- the end of a build --------------------------------------------------------------

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.is_source or self.stage is None:
            return
        for language in self.languages:
            log.info(f"guide: building '{language.plugins['guide'].config.language}' into {language.site_dir}")
            build(language)
        if self.config.checker_assets:
            from sitebuild.checker_assets import write_checker_assets

            data = self.data
            write_checker_assets(self.stage.staging, data.programme, data.documents, data.locations, log.info)
            from sitebuild.offline import write_service_worker

            write_service_worker(self.stage.staging, data.programme)
        csp.write_site_policy(self.stage.staging)
        self._precompress()
        self._finish(config)

    def _precompress(self) -> None:
        """Last, once every file is final: `.br` and `.gz` beside each text and wasm file
        (sitebuild/precompress.py), for hosts that serve them."""
        if self.config.precompress:
            from sitebuild.precompress import precompress_site

            precompress_site(self.stage.staging, log.info)

    def _finish(self, config: MkDocsConfig) -> None:
        self._stop_counting()
        if config.strict and self.warnings and self.warnings.get_counts():
            log.warning(f"guide: --strict and warnings: the site in {self.stage.final} is left as it was.")
            self.stage.abandon()
        else:
            self.stage.commit()
            log.info(f"guide: site ready in {self.stage.final} ({', '.join(self.data.languages)})")
        config.site_dir = str(self.stage.final)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_counting()
        if self.stage is not None:
            self.stage.abandon()
            log.error(f"guide: build failed; the site in {self.stage.final} is left as it was.")

    def _stop_counting(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        keep_serving_last_good_build(server)
        csp.allow_live_reload(server)
        server.watch(self.config.data_dir)
        for language in self.languages:
            server.watch(language.config_file_path)
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server


def _check_banner_words(data: SiteData) -> None:
    """Draft languages show a banner on what fell back: its words must exist (at least in the source)."""
    drafts = [lang.id for lang in data.programme.languages if lang.status == "draft"]
    missing = missing_banner_words(data.programme)
    if drafts and missing:
        raise PluginError(f"guide: draft languages ({', '.join(drafts)}) show a banner on untranslated pages: add "
                          f"{', '.join(missing)} to the page strings ({data.programme.files.get('page-strings', 'page-strings.yml')}), "
                          f"at least in {data.source_language}.")


def _first_line(page: Page, markdown: str) -> int:
    """The source line where `markdown` starts (after the front matter)."""
    source = page.file.content_string
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def _page_path(url: str) -> str:
    """A page's URL as sections.yml writes it: '' for the home page, 'activate/' otherwise."""
    return "" if url in (".", "./") else url
