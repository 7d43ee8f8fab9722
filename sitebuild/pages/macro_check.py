"""Renders a page's macros the way the build does, and reports every failing call.

Jinja stops at the first error; a writer wants all of a page's problems at once. So
each macro is wrapped: a failure is recorded with the page line of the call and the
call gives an empty string, so rendering goes on. Unknown names are found in the
template before it runs, each with its line. The links in the prose and in what each
macro wrote are collected with their lines too (sitebuild/pages/links.py checks them).
Both `python -m checker check` and the build (sitebuild/plugin/mkdocs_plugin.py) use this.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from types import CodeType
from typing import Callable

import jinja2
from jinja2 import nodes

from sitebuild.pages.links import links_in
from sitebuild.pages.render import _put_code_back, _set_code_aside, describe_error

Lines = list[tuple[int, str]]  # (line in the page's file, text)


@dataclass
class RenderedPage:
    markdown: str  # the page with its macros rendered, code as written
    prose: str  # the same without code (what Markdown links are read from)
    problems: Lines = field(default_factory=list)  # every failing call, with its line
    links: Lines = field(default_factory=list)  # every Markdown link target, with its line


def render_collecting(env: jinja2.Environment, markdown: str, name: str, macros: dict[str, Callable],
                      first_line: int = 1) -> RenderedPage:
    """Render `markdown` (a page's body starting at `first_line` of file `name`)."""
    text, code = _set_code_aside(markdown)
    page = RenderedPage(markdown, text, links=[(n, t) for n, t in links_in(text, first_line) if "{" not in t])
    try:
        unknown, compiled = _compiled(env, text, name, frozenset(macros))
    except jinja2.TemplateSyntaxError as error:
        page.problems.append(((error.lineno or 1) + first_line - 1, f"template syntax: {error.message}"))
        return page
    calls = _with_unknown_names(unknown, macros, page, first_line)
    unknown_lines = {line for line, _ in page.problems}
    holder: dict = {}
    wrapped = {key: _recording(function, name, holder, page, first_line, list(macros)) for key, function in calls.items()}
    template = env.template_class.from_code(env, compiled, env.make_globals(wrapped), None)
    holder["template"] = template
    try:
        page.prose = template.render()
    except Exception as error:  # noqa: BLE001 - outside any macro call (a filter, an operator)
        line = _failing_line(error, name, first_line)
        if line not in unknown_lines:  # on a line with an unknown name, that name is the problem
            page.problems.append((line, describe_error(error, list(macros))))
    page.markdown = _put_code_back(page.prose, code)
    page.problems = sorted(set(page.problems))
    return page


KEPT_TEMPLATES = 1000  # pages' compiled texts kept per environment: every page, in several versions


def _compiled(env: jinja2.Environment, text: str, name: str, macros: frozenset[str]) -> tuple[Lines, CodeType]:
    """(the unknown names the text reads, with their template lines; the compiled template).
    Kept on the environment by text, file and macro names: a data edit renders every
    page's macros again, but a page whose text is unchanged is not parsed and compiled
    again (the plugin keeps one environment for the process). A syntax error is raised."""
    kept = env.__dict__.setdefault("guide_compiled_pages", {})
    key = (name, text, macros)
    if key not in kept:
        tree = env.parse(text, name=name, filename=name)
        stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx != "load"}
        unknown = [(node.lineno, node.name) for node in tree.find_all(nodes.Name)
                   if node.ctx == "load" and node.name not in stored and node.name not in macros]
        compiled = env.compile(tree, name=name, filename=name)
        while len(kept) >= KEPT_TEMPLATES:
            del kept[next(iter(kept))]
        kept[key] = (unknown, compiled)
    return kept[key]


def _with_unknown_names(unknown: Lines, macros: dict[str, Callable], page: RenderedPage, first_line: int) -> dict:
    """The macros, plus a silent stand-in for each unknown name (each reported with its line)."""
    calls = dict(macros)
    for line, unknown_name in unknown:
        message = describe_error(jinja2.UndefinedError(f"'{unknown_name}' is undefined"), list(macros))
        page.problems.append((line + first_line - 1, message))
        calls[unknown_name] = _silent
    return calls


def _silent(*args, **kwargs) -> str:
    return ""


def _recording(function: Callable, name: str, holder: dict, page: RenderedPage, first_line: int, names: list[str]) -> Callable:
    def call(*args, **kwargs):
        line = _calling_line(name, holder, first_line)
        try:
            output = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failing call is the writer's to fix
            page.problems.append((line, describe_error(error, names)))
            return ""
        if isinstance(output, str):
            page.links += [(line, target) for _, target in links_in(output)]
        return output
    return call


def _failing_line(error: Exception, name: str, first_line: int) -> int:
    """The page line of the template code that raised `error` (Jinja has rewritten the
    traceback: the template's frames carry its own line numbers)."""
    traceback, line = error.__traceback__, None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == name:
            line = traceback.tb_lineno + first_line - 1
        traceback = traceback.tb_next
    return line or first_line


def _calling_line(name: str, holder: dict, first_line: int) -> int:
    """The page line of the template code that is calling a macro now."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != name:
        frame = frame.f_back
    if frame is None or "template" not in holder:
        return first_line
    return holder["template"].get_corresponding_lineno(frame.f_lineno) + first_line - 1
