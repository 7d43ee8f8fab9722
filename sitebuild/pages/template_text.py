"""Text in the theme's templates: every value escaped exactly once, in every context.

MkDocs renders the theme without autoescaping, so each value decides for itself:
- data strings that reach a template raw (nav section titles, the language names of
  the switcher) are escaped by the plugin and marked as HTML (`Markup`), so a
  template's own `| e` leaves them alone;
- page titles are already HTML (the heading's text, entities and all): escaped in
  full and marked as such, the footer's `aria-label="{{ title | e }}"` no longer
  escapes them twice, nor lets a quote end the attribute;
- `striptags` un-escapes (`&lt;/title&gt;` becomes `</title>` inside `<title>`):
  the theme gets a `striptags` that strips the tags and escapes the text again;
- front-matter titles and descriptions, site_name and site_description go into
  `<title>` and attributes as they are: they are escaped too.
"""

from __future__ import annotations

from markupsafe import Markup, escape

TEXT_SETTINGS = ("site_name", "site_description")
PAGE_META_TEXT = ("title", "description")


def as_html(text: str) -> Markup:
    """Plain text as HTML (escaped once); HTML already marked as such is kept."""
    return escape(text)


def striptags_escaped(value: object) -> Markup:
    """Jinja's striptags (tags removed, entities decoded, spaces collapsed), escaped again."""
    return escape(Markup(str(value)).striptags())


def mark_titles_as_html(pages: list) -> None:
    """Page titles come from rendered headings: element content, with `<>&` escaped but
    quotes as they are. Re-escaped in full and marked as HTML, they are right in
    attributes too, and a template's `| e` does not escape them twice."""
    for page in pages:
        title = page.title
        if isinstance(title, str) and not isinstance(title, Markup):
            page.title = escape(Markup(title).unescape())


def escape_page_meta(meta: dict) -> None:
    for key in PAGE_META_TEXT:
        if isinstance(meta.get(key), str):
            meta[key] = as_html(meta[key])


def escape_settings(config) -> None:
    for key in TEXT_SETTINGS:
        if isinstance(config.get(key), str):
            config[key] = as_html(config[key])
