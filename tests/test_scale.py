"""The proof stops at a clear limit and names the questions that multiply the paths."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import scaled
from checker import load
from checker.index import index_of
from sitebuild.rules.proof import prove
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA

pytestmark = pytest.mark.build  # proves programmes larger than the real one

DOCUMENTS, _ = read_data_dir(DATA)


def test_a_larger_programme_still_proves():
    proof = prove(index_of(load(scaled(DOCUMENTS, 2))))
    assert proof.ok, proof.failures[:3]
    assert len(proof.rows) > len(prove(index_of(load(DOCUMENTS))).rows)


def test_an_exploding_path_space_stops_at_the_limit_and_names_the_questions():
    proof = prove(index_of(load(scaled(DOCUMENTS, 6, explode=True))), limit=5000)
    assert len(proof.failures) == 1
    message = proof.failures[0]
    assert message.startswith("more than 5000 answer paths; the proof stopped there.")
    for question in ("extra-2", "extra-3", "extra-4", "extra-5", "extra-6"):
        assert f"{question} (×2)" in message
    assert "ask-when" in message
