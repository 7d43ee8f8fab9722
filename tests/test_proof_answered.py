"""The proof decides each path again with every question a rule read there but the path
did not ask answered every way, carrying over the facts and entitlements that cannot
read that question (sitebuild/rules/answered.py). It must decide exactly what a plain
decision decides, on the real data, on another programme, and on data whose proof fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker import load
from checker.index import index_of
from checker.outcome import decide
from checker.paths import choices, enumerate_paths, option_groups
from checker.state import State
from sitebuild.rules.answered import Answered, reads_of
from sitebuild.rules.proof import outcome_key
from sitebuild.source.yaml_source import read_data_dir
from tests.test_proof_errors import UNPROVABLE, broken_copy
from tests.test_second_programme import PROGRAMME_B

pytestmark = pytest.mark.build  # proves whole programmes (tests/conftest.py)


def same_as_plain_decisions(programme) -> int:
    """Every path's every unasked-but-read answer decided both ways; how many there were."""
    index = index_of(programme)
    groups, reads, tried = option_groups(index), reads_of(index), 0
    for path in enumerate_paths(index, 200_000):
        state = State(index, path.answers)
        decide(index, path.answers, state)
        for question in sorted(state.unanswered_reads):
            for choice in choices(index.questions[question], groups[question]):
                chosen = frozenset(g.members[0] for g in choice)
                answered = Answered(state, question, chosen, reads)
                fresh = State(index, {**path.answers, question: chosen})
                plain = decide(index, fresh.answers, fresh)
                shortcut = decide(index, answered.answers, answered)
                where = f"{path.describe()} {question}={sorted(chosen)}"
                assert outcome_key(shortcut) == outcome_key(plain), where
                assert shortcut.winning_grants == plain.winning_grants, where
                # Every fact and entitlement, carried over or not, as a fresh evaluation has it.
                assert {f: answered.fact(f) for f in index.facts} == {f: fresh.fact(f) for f in index.facts}, where
                assert {b: answered.entitlement(b) for b in index.grants} == {b: fresh.entitlement(b) for b in index.grants}, where
                tried += 1
    return tried


def test_the_real_data(programme):
    assert same_as_plain_decisions(programme) > 1000


def test_another_programme():
    same_as_plain_decisions(load(*read_data_dir(PROGRAMME_B / "data")))


@pytest.mark.parametrize("name", sorted(p.stem for p in UNPROVABLE.glob("*.yml")))
def test_data_whose_proof_fails(name, tmp_path):
    fixture = yaml.safe_load((UNPROVABLE / f"{name}.yml").read_text(encoding="utf-8"))
    same_as_plain_decisions(load(*read_data_dir(broken_copy(fixture, tmp_path))))


def test_an_entitlement_that_reads_the_question_is_evaluated_again(programme):
    """On complete paths no grant's question is left unasked; a partial state has them."""
    index = index_of(programme)
    reads = reads_of(index)
    for path in list(enumerate_paths(index, 200_000))[::50]:
        for question in sorted({question for grants in index.grants.values() for question, _, _ in grants}):
            if question not in path.answers:
                continue
            partial = {q: options for q, options in path.answers.items() if q != question}
            state = State(index, partial)
            decide(index, partial, state)
            answered = Answered(state, question, path.answers[question], reads)
            fresh = State(index, path.answers)
            assert {b: answered.entitlement(b) for b in index.grants} == {b: fresh.entitlement(b) for b in index.grants}
            assert {f: answered.fact(f) for f in index.facts} == {f: fresh.fact(f) for f in index.facts}


def test_what_a_fact_reads_includes_the_facts_and_entitlements_it_uses(programme):
    index = index_of(programme)
    reads = reads_of(index)
    for fact, when in index.facts.items():
        for other in (node.fact for node in _walk(when) if hasattr(node, "fact")):
            assert reads.facts[other] <= reads.facts[fact], (fact, other)
    for benefit, grants in index.grants.items():
        assert {question for question, _, _ in grants} <= reads.benefits[benefit]


def _walk(condition):
    from checker.conditions import walk

    return walk(condition)
