"""Writes translated texts into the data files in place, keeping everything else as is.

A translator's import must not reformat a writer's YAML (comments, order, quoting,
flow or block style). So the file is composed (not loaded) to find where each text's
language value starts and ends, and only those characters are replaced; a language a
text lacks is added beside the others, in the mapping's own style.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sitebuild.source.yaml_source import _SafeLoader


def set_texts(path: Path, changes: list[tuple[tuple, str, str]]) -> None:
    """Apply (path of a text mapping in the file, language, new text) to the file."""
    source = path.read_text(encoding="utf-8")
    root = yaml.compose(source, Loader=_SafeLoader)
    edits = [_edit(source, _node_at(root, where), lang, text) for where, lang, text in changes]
    for start, end, replacement in sorted(edits, reverse=True):
        source = source[:start] + replacement + source[end:]
    path.write_text(source, encoding="utf-8")


def _node_at(node: yaml.Node, where: tuple) -> yaml.MappingNode:
    for step in where:
        if isinstance(node, yaml.SequenceNode):
            node = node.value[step]
        else:
            node = next(value for key, value in node.value if key.value == str(step))
    if not isinstance(node, yaml.MappingNode):
        raise ValueError(f"{where} is not a text in each language")
    return node


def _edit(source: str, mapping: yaml.MappingNode, lang: str, text: str) -> tuple[int, int, str]:
    quoted = json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar
    for key, value in mapping.value:
        if key.value == lang:
            return value.start_mark.index, value.end_mark.index, quoted
    if mapping.flow_style:
        close = source.rindex("}", 0, mapping.end_mark.index)
        return close, close, f", {lang}: {quoted}"
    last = mapping.value[-1][1]
    end = last.end_mark.index if last.end_mark.column else last.end_mark.index - 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    indent = " " * mapping.value[0][0].start_mark.column
    return line_end, line_end, f"\n{indent}{lang}: {quoted}"
