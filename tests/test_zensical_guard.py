"""Never a silent broken site: Zensical run straight on the repository stops at once
with one line naming the command that builds the site with it. Also what the Zensical
build reads: the config, without running it, and the theme's style for the policy."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from sitebuild.site.engine_guard import WrongEngine, refusal, require_mkdocs
from sitebuild.site.site_config import read_config
from sitebuild.zensical.theme import shadow_style_hashes
from tests.conftest import ROOT
from tests.site_build import copy_project

ZENSICAL = [sys.executable, "-m", "zensical"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("zensical-guard")
    copy_project(root)
    return root


@pytest.mark.parametrize("command", [["build"], ["build", "-f", "mkdocs.ja.yml"], ["build", "--strict"]])
def test_plain_zensical_build_stops_with_one_line(project, command) -> None:
    done = subprocess.run(ZENSICAL + command, cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"Error: {refusal('zensical')}"]
    assert "sitebuild.zensical.build" in done.stderr
    assert not (project / "site").exists(), "nothing may be written"


def test_mkdocs_reads_the_guard_as_its_name() -> None:
    with open(ROOT / "mkdocs.yml", "rb") as file:
        assert yaml_load(file)["extra"]["guide_engine"] == "mkdocs"


class _ToolLoader(yaml.Loader):  # noqa: S506 - stands for another tool's reader: it runs Python tags
    """A reader that knows MkDocs' `!ENV` (as Zensical's does) and runs Python tags."""


_ToolLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def test_any_other_reader_is_refused() -> None:
    with pytest.raises(WrongEngine, match="'tests' does not run the guide plugin"):
        yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ToolLoader)  # noqa: S506
    with pytest.raises(WrongEngine):
        require_mkdocs()


def test_the_zensical_build_reads_the_config_without_running_it() -> None:
    config = read_config(ROOT / "mkdocs.ja.yml")
    assert config["extra"]["guide_engine"] == {"object": "sitebuild.site.engine_guard.require_mkdocs"}
    toc = next(item["toc"] for item in config["markdown_extensions"] if isinstance(item, dict) and "toc" in item)
    assert toc["slugify"] == {"object": "pymdownx.slugs.slugify", "kwds": {"case": "lower"}}
    assert config["theme"]["language"] == "ja" and config["docs_dir"] == "content/ja"


def test_the_search_style_hash_is_that_of_the_bundles_constant(tmp_path) -> None:
    bundle = tmp_path / "assets" / "javascripts" / "bundle.1.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("""var a=1,Tc='.r{content:\\'x\\'}\\n';function S(){o.appendChild(C("style",{},Tc.toString()))}"""
                      """function M(){o.appendChild(C("style",{},Zz.toString()))}""", encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(".r{content:'x'}\n".encode()).digest()).decode()
    hashes, warnings = shadow_style_hashes(tmp_path)
    assert hashes == [f"'sha256-{digest}'"]
    assert len(warnings) == 1 and "'Zz', which is not a string constant" in warnings[0]
