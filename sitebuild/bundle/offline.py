"""Writes the service worker (site root `sw.js`) with this build's precache manifest.

Called once per build by the site plugin, in the staged site, after the checker's
assets are written. The manifest holds:

- `shell`: what every page needs (the theme's stylesheets and scripts, each language's
  search index (Pagefind's bundle) and sitemap, the guide's stylesheet, the checker's loader): cached when
  the service worker installs, on a reader's first visit to any page (1.0 MB, 0.35 MB of it
  the two languages' search bundles).
- `checker`: exactly the URLs the checker's worker fetches, query strings included
  (`worker.mjs?v=<build>`, `pyodide-lock.json?v=<build>`, `checker-data.json?v=<build>`,
  `checker-files.json?v=<build>`, the runtime, its trimmed standard library and the wheel): 12 MB, so cached only once the reader has used the
  checker (the page asks for it when the checker is ready; the files then come from
  the browser's HTTP cache), and again on each new build for readers who had it.
- `immutable`: the runtime's files and the wheel, whose URLs change with their bytes:
  answered from the cache without asking the network.
- `integrity`: the sha256 of each of those files, as Subresource Integrity: the service
  worker keeps only the bytes this build wrote (a corrupted or stale download fails
  and is not kept, rather than being served from the cache for good).
- `version`: a hash of all of the above and of the worker's code; it names the cache
  (`cache_prefix` + version), so a new build installs a new service worker with a new
  cache and drops the old ones, whose names start with `cache_prefix` (never the
  checker's snapshot cache, layout.SNAPSHOT_CACHE).
- `build_param`: the query parameter that names a build (`?v=<build>`): such a file is
  asked of the server past the browser's HTTP cache.

The `checker` URLs that carry the build are the ones the page's manifest names
(layout.checker_manifest, what the checker's scripts fetch): one list for both.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from sitebuild.bundle.layout import ASSETS, BUILD_PARAM, CACHE_PREFIX, checker_manifest, runtime_dir, stamped_paths
from sitebuild.bundle.search_index import bundle_files

TEMPLATE = Path(__file__).with_name("service_worker.js")
MARKER = "/* MANIFEST */ null"  # the template runs only as written by the build, with this build's manifest
SW_FILE = "sw.js"
# Files every page loads (globs in the site). The theme's files are in each language's folder, with what its scripts fetch on every
# page (the search index, the sitemap); the guide's and the checker's, once at the root.
THEME = ("assets/stylesheets/*.css", "assets/javascripts/bundle.*.js", "assets/javascripts/workers/*.js",
         "assets/images/favicon.png", "search/search_index.json", "sitemap.xml",
         "assets/stylesheets/*/*.css", "search.json")  # Zensical's theme (sitebuild/zensical/build.py)
SHARED = ("assets/guide/*.css", "assets/guide/*.js", f"{ASSETS}loader.js", f"{ASSETS}*.css")
# The checker's own scripts, loaded only by pages with the checker.
CHECKER_SCRIPTS = (f"{ASSETS}*.js", f"{ASSETS}*.mjs")
# Source maps, and the precompressed siblings (a browser receives their bytes decoded,
# under the original's URL).
NOT_KEPT = (".map", ".br", ".gz")


def write_service_worker(site_dir: Path, programme, pyodide_dir: Path) -> dict:
    site_dir = Path(site_dir)
    manifest = service_worker_manifest(site_dir, programme, pyodide_dir)
    template = TEMPLATE.read_text(encoding="utf-8")
    if MARKER not in template:
        raise RuntimeError(f"guide: {TEMPLATE} lost its manifest marker")
    manifest["integrity"] = {path: _integrity(site_dir / path.split("?")[0])
                             for path in (*manifest["shell"], *manifest["checker"])}
    manifest["version"] = hashlib.sha256((template + json.dumps(manifest, sort_keys=True)).encode("utf-8")).hexdigest()[:12]
    text = template.replace(MARKER, json.dumps(manifest, indent=1))
    (site_dir / SW_FILE).write_text(text, encoding="utf-8")
    return manifest


def service_worker_manifest(site_dir: Path, programme, pyodide_dir: Path) -> dict:
    page = checker_manifest(programme, pyodide_dir)
    runtime = site_dir / ASSETS / runtime_dir(pyodide_dir)
    folders = [""] + [f"{language.id}/" for language in programme.languages[1:]]
    shell = _files(site_dir, tuple(folder + pattern for folder in folders for pattern in THEME) + SHARED)
    shell |= {path for folder in folders for path in _search_scripts(site_dir, folder)}
    shell |= {path for folder in folders for path in bundle_files(site_dir, folder)}  # Pagefind's, when built
    scripts = _files(site_dir, CHECKER_SCRIPTS) - shell
    runtime_files = {_relative(p, site_dir) for p in runtime.iterdir() if p.is_file() and not p.name.endswith(NOT_KEPT)}
    versioned = stamped_paths(page)  # path -> the URL the scripts ask for it by
    missing = set(versioned) - scripts - runtime_files
    if missing:
        raise RuntimeError(f"guide: the service worker's manifest lacks {', '.join(sorted(missing))}: "
                           "write the checker's assets first")
    checker = sorted(versioned.get(path, path) for path in scripts | runtime_files)
    immutable = sorted(runtime_files - set(versioned))
    return {"version": "", "build": page["build"], "shell": sorted(shell), "checker": checker, "immutable": immutable,
            "integrity": {}, "cache_prefix": CACHE_PREFIX, "build_param": BUILD_PARAM}


def _search_scripts(site_dir: Path, folder: str) -> list[str]:
    """The language support Material's search worker imports for a language's search
    index (its config's `lang`), by the worker's own rule."""
    index = site_dir / folder / "search" / "search_index.json"
    if not index.is_file() or bundle_files(site_dir, folder):  # Pagefind answers: Material's worker loads none
        return []
    langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
    lunr = f"{folder}assets/javascripts/lunr/"
    names = [f"{lunr}tinyseg.js" for lang in langs if lang == "ja"] + \
        [f"{lunr}wordcut.js" for lang in langs if lang in ("hi", "th")] + \
        [f"{lunr}min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
    if len(langs) > 1:
        names.append(f"{lunr}min/lunr.multi.min.js")
    if names:
        names.append(f"{lunr}min/lunr.stemmer.support.min.js")
    return [name for name in names if (site_dir / name).is_file()]


def _files(site_dir: Path, patterns: tuple[str, ...]) -> set[str]:
    return {_relative(p, site_dir) for pattern in patterns for p in site_dir.glob(pattern) if p.is_file()}


def _integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii")


def _relative(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix()
