"""The portals' words come from data/glossary.yml only: no page of content/ and no data
text writes a glossary label by hand (in any language), and references expand in
each language as the glossary says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker import DataErrors, load
from checker.glossary import glossary_from
from checker.problems import dotted
from sitebuild.source.yaml_source import read_data_dir
from tests.conftest import DATA, ROOT

SKIPPED_FILES = {"glossary.yml", "translations.yml"}  # the glossary itself; hashes, not texts
MARKED = r"[\[［「『“\"*]\s*{}\s*[\]］」』”\"*]"  # a label set off as a label: [..], 「..」, “..”, **..**
SELECTING = r"\b(?:[Cc]lick|[Ss]elect|[Cc]hoose|[Ee]xpand|[Oo]pen|the)\s+{}\b"


def patterns(programme) -> dict[str, list[re.Pattern]]:
    """Per term, what a hand-written use of it looks like, in every language."""
    found = {}
    for term in programme.glossary:
        spellings = list(term.label.values.values()) + list(term.also_written)
        found[term.id] = [re.compile(_pattern(term.kind, spelling)) for spelling in dict.fromkeys(spellings)]
    return found


def _pattern(kind: str, label: str) -> str:
    """Fields and roles, and the portal's long headings, are found anywhere (fields in
    any case). A label is found as the portal writes it when it is several words, else
    where a text sets it off or selects it: a portal's one-word or Japanese label is
    also an everyday word (Activate, アクティブ化)."""
    word = re.escape(label)
    if kind == "term" and label.isascii():
        return rf"(?i)(?<![\w+]){word}(?![\w])"
    if kind in ("term", "heading") or (label.isascii() and " " in label):
        return rf"(?<![\w+]){word}(?![\w])"
    return f"{MARKED.format(word)}|{SELECTING.format(word)}" if label.isascii() else MARKED.format(word)


def hand_written(text: str, found: dict[str, list[re.Pattern]]) -> list[str]:
    return [f"{term_id} ('{m.group(0)}')" for term_id, regexes in found.items() for regex in regexes for m in regex.finditer(text)]


# --- data texts ---------------------------------------------------------------------------


def language_texts(value, path=()):
    """(path, language, text) of every language-keyed text in a parsed document."""
    if isinstance(value, dict):
        if value and all(isinstance(v, str) for v in value.values()) and all(len(k) <= 3 for k in value):
            yield from ((path, lang, text) for lang, text in value.items())
        else:
            for key, item in value.items():
                yield from language_texts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from language_texts(item, path + (i,))


def test_no_data_text_writes_a_portal_term_by_hand(programme) -> None:
    documents, locations = read_data_dir(DATA)
    found = patterns(programme)
    problems = []
    for file, content in documents.items():
        if Path(file).name in SKIPPED_FILES:
            continue
        for path, lang, text in language_texts(content):
            for hit in hand_written(text, found):
                line = locations.get(file, {}).get(dotted(path + (lang,)), ("?",))[0]
                problems.append(f"{file}:{line}: {dotted(path + (lang,))}: {hit}: write {{term:ID}} instead")
    assert problems == [], "\n".join(problems)


# --- pages ---------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
CODE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
NOT_PROSE = re.compile(r"`[^`\n]*`|\{\{.*?\}\}|\]\([^)]*\)|<!--.*?-->|\{ #[^}]*\}", re.S)


def prose(markdown: str) -> str:
    """The page's own words: no front matter, code, macro calls, link targets or comments
    (each replaced by as many newlines, so line numbers stay right)."""
    blank = lambda m: "\n" * m.group(0).count("\n")  # noqa: E731
    for pattern in (FRONT_MATTER, CODE, NOT_PROSE):
        markdown = pattern.sub(blank, markdown)
    return markdown


def test_no_page_writes_a_portal_term_by_hand(programme) -> None:
    found = patterns(programme)
    problems = []
    for page in sorted((ROOT / "content").rglob("*.md")):
        for number, line in enumerate(prose(page.read_text(encoding="utf-8")).splitlines(), start=1):
            for hit in hand_written(line, found):
                problems.append(f"{page.relative_to(ROOT)}:{number}: {hit}: write {{{{ term('ID') }}}} instead")
    assert problems == [], "\n".join(problems)


def test_the_test_finds_hand_written_terms(programme) -> None:
    found = patterns(programme)
    for text in ("Enter the Access ID", "[Add contract] を選び", "アクセスID を入力", "[アクティブ化] をクリック",
                 "click Activate", "「Do you need to purchase or add more support plans」", "[ヘルプとサポート] を開く",
                 "Select Service Management"):
        assert hand_written(text, found), text
    for text in ("activate the benefits", "アクティブ化する", "サポート プランを購入します", "Account icon",
                 "{term:access-id}", "the account you sign in with", "activate your technical benefits",
                 "技術関連の特典を表示する", "{{ term('add-contract') }}"):
        assert not hand_written(prose(text), found), text


# --- expansion -------------------------------------------------------------------------------


def test_references_expand_in_each_language(programme) -> None:
    glossary = glossary_from(programme)
    text = "{term:add-contract}, {term:access-id}, {term:access-id}, {label:access-id}"
    assert glossary.expand(text, "en") == "Add contract, Access ID, Access ID, Access ID"
    assert glossary.expand(text, "ja") == "[コントラクトの追加] (Add contract), アクセス ID (Access ID), アクセス ID, アクセス ID"


def test_the_checker_and_the_browser_data_get_expanded_text(programme) -> None:
    texts = [entry.text for entry in programme.texts]
    assert not [t for t in texts if any("{term:" in v or "{label:" in v for v in t.values.values())]
    assert any("アクセス ID" in t.values.get("ja", "") for t in texts)


def test_an_unknown_term_names_its_file_and_line() -> None:
    documents, locations = read_data_dir(DATA)
    documents["data/notices.yml"]["notices"][0]["text"]["en"] = "Click {term:activte}."
    with pytest.raises(DataErrors) as raised:
        load(documents, locations, allow_stale=True)
    report = raised.value.report()
    assert "data/notices.yml:" in report and "unknown glossary term 'activte'" in report and "'activate'" in report
