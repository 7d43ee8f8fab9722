"""The macros that show a question's options name the question, never a programme's noun:
each answers from the option set the question offers, and each mistake names what exists."""

from __future__ import annotations

import pytest

from checker import evaluate
from sitebuild.pages.macros import MacroError, Macros, PageContext
from sitebuild.source.site_data import load_site_data
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load_site_data(DATA)


def macros(data, lang: str = "en") -> Macros:
    return Macros(PageContext(data, lang, "entitlements/", "entitlements.md"))


def test_an_option_is_named_through_its_question(data):
    role = next(o for o in data.programme.option_sets["roles"] if o.id == "admin-agent")
    for lang in ("en", "ja"):
        assert macros(data, lang).option_name("role", "admin-agent") == role.name.values[lang]


@pytest.mark.parametrize("call, message", [
    (lambda m: m.option_name("role", "admin-agnt"),
     "unknown option 'admin-agnt' (question 'role', data/roles.yml). Did you mean 'admin-agent'?"),
    (lambda m: m.option_name("rol", "admin-agent"), "unknown question 'rol' (data/questions.yml). Did you mean 'role'?"),
    (lambda m: m.class_members("competencies", "clod"),
     "unknown class 'clod' (the classes of question 'competencies', data/classes.yml). Did you mean 'cloud'? Valid: cloud, other."),
    (lambda m: m.entitlement_table(), 'e.g. entitlement_table("membership"). Questions whose options grant incidents: membership.'),
    (lambda m: m.entitlement_table("product"), "unknown question whose options grant incidents 'product'"),
    (lambda m: m.incidents("membership", "gold", "signature-cloud-support"), "add one of cloud, other as a fourth argument"),
    (lambda m: m.option_table("membership", "column-role", "column-role-can"), "no option of question 'membership' has a 'description'"),
])
def test_each_mistake_names_what_exists(data, call, message):
    with pytest.raises(MacroError) as raised:
        call(macros(data))
    assert message in str(raised.value)


def test_class_members_are_the_options_of_that_class(data):
    html = macros(data).class_members("competencies", "cloud")
    cloud = [o for o in data.programme.option_sets["competencies"] if o.class_ == "cloud"]
    assert html.count("<li>") == len(cloud) and all(o.name.values["en"] in html for o in cloud)


def test_incidents_split_by_the_class_the_grants_read(data):
    """Gold's Signature Cloud Support depends on the class of the competencies answer: the
    macro asks the engine with a competency of the class named, as the checker would."""
    m = macros(data)
    for class_id, competency in (("cloud", "security"), ("other", "data-analytics")):
        expected = evaluate(data.programme, {"membership": "gold", "competencies": competency})["entitlements"]
        assert m.incidents("membership", "gold", "signature-cloud-support", class_id) == m.words.incidents(
            expected["signature-cloud-support"])


def test_the_entitlement_table_has_a_column_per_option_of_the_question(data):
    html = macros(data).entitlement_table("membership")
    header = html.split("</thead>")[0]
    assert header.count("<th>") == 1 + len(data.programme.option_sets["tiers"])
