"""Every rule of the checker contract holds, on every full answer set."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from checker import AnswerError, evaluate
from checker.answers import parse_answers
from checker.flow import walk_flow
from checker.index import index_of
from tests.conftest import ROOT
from tests.contract_oracle import CLOUD, NotOffered, contract_result, figures

SINGLE = {
    "membership": ["none", "action-pack", "silver", "gold"],
    "product": ["on-premises", "azure", "other-cloud"],
    "activated": ["yes", "no"],
    "account": ["mpn", "csp-only"],
    "linked": ["yes", "no"],
    "contract": ["active", "expired", "no-incidents-left", "not-sure"],
    "csp": ["yes", "no"],
    "error": ["none", "not-authorized", "no-benefits-yet", "access-id-already-associated"],
}
# v2: several roles. Every role alone, and every mix of the three kinds the contract names
# (a role that can activate, admin agent, another role), 8 of the 15 subsets.
ROLE_SETS = [["global-admin"], ["mpn-partner-admin"], ["admin-agent"], ["other"], ["global-admin", "admin-agent"],
             ["mpn-partner-admin", "other"], ["admin-agent", "other"], ["global-admin", "mpn-partner-admin", "admin-agent", "other"]]
COMPETENCY_SETS = [["security"], ["data-analytics"], ["application-development", "cloud-productivity"]]


def all_full_answer_sets():
    keys = list(SINGLE)
    for values in itertools.product(*SINGLE.values()):
        answers = dict(zip(keys, values))
        for competencies in COMPETENCY_SETS:
            for roles in ROLE_SETS:
                yield {**answers, "competencies": competencies, "role": roles}


def test_every_full_answer_set_follows_the_contract(programme):
    """Every full answer set goes through the checker's flow, which must ask exactly what the
    oracle asks (and refuse what the contract does not offer); `evaluate` then gives the
    oracle's result. The result depends only on the asked answers (that is what the flow
    keeps), so `evaluate` runs once per distinct set of them: 73,728 sets, about 3,200 results."""
    index = index_of(programme)
    checked = refused = 0
    results: dict[frozenset, dict] = {}
    for answers in all_full_answer_sets():
        flow = walk_flow(index, parse_answers(index, answers))
        try:
            expected = contract_result(answers, CLOUD)
        except NotOffered:
            assert flow.refused and flow.refused[0] == "contract", f"answers {answers}"
            refused += 1
            continue
        assert not flow.refused and set(flow.asked) == expected["asked"], f"answers {answers}"
        key = frozenset(flow.answers.items())
        if key not in results:
            result = evaluate(programme, answers)
            assert result["complete"] and result["asked"] == list(flow.asked), answers
            results[key] = {"entitlements": result["entitlements"], "route": result["route"],
                            "alternatives": result["alternatives"], "notices": set(result["notices"]), "asked": set(result["asked"])}
        assert results[key] == expected, f"answers {answers}"
        checked += 1
    assert checked + refused == 4 * 3 * 2 * 2 * 2 * 4 * 2 * 4 * 3 * 8
    assert refused > 0 and len(results) > 1000


def test_a_refused_answer_is_an_error_that_says_why(programme):
    answers = {"membership": "gold", "competencies": ["security"], "error": "none", "product": "azure", "csp": "no",
               "activated": "yes", "contract": "no-incidents-left"}
    with pytest.raises(AnswerError, match="not possible for these answers: the benefit that covers this product is unlimited"):
        evaluate(programme, answers)


def test_cloud_class_is_data_not_code(programme):
    competencies = next(q for q in programme.questions if q.id == "competencies")
    assert {o.id for o in competencies.choices if o.class_ == "cloud"} == CLOUD
    assert {"data-analytics", "application-development"} <= {o.id for o in competencies.choices if o.class_ == "other"}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_prints_the_contract_example():
    done = run_cli("evaluate", "membership=silver", "competencies=data-analytics", "product=azure", "activated=yes",
                   "linked=no", "contract=active", "csp=no", "error=none", "account=mpn", "role=global-admin")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["entitlements"] == {"product-support": figures()["product-support"]["silver"],
                                      "signature-cloud-support": figures()["signature-cloud-support"]["silver"]["other"]}
    assert result["route"] == "azure-portal" and result["complete"] is True and result["next"] is None
    assert result["notices"] == ["ids-needed-first-time"]
    assert any(w["file"] == "data/tiers.yml" and w["line"] > 0 for w in result["why"])


def test_cli_japanese_summary():
    done = run_cli("evaluate", "--lang", "ja", "error=none", "membership=gold", "competencies=security,data-analytics", "product=on-premises")
    result = json.loads(done.stdout)
    assert result["complete"] is False and result["next"] == "activated"
    assert "次の質問に答えてください" in result["summary"] and "無制限" in result["summary"]


def test_cli_unknown_value_exits_2_with_one_line():
    done = run_cli("evaluate", "membership=platinum")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "'platinum'" in lines[0] and "none, action-pack, silver, gold" in lines[0]


def test_cli_unknown_key_exits_2_with_a_guess():
    done = run_cli("evaluate", "membrship=gold")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Did you mean 'membership'?" in done.stderr


def test_cli_unknown_language_exits_2():
    done = run_cli("evaluate", "--lang", "fr", "membership=gold")
    assert done.returncode == 2 and "en, ja" in done.stderr and done.stdout == ""


@pytest.mark.build  # `check` renders every page
def test_cli_check_proves_the_rules():
    done = run_cli("check")
    assert done.returncode == 0, done.stderr
    assert "ok:" in done.stdout and "answer paths" in done.stdout


def test_cli_table_has_one_line_per_path():
    done = run_cli("table")
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and len(lines) > 1000
    assert len(set(lines)) == len(lines)
    assert all("  ->  " in line and "route=" in line for line in lines)


def test_cli_refuses_no_incidents_left_where_the_benefit_is_unlimited():
    done = run_cli("evaluate", "error=none", "membership=gold", "competencies=security", "product=azure", "csp=no",
                   "activated=yes", "contract=no-incidents-left")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "'no-incidents-left'" in lines[0] and "unlimited" in lines[0] and "Possible here: active, expired, not-sure" in lines[0]
