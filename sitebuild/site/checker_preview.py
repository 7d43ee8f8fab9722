"""A small static site holding only the checker: for tests and benchmarks that must
not depend on the full MkDocs build, and for a quick look without MkDocs.

    python -m sitebuild.site.checker_preview OUT_DIR     # in the project's folder; then: python -m http.server -d OUT_DIR

Pages: the checker's page in every language (`checker/`, or the guide plugin's
`checker_page`: the widget, as the real site inserts it), a plain home page (no checker),
a stub decision table (`decision-table/`, or `decision_table_page`: the fallback link's
target).
"""

from __future__ import annotations

import shutil
import sys
from html import escape
from pathlib import Path

from checker import load
from checker.model import Programme
from sitebuild.bundle.checker_assets import write_checker_assets
from sitebuild.bundle.layout import ASSETS
from sitebuild.pages.checker_form import render_form
from sitebuild.site.theme_files import THEME_DIR
from sitebuild.site.site_config import read_config
from sitebuild.site.site_steps import project_folders
from sitebuild.source.project import ProjectFolders, plugin_options
from sitebuild.source.yaml_source import read_data_dir


def write_preview(out: Path, programme: Programme, documents: dict, locations: dict, folders: ProjectFolders,
                  log=print) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(THEME_DIR / ASSETS, out / ASSETS, dirs_exist_ok=True)
    write_checker_assets(out, programme, documents, locations, log, folders)
    layout = folders.layout
    for index, language in enumerate(programme.languages):
        prefix = "" if index == 0 else f"{language.id}/"
        form = render_form(programme, language.id, folders.pyodide, layout.checker_page,
                           checker_page=layout.checker_page, table_page=layout.decision_table_page)
        write_page(out / prefix / layout.checker_page, language.id, "Checker", form, _up(prefix + layout.checker_page))
        write_page(out / prefix, language.id, "Guide", "<p>An ordinary page of the guide.</p>", _up(prefix))
        write_page(out / prefix / layout.decision_table_page, language.id, "Decision table", "<p>The decision table.</p>",
                   _up(prefix + layout.decision_table_page))
    return out


def _up(page: str) -> str:
    """From the page at `page` (inside the site, '' for its home) back to the site's root."""
    return "../" * page.count("/")


def write_page(folder: Path, lang: str, title: str, body: str, up: str, script: str = "loader.js") -> None:
    """A minimal page, shaped like the real site's (landmark, one h1, the loader in <head>)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = f'<script type="module" src="{up}{ASSETS}{escape(script)}"></script>'
    html = (f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            f'<link rel="stylesheet" href="{up}{ASSETS}checker.css">{script}</head>\n'
            f"<body><main><h1>{escape(title)}</h1>\n{body}\n</main></body></html>\n")
    (folder / "index.html").write_text(html, encoding="utf-8")


def main(argv: list[str]) -> int:
    config = Path.cwd() / "mkdocs.yml"  # its guide plugin's options name the pages, when there is one
    options = (plugin_options(read_config(config), "guide") or {}) if config.is_file() else {}
    folders = project_folders(Path.cwd(), options)
    documents, locations = read_data_dir(folders.data)
    out = write_preview(Path(argv[0]), load(documents, locations), documents, locations, folders)
    print(f"checker: preview written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
