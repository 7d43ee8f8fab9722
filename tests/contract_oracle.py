"""The contract's rules (v2) written out literally, as an independent check of the data.

This is deliberately naive Python: it is what `../shared/checker-contract.md` says, so
that the data-driven engine can be compared with it on every answer set. Where the
contract leaves a question's "asked when" to the flow, `asked_questions` writes down the
flow's design, so the comparison also covers which questions are asked. The incidents
per tier are the ones the writers' scenarios state (tests/scenarios/entitlements.yml): a
figure the guide changes is written once there, where `python -m checker check` names its
line, and the oracle follows.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

PORTALS = {"on-premises": "support-for-business", "azure": "azure-portal", "other-cloud": "cloud-portal"}
FIGURES = Path(__file__).parent / "scenarios" / "entitlements.yml"
# The contract's six cloud competencies (../shared/checker-contract.md, "Competency ids").
CLOUD = frozenset({"security", "cloud-business-applications", "cloud-platform", "cloud-productivity",
                   "enterprise-mobility-management", "small-and-midmarket-cloud-solutions"})
TIERS = ("none", "action-pack", "silver", "gold")
CLASSES = ("cloud", "other")


@cache
def figures() -> dict:
    """{"product-support": {tier: n}, "signature-cloud-support": {tier: {"cloud": n, "other": n}}},
    as the scenarios state them: a scenario's membership and competencies give the tier and
    the class (cloud when any competency is a cloud one; no class below Silver, where
    competencies are not asked). Two scenarios that disagree, or a figure no scenario
    states, stop the oracle with the scenario to fix."""
    stated: dict[tuple[str, str, str], tuple[object, str]] = {}
    for scenario in yaml.safe_load(FIGURES.read_text(encoding="utf-8")):
        answers, given = scenario.get("answers") or {}, (scenario.get("expect") or {}).get("entitlements") or {}
        tier = answers.get("membership")
        if tier not in TIERS or not given:
            continue
        competencies = answers.get("competencies") or []
        competencies = competencies.split(",") if isinstance(competencies, str) else competencies
        if tier in ("silver", "gold") and not competencies:
            continue  # no class: the figure is not pinned to one
        classes = CLASSES if tier in ("none", "action-pack") else ("cloud" if set(competencies) & CLOUD else "other",)
        for benefit, value in given.items():
            for kind in classes:
                earlier = stated.setdefault((benefit, tier, kind), (value, scenario["name"]))
                if earlier[0] != value:
                    raise AssertionError(f"{FIGURES}: scenario {scenario['name']!r} gives {benefit} {value} for {tier} ({kind}), "
                                         f"scenario {earlier[1]!r} gives {earlier[0]}: make them agree.")
    missing = [f"{benefit} for {tier} ({kind})" for benefit in ("product-support", "signature-cloud-support")
               for tier in TIERS for kind in CLASSES if (benefit, tier, kind) not in stated]
    if missing:
        raise AssertionError(f"{FIGURES}: no scenario states {', '.join(missing)}; add one that does.")
    figure = {key: value for key, (value, _) in stated.items()}
    return {"product-support": {tier: figure["product-support", tier, "other"] for tier in TIERS},
            "signature-cloud-support": {tier: {kind: figure["signature-cloud-support", tier, kind] for kind in CLASSES}
                                        for tier in TIERS}}


class NotOffered(Exception):
    """The answers choose an option the contract says the flow does not offer."""


def entitlements_of(a: dict, cloud_competencies: set[str]) -> dict:
    membership = a["membership"]
    has_cloud = membership in ("silver", "gold") and bool(set(a.get("competencies", [])) & cloud_competencies)
    scs = figures()["signature-cloud-support"][membership]["cloud" if has_cloud else "other"]
    return {"product-support": figures()["product-support"][membership], "signature-cloud-support": scs}


def benefit_for(product: str) -> str:
    return "product-support" if product == "on-premises" else "signature-cloud-support"


def asked_questions(a: dict, cloud_competencies: set[str]) -> set[str]:
    """The questions the flow asks for the full answer set `a`: the contract's "asked
    when" column where it fixes one, the flow's design (asking only what can matter) elsewhere."""
    entitled = entitlements_of(a, cloud_competencies)[benefit_for(a["product"])] != 0
    csp_azure = a["product"] == "azure" and a["csp"] == "yes"
    asked = {"error", "membership", "product"}
    if a["membership"] in ("silver", "gold"):
        asked.add("competencies")
    if a["product"] == "azure":
        asked.add("csp")
    if a["membership"] != "none":
        asked.add("activated")
    has_contract = "activated" in asked and a["activated"] == "yes" and entitled  # no contract to ask about otherwise
    if has_contract:
        asked.add("contract")
    if ("activated" in asked and a["activated"] == "no") or csp_azure:  # v2
        asked.add("role")
    usable = has_contract and a["contract"] in ("active", "not-sure")
    not_activated = "activated" in asked and a["activated"] == "no"
    if (usable or not_activated) and a["error"] not in ("not-authorized", "access-id-already-associated"):
        asked.add("account")
    if a["error"] != "access-id-already-associated" and not not_activated and (
            a["error"] == "not-authorized" or ("account" in asked and a["account"] == "csp-only") or (usable and not csp_azure)):
        asked.add("linked")
    return asked


