"""Preview in a second: under `mkdocs serve`, rebuild only the languages a change affects.

A full build renders every page of every language. While serving, the plugin asks
`plan()` before each rebuild which languages' inputs changed since the last good
build, and builds only those; every other language's pages are copied from the site
being served (the last good build). A language's inputs are:

- its pages (content/ for the source language, content/<lang>/ otherwise; a draft
  language's also the source pages it falls back to);
- what every page is made from: data/, the theme folders, the source language's config
  (mkdocs.yml) and the language's own (mkdocs.<lang>.yml, or what `language_config` names).

(An edit of a source page does not rebuild its translation just to mark it stale:
the mark appears with that language's next rebuild, and `check` reports it at once.)

Inside a language that is rebuilt, a page whose Markdown and data did not change
reuses its rendered macros, and a page whose HTML did not change its policy check
(`cached_page`); the theme's templates are compiled once per process
(`THEME_BYTECODE`) instead of once per language and rebuild, and so is each page's
macro template (sitebuild/pages/macro_check.py). A data edit renders every macro page
again: what the pages of both languages ask of the rules is looked up once per data
version (the proof's rows, the cases a page states: sitebuild/rules/cases.py), and the
rules' proof runs in a helper process beside the build, whose verdict the build awaits
before anything is served (sitebuild/plugin/proof_beside.py).

A page whose theme context did not change (its HTML content, title, table of contents,
front matter, the navigation, the theme and the configs) gets the HTML the theme wrote
for it before, without rendering the theme again (`reuse_theme_output`): the decision
table's case pages are most of each language's pages, and a prose edit changes none.

Two steps only a published site needs wait: the `.br`/`.gz` siblings are not written
(the dev server never sends them), and the search index of a rebuilt language is
rewritten in the background once the new pages are served (`in_background`): the
pages show first, the search finds the edit a moment later (Pagefind takes about two
seconds a language, most of it reading its dictionaries). A save before then stops
that indexing as its build starts (it would compete for the processor): that build
indexes again, from newer pages, and starts the stopped indexing again if it fails.
The old site is removed in the background too (sitebuild/files/atomic.py), and the
heap the builds leave is frozen for the garbage collector (sitebuild/plugin/heap.py).

The checker's wheel is rebuilt only when checker/ changes (its cache is keyed by the
code; the data travels beside it, sitebuild/bundle/layout.py). The state lives in the
process, across MkDocs' rebuilds (each rebuild loads a new config and new plugins).
`GUIDE_FULL_REBUILDS=1` turns all of this off (benchmarks/preview.py compares the two).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from sitebuild.pages.page_translations import RECORDS

Stamps = dict[str, tuple[int, int]]


@dataclass
class Session:
    serving: bool = False
    built: dict[str, Stamps] = field(default_factory=dict)  # language -> its inputs at the last good build
    pending: dict[str, Stamps] = field(default_factory=dict)  # language -> its inputs in the build under way
    theme: dict[str, tuple] = field(default_factory=dict)  # language -> its inputs but data/ (what its theme output is made from)
    background: Background | None = None  # the served site's search indexing, after the last build


SESSION = Session()


def start_serving() -> None:
    SESSION.serving = not os.environ.get("GUIDE_FULL_REBUILDS")


def data_stamps(data_dir: Path) -> Stamps:
    """The data folder as it is before the build reads it: `plan` records these, so an
    edit saved while the data is being read is seen by the next build."""
    return _stamps(data_dir, prefix="common:")


def plan(root: Path, docs: Path, data: Stamps, languages, served: Path, theme: tuple[Path, ...],
         configs: dict[str, Path]) -> set[str]:
    """The languages to build now; the others are copied from `served` (the last good site).
    `data`: the data folder's `data_stamps`, taken before the data was read; `theme`: the
    theme folders every page is made with (the project's custom_dir, the plugin's own);
    `configs`: each language's config file (the source language's is every language's)."""
    source = languages[0].id
    others = {lang.id for lang in languages[1:]}
    SESSION.pending = {}
    rebuild = set()
    for language in languages:
        lang = language.id
        folder = docs if lang == source else docs / lang
        stamps = _stamps(folder, skip=others if lang == source else set())
        if language.status == "draft":
            stamps.update(_stamps(docs, skip=others, prefix="source:"))
        stamps.update(data)
        own = (configs[lang],) if lang != source else ()
        for common in (*theme, configs[source], *own, root / RECORDS):
            stamps.update(_stamps(common, prefix="common:"))
        SESSION.pending[lang] = stamps
        SESSION.theme[lang] = tuple(sorted(item for item in stamps.items() if item[0].startswith("common:") and item[0] not in data))
        output = served if lang == source else served / lang
        if not SESSION.serving or SESSION.built.get(lang) != stamps or not (output / "index.html").is_file():
            rebuild.add(lang)
    return rebuild


