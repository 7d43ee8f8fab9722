"""The readers' search: one Pagefind index per language, behind Material's search box.

Material's own index (lunr) splits Japanese with TinySegmenter in the browser, and
its query with another rule, so Japanese compounds found nothing (the comparison is
in the README). Pagefind's extended build splits Japanese words when the site is
indexed and the browser's Intl.Segmenter splits the query, so both sides agree.

The source language's build indexes every language once all are written, each
language's pages into its own bundle:

    site/pagefind/       the source language's pages
    site/ja/pagefind/    the Japanese pages, and so on

The writers' guide (writers/) and the error page are left out: readers never see
them among results. Only the page's <article> is indexed, so navigation and footer
words do not make every page match. Material keeps its search box and result list;
`point_material_at_pagefind` points its search worker at sitebuild/theme/assets/guide/
search-worker.js, which answers Material's messages from the language's bundle.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sitebuild.files.precompress import ENCODINGS

BUNDLE = "pagefind"  # the folder each language's index goes into
WORKER = "assets/guide/search-worker.js"  # a shared asset: one copy at the site root
LEFT_OUT = ("writers/", "404.html", "assets/", f"{BUNDLE}/")
EXCLUDED_SELECTORS = [".headerlink", ".md-source-file", ".checker-print-only", "#checker-strings"]
EXCLUDED_MARK = '<meta name="guide-search" content="exclude">'  # written by the plugin into the page's head
KEPT = ("pagefind.js", "pagefind-entry.json", "wasm.", "pagefind.", "index", "fragment")  # the rest is Pagefind's own UI
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
MATERIAL_WORKERS = "assets/javascripts/workers/"
PRECOMPRESSED = tuple(ENCODINGS)  # the suffixes of sitebuild/files/precompress.py's siblings

Log = Callable[[str], None]


@dataclass(frozen=True)
class IndexStats:
    lang: str
    pages: int
    bytes: int
    seconds: float


def excluded_by(meta: dict) -> bool:
    """A page whose front matter says `search: {exclude: true}` (Material's own switch,
    kept for Pagefind too): the decision table's case pages, say, would otherwise
    outrank the guide's pages for every word they repeat."""
    search = meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True


def mark_excluded(html: str) -> str:
    return html.replace("<head>", f"<head>\n{EXCLUDED_MARK}", 1)


def pages_to_index(site_dir: Path, skip: set[str]) -> list[Path]:
    """The readers' pages of one language's site folder; `skip`: other languages' folders."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in skip or any(rel.startswith(prefix) for prefix in LEFT_OUT):
            continue
        if EXCLUDED_MARK in page.read_text(encoding="utf-8", errors="replace")[:4096]:
            continue
        found.append(page)
    return found


def page_url(site_dir: Path, page: Path) -> str:
    """The page's URL inside its language root, as Pagefind returns it: '/activate/'."""
    rel = page.relative_to(site_dir).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@dataclass(frozen=True)
class Job:
    site_dir: Path  # the language's root folder in the site
    lang: str
    skip: frozenset[str] = frozenset()  # other languages' folders inside it


def write_indexes(jobs: list[Job], log: Log, swap: bool = False, start=subprocess.Popen) -> list[IndexStats]:
    """Index each language's pages into its `pagefind/` folder: one Pagefind process per
    language, all at once (each spends most of its time reading its dictionaries).
    `swap`: the folder is being served; the new index is written beside it, then put
    in its place, so a search never meets half of each. `start` starts a program
    (sitebuild/plugin/preview.py's can be stopped by a newer build)."""
    started = time.perf_counter()
    pages = {job.lang: pages_to_index(job.site_dir, set(job.skip)) for job in jobs}
    bundle = f"{BUNDLE}.next" if swap else BUNDLE
    running = []
    try:
        for job in jobs:
            if swap:
                shutil.rmtree(job.site_dir / bundle, ignore_errors=True)  # an earlier, stopped one's
            running.append((job, start(_command(job, pages[job.lang], job.site_dir / bundle), stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)))
        failed = [f"'{job.lang}': {out}" for job, process in running
                  for out in [process.communicate(timeout=600)[0]] if process.returncode != 0]
    finally:
        for _, process in running:
            process.kill()  # stopped or failed early: none is left running
    if failed:
        raise RuntimeError("search: Pagefind failed to index " + "\n".join(failed))
    seconds = time.perf_counter() - started
    stats = []
    for job in jobs:
        out = job.site_dir / BUNDLE
        _drop_pagefind_ui(job.site_dir / bundle)
        if swap:
            _replace(job.site_dir / bundle, out)
        stats.append(IndexStats(job.lang, len(pages[job.lang]), _size(out), seconds))
        log(f"search: indexed {len(pages[job.lang])} '{job.lang}' pages into {out} ({stats[-1].bytes / 1024:.0f} KB)")
    log(f"search: {len(jobs)} indexes written in {seconds:.2f} s")
    return stats


