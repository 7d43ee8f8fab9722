"""Every command output the writers' guide quotes is what the command prints now
(tests/guide_outputs.py); the Japanese guide quotes the same outputs as the English."""

from __future__ import annotations

import pytest

from tests.guide_outputs import blocks, normalised, produce

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

BLOCKS = blocks()
UNIQUE = {(b.state, b.body): b for b in BLOCKS}


def test_the_guide_quotes_outputs_in_both_languages():
    english = {(b.state, b.body) for b in BLOCKS if "/ja/" not in b.page.as_posix()}
    japanese = {(b.state, b.body) for b in BLOCKS if "/ja/" in b.page.as_posix()}
    assert english and english == japanese, "each output is quoted in both languages, the same"


@pytest.mark.parametrize("block", list(UNIQUE.values()), ids=[f"{b.page.stem}:{b.state}" for b in UNIQUE.values()])
def test_each_quoted_output_is_produced(block, tmp_path):
    for (command, quoted), (_, printed) in zip(block.commands, produce(block, tmp_path)):
        assert normalised(printed) == normalised(quoted), (
            f"{block.page.name} ({block.state}): `{command}` prints\n" + "\n".join(printed)
            + "\nRecord the guide's outputs again: .venv/bin/python -m tests.guide_outputs --write")
