"""The editors' schemas know the data's ids: a typo is marked as it is typed."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from tests.conftest import ROOT
from tests.test_project import _yaml12


def schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def errors(name: str, document) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema(name)).iter_errors(document)]


def test_a_benefit_typo_is_marked():
    tiers = _yaml12(ROOT / "data/tiers.yml")
    tiers["option-sets"]["tiers"][1]["grants"][0]["benefit"] = "product-suport"
    assert any("'product-suport' is not one of ['product-support', 'signature-cloud-support']" in e for e in errors("tiers", tiers))


def test_a_missing_complete_language_is_marked():
    roles = _yaml12(ROOT / "data/roles.yml")
    del roles["option-sets"]["roles"][0]["name"]["ja"]
    assert any("'ja' is a required property" in e for e in errors("roles", roles))


def test_an_unknown_option_set_is_marked():
    questions = _yaml12(ROOT / "data/questions.yml")
    assert errors("questions", questions) == []
    questions["questions"][0]["options-from"] = "tier"
    assert any("'tier' is not valid" in e for e in errors("questions", questions))


def test_an_option_its_question_lacks_is_marked_in_a_condition():
    notices = _yaml12(ROOT / "data/notices.yml")
    broken = copy.deepcopy(notices)
    broken["notices"][0]["when"] = {"question": "activated", "is": "maybe"}
    assert errors("notices", notices) == []
    assert errors("notices", broken), "an unknown option must not pass"
    broken["notices"][0]["when"] = {"question": "activted", "is": "no"}
    assert errors("notices", broken), "an unknown question must not pass"


@pytest.mark.parametrize("path", sorted((ROOT / "tests/scenarios").glob("*.yml")), ids=lambda p: p.name)
def test_the_scenario_files_follow_their_schema(path):
    scenarios = _yaml12(path)
    assert errors("scenarios", scenarios) == []
    scenarios[0]["expect"]["route"] = "azure-portl"
    assert errors("scenarios", scenarios)


def test_the_editor_settings_use_the_schemas():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schemas/scenarios.schema.json": "tests/scenarios/*.yml"}
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
