"""The plugin's own theme files: shipped inside the package, added to every project's site.

`sitebuild/theme/` holds the checker's widget and worker, the guide's scripts and styles,
and the partials that override Material's (the language switcher, the search box). A
project's own `custom_dir` comes first, so it can still override any of them; the
scripts and styles are listed for the project, which lists only its own.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"

# (path inside the site, script type): what every page loads, in this order.
SCRIPTS = (("assets/checker/loader.js", "module"), ("assets/guide/search-input.js", None),
           ("assets/guide/language-switch.js", "module"))
STYLES = ("assets/checker/checker.css", "assets/guide/guide.css")
# Written once at the site root and used by every language.
SHARED = ("assets/checker/", "assets/guide/")


def scripts_to_add(listed: set[str]) -> list[tuple[str, str | None]]:
    """The package's (path, type) scripts a project's list lacks, to put before its own."""
    return [(path, kind) for path, kind in SCRIPTS if path not in listed]


def styles_to_add(listed: list[str]) -> list[str]:
    """The package's stylesheets a project's list lacks, to put before its own."""
    return [path for path in STYLES if path not in listed]


def theme_dirs_with_ours(dirs: list[str], custom_dir: str | None) -> list[str]:
    """`dirs` with THEME_DIR after the project's custom_dir (which overrides it) and before the theme's own."""
    ours = str(THEME_DIR)
    if ours in dirs:
        return dirs
    at = 1 if custom_dir and dirs and Path(dirs[0]) == Path(custom_dir) else 0
    return [*dirs[:at], ours, *dirs[at:]]
