"""Translators' round trip: export to PO, translate, import, build; a stale translation
never blocks the source language, and is marked where it shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.site_build import build_site
from tests.test_check_agrees_with_build import project_with
from tests.test_site_pages import page_html

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

CHANGES = [("data/sections.yml", "      en: Next steps", "      en: What to do next"),
           ("content/next-steps.md", "In this guide:", "Elsewhere in this guide:")]


def i18n(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "i18n", "--data", str(project / "data"), *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def build(project: Path, strict: bool) -> subprocess.CompletedProcess:
    if strict:
        return build_site(project / "site", config=project / "mkdocs.yml", cwd=project, check=False)
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI builds fail on stale translations
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                          cwd=project, capture_output=True, text=True, timeout=600, env=env)


def translate(po_file: Path, translations: dict[str, str]) -> None:
    """What a translator's tool does: fill in msgstr and clear 'fuzzy'."""
    po = polib.pofile(str(po_file))
    for entry in po:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt](entry.msgstr) if callable(translations[entry.msgctxt]) else translations[entry.msgctxt]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(po_file))


def test_stale_shows_marked_then_export_translate_import_build(tmp_path):
    project = project_with(tmp_path, CHANGES)
    lenient = build(project, strict=False)
    assert lenient.returncode == 0, lenient.stderr
    site = project / "site"
    assert "What to do next" in page_html(site, "en", "next-steps/"), "the source language builds as usual"
    japanese = page_html(site, "ja", "next-steps/")
    assert "次のステップ" in japanese and "guide-stale" in japanese and "翻訳が古くなっています" in japanese
    assert "guide-stale" not in page_html(site, "en", "next-steps/")
    strict = build(project, strict=True)
    assert strict.returncode != 0 and "stale 'ja' translation of 'sections.yml sections.next-steps.title'" in strict.stderr

    exported = i18n(project, "--export", "ja", "--po", "ja.po")
    assert exported.returncode == 0 and "2 texts to translate into 'ja'" in exported.stdout, exported.stderr
    po = {entry.msgctxt: entry for entry in polib.pofile(str(project / "ja.po"))}
    title = po["sections.yml sections.next-steps.title"]
    assert (title.previous_msgid, title.msgid, title.msgstr) == ("Next steps", "What to do next", "次のステップ")
    assert "fuzzy" in title.flags and title.occurrences == [("data/sections.yml", "59")]  # the en: line
    page = po["page next-steps.md"]
    assert "In this guide:" in page.previous_msgid and "Elsewhere in this guide:" in page.msgid and "{{" in page.comment

    translate(project / "ja.po", {"sections.yml sections.next-steps.title": "次にすること",
                                  "page next-steps.md": lambda text: text.replace("このガイドでは", "このガイドのほかの部分では")})
    imported = i18n(project, "--import", "ja", "--po", "ja.po")
    assert imported.returncode == 0 and "2 translations imported" in imported.stdout, imported.stderr
    assert '      ja: "次にすること"' in (project / "data/sections.yml").read_text(encoding="utf-8")
    report = i18n(project)
    assert report.returncode == 0 and " 0 stale" in report.stdout
    assert re.search(r"ja pages: \d+ complete, 0 missing, 0 stale, 0 not yet accepted", report.stdout), report.stdout
    rebuilt = build(project, strict=True)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "次にすること" in page_html(site, "ja", "next-steps/") and "guide-stale" not in page_html(site, "ja", "next-steps/")


@pytest.mark.parametrize("key, translation, message", [
    ("strings.yml strings.incidents", "{count}件 {extra}", "placeholders ['{count}', '{extra}'] differ from the source's ['{count}']"),
    ("classes.yml classes.cloud.name", "<b>クラウド</b>", "markup '<b>' in a plain text."),
    ("page next-steps.md", "# 次のステップ\n", "the macro calls differ from the source page's; missing: {{ glossary_table() }}, {{ heading(\"next-steps\") }}"),
])
def test_an_import_that_breaks_the_text_is_refused_whole(tmp_path, key, translation, message):
    project = project_with(tmp_path, [])
    assert i18n(project, "--export", "ja", "--all", "--po", "ja.po").returncode == 0
    translate(project / "ja.po", {key: translation, "roles.yml option-sets.roles.other.name": "ほかのロール"})
    before = {p: p.read_text(encoding="utf-8") for p in sorted((project / "data").glob("*.yml"))}
    done = i18n(project, "--import", "ja", "--po", "ja.po")
    assert done.returncode == 1 and f"ja.po:" in done.stderr and message in done.stderr, done.stderr
    assert {p: p.read_text(encoding="utf-8") for p in before} == before, "nothing is written"
