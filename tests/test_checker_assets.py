"""What write_checker_assets puts in the site: runtime, wheel, trimmed lock, data JSON."""

from __future__ import annotations

import hashlib
import json
import time
import zipfile

import pytest

from checker import load
from sitebuild.bundle.checker_assets import write_checker_assets
from sitebuild.bundle.layout import ASSETS, build_id, runtime_dir, wheel_version
from sitebuild.bundle.pyodide_bundle import RUNTIME_FILES
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, FOLDERS, PYODIDE


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    documents, locations = read_data_dir(DATA)
    programme = load(documents, locations)
    site = tmp_path_factory.mktemp("site")
    lines: list[str] = []
    write_checker_assets(site, programme, documents, locations, lines.append, FOLDERS)
    return site / ASSETS / runtime_dir(PYODIDE), programme, documents, locations, lines


def test_runtime_wheel_lock_and_data_are_written(written) -> None:
    out, programme, *_ = written
    names = sorted(p.name for p in out.iterdir())
    wheels = [n for n in names if n.endswith(".whl")]
    assert len(wheels) == 1 and set(RUNTIME_FILES) <= set(names)
    assert {"pyodide-lock.json", "checker-data.json", "checker-files.json"} <= set(names)
    assert len([n for n in names if n.startswith("python_stdlib-") and n.endswith(".zip")]) == 1
    assert not any(n.startswith(("micropip", "pyodide-core")) for n in names)
    entry = json.loads((out / "pyodide-lock.json").read_text())["packages"]["checker"]
    assert entry["file_name"] == wheels[0] and entry["version"] == wheel_version(programme)
    assert entry["sha256"] == hashlib.sha256((out / wheels[0]).read_bytes()).hexdigest()


def test_wheel_is_compiled_and_holds_the_whole_package(written) -> None:
    out, *_ = written
    wheel = next(out.glob("checker-*.whl"))
    members = zipfile.ZipFile(wheel).namelist()
    assert "checker/browser.pyc" in members and "checker/engine.pyc" in members
    assert not [m for m in members if m.endswith(".py")]


def test_data_json_loads_into_the_same_programme(written) -> None:
    out, programme, documents, *_ = written
    data = json.loads((out / "checker-data.json").read_text(encoding="utf-8"))
    assert data["version"] == programme.version and data["build"] == build_id(programme, PYODIDE)
    assert data["documents"] == json.loads(json.dumps(documents))
    assert load(data["documents"], data["locations"]).version == programme.version


def test_the_browser_entry_points_answer_like_evaluate(written) -> None:
    from checker import browser, evaluate

    out, programme, *_ = written
    browser.start((out / "checker-data.json").read_text(encoding="utf-8"))
    answers = {"membership": "gold", "competencies": ["security"], "product": "azure"}
    assert json.loads(browser.evaluate_json(json.dumps(answers), "ja")) == json.loads(json.dumps(evaluate(programme, answers, "ja")))
    bad = json.loads(browser.evaluate_json('{"membership": "<img>"}', "en"))
    assert bad["question"] == "membership" and bad["value"] == "<img>" and "unknown option" in bad["error"]
    assert len(json.loads(browser.evaluate_batch(json.dumps([{"answers": answers, "lang": "en"}] * 3)))) == 3


def test_rebuilding_without_changes_is_quick_and_rewrites_nothing(written) -> None:
    out, programme, documents, locations, _ = written
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    started = time.perf_counter()
    lines: list[str] = []
    write_checker_assets(out.parent.parent.parent, programme, documents, locations, lines.append, FOLDERS)
    assert time.perf_counter() - started < 1.0
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert any(line.startswith("checker: ") for line in lines)
