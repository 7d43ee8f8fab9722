"""Builds the guide with Zensical: the same pages as `mkdocs build`, from the same files.

    .venv/bin/python -m sitebuild.zensical.build [-f mkdocs.yml] [-d site] [--no-strict]

Zensical reads mkdocs.yml but runs no MkDocs plugin, so what the `guide` plugin does
under MkDocs is done around Zensical, by the same functions:

1. read and prove data/ (site_steps.load_checked_data);
2. render every language's pages with the data into a work folder
   (rendered_site.render_site: macros, tables, checker form, draft fallbacks);
3. per language, write a Zensical config from mkdocs.<lang>.yml (zensical_config.py; the
   guide plugin's `language_config` names these files)
   and run `zensical build` on it, into <work>/site/ and <work>/site/<lang>/;
4. per page: its stashed blocks (the checker's form, the decision table) put in, the
   anchors sections.yml names, and the Content-Security-Policy meta
   (csp.with_meta, as the plugin's on_post_page; its styles also allow the one
   Zensical's search creates, sitebuild/zensical/theme.py); the shared assets once,
   at the root;
5. the checker's runtime, wheel and data, the service worker and the site's policy
   (site_steps.finish_site);
6. swap the site in only when all of it succeeded (atomic.StagedSite); with strict
   (the default, as `mkdocs build --strict`), a warning fails the build too.

The work folder is `.<site>-building-*` beside the site, removed at the end (and by
the next build if this one is killed).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import yaml

from sitebuild.pages import csp
from sitebuild.files.atomic import StagedSite
from sitebuild.pages.page_steps import missing_anchors, page_url
from sitebuild.pages.stashed_blocks import StashError, put_stash_in
from sitebuild.site.rendered_site import RenderedSite, language_docs, render_site
from sitebuild.site.site_config import ConfigError, guide_options, language_config_path, read_config
from sitebuild.source.site_data import SiteData
from sitebuild.pages.languages import language_root
from sitebuild.site.site_steps import SiteError, finish_site, load_checked_data, project_folders
from sitebuild.zensical.theme import shadow_style_hashes
from sitebuild.zensical.config import VARIANT, ZensicalConfigError, zensical_config, zensical_overrides

Log = Callable[[str], None]
ZENSICAL_TIMEOUT = 600


def build(config_file: Path, site_dir: Path | None = None, strict: bool = True, log: Log = print) -> Path:
    """Build the site `config_file` describes into `site_dir` (its site_dir by default)."""
    started = time.perf_counter()
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_config(config_file)
    options = guide_options(config, config_file)
    data = load_checked_data(project_folders(root, options))
    _require_zensical()
    stage = StagedSite.begin(site_dir or root / config.get("site_dir", "site"))
    try:
        site, warnings = _build_in(stage.staging, config_file, config, data, strict, log)
    except BaseException:
        stage.abandon()
        raise
    return _swap_in(stage, site, warnings, strict, log, started)


def _build_in(work: Path, config_file: Path, config: dict, data: SiteData, strict: bool, log: Log) -> tuple[Path, list[str]]:
    """Steps 2 to 5 in the work folder; returns the site folder and the warnings."""
    root, options, warnings = config_file.parent, guide_options(config, config_file), []
    pages = render_site(data, root, root / config.get("docs_dir", "docs"), work / "pages", warnings.append)
    theme = zensical_overrides(config, root, work / "overrides")
    for lang in data.languages:
        _zensical(_write_config(config_file, lang, data, pages, work, theme), work, strict, log)
    site = work / "site"
    _drop_copies_of_shared_assets(site, data, options)
    _drop_unused_stylesheets(site, data, (config.get("theme") or {}).get("variant", VARIANT))
    hashes, theme_warnings = shadow_style_hashes(site)
    style_src = csp.BASE["style-src"] + hashes
    warnings += theme_warnings + _finish_pages(site, data, pages, config.get("docs_dir", "docs"), style_src)
    finish_site(site, data, options.get("checker_assets", True), log, style_src)
    return site, warnings


def _require_zensical() -> None:
    if importlib.util.find_spec("zensical") is None:
        raise SiteError("guide: Zensical is not installed in this environment: run scripts/setup "
                        "(it installs the pinned version with the dev tools).")


def _write_config(config_file: Path, lang: str, data: SiteData, pages: RenderedSite, work: Path,
                  theme: Path | None) -> Path:
    path = language_config_path(config_file, lang, data.source_language, data.folders.layout)
    if not path.is_file():
        raise SiteError(f"guide: {path.name} is missing: data/languages.yml lists '{lang}' (the guide plugin's "
                        f"language_config is '{data.folders.layout.language_config}').")
    root = language_root(lang, data.source_language)
    config = zensical_config(read_config(path), lang=lang, data=data, root=config_file.parent,
                             docs_dir=pages.language_folder(lang).relative_to(work).as_posix(),
                             site_dir=f"site/{root}".rstrip("/"), config_name=path.name,
                             custom_dir=theme)
    written = work / f"zensical.{lang}.yml"
    written.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return written


def _zensical(config: Path, work: Path, strict: bool, log: Log) -> None:
    command = [sys.executable, "-m", "zensical", "build", "-f", str(config), *(["--strict"] if strict else [])]
    log(f"guide: zensical build -f {config.name}{' --strict' if strict else ''}")
    try:
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=ZENSICAL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SiteError(f"guide: `zensical build -f {config.name}` ran longer than {ZENSICAL_TIMEOUT} s: stopped.") from None
    output = (done.stdout + done.stderr).strip()
    for line in output.splitlines():
        log(f"zensical: {line}")
    if done.returncode != 0:
        raise SiteError(f"guide: `zensical build -f {config.name}` failed ({done.returncode}); its output is above.")


def _drop_copies_of_shared_assets(site: Path, data: SiteData, options: dict) -> None:
    """Zensical copies the theme's files into every language; the pages of the other
    languages use the copy at the root (as the plugin's on_files leaves them out)."""
    for lang in data.languages[1:]:
        for prefix in options.get("shared_assets", ["assets/checker/"]):
            shutil.rmtree(site / lang / prefix, ignore_errors=True)


def _drop_unused_stylesheets(site: Path, data: SiteData, variant: str) -> None:
    """Zensical writes the stylesheets of both its looks; the pages link those of
    `variant` only, and the service worker precaches every stylesheet it finds."""
    for lang in data.languages:
        for folder in (site / language_root(lang, data.source_language) / "assets" / "stylesheets").glob("*/"):
            if folder.name != variant:
                shutil.rmtree(folder)


def _finish_pages(site: Path, data: SiteData, pages: RenderedSite, docs_dir: str, style_src: list[str]) -> list[str]:
    """Put each page's stashed blocks in, check its anchors and give it its security
    policy; returns the warnings. The blocks go in after Zensical, as the plugin puts
    them in after Markdown: Zensical rewrites the relative links of the HTML it reads as
    if they were relative to the Markdown file, and a block's are relative to its page."""
    warnings: list[str] = []
    for path in sorted(site.rglob("*.html")):
        try:
            html = put_stash_in(path.read_text(encoding="utf-8"), pages.stash_folder)
        except StashError as error:
            raise SiteError(str(error)) from None
        warnings += [f"guide: {path.relative_to(site)} has {problem}." for problem in csp.problems(html)]
        path.write_text(csp.with_meta(html, style_src), encoding="utf-8")
    for lang in data.languages:
        folder = site / language_root(lang, data.source_language)
        for src in pages.pages[lang]:
            url = page_url(src)
            name = f"{language_docs(Path(docs_dir), data, lang).as_posix()}/{src}"
            html = (folder / url / "index.html").read_text(encoding="utf-8")
            missing = missing_anchors(data, url, html, name)
            if missing:
                raise SiteError(missing[0])
    return warnings


def _swap_in(stage: StagedSite, site: Path, warnings: list[str], strict: bool, log: Log, started: float) -> Path:
    for warning in warnings:
        log(f"WARNING - {warning}")
    if strict and warnings:
        stage.abandon()
        raise SiteError(f"guide: strict and {len(warnings)} warnings: the site in {stage.final} is left as it was.")
    StagedSite(stage.final, site).commit()
    stage.abandon()  # the rest of the work folder: rendered pages, configs, Zensical's cache
    log(f"guide: site ready in {stage.final} (Zensical) in {time.perf_counter() - started:.1f} s")
    return stage.final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.zensical.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the site's MkDocs config")
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="where to write the site (default: its site_dir)")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="keep the site despite warnings")
    args = parser.parse_args(argv)
    try:
        build(args.config_file, args.site_dir, args.strict)
    except (SiteError, ConfigError, ZensicalConfigError) as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
