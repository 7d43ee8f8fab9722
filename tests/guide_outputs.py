"""The command outputs the writers' guide quotes, produced again on a copy of the project.

A quoted output in content/writers/ or content/ja/writers/ is a console block right
after a marker naming the state of the project it was recorded in:

    <!-- output: gold-25 -->
    ```console
    $ .venv/bin/python -m checker check
    ...what it printed...
    ```

tests/guide_outputs.yml defines each state as edits to a copy of the project. The test
(tests/test_guide_outputs.py) runs each block's commands in its state and compares
what they print, timings, rule versions and temporary paths aside. After a change that
moves an output, record them again:

    .venv/bin/python -m tests.guide_outputs --write
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.site_build import PROJECT_PARTS, copy_project

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "content" / "writers").glob("*.md")) + sorted((ROOT / "content" / "ja" / "writers").glob("*.md"))
STATES = Path(__file__).with_name("guide_outputs.yml")
BLOCK = re.compile(r"^<!-- output: (?P<state>[\w-]+) -->\n```console\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
PARTS = [*PROJECT_PARTS, "schemas", "tests"]
VARYING = [(re.compile(r"\b\d+ ms\b"), "N ms"), (re.compile(r"\b\d+\.\d+ s\b"), "N s"),
           (re.compile(r"\(rules [0-9a-f]{12}\)"), "(rules X)"), (re.compile(r"/tmp/\S+"), "/tmp/X")]


@dataclass(frozen=True)
class Block:
    page: Path
    state: str
    body: str  # the block as written: "$ command" lines, each followed by its output
    start: int  # offset of the body in the page

    @property
    def commands(self) -> list[tuple[str, list[str]]]:
        found: list[tuple[str, list[str]]] = []
        for line in self.body.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
        return found


def blocks(pages: list[Path] = PAGES) -> list[Block]:
    found = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found += [Block(page, m["state"], m["body"], m.start("body")) for m in BLOCK.finditer(text)]
    return found


def project_in(state: str, folder: Path) -> Path:
    """A copy of the project in the named state of tests/guide_outputs.yml."""
    copy_project(folder, PARTS)
    (folder / ".venv").symlink_to(ROOT / ".venv")
    _commit(folder)  # `checker diff` compares with the last commit, as in a writer's clone
    states = yaml.safe_load(STATES.read_text(encoding="utf-8"))
    for edit in _edits(states, state):
        _apply(folder, edit)
    return folder


def _commit(folder: Path) -> None:
    git = ["git", "-c", "user.name=writer", "-c", "user.email=writer@example.com", "-c", "commit.gpgsign=false"]
    (folder / ".gitignore").write_text(".venv\nsite/\n.site-*/\n*.po\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "the project as it is"]):
        subprocess.run([*git, *command], cwd=folder, check=True, capture_output=True)


def _edits(states: dict, state: str) -> list[dict]:
    if state not in states:
        raise KeyError(f"no state '{state}' in {STATES.name}: add it (its edits to the project) there")
    edits = []
    for edit in states[state] or []:
        edits += _edits(states, edit["include"]) if "include" in edit else [edit]
    return edits


def _apply(folder: Path, edit: dict) -> None:
    if "fixture" in edit:
        from tests.test_site_draft_language import add_german

        assert edit["fixture"] == "draft-language", edit
        add_german(folder)
        return
    path = folder / edit["file"]
    if edit.get("delete"):
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    if "append" in edit:
        path.write_text(text + edit["append"], encoding="utf-8")
        return
    start = text.index(edit["after"]) if "after" in edit else 0
    assert edit["old"] in text[start:], f"{edit['old']!r} not in {edit['file']}"
    head, tail = text[:start], text[start:]
    tail = tail.replace(edit["old"], edit["new"]) if edit.get("all") else tail.replace(edit["old"], edit["new"], 1)
    path.write_text(head + tail, encoding="utf-8")


def run(command: str, project: Path) -> list[str]:
    """What `command` prints (stdout and stderr, as a terminal shows them) in `project`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
    env.pop("CI", None)
    done = subprocess.run(["bash", "-c", command], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, env=env)
    return done.stdout.replace(str(project), ".").rstrip("\n").split("\n") if done.stdout.strip() else []


def normalised(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for pattern, replacement in VARYING:
            line = pattern.sub(replacement, line)
        out.append(line)
    return out


def produce(block: Block, folder: Path) -> list[tuple[str, list[str]]]:
    project = project_in(block.state, folder)
    return [(command, run(command, project)) for command, _ in block.commands]


def written(outputs: list[tuple[str, list[str]]]) -> str:
    return "".join(f"$ {command}\n" + "".join(line + "\n" for line in lines) for command, lines in outputs)


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description="Record the writers' guide's command outputs again.")
    parser.add_argument("--write", action="store_true", help="rewrite the blocks in the pages")
    args = parser.parse_args()
    recorded: dict[tuple[str, str], str] = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in reversed(blocks([page])):
            key = (block.state, "\n".join(c for c, _ in block.commands))
            if key not in recorded:
                with tempfile.TemporaryDirectory() as tmp:
                    recorded[key] = written(produce(block, Path(tmp)))
            text = text[: block.start] + recorded[key] + text[block.start + len(block.body):]
        if args.write:
            page.write_text(text, encoding="utf-8")
        print(f"{page.relative_to(ROOT)}: {len(blocks([page]))} outputs {'written' if args.write else 'produced'}")


if __name__ == "__main__":
    sys.exit(main())
