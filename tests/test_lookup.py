"""The checker's error lookup (sitebuild/theme/assets/checker/lookup.js), run by Node on the
entries the build renders: every known message is found from the page of every
language (a Japanese message from the English page and the reverse), whatever its
width, spaces, quotes and ellipses, and whichever language its portal labels are in."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sitebuild.site.theme_files import THEME_DIR
from sitebuild.pages.checker_form import render_form
from tests.conftest import PYODIDE

LOOKUP = THEME_DIR / "assets" / "checker" / "lookup.js"
CASES = Path(__file__).parent / "lookup" / "messages.yml"
RUN = """
const fs = require("fs");
(async () => {
  const lookup = await import("data:text/javascript," + encodeURIComponent(fs.readFileSync(process.argv[1], "utf8")));
  const { pages, cases } = JSON.parse(fs.readFileSync(0, "utf8"));
  const found = cases.map(({ lang, text }) => {
    const page = pages[lang];
    const entries = page.entries.map((entry) => ({ id: entry.id, dataset: { messages: entry.messages } }));
    const match = lookup.bestEntry(entries, text, lookup.termTable(page.terms));
    return match ? match.id : null;
  });
  process.stdout.write(JSON.stringify(found));
})();
"""


class _Lookup(HTMLParser):
    """The lookup section's terms and its entries' messages, as the script reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.terms, self.entries = "[]", []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if values.get("id") == "checker-lookup":
            self.terms = values["data-terms"]
        if "checker-lookup-entry" in (values.get("class") or ""):
            self.entries.append({"id": values["data-error"], "messages": values["data-messages"]})


def rendered_lookup(programme, lang: str) -> dict:
    parser = _Lookup()
    parser.feed(render_form(programme, lang, PYODIDE))
    return {"terms": json.loads(parser.terms), "entries": parser.entries}


def run_lookup(pages: dict, cases: list[dict]) -> list[str | None]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/setup needs Node.js (npm) too")
    done = subprocess.run([node, "-e", RUN, str(LOOKUP)], input=json.dumps({"pages": pages, "cases": cases}),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def variants(programme, error) -> list[str]:
    """The error's message and title in each language, as readers paste them."""
    texts = [*error.message.text.values.values(), *error.name.values.values()]
    out = []
    for text in texts:
        out += [text, f"「{text[: max(8, len(text) * 2 // 3)]}…」", full_width(text), text.replace(" ", ""), f"  “{text}.”  "]
        for term in programme.glossary:  # a Japanese sentence with the English portal's label, and the reverse
            labels = list(term.label.values.values())
            for a in labels:
                for b in labels:
                    if a != b and a in text:
                        out.append(text.replace(a, b))
    return out


def test_every_message_is_found_from_every_language(programme, messages) -> None:
    pages = {lang.id: rendered_lookup(programme, lang.id) for lang in programme.languages}
    cases = [{"lang": lang, "text": text, "error": error.id}
             for _, error in messages for text in variants(programme, error) for lang in pages]
    cases += [{"lang": lang, **case} for case in yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"] for lang in pages]
    found = run_lookup(pages, cases)
    wrong = [f"{case['lang']}: {case['text']!r} found {got}, not {case['error']}" for case, got in zip(cases, found)
             if got != case["error"]]
    assert wrong == [], "\n".join(wrong)
    assert len(cases) > 100
