"""One broken data file per failure mode: the report names the file, the line and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import DataErrors, load
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA

BROKEN = Path(__file__).parent / "fixtures" / "broken"

# fixture -> (file:line the report must point at, fragments the same line must contain)
EXPECTED = {
    "yaml-syntax.tiers": ("data/tiers.yml:6:", ["not valid YAML", "indentation"]),
    "duplicate-key.tiers": ("data/tiers.yml:5:", ["duplicate key 'name'", "Keep one of them"]),
    "unknown-key.tiers": ("data/tiers.yml:5:", ["unknown key 'grant'", "Did you mean 'grants'?", "Allowed: id, name, class", "Remove it"]),
    "wrong-type.tiers": ("data/tiers.yml:7:", ["incidents must be a whole number", "'twenty'"]),
    "dangling-benefit.tiers": ("data/tiers.yml:6:", ["unknown entitlement benefit 'product-suport'", "Did you mean 'product-support'?", "Allowed: product-support, signature-cloud-support"]),
    "unknown-option.tiers": ("data/tiers.yml:7:", ["question 'competencies' has no option 'cloud-platfrom'", "Did you mean 'cloud-platform'?"]),
    "unknown-class.tiers": ("data/tiers.yml:7:", ["no option of question 'competencies' has class 'clod'", "Did you mean 'cloud'?", "Allowed: cloud, other"]),
    "unknown-question.facts": ("data/facts.yml:4:", ["unknown question 'prodct'", "Did you mean 'product'?"]),
    "fact-order.facts": ("data/facts.yml:4:", ["unknown fact 'entitled-for-product'", "only facts defined above it"]),
    "bad-condition.facts": ("data/facts.yml:4:", ["'alll' is not a condition", "Did you mean 'all'?", "Allowed: all, any, not"]),
    "missing-translation.classes": ("data/classes.yml:5:", ["missing 'ja' translation", "Add 'ja: ...'", "draft"]),
    "duplicate-id.classes": ("data/classes.yml:6:", ["duplicate id 'cloud'", "unique"]),
    "bad-id.classes": ("data/classes.yml:2:", ["id 'Cloud' is not lowercase kebab-case", "Use letters a-z"]),
    "python-tag.classes": ("data/classes.yml:1:", ["tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", "plain values only"]),
    "unsafe-link.benefits": ("data/benefits.yml:11:", ["link 'javascript:alert(1)' is neither https nor a page", "Use an https:// address"]),
    "unknown-language.languages": ("data/languages.yml:7:", ["'finished' is not allowed", "Allowed: complete, draft"]),
    "placeholder.strings": ("data/strings.yml:4:", ["placeholders ['entitlements', 'rout'] differ", "Keep exactly the placeholders"]),
    "twice-defined.extra": ("data/extra.yml:1:", ["'classes' is already defined in data/classes.yml", "Keep each top-level key in one file"]),
    "unknown-top-level.extra": ("data/extra.yml:1:", ["unknown top-level key 'option-set'", "Did you mean 'option-sets'?"]),
    "unused-set.extra": ("data/extra.yml:2:", ["no question offers the option set 'levels'", "Add 'options-from: levels'"]),
    "twice-defined-set.extra": ("data/roles.yml:4:", ["'roles' is already defined in data/extra.yml", "Give each entry of 'option-sets'"]),
    "yes-as-text.procedures": ("data/procedures.yml:5:", ["expected a list, got str 'yes'", "Start each item with '- '"]),
    "missing-key.benefits": ("data/benefits.yml:2:", ["missing required key 'scope'", "Add 'scope:'"]),
}


def test_every_fixture_has_an_expectation():
    assert sorted(p.stem for p in BROKEN.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_broken_data_is_reported_with_file_line_and_fix(fixture, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    target = fixture.split(".", 1)[1] + ".yml"
    shutil.copy(BROKEN / f"{fixture}.yml", data / target)
    with pytest.raises(DataErrors) as raised:
        load(*read_data_dir(data))
    place, fragments = EXPECTED[fixture]
    lines = raised.value.report().splitlines()
    matching = [line for line in lines if all(f in line for f in fragments)]
    assert matching, f"no line of the report has {fragments}:\n" + "\n".join(lines)
    assert matching[0].startswith(place), f"expected {place}, got:\n{matching[0]}"


def test_yaml_tags_are_never_executed(tmp_path):
    marker = Path("/tmp/pwned-by-yaml")
    marker.unlink(missing_ok=True)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(BROKEN / "python-tag.classes.yml", data / "classes.yml")
    with pytest.raises(DataErrors):
        read_data_dir(data)
    assert not marker.exists()


def test_all_problems_are_reported_together(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(BROKEN / "dangling-benefit.tiers.yml", data / "tiers.yml")
    shutil.copy(BROKEN / "missing-translation.classes.yml", data / "classes.yml")
    with pytest.raises(DataErrors) as raised:
        load(*read_data_dir(data))
    report = raised.value.report()
    assert "product-suport" in report and "missing 'ja' translation" in report
    assert report.splitlines()[-1] == f"{len(raised.value.problems)} problems in the data."
    assert len(raised.value.problems) >= 2


def test_a_misspelt_option_set_is_named_with_the_sets_there_are(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    questions = data / "questions.yml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("options-from: roles", "options-from: role"), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load(*read_data_dir(data))
    line = next(line for line in raised.value.report().splitlines() if "option set 'role'" in line)
    assert line.startswith("data/questions.yml:") and "Did you mean 'roles'?" in line
    assert "Allowed: competencies, errors, roles, tiers" in line
