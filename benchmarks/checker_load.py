"""The in-page checker on a real network: bytes, load and answer times, against a naive baseline.

    .venv/bin/python benchmarks/checker_load.py [--site DIR] [--runs N] [--quick]

Serves a built site (default: the real site, built now with `mkdocs build`) the way a
static host that serves the precompressed siblings does (tests/browser.py), adds
`baseline/` (Pyodide on the main thread with its whole standard library, then the
wheel, then one evaluate: benchmarks/checker_baseline.js) and drives Debian's Chromium.
Prints ONE table: each measure, the baseline's where there is one, the goal of issue 11
and whether it is met. Times are medians of N runs, each in a fresh browser profile on
disk (a reader's first visit); "warm" is the same profile on a later visit (HTTP cache
and the checker's memory snapshot); "from another page" opens the home page, reads for
5 s (the service worker fetches the checker meanwhile), then opens the checker.

Throttled rows use DevTools (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate)
on the page, whose worker's requests it covers. The breakdown of a cold start comes
from the worker's own marks (download of the wasm, its compile, Python's start-up,
the wheel, the rules, the first answer).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sitebuild.bundle.layout import ASSETS, runtime_dir  # noqa: E402
from sitebuild.site.checker_preview import write_page  # noqa: E402
from tests.conftest import FOLDERS, PYODIDE  # noqa: E402
from sitebuild.files.precompress import precompress_file  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve  # noqa: E402

ANSWERS = "membership=gold&competencies=security,data-analytics&product=azure&activated=yes&contract=active&csp=no&error=none&account=mpn&linked=no"
WIDGET_RESULT = "document.querySelector('#checker-widget')?.dataset.firstResultMs"
MARKS = "document.querySelector('#checker-status')?.dataset.marks"
SNAPSHOT_SAVED = "caches.open('checker-snapshots').then(c => c.keys()).then(k => k.length > 0)"
CHECKER_CACHED = """caches.keys().then(async (names) => {
  for (const name of names.filter((n) => n.startsWith('guide-')))
    if ((await (await caches.open(name)).keys()).some((r) => r.url.endsWith('.wasm'))) return true;
  return false; })"""
TIMEOUT = 180_000
NETWORKS = {"10 Mbit/s, 40 ms": (10e6, 40), "1.6 Mbit/s, 150 ms": (1.6e6, 150)}

# Collected in every page from its first script on: long tasks (start, duration).
PROBE = """
window.__longTasks = [];
try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true }); } catch (e) {}
"""
# Long tasks > 50 ms that end after the widget mounted: the checker's.
LONG_AFTER_MOUNT = """(() => {
  const mounted = Number(document.querySelector('#checker-widget')?.dataset.mountedMs ?? Infinity);
  return window.__longTasks.filter(([start, duration]) => duration > 50 && start + duration > mounted).map(([, d]) => d);
})()"""


@dataclass
class Visit:
    ms: float  # first complete answer, since the checker page's navigation
    bytes: int = 0  # received, as sent (encoded), every request of the visit
    marks: dict | None = None
    long_tasks: list[float] | None = None


def prepare_site(given: Path | None, work: Path) -> Path:
    site = work / "site"
    if given:
        shutil.copytree(given, site)
    else:
        from tests.site_build import build_site

        build_site(site)
    runtime = site / ASSETS / runtime_dir(PYODIDE)
    # The naive page loads Pyodide's whole standard library, as loadPyodide does by default.
    shutil.copyfile(PYODIDE / "python_stdlib.zip", runtime / "python_stdlib.zip")
    precompress_file(runtime / "python_stdlib.zip", FOLDERS.compressed_cache)
    shutil.copyfile(ROOT / "benchmarks" / "checker_baseline.js", site / ASSETS / "baseline.js")
    write_page(site / "baseline", "en", "Baseline", f'<p id="baseline-result" data-runtime="{runtime_dir(PYODIDE)}"></p>', "../",
               script="baseline.js")
    return site


def fresh_profile(playwright, tmp: Path):
    """A new browser profile on disk, as a reader's (its HTTP cache keeps the wasm)."""
    require_chromium()
    folder = tempfile.mkdtemp(dir=tmp, prefix="profile-")
    # bypass_csp: the pages' policy forbids evaluating strings, as wait_for_function does.
    return playwright.chromium.launch_persistent_context(folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, bypass_csp=True)


