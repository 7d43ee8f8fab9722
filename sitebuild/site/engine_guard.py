"""Stops an engine that skips the `guide` plugin from building the site from mkdocs.yml.

The pages hold `{{ macro() }}` calls that only the guide plugin renders, and only MkDocs
runs it. Zensical reads mkdocs.yml as well, ignores third-party plugins, and would write
every page with the calls as raw text while reporting "No issues found". So mkdocs.yml
holds

    extra:
      guide_engine: !!python/object/apply:sitebuild.site.engine_guard.require_mkdocs []

which runs while the file is read: read by MkDocs, it is the word "mkdocs"; read by
anything else, the read stops with one line that names the command building the site
with Zensical (sitebuild/zensical/build.py, which renders the pages first and reads
mkdocs.yml without running anything in it: sitebuild/site/site_config.py).
"""

from __future__ import annotations

import sys

import click

KEY = "guide_engine"  # the key under `extra:` in mkdocs.yml
ZENSICAL_COMMAND = ".venv/bin/python -m sitebuild.zensical.build"
NAMES = {"zensical": "Zensical"}


class WrongEngine(click.ClickException):
    """A click error: a click program such as Zensical prints it as one line, `Error: ...`, and exits 1."""


def require_mkdocs() -> str:
    reader = config_reader()
    if reader == "mkdocs":
        return reader
    raise WrongEngine(refusal(reader))


def refusal(reader: str) -> str:
    engine = NAMES.get(reader, f"'{reader}'")
    return (f"guide: {engine} does not run the guide plugin, so the pages would show raw {{{{ macros }}}}: "
            f"build with `{ZENSICAL_COMMAND}` (or `mkdocs build`).")


def config_reader() -> str:
    """The top-level package of the code that is reading the config file: the first
    caller outside this module and PyYAML."""
    frame = sys._getframe(1)
    while frame is not None:
        package = str(frame.f_globals.get("__name__", "")).split(".")[0]
        if package not in ("yaml", "sitebuild"):
            return package
        frame = frame.f_back
    return "unknown"
