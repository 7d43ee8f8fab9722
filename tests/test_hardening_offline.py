"""The service worker the build writes (sitebuild/bundle/offline.py): its manifest names
exactly the URLs the checker fetches, files that exist, and a cache name that changes
with any of their bytes. The browser test (test_browser_hardening_offline.py) shows
it working offline."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

from tests.conftest import PYODIDE
from sitebuild.bundle.layout import ASSETS, CACHE_PREFIX, DATA_FILE, SNAPSHOT_CACHE, build_id, runtime_dir
from sitebuild.bundle.offline import SW_FILE, write_service_worker


def manifest_of(site: Path) -> dict:
    text = (site / SW_FILE).read_text(encoding="utf-8")
    return json.loads(re.search(r"const MANIFEST = (\{.*?\n\});", text, re.S).group(1))


def test_the_service_worker_is_at_the_site_root_once(built_site):
    assert (built_site / SW_FILE).is_file()
    assert not list((built_site / "ja").rglob(SW_FILE))
    assert "/* MANIFEST */" not in (built_site / SW_FILE).read_text(encoding="utf-8")


def test_the_checker_urls_are_exactly_what_the_worker_asks_for(built_site, programme):
    manifest = manifest_of(built_site)
    build = build_id(programme, PYODIDE)
    page = (built_site / "checker" / "index.html").read_text(encoding="utf-8")
    assert f'data-checker-build="{build}"' in page and manifest["build"] == build
    runtime = f"{ASSETS}{runtime_dir(PYODIDE)}"
    # engine.js: worker.mjs?v=<build>; worker.mjs: the lock and the data with ?v=<build>, the rest plain.
    for url in (f"{ASSETS}worker.mjs?v={build}", f"{runtime}pyodide-lock.json?v={build}", f"{runtime}{DATA_FILE}?v={build}",
                f"{runtime}checker-files.json?v={build}"):
        assert url in manifest["checker"]
    assert not any(u.split("?")[0].endswith(("worker.mjs", ".json")) and "?v=" not in u for u in manifest["checker"])
    wheel = json.loads((built_site / runtime / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]["checker"]["file_name"]
    stdlib = json.loads((built_site / runtime / "checker-files.json").read_text(encoding="utf-8"))["stdlib"]["file_name"]
    assert not any(u.endswith((".br", ".gz")) for u in manifest["checker"]), "siblings arrive decoded, as the original"
    for name in ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", stdlib, wheel):
        assert f"{runtime}{name}" in manifest["checker"] and f"{runtime}{name}" in manifest["immutable"]
    for script in ("engine.js", "widget.js", "render.js", "status.js", "fragment.js", "lookup.js", "offline.js"):
        assert f"{ASSETS}{script}" in manifest["checker"]
    assert set(manifest["immutable"]) < set(manifest["checker"])


def test_the_shell_is_what_pages_load_and_small(built_site):
    manifest = manifest_of(built_site)
    shell = manifest["shell"]
    for page in ("index.html", "ja/activate/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), ref))
            assert path in shell, f"{page} loads {path}, which the service worker does not keep"
    assert {"search/search_index.json", "ja/search/search_index.json", "sitemap.xml", "ja/sitemap.xml"} <= set(shell)
    assert {"pagefind/pagefind.js", "ja/pagefind/pagefind.js"} <= set(shell)  # search offline, in each language
    assert any(path.startswith("ja/pagefind/pagefind-entry.json?ts=") for path in shell)  # as the search worker asks
    assert not any(runtime_dir(PYODIDE) in path for path in shell), "the runtime is cached only once the checker was used"
    assert sum((built_site / path.split("?")[0]).stat().st_size for path in shell) < 1_500_000
    for path in [u.split("?")[0] for u in shell + manifest["checker"]]:
        assert (built_site / path).is_file(), path


def test_every_kept_file_is_fetched_with_its_sha256(built_site):
    manifest = manifest_of(built_site)
    paths = manifest["shell"] + manifest["checker"]
    assert sorted(manifest["integrity"]) == sorted(paths)
    for path in paths:
        digest = base64.b64encode(hashlib.sha256((built_site / path.split("?")[0]).read_bytes()).digest()).decode()
        assert manifest["integrity"][path] == f"sha256-{digest}", path


def test_the_cache_name_changes_with_any_cached_byte(built_site, programme, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = manifest_of(site)["version"]
    assert write_service_worker(site, programme, PYODIDE)["version"] == before  # the same build: the same worker
    stylesheet = next((site / "ja" / "assets" / "stylesheets").glob("main.*.css"))
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n/* changed */", encoding="utf-8")
    assert re.fullmatch(r"[0-9a-f]{12}", before) and write_service_worker(site, programme, PYODIDE)["version"] != before


def test_the_service_worker_drops_only_its_own_caches(built_site):
    """Old builds' caches go; the checker's memory snapshots (layout.SNAPSHOT_CACHE) stay."""
    from sitebuild.bundle.offline import TEMPLATE

    source = TEMPLATE.read_text(encoding="utf-8")
    assert "const PREFIX = MANIFEST.cache_prefix;" in source
    assert manifest_of(built_site)["cache_prefix"] == CACHE_PREFIX and not SNAPSHOT_CACHE.startswith(CACHE_PREFIX)
    deletions = re.findall(r"caches\.delete\(([^)]*)\)", source)
    assert deletions == ["name"]
    assert re.search(r"names\.filter\(\(name\) => name\.startsWith\(PREFIX\) && name !== CACHE\)", source)