def new_page(context, network: tuple[float, float] | None = None, cpu: float | None = None):
    page = context.new_page()
    page.add_init_script(PROBE)
    session = context.new_cdp_session(page)
    if network:
        bits, latency = network
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                           "downloadThroughput": bits / 8, "uploadThroughput": bits / 8})
    if cpu:
        session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return page


def received(page, action: Callable[[], None]) -> int:
    """Bytes received while `action` runs: every request (workers' included), encoded."""
    sizes: list[int] = []

    def finished(request):
        try:
            info = request.sizes()
            sizes.append(info["responseBodySize"] + info["responseHeadersSize"])
        except Exception:  # a request cancelled by navigation has no sizes
            pass

    page.context.on("requestfinished", finished)
    action()
    page.wait_for_timeout(300)
    page.context.remove_listener("requestfinished", finished)
    return sum(sizes)


def open_checker(page) -> Visit:
    page.wait_for_function(WIDGET_RESULT, timeout=TIMEOUT)
    marks = page.evaluate(MARKS)
    return Visit(ms=float(page.evaluate(WIDGET_RESULT)), marks=json.loads(marks) if marks else None,
                 long_tasks=page.evaluate(LONG_AFTER_MOUNT))


def cold_visit(browser: Callable, base: str, network=None, cpu=None, warm: int = 0) -> tuple[Visit, list[Visit]]:
    """A first visit of the checker page in a fresh profile; then `warm` later visits."""
    context = browser()
    try:
        page = new_page(context, network, cpu)
        visits: list[Visit] = []

        def first() -> None:
            page.goto(base + "checker/#" + ANSWERS, timeout=TIMEOUT)
            visits.append(open_checker(page))

        size = received(page, first)
        visits[0].bytes = size
        if warm:
            page.wait_for_function(SNAPSHOT_SAVED, timeout=TIMEOUT)
        for _ in range(warm):
            page.goto(base)
            page.goto(base + "checker/#" + ANSWERS)
            visits.append(open_checker(page))
        return visits[0], visits[1:]
    finally:
        context.close()


def from_another_page(browser: Callable, base: str) -> Visit:
    """The home page, 5 s of reading (the service worker fetches the checker), then the checker."""
    context = browser()
    try:
        page = new_page(context)
        page.goto(base)
        page.wait_for_timeout(5000)
        cached = page.evaluate(CHECKER_CACHED)
        page.goto(base + "checker/#" + ANSWERS)
        visit = open_checker(page)
        visit.marks = {**(visit.marks or {}), "prefetched": cached}
        return visit
    finally:
        context.close()


def baseline_visits(browser: Callable, base: str, warm: int) -> tuple[float, list[float]]:
    context = browser()
    try:
        page = new_page(context)
        times = []
        for _ in range(1 + warm):
            page.goto(base)
            page.goto(base + "baseline/#" + ANSWERS)
            page.wait_for_function("window.baselineResultMs", timeout=TIMEOUT)
            times.append(page.evaluate("window.baselineResultMs"))
        return times[0], times[1:]
    finally:
        context.close()


# --- the table ---------------------------------------------------------------------------


def breakdown(visit: Visit) -> str:
    """Where a cold start's time went, from the worker's marks (ms since it started)."""
    m = visit.marks or {}
    if not {"downloaded", "compiled", "runtime", "wheel", "rules", "ready"} <= set(m):
        return ""
    start = m.get("spawnedAt", 0)
    return (f"worker at {start}, files listed {m['fetched']}, wasm downloaded {m['downloaded']}, compiled "
            f"{m['compiled']}, Python up {m['runtime']}, wheel {m['wheel']}, rules {m['rules']}, "
            f"first answer {visit.ms - start - m['ready']:.0f} after ready")


def median(values) -> float:
    return statistics.median(list(values))


def report(rows: list[tuple[str, str, str, str, bool | None]], notes: list[str]) -> None:
    print(f"\n{'measure':<46} {'checker':>11} {'naive':>9}  {'goal':<26} met")
    for name, value, naive, goal, ok in rows:
        met = "" if ok is None else ("yes" if ok else "MISSED")
        print(f"{name:<46} {value:>11} {naive:>9}  {goal:<26} {met}")
    for note in notes:
        print(note)


