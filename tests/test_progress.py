"""The step indicator's range: for any answers so far, the fewest and the most
questions still to come are exactly those of the answer paths that continue them."""

from __future__ import annotations

from collections import defaultdict

from checker import evaluate
from checker.flow import walk_flow
from checker.index import index_of
from checker.paths import enumerate_paths
from checker.progress import progress


def test_the_range_matches_every_path_through_the_answers_so_far(programme) -> None:
    index = index_of(programme)
    left: dict[tuple, list[int]] = defaultdict(list)
    for path in enumerate_paths(index, 1_000_000):
        for given in range(len(path.steps) + 1):
            prefix = tuple((q, frozenset(g.members[0] for g in chosen)) for q, chosen in path.steps[:given])
            left[prefix].append(len(path.steps) - given)
    wrong = []
    for prefix, counts in left.items():
        found = progress(index, walk_flow(index, dict(prefix)))
        if (found["answered"], found["fewest_left"], found["most_left"]) != (len(prefix), min(counts), max(counts)):
            wrong.append((prefix, found, min(counts), max(counts)))
    assert len(left) > 1000 and wrong == [], wrong[:3]


def test_the_result_carries_it(programme) -> None:
    first = evaluate(programme, {})["progress"]
    assert first["answered"] == 0 and 0 < first["fewest_left"] <= first["most_left"]
    assert evaluate(programme, {"membership": "none"})["progress"]["answered"] == 1
