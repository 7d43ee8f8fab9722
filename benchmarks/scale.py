"""Scale: validation, proof and full-build time for a programme 1x, 2x, 5x, 10x the real data.

    .venv/bin/python benchmarks/scale.py            # prints a table; ratios against 1x measured in the same run
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from checker import load  # noqa: E402
from checker.index import index_of  # noqa: E402
from sitebuild.rules.proof import prove  # noqa: E402
from sitebuild.source.yaml_source import read_data_dir  # noqa: E402
from tests.site_build import PROJECT_PARTS, copy_project  # noqa: E402
from synthetic import scaled  # noqa: E402

FACTORS = (1, 2, 5, 10)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def site_build_seconds(documents: dict) -> float | None:
    """Builds the full site with the scaled data in a copy of the project; None without a site."""
    if not (ROOT / "mkdocs.yml").exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project", [part for part in PROJECT_PARTS if part != "data"])
        (project / "data").mkdir()
        for name, content in documents.items():
            (project / "data" / Path(name).name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
                              cwd=project, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            print(f"scale: the {len(documents)}-file build failed:\n{done.stderr[-1500:]}", file=sys.stderr)
            return float("nan")
        return elapsed


def main() -> None:
    base_docs, _ = read_data_dir(ROOT / "data")
    rows = []
    for k in FACTORS:
        docs = scaled(base_docs, k)
        size = sum(len(json.dumps(d, ensure_ascii=False)) for d in docs.values())
        load_s, programme = timed(lambda: load(docs))
        proof_s, proof = timed(lambda: prove(index_of(programme)))
        assert proof.ok, proof.failures[:3]
        rows.append((k, size, len(proof.rows), load_s, proof_s, site_build_seconds(docs)))
    base = rows[0]
    print("| size | data bytes | answer paths | validation ms | × 1x | proof ms | × 1x | full build s | × 1x |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k, size, paths, load_s, proof_s, build_s in rows:
        build = "n/a" if build_s is None else f"{build_s:.2f} | {build_s / base[5]:.1f}"
        print(f"| {k}x | {size} | {paths} | {load_s * 1000:.0f} | {load_s / base[3]:.1f} | "
              f"{proof_s * 1000:.0f} | {proof_s / base[4]:.1f} | {build if build_s is not None else 'n/a | n/a'} |")
    exploded = scaled(base_docs, 10, explode=True)
    started = time.perf_counter()
    proof = prove(index_of(load(exploded)), limit=200_000)
    print(f"\n10x with every extra question on every path: stopped after {time.perf_counter() - started:.1f} s: "
          f"{proof.failures[0] if proof.failures else 'no limit reached'}")


if __name__ == "__main__":
    main()
