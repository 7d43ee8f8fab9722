"""Text growth: what a build costs as the data's texts grow, at 1x and 10x added text.

Every 25th text of every language gets N added characters; the site is built in a
copy of the project, and the build's output bytes, peak memory and wall time are set
against the data's bytes. tests/test_bounded_work.py asserts the deterministic ratios
(output and memory); wall time is only printed here, as a ratio table.

    .venv/bin/python benchmarks/text_growth.py      # 0x, 1x (150 characters) and 10x (1,500)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sitebuild.source.yaml_source import read_data_dir  # noqa: E402
from tests.site_build import PROJECT_PARTS, copy_project  # noqa: E402

EVERY = 25
ADDED = (0, 150, 1500)  # the longest real text is under 250 characters, the limit 2,000
WORDS = "support incident portal partner benefit "  # no braces: page strings' placeholders stay intact
# The build in a child process that reports its own peak memory (RUSAGE_SELF: this build only).
MEASURED_BUILD = """
import resource, sys
from mkdocs.__main__ import cli
try:
    sys.argv = ["mkdocs", "build", "-q", "-d", sys.argv[1]]
    cli()
except SystemExit as done:
    if done.code:
        raise
finally:
    print("peak-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


@dataclass(frozen=True)
class Measure:
    added: int  # characters added to each chosen text
    text_bytes: int  # bytes added to the data's texts, all languages
    output_bytes: int
    decision_table_bytes: int  # the decision-table pages, every language
    peak_kb: int
    seconds: float


def write_project(project: Path, added: int) -> int:
    """A copy of the project whose every EVERY-th text holds `added` more characters;
    returns the bytes added to the texts (all languages)."""
    copy_project(project, [part for part in PROJECT_PARTS if part != "data"])
    documents, _ = read_data_dir(ROOT / "data")
    languages = {language["id"] for language in documents["data/languages.yml"]["languages"]}
    counter = [0, 0]  # texts seen, bytes added
    (project / "data").mkdir()
    for name, content in documents.items():
        # The glossary's labels stay as the portals show them: texts name them, so a longer
        # label would grow every text that names it (a limit the loader enforces).
        kept = name.endswith(("translations.yml", "glossary.yml"))
        grown = content if kept else _grow(content, languages, added, counter)
        (project / "data" / Path(name).name).write_text(json.dumps(grown, ensure_ascii=False), encoding="utf-8")
    if added:
        for lang in sorted(languages - {"en"}):
            subprocess.run([sys.executable, "-m", "checker", "i18n", "--accept", lang, "--all", "--data", str(project / "data")],
                           cwd=project, check=True, capture_output=True)
    return counter[1]


def _grow(value: object, languages: set[str], added: int, counter: list[int]) -> object:
    if isinstance(value, dict) and value and set(value) <= languages and all(isinstance(v, str) for v in value.values()):
        counter[0] += 1
        if counter[0] % EVERY or not added:
            return value
        extra = " " + (WORDS * (added // len(WORDS) + 1))[: added - 1]
        counter[1] += len(extra) * len(value)
        return {lang: text + extra for lang, text in value.items()}
    if isinstance(value, dict):
        return {key: _grow(item, languages, added, counter) for key, item in value.items()}
    if isinstance(value, list):
        return [_grow(item, languages, added, counter) for item in value]
    return value


def measure(project: Path, added: int, text_bytes: int) -> Measure:
    site = project / "site"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURED_BUILD, str(site)], cwd=project, capture_output=True,
                          text=True, timeout=900)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the build with {added} added characters failed:\n{done.stderr[-3000:]}")
    peak = int(done.stderr.rsplit("peak-kb ", 1)[1].split()[0])
    tables = sum(p.stat().st_size for p in site.rglob("decision-table/**/*.html"))
    return Measure(added, text_bytes, _bytes(site), tables, peak, seconds)


def build_with_added_text(added: int, work: Path) -> Measure:
    project = work / f"added-{added}"
    project.mkdir()
    return measure(project, added, write_project(project, added))


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        runs = [build_with_added_text(added, Path(tmp)) for added in ADDED]
    base = runs[0]
    print("| added per text | text added KB | output MB | of it decision table MB | peak MB | build s | "
          "output growth / text added | time ratio to 0x |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for run in runs:
        ratio = f"{(run.output_bytes - base.output_bytes) / run.text_bytes:.1f}" if run.text_bytes else "-"
        print(f"| {run.added} | {run.text_bytes / 1000:.0f} | {run.output_bytes / 1e6:.1f} | {run.decision_table_bytes / 1e6:.1f} | "
              f"{run.peak_kb / 1000:.0f} | {run.seconds:.1f} | {ratio} | {run.seconds / base.seconds:.2f} |")


if __name__ == "__main__":
    main()
