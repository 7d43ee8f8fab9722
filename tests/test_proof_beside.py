"""Under serve the rules' proof runs beside the build (sitebuild/plugin/proof_beside.py):
the build decides the rows itself and gets the helper's verdict before serving. The
rows are the proof's, a failed proof fails at the verdict (and again at the next build
of the same data), and whenever the helper cannot answer for exactly this data (a newer
save, no helper, a helper gone), the build proves the data itself."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from checker.index import index_of
from sitebuild.plugin import proof_beside
from sitebuild.rules.proof import outcome_key, prove
from sitebuild.source import site_data
from sitebuild.source.site_data import load_site_data, proof_failed
from tests.conftest import DATA
from tests.test_proof_errors import UNPROVABLE, broken_copy

pytestmark = pytest.mark.build  # proves whole programmes (tests/conftest.py)


@pytest.fixture(autouse=True)
def fresh_helper():
    """Each test starts its own helper, and leaves none running."""
    proof_beside._helper.clear()
    proof_beside._proof.clear()
    yield
    proof_beside._stop_helper()
    proof_beside._helper.clear()
    proof_beside._proof.clear()
    site_data.forget_rows()


def copied_data(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return load_site_data(tmp_path / "data", allow_stale=True)


def rows_read(rows) -> list:
    return [(path.describe(), outcome_key(outcome)) for path, outcome in rows]


def test_the_rows_are_the_proofs_and_the_helper_vouches_for_them(tmp_path):
    data = copied_data(tmp_path)
    proof_beside.start(data)
    assert proof_beside._helper[0] is not None, "the helper answers"
    assert rows_read(data.decision_rows()) == rows_read(prove(index_of(data.programme)).rows)
    proof_beside.verdict(data)  # no error
    assert proof_beside.failure(data) is None


@pytest.mark.parametrize("name", ["two-routes", "unasked-read"])
def test_a_failed_proof_fails_the_verdict_and_the_next_build_of_the_same_data(name, tmp_path):
    fixture = yaml.safe_load((UNPROVABLE / f"{name}.yml").read_text(encoding="utf-8"))
    data = load_site_data(broken_copy(fixture, tmp_path), allow_stale=True)
    expected = proof_failed(prove(index_of(data.programme)).failures)
    proof_beside.start(data)  # the rows: the pages can be built meanwhile
    with pytest.raises(ValueError) as failed:
        proof_beside.verdict(data)
    assert str(failed.value) == expected
    with pytest.raises(ValueError) as again:
        proof_beside.start(data)  # a prose edit rebuilds with the same data: it fails at once
    assert str(again.value) == expected
    with pytest.raises(ValueError):
        data.decision_rows()  # the unproved rows are gone
    assert proof_beside.failure(data) == expected


def test_a_save_the_helper_read_instead_is_proved_here(tmp_path):
    data = copied_data(tmp_path)
    fixture = yaml.safe_load((UNPROVABLE / "two-routes.yml").read_text(encoding="utf-8"))
    routes = tmp_path / "data" / fixture["file"]
    routes.write_text(routes.read_text(encoding="utf-8").replace(fixture["replace"], fixture["with"]), encoding="utf-8")
    proof_beside.start(data)  # the helper reads the newer save, whose proof fails
    proof_beside.verdict(data)  # the data this build read is proved here: it is fine


def test_without_a_helper_the_build_proves_the_data_itself(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    data = copied_data(tmp_path)
    proof_beside.start(data)
    assert proof_beside._helper == [None]
    proof_beside.verdict(data)
    assert rows_read(data.decision_rows()) == rows_read(prove(index_of(data.programme)).rows)


def test_a_helper_gone_mid_way_leaves_the_proof_to_the_build(tmp_path):
    fixture = yaml.safe_load((UNPROVABLE / "two-routes.yml").read_text(encoding="utf-8"))
    data = load_site_data(broken_copy(fixture, tmp_path), allow_stale=True)
    proof_beside.start(data)
    proof_beside._helper[0].process.kill()
    with pytest.raises(ValueError, match="the rules' proof failed"):
        proof_beside.verdict(data)
    assert proof_beside._helper == [None], "not started again: the builds prove the data themselves"