def succeeded() -> None:
    """The build under way is the site being served now: remember what it was built from."""
    SESSION.built.update(SESSION.pending)


def _stamps(path: Path, skip: set[str] = frozenset(), prefix: str = "") -> Stamps:
    if path.is_file():
        return {prefix + str(path): _stamp(path)}
    if not path.is_dir():
        return {}
    found = {}
    for file in path.rglob("*"):
        relative = file.relative_to(path).as_posix()
        if file.is_file() and relative.split("/")[0] not in skip:
            found[prefix + str(file)] = _stamp(file)
    return found


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def copy_language(served: Path, staging: Path, lang: str | None, others: set[str]) -> None:
    """Copy one language's pages from the served site into the staged one (`lang` None:
    the source language, i.e. everything but the other languages' folders)."""
    if lang is not None:
        # Hard links: nothing writes into a language's folder once its pages are built
        # (the files written at the end of a build are the site root's).
        shutil.copytree(served / lang, staging / lang, dirs_exist_ok=True, copy_function=_link_or_copy)
        return
    for item in served.iterdir():
        if item.name in others:
            continue
        target = staging / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copy2(source, target)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the process (keyed by name and source checksum)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _MemoryBytecodeCache()
_pages: dict[tuple, object] = {}
KEPT_RESULTS = 3000  # about three builds' worth of pages, macros and policy checks, both languages


def cached_page(key: tuple, render):
    """`render()`'s result, reused by the next builds of this process while `key` (what
    the result is made from, e.g. the language, the page, its Markdown and the data's
    version) is unchanged; the least recently used results go first. A full
    `mkdocs build` is one build: it never reuses."""
    if os.environ.get("GUIDE_FULL_REBUILDS"):
        return render()
    if key in _pages:
        _pages[key] = _pages.pop(key)  # now the most recently used
        return _pages[key]
    while len(_pages) >= KEPT_RESULTS:
        del _pages[next(iter(_pages))]
    _pages[key] = render()
    return _pages[key]


# --- the theme's output of an unchanged page ----------------------------------------


def reuse_theme_output(env: jinja2.Environment, lang: str) -> None:
    """Under serve, the templates MkDocs asks for by name render each page once per
    unchanged context (`output_key`); the templates they extend or include are left alone."""
    if not SESSION.serving:
        return
    get_template = env.get_template

    def get(name, parent=None, globals=None):
        template = get_template(name, parent, globals)
        return template if parent is not None else _ReusedOutput(template, lang)

    env.get_template = get


class _ReusedOutput:
    """A theme template whose `render` gives an earlier build's HTML for an unchanged page."""

    def __init__(self, template: jinja2.Template, lang: str) -> None:
        self._template, self._lang = template, lang

    def __getattr__(self, name: str):
        return getattr(self._template, name)

    def render(self, *args, **kwargs) -> str:
        context = dict(*args, **kwargs)
        key = output_key(self._lang, self._template.name, context)
        if key is None:
            return self._template.render(context)
        return cached_page(key, lambda: self._template.render(context))


def output_key(lang: str, template: str, context: dict) -> tuple | None:
    """Everything a page's theme output is made from; None for a context that is not a page's."""
    page, nav, config = context.get("page"), context.get("nav"), context.get("config")
    if page is None or nav is None or config is None or getattr(page, "content", None) is None:
        return None
    return ("theme", lang, template, page.url, page.title, page.content, _toc(page.toc),
            json.dumps(page.meta, sort_keys=True, default=str), _nav(nav.items), _link(page.previous_page),
            _link(page.next_page), json.dumps(config.extra, sort_keys=True, default=str),
            tuple(map(str, config.extra_css)), tuple(map(str, config.extra_javascript)), SESSION.theme.get(lang))