def contract_result(full: dict, cloud_competencies: set[str]) -> dict:
    """entitlements, route, alternatives, notices and the asked questions for a full answer
    set. Raises NotOffered for `contract=no-incidents-left` where the benefit is unlimited (v2)."""
    asked = asked_questions(full, cloud_competencies)
    a = {q: (v if q in asked else None) for q, v in full.items()}
    entitlements = entitlements_of(full, cloud_competencies)
    product = a["product"]
    incidents = entitlements[benefit_for(product)]
    entitled = incidents != 0
    if a["contract"] == "no-incidents-left" and incidents == "unlimited":
        raise NotOffered(f"{benefit_for(product)} is unlimited")
    if a["activated"] == "no":  # before activation there are no IDs to associate: not asked, counts as no
        a["linked"] = "no"
    if a["error"] == "access-id-already-associated":  # v2: the message means the contract is linked
        a["linked"] = "yes"
    roles = set(a["role"] or [])
    # A reader who has not activated is not asked the contract's state: activation creates it.
    contract_usable = a["contract"] in ("active", "not-sure") or a["activated"] == "no"
    if a["csp"] == "yes" and product == "azure":  # v2
        route = "partner-center-csp"
        alternatives = ["azure-portal"] if entitled and contract_usable else []
    elif entitled and contract_usable:
        route, alternatives = PORTALS[product], []
    else:
        route, alternatives = "paid-support", []
    notices = set()
    if a["activated"] == "no":
        notices.add("activate-first")
        if not roles & {"global-admin", "mpn-partner-admin"}:
            notices.add("admin-role-required")
    if (a["account"] == "csp-only" or a["error"] == "not-authorized") and a["linked"] == "no":
        notices.add("mpn-account-required")
    if a["membership"] == "none":
        notices.add("no-active-membership")
    if a["error"] == "no-benefits-yet":
        notices.add("check-signed-in-account")
    if a["linked"] == "no" and route in PORTALS.values():
        notices.add("ids-needed-first-time")
    if a["error"] == "access-id-already-associated" and a["contract"] in ("active", "not-sure") and entitled:
        notices.add("ignore-already-associated-error")
    if route == "partner-center-csp" and "admin-agent" not in roles:
        notices.add("admin-agent-required")
    if a["contract"] == "not-sure":
        notices.add("check-remaining-incidents")
    if a["contract"] in ("expired", "no-incidents-left"):
        notices.add("buy-new-plan")
    if a["membership"] == "action-pack" and product in ("azure", "other-cloud"):
        notices.add("no-cloud-support-action-pack")
    if a["csp"] == "yes" and product == "azure":
        notices.add("csp-plan-available")
    return {"entitlements": entitlements, "route": route, "alternatives": alternatives, "notices": notices, "asked": asked}
