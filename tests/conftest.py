"""Shared fixtures and the collector of YAML scenario files (tests/scenarios/*.yml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker import load
from sitebuild.yaml_source import read_data_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# A build with CI set fails on a stale translation (sitebuild/stale_marks.py). The suite
# runs under CI too, and its builds of edited copies decide that for themselves: a test
# that wants a CI build sets the variable for that build only.
os.environ.pop("CI", None)


@pytest.fixture(scope="session")
def programme():
    documents, locations = read_data_dir(DATA)
    return load(documents, locations)


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
    """The real site, built once per session with Zensical (python -m sitebuild.zensical_build)."""
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
