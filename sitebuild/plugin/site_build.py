"""The whole site, which the source language's build drives under MkDocs.

    begin              stage the site in a temporary sibling folder (sitebuild/files/atomic.py),
                       count the warnings, load the other languages' configs, and, under
                       serve, plan which languages this build renders (preview.py)
    build_languages    the other languages, each a nested build into <site>/<lang>/ (or
                       copied from the served site when unchanged)
    finish             the proof's verdict (under serve), the search indexes, the checker's
                       assets and the site-wide files, then the staged site swapped in;
                       under --strict with warnings it is dropped instead
    fail               a failed build drops the staged site: the previous one stays complete
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.utils import CountHandler

from sitebuild.bundle import search_index
from sitebuild.bundle.build_failures import describe_write_failure
from sitebuild.files.atomic import StagedSite
from sitebuild.pages import languages
from sitebuild.plugin import heap, preview, proof_beside
from sitebuild.site import theme_files
from sitebuild.site.site_steps import finish_site
from sitebuild.source.site_data import SiteData

log = logging.getLogger("mkdocs.plugins.guide")


class SiteBuild:
    def __init__(self, data: SiteData, options, stopped_work) -> None:
        self.data, self.options = data, options
        self.stopped_work = stopped_work  # under serve: the last build's background work, stopped by this one unfinished
        self.stage: StagedSite | None = None
        self.warnings: CountHandler | None = None
        self.languages: list[MkDocsConfig] = []  # the other languages' configs
        self.rebuild: set[str] = set()  # the languages this build renders (preview.py); the others are copied
        self.reindex: list = []  # under serve: the languages whose search index is rewritten once this build is served

    @property
    def lang(self) -> str:
        return self.data.source_language

    def begin(self, config: MkDocsConfig, data_stamps: preview.Stamps) -> None:
        self.stage = StagedSite.begin(Path(config.site_dir), say=log.info)
        config.site_dir = str(self.stage.staging)
        self.warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.languages = [languages.load_language_config(config, lang, self.stage.staging / lang, self.data.folders.layout)
                          for lang in self.data.languages[1:]]
        self._plan(config, data_stamps)
        for language in (config, *self.languages):
            preview.list_theme_files_once(language.theme, language.plugins["guide"].config.language)

    def _plan(self, config: MkDocsConfig, data_stamps: preview.Stamps) -> None:
        """Under `mkdocs serve`, only the languages a change affects are built (preview.py)."""
        root, docs, programme = Path(config.config_file_path).parent, Path(config.docs_dir), self.data.programme
        theme = tuple(Path(folder) for folder in (config.theme.custom_dir, theme_files.THEME_DIR) if folder)
        configs = {self.lang: Path(config.config_file_path)}
        configs |= {language.plugins["guide"].config.language: Path(language.config_file_path) for language in self.languages}
        self.rebuild = preview.plan(root, docs, data_stamps, programme.languages, self.stage.final, theme, configs)
        if self.lang not in self.rebuild:
            config.nav = []  # nothing to build here: the pages are copied from the served site

    def rebuilds(self, lang: str) -> bool:
        return lang in self.rebuild

    # --- after the source language's pages ---------------------------------------------

    def build_languages(self) -> None:
        others = set(self.data.languages[1:])
        if self.lang not in self.rebuild:
            preview.copy_language(self.stage.final, self.stage.staging, None, others)
            log.info(f"guide: '{self.lang}' is unchanged: its pages are the served ones")
        for language in self.languages:
            lang = language.plugins["guide"].config.language
            if lang in self.rebuild:
                log.info(f"guide: building '{lang}' into {language.site_dir}")
                build(language)
            else:
                preview.copy_language(self.stage.final, self.stage.staging, lang, others)
                log.info(f"guide: '{lang}' is unchanged: its pages are the served ones")

    def finish(self, config: MkDocsConfig) -> None:
        self._await_proof()
        self._write_search_indexes()
        finish_site(self.stage.staging, self.data, self.options.checker_assets, log.info,
                    precompress=self.options.precompress and not preview.SESSION.serving)
        self._stop_counting()
        if config.strict and self.warnings and self.warnings.get_counts():
            log.warning(f"guide: --strict and warnings: the site in {self.stage.final} is left as it was.")
            self.stage.abandon()
            preview.resume_background(self.stopped_work)
        else:
            self._swap_in()
        config.site_dir = str(self.stage.final)

    def _await_proof(self) -> None:
        """Under serve the rules' proof ran beside this build (sitebuild/plugin/proof_beside.py):
        its verdict, before anything is served; a failed proof fails the build as before."""
        if not preview.SESSION.serving:
            return
        try:
            proof_beside.verdict(self.data)
        except ValueError as error:
            raise PluginError(f"guide: {error}") from None

    def _swap_in(self) -> None:
        self.stage.commit(remove_old_later=preview.SESSION.serving)  # the writer waits for the new site only
        preview.succeeded()
        if preview.SESSION.serving:
            heap.after_build()  # the next build's garbage collections skip what this one leaves
        if self.reindex:
            jobs, self.reindex = self.reindex, []
            preview.in_background(lambda programs: self._reindex_served(jobs, programs.start), "the preview's search index")
        log.info(f"guide: site ready in {self.stage.final} ({', '.join(self.data.languages)})")

    # --- the readers' search (sitebuild/bundle/search_index.py) ----------------------------

    def _write_search_indexes(self) -> None:
        """Every language's readers' index, each from its own pages. Under serve, a rebuilt
        language that has a served index keeps it until its new one is written, in the
        background once this build is served (preview.py)."""
        if not self.options.search_index:
            return
        search_index.require_extended()
        others = frozenset(self.data.languages[1:])
        jobs = [search_index.Job(self.stage.staging, self.lang, others)]
        jobs += [search_index.Job(self.stage.staging / lang, lang) for lang in others]
        jobs = [job for job in jobs if job.lang in self.rebuild]  # an unchanged language keeps its served index
        served = {job.lang: self.stage.final / job.site_dir.relative_to(self.stage.staging) for job in jobs}
        later = [job for job in jobs if preview.SESSION.serving and search_index.copy_bundle(served[job.lang], job.site_dir)]
        search_index.write_indexes([job for job in jobs if job not in later], log.info)
        self._point_search_boxes(jobs)
        self.reindex = [search_index.Job(served[job.lang], job.lang, job.skip) for job in later]

    def _point_search_boxes(self, jobs: list) -> None:
        for job in jobs:
            search_index.point_material_index_at_pagefind(job.site_dir, job.lang, languages.language_root(job.lang, self.lang))

    def _reindex_served(self, jobs: list, start) -> None:
        """The served languages' new indexes, swapped in, and the offline manifest that names them."""
        search_index.write_indexes(jobs, log.info, swap=True, start=start)
        self._point_search_boxes(jobs)
        if self.options.checker_assets:
            from sitebuild.bundle.offline import write_service_worker

            write_service_worker(self.stage.final, self.data.programme, self.data.folders.pyodide)

    # --- a failed build ------------------------------------------------------------------

    def fail(self, error: Exception) -> None:
        if preview.SESSION.serving:
            report = proof_beside.failure(self.data)  # a page may fail because of what the proof reports
            if report and report not in str(error):
                log.error(f"guide: {report}")
        self._stop_counting()
        stage, self.stage = self.stage, None
        if stage is not None:
            stage.abandon()
        if isinstance(error, OSError):  # the machine refused a write: one line, not a traceback
            raise Abort(describe_write_failure(error, stage.final if stage else None)) from None
        if isinstance(error, BuildError):  # said here, before the line below (MkDocs would say it after)
            log.error(str(error))
        if stage is not None:
            log.error(f"guide: build failed; the site in {stage.final} is left as it was.")
        if isinstance(error, BuildError):
            raise Abort("Aborted with a BuildError!") from None

    def _stop_counting(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
