"""A copy of the project whose data strings hold HTML, script and links, in both
languages: what a careless or hostile edit of data/ could bring. Built once per
session (conftest.py's `hostile_site`) for test_hardening_escaping.py and
test_browser_hardening_escaping.py.

Each hostile string keeps the start of the original text, so the pages and the
checker still read (and the error lookup still matches). Then every other text of
every language (and each language's name) gets TAIL appended: markup that would
break out of an attribute, a <title> or a script if any template context (nav,
language switcher, <title>, meta description, aria labels) failed to escape it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.site_build import build_site, copy_project

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
MARKDOWN_LINK = "[click me](javascript:alert(3))"
ATTRIBUTES = '*em*{: onmouseover="alert(4)" }'
HTML_LINK = '<a href="javascript:alert(5)">link</a>'
HOSTILE = (SCRIPT, IMAGE, MARKDOWN_LINK, ATTRIBUTES, HTML_LINK)
TAIL = """ </title><script>alert(6)</script>"><img src=x onerror=alert(7)>'><svg onload=alert(8)>"""

# file -> [(the line as it is, the new text)]; each text is written as a quoted YAML string.
EDITS: dict[str, list[tuple[str, str]]] = {
    "benefits.yml": [
        ("      en: Microsoft Product Support", f"Microsoft Product Support {MARKDOWN_LINK} {ATTRIBUTES}"),
        ("      ja: Microsoft 製品サポート", f"Microsoft 製品サポート {MARKDOWN_LINK} {ATTRIBUTES}"),
    ],
    "errors.yml": [
        ("          en: You are not authorized for this action", f"You are not authorized for this action {IMAGE}"),
        ("          ja: このアクションに対して承認されていない", f"このアクションに対して承認されていない {IMAGE}"),
        ("          en: The account you signed in with is associated with CSP only", f"CSP only {IMAGE} {HTML_LINK}"),
        ("          ja: サインインに使ったアカウントが CSP にだけ", f"CSP だけ {IMAGE} {HTML_LINK}"),
    ],
    "notices.yml": [
        ("      en: Activate the benefits first.", f"Activate the benefits first {SCRIPT} {MARKDOWN_LINK}"),
        ("      ja: まず特典をアクティブ化", f"まず特典をアクティブ化 {SCRIPT} {MARKDOWN_LINK}"),
    ],
    "routes.yml": [
        ("      - en: In the Azure portal, open {term:help-support}.", f"In the Azure portal, open Help {IMAGE} {MARKDOWN_LINK}"),
        ("        ja: Azure portal で {term:help-support} を開きます。", f"Azure portal でヘルプを開きます {IMAGE} {MARKDOWN_LINK}"),
    ],
    "classes.yml": [
        ("      en: Cloud competencies", f"Cloud competencies {ATTRIBUTES} {SCRIPT}"),
        ("      ja: クラウド コンピテンシー", f"クラウド コンピテンシー {ATTRIBUTES} {SCRIPT}"),
    ],
}
# One-line records: (the text as it is, the new record).
INLINE = {
    "competencies.yml": ("name: {en: Security, ja: セキュリティ}", f"Security {SCRIPT}", f"セキュリティ {SCRIPT}"),
    "roles.yml": ('name: {en: "{term:global-admin}", ja: "{term:global-admin}"}', f"Global admin {HTML_LINK}", f"グローバル管理者 {HTML_LINK}"),
}