def table(runs: dict, naive_cold: list[float], naive_warm: list[float]) -> tuple[list, list[str]]:
    loop = runs["loopback"]
    cold = median(v.ms for v, _ in loop)
    warm = median(w.ms for _, ws in loop for w in ws)
    n_cold, n_warm = median(naive_cold), median(naive_warm)
    mb = median(v.bytes for v, _ in loop) / 1e6
    long_tasks = [d for v, ws in loop for x in (v, *ws) for d in (x.long_tasks or [])]
    rows = [
        ("bytes, first visit of the checker page (MB)", f"{mb:.2f}", "", "<= 4 MB", mb <= 4),
        ("first answer, cold, loopback (s)", f"{cold / 1000:.2f}", f"{n_cold / 1000:.2f}", "<= 1.2 s and <= 0.4x naive",
         cold <= 1200 and cold <= 0.4 * n_cold),
        ("  ratio to naive, cold", f"{cold / n_cold:.2f}x", "", "<= 0.4x", cold <= 0.4 * n_cold),
    ]
    for name in NETWORKS:
        times = [v.ms for v, _ in runs[name]]
        goal, ok = ("<= 5 s", median(times) <= 5000) if name.startswith("10") else ("answers", all(t > 0 for t in times))
        rows.append((f"first answer, cold, {name} (s)", f"{median(times) / 1000:.2f}", "", goal, ok))
        rows.append((f"  bytes at {name} (MB)", f"{median(v.bytes for v, _ in runs[name]) / 1e6:.2f}", "", "", None))
    cpu = median(v.ms for v, _ in runs["cpu"])
    rows.append(("first answer, cold, CPU 4x slower (s)", f"{cpu / 1000:.2f}", "", "", None))
    other = median(v.ms for v in runs["other"])
    rows.append(("first answer, from another page after 5 s (s)", f"{other / 1000:.2f}", "", "", None))
    rows.append(("first answer, warm (s)", f"{warm / 1000:.2f}", f"{n_warm / 1000:.2f}", "<= 0.3 s", warm <= 300))
    rows.append(("long tasks > 50 ms after the widget mounts", f"{len(long_tasks)}", "", "0", not long_tasks))
    notes = [f"\nmax long task after mount: {max(long_tasks, default=0):.0f} ms"]
    for name, visits in (("loopback", [v for v, _ in loop]), *((n, [v for v, _ in runs[n]]) for n in NETWORKS),
                         ("CPU 4x", [v for v, _ in runs["cpu"]]), ("from another page", runs["other"])):
        for visit in visits:
            notes.append(f"  {name}: {visit.ms:.0f} ms; {breakdown(visit)}")
    prefetched = [v.marks.get("prefetched") for v in runs["other"]]
    notes.append(f"from another page: the checker was in the service worker's cache after 5 s in {sum(map(bool, prefetched))} of {len(prefetched)} runs")
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build one now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", type=int, default=3, help="warm visits per loopback run")
    parser.add_argument("--throttled-runs", type=int, default=2, help="runs per throttled row (slow)")
    args = parser.parse_args(argv)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = prepare_site(args.site, Path(tmp))
        with serve(site) as base, sync_playwright() as playwright:
            browser = functools.partial(fresh_profile, playwright, Path(tmp))
            runs: dict = {"loopback": [cold_visit(browser, base, warm=args.warm) for _ in range(args.runs)]}
            for name, network in NETWORKS.items():
                runs[name] = [cold_visit(browser, base, network=network) for _ in range(args.throttled_runs)]
            runs["cpu"] = [cold_visit(browser, base, cpu=4) for _ in range(args.throttled_runs)]
            runs["other"] = [from_another_page(browser, base) for _ in range(args.runs)]
            naive = [baseline_visits(browser, base, args.warm) for _ in range(args.runs)]
    rows, notes = table(runs, [c for c, _ in naive], [w for _, ws in naive for w in ws])
    report(rows, notes)
    print(f"\n{args.runs} loopback runs (+{args.warm} warm each), {args.throttled_runs} per throttled row; "
          f"{time.monotonic() - started:.0f} s; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} cores (shared with other work)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
