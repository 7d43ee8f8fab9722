"""The contract's rules written out literally, as an independent check of the data.

This is deliberately naive Python: it is what `../shared/checker-contract.md` says,
so that the data-driven engine can be compared with it on every answer set.
"""

from __future__ import annotations

PORTALS = {"on-premises": "support-for-business", "azure": "azure-portal", "other-cloud": "cloud-portal"}
PRODUCT_SUPPORT = {"none": 0, "action-pack": 10, "silver": 15, "gold": 20}


def contract_result(a: dict, cloud_competencies: set[str]) -> dict:
    membership = a["membership"]
    has_cloud = bool(set(a.get("competencies", [])) & cloud_competencies)
    scs = {"silver": "unlimited" if has_cloud else 5, "gold": "unlimited" if has_cloud else 10}.get(membership, 0)
    entitlements = {"product-support": PRODUCT_SUPPORT[membership], "signature-cloud-support": scs}
    benefit = "product-support" if a["product"] == "on-premises" else "signature-cloud-support"
    entitled = entitlements[benefit] != 0
    if entitled and a["contract"] == "active":
        route = PORTALS[a["product"]]
    elif a["csp"] == "yes" and a["product"] == "azure":
        route = "partner-center-csp"
    else:
        route = "paid-support"
    activated = a["activated"] if membership != "none" else "yes"  # the contract asks it only with a membership
    notices = set()
    if activated == "no":
        notices.add("activate-first")
        if a["role"] not in ("global-admin", "mpn-partner-admin"):
            notices.add("admin-role-required")
    if (a["account"] == "csp-only" or a["error"] == "not-authorized") and a["linked"] == "no":
        notices.add("mpn-account-required")
    if membership == "none":
        notices.add("no-active-membership")
    if a["error"] == "no-benefits-yet":
        notices.add("check-signed-in-account")
    if a["linked"] == "no" and route in PORTALS.values():
        notices.add("ids-needed-first-time")
    if a["error"] == "access-id-already-associated" and a["linked"] == "yes" and a["contract"] == "active" and entitled:
        notices.add("ignore-already-associated-error")
    if a["contract"] in ("expired", "no-incidents-left"):
        notices.add("buy-new-plan")
    if membership == "action-pack" and a["product"] in ("azure", "other-cloud"):
        notices.add("no-cloud-support-action-pack")
    if a["csp"] == "yes" and a["product"] == "azure":
        notices.add("csp-plan-available")
    return {"entitlements": entitlements, "route": route, "notices": notices}