def _toc(items) -> tuple:
    return tuple((item.title, item.id, item.level, _toc(item.children)) for item in items)


def _nav(items) -> tuple:
    return tuple((type(item).__name__, item.title, getattr(item, "url", None), _nav(item.children or ()))
                 for item in items)


def _link(page) -> tuple | None:
    return None if page is None else (page.title, page.url)


# --- what MkDocs redoes before every build -----------------------------------------

_theme_files: dict[str, tuple[tuple, list[str]]] = {}  # language -> (what its list was made from, the list)


def list_theme_files_once(theme, lang: str) -> None:
    """Under serve: before every build MkDocs lists the theme's files to copy (Material's
    are 14,000, most of them icons), a fifth of a second per language; each language's
    list is kept while its theme inputs (the theme folders, the configs) are unchanged.
    One entry per language: a data edit rebuilds every language, and a single shared
    entry would have each language's list replace the other's."""
    if not SESSION.serving:
        return
    get_env = theme.get_env

    def get() -> jinja2.Environment:
        env = get_env()
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None) -> list[str]:
            key = (tuple(theme.dirs), SESSION.theme.get(lang), extensions)
            if _theme_files.get(lang, (None,))[0] != key:
                _theme_files[lang] = (key, list_templates(extensions, filter_func))
            return _theme_files[lang][1]

        env.list_templates = listed
        return env

    theme.get_env = get


def watch_quickly(server, seconds: float = 0.1) -> None:
    """The dev server looks for saved files every half second; every tenth of one, a
    save starts its build sooner (a no-op if this MkDocs' server watches differently)."""
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "_timeout"):
        return
    observer._timeout = seconds  # for the folders watched from now on
    for emitter in getattr(observer, "emitters", ()):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = seconds


# --- work that waits until the new pages are served ----------------------------------


class Stopped(Exception):
    """A newer build stopped the background work."""


class Programs:
    """The programs a background job runs: a newer build stops them, and none starts after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list[subprocess.Popen] = []
        self.stopped = False

    def start(self, command: list[str], **options) -> subprocess.Popen:
        with self._lock:
            if self.stopped:
                raise Stopped()
            self._running.append(subprocess.Popen(command, **options))
            return self._running[-1]

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            for process in self._running:
                process.kill()


@dataclass
class Background:
    """Work started once a build is served; a newer build stops it (it starts its own)."""
    thread: threading.Thread
    programs: Programs
    work: Callable[[Programs], None]
    what: str


def in_background(work: Callable[[Programs], None], what: str) -> None:
    """Start `work(programs)` once this build is served; it starts its programs with
    `programs.start`. A failure is a warning (the served pages are fine, only `what` is behind)."""
    stop_background()
    programs = Programs()

    def run() -> None:
        try:
            work(programs)
        except Exception as error:
            if not programs.stopped:
                logging.getLogger("mkdocs.plugins.guide").warning(f"guide: {what} failed: {error}")

    SESSION.background = Background(threading.Thread(target=run, name=what, daemon=True), programs, work, what)
    SESSION.background.thread.start()


def stop_background() -> Background | None:
    """When a build starts (first thing: it would compete with the build for the processor),
    the work started after the last build is stopped, and has stopped. Its result would be
    out of date: this build starts its own. Returns the job if it was not done: should
    this build fail, `resume_background` starts it again."""
    job, SESSION.background = SESSION.background, None
    if job is None:
        return None
    unfinished = job.thread.is_alive()
    job.programs.stop()
    job.thread.join()
    return job if unfinished else None


def resume_background(job: Background | None) -> None:
    """A build that stopped `job` failed: the site `job` was working on is still the one
    served, so the job runs again (from the start: its programs were killed)."""
    if job is not None and SESSION.background is None:
        in_background(job.work, job.what)
