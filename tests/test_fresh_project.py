"""The generator as another team meets it: its wheel installed in a fresh virtualenv
outside this checkout, pointed at a folder holding only a project's config, data,
pages and package*.json; `npm ci`, `mkdocs build --strict`, and an answer from the
built site's checker in Chromium.

Nothing of the checkout is reachable from the build: the project folder is elsewhere,
the build runs the virtualenv's own `mkdocs` with no PYTHONPATH, and the project has
its own node_modules/ (from `npm ci`) and cache. The second programme's config points
`cache_dir` at the first project's cache (one cold build is enough to prove the cache
is the project's, and the option is then tested too).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import evaluate
from tests.browser import record_requests, serve
from tests.conftest import ROOT
from tests.test_browser_checker import answer, in_flow_order, shown_result
from tests.test_personas import PERSONAS
from tests.site_build import copy_project
from tests.test_second_programme import PROGRAMME_B, programme_b

pytestmark = [pytest.mark.build, pytest.mark.browser]

RESULT_TIMEOUT = 60.0  # a cold start in a fresh profile on a busy 2-core machine
NPM_FILES = ["package.json", "package-lock.json"]
GUIDE = ["content", "data", "mkdocs.yml", "mkdocs.ja.yml", "page-translations.yml"]
SECOND = ["content", "data", "mkdocs.yml", "mkdocs.fr.yml"]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtualenv with the project's wheel and its pinned dependencies, nothing else."""
    work = tmp_path_factory.mktemp("generator")
    # Built from a copy of what the package is made of: setuptools' build/ folder in the
    # checkout could hold modules since deleted, and the wheel would ship them.
    source = copy_project(work / "source", ["pyproject.toml", "checker", "sitebuild"], installs=False)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work / "dist"), str(source)],
        cwd=work)
    [wheel] = (work / "dist").glob("*.whl")
    run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work)
    pip = [str(work / "venv/bin/python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "install", "-c", str(ROOT / "constraints.txt"), str(wheel)], cwd=work)
    return work / "venv"


def clean_env(venv: Path) -> dict[str, str]:
    """The virtualenv's tools first, and nothing that would reach the checkout."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


def new_project(folder: Path, source: Path, parts: list[str]) -> Path:
    copy_project(folder, parts, source=source, installs=False)
    for name in NPM_FILES:
        shutil.copy2(ROOT / name, folder / name)
    return folder


def build(project: Path, venv: Path) -> Path:
    env = clean_env(venv)
    run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"], cwd=project, env=env)
    run([str(venv / "bin/mkdocs"), "build", "--strict", "-d", str(project / "site")], cwd=project, env=env)
    return project / "site"


@pytest.fixture(scope="module")
def guide_site(venv, tmp_path_factory) -> Path:
    return build(new_project(tmp_path_factory.mktemp("team-a") / "guide", ROOT, GUIDE), venv)


@pytest.fixture(scope="module")
def second_site(venv, guide_site, tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("team-b") / "desk", PROGRAMME_B, SECOND)
    config = project / "mkdocs.yml"
    shared = guide_site.parent / ".cache"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    language: en\n", f"    language: en\n    cache_dir: {json.dumps(str(shared))}\n", 1), encoding="utf-8")
    return build(project, venv)


def test_the_wheel_holds_the_plugin_its_theme_and_a_console_script(venv):
    site_packages = next((venv / "lib").glob("python3.*/site-packages"))
    theme = site_packages / "sitebuild" / "theme"
    assert (theme / "assets/checker/worker.mjs").is_file() and (theme / "partials/alternate.html").is_file()
    assert (site_packages / "sitebuild/bundle/service_worker.js").is_file()
    help_text = run([str(venv / "bin/guide-checker"), "--help"], cwd=venv, env=clean_env(venv))
    assert "evaluate" in help_text and "check" in help_text


def test_nothing_comes_from_the_checkout(venv, guide_site):
    """The installed package, the project's own runtime and cache: no path into this checkout."""
    env = clean_env(venv)
    where = run([str(venv / "bin/python"), "-c", "import checker, sitebuild; print(checker.__file__, sitebuild.__file__)"],
                cwd=guide_site.parent, env=env)
    assert str(ROOT) not in where and str(venv) in where, where
    project = guide_site.parent
    assert (project / "node_modules/pyodide/pyodide.asm.wasm").is_file() and not (project / "node_modules").is_symlink()
    assert any((project / ".cache/checker-wheel").iterdir()), "the wheel was built into the project's own cache"


def answer_in_chromium(browser, site: Path, page_path: str, programme, answers: dict, lang: str) -> dict:
    """The checker page of the built site, answered click by click; its final result."""
    expected = json.loads(json.dumps(evaluate(programme, answers, lang), ensure_ascii=False))
    with serve(site) as base:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        requests = record_requests(page)
        page.goto(f"{base}{page_path}")
        page.wait_for_selector("#checker-widget[data-checker-mounted=true]", state="attached")
        for question, options in in_flow_order(programme, answers):
            answer(page, question, options)
        deadline = time.monotonic() + RESULT_TIMEOUT
        while time.monotonic() < deadline and shown_result(page) != expected:
            page.wait_for_timeout(100)
        shown = shown_result(page)
        context.close()
    assert shown == expected, f"the page shows {shown}, the engine {expected}"
    assert errors == []
    assert all(url.startswith(base) for url in requests), [url for url in requests if not url.startswith(base)]
    return shown


def test_the_guide_built_from_the_wheel_answers_in_chromium(browser, guide_site, programme):
    persona = PERSONAS[0]
    shown = answer_in_chromium(browser, guide_site, "ja/checker/", programme, persona["answers"], "ja")
    assert shown["complete"] and shown["route"] == persona["expect"]["route"]


def test_the_second_programme_built_from_the_wheel_answers_in_chromium(browser, second_site):
    answers = {"level": "elite", "specialisations": ["storage", "printing"], "renewal": "current", "region": "americas"}
    shown = answer_in_chromium(browser, second_site, "fr/checker/", programme_b(), answers, "fr")
    assert shown["complete"] and shown["route"] == "americas-desk"
    assert shown["entitlements"] == {"phone-support": "unlimited", "training-seats": 10}
