"""What the `guide` plugin checks and sets when MkDocs reads a config (on_config), before
anything is built: each step either adjusts the config or stops the build with a
PluginError that says what to do."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from checker.loading import locator
from sitebuild.bundle.build_failures import missing_runtime
from sitebuild.pages import languages, template_text
from sitebuild.pages.page_steps import banner_words_problem
from sitebuild.pages.stale_marks import fails_on_stale, stale_warnings
from sitebuild.plugin import preview, proof_beside
from sitebuild.site import theme_files
from sitebuild.site.release import release_url_problem
from sitebuild.site.site_steps import SiteError, load_checked_data
from sitebuild.source.project import ProjectFolders
from sitebuild.source.site_data import SiteData

log = logging.getLogger("mkdocs.plugins.guide")


def read_data(folders: ProjectFolders) -> SiteData:
    """The data, validated and its rules proved: a failing proof fails early. Under serve
    the proof runs beside the build (sitebuild/plugin/proof_beside.py), and its verdict is
    awaited before anything is served."""
    prove = proof_beside.start if preview.SESSION.serving else SiteData.decision_rows
    try:
        data = load_checked_data(folders, prove)
    except SiteError as error:
        raise PluginError(str(error)) from None
    problem = banner_words_problem(data)
    if problem:
        raise PluginError(problem)
    return data


def check_language(config: MkDocsConfig, lang: str, data: SiteData) -> None:
    if lang not in data.languages:
        raise PluginError(f"guide: language '{lang}' is not in data/languages.yml ({', '.join(data.languages)}).")
    if config.theme.get("language") != lang:
        raise PluginError(f"guide: theme.language is '{config.theme.get('language')}' but this config builds '{lang}': "
                          f"set theme.language: {lang} so Material's words and search are in that language.")


def prepare_theme(config: MkDocsConfig, lang: str, data: SiteData) -> None:
    """The package's theme (sitebuild/site/theme_files.py): its folder after the project's
    custom_dir, its scripts and styles before the project's own; the language switcher;
    the site's settings escaped, since the theme writes them into templates raw."""
    config.theme.dirs[:] = theme_files.theme_dirs_with_ours(config.theme.dirs, config.theme.custom_dir)
    ours = []
    for path, kind in theme_files.scripts_to_add({str(script) for script in config.extra_javascript}):
        script = ExtraScriptValue(path)
        script.type = kind or ""
        ours.append(script)
    config.extra_javascript[:0] = ours
    config.extra_css[:0] = theme_files.styles_to_add(list(config.extra_css))
    config.extra["alternate"] = languages.alternates(data.programme.languages, lang)
    template_text.escape_settings(config)


def check_translated_pages(config: MkDocsConfig, data: SiteData) -> None:
    problems = languages.translation_problems(Path(config.docs_dir), data.programme.languages)
    if problems:
        raise PluginError("guide: pages are missing a translation:\n  " + "\n  ".join(problems))


def check_release_url(config: MkDocsConfig, release: bool) -> None:
    """A release's site_url is public (sitebuild/site/release.py): under --strict a
    loopback one stops the build before anything is written, else it is a warning."""
    problem = release_url_problem(config.site_url) if release else None
    if problem and config.strict:
        raise PluginError(f"guide: release build: {problem}")
    if problem:
        log.warning(f"guide: release build: {problem}")


def check_runtime(data: SiteData, checker_assets: bool) -> None:
    """The checker's runtime is there before anything is built (sitebuild/bundle/build_failures.py)."""
    problem = missing_runtime(data.folders.pyodide) if checker_assets else None
    if problem:
        raise PluginError(f"guide: {problem} Nothing was built.")


def warn_stale(config: MkDocsConfig, data: SiteData) -> None:
    """Stale translations never block the source language: each is a warning (so
    --strict fails), and a build under CI fails outright."""
    root = Path(config.config_file_path).parent
    lines = stale_warnings(data.programme, locator(data.locations), root, Path(config.docs_dir))
    if lines and fails_on_stale(False) and not config.strict:
        raise PluginError("guide: stale translations (CI builds fail on them):\n" + "\n".join(lines))
    for line in lines:
        log.warning(f"guide: {line}")
