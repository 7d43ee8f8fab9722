"""Conventions written once, in Python, that the scripts follow.

The checker's scripts learn every file and cache name from the page (the widget's
`data-checker-manifest`, sitebuild/bundle/layout.py checker_manifest) and the service
worker from its own manifest (sitebuild/bundle/offline.py): no script may spell one. The
few conventions a script must still write itself (the placeholder syntax of its fill
function, a section's link, the answers' fragment, the ids of the form's markup, where a
script sits relative to the site root) are held here to what Python writes, by running
the scripts in Node where they can run there."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

import checker.browser
from checker.wording import PLACEHOLDER, Words, fill_template
from sitebuild.bundle import search_index
from sitebuild.bundle.layout import (ASSETS, BUILD_PARAM, CACHE_PREFIX, DATA_FILE, FILES_FILE, SNAPSHOT_CACHE, WORKER_FILE,
                                     checker_manifest)
from sitebuild.bundle.offline import SW_FILE, TEMPLATE
from sitebuild.bundle.pyodide_bundle import LOCK, RUNTIME_FILES
from sitebuild.pages.checker_form import portal_messages, render_form, section_href
from sitebuild.site.theme_files import THEME_DIR
from sitebuild.source.default_strings import DEFAULTS as WIDGET_STRINGS
from tests.conftest import PYODIDE
from tests.test_second_programme import programme_b
from tests.test_widget_scripts import run

SCRIPTS = sorted([*(THEME_DIR / "assets").rglob("*.js"), *(THEME_DIR / "assets").rglob("*.mjs"), TEMPLATE])
CHECKER_SCRIPTS = THEME_DIR / ASSETS


def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def code_of(text: str) -> str:
    """A script without its comments (a `//` that follows a space or starts a line)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(^|\s)//.*$", r"\1", text, flags=re.M)


def literals(text: str) -> list[str]:
    """The string literals of a script's code: "...", '...' and `...`."""
    return [m.group(2) for m in re.finditer(r"""(["'`])((?:\\.|(?!\1).)*)\1""", code_of(text))]


# --- defined once: the names the build gives, in no script ------------------------------


def test_no_script_spells_a_name_the_build_gives(programme):
    manifest = checker_manifest(programme, PYODIDE)
    inside = {DATA_FILE, FILES_FILE, LOCK, WORKER_FILE, *RUNTIME_FILES, manifest["runtime"].split("-")[0] + "-",
              f"?{BUILD_PARAM}=", f"{search_index.BUNDLE}/"}
    whole = {CACHE_PREFIX, SNAPSHOT_CACHE}  # cache names (a class such as "guide-on-path" is not one)
    found = [f"{path.relative_to(THEME_DIR.parent.parent)}: {literal!r} spells {name!r}"
             for path in SCRIPTS for literal in literals(source(path))
             for name in inside | whole if (name in literal if name in inside else literal == name)]
    assert not found, "take these from the page's manifest (sitebuild/bundle/layout.py checker_manifest):\n" + "\n".join(found)


