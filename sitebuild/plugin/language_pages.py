"""One language's pages under MkDocs, from its files to each page's final HTML.

The `guide` plugin makes one `LanguagePages` per build of a config (each language's,
each rebuild's) and hands it MkDocs' page events in order:

    files      the language's page tree: the other languages' folders left out, a draft
               language's missing pages from the source's, the decision table's case pages
    nav        the nav's sections titled from page strings
    markdown   each page's `{{ macro() }}` calls rendered (sitebuild/pages/page_steps.py);
               its problems kept, and figures typed into prose warned of
    content    the stashed HTML in place, the banners, the anchors sections.yml names
    env        every page read: the pages' problems fail the build, all in one report;
               the links between pages are checked; the theme's templates are set up
    output     each written page (and template) under the site's security policy, its
               search box pointed at Pagefind

The steps themselves are shared with the Zensical build; this module holds what one
build knows about its pages between the events.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sitebuild.bundle import search_index
from sitebuild.pages import csp, decision_pages, inline_scripts, languages, template_text
from sitebuild.pages.fallback import add_fallback_pages
from sitebuild.pages.links import PageLinks, anchors_in, broken_links
from sitebuild.pages.macros import Macros, PageContext
from sitebuild.pages.page_steps import PageError, finish_html, missing_anchors, missing_section_pages, page_url, render_macros
from sitebuild.pages.prose_figures import typed_figures
from sitebuild.pages.render import make_environment
from sitebuild.pages.stale_marks import stale_pages
from sitebuild.plugin import preview
from sitebuild.source.findings import shown_path
from sitebuild.source.site_data import SiteData

log = logging.getLogger("mkdocs.plugins.guide")
# The pages' Jinja sandbox, one for the process: it keeps each page text's compiled
# template (sitebuild/pages/macro_check.py), which every rebuild under serve reuses.
PAGE_ENVIRONMENT = make_environment()


class LanguagePages:
    def __init__(self, data: SiteData, lang: str, options, config: MkDocsConfig) -> None:
        self.data, self.lang, self.options = data, lang, options
        self.root = Path(config.config_file_path).parent.resolve()
        self.folder = shown_path(Path(config.docs_dir).resolve(), self.root)  # the pages' folder, as a writer names it
        self.fallback_pages: set[str] = set()  # pages of a draft language built from the source page
        self.stale_prose: set[str] = set()  # pages whose prose predates their source page
        self.decision_plan = None  # the decision table's case pages (sitebuild/pages/decision_pages.py)
        self.page_urls: frozenset[str] = frozenset()  # every page: the ones macros link to must be here
        self.contexts: dict[str, PageContext] = {}  # pages rendered by the macros, until their HTML is done
        self.page_links: dict[str, PageLinks] = {}  # the pages' links and anchors, until `env`
        self.checked_links: dict[str, set[str]] = {}  # page -> its link targets that broken_links reads (CHECKED_LINKS)
        self.problems: list[str] = []  # every page's macro and anchor problems, reported together (`env`)
        self.failed: set[str] = set()  # pages whose macros failed: their HTML is not checked further
        self.names: dict[str, str] = {}  # page -> its Markdown file as a writer finds it

    @property
    def is_source(self) -> bool:
        return self.lang == self.data.source_language

    # --- files and nav ----------------------------------------------------------------

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        others = self.data.languages[1:]
        if self.is_source:
            languages.drop_other_languages(files, others)
        else:
            languages.drop_shared_theme_files(files, self.options.shared_assets, config.docs_dir)
        if self.data.is_draft(self.lang):
            # The language's folder sits in the source's (load_language_config checks it).
            self.fallback_pages = add_fallback_pages(files, config, Path(config.docs_dir).parent, set(others))
            log.info(f"guide: '{self.lang}' is a draft: {len(self.fallback_pages)} pages built from the "
                     f"{self.data.source_language} pages, with a banner")
        if not self.is_source:
            source_docs = Path(config.docs_dir).parent
            self.stale_prose = stale_pages(Path(config.config_file_path).parent, source_docs, self.data.programme, self.lang)
        self._add_decision_pages(files, config)
        self.page_urls = frozenset(_page_path(file.url) for file in files.documentation_pages())
        problem = missing_section_pages(self.data, set(self.page_urls), self.folder)
        if problem:
            raise PluginError(problem)
        return files

    def _add_decision_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The decision table's case pages, one per case (sitebuild/pages/decision_pages.py)."""
        try:
            self.decision_plan = decision_pages.find_plan(files, self.data.programme, self.data.decision_rows())
        except ValueError as error:
            raise PluginError(f"guide: {self.folder}/{error}") from None
        if self.decision_plan is not None:
            decision_pages.add_case_pages(self.decision_plan, files, config, self._case_title)

    def _case_title(self, case) -> str:
        context = PageContext(self.data, self.lang, case.url, case.url.rstrip("/") + ".md", decision_plan=self.decision_plan)
        return Macros(context).decision_title(case.number)

    def nav(self, nav: Navigation) -> Navigation:
        languages.translate_nav_sections(nav, self._page_string, self.data.programme.files.get("page-strings", "the page strings"))
        return nav

    def _page_string(self, key: str) -> str | None:
        """A page string in the build's language (a draft's missing one in the source's)."""
        text = self.data.programme.page_strings.get(key)
        return text.get(self.lang, self.data.source_language) if text else None

    # --- each page --------------------------------------------------------------------

    def markdown(self, markdown: str, page: Page) -> str:
        """The macros, rendered by the step every engine shares; an unchanged page under
        `mkdocs serve` is rendered once (sitebuild/plugin/preview.py)."""
        name, src = self.name(page), page.file.src_uri
        self._warn_typed_figures(page, name)

        def render():
            rendered, context, links = render_macros(self.data, PAGE_ENVIRONMENT, self.lang, src, name, markdown,
                                                     _first_line(page, markdown), page.meta, log.warning,
                                                     decision_plan=self.decision_plan, pages=self.page_urls)
            # Kept: what `content` reads, not the context, which holds this data version and
            # its proof rows (the kept renders would keep every version alive).
            kept = None if context is None else (tuple(context.stash), context.fallbacks, context.stale)
            return kept, rendered, links

        key = (self.lang, src, name, markdown, self.data.programme.version, self.page_urls, self.data.folders.layout)
        try:
            kept, rendered, links = preview.cached_page(key, render)
        except PageError as error:  # reported with every other page's in `env`: one build names them all
            self.problems.append(str(error))
            self.failed.add(src)
            return markdown
        self.page_links.setdefault(src, PageLinks(name)).links = links
        self.checked_links[src] = {target for _, target in links}
        if kept is not None:
            stash, fallbacks, stale = kept
            self.contexts[src] = PageContext(self.data, self.lang, page_url(src), src, list(stash), fallbacks, stale=stale)
        return rendered

    def _warn_typed_figures(self, page: Page, name: str) -> None:
        """A figure typed into the prose would not follow the data (sitebuild/pages/prose_figures.py)."""
        if page.file.abs_src_path and page.file.src_uri not in self.fallback_pages:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            for finding in typed_figures(self.data.programme, name, source):
                log.warning(f"guide: {finding.format()}")

    def content(self, html: str, page: Page) -> str:
        src = page.file.src_uri
        if src in self.failed:
            return html
        context = self.contexts.pop(src, None)
        name = self.name(page)
        if page.present_anchor_ids is not None and context is not None:
            page.present_anchor_ids.update(re.findall(r'\sid="([^"]+)"', "".join(context.stash)))
        try:
            html = finish_html(html, self.data, self.lang, context, src in self.fallback_pages, name, src in self.stale_prose)
        except PageError as error:
            self.problems.append(str(error))
            return html
        if src in self.page_links:
            self.page_links[src].anchors = anchors_in(html)
        self.problems += missing_anchors(self.data, _page_path(page.url), html, name)
        return html

    def name(self, page: Page) -> str:
        """The page's Markdown file as a writer finds it (a fallback page names the source file)."""
        if page.file.src_uri not in self.names:  # asked four times per page: resolving paths reads the disk
            source = Path(page.file.abs_src_path or "").resolve()
            inside = source.is_relative_to(self.root)
            self.names[page.file.src_uri] = shown_path(source, self.root) if inside else f"{self.folder}/{page.file.src_uri}"
        return self.names[page.file.src_uri]

    # --- every page read ----------------------------------------------------------------

    def env(self, env, config: MkDocsConfig, files: Files):
        """The theme's `striptags` escapes what it un-escapes (`<title>`, aria labels); the
        links between pages are checked (sitebuild/pages/links.py), each named with its
        line and what was probably meant; the theme's templates are compiled once per
        process, and under serve an unchanged page is not rendered again (preview.py)."""
        if self.problems:
            count = len("\n".join(self.problems).splitlines())
            raise PluginError(f"guide: {count} problem{'s' if count > 1 else ''} in the '{self.lang}' pages; "
                              "nothing was built:\n" + "\n".join(self.problems))
        env.filters["striptags"] = template_text.striptags_escaped
        env.bytecode_cache = preview.THEME_BYTECODE
        preview.reuse_theme_output(env, self.lang)
        if self.options.search_index:
            search_index.skip_material_documents(config.plugins)
        media = {file.src_uri for file in files if not file.is_documentation_page()}
        for finding in broken_links(self.page_links, media):
            log.warning(f"guide: {finding.format()}")
        self.page_links = {}
        return env

    # --- what is written: under the security policy (sitebuild/pages/csp.py) ---------------

    def page_output(self, output: str, page: Page, config: MkDocsConfig) -> str:
        name = self.name(page)
        self._refuse_unknown_scripts(output, name, config)
        if search_index.excluded_by(page.meta):
            output = search_index.mark_excluded(output)
        return self._with_policy(self._with_search(output), name)

    def template_output(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        self._refuse_unknown_scripts(output, template_name, config)
        return self._with_policy(self._with_search(output), template_name)

    def _refuse_unknown_scripts(self, html: str, name: str, config: MkDocsConfig) -> None:
        """Only the theme's own inline scripts get a hash (sitebuild/pages/inline_scripts.py):
        any other inline script fails the build, naming the page."""
        unknown = inline_scripts.unknown_scripts(html, inline_scripts.theme_patterns(tuple(config.theme.dirs)))
        if unknown:
            shown = " ".join(unknown[0].split())[:120]
            raise PluginError(
                f"guide: {name} ({self.lang}) has an inline <script> that no theme template writes: "
                f"<script>{shown}</script>. The site's policy allows only the theme's own inline scripts. Put page "
                "scripts in a file in the theme's custom_dir listed in extra_javascript; markup in a data string "
                "must show as text, so if this came from data/, report it as an escaping bug.")

    def _with_search(self, html: str) -> str:
        """Material's search box asks the language's Pagefind index (sitebuild/bundle/search_index.py)."""
        if not self.options.search_index:
            return html
        return search_index.point_material_at_pagefind(html, languages.language_root(self.lang, self.data.source_language))

    def _with_policy(self, html: str, name: str) -> str:
        key = ("csp", hashlib.sha256(html.encode("utf-8", "surrogateescape")).digest())
        for problem in preview.cached_page(key, lambda: csp.problems(html)):  # an unchanged page is checked once
            log.warning(f"guide: {name} ({self.lang}) has {problem}.")
        return csp.with_meta(html)


def _first_line(page: Page, markdown: str) -> int:
    """The source line where `markdown` starts (after the front matter)."""
    source = page.file.content_string
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def _page_path(url: str) -> str:
    """A page's URL as sections.yml writes it: '' for the home page, 'activate/' otherwise."""
    return "" if url in (".", "./") else url
