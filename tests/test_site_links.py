"""Every internal link and anchor of the built site resolves, in every language."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(values[name])


def _parse(path: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _site_path(site: Path, page: Path, link: str) -> tuple[str, str] | None:
    """(path inside the site, fragment) of an internal link, None for external ones."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
        return None
    base = "/" if page.name == "404.html" else "/" + page.parent.relative_to(site).as_posix() + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else "/" + page.relative_to(site).as_posix()
    return target, unquote(parts.fragment)


def _file_of(site: Path, target: str) -> Path:
    path = site / target.lstrip("/")
    return path / "index.html" if path.is_dir() else path


def test_every_internal_link_and_anchor_resolves(built_site, programme):
    options = {q.id: {o.id for o in q.choices} for q in programme.questions}
    pages = sorted(built_site.rglob("*.html"))
    parsed = {page: _parse(page) for page in pages}
    broken = []
    for page, found in parsed.items():
        for link in found.links:
            resolved = _site_path(built_site, page, link)
            if resolved is None:
                continue
            target, fragment = resolved
            file = _file_of(built_site, target)
            if not file.is_file():
                broken.append(f"{page.relative_to(built_site)}: {link} -> missing {target}")
            elif "=" in fragment:  # the checker's answers (fragment.js), not a heading's anchor
                pairs = [part.partition("=") for part in fragment.split("&")]
                if any(set(value.split(",")) - options.get(key, set()) for key, _, value in pairs if key != "v"):
                    broken.append(f"{page.relative_to(built_site)}: {link} -> answers the checker does not offer")
            elif fragment and file.suffix == ".html" and fragment not in (parsed[file] if file in parsed else _parse(file)).ids:
                broken.append(f"{page.relative_to(built_site)}: {link} -> no #{fragment} in {target}")
    assert not broken, "\n".join(broken[:50])
    assert len(pages) >= 26  # 12 pages and a 404 page in each language


def test_the_language_switcher_links_to_the_same_page(built_site):
    switch = _parse(built_site / "ja/remaining-incidents/index.html")
    assert "../../remaining-incidents/" in switch.links
    switch = _parse(built_site / "remaining-incidents/index.html")
    assert "../ja/remaining-incidents/" in switch.links


def test_mkdocs_repeats_no_link_problem_the_check_reads_but_keeps_the_others():
    import logging

    from sitebuild.pages.links import CheckedLinks

    def shown(links: CheckedLinks, target: str) -> bool:
        message = f"Doc file 'index.md' contains a link '{target}', but the target '{target}' is not found among documentation files."
        return links.filter(logging.LogRecord("mkdocs.structure.pages", logging.WARNING, "", 0, message, None, None))

    links, source, other = CheckedLinks(), {"index.md": {"activat.md#roles"}}, {"index.md": set()}
    links.enter(source)
    assert not shown(links, "activat.md#roles") and shown(links, "raw-html.md")
    links.enter(other)  # a nested build: its own pages are in force
    assert shown(links, "activat.md#roles")
    links.leave(other)
    assert not shown(links, "activat.md#roles")
    links.leave(source)
    assert shown(links, "activat.md#roles")
