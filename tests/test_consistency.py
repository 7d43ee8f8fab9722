"""No outcome contradicts itself, and no page's routing statement differs from the checker.

Every outcome group (every answer path of the proof) is read the way a reader reads the
result; every routing table row in content/ is compared with what `evaluate` says for each
answer path of the row's case.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from checker import evaluate
from checker.index import index_of
from sitebuild.rules.proof import prove
from tests.conftest import ROOT

PORTALS = {"support-for-business", "azure-portal", "cloud-portal"}
ROUTING_PAGES = ["index.md", "csp.md", "support-plans.md"]
LANG_DIRS = {"en": ROOT / "content", "ja": ROOT / "content" / "ja"}
SITE_DIRS = {"en": "", "ja": "ja/"}


@pytest.fixture(scope="module")
def results(programme):
    """(path, English result, Japanese result) for every answer path of the proof."""
    rows = prove(index_of(programme)).rows
    answers = [{q: sorted(v) for q, v in path.answers.items()} for path, _ in rows]
    return [(path, evaluate(programme, a, "en"), evaluate(programme, a, "ja")) for (path, _), a in zip(rows, answers)]


def test_no_outcome_calls_a_benefit_usable_and_unusable_at_once(programme, results):
    product = {o.id: o.benefit for q in programme.questions if q.id == "product" for o in q.choices}
    paid_default = {lang: next(r for r in programme.routes if r.id == "paid-support").summary.values[lang] for lang in ("en", "ja")}
    for path, en, ja in results:
        where = path.describe()
        incidents = en["entitlements"][product[next(iter(path.answers["product"]))]]
        uses_benefit = en["route"] in PORTALS or bool(PORTALS & set(en["alternatives"]))
        notices = set(en["notices"])
        if uses_benefit:
            assert incidents != 0, f"a benefit portal without incidents for the product: {where}"
            assert "buy-new-plan" not in notices, f"a benefit portal beside 'buy a new plan': {where}"
        if "ignore-already-associated-error" in notices:
            assert "buy-new-plan" not in notices and uses_benefit, where
        if "ids-needed-first-time" in notices:
            assert en["route"] in PORTALS, f"IDs asked for where no benefit portal is used: {where}"
        if en["route"] == "paid-support" and incidents != 0:
            for result, lang in ((en, "en"), (ja, "ja")):
                assert paid_default[lang] not in result["summary"], f"'no included benefit' beside {incidents} incidents: {where}"


def test_every_outcome_reads_the_same_in_both_languages(results):
    for path, en, ja in results:
        same = ("route", "alternatives", "notices", "entitlements", "asked")
        assert {k: en[k] for k in same} == {k: ja[k] for k in same}, path.describe()
        assert en["summary"] != ja["summary"] and all(d["steps"] for d in [ja["route_detail"], *ja["alternative_detail"]])


def test_route_names_read_well_on_the_open_button(programme):
    """The widget writes "Open {name}": a route with a portal link is named like a place."""
    for route in programme.routes:
        if route.url:
            assert not re.match(r"(A|An|The) ", route.name.values["en"]), f"'Open {route.name.values['en']}' reads badly"


def test_the_action_pack_notice_links_to_the_cloud_support_page(programme):
    """It linked to the Access ID error page; its section's page must be the one about cloud support that shows it."""
    notice = next(n for n in programme.notices if n.id == "no-cloud-support-action-pack")
    page = next(s.page for s in programme.sections if s.id == notice.section)
    assert page == "signature-cloud-support/"
    assert 'notice("no-cloud-support-action-pack")' in (ROOT / "content" / "signature-cloud-support.md").read_text(encoding="utf-8")


# --- pages -----------------------------------------------------------------------------

CALL = re.compile(r'(route_for|alternatives_for)\(((?:"[^"]*"(?:,\s*)?)+)\)')


def matching_results(results, case: str) -> list[dict]:
    """Every English result whose path answers the case: q=a|b (asked, one of) or q!=a|b (not asked, or none of)."""
    found = []
    for path, en, _ in results:
        ok = True
        for test in case.split():
            negated = "!=" in test
            question, options = test.split("!=" if negated else "=")
            chosen = path.answers.get(question)
            hit = chosen is not None and bool(chosen & set(options.split("|")))
            ok &= hit != negated
        if ok:
            found.append(en)
    assert found, f"no answer path matches the case '{case}'"
    return found


def table_rows(page: Path) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(first cell, [(macro, cases)]) for every Markdown table row that states a route by case."""
    rows = []
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and CALL.search(line):
            label = line.strip("|").split("|")[0].strip()
            calls = [(m.group(1), re.findall(r'"([^"]*)"', m.group(2))) for m in CALL.finditer(line)]
            rows.append((label, calls))
    return rows


def built_rows(site: Path, lang: str, page: str) -> dict[str, list[str]]:
    document = (site / SITE_DIRS[lang] / page / "index.html").read_text(encoding="utf-8")
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", document, re.S):
        cells = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("page", ROUTING_PAGES)
def test_routing_tables_say_what_the_checker_says(programme, results, built_site, lang, page):
    source = LANG_DIRS[lang] / page
    names = {r.id: r.name.values[lang] for r in programme.routes}
    built = built_rows(built_site, lang, "" if page == "index.md" else page.removesuffix(".md"))
    rows = table_rows(source)
    assert rows or page != "index.md", f"{source} states no route by case"
    for label, calls in rows:
        cells = built[label]
        for macro, cases in calls:
            outcomes = [r for case in cases for r in matching_results(results, case)]
            if macro == "route_for":
                routes = {r["route"] for r in outcomes}
                assert len(routes) == 1 and names[routes.pop()] in cells, f"{page} ({lang}) row '{label}': {cells}"
            else:
                alternatives = {tuple(r["alternatives"]) for r in outcomes}
                assert len(alternatives) == 1, f"{page} ({lang}) row '{label}': alternatives differ"
                separator = programme.strings["list-separator"].values[lang]
                expected = separator.join(names[a] for a in alternatives.pop()) or "—"
                assert expected in cells, f"{page} ({lang}) row '{label}': expected {expected!r}, the page shows {cells}"


def test_no_routing_table_names_a_route_by_hand():
    """A route in a routing table comes from route_for (the rules), never route_link/route_name."""
    for lang, folder in LANG_DIRS.items():
        for page in ROUTING_PAGES:
            for line in (folder / page).read_text(encoding="utf-8").splitlines():
                if line.startswith("|") and re.search(r"route_(link|name)\(", line):
                    pytest.fail(f"{folder / page}: a table row names a route by hand: {line[:120]}")
