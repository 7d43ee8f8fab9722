"""The readers' search, engine against engine, on the query set of tests/search/queries.yml.

    .venv/bin/python benchmarks/search.py [--runs N]

Builds the site twice (`mkdocs build`): with Pagefind (what the site ships) and with
Material's own lunr search (GUIDE_SEARCH_INDEX=false), then derives a third site from
the second with Material's Japanese set-up fixed (benchmarks/lunr_ja_worker.js: the
query split with the TinySegmenter that split the index; punctuation as separators).
Each is served on 127.0.0.1 and driven in Debian's Chromium, then one table is printed:

- recall: share of the language's queries that list every expected page, and only
  readers' pages of that language;
- index KB: what the browser downloads for the first search (index, worker, runtime),
  from the files it requested (not what the service worker precaches meanwhile);
- first result ms: a fresh browser context opens the home page and types one query;
  median of N runs. Later queries: median over the whole query set.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.browser import chromium, serve  # noqa: E402
from tests.search_box import SearchBox, load_queries  # noqa: E402

FIRST = {"en": "incidents", "ja": "インシデント"}
SEARCH_FILES = re.compile(r"/(search/|pagefind/|lunr/|workers/|assets/guide/search-worker\.js)")
SEPARATOR = r"[\s\-、。，．・：:「」『』（）()\[\]【】“”\"'/]+"
CONFIG = re.compile(r'("search":\s*")([^"]*assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)(")')


def build(out: Path, pagefind: bool) -> None:
    env = {**os.environ, "GUIDE_SEARCH_INDEX": "true" if pagefind else "false"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"search: the build failed:\n{done.stderr[-3000:]}")


def fix_lunr(site: Path) -> None:
    """Material's site with benchmarks/lunr_ja_worker.js in front of its worker (beside
    it, since Material's worker loads its language files relative to itself)."""
    for workers in site.rglob("assets/javascripts/workers"):
        shutil.copy(ROOT / "benchmarks" / "lunr_ja_worker.js", workers / "lunr_ja_worker.js")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(CONFIG.sub(r"\1\2lunr_ja_worker.js?material=\3\4", html), encoding="utf-8")
    for index in site.rglob("search/search_index.json"):
        data = json.loads(index.read_text(encoding="utf-8"))
        data["config"]["separator"] = SEPARATOR
        data["docs"] = [doc for doc in data["docs"] if not doc["location"].startswith("writers/")]  # readers' pages only
        index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def downloaded_kb(site: Path, urls: list[str]) -> float:
    paths = {urlsplit(url).path for url in urls if SEARCH_FILES.search(urlsplit(url).path)}
    return sum((site / path.lstrip("/")).stat().st_size for path in paths if (site / path.lstrip("/")).is_file()) / 1024


def first_result(browser, base: str, site: Path, lang: str) -> tuple[float, float]:
    context = browser.new_context()
    urls: list[str] = []
    # What the search asks for: the service worker's precache of the next visits' files is not counted.
    context.on("request", lambda request: urls.append(request.url) if request.service_worker is None else None)
    page = context.new_page()
    page.goto(base + ("" if lang == "en" else f"{lang}/"))
    page.wait_for_load_state("networkidle")
    started = time.perf_counter()
    box = SearchBox(page, timeout_ms=30_000)
    box.search(FIRST[lang])
    ms = (time.perf_counter() - started) * 1000
    context.close()
    return ms, downloaded_kb(site, urls)


def recall(browser, base: str, lang: str) -> tuple[float, float, list[str]]:
    queries = [q for q in load_queries() if q.lang == lang]
    page = browser.new_page()
    page.goto(base + ("" if lang == "en" else f"{lang}/"))
    box = SearchBox(page, timeout_ms=30_000)
    passed, times, failed = 0, [], []
    for query in queries:
        found = box.search(query.query)
        times.append(found.ms)
        problems = query.problems(found.paths)
        if problems:
            failed.append(f"{query.query} ({problems[0]})")
        else:
            passed += 1
    page.close()
    return passed / len(queries), statistics.median(times), failed


def measure(name: str, site: Path, runs: int) -> list[str]:
    rows = []
    with serve(site, csp=True) as base, chromium() as browser:
        for lang in ("ja", "en"):
            firsts = [first_result(browser, base, site, lang) for _ in range(runs)]
            share, later, failed = recall(browser, base, lang)
            rows.append(f"| {name} | {lang} | {share:.0%} | {firsts[0][1]:.0f} | {statistics.median(f[0] for f in firsts):.0f} "
                        f"| {later:.0f} | {', '.join(failed) or '-'} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh-context first searches per engine and language")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        build(work / "pagefind", pagefind=True)
        build(work / "lunr", pagefind=False)
        shutil.copytree(work / "lunr", work / "lunr-fixed")
        fix_lunr(work / "lunr-fixed")
        rows = []
        for name in ("lunr", "lunr-fixed", "pagefind"):
            rows += measure(name, work / name, args.runs)
        print(f"search benchmark: {len(load_queries())} queries, {args.runs} runs, {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.1f}")
        print("| engine | lang | recall | index KB (first search) | first result ms | later queries ms (median) | failed |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        print("\n".join(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
