"""MkDocs plugin `guide`: the data in data/ becomes the pages, in every language.

The life story of `mkdocs build` (or of each rebuild under `mkdocs serve`). The build
of the source language (mkdocs.yml) drives the whole site; every other language of
data/languages.yml (mkdocs.<lang>.yml, or the file the `language_config` option names) is
a nested build of its own config into <site>/<lang>/. Each hook hands its event to a
named step:

on_config         config_steps: read, validate and prove data/ (once per process, shared
                  by all languages; a data error fails the build with the full report,
                  before anything is written), check the config's language, add the
                  package's theme and the language switcher. Source language only: check
                  that every page exists in every complete language, the release's
                  address and the checker's runtime; SiteBuild.begin stages the site and
                  loads the other languages' configs; stale translations are warnings.
on_files          LanguagePages.files: the language's page tree (other languages' folders
                  left out, a draft's missing pages, the decision table's case pages).
on_nav            LanguagePages.nav: the nav's sections titled from page strings.
on_page_markdown  LanguagePages.markdown: `{{ macro() }}` calls rendered with Jinja in the
                  pages whose front matter says `macros: true`; each problem kept, with
                  its file and line; figures typed into prose are warnings.
on_page_content   LanguagePages.content: stashed HTML in place, banners, section anchors.
on_env            LanguagePages.env: every page read; the pages' problems fail the build
                  here, all in one report; the links between pages are checked.
on_page_context   Titles are HTML already; front matter is text to escape.
on_post_page,     Priority -100, last: each page and template under the site's
on_post_template  Content-Security-Policy, its search box pointed at Pagefind.
on_post_build     Priority -100, after the search plugin wrote its index. Source language
                  only: SiteBuild builds the other languages, writes the search indexes,
                  the checker's assets and the precompressed siblings, then swaps the
                  staged site in (or drops it under --strict with warnings).
on_build_error    SiteBuild.fail: drop the staged site; the previous one stays complete.
on_serve          Incremental rebuilds (sitebuild/plugin/preview.py: only the languages a
                  change affects are built, the others copied from the served site); watch
                  data/, the other configs and the theme; after a failed rebuild, keep
                  serving the last good site (sitebuild/plugin/serving.py).

The page and site steps themselves are in sitebuild/pages/page_steps.py and
sitebuild/site/site_steps.py, shared with the Zensical build (sitebuild/zensical/build.py),
so both build the same pages.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sitebuild.bundle.build_failures import describe_write_failure
from sitebuild.pages import csp, languages, template_text
from sitebuild.pages.links import CheckedLinks
from sitebuild.plugin import config_steps, heap, preview
from sitebuild.plugin.language_pages import LanguagePages
from sitebuild.plugin.options import GuideConfig
from sitebuild.plugin.serving import keep_serving_last_good_build
from sitebuild.plugin.site_build import SiteBuild
from sitebuild.site import theme_files
from sitebuild.site.site_steps import project_folders

log = logging.getLogger("mkdocs.plugins.guide")
CHECKED_LINKS = CheckedLinks()
logging.getLogger("mkdocs.structure.pages").addFilter(CHECKED_LINKS)


class GuidePlugin(BasePlugin[GuideConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.driven_by_source = False  # set on the other languages' plugins by the source build
        self.pages: LanguagePages | None = None  # this build's pages
        self.site: SiteBuild | None = None  # the whole site: the source language's build only
        self.stopped_work = None  # under serve: the last build's background work, stopped by this one unfinished

    @property
    def checked_links(self) -> dict:
        return self.pages.checked_links if self.pages else {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.driven_by_source:  # first: what the last build left running would compete with this one
            heap.cancel()  # sitebuild/plugin/heap.py
            self.stopped_work = preview.stop_background()  # the search indexing; resumed if this build fails
        previous, self.site = self.checked_links, None
        folders = project_folders(Path(config.config_file_path).parent, self.config)
        data_stamps = preview.data_stamps(folders.data)  # before it is read: an edit saved meanwhile is seen next time
        data = config_steps.read_data(folders)
        lang = self.config.language
        config_steps.check_language(config, lang, data)
        self.pages = LanguagePages(data, lang, self.config, config)
        CHECKED_LINKS.enter(self.pages.checked_links, previous)
        config_steps.prepare_theme(config, lang, data)
        if not self.pages.is_source:
            self._share_the_sources_assets(config)
            return config
        config_steps.check_translated_pages(config, data)
        config_steps.check_release_url(config, self.config.release)
        config_steps.check_runtime(data, self.config.checker_assets)
        self.site = SiteBuild(data, self.config, self.stopped_work)
        self.site.begin(config, data_stamps)
        config_steps.warn_stale(config, data)
        return config

    def _share_the_sources_assets(self, config: MkDocsConfig) -> None:
        if not self.driven_by_source:
            log.warning(f"guide: {Path(config.config_file_path).name} builds '{self.config.language}' alone, without "
                        "the shared assets at the site root: run plain `mkdocs build` to build every language.")
        languages.share_assets(config, self.config.shared_assets, depth=1)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is not None and not self.site.rebuilds(self.pages.lang):
            return Files([])  # unchanged: on_post_build copies its pages from the served site
        return self.pages.files(files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return self.pages.nav(nav)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.markdown(markdown, page)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.content(html, page)

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        return self.pages.env(env, config, files)

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """Titles are HTML already; front matter and site settings are text to escape (template_text.py)."""
        template_text.mark_titles_as_html([page, *nav.pages])  # a page left out of the nav too
        template_text.escape_page_meta(page.meta)
        return context

    @event_priority(-100)  # last: the policy's hashes are those of the page's final inline scripts
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.pages.page_output(output, page, config)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self.pages.template_output(output_content, template_name, config)

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        CHECKED_LINKS.leave(self.checked_links)
        if self.site is None or self.site.stage is None:
            return
        self.site.build_languages()
        self.site.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        CHECKED_LINKS.leave(self.checked_links)
        preview.resume_background(self.stopped_work)  # the served site is the one it was indexing
        if self.site is not None:
            self.site.fail(error)
        elif isinstance(error, OSError):  # the machine refused a write: one line, not a traceback
            raise Abort(describe_write_failure(error, None)) from None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        preview.start_serving()
        preview.watch_quickly(server)
        keep_serving_last_good_build(server)
        csp.allow_live_reload(server)
        server.watch(self.config.data_dir)
        for language in self.site.languages if self.site else ():
            server.watch(language.config_file_path)
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        server.watch(str(theme_files.THEME_DIR))  # the package's own theme, when edited in a checkout
        return server
