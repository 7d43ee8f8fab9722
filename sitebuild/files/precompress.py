"""Precompressed siblings of the site's files: `x.br` (Brotli) and `x.gz` (gzip) beside `x`.

A static host that serves them (nginx `gzip_static`/`brotli_static`, Caddy
`precompressed`, ... see the README) sends the checker's runtime in about a quarter of
its bytes, with no compression work per request. Written as the build's last step,
over the whole staged site, for every text file and the WebAssembly module.

Brotli at its best quality takes about 20 s for the 8.6 MB wasm file, so every result
is kept in a cache named by the input's sha256: a rebuild only compresses what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

# Text and WebAssembly: what compresses. (Images, fonts and the deflated wheel do not.)
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".wasm", ".map", ".zip"})
ENCODINGS = {".br": "br", ".gz": "gzip"}
SMALLEST = 1024  # below this a response's headers outweigh the saving
KEEP_DAYS = 14  # cache entries unused for longer are dropped

Log = Callable[[str], None]


@dataclass(frozen=True)
class Sizes:
    raw: int
    br: int | None  # None: no sibling (too small, or no gain)
    gz: int | None

    @property
    def sent(self) -> int:
        """What a host that serves the siblings sends to a browser that takes Brotli."""
        return self.br or self.gz or self.raw


def _compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cached(data: bytes, encoding: str, cache_dir: Path) -> bytes:
    entry = cache_dir / f"{hashlib.sha256(data).hexdigest()}.{encoding}"
    if entry.is_file():
        os.utime(entry)  # in use: keep it
        return entry.read_bytes()
    packed = _compress(data, encoding)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Named per thread too: two files of equal content (en and ja copies) compress at once.
    partial = entry.with_name(f"{entry.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(packed)
    partial.replace(entry)  # atomic: two builds at once never read half an entry
    return packed


def precompress_file(path: Path, cache_dir: Path) -> Sizes:
    """Write `path.br` and `path.gz` when they are smaller than `path`; remove stale ones."""
    data = path.read_bytes()
    sizes = {}
    for suffix, encoding in ENCODINGS.items():
        sibling = path.with_name(path.name + suffix)
        packed = _cached(data, encoding, cache_dir) if len(data) >= SMALLEST else None
        if packed is None or len(packed) >= len(data) * 0.95:
            sibling.unlink(missing_ok=True)
            sizes[encoding] = None
            continue
        if not (sibling.is_file() and sibling.read_bytes() == packed):
            sibling.write_bytes(packed)
        sizes[encoding] = len(packed)
    return Sizes(raw=len(data), br=sizes["br"], gz=sizes["gzip"])


def precompress_files(files: list[Path], cache_dir: Path) -> dict[Path, Sizes]:
    """precompress_file for each of `files`, on every core: Brotli and zlib release the
    GIL. The largest go first, so that the 8.6 MB wasm file is not the last one started."""
    largest_first = sorted(files, key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(largest_first, pool.map(lambda p: precompress_file(p, cache_dir), largest_first)))


def precompress_site(site_dir: Path, log: Log, cache_dir: Path) -> dict[str, Sizes]:
    """Siblings for every compressible file of the site; returns sizes by relative path."""
    started = time.perf_counter()
    # Small files too: precompress_file drops a sibling a smaller file no longer needs.
    files = sorted(p for p in Path(site_dir).rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    done = precompress_files(files, cache_dir)
    sizes = {p.relative_to(site_dir).as_posix(): done[p] for p in files}
    raw = sum(s.raw for s in sizes.values())
    sent = sum(s.sent for s in sizes.values())
    log(f"guide: precompressed {len(files)} files ({raw / 1e6:.1f} MB -> {sent / 1e6:.1f} MB as Brotli) "
        f"in {time.perf_counter() - started:.1f} s")
    _prune(cache_dir)
    return sizes


def _prune(cache_dir: Path) -> None:
    if not cache_dir.is_dir():
        return
    oldest = time.time() - KEEP_DAYS * 86400
    for entry in cache_dir.iterdir():
        if entry.stat().st_mtime < oldest:
            entry.unlink(missing_ok=True)
