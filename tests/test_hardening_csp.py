"""The Content Security Policy in the built pages (sitebuild/pages/csp.py), without a browser:
every page carries its own policy, whose hashes are exactly its inline scripts; the
build warns (and so fails under --strict) about markup the policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild.pages import csp
from tests.site_build import build_site, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

META = '<meta http-equiv="Content-Security-Policy"'


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_exactly_its_own_policy_at_the_top_of_head(built_site):
    checked = 0
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert html.count(META) == 1, page
        head = html[html.index("<head"):]
        first = re.search(r"<head\b[^>]*>\s*(<meta charset=\"utf-8\">)?\s*(<[^>]+>)", head)
        assert first and first.group(2).startswith(META), f"{page}: the policy must precede every other element but the charset"
        assert html.index("charset") < 1024, f"{page}: the charset must stay in the first 1024 bytes"
        policy = csp.page_policy(html)
        assert policy == csp.policy(csp.inline_script_hashes(html)), page
        checked += 1
    assert checked >= 30  # both languages' pages and their 404 pages


def test_the_policy_is_strict(built_site):
    policy = csp.page_policy((built_site / "checker" / "index.html").read_text(encoding="utf-8"))
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self' 'wasm-unsafe-eval' 'sha256-")
    assert set(directives["script-src"].split()[2:]) == set(csp.inline_script_hashes(
        (built_site / "checker" / "index.html").read_text(encoding="utf-8")))
    assert directives["worker-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy and "*" not in policy


def test_each_page_lists_its_own_inline_scripts(built_site):
    """Material's inline scripts depend on the page's depth: hashes differ between pages."""
    home = csp.page_policy((built_site / "index.html").read_text(encoding="utf-8"))
    nested = csp.page_policy((built_site / "ja" / "writers" / "changes" / "index.html").read_text(encoding="utf-8"))
    assert home != nested
    assert len(csp.inline_script_hashes((built_site / "index.html").read_text(encoding="utf-8"))) >= 2


def test_no_built_page_has_markup_the_policy_blocks(built_site):
    for page in pages(built_site):
        assert csp.problems(page.read_text(encoding="utf-8")) == [], page


def test_the_site_policy_file_holds_every_pages_hashes(built_site):
    text = (built_site / csp.POLICY_FILE).read_text(encoding="utf-8").strip()
    hashes = sorted({h for page in pages(built_site) for h in csp.inline_script_hashes(page.read_text(encoding="utf-8"))})
    assert text == csp.policy(hashes)


def test_hashes_are_those_of_javascript_only():
    html = ("<head><meta charset=utf-8></head><script>a()</script><script type=module>b()</script>"
            '<script type="application/json">{"c": 1}</script><script src="x.js"></script><script>\r\nd()</script>')
    assert csp.inline_script_hashes(html) == sorted([
        "'sha256-" + _b64("a()") + "'", "'sha256-" + _b64("b()") + "'", "'sha256-" + _b64("\nd()") + "'"])


def _b64(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_with_meta_follows_the_charset_and_is_idempotent():
    html = '<!doctype html><html><head>\n  <meta charset="utf-8">\n  <title>t</title></head><body><script>x()</script></body>'
    once = csp.with_meta(html)
    assert once.index("charset") < once.index(META) < once.index("<title>")
    assert csp.with_meta(once) == once
    assert csp.with_meta("<p>no head</p>") == "<p>no head</p>"


@pytest.mark.parametrize("markup, found", [
    ('<button onclick="go()">x</button>', "inline event handler <button onclick"),
    ('<p style="color: red">x</p>', "style attribute <p style="),
    ("<style>p { color: red }</style>", "a <style> element"),
    ('<a href=" JavaScript:alert(1)">x</a>', "javascript: URL <a href"),
])
def test_problems_name_what_the_policy_would_block(markup, found):
    problems = csp.problems(f"<html><body>{markup}</body></html>")
    assert len(problems) == 1 and found in problems[0]


def test_nothing_to_report_in_plain_markup():
    assert csp.problems('<details open><summary>s</summary><a href="https://example.com/#x">x</a></details>') == []


def test_live_reload_of_mkdocs_serve_is_allowed(tmp_path):
    """`mkdocs serve` appends its own inline script to each page: its hash joins the page's policy."""
    from mkdocs.livereload import LiveReloadServer

    page = csp.with_meta('<html><head><meta charset="utf-8"></head><body><script>x()</script></body></html>')
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        csp.allow_live_reload(server)
        served = server._inject_js_into_html(page.encode(), 7).decode()
    finally:
        server.server_close()
    injected = re.findall(r"<script>(.*?)</script>", served, re.S)[-1]
    assert "livereload(" in injected
    assert f"'sha256-{_b64(injected)}'" in csp.page_policy(served)
    assert f"'sha256-{_b64('x()')}'" in csp.page_policy(served)


def test_a_page_with_an_inline_handler_fails_the_strict_build(tmp_path):
    copy_project(tmp_path)
    page = tmp_path / "content" / "ja" / "csp.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n\n<button onclick="alert(1)">押す</button>\n', encoding="utf-8")
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "content/ja/csp.md (ja) has an inline event handler <button onclick=...>" in output, output
    assert not (tmp_path / "site").exists()


def test_an_inline_script_no_template_writes_fails_the_build_naming_the_page(tmp_path):
    """Before: the policy hashed every inline script of the final HTML, injected ones included."""
    copy_project(tmp_path)
    page = tmp_path / "content" / "csp.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n<script>alert(1)</script>\n", encoding="utf-8")
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert ("guide: content/csp.md (en) has an inline <script> that no theme template writes: <script>alert(1)</script>. "
            "The site's policy allows only the theme's own inline scripts. Put page scripts in a file in the theme's "
            "custom_dir listed in extra_javascript") in output, output
    assert "Traceback" not in output and not (tmp_path / "site").exists()


def test_theme_scripts_are_known_by_their_templates_with_values_kept_inside_strings(tmp_path):
    from sitebuild.pages.inline_scripts import theme_patterns, unknown_scripts

    (tmp_path / "base.html").write_text('<script>go(new URL("{{ base_url }}", location))</script>'
                                        "<script>bad({{ value }})</script><script src=x.js></script>"
                                        '<script type="application/json">{"a": {{ b }}}</script>')
    patterns = theme_patterns((str(tmp_path),))
    assert len(patterns) == 1  # the value outside a string literal gives no pattern
    page = '<script>go(new URL("../..", location))</script><script type="application/json">{}</script>'
    assert unknown_scripts(page, patterns) == []
    for hostile in ['go(new URL("x", location));alert(1)', 'go(new URL("x"+alert(1)+"", location))',
                    'go(new URL("</script><script>alert(1)", location))', "bad(1)", "alert(1)"]:
        assert unknown_scripts(f"<script>{hostile}</script>", patterns), hostile


def test_every_inline_script_of_the_real_site_is_the_themes(built_site):
    from sitebuild.pages.inline_scripts import inline_scripts

    scripts = {body for page in pages(built_site) for body in inline_scripts(page.read_text(encoding="utf-8"))}
    assert 3 <= len(scripts) <= 12  # Material's few, one per page depth for the one that holds base_url
    assert all("__md_" in body or "target" in body for body in scripts), scripts