def test_the_manifest_names_what_the_build_writes(built_site, programme):
    """Every file the page's manifest names is in the built site, under the name it gives."""
    html = (built_site / "checker" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads(unescape(re.search(r'data-checker-manifest="([^"]+)"', html).group(1)))
    assert manifest == checker_manifest(programme, PYODIDE)
    runtime = built_site / ASSETS / manifest["runtime"]
    for key in ("files", "lock", "data", "module", "wasm"):
        assert (runtime / manifest[key].split("?")[0]).is_file(), key
    assert (built_site / ASSETS / manifest["worker"].split("?")[0]).is_file()
    lock = json.loads((runtime / manifest["lock"].split("?")[0]).read_text(encoding="utf-8"))
    assert lock["packages"][manifest["package"]]["version"] == manifest["wheel"]


def test_the_service_worker_keeps_the_snapshots_it_does_not_own():
    assert not SNAPSHOT_CACHE.startswith(CACHE_PREFIX), "the service worker drops every cache named with its prefix"


# --- written twice, and held together -----------------------------------------------------


def placeholder_cases(*programmes) -> list[tuple[str, dict]]:
    """Every string of the programmes, in every language, with each of its placeholders
    given a value; and templates at the edge of the syntax."""
    cases = [(template, {"count": "3", "a": "{b}", "b": "B", "x_y": "Z", "constructor": "no"}) for template in
             ("{count} incidents", "{a}{b}", "{{count}}", "{Count}", "{count", "count}", "{ count }", "{x_y}",
              "{1}", "{é}", "{__proto__}", "{toString}", "{}", "")]
    for programme in programmes:
        for text in programme.strings.values():
            for template in text.values.values():
                cases.append((template, {name: f"<{name}>" for name in PLACEHOLDER.findall(template)}))
    return cases


def test_placeholders_are_filled_alike_in_python_and_in_the_scripts(programme):
    cases = placeholder_cases(programme, programme_b())
    filled = run(f"{json.dumps(cases, ensure_ascii=False)}.map(([t, v]) => render.fill(t, v))")
    expected = [fill_template(template, values) for template, values in cases]
    assert filled == expected


def test_the_loaders_own_fallback_fills_the_reason_as_the_strings_write_it(programme):
    """loader.js shows a failure without render.js (which may be what failed to load)."""
    loader = code_of(source(CHECKER_SCRIPTS / "loader.js"))
    [(key, placeholder)] = re.findall(r'words\["([a-z-]+)"\]\.replace\("(\{[a-z_]+\})"', loader)
    assert fill_template(placeholder, {placeholder.strip("{}"): "x"}) == "x"
    defaults = yaml.safe_load(WIDGET_STRINGS.read_text(encoding="utf-8"))["strings"].get(key, {})
    for texts in (programme.strings[key].values, programme_b().strings[key].values, defaults):
        for lang, text in texts.items():
            assert text.count(placeholder) == 1, f"{key} ({lang}) must hold {placeholder} once: {text}"


def test_section_links_are_written_alike(programme):
    words = Words(programme, "ja")
    sections = [words.section(section.id) for section in programme.sections]
    assert any(s.get("anchor") for s in sections) and any(not s.get("anchor") for s in sections)
    for root in ("../", "../../", ""):
        hrefs = run(f"{json.dumps(sections, ensure_ascii=False)}.map((s) => render.sectionHref({json.dumps(root)}, s))")
        assert hrefs == [section_href(root, section) for section in sections]


def test_the_forms_answer_links_are_read_as_answers(programme):
    html = render_form(programme, "en", PYODIDE)
    messages = portal_messages(programme)
    hashes = ["#" + unescape(href).split("#", 1)[1] for href in re.findall(r'class="checker-use-error" href="([^"]+)"', html)]
    assert messages and len(hashes) == len(messages)
    read = run(f"{json.dumps(hashes)}.map((h) => [fragment.isAnswerFragment(h), Object.fromEntries(fragment.linkAnswers(h))])")
    assert read == [[True, {question.id: [option.id]}] for question, option in messages]


def test_every_id_the_widget_looks_up_is_in_the_form(programme):
    html = render_form(programme, "en", PYODIDE)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    made = set()  # ids a script gives an element it creates
    wanted = {}
    for path in CHECKER_SCRIPTS.glob("*.js"):
        code = code_of(source(path))
        made |= set(re.findall(r'\.id = "([\w-]+)"', code))
        for found in re.findall(r'(?:querySelector(?:All)?\(\s*"#|getElementById\(\s*")([\w-]+)', code):
            wanted.setdefault(found, path.name)
    assert "checker-widget" in wanted and "checker-result" in wanted
    missing = {name: script for name, script in wanted.items() if name not in ids | made}
    assert not missing, f"the scripts look up ids the form (checker_form.py) does not write: {missing}"


def test_the_widget_attributes_the_scripts_read_are_written(programme):
    html = render_form(programme, "en", PYODIDE)
    written = {re.sub(r"-(\w)", lambda m: m.group(1).upper(), name) for name in re.findall(r"\sdata-([\w-]+)=", html)}
    read = set()
    for path in CHECKER_SCRIPTS.glob("*.js"):
        code = code_of(source(path))
        read |= set(re.findall(r"(?:root|\.root)\.dataset\.(checker\w+)", code))
    assert {"checkerManifest", "checkerVersion", "checkerRoot"} <= read
    assert read <= written | {"checkerMounted", "checkerOffline"}, read - written  # the last two the scripts set


def test_the_loader_finds_the_site_root_and_the_service_worker():
    loader = code_of(source(CHECKER_SCRIPTS / "loader.js"))
    up = "../" * ASSETS.count("/")
    assert f'new URL("{up}", import.meta.url)' in loader, f"loader.js sits in {ASSETS}: the site root is {up}"
    assert f'new URL("{SW_FILE}", root)' in loader, f"the service worker is {SW_FILE} (sitebuild/bundle/offline.py)"


def test_the_search_worker_finds_the_site_root_and_reads_the_settings_the_build_writes(tmp_path):
    worker = code_of(source(THEME_DIR / search_index.WORKER))
    up = "../" * search_index.WORKER.count("/")
    assert f'new URL("{up}", self.location.href)' in worker
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config": {"lang": ["en"]}, "docs": []}', encoding="utf-8")
    (tmp_path / search_index.BUNDLE).mkdir()
    (tmp_path / search_index.BUNDLE / "pagefind-entry.json").write_text('{"languages": {"en": {"hash": "h"}}}',
                                                                           encoding="utf-8")
    search_index.point_material_index_at_pagefind(tmp_path, "en", "")
    config = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    for key in set(config) - {"lang"}:
        assert f"config.{key}" in worker or f'config["{key}"]' in worker, f"search-worker.js does not read {key}"


def test_the_worker_calls_what_checker_browser_defines():
    worker = code_of(source(CHECKER_SCRIPTS / "worker.mjs"))
    modules = set(re.findall(r'pyimport\("([\w.]+)"\)', worker))
    assert modules == {checker.browser.__name__}
    called = set(re.findall(r"\bbrowser\.(\w+)\(", worker)) | set(re.findall(r'pyimport\("[\w.]+"\)\.(\w+)\(', worker))
    assert called and all(callable(getattr(checker.browser, name, None)) for name in called), called


@pytest.mark.parametrize("script", ["engine.js", "worker.mjs"])
def test_the_engine_and_the_worker_read_every_key_of_the_manifest_they_need(programme, script):
    """Each key a script reads from the manifest is one the build writes."""
    code = code_of(source(CHECKER_SCRIPTS / script))
    read = set(re.findall(r"\b(?:manifest|MANIFEST|this\.manifest)\.(\w+)", code))
    assert read and read <= set(checker_manifest(programme, PYODIDE)), read - set(checker_manifest(programme, PYODIDE))


def test_the_decision_tables_markup_is_what_its_scripts_read():
    """decision-table.js (and loader.js, which loads it) find the table's index and case
    pages by the attributes and classes sitebuild/pages/decision_pages.py writes."""
    from sitebuild.pages.decision_pages import make_plan
    from sitebuild.pages.macros import Macros, PageContext, unstash
    from sitebuild.source.site_data import load_site_data
    from tests.conftest import DATA

    data = load_site_data(DATA)
    plan = make_plan("decision-table.md", "decision-table/", ("membership", "product"), data.decision_rows())
    pages = []
    for url, render in ((plan.index_url, lambda m: m.decision_index()), (plan.cases[0].url, lambda m: m.decision_case(0))):
        context = PageContext(data, "en", url, url.rstrip("/") + ".md", decision_plan=plan)
        pages.append(unstash(render(Macros(context)), context.stash))
    markup = "\n".join(pages)
    written_attrs = set(re.findall(r"\sdata-([\w-]+)=", markup))
    written_classes = {name for group in re.findall(r'\sclass="([^"]+)"', markup) for name in group.split()}
    for script in ("decision-table.js", "loader.js"):
        code = code_of(source(CHECKER_SCRIPTS / script))
        attrs = set(re.findall(r"\[data-([\w-]+)\]", code))
        if script == "decision-table.js":  # the loader's own dataset is the widget's (checked above)
            attrs |= {re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name) for name in re.findall(r"\.dataset\.(\w+)", code)}
        classes = {name for literal in literals(code) for name in re.findall(r"(?:^|[\s,])\.([\w-]+)", literal)}
        assert attrs <= written_attrs, f"{script} reads {attrs - written_attrs}, which decision_pages.py does not write"
        assert classes <= written_classes, f"{script} looks for {classes - written_classes}"
    assert {"case", "decision-cases", "q", "a"} <= written_attrs and "guide-decision-tree" in written_classes
