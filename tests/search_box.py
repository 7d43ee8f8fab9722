"""Typing into the site's search box as a reader does, for the search test and benchmark.

    box = SearchBox(page)          # on a page of the site, in any language
    found = box.search("アクティブ化")
    found.paths, found.ms          # result pages (paths, no anchors), time to the answer

Each query starts from an empty box, so the answer read is the one for this query:
Material shows its placeholder for the empty box, then its count or "no results"
line for the query.
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "search" / "queries.yml"
INPUT = "input[data-md-component=search-query]"
META = ".md-search-result__meta"
LINKS = ".md-search-result__item > a"


@dataclass(frozen=True)
class Query:
    lang: str
    query: str
    finds: tuple[str, ...]

    @property
    def root(self) -> str:
        return "/" if self.lang == "en" else f"/{self.lang}/"

    def problems(self, paths: list[str]) -> list[str]:
        """What is wrong with this query's result pages, in words ([] when nothing)."""
        missing = [f"missing {self.root}{page}" for page in self.finds if self.root + page not in paths]
        return missing + [f"shows {path}" for path in paths if not self.in_readers_pages(path)]

    def in_readers_pages(self, path: str) -> bool:
        other_language = not path.startswith(self.root) or (self.lang == "en" and path.startswith("/ja/"))
        return not other_language and "/writers/" not in path


@dataclass(frozen=True)
class Found:
    paths: list[str]  # distinct result pages, best first
    ms: float
    meta: str  # Material's line above the results: their count, or "no results"


def indexed_pages(bundle: Path) -> list[dict]:
    """The pages a Pagefind bundle holds, as stored: each fragment is gzip, a tag, then JSON
    (url, content as text, meta)."""
    pages = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        pages.append(json.loads(text[text.index("{"):]))
    return pages


def load_queries(path: Path = QUERIES) -> list[Query]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Query(item["lang"], str(item["query"]), tuple(item["finds"])) for item in items]


class SearchBox:
    def __init__(self, page, timeout_ms: int = 15_000):
        self.page = page
        self.timeout_ms = timeout_ms
        words = json.loads(page.inner_text("#__config"))["translations"]
        self.placeholder = words["search.result.placeholder"]
        self.none = words["search.result.none"]
        page.keyboard.press("/")  # Material's shortcut opens the search

    def search(self, query: str) -> Found:
        box = self.page.locator(INPUT)
        box.fill("")
        self._wait_for(lambda meta: meta == self.placeholder)
        started = time.perf_counter()
        box.fill(query)  # one input event, as a paste or an input method's commit
        meta = self._wait_for(lambda meta: meta not in ("", self.placeholder))
        ms = (time.perf_counter() - started) * 1000
        links = self.page.eval_on_selector_all(LINKS, "links => links.map(a => a.href)")
        return Found(list(dict.fromkeys(urlsplit(link).path for link in links)), ms, meta)

    def _wait_for(self, ready) -> str:
        deadline = time.perf_counter() + self.timeout_ms / 1000
        while not ready(meta := self.page.inner_text(META).strip()):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"search: the result line still says {meta!r}")
            self.page.wait_for_timeout(10)
        return meta
