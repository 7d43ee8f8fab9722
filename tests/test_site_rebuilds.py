"""Builds of changed copies of the project: the data drives the pages, and a failed
build names what is wrong and leaves the previous site complete."""

from __future__ import annotations

import pytest

import re
import subprocess
import sys
from pathlib import Path


from checker import evaluate, load
from sitebuild.source.yaml_source import read_data_dir
from tests.contract_oracle import figures
from tests.site_build import build_site
from tests.test_site_pages import page_html, page_text

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)


def build(project: Path, check: bool = True):
    return build_site(project / "site", config=project / "mkdocs.yml", cwd=project, check=check)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def accept_translation(project: Path, *keys: str) -> None:
    done = subprocess.run([sys.executable, "-m", "checker", "i18n", "--data", str(project / "data"), "--accept", "ja", *keys],
                          cwd=project, capture_output=True, text=True, timeout=60)
    assert " 0 stale" in done.stdout, done.stdout + done.stderr


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_changed_number_shows_on_both_entitlement_pages(project):
    tiers = project / "data" / "tiers.yml"
    gold = tiers.read_text(encoding="utf-8").index("id: gold")
    text = tiers.read_text(encoding="utf-8")
    figure, silver = figures()["product-support"]["gold"], figures()["product-support"]["silver"]
    new = figure + 3
    tiers.write_text(text[:gold] + text[gold:].replace(f"incidents: {figure}", f"incidents: {new}", 1), encoding="utf-8")
    # Writers' mistakes that must stay harmless: markup in data, macros in code.
    edit(project / "data" / "page-strings.yml", "    en: Technical support\n    ja: テクニカル サポート",
         '    en: "Support <script>alert(1)</script>"\n    ja: "サポート <script>alert(1)</script>"')
    edit(project / "content" / "next-steps.md", "In this guide:", "```\n{{ not_a_macro() }}\n```\n\nIn this guide: `{{ nor_this }}`")
    # Both languages of the page string were edited; the code block needs no translation.
    accept_translation(project, "page-strings.yml page-strings.column-benefit", "page next-steps.md")
    build(project)
    site = project / "site"
    assert re.search(rf"Microsoft Product Support .*{silver} incidents {new} incidents", page_text(site, "en", "entitlements/"))
    assert re.search(rf"Microsoft 製品サポート .*{silver} 件 {new} 件", page_text(site, "ja", "entitlements/"))
    assert f"{new} incidents" in page_text(site, "en", "product-support/")
    documents, locations = read_data_dir(project / "data")
    assert evaluate(load(documents, locations), {"membership": "gold", "competencies": "security"})["entitlements"]["product-support"] == new
    for lang in ("en", "ja"):
        entitlements = page_html(site, lang, "entitlements/")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entitlements and "<script>alert(1)" not in entitlements
    next_steps = page_html(site, "en", "next-steps/")
    assert "{{ not_a_macro() }}" in next_steps and "{{ nor_this }}" in next_steps


def test_a_missing_japanese_data_string_fails_the_build_naming_file_and_line(project):
    strings = project / "data" / "page-strings.yml"
    line = line_of(strings, "ja: リクエストの作成先")
    edit(strings, "    ja: リクエストの作成先\n", "")
    done = build(project, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert re.search(rf"data/page-strings\.yml:{line - 2}:\d+: page-strings\.column-route: missing 'ja' translation", output), output
    assert not (project / "site").exists()


def test_a_missing_japanese_page_fails_the_build_naming_the_page(project):
    (project / "content" / "ja" / "csp.md").unlink()
    done = build(project, check=False)
    assert done.returncode != 0
    assert "content/ja/csp.md is missing" in done.stdout + done.stderr


def test_a_macro_error_names_the_page_and_line(project):
    page = project / "content" / "ja" / "activate.md"
    edit(page, '{{ procedure("activate") }}', '{{ procedure("activation") }}')
    done = build(project, check=False)
    line = line_of(page, 'procedure("activation")')
    assert done.returncode != 0
    assert (f"content/ja/activate.md:{line}: unknown procedure 'activation' (data/procedures.yml). Did you mean 'activate'? "
            "Valid: activate, remaining-incidents") in done.stdout + done.stderr


def test_a_data_error_fails_the_build_and_keeps_the_previous_site(project):
    build(project)
    site = project / "site"
    before = snapshot(site)
    edit(project / "data" / "tiers.yml", "benefit: product-support", "benefit: product-suport")
    done = build(project, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert re.search(r"data/tiers\.yml:\d+:\d+: option-sets\.tiers\[\d\]\.grants\[0\]\.benefit: .*Did you mean 'product-support'", output), output
    assert snapshot(site) == before, "the previous site must stay exactly as it was"
    assert not list(project.glob(".site-*")), "no staging folder may be left behind"


def test_a_strict_warning_fails_the_build_and_keeps_the_previous_site(project):
    build(project)
    site = project / "site"
    before = snapshot(site)
    edit(project / "content" / "ja" / "csp.md", "{{ heading(\"csp\") }}", "{{ heading(\"csp\") }}\n\n[壊れたリンク](no-such-page.md)")
    done = build(project, check=False)
    assert done.returncode != 0
    assert "no-such-page.md" in done.stdout + done.stderr
    assert snapshot(site) == before
    assert not list(project.glob(".site-*"))
