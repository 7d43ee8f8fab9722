"""Preview: from a saved edit to the changed page served by `mkdocs serve`.

    .venv/bin/python benchmarks/preview.py [--repeat 3]

On a copy of the project, for each kind of edit (a word of English prose, of Japanese
prose, a figure in data/), saves the file and polls the served page until it shows
the edit; each edit is made REPEAT times and the median is reported. Run once with
incremental rebuilds (sitebuild/plugin/preview.py) and once with GUIDE_FULL_REBUILDS=1 (every
language rebuilt on every save, as before), in the same run, so the ratio compares
like with like. Targets: prose ≤ 1 s, data ≤ 2 s.

Beside the wall time, the CPU time the server process spent from the save to the
served page (from /proc, user + system): on a shared, busy machine the wall time
mostly measures the other processes, the CPU time what the rebuild itself costs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.site_build import copy_project  # noqa: E402

TARGETS = {"prose (en)": 1.0, "prose (ja)": 1.0, "data": 2.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


class Serve:
    def __init__(self, project: Path, full: bool):
        self.url = f"http://127.0.0.1:{free_port()}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("GUIDE_FULL_REBUILDS", None)
        if full:
            env["GUIDE_FULL_REBUILDS"] = "1"
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", self.url[7:-1]], cwd=project, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.process.stdout), daemon=True).start()

    def cpu(self) -> float:
        """CPU seconds the server has used so far (its own and its finished children's)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def wait_for(self, page: str, text: str, timeout: float = 120) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if text in fetch(self.url + page):
                return time.perf_counter() - started
            time.sleep(0.05)  # each poll costs the server a little CPU too
        raise RuntimeError(f"timed out waiting for {text!r} on /{page}:\n" + "".join(self.log[-30:]))

    def wait_until_gone(self, page: str, text: str, timeout: float = 120) -> None:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            served = fetch(self.url + page)
            if "</html>" in served and text not in served:
                return
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {text!r} to leave /{page}:\n" + "".join(self.log[-30:]))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def edits(project: Path, number: int) -> dict[str, tuple[Path, str | None, str, str, str]]:
    """kind -> (file, old text (None: append), new text, page, what the page then shows)."""
    return {
        "prose (en)": (project / "content/activate.md", None, f"\nPreview marker {number}.\n", "activate/", f"Preview marker {number}."),
        "prose (ja)": (project / "content/ja/activate.md", None, f"\nプレビュー {number}。\n", "ja/activate/", f"プレビュー {number}。"),
        "data": (project / "data/tiers.yml", "incidents: 20", f"incidents: {30 + number}", "entitlements/", f"{30 + number} incidents"),
    }


def measure(project: Path, full: bool, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    server = Serve(project, full)
    times: dict[str, list[float]] = {kind: [] for kind in TARGETS}
    cpu: dict[str, list[float]] = {kind: [] for kind in TARGETS}
    try:
        server.wait_for("activate/", "</html>")
        for number in range(repeat):
            for kind, (path, old, new, page, shown) in edits(project, number).items():
                text = path.read_text(encoding="utf-8")
                time.sleep(0.3)  # let the watcher settle after the previous build
                before = server.cpu()
                path.write_text(text + new if old is None else text.replace(old, new, 1), encoding="utf-8")
                times[kind].append(server.wait_for(page, shown))
                cpu[kind].append(server.cpu() - before)
                path.write_text(text, encoding="utf-8")
                server.wait_until_gone(page, shown)  # the restoring save's build is served too
    finally:
        server.stop()
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        load = os.getloadavg()[0]
        incremental, incremental_cpu = measure(project, False, args.repeat)
        full, full_cpu = measure(project, True, args.repeat)
        load = max(load, os.getloadavg()[0])
    print(f"edit → changed page served, median of {args.repeat} (seconds; load average up to {load:.1f} on {os.cpu_count()} cores)")
    print("| edit | incremental: wall | CPU | every language rebuilt: wall | CPU | ratio (CPU) | target (wall) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, target in TARGETS.items():
        a, b = statistics.median(incremental[kind]), statistics.median(full[kind])
        ca, cb = statistics.median(incremental_cpu[kind]), statistics.median(full_cpu[kind])
        print(f"| {kind} | {a:.2f} | {ca:.2f} | {b:.2f} | {cb:.2f} | {cb / ca if ca else 0:.1f}× | "
              f"≤ {target:.0f} s {'ok' if a <= target else 'missed'} |")


if __name__ == "__main__":
    main()
