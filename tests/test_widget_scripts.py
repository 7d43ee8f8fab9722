"""The widget's pure functions (fragment reading, placeholders, the step line), run in
Node on the real modules: hostile links keep their valid answers and get a short warning."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sitebuild.site.theme_files import THEME_DIR
from sitebuild.bundle.layout import ASSETS

SCRIPTS = THEME_DIR / ASSETS
# What the page's form offers (widget.js builds the same from the fieldsets).
FORM = """new Map([
  ["membership", {multiple: false, options: new Set(["none", "action-pack", "silver", "gold"])}],
  ["competencies", {multiple: true, options: new Set(["security", "data-analytics"])}],
])"""


def run(expression: str):
    """The JSON value of `expression`, with fragment.js, render.js and summary.js imported."""
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: run scripts/setup (it installs the npm packages with node)")
    script = (f'import * as fragment from "{(SCRIPTS / "fragment.js").as_uri()}";\n'
              f'import * as render from "{(SCRIPTS / "render.js").as_uri()}";\n'
              f'import * as summary from "{(SCRIPTS / "summary.js").as_uri()}";\n'
              f"const form = {FORM};\n"
              "const read = (hash) => { const r = fragment.readFragment(hash, form);"
              " return {...r, answers: Object.fromEntries(r.answers)}; };\n"
              f"console.log(JSON.stringify({expression}));")
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("hash, answers, rejected", [
    ("#__proto__=gold&membership=gold", {"membership": ["gold"]}, ["__proto__=gold"]),
    ("#Membership=gold&competencies=security", {"competencies": ["security"]}, ["Membership=gold"]),
    ("#constructor=x&membership=silver", {"membership": ["silver"]}, ["constructor=x"]),
    ("#competencies=security,nope,data-analytics", {"competencies": ["security", "data-analytics"]}, ["competencies=nope"]),
])
def test_a_bad_key_or_value_never_loses_the_valid_answers(hash, answers, rejected) -> None:
    read = run(f"read({json.dumps(hash)})")
    assert read["answers"] == answers and read["rejected"] == rejected
    assert run(f"fragment.isAnswerFragment({json.dumps(hash)})") is True


def test_repeated_keys_and_two_values_keep_the_first_and_say_so() -> None:
    read = run('read("#membership=gold&membership=silver&v=aaaaaaaaaaaa&v=bbbbbbbbbbbb")')
    assert read["answers"] == {"membership": ["gold"]} and read["version"] == "aaaaaaaaaaaa"
    assert read["repeated"] == [{"question": "membership", "kept": "gold"}, {"question": "v", "kept": "aaaaaaaaaaaa"}]
    read = run('read("#membership=gold,silver")')
    assert read["answers"] == {"membership": ["gold"]} and read["repeated"] == [{"question": "membership", "kept": "gold"}]


def test_thousands_of_parameters_are_counted_not_listed() -> None:
    read = run('read("#membership=gold&" + Array.from({length: 5000}, (_, i) => `x${i}=1`).join("&"))')
    assert read["answers"] == {"membership": ["gold"]}
    assert len(read["rejected"]) + read["skipped"] == 5000 and len(read["rejected"]) <= 200
    shown = run('fragment.bounded(Array.from({length: 5000}, (_, i) => "k".repeat(500) + i))')
    assert len(shown["shown"]) == 3 and shown["more"] == 4997 and all(len(item) <= 60 for item in shown["shown"])


@pytest.mark.parametrize("value, real", [("0123456789ab", True), ("0123456789AB", False), ("<script>", False),
                                         ("0123456789abc", False), ("", False)])
def test_only_a_rules_version_counts_as_older_rules(value, real) -> None:
    assert run(f'fragment.isRulesVersion({json.dumps(value)}, "eeda0838e103")') is real


def test_placeholders_read_own_properties_only() -> None:
    assert run('render.fill("{constructor} {__proto__} {to_string} {detail}", {detail: "x"})') == \
        "{constructor} {__proto__} {to_string} x"


@pytest.mark.parametrize("progress, text", [
    ({"answered": 0, "fewest_left": 5, "most_left": 10}, "Question 1 of 5 to 10"),
    ({"answered": 3, "fewest_left": 2, "most_left": 2}, "Question 4 of 5"),
    ({"answered": 7, "fewest_left": 0, "most_left": 0}, "All 7"),
])
def test_the_step_line_says_the_range_it_knows(progress, text) -> None:
    words = {"widget-step": "Question {step} of {total}", "widget-step-range": "Question {step} of {fewest} to {most}",
             "widget-step-done": "All {count}"}
    assert run(f"summary.stepText({json.dumps(progress)}, {json.dumps(words)})") == text


def test_the_decision_table_reads_a_link_without_the_form() -> None:
    """The table's pages have no form: they take the link's answers as written (first
    occurrence, no version) and only ever compare them with their own cases' ids."""
    answers = run('Object.fromEntries(fragment.linkAnswers("#v=aaaaaaaaaaaa&membership=gold&competencies=security,devops'
                  '&membership=silver&product=on-premises"))')
    assert answers == {"membership": ["gold"], "competencies": ["security", "devops"], "product": ["on-premises"]}
