"""Preview in a second: under `mkdocs serve`, rebuild only the languages a change affects.

A full build renders every page of every language. While serving, the plugin asks
`plan()` before each rebuild which languages' inputs changed since the last good
build, and builds only those; every other language's pages are copied from the site
being served (the last good build). A language's inputs are:

- its pages (content/ for the source language, content/<lang>/ otherwise; a draft
  language's also the source pages it falls back to);
- what every page is made from: data/, overrides/, mkdocs.yml and mkdocs.<lang>.yml.

(An edit of a source page does not rebuild its translation just to mark it stale:
the mark appears with that language's next rebuild, and `check` reports it at once.)

Inside a language that is rebuilt, a page whose Markdown and data did not change
reuses its rendered macros, and a page whose HTML did not change its policy check
(`cached_page`); the theme's templates are compiled once per process
(`THEME_BYTECODE`) instead of once per language and rebuild.

The checker's wheel is rebuilt only when checker/ changes (its cache is keyed by the
code; the data travels beside it, sitebuild/checker_paths.py). The state lives in the
process, across MkDocs' rebuilds (each rebuild loads a new config and new plugins).
`GUIDE_FULL_REBUILDS=1` turns all of this off (benchmarks/preview.py compares the two).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

Stamps = dict[str, tuple[int, int]]


@dataclass
class Session:
    serving: bool = False
    built: dict[str, Stamps] = field(default_factory=dict)  # language -> its inputs at the last good build
    pending: dict[str, Stamps] = field(default_factory=dict)  # language -> its inputs in the build under way


SESSION = Session()


def start_serving() -> None:
    SESSION.serving = not os.environ.get("GUIDE_FULL_REBUILDS")


def plan(root: Path, docs: Path, data_dir: Path, languages, served: Path) -> set[str]:
    """The languages to build now; the others are copied from `served` (the last good site)."""
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
        for common in (data_dir, root / "overrides", root / "mkdocs.yml", root / f"mkdocs.{lang}.yml", root / "page-translations.yml"):
            stamps.update(_stamps(common, prefix="common:"))
        SESSION.pending[lang] = stamps
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
        shutil.copytree(served / lang, staging / lang, dirs_exist_ok=True)
        return
    for item in served.iterdir():
        if item.name in others:
            continue
        target = staging / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)


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


def cached_page(key: tuple, render):
    """`render()`'s result, reused by the next builds of this process while `key` (what
    the result is made from, e.g. the language, the page, its Markdown and the data's
    version) is unchanged. A full `mkdocs build` is one build: it never reuses."""
    if os.environ.get("GUIDE_FULL_REBUILDS"):
        return render()
    if key not in _pages:
        if len(_pages) > 500:
            _pages.clear()
        _pages[key] = render()
    return _pages[key]