def _command(job: Job, pages: list[Path], out: Path) -> list[str]:
    """Pagefind's command line for exactly these pages (a glob of their paths)."""
    from pagefind.service import _must_get_executable

    paths = ",".join(page.relative_to(job.site_dir).as_posix() for page in pages)
    return [str(_must_get_executable()), "--site", str(job.site_dir), "--glob", "{" + paths + "}",
            "--root-selector", "article", "--exclude-selectors", ", ".join(EXCLUDED_SELECTORS),
            "--force-language", job.lang, "--output-path", str(out), "--quiet"]


def _replace(new: Path, old: Path) -> None:
    """`new` where `old` was: one rename when the system can swap two folders."""
    from sitebuild.files.atomic import exchange

    if old.is_dir() and exchange(new, old):
        shutil.rmtree(new)
        return
    shutil.rmtree(old, ignore_errors=True)
    new.rename(old)


def copy_bundle(served: Path, site_dir: Path) -> bool:
    """The served language's index copied into the language being built; False when
    there is none (the first build of a serve)."""
    bundle = served / BUNDLE
    if not (bundle / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(bundle, site_dir / BUNDLE, dirs_exist_ok=True)
    return True


def _drop_pagefind_ui(out: Path) -> None:
    """Pagefind writes its own search UI too, and a word-splitting runtime for every
    language it knows; Material's UI is used and one language is indexed, so only the
    runtime the bundle names is shipped."""
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    runtimes = {f"wasm.{language.get('wasm') or 'unknown'}.pagefind" for language in entry["languages"].values()}
    for path in out.iterdir():
        unused_runtime = path.name.startswith("wasm.") and path.name not in runtimes
        if path.is_file() and (unused_runtime or not path.name.startswith(KEPT)):
            path.unlink()


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def require_extended() -> None:
    """Only Pagefind's extended build splits Japanese words; the plain one would index
    whole runs of Japanese text as one word."""
    from pagefind.service import _must_get_executable

    binary = _must_get_executable()
    if "extended" not in binary.name:
        raise RuntimeError(f"search: {binary} is Pagefind's plain build: install 'pagefind[extended]' (scripts/setup).")


# --- Material's side ---------------------------------------------------------------


def point_material_at_pagefind(html: str, lang_root: str) -> str:
    """The page with Material's search worker replaced by ours (the same URL on every
    page of every language); `lang_root` is '' or 'ja/'."""
    match = CONFIG.search(html)
    if match is None:
        return html
    config = json.loads(match.group(2))
    material = config.get("search") or ""
    if MATERIAL_WORKERS not in material:
        return html
    to_language_root = material.split(MATERIAL_WORKERS)[0]
    to_site_root = to_language_root + "../" * lang_root.count("/")
    config["search"] = f"{to_site_root}{WORKER}"
    text = json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return html[: match.start(2)] + text + html[match.end(2):]


def skip_material_documents(plugins) -> None:
    """Material's search plugin reads every page's HTML for the documents of
    search/search_index.json, which point_material_index_at_pagefind then drops: with
    Pagefind answering, it reads none (a tenth of a second per build of both languages).
    It still strips the pages' `data-search-*` attributes and writes the index's settings."""
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None) if type(plugin).__module__.startswith("material.") else None
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = lambda page: None


def point_material_index_at_pagefind(site_dir: Path, lang: str, lang_root: str) -> None:
    """Material's page-side code still fetches search/search_index.json and sends its
    settings to the worker: they name the language's bundle (from the site root) and
    language, and the documents, which would be downloaded for nothing, go."""
    path = site_dir / "search" / "search_index.json"
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = []
        index["config"] = {**index.get("config", {}), "lang": [lang], "pagefind": f"{lang_root}{BUNDLE}/",
                           "pagefind-tag": cache_tag(site_dir / BUNDLE)}
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def cache_tag(bundle: Path) -> str:
    """Names this build's index: Pagefind asks for `pagefind-entry.json?ts=<tag>` (a new
    time on every load without one), so the offline cache can hold that URL."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return "-".join(sorted(language["hash"] for language in entry["languages"].values()))


def bundle_files(site_dir: Path, lang_root: str) -> list[str]:
    """The language's bundle as the search worker asks for it, paths from the site root
    (for the offline precache)."""
    bundle = site_dir / lang_root / BUNDLE
    if not bundle.is_dir():
        return []
    # A host serves `x.br` in place of `x`; the worker never asks for the sibling itself.
    paths = sorted(p.relative_to(site_dir).as_posix() for p in bundle.rglob("*")
                   if p.is_file() and p.suffix not in PRECOMPRESSED)
    entry = f"{lang_root}{BUNDLE}/pagefind-entry.json"
    return [f"{path}?ts={cache_tag(bundle)}" if path == entry else path for path in paths]
