"""Hostile and broken input: the loader only ever reports data problems, never crashes or runs code."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from checker import AnswerError, DataErrors, evaluate, load
from sitebuild.source.yaml_source import read_data_dir, read_file
from tests.conftest import DATA
from tests.scenario_files import shared_programme

DOCUMENTS, LOCATIONS = read_data_dir(DATA)
MARKER = Path("/tmp/fuzz-executed-something")
YAML_PIECES = ["tiers:", "  - id: gold", "    name: {en: x, ja: y}", "!!python/object/apply:os.system ['touch /tmp/fuzz-executed-something']",
               "!!python/name:os.system", "&a [*a]", "*a", "? complex", "- - -", "{", "}", "[", "]", ": :", "'", '"',
               "\t", "  ", "\n", "yes", "no", "~", "0x1F", "1e400", "2026-11-23", "!!binary aGk=", "%YAML 1.1", "---", "...",
               "<script>alert(1)</script>", "&anchor", "!!set {a, b}", "<<: *a", "\u3000インシデント", "\x00"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=20), max_size=30))
def test_random_yaml_is_read_or_reported(tmp_path_factory, pieces):
    path = tmp_path_factory.mktemp("fuzz") / "x.yml"
    path.write_bytes("\n".join(pieces).encode("utf-8", errors="replace"))
    problems: list = []
    read_file(path, "data/x.yml", problems)  # must not raise
    for problem in problems:
        assert problem.file == "data/x.yml" and problem.message
    assert not MARKER.exists()


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, path + (i,))


ALL_PATHS = [(file, p) for file, doc in DOCUMENTS.items() for p in _paths(doc) if p]
REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50),
    st.just("x" * 200_000), st.just("<img src=x onerror=alert(1)>"), st.just({}), st.just([]),
    st.just({"all": [{"not": {"not": {"not": {}}}}]}), st.just([[[[[[[[[[[]]]]]]]]]]]),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3), st.lists(st.integers(), max_size=3))


def _mutate(documents, file, path, action, value):
    documents = copy.deepcopy(documents)
    parent = documents[file]
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent[last], str):
        parent[last] = parent[last] + "-renamed"
    else:
        parent[last] = value
    return documents


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "rename", "replace"]), REPLACEMENTS),
                min_size=1, max_size=4))
def test_mutated_data_only_gives_located_data_errors(mutations):
    documents = DOCUMENTS
    for (file, path), action, value in mutations:
        try:
            documents = _mutate(documents, file, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this place
    try:
        programme = load(documents, LOCATIONS)
    except DataErrors as errors:
        report = errors.report()
        assert errors.problems and all(p.file.startswith("data/") for p in errors.problems)
        assert all(line.startswith("data/") for line in report.splitlines()[:-1])
        return
    evaluate(programme, {"membership": "gold"})  # a programme that loads must answer


QUESTIONS = {q.id: [o.id for o in q.choices] for q in shared_programme().questions}


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(QUESTIONS)) | st.text(max_size=12),
                       st.sampled_from(sorted({o for opts in QUESTIONS.values() for o in opts})) | st.text(max_size=12)
                       | st.lists(st.text(max_size=12), max_size=3), max_size=12),
       st.sampled_from(["en", "ja", "fr", ""]))
def test_random_answers_give_a_result_or_the_contract_error(answers, lang):
    try:
        result = evaluate(shared_programme(), answers, lang)
    except AnswerError as error:
        assert str(error) and error.key is not None
        return
    assert result["complete"] == (result["next"] is None)
