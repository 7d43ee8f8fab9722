"""The built site: its pages in both languages, the guide's facts on the right pages,
and no entitlement figure typed into content/ by hand."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = ["", "activate/", "already-associated/", "checker/", "csp/", "decision-table/", "entitlements/", "flow/",
         "next-steps/", "product-support/", "remaining-incidents/", "signature-cloud-support/", "support-plans/",
         "writers/", "writers/changes/", "writers/translations/", "writers/macros/"]
LANGUAGE_ROOTS = {"en": "", "ja": "ja/"}


def page_html(site: Path, lang: str, page: str) -> str:
    root = LANGUAGE_ROOTS.get(lang, f"{lang}/")  # a language added by a test sits in its own folder too
    return (site / root / page / "index.html").read_text(encoding="utf-8")


def page_text(site: Path, lang: str, page: str) -> str:
    """The article's text, tags removed and white space collapsed."""
    document = page_html(site, lang, page)
    article = document[document.index("<article"): document.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def decision_case_pages() -> list[str]:
    """The decision table's case pages, one per case of its front matter's split."""
    from mkdocs.utils.meta import get_data

    from sitebuild.pages.decision_pages import FRONT_MATTER_KEY, make_plan
    from sitebuild.source.site_data import load_site_data

    split = tuple(get_data((ROOT / "content" / "decision-table.md").read_text(encoding="utf-8"))[1][FRONT_MATTER_KEY])
    rows = load_site_data(ROOT / "data").decision_rows()
    return [case.url for case in make_plan("decision-table.md", "decision-table/", split, rows).cases]


def test_every_page_is_built_in_both_languages(built_site):
    built = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    expected = sorted(f"{root}{page}index.html" for root in LANGUAGE_ROOTS.values()
                      for page in PAGES + decision_case_pages())
    assert built == expected
    assert (built_site / "404.html").exists() and (built_site / "ja" / "404.html").exists()


def test_no_page_shows_markup_as_text(built_site):
    """Data text is escaped once: an apostrophe in a heading must not show as `&#x27;`."""
    for lang in LANGUAGE_ROOTS:
        for page in PAGES:
            text = page_text(built_site, lang, page)
            assert not re.search(r"&#?\w+;", text), f"/{LANGUAGE_ROOTS[lang]}{page}: {re.findall(r'.{30}&#?\w+;.{10}', text)}"


def test_the_nav_sections_are_titled_in_each_language(built_site):
    assert "Writers' guide" in page_html(built_site, "en", "writers/").replace("&#39;", "'")
    assert "執筆者ガイド" in page_html(built_site, "ja", "writers/")


def test_each_language_has_its_own_search_index_and_ui_language(built_site):
    assert '"lang":["en"]' in (built_site / "search/search_index.json").read_text(encoding="utf-8").replace(" ", "")
    assert '"lang":["ja"]' in (built_site / "ja/search/search_index.json").read_text(encoding="utf-8").replace(" ", "")
    assert '<html lang="en"' in page_html(built_site, "en", "activate/")
    assert '<html lang="ja"' in page_html(built_site, "ja", "activate/")
    assert "検索" in page_html(built_site, "ja", "activate/")  # Material's own words in Japanese


def test_the_japanese_pages_load_the_shared_checker_files(built_site):
    document = page_html(built_site, "ja", "checker/")
    assert 'src="../../assets/checker/loader.js" type="module"' in document
    assert 'href="../../assets/checker/checker.css"' in document
    assert not (built_site / "ja/assets/checker").exists(), "one copy of the checker's files, at the root"
    assert (built_site / "assets/checker/loader.js").exists()


# (fact, page, English pattern, Japanese pattern): each must match the page's text.
FACTS = [
    ("cloud competencies", "entitlements/", r"Security .*Small and Midmarket Cloud Solutions", r"セキュリティ .*中小企業向けクラウド ソリューション"),
    ("other competencies", "entitlements/", r"Data Analytics", r"データ分析"),
    ("what technical support is", "entitlements/", r"troubleshoot a specific problem", r"特定の問題のトラブルシューティング"),
    ("roles of the guide", "", r"Global admin, MPN partner admin or Admin agent", r"グローバル管理者 \(Global admin\)、MPN パートナー管理者 \(MPN partner admin\)、管理エージェント \(Admin agent\)"),
    ("the other benefit", "", r"Technical Presales and Deployment services \(TPD\)", r"技術的なプリセールスおよびデプロイ サービス \(TPD\)"),
    ("CSP-only account message", "activate/", r"“You are not authorized for this action”", r"「このアクションに対して承認されていない」"),
    ("no benefits message", "activate/", r"“Looks like you don't have any benefits yet”", r"「まだ特典がないように見えます」"),
    ("wrong account fix", "activate/", r"Sign in with another account", r"別のアカウントでサインインする"),
    ("who can activate", "activate/", r"Global admin or MPN partner admin role", r"グローバル管理者 \(Global admin\) または MPN パートナー管理者 \(MPN partner admin\) のロール"),
    ("IDs for every user", "activate/", r"every user of your company sees the Access ID and Contract ID",
     r"会社のすべてのユーザーに アクセス ID \(Access ID\) と コントラクト ID \(Contract ID\) が表示"),
    ("usable by Gold and Silver members", "activate/", r"Signature Cloud Support \(Gold and Silver members\) can be used",
     r"Signature Cloud Support \(Gold および Silver のメンバー\) を使えます"),
    ("the full Azure message", "already-associated/",
     r"This Access ID is already associated to an account\. Please contact your Technical Account Manager to obtain a new Access ID",
     r"このアクセス ID は既にアカウントに関連付けられている。新しいアクセス ID を取得するには、Technical Account Manager にお問い合わせください"),
    ("ignore it", "already-associated/", r"not valid: ignore it", r"正しくないため、無視してください"),
    ("case one", "already-associated/", r"Case 1: The contract is already associated .*\+ New support request",
     r"ケース 1: 契約が既にアカウントに関連付けられている .*\[\+ 新しいサポート リクエスト\] \(\+ New support request\)"),
    ("case two", "already-associated/", r"Case 2: .*Signature 10-pack \(Gold hybrid competency\) or Signature 5-pack \(Silver hybrid competency\).*Buy a new support plan",
     r"ケース 2: .*Signature 10-pack \(Gold ハイブリッド コンピテンシー\) または Signature 5-pack \(Silver ハイブリッド コンピテンシー\).*新しいサポート プランを購入"),
    ("link support benefits", "already-associated/", r"Help \+ support, then Support plans.*Link support benefits and enter",
     r"\[ヘルプとサポート\] \(Help \+ support\) を選び、\[サポート プラン\] \(Support plans\).*\[サポート特典のリンク\] \(Link support benefits\)"),
    ("Support for Business URL", "product-support/", r"https://support\.serviceshub\.microsoft\.com/supportforbusiness/create",
     r"https://support\.serviceshub\.microsoft\.com/supportforbusiness/create"),
    ("any user account", "product-support/", r"\(Azure AD, AAD\) or a personal Microsoft account \(MSA\)", r"\(Azure AD、AAD\).*\(MSA\)"),
    ("until it expires", "product-support/", r"until it expires or no support incidents remain", r"有効期限が切れるか、サポート インシデントが残っていない"),
    ("dummy request", "remaining-incidents/", r"choose Windows 10 as the product and fill in placeholder details",
     r"製品に Windows 10 を選んで仮の内容を入力"),
    ("step 2", "remaining-incidents/", r"step 2 of the form.*start date, end date and incidents remaining", r"手順 2 .*開始日、終了日、残りのインシデント数"),
    ("unavailable plans", "remaining-incidents/", r"“Would you like to see unavailable support plans\?”",
     r"「使用できないサポート プランを表示しますか\?」 \(Would you like to see unavailable support plans\?\)"),
    ("cloud portals do not show it", "remaining-incidents/", r"Lifecycle Services \(LCS\), do not show", r"Lifecycle Services \(LCS\) などのクラウドのポータルには、この情報は表示されません"),
    ("Gold or Silver for cloud", "signature-cloud-support/", r"Gold or Silver competency can use Signature Cloud Support",
     r"Gold または Silver のコンピテンシーを持つパートナー"),
    ("Action Pack has no cloud support", "signature-cloud-support/", r"Microsoft Action Pack includes Microsoft Product Support for on-premises products only",
     r"Microsoft Action Pack に含まれるのはオンプレミス製品向けの Microsoft 製品サポートだけ"),
    ("Admin agent for CSP", "csp/", r"Admin agent role", r"管理エージェント \(Admin agent\) のロール"),
    ("CSP plan without contract", "csp/", r"may use the “Cloud Solution Provider” support plan without adding a support contract",
     r"サポート契約を追加せずに「クラウド ソリューション プロバイダー」 ?サポート プランを使えます"),
    ("then a contract in the workload's portal", "csp/", r"its own portal opens, where you add a support contract and create the request",
     r"ワークロード専用のポータルが開き、そこでサポート契約を追加してリクエストを作成します"),
    ("CSP path in Partner Center", "csp/", r"under CSP, select Customers .*Select Service Management, then New request",
     r"\[CSP\] で \[顧客\] \(Customers\) を選び.*\[サービス管理\] \(Service Management\) を選び、\[新しい要求\] \(New request\)"),
    ("Premier support", "support-plans/", r"Premier Support for Partners — Microsoft's highest level of technical support",
     r"Premier Support for Partners — Microsoft が提供する最上位のテクニカル サポート"),
    ("Advanced support", "support-plans/", r"Advanced Support for Partners — Cloud products only", r"Advanced Support for Partners — クラウド製品のみ"),
    ("compare plans", "support-plans/", r"https://partner\.microsoft\.com/support/partnersupport", r"https://partner\.microsoft\.com/support/partnersupport"),
    ("PMC", "next-steps/", r"Partner Membership Center \(PMC\)", r"Partner Membership Center \(PMC\)"),
    ("decision table size", "decision-table/", r"\d+ answer paths in all", r"回答の組み合わせは全部で \d+ 通りです"),
]


@pytest.mark.parametrize("fact, page, english, japanese", FACTS, ids=[f[0] for f in FACTS])
def test_each_fact_is_on_its_page_in_both_languages(built_site, fact, page, english, japanese):
    for lang, pattern in (("en", english), ("ja", japanese)):
        text = page_text(built_site, lang, page)
        assert re.search(pattern, text), f"{fact}: /{LANGUAGE_ROOTS[lang]}{page} lacks {pattern!r}\n{text[:1500]}"


def test_the_entitlement_figures_on_the_page_are_the_engines(built_site, programme):
    """The figures come from the data (the writers' scenarios, tests/scenarios/, hold the
    expected ones): the page must show what the checker answers, in both languages."""
    from checker import evaluate
    from checker.wording import Words

    def granted(membership: str, competency: str = "data-analytics") -> dict:
        return evaluate(programme, {"membership": membership, "competencies": competency})["entitlements"]

    for lang, prose, cloud, other in (("en", "Microsoft Product Support .*?not included", "Cloud competencies: ", "Other competencies: "),
                                      ("ja", "Microsoft 製品サポート .*?対象外", "クラウド コンピテンシー: ", "その他のコンピテンシー: ")):
        words = Words(programme, lang)
        counts = " ".join(words.incidents(granted(tier)["product-support"]) for tier in ("action-pack", "silver", "gold"))
        per_class = " ".join(f"{cloud}{words.incidents(granted(tier, 'security')['signature-cloud-support'])} "
                             f"{other}{words.incidents(granted(tier, 'data-analytics')['signature-cloud-support'])}"
                             for tier in ("silver", "gold"))
        text = page_text(built_site, lang, "entitlements/")
        assert re.search(f"{prose} {re.escape(counts)}", text), (lang, counts, text[:1500])
        assert per_class in text, (lang, per_class)


@pytest.mark.parametrize("page, href", [
    ("remaining-incidents/", "https://aka.ms/n-1"),
    ("remaining-incidents/", "https://support.microsoft.com/topic/how-many-partner-support-incidents-are-remaining-e8220db5-14f6-93db-4b4a-35766e11b3c3"),
    ("", "https://partner.microsoft.com/dashboard/mpn/membership/benefits/technical"),
    ("support-plans/", "https://partner.microsoft.com/support/microsoft-services-premier-support"),
    ("csp/", "https://partner.microsoft.com/commerce/customers/list"),
])
def test_each_external_link_is_on_its_page_in_both_languages(built_site, page, href):
    for lang in LANGUAGE_ROOTS:
        assert f'href="{href}"' in page_html(built_site, lang, page)


def test_the_sections_anchors_are_on_their_pages(built_site, programme):
    for section in programme.sections:
        for lang in LANGUAGE_ROOTS:
            document = page_html(built_site, lang, section.page)
            assert f'id="{section.anchor}"' in document if section.anchor else "<h1" in document, (section.id, lang)


def test_no_entitlement_figure_is_typed_into_the_content(programme):
    """Prose only: code blocks (the writers' guide shows commands and their real output,
    figures included) state nothing on the programme's behalf."""
    from sitebuild.pages.prose_figures import typed_figures

    found = [f.format() for path in sorted((ROOT / "content").rglob("*.md"))
             for f in typed_figures(programme, path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_a_typed_figure_is_found_with_its_line(programme):
    from sitebuild.pages.prose_figures import typed_figures

    figure = str(next(g.incidents for tier in programme.option_sets["tiers"] if tier.id == "gold" for g in tier.grants))
    page = f"# Title\n\nGold has {figure} incidents.\n\n```\n{figure} in code is fine\n```\nSee [x](page-{figure}.md).\n"
    assert [f.format() for f in typed_figures(programme, "content/x.md", page)] == [
        f"content/x.md:3: the figure '{figure}' is typed into the prose: it would not follow the data. "
        "Use {{ incidents(\"<question>\", \"<option>\", \"<benefit>\") }}, e.g. incidents(\"membership\", \"gold\", "
        "\"product-support\") (the page needs 'macros: true')."]


def test_the_entitlement_table_matches_the_engine(built_site, programme):
    from checker import evaluate

    gold = evaluate(programme, {"membership": "gold", "competencies": "data-analytics"}, "en")["entitlements"]
    text = page_text(built_site, "en", "entitlements/")
    assert f"{gold['product-support']} incidents" in text
    assert f"Other competencies: {gold['signature-cloud-support']} incidents" in text
