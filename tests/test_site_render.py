"""Rendering a page's macro calls: code is left alone, and every error names its line."""

from __future__ import annotations

import pytest

from sitebuild.pages.html_parts import markdown_text, page_href
from sitebuild.pages.macros import MacroError
from sitebuild.pages.render import RenderError, make_environment, render_page, uses_macros

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

PAGE = """# Title

```yaml
value: {{ not_rendered }}
```

Inline `{{ nor_this }}` but {{ greet("you") }}.

- item

    ~~~
    {{ indented_code }}
    ~~~

LAST
"""


def unknown(name: str) -> str:
    raise MacroError(f"unknown procedure '{name}'. Known: activate.")


MACROS = {"greet": lambda who: f"hello {who}", "unknown": unknown}


def render(text: str, first_line: int = 1) -> str:
    return render_page(make_environment(), text, "content/page.md", MACROS, first_line)


def test_macros_are_rendered_and_code_is_not():
    rendered = render(PAGE)
    assert "hello you" in rendered
    for code in ("{{ not_rendered }}", "`{{ nor_this }}`", "{{ indented_code }}"):
        assert code in rendered
    assert rendered.count("\n") == PAGE.count("\n")


@pytest.mark.parametrize("call, message", [
    ('{{ unknown("x") }}', "unknown procedure 'x'. Known: activate."),
    ("{{ gret() }}", "unknown macro 'gret'. Did you mean 'greet'? Macros: greet, unknown"),
    ('{{ greet("you" }}', "template syntax"),
])
def test_an_error_names_the_line_in_the_source_file(call, message):
    with pytest.raises(RenderError) as raised:
        render(PAGE.replace("LAST", call), first_line=4)  # three lines of front matter before
    assert raised.value.line == PAGE.splitlines().index("LAST") + 4
    assert message in raised.value.message


def test_pages_without_macros_true_are_detected_only_outside_code():
    assert uses_macros("text {{ x }}")
    assert not uses_macros("```\n{{ x }}\n```\nand `{{ y }}`")


def test_data_text_is_neutralised_inside_markdown_headings():
    assert markdown_text("<b>*x*</b> {#id}") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &#123;&#35;id&#125;"
    assert markdown_text("l'assistance \"x\"") == "l'assistance \"x\"", "quotes need no escaping in text"


@pytest.mark.parametrize("target, current, anchor, href", [
    ("activate/", "", None, "activate/"),
    ("", "activate/", None, "../"),
    ("csp/", "activate/", "x", "../csp/#x"),
    ("activate/", "activate/", "steps", "./#steps"),
])
def test_links_between_pages_are_relative(target, current, anchor, href):
    assert page_href(target, current, anchor) == href


@pytest.mark.parametrize("call, message", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "access to attribute '__init__'"),
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ greet.__globals__ }}", "access to attribute '__globals__'"),
    ("{{ 'x' * 10**9 }}", "too large for a page"),
    ("{{ 10 ** 10 ** 9 }}", "too large for a page"),
    ("{{ range(1000000) | list }}", "Range too big"),
])
def test_page_templates_cannot_reach_python_and_fail_on_their_line(call, message):
    with pytest.raises(RenderError) as raised:
        render(PAGE.replace("LAST", call), first_line=4)
    assert raised.value.line == PAGE.splitlines().index("LAST") + 4, raised.value.message
    assert message in raised.value.message


def test_small_arithmetic_and_repetition_still_work():
    assert "xxx 8 hello you" in render("{{ 'x' * 3 }} {{ 2 ** 3 }} {{ greet('you') }}")


def test_a_page_reaching_python_fails_the_build_with_page_and_line(tmp_path):
    from tests.site_build import build_site, copy_project

    copy_project(tmp_path)
    page = tmp_path / "content" / "ja" / "csp.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(len(lines) - 1, "{{ cycler.__init__.__globals__.os.popen('touch " + str(tmp_path / "ran") + "').read() }}")
    page.write_text("\n".join(lines), encoding="utf-8")
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    assert done.returncode != 0 and not (tmp_path / "ran").exists()
    assert f"guide: content/ja/csp.md:{len(lines) - 1}: unknown macro 'cycler'." in done.stderr, done.stderr
    assert "'function' object" not in done.stderr, "the unknown name is the problem, not what its stand-in lacks"


def test_a_macro_reaching_python_fails_the_build_with_page_and_line(tmp_path):
    """...and with it every other page's problem, in one report without MkDocs' own
    "Error reading page" line (the plugin reports the pages' problems after the last one)."""
    from tests.site_build import build_site, copy_project

    copy_project(tmp_path)
    page = tmp_path / "content" / "csp.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(len(lines) - 1, "{{ heading.__globals__['os'].popen('touch " + str(tmp_path / "ran") + "').read() }}")
    page.write_text("\n".join(lines), encoding="utf-8")
    other = tmp_path / "content" / "activate.md"
    other.write_text(other.read_text(encoding="utf-8").replace('benefit_name("product-support")', 'benefit_name("product-suport")'),
                     encoding="utf-8")
    done = build_site(tmp_path / "site", config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    assert done.returncode != 0 and not (tmp_path / "ran").exists()
    assert (f"guide: content/csp.md:{len(lines) - 1}: not allowed in a page: access to attribute '__globals__' of "
            "'function' object is unsafe.") in done.stderr, done.stderr
    assert "guide: 2 problems in the 'en' pages; nothing was built" in done.stderr, done.stderr
    assert "content/activate.md:7: unknown benefit 'product-suport'" in done.stderr and "Error reading page" not in done.stderr
