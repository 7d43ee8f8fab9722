"""The ten readers of tests/personas.yml get what the guide tells them, in English and Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker import evaluate
from sitebuild.source.scenarios import first_sentence

PERSONAS = yaml.safe_load((Path(__file__).parent / "personas.yml").read_text(encoding="utf-8"))


def test_there_are_ten_personas_with_distinct_names():
    assert len(PERSONAS) == 10 and len({p["name"] for p in PERSONAS}) == 10


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["name"] for p in PERSONAS])
def test_persona(programme, persona):
    expect = persona["expect"]
    for lang in ("en", "ja"):
        result = evaluate(programme, persona["answers"], lang)
        assert result["complete"], f"{persona['name']}: still asks '{result['next']}'"
        assert result["asked"] == list(persona["answers"]), "the answers are the questions asked, in the order asked"
        assert (result["route"], result["alternatives"], result["notices"]) == (
            expect["route"], expect["alternatives"], expect["notices"]), persona["name"]
        assert first_sentence(result["summary"], lang) == expect["first-sentence"][lang]
