"""Shared fixtures and the collector of YAML scenario files (tests/scenarios/*.yml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker import load
from sitebuild.source.project import ProjectFolders
from sitebuild.source.yaml_source import read_data_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FOLDERS = ProjectFolders.beside(DATA)  # this repository as a project: its runtime and caches
PYODIDE = FOLDERS.pyodide

# A build with CI set fails on a stale translation (sitebuild/pages/stale_marks.py). The suite
# runs under CI too, and its builds of edited copies decide that for themselves: a test
# that wants a CI build sets the variable for that build only.
os.environ.pop("CI", None)


@pytest.fixture(scope="session")
def programme():
    documents, locations = read_data_dir(DATA)
    return load(documents, locations)


@pytest.fixture(scope="session")
def messages(programme) -> list[tuple[str, object]]:
    """The messages a portal shows (options with a `message`), each with the question that offers it."""
    return [(q.id, o) for q in programme.questions for o in q.choices if o.message]


# Fixtures that build a whole site: a test using one is a `build` test.
BUILD_FIXTURES = {"built_site", "zensical_site", "hostile_site", "base_url"}


def pytest_collection_modifyitems(items) -> None:
    """Marks for a fast subset (`pytest -m "not browser and not build"`): `browser` for what
    drives Chromium, `build` for what builds a site (a module that builds its own copies
    says so with `pytestmark = pytest.mark.build`)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names or item.path.name.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)
        if names & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".yml" and file_path.parent.name == "scenarios":
        from tests.scenario_files import ScenarioFile

        return ScenarioFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per session with `mkdocs build --strict`."""
    from tests.site_build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory):
    """The real site, built once per session with Zensical (python -m sitebuild.zensical.build)."""
    from tests.site_build import build_zensical_site

    out = tmp_path_factory.mktemp("zensical") / "site"
    build_zensical_site(out)
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The site built from data whose strings hold HTML, script and links (tests/hostile_data.py)."""
    from tests.hostile_data import build_hostile_site

    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session (tests/browser.py); each test opens its own contexts."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def base_url(built_site):
    """The real site served on a free port of 127.0.0.1, for the session."""
    from tests.browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture
def context(browser):
    """A fresh profile per test: no HTTP cache, no snapshot, no state between tests.
    The pages' own Content-Security-Policy (a meta) forbids evaluating strings, which
    Playwright's wait_for_function does: these tests bypass it; the policy itself is
    tested in test_browser_hardening_csp.py."""
    ctx = browser.new_context(bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def warm_context(browser):
    """One profile per module: after the first test, the checker starts from its memory
    snapshot (a fresh profile per test costs a cold start each). Each test opens its own page."""
    ctx = browser.new_context(bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of what the site is built from (tests/site_build.py), to edit and build."""
    from tests.site_build import copy_project

    return copy_project(tmp_path)
