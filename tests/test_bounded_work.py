"""Bounded work: texts have a documented length limit (checker/reading.py), and a build's
output and memory grow in proportion to the text (benchmarks/text_growth.py builds the
site with 0, 1x and 10x added text; the same three builds serve every test here)."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.text_growth import ADDED, build_with_added_text
from checker import DataErrors, load
from checker.reading import MAX_ID, MAX_TEXT
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA
from tests.test_site_pages import decision_case_pages

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

DOCUMENTS, LOCATIONS = read_data_dir(DATA)
AMPLIFICATION = 20  # output bytes per added text byte: a text shows on a few pages, in search and in the checker's data
MEMORY_NOISE_KB = 3_000  # peak memory moved by 2 MB between two identical builds (58 and 60 MB)


def problems_with(change) -> list[str]:
    documents = copy.deepcopy(DOCUMENTS)
    change(documents)
    with pytest.raises(DataErrors) as raised:
        load(documents, LOCATIONS)
    return [problem.format(raised.value.locate) for problem in raised.value.problems]


def test_a_text_past_the_limit_is_a_located_error():
    def lengthen(documents):
        documents["data/benefits.yml"]["benefits"][0]["name"]["ja"] += "あ" * MAX_TEXT

    [problem] = problems_with(lengthen)
    assert problem.startswith("data/benefits.yml:")
    assert problem.split(": ", 1)[1] == (f"benefits[0].name.ja: the 'ja' text is {len(DOCUMENTS['data/benefits.yml']['benefits'][0]['name']['ja']) + MAX_TEXT:,} "
                                         f"characters; a text is at most {MAX_TEXT:,}. Shorten it, or split it into steps or cases.")


def test_an_overlong_id_or_link_is_a_located_error():
    def lengthen(documents):
        documents["data/benefits.yml"]["benefits"][0]["id"] = "x" * (MAX_ID + 1)
        documents["data/routes.yml"]["routes"][0]["url"] = "https://example.com/" + "x" * 5000

    found = problems_with(lengthen)
    assert any(f"benefits[0].id: the id is {MAX_ID + 1} characters; an id is at most {MAX_ID}." in p for p in found), found
    assert any("routes[0].url: this value is 5,020 characters; at most 2,000." in p for p in found), found
    assert all(len(p) < 400 for p in found), "a message never repeats a whole long value"


@pytest.fixture(scope="module")
def growth(tmp_path_factory):
    work = tmp_path_factory.mktemp("growth")
    # Two builds at a time, each in its own process: the tests read sizes and each
    # build's own peak memory, never the time.
    with ThreadPoolExecutor(2) as builds:
        return list(builds.map(lambda added: build_with_added_text(added, work), ADDED))


def test_the_output_grows_linearly_with_the_text(growth):
    none, once, ten_times = growth
    assert ten_times.text_bytes == pytest.approx(10 * once.text_bytes, rel=0.01)
    assert ten_times.output_bytes - none.output_bytes <= 11 * (once.output_bytes - none.output_bytes), growth
    outside_tables = [run.output_bytes - run.decision_table_bytes for run in growth]
    assert outside_tables[2] - outside_tables[0] <= AMPLIFICATION * ten_times.text_bytes, growth


def test_the_whole_site_and_the_builds_memory_stay_proportional_to_the_text(growth):
    """The decision table writes a text at most once per case page it applies to, never
    once per answer path (sitebuild/pages/decision_pages.py), and its .br/.gz siblings are
    smaller than the page; memory grows no faster than the text."""
    none, once, ten_times = growth
    per_page = 3 * len(decision_case_pages())  # the page and its two compressed siblings
    assert ten_times.decision_table_bytes - none.decision_table_bytes <= per_page * ten_times.text_bytes, growth
    assert ten_times.peak_kb - none.peak_kb <= 11 * max(once.peak_kb - none.peak_kb, MEMORY_NOISE_KB), growth
