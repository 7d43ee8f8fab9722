"""The widget's own words come with the plugin (sitebuild/source/widget-strings.yml):
a programme copies none of them, and overrides any by defining its key."""

from __future__ import annotations

import shutil

import yaml

from checker import load
from checker.wording import Words
from sitebuild.source.default_strings import default_strings
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA
from tests.test_second_programme import PROGRAMME_B


def own_strings(folder) -> dict:
    return yaml.safe_load((folder / "strings.yml").read_text(encoding="utf-8"))["strings"]


def test_neither_programme_copies_the_widgets_words():
    for folder in (DATA, PROGRAMME_B / "data"):
        copied = sorted(set(own_strings(folder)) & set(default_strings()))
        assert not copied, f"{folder}/strings.yml repeats the plugin's {copied}: delete them, or keep one only to change it"


def test_each_programme_gets_them_in_its_own_languages():
    documents, locations = read_data_dir(PROGRAMME_B / "data")
    programme = load(documents, locations)
    assert Words(programme, "fr").fill("widget-print") == "Imprimer le résultat"
    assert set(programme.strings["widget-print"].values) == {"en", "fr"}, "only the programme's languages"


def test_a_programme_overrides_a_word_by_defining_its_key(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    strings = data / "strings.yml"
    strings.write_text(strings.read_text(encoding="utf-8").replace(
        "strings:\n", "strings:\n  widget-print: {en: Print this answer, ja: この回答を印刷}\n", 1), encoding="utf-8")
    programme = load(*read_data_dir(data), allow_stale=True)
    assert Words(programme, "en").fill("widget-print") == "Print this answer"
    assert Words(programme, "ja").fill("widget-print") == "この回答を印刷"
    assert Words(programme, "en").fill("widget-share") == default_strings()["widget-share"]["en"]
