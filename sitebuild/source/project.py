"""Where one project keeps what its build reads and what it caches, and where its site
puts the pages the generator itself links to.

Every folder is the project's, never the package's: installed from a wheel, the
generator's own files are in site-packages, and a project's data, runtime and caches
are beside its mkdocs.yml. The MkDocs plugin takes them from its options, relative to
the config file (`data_dir`, `pyodide_dir`, `cache_dir`); the command line and the
tests take the folder that holds `data/`. The pages and configs the generator finds by
name (`checker_page`, `decision_table_page`, `language_config`) are options too
(`PageLayout`): their defaults are this guide's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PYODIDE_DIR = "node_modules/pyodide"  # where `npm ci` puts the npm package `pyodide`
CACHE_DIR = ".cache"
CHECKER_PAGE = "checker/"  # the checker contract's page: the widget at checker/ of each language
DECISION_TABLE_PAGE = "decision-table/"  # the checker's fallback, when no page's front matter has decision_pages
LANGUAGE_CONFIG = "mkdocs.{lang}.yml"  # each other language's config, beside the source language's
LANG = "{lang}"  # in LANGUAGE_CONFIG: the language's id
PAGE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def page_problem(option: str, value: str) -> str | None:
    """Why `value` is not a page's address inside a language (as MkDocs writes a page's
    URL: 'checker/' for content/checker.md, 'help/eligibility/' for content/help/eligibility.md)."""
    folders, last = (value[:-1].split("/"), "") if isinstance(value, str) and value.endswith("/") else ([], value)
    if folders and last == "" and all(PAGE_SEGMENT.fullmatch(folder) for folder in folders):
        return None
    return (f"the guide plugin's option {option} is '{value}', which is not a page's address: write the page's "
            f"path inside its language, ending in '/' ('{CHECKER_PAGE}' for content/checker.md).")


def language_config_problem(value: str) -> str | None:
    """Why `value` cannot name each language's config ('mkdocs.{lang}.yml')."""
    if not isinstance(value, str):
        value = repr(value)
    rest = value.replace(LANG, "", 1)
    # A file name only: beside the source config, each language's INHERIT and docs_dir read as the source's do.
    if LANG in value and not any(mark in rest for mark in "{}/\\") and PurePosixPath(value).suffix in (".yml", ".yaml"):
        return None
    return (f"the guide plugin's option language_config is '{value}': write the file name of each other language's "
            f"config, beside this config, with {LANG} where the language's id goes ('{LANGUAGE_CONFIG}').")


def plugin_options(config: dict, name: str) -> dict | None:
    """A plugin's options in a config read as data, whether `plugins:` is a mapping or a
    list; None when the plugin is absent."""
    plugins = config.get("plugins") or {}
    entries = plugins.items() if isinstance(plugins, dict) else (
        (item, {}) if isinstance(item, str) else next(iter(item.items())) for item in plugins)
    for plugin, options in entries:
        if plugin == name:
            return dict(options or {})
    return None


@dataclass(frozen=True)
class PageLayout:
    """The guide plugin's options that name pages and configs: the checker's page (its
    error lookup links there), the decision table's (the form's fallback link) and the
    other languages' configs. A wrong value raises ValueError, naming the option."""

    checker_page: str = CHECKER_PAGE
    decision_table_page: str = DECISION_TABLE_PAGE
    language_config: str = LANGUAGE_CONFIG

    def __post_init__(self) -> None:
        problem = (page_problem("checker_page", self.checker_page)
                   or page_problem("decision_table_page", self.decision_table_page)
                   or language_config_problem(self.language_config))
        if problem:
            raise ValueError(problem)

    @classmethod
    def of(cls, options) -> PageLayout:
        """From a plugin's options (a mapping, as MkDocs or a config read as data gives them)."""
        return cls(options.get("checker_page", CHECKER_PAGE), options.get("decision_table_page", DECISION_TABLE_PAGE),
                   options.get("language_config", LANGUAGE_CONFIG))

    def language_config_file(self, source_config: Path, lang: str) -> Path:
        """The config that builds `lang`, beside the source language's `source_config`."""
        return Path(source_config).parent / self.language_config.replace(LANG, lang)


@dataclass(frozen=True)
class ProjectFolders:
    root: Path  # the folder of mkdocs.yml
    data: Path  # the YAML data files
    pyodide: Path  # the Pyodide runtime the site ships (the npm package's folder)
    cache: Path  # built wheels and compressed files, reused by the next build
    layout: PageLayout = field(default_factory=PageLayout)  # the pages and configs found by name

    @classmethod
    def of(cls, root: Path, data_dir: str | Path = "data", pyodide_dir: str | Path = PYODIDE_DIR,
           cache_dir: str | Path = CACHE_DIR, layout: PageLayout | None = None) -> ProjectFolders:
        """Each folder relative to `root` unless absolute."""
        root = Path(root).resolve()
        return cls(root, root / data_dir, root / pyodide_dir, root / cache_dir, layout or PageLayout())

    @classmethod
    def beside(cls, data_dir: Path) -> ProjectFolders:
        """The usual layout: data/, node_modules/ and .cache/ side by side."""
        data_dir = Path(data_dir).resolve()
        return cls.of(data_dir.parent, data_dir)

    @property
    def wheel_cache(self) -> Path:
        return self.cache / "checker-wheel"

    @property
    def compressed_cache(self) -> Path:
        return self.cache / "precompressed"
