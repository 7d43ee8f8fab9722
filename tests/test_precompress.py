"""Precompressed siblings (`.br`, `.gz`) of the site's text and wasm files, and the test
server that serves them as a static host does."""

from __future__ import annotations

import gzip
import os
import urllib.request
from pathlib import Path

import brotli

from tests.conftest import PYODIDE
from sitebuild.bundle.layout import ASSETS, runtime_dir
from sitebuild.files.precompress import SMALLEST, precompress_file, precompress_site
from tests.browser import serve


def test_every_text_and_wasm_file_has_siblings_that_decode_to_it(built_site):
    for pattern in ("index.html", "ja/checker/index.html", f"{ASSETS}{runtime_dir(PYODIDE)}pyodide.asm.wasm",
                    f"{ASSETS}{runtime_dir(PYODIDE)}pyodide.asm.js", "assets/javascripts/bundle.*.js", "pagefind/pagefind.js", "ja/pagefind/pagefind.js"):
        originals = list(built_site.glob(pattern))
        assert originals, f"the build writes {pattern}"
        for original in originals:
            data = original.read_bytes()
            assert brotli.decompress(original.with_name(original.name + ".br").read_bytes()) == data, original
            assert gzip.decompress(original.with_name(original.name + ".gz").read_bytes()) == data, original
    assert not list(built_site.rglob("*.png.br")), "images do not compress: no siblings"
    assert not list(built_site.rglob("*.br.br")) and not list(built_site.rglob("*.br.gz"))


def test_the_checker_runtime_is_sent_in_a_quarter_of_its_bytes(built_site):
    runtime = built_site / ASSETS / runtime_dir(PYODIDE)
    originals = [p for p in runtime.iterdir() if p.suffix not in (".br", ".gz")]
    raw = sum(p.stat().st_size for p in originals)
    sent = sum((p.with_name(p.name + ".br") if p.with_name(p.name + ".br").exists() else p).stat().st_size for p in originals)
    assert sent <= raw / 3, (raw, sent)
    assert sent <= 4_000_000


def test_small_files_and_no_gain_get_no_sibling_and_stale_ones_go(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "tiny.js").write_text("x = 1;\n")
    (site / "noise.json").write_bytes(os.urandom(10_000))  # does not shrink
    (site / "page.html").write_text("<p>hello</p>\n" * 400)
    (site / "tiny.js.br").write_bytes(b"stale")
    lines: list[str] = []
    sizes = precompress_site(site, lines.append, cache_dir=tmp_path / "cache")
    assert not (site / "tiny.js.br").exists() and sizes["tiny.js"].br is None
    assert not (site / "noise.json.br").exists() and sizes["noise.json"].sent == 10_000
    assert (site / "page.html.br").exists() and sizes["page.html"].sent < SMALLEST
    assert any(line.startswith("guide: precompressed") for line in lines)
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert precompress_file(site / "page.html", tmp_path / "cache") == sizes["page.html"]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == cached  # the second time from the cache


def test_the_test_server_sends_a_sibling_only_to_a_browser_that_takes_it(built_site):
    with serve(built_site) as url:
        for accept, encoding in (("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("identity", None)):
            request = urllib.request.Request(url + "checker/", headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(request) as response:
                body = response.read()
                assert response.headers.get("Content-Encoding") == encoding
                assert response.headers.get("Content-Type").startswith("text/html")
                assert "Accept-Encoding" in response.headers.get("Vary", "")
            decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
            assert decoded == (Path(built_site) / "checker" / "index.html").read_bytes()
