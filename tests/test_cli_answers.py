"""What `python -m checker evaluate` says about a bad answer: one bounded line that
shows what was really typed (an empty language, a look-alike character, a huge value)."""

from __future__ import annotations

import pytest

from sitebuild.commands.cli import main
from checker.problems import SHOWN_LENGTH, shown


def evaluate(capsys, *argv: str) -> tuple[int, str]:
    code = main(["evaluate", *argv])
    return code, capsys.readouterr().err


def test_an_empty_language_is_an_error_not_english(capsys):
    code, err = evaluate(capsys, "--lang", "", "membership=gold")
    assert code == 2
    assert err == "checker: the language is empty. Give one of en, ja, or leave it out to answer in en\n"


def test_a_look_alike_character_is_named_by_its_code_point(capsys):
    code, err = evaluate(capsys, "membership=g\u043eld")
    assert code == 2
    assert ("unknown option of 'membership': 'g\u043eld' (U+043E CYRILLIC SMALL LETTER O at position 2). "
            "Did you mean 'gold'?") in err


def test_an_invisible_character_is_named_too(capsys):
    assert "(U+200B ZERO WIDTH SPACE at position 5)" in evaluate(capsys, "membership=gold\u200b")[1]


@pytest.mark.parametrize("argv", [["membership=" + "x" * 120_000], ["x" * 120_000], ["--lang", "x" * 120_000]])
def test_a_huge_value_is_cut_in_the_message(capsys, argv):
    code, err = evaluate(capsys, *argv)
    assert code == 2 and err.count("\n") == 1
    assert "… (120,000 characters)" in err or "… (120,011 characters)" in err
    assert len(err) < 300


def test_shown_names_a_few_characters_and_escapes_controls():
    assert shown("ゴールド") == ("'ゴールド' (U+30B4 KATAKANA LETTER GO at position 1, U+30FC KATAKANA-HIRAGANA PROLONGED "
                                "SOUND MARK at position 2, U+30EB KATAKANA LETTER RU at position 3, and 1 more)")
    assert shown("a\nb") == "'a\\nb' (U+000A CONTROL CHARACTER at position 2)"
    assert shown("gold") == "'gold'"
    assert shown("y" * (SHOWN_LENGTH + 1)) == "'" + "y" * SHOWN_LENGTH + f"'… ({SHOWN_LENGTH + 1} characters)"
