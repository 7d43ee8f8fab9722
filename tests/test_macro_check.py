"""Every failing macro call of a page, each with its line, and the shared look-up helper."""

from __future__ import annotations

import pytest

from sitebuild.pages.macro_check import render_collecting
from sitebuild.pages.macros import MacroError, check_choice
from sitebuild.pages.render import make_environment
from tests.test_site_render import MACROS

PAGE = """# Title

Text with {{ greet("you") }} and {{ unknown("x") }}.

```
{{ not_rendered }}
```

{{ gret("typo") }}
See [the page](page.md) and {{ link() }}.
"""


def test_every_failing_call_is_reported_with_its_line():
    macros = {**MACROS, "link": lambda: "[linked](other.md#part)"}
    page = render_collecting(make_environment(), PAGE, "content/page.md", macros, first_line=4)
    assert page.problems == [
        (6, "unknown procedure 'x'. Known: activate."),
        (12, "unknown macro 'gret'. Did you mean 'greet'? Macros: greet, link, unknown "
             "(see the writers' guide, macros page)."),
    ]
    assert "hello you" in page.markdown and "{{ not_rendered }}" in page.markdown
    assert page.links == [(13, "page.md"), (13, "other.md#part")]


def test_a_page_rendered_again_is_what_a_first_render_gives():
    """The environment keeps each page text's compiled template (the plugin keeps one
    environment under serve): a render of the same text again, with other macro results
    (a data edit), another first line, another file or other macros, gives exactly
    what a fresh environment gives."""
    env = make_environment()
    renders = [("content/page.md", {**MACROS, "link": lambda: "[a](one.md)"}, 4),
               ("content/page.md", {**MACROS, "link": lambda: "[b](two.md)"}, 4),
               ("content/page.md", {**MACROS, "link": lambda: ""}, 10),
               ("content/other.md", {**MACROS, "link": lambda: ""}, 4),
               ("content/page.md", {"greet": MACROS["greet"], "unknown": MACROS["unknown"]}, 4)]
    for name, macros, first_line in renders * 2:
        kept = render_collecting(env, PAGE, name, macros, first_line)
        fresh = render_collecting(make_environment(), PAGE, name, macros, first_line)
        assert (kept.markdown, kept.prose, kept.problems, kept.links) == (fresh.markdown, fresh.prose, fresh.problems, fresh.links)
    assert "[b](two.md)" in render_collecting(env, PAGE, *renders[1]).markdown


def test_the_look_up_helper_guesses_and_lists():
    with pytest.raises(MacroError) as raised:
        check_choice("product-suport", ["product-support", "signature-cloud-support"], "benefit", "data/benefits.yml")
    assert str(raised.value) == ("unknown benefit 'product-suport' (data/benefits.yml). Did you mean 'product-support'? "
                                 "Valid: product-support, signature-cloud-support.")
    check_choice("product-support", ["product-support"], "benefit", "data/benefits.yml")


def test_the_look_up_helper_names_the_closest_of_many():
    keys = [f"key-{n}" for n in range(100)] + ["column-role"]
    with pytest.raises(MacroError) as raised:
        check_choice("column-rol", keys, "page string", "data/page-strings.yml")
    assert "Did you mean 'column-role'?" in str(raised.value) and "101 are defined there" in str(raised.value)
