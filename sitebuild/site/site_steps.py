"""The steps a whole build takes before and after its pages, whatever the engine.

    load_checked_data   data/ read, validated and its rules proved, before any page
    finish_site         after every language's pages: the checker's runtime, wheel and
                        data, the service worker, the site-wide security policy

The `guide` MkDocs plugin (on_config, on_post_build) and the Zensical build
(sitebuild/zensical/build.py) both call these, so the two sites get the same files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from checker import DataErrors
from sitebuild.pages import csp
from sitebuild.source.project import CACHE_DIR, PYODIDE_DIR, PageLayout, ProjectFolders
from sitebuild.source.site_data import SiteData, load_site_data


class SiteError(Exception):
    """The site cannot be built; the message says why and what to do."""


def project_folders(root: Path, options) -> ProjectFolders:
    """The folders the guide plugin's options name (as MkDocs reads them), relative to the
    config's folder, and the pages and configs they name (PageLayout)."""
    try:
        layout = PageLayout.of(options)
    except ValueError as error:
        raise SiteError(f"guide: {error}") from None
    return ProjectFolders.of(root, options.get("data_dir", "data"), options.get("pyodide_dir", PYODIDE_DIR),
                             options.get("cache_dir", CACHE_DIR), layout)


def load_checked_data(folders: ProjectFolders, prove: Callable[[SiteData], object] = SiteData.decision_rows) -> SiteData:
    """The site's data, validated, with its rules proved (a failing proof fails early).
    A stale translation does not stop it: it is shown as last accepted, and marked
    (sitebuild/pages/stale_marks.py). `prove` proves the data or sees to it: under serve
    the proof runs beside the build, which awaits its verdict before serving anything
    (sitebuild/plugin/proof_beside.py)."""
    try:
        data = load_site_data(folders.data, allow_stale=True, folders=folders)
        prove(data)
    except DataErrors as errors:
        raise SiteError(f"guide: the data has problems; nothing was built:\n{errors.report()}") from None
    except ValueError as error:
        raise SiteError(f"guide: {error}") from None
    return data


def finish_site(site_dir: Path, data: SiteData, checker_assets: bool, log: Callable[[str], None],
                style_src: list[str] | None = None, precompress: bool = True) -> None:
    """Write what the whole site shares, once every language's pages are in `site_dir`
    (`style_src`: the policy's styles, when the theme needs more than csp.BASE's); last,
    once every file is final, the `.br` and `.gz` siblings of each text and wasm file
    (sitebuild/files/precompress.py), for hosts that serve them."""
    if checker_assets:
        from sitebuild.bundle.checker_assets import write_checker_assets
        from sitebuild.bundle.offline import write_service_worker

        write_checker_assets(site_dir, data.programme, data.documents, data.locations, log, data.folders)
        write_service_worker(site_dir, data.programme, data.folders.pyodide)
    csp.write_site_policy(site_dir, style_src)
    if precompress:
        from sitebuild.files.precompress import precompress_site

        precompress_site(site_dir, log, data.folders.compressed_cache)
