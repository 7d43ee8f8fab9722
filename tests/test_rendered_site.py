"""The engine-independent render step: content/ with the data, as plain Markdown per
language, that any Python-Markdown engine turns into the pages MkDocs builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import markdown
import pytest

from sitebuild.pages.page_steps import split_front_matter
from sitebuild.site.rendered_site import BANNER_MARKER, render_from_config, render_site
from sitebuild.pages.render import uses_macros
from sitebuild.source.site_data import load_site_data
from sitebuild.site.site_steps import SiteError
from sitebuild.pages.stashed_blocks import StashError, put_stash_in
from tests.conftest import DATA, ROOT
from tests.test_site_draft_language import add_german
from tests.site_build import copy_project

pytestmark = pytest.mark.build  # renders every page of every language


MARKER = re.compile(r'data-stash-(?:file|banner)="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered") / "pages"
    warnings: list[str] = []
    return render_from_config(ROOT / "mkdocs.yml", out, warnings.append), warnings


def test_every_page_of_every_language_is_rendered_without_a_macro_left(rendered) -> None:
    site, warnings = rendered
    assert warnings == []
    source = sorted(p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").glob("**/*.md")
                    if not p.relative_to(ROOT / "content").as_posix().startswith("ja/"))
    for lang in ("en", "ja"):
        cases = [page for page in site.pages[lang] if page not in source]
        assert sorted(set(site.pages[lang]) - set(cases)) == source
        assert cases and all(page.startswith("decision-table/") for page in cases), "the decision table's case pages"
        for page in site.pages[lang]:
            meta, body, _ = split_front_matter((site.language_folder(lang) / page).read_text(encoding="utf-8"))
            assert not uses_macros(body), f"{lang}/{page} still has a macro call"
            for key in MARKER.findall(body):
                assert (site.stash_folder / f"{key}.html").is_file(), f"{lang}/{page}: stashed block {key} missing"


def test_the_stashed_blocks_go_in_after_markdown(rendered) -> None:
    site, _ = rendered
    _, body, _ = split_front_matter((site.language_folder("ja") / "checker.md").read_text(encoding="utf-8"))
    html = put_stash_in(markdown.markdown(body), site.stash_folder)
    assert re.search(r'<div class="checker" id="checker-widget" lang="ja"', html) and "guide-stash" not in html
    with pytest.raises(StashError, match="render the pages again"):
        put_stash_in(markdown.markdown(body), site.folder / "nowhere")


def test_a_failing_macro_names_its_file_and_line(tmp_path) -> None:
    docs = tmp_path / "content"
    shutil.copytree(ROOT / "content", docs)
    page = docs / "ja" / "entitlements.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(6, '{{ incidents("membership", "platinum", "product-support") }}')
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SiteError, match=r"content/ja/entitlements\.md:7: unknown option 'platinum' \(question 'membership', data/tiers\.yml\)\. Valid: none, action-pack, silver, gold\."):
        render_site(load_site_data(DATA), tmp_path, docs, tmp_path / "out", print)


def test_the_command_renders_and_says_what_it_wrote(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "sitebuild.site.rendered_site", str(tmp_path / "out")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    counts = {lang: len(list((tmp_path / "out" / lang).rglob("*.md"))) for lang in ("en", "ja")}
    assert counts["en"] > 15 and counts["en"] == counts["ja"]  # the content pages and the decision table's case pages
    assert done.stdout.strip() == f"guide: rendered into {tmp_path / 'out'} (en: {counts['en']} pages, ja: {counts['ja']} pages)"


def test_a_draft_language_gets_every_page_and_its_banners(tmp_path) -> None:
    copy_project(tmp_path)
    add_german(tmp_path)
    site = render_from_config(tmp_path / "mkdocs.yml", tmp_path / "out", print)
    assert site.pages["de"] == site.pages["en"]
    fallback = (site.language_folder("de") / "activate.md").read_text(encoding="utf-8")
    key = MARKER.search(fallback).group(1)
    assert BANNER_MARKER.format(key) in fallback
    assert "guide-untranslated-page" in (site.stash_folder / f"{key}.html").read_text(encoding="utf-8")
    assert "data-stash-banner" not in (site.language_folder("de") / "next-steps.md").read_text(encoding="utf-8")
