"""What the build checks in the pages, done without MkDocs: `python -m checker check`.

For each language of data/languages.yml and each of its pages (a draft language's
missing pages built from the source pages, as the build does): the macro calls, with
every failing one named by line; the links and their anchors; figures typed into the
prose; the pages and anchors that sections.yml names; the nav's section titles; the
pages a complete language lacks. Rendering follows the build's own code
(sitebuild/pages/macros.py, sitebuild/pages/macro_check.py), so the two cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import markdown as python_markdown
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from checker.problems import did_you_mean
from sitebuild.pages import csp
from sitebuild.pages import decision_pages
from sitebuild.pages import languages as site_i18n
from sitebuild.pages.fallback import BANNER_KEYS, TITLE_KEY, missing_banner_words
from sitebuild.source.findings import Finding
from sitebuild.pages.links import PageLinks, anchors_in, broken_links, links_in
from sitebuild.pages.macro_check import render_collecting
from sitebuild.pages.macros import Macros, PageContext
from sitebuild.pages.prose_figures import typed_figures
from sitebuild.pages.render import make_environment, uses_macros, without_code
from sitebuild.source.project import PageLayout, plugin_options
from sitebuild.source.site_data import SiteData
from sitebuild.pages.stale_marks import TEXT_KEY as STALE_TEXT, TITLE_KEY as STALE_TITLE


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    docs: Path
    extensions: list
    extension_configs: dict
    nav: list
    layout: PageLayout  # the guide plugin's options that name pages and configs (the defaults when wrong)
    layout_problem: str | None = None  # why the guide plugin's options that name them are wrong


def read_site_config(config_file: Path) -> SiteConfig:
    """The parts of mkdocs.yml the checks need (read with MkDocs' own YAML loader)."""
    with open(config_file, encoding="utf-8") as stream:
        config = yaml_load(stream) or {}
    extensions, configs = ["toc", "tables"], {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name not in extensions:
            extensions.append(name)
        configs[name] = options or {}
    root = config_file.parent
    try:
        layout, problem = PageLayout.of(plugin_options(config, "guide") or {}), None
    except ValueError as error:
        layout, problem = PageLayout(), str(error)
    return SiteConfig(root, root / config.get("docs_dir", "docs"), extensions, configs, config.get("nav") or [],
                      layout, problem)


def check_pages(config_file: Path, data: SiteData, used: set[str] | None = None) -> list[Finding]:
    """Every problem the build would find in the pages, in every language; `used`
    collects the page-strings keys the pages asked for."""
    site = read_site_config(config_file)
    if site.layout_problem:
        return [Finding(config_file.name, 0, site.layout_problem)]
    # The pages are checked as the build renders them: with the pages and configs this
    # config's guide plugin names, whatever the data was read with.
    data = replace(data, folders=replace(data.folders, layout=site.layout))
    programme = data.programme
    findings = _site_findings(site, data)
    used = set() if used is None else used
    for language in programme.languages:
        findings += _language_findings(site, data, language.id, used)
    for path in sorted(site.docs.rglob("*.md")):
        findings += typed_figures(programme, _shown(site, path), path.read_text(encoding="utf-8"))
    return sorted(set(findings))


def _shown(site: SiteConfig, path: Path) -> str:
    return path.relative_to(site.root).as_posix() if path.is_relative_to(site.root) else str(path)


def _site_findings(site: SiteConfig, data: SiteData) -> list[Finding]:
    programme = data.programme
    findings = [_split(problem) for problem in site_i18n.translation_problems(site.docs, programme.languages)]
    for lang in data.languages[1:]:
        config = site.layout.language_config_file(site.root / "mkdocs.yml", lang)
        if not config.is_file():
            findings.append(Finding(config.name, 0, f"is missing: data/languages.yml lists '{lang}' (the guide plugin's "
                                    f"language_config is '{site.layout.language_config}')."))
    strings_file = programme.files.get("page-strings", "data/page-strings.yml")
    for title in _nav_sections(site.nav):
        if title not in programme.page_strings:
            guess = did_you_mean(title, list(programme.page_strings))
            findings.append(Finding("mkdocs.yml", 0, f"the nav section '{title}' has no title in {strings_file}: "
                                    "name it by a key of that file and give the key a text in every language."
                                    + (f" Did you mean '{guess}'?" if guess else "")))
    drafts = [lang for lang in data.languages if data.is_draft(lang)]
    for key in missing_banner_words(programme) if drafts else ():
        findings.append(Finding(strings_file, 0, f"draft languages show a banner on untranslated pages: add '{key}'."))
    return findings


def _split(problem: str) -> Finding:
    file, _, message = problem.partition(" ")
    return Finding(file, 0, message)


def _nav_sections(items: list) -> list[str]:
    titles = []
    for item in items:
        if isinstance(item, dict):
            for title, children in item.items():
                if isinstance(children, list):
                    titles += [title, *_nav_sections(children)]
    return titles


def used_page_strings(config_file: Path, data: SiteData) -> set[str]:
    """The page-strings keys something shows: the pages' macros, the nav, the banners."""
    used = set(_nav_sections(read_site_config(config_file).nav)) | {TITLE_KEY, *BANNER_KEYS.values()} | {STALE_TITLE, STALE_TEXT}
    check_pages(config_file, data, used)
    return used


def _language_findings(site: SiteConfig, data: SiteData, lang: str, used: set[str]) -> list[Finding]:
    source = data.source_language
    others = set(data.languages[1:])
    folder = site.docs if lang == source else site.docs / lang
    pages = {page: folder / page for page in site_i18n.pages_of(folder, skip=others if lang == source else set())}
    if data.is_draft(lang):
        pages = {**{p: site.docs / p for p in site_i18n.pages_of(site.docs, skip=others)}, **pages}
    converter = python_markdown.Markdown(extensions=site.extensions, extension_configs=site.extension_configs)
    findings, linked = [], {}
    plan = _decision_plan(site, data, pages, findings)
    urls = frozenset({_page_url(src) for src in pages} | {case.url for case in (plan.cases if plan else [])})
    for src, path in sorted(pages.items()):
        page_findings, linked[src] = _page(site, data, lang, src, path, converter, used, plan, urls)
        findings += page_findings
    index_shown = _shown(site, pages[plan.index_src]) if plan and plan.index_src in pages else ""
    findings += _case_findings(data, lang, plan, used, index_shown)
    findings += broken_links(linked, _other_files(folder, others if lang == source else set()))
    findings += _section_findings(data, lang, linked)
    return findings


def _other_files(folder: Path, skip: set[str]) -> set[str]:
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"}
    return {f for f in found if f.split("/")[0] not in skip}


def _decision_plan(site: SiteConfig, data: SiteData, pages: dict[str, Path], findings: list[Finding]):
    """The decision table's case pages of this language, as the build makes them."""
    try:
        return decision_pages.plan_of_pages(((src, path.read_text(encoding="utf-8")) for src, path in sorted(pages.items())),
                                            data.programme, data.decision_rows())
    except ValueError as error:
        findings.append(Finding(_shown(site, site.docs), 0, str(error)))
        return None


def _case_findings(data: SiteData, lang: str, plan, used: set[str], index_shown: str) -> list[Finding]:
    """The generated case pages' macros, rendered as the build renders them."""
    # One data mistake shows on most case pages: each message is said once, with where.
    pages_by_problem: dict[tuple[int, str], list[str]] = {}
    for case in plan.cases if plan else []:
        src = decision_pages.case_src(case)
        context = PageContext(data, lang, case.url, src, decision_plan=plan)
        rendered = render_collecting(make_environment(), f"{{{{ decision_case({case.number}) }}}}\n", src,
                                     Macros(context).functions())
        for line, message in rendered.problems:
            pages_by_problem.setdefault((line, message), []).append(case.url)
        used |= context.words_used
    findings = []
    for (line, message), urls in pages_by_problem.items():
        where = urls[0] if len(urls) == 1 else f"{urls[0]} and {len(urls) - 1} more"
        findings.append(Finding(f"{index_shown or plan.index_src} (case page{'s' if len(urls) > 1 else ''} {where})", line, message))
    return findings


def _page(site: SiteConfig, data: SiteData, lang: str, src: str, path: Path, converter, used: set[str],
          plan=None, urls: frozenset[str] | None = None) -> tuple[list[Finding], PageLinks]:
    shown = _shown(site, path)
    source = path.read_text(encoding="utf-8")
    body, meta = get_data(source)
    first_line = source[: len(source) - len(body)].count("\n") + 1 if source.endswith(body) else 1
    links = PageLinks(shown)
    findings = []
    stash: list[str] = []
    if meta.get("macros"):
        context = PageContext(data, lang, _page_url(src), src, decision_plan=plan, pages=urls)
        rendered = render_collecting(make_environment(), body, shown, Macros(context).functions(), first_line)
        findings += [Finding(shown, line, message) for line, message in rendered.problems]
        prose, links.links, stash = rendered.prose, rendered.links, context.stash
        used |= context.words_used
    else:
        if uses_macros(body):
            findings.append(Finding(shown, first_line, "has {{ ... }} but no 'macros: true' in its front matter; they would show as text."))
        prose = without_code(body)
        links.links = [(n, t) for n, t in links_in(prose, first_line) if "{" not in t]
    converter.reset()
    html = converter.convert(prose)
    links.anchors = anchors_in(html) | anchors_in("".join(stash))
    findings += [Finding(shown, 0, f"has {problem}, which the pages' Content-Security-Policy blocks.") for problem in csp.problems(html)]
    return findings, links


def _page_url(src: str) -> str:
    """'index.md' -> '', 'activate.md' -> 'activate/', 'writers/index.md' -> 'writers/'."""
    stem = re.sub(r"(^|/)index\.md$", r"\1", src)
    return stem[:-3] + "/" if stem.endswith(".md") else stem


def _section_findings(data: SiteData, lang: str, linked: dict[str, PageLinks]) -> list[Finding]:
    findings = []
    sections_file = data.programme.files.get("sections", "data/sections.yml")
    by_url = {_page_url(src): page for src, page in linked.items()}
    for section in data.programme.sections:
        page = by_url.get(section.page)
        if page is None:
            findings.append(Finding(sections_file, _line(data, "sections", section.id), f"section '{section.id}' names page "
                                    f"'{section.page}', which the '{lang}' site does not have."))
        elif section.anchor and section.anchor not in page.anchors:
            findings.append(Finding(page.file, 0, f"has no heading with the anchor '#{section.anchor}' that {sections_file} "
                                    f"names; write {{{{ heading('{section.id}') }}}}."))
    return findings


def _line(data: SiteData, key: str, record_id: str) -> int:
    file = data.programme.files.get(key, "")
    records = getattr(data.programme, key)
    index = next((i for i, r in enumerate(records) if r.id == record_id), 0)
    found = data.locations.get(file, {}).get(f"{key}[{index}]")
    return int(found[0]) if found else 0
