"""A second, made-up programme runs on the same code with no change: the generator is generic."""

from __future__ import annotations

from pathlib import Path

from checker import evaluate, load
from checker.index import index_of
from sitebuild.rules.proof import prove
from sitebuild.source.yaml_source import read_data_dir

PROGRAMME_B = Path(__file__).parent / "fixtures" / "programme-b"


def programme_b():
    return load(*read_data_dir(PROGRAMME_B / "data"))


def test_it_validates_and_proves():
    proof = prove(index_of(programme_b()))
    assert proof.ok, proof.failures
    assert len(proof.rows) == 15


def test_it_answers_in_both_of_its_languages():
    answers = {"level": "elite", "specialisations": "storage,printing", "renewal": "current", "region": "americas"}
    en = evaluate(programme_b(), answers, "en")
    fr = evaluate(programme_b(), answers, "fr")
    assert en["entitlements"] == {"phone-support": "unlimited", "training-seats": 10} == fr["entitlements"]
    assert en["route"] == "americas-desk" and en["notices"] == []
    assert fr["summary"] == "Appelez le centre d'assistance Amériques. Inclus : Assistance téléphonique : illimité ; Places de formation : 10."


def test_overdue_renewal_goes_to_the_paid_plan_without_asking_the_region():
    result = evaluate(programme_b(), {"level": "certified", "renewal": "overdue"}, "en")
    assert result["complete"] and result["route"] == "priority-care" and result["notices"] == ["renew-first"]
    assert result["asked"] == ["level", "renewal"]
