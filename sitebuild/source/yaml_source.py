"""Reads `data/*.yml` safely, keeping the line and column of every key and item.

Only plain YAML is accepted: mappings, lists, text, numbers, true/false. Tags such as
`!!python/object` are reported as problems, never constructed, and `yes`/`no` stay
text (they are option ids) instead of becoming booleans as in YAML 1.1.

Bounded: only regular files of at most MAX_FILE_BYTES are read (sitebuild/files/safe_files.py),
a file expands to at most MAX_NODES values (aliases included) and nests at most
MAX_DEPTH levels, and a number has at most MAX_DIGITS digits. Past a bound, the file
gets one problem that names which bound and where, and nothing more of it is read.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from checker.problems import DataErrors, Problem, dotted
from sitebuild.files.safe_files import UnreadableFile, read_regular_file
from sitebuild.source.default_strings import with_default_strings

STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null")}
MAX_FILE_BYTES = 1_000_000  # the largest real file is under 20 KB
MAX_NODES = 50_000  # values in one file, once aliases are expanded (they can make a small file enormous)
MAX_DEPTH = 60  # far deeper than any real data file; deeper input is hostile or broken
MAX_DIGITS = 15  # the data's numbers are counts of incidents


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader whose booleans are only true/false (libyaml's parser where PyYAML has
    it: reading the data is then five times faster, which a writer's preview feels)."""


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def read_data_dir(folder: Path, label: str | None = None) -> tuple[dict, dict]:
    """(documents, locations) of every `*.yml` in `folder`, with the widget's default words
    the project does not define (sitebuild/source/default_strings.py); DataErrors if any
    file is not valid YAML."""
    documents, locations, problems = {}, {}, []
    for path in sorted(folder.glob("*.yml")):
        name = f"{label or folder.name}/{path.name}"
        documents[name], locations[name] = read_file(path, name, problems)
    if not documents:
        problems.append(Problem(label or str(folder), (), "no .yml files found.", fix="Point --data at the folder holding the data files."))
    if problems:
        raise DataErrors(problems)
    return with_default_strings(documents, label or folder.name), locations


class _StopReading(Exception):
    """A file went past a bound: its one problem is recorded, nothing more is read."""


def read_file(path: Path, name: str, problems: list[Problem]) -> tuple[object, dict]:
    locations: dict[str, tuple[int, int]] = {}
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
        text = raw.decode("utf-8")
    except UnreadableFile as error:
        problems.append(Problem(name, (), f"'{path.name}' {error.message}", fix=error.fix))
        return None, locations
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        problems.append(Problem(name, (), f"the byte 0x{raw[error.start]:02X} is not UTF-8 text.", fix="Save the file as UTF-8.",
                                position=(raw.count(b"\n", 0, error.start) + 1, error.start - line_start + 1)))
        return None, locations
    try:
        loader = _SafeLoader(text)
        loader.name = name
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.append(Problem(name, (), f"not valid YAML: {error.problem or error.context}.",
                                fix="Check the indentation and quote text that starts with [ { : or contains ': '.",
                                position=(mark.line + 1, mark.column + 1) if mark else None))
        return None, locations
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(Problem(name, (), f"cannot be read: {error}.", fix="Save the file as UTF-8 YAML."))
        return None, locations
    except RecursionError:
        problems.append(Problem(name, (), "nested too deeply to read.", fix=f"Data files nest a few levels, not more than {MAX_DEPTH}."))
        return None, locations
    if node is None:
        return None, locations
    converter = _Converter(loader, name, locations, problems)
    try:
        return converter.convert(node, ()), locations
    except _StopReading:
        return None, locations


class _Converter:
    """Turns composed nodes into plain values, recording positions and refusing tags."""

    def __init__(self, loader, name, locations, problems):
        self.loader, self.name, self.locations, self.problems = loader, name, locations, problems
        self.visited = 0
        self.seen: set[int] = set()  # every node converted once: meeting one again is an alias
        self.repeats = 0  # values converted again through an alias
        self.open: set[int] = set()  # nodes being converted: an alias back to one of them is a cycle

    def convert(self, node: yaml.Node, path: tuple) -> object:
        self.visited += 1
        if id(node) in self.seen:
            self.repeats += 1
        self.seen.add(id(node))
        if self.visited > MAX_NODES:
            self._too_many_values(node, path)
        if id(node) in self.open:
            return self._problem(node, path, "this value contains itself: an alias (*name) inside it points back to "
                                             "its own anchor (&name).", "Remove that alias.")
        if len(path) > MAX_DEPTH:
            self._problem(node, path[:3] + ("…",), f"nested more than {MAX_DEPTH} levels deep; data files nest a few levels.",
                          "Check the indentation (or the brackets) of this part of the file.")
            raise _StopReading
        self.open.add(id(node))
        try:
            return self._convert(node, path)
        finally:
            self.open.discard(id(node))

    def _too_many_values(self, node: yaml.Node, path: tuple) -> None:
        if self.repeats:
            self._problem(node, path, f"aliases (*name) expand the file to more than {MAX_NODES:,} values: each alias "
                                      f"repeats its anchor's whole value.", "Write the values out, or use fewer aliases.")
        else:
            self._problem(node, path, f"the file holds more than {MAX_NODES:,} values; data files hold a few thousand.",
                          "Check that it is the file you meant, or split it.")
        raise _StopReading

    def _convert(self, node: yaml.Node, path: tuple) -> object:
        self.locations.setdefault(dotted(path), (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in STANDARD_TAGS:
            return self._problem(node, path, f"the tag '{node.tag}' is not allowed.", "Remove the tag; data files hold plain values only.")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag.endswith(":int") and len(node.value.lstrip("+-").replace("_", "")) > MAX_DIGITS:
            return self._problem(node, path, f"a number of {len(node.value):,} digits; numbers in data files have at "
                                             f"most {MAX_DIGITS}.", "Quote it if it is text.")
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as error:
            return self._problem(node, path, f"cannot read this value: {error}.")

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, path + ("(key)",)) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self._problem(key_node, path, "keys must be plain text.")
                continue
            key = str(key)
            self.locations[dotted(path + (key,))] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                self._problem(key_node, path + (key,), f"duplicate key '{key}'.", "Keep one of them; YAML would silently use the last.")
                continue
            result[key] = self.convert(value_node, path + (key,))
        self.locations.pop(dotted(path + ("(key)",)), None)
        return result

    def _problem(self, node: yaml.Node, path: tuple, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.name, path, message, fix=fix,
                                     position=(node.start_mark.line + 1, node.start_mark.column + 1)))
        return None