# What must show, as text, where (language -> page -> strings). The widget's are in the browser test.
BENEFIT = {"en": f"Microsoft Product Support {MARKDOWN_LINK} {ATTRIBUTES}", "ja": f"Microsoft 製品サポート {MARKDOWN_LINK} {ATTRIBUTES}"}
COMPETENCY = {"en": f"Security {SCRIPT}", "ja": f"セキュリティ {SCRIPT}"}
MEANING = {"en": f"CSP only {IMAGE} {HTML_LINK}", "ja": f"CSP だけ {IMAGE} {HTML_LINK}"}
NOTICE = {"en": f"Activate the benefits first {SCRIPT} {MARKDOWN_LINK}", "ja": f"まず特典をアクティブ化 {SCRIPT} {MARKDOWN_LINK}"}
STEP = {"en": f"In the Azure portal, open Help {IMAGE} {MARKDOWN_LINK}", "ja": f"Azure portal でヘルプを開きます {IMAGE} {MARKDOWN_LINK}"}
CLASS = {"en": f"Cloud competencies {ATTRIBUTES} {SCRIPT}", "ja": f"クラウド コンピテンシー {ATTRIBUTES} {SCRIPT}"}
ROLE = {"en": f"Global admin {HTML_LINK}", "ja": f"グローバル管理者 {HTML_LINK}"}
SHOWN = {
    "entitlements/": [BENEFIT, COMPETENCY, CLASS],  # the entitlement table, a list, a heading
    "decision-table/": [NOTICE, CLASS],  # the decision table's index and its legend
    "decision-table/gold/on-premises/cloud/no/": [BENEFIT, NOTICE],  # a case page (not activated): entitlements, notices
    "activate/": [BENEFIT, MEANING, ROLE],  # inline in sentences, the error list
    "signature-cloud-support/": [STEP],  # a route's steps
}


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_hostile_project(project: Path) -> None:
    copy_project(project)
    data = project / "data"
    for name, edits in EDITS.items():
        lines = (data / name).read_text(encoding="utf-8").split("\n")
        for start, text in edits:
            index = next(i for i, line in enumerate(lines) if line.startswith(start))
            key = start.strip().split(":")[0]
            lines[index] = f"{start[: len(start) - len(start.lstrip())]}{key}: {quoted(text)}"
        (data / name).write_text("\n".join(lines), encoding="utf-8")
    for name, (old, en, ja) in INLINE.items():
        text = (data / name).read_text(encoding="utf-8")
        assert old in text, f"{old} not in {name}"
        (data / name).write_text(text.replace(old, f"name: {{en: {quoted(en)}, ja: {quoted(ja)}}}"), encoding="utf-8")
    append_to_every_text(data)
    # The Japanese texts were changed with the English: record them as translated.
    subprocess.run([sys.executable, "-m", "checker", "i18n", "--accept", "ja", "--all", "--data", str(data)],
                   cwd=project, check=True, capture_output=True, text=True)


PUBLIC_URL = "https://guide.example.com/partners/"
# Built as a release, at a public address: tests/test_release_url.py reads its links.
RELEASE = {"GUIDE_RELEASE": "true", "GUIDE_SITE_URL": PUBLIC_URL}


def append_to_every_text(data: Path) -> None:
    """TAIL after every text of every language and each language's name (the files are
    rewritten by YAML's dumper: comments go, values stay)."""
    import yaml

    from sitebuild.source.yaml_source import read_data_dir

    documents, _ = read_data_dir(data)
    languages = {language["id"] for language in documents["data/languages.yml"]["languages"]}
    for name, document in documents.items():
        if name != "data/translations.yml":
            (data / Path(name).name).write_text(yaml.safe_dump(_with_tail(document, languages), allow_unicode=True,
                                                               sort_keys=False, width=1000), encoding="utf-8")


def _with_tail(value: object, languages: set[str]) -> object:
    if isinstance(value, dict) and value and set(value) <= languages and all(isinstance(v, str) for v in value.values()):
        return {lang: text + TAIL for lang, text in value.items()}  # a text in each language
    if isinstance(value, dict):
        tailed = {key: _with_tail(item, languages) for key, item in value.items()}
        if set(value) == {"id", "name", "status"}:  # a language of languages.yml: its name is plain text
            tailed["name"] = value["name"] + TAIL
        return tailed
    if isinstance(value, list):
        return [_with_tail(item, languages) for item in value]
    return value


def build_hostile_site(project: Path) -> Path:
    write_hostile_project(project)
    build_site(project / "site", config=project / "mkdocs.yml", cwd=project, env=RELEASE)
    return project / "site"
