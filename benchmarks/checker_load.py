"""The in-page checker's load and response times, against a naive baseline page.

    .venv/bin/python benchmarks/checker_load.py [--site DIR] [--runs N]

Serves a built site (default: the real site, built now with `mkdocs build`; the
checker-only preview when mkdocs.yml is absent), adds `baseline/` (Pyodide on the
main thread, then the wheel, then one evaluate: benchmarks/checker_baseline.js) and
drives Debian's Chromium. Prints one table. Times are medians of N runs; "cold" is a
fresh browser profile (on disk, like a reader's), "warm" the same profile on a later
visit (HTTP cache, and for the widget its memory snapshot in Cache Storage).
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from checker import load  # noqa: E402
from sitebuild.checker_paths import runtime_dir  # noqa: E402
from sitebuild.checker_preview import real_site_configured, write_page, write_preview  # noqa: E402
from sitebuild.yaml_source import read_data_dir  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve  # noqa: E402

ANSWERS = "membership=gold&competencies=security,data-analytics&product=azure&activated=yes&contract=active&csp=no&error=none&account=mpn&linked=no"
WIDGET_RESULT = "document.querySelector('#checker-widget')?.dataset.firstResultMs"
SNAPSHOT_SAVED = "caches.open('checker-snapshots').then(c => c.keys()).then(k => k.length > 0)"
TIMEOUT = 60_000

# Collected in every page from its first script on: long tasks, and when the questions
# can be used (present, visible, enabled), relative to DOMContentLoaded.
PROBE = """
window.__longTasks = [];
try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true }); } catch (e) {}
document.addEventListener('DOMContentLoaded', () => {
  const dcl = performance.now();
  const check = () => {
    const input = document.querySelector('#checker input[name="membership"]');
    if (input && input.offsetParent !== null && !input.disabled) window.__usableAfterDcl = performance.now() - dcl;
    else requestAnimationFrame(check);
  };
  check();
});
"""

# Long tasks as [duration, after_widget]: those that start once the widget has mounted
# are the checker's; earlier ones are the page's parsing and the theme's own bundle.
SPLIT_LONG_TASKS = """(() => {
  const mounted = Number(document.querySelector('#checker-widget')?.dataset.mountedMs ?? Infinity);
  return window.__longTasks.map(([start, duration]) => [duration, start + duration > mounted]);
})()"""

# Runs in the page once the checker is ready: `count` changes, each timed from the
# click to the new result in the DOM (data-count changes).
CHANGES = """async (count) => {
  const result = document.querySelector('#checker-result');
  const inputs = ['#checker-membership-silver', '#checker-membership-gold', '#checker-product-on-premises', '#checker-product-azure']
    .map((s) => document.querySelector(s));
  const times = [];
  for (let i = 0; i < count; i++) {
    const before = result.dataset.count;
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => { if (result.dataset.count !== before) { observer.disconnect(); resolve(); } });
      observer.observe(result, { attributes: true, attributeFilter: ['data-count'] });
    });
    const start = performance.now();
    inputs[i % inputs.length].click();
    await done;
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}"""


def prepare_site(given: Path | None, work: Path) -> Path:
    if given:
        site = work / "site"
        shutil.copytree(given, site)
    elif real_site_configured():
        from tests.site_build import build_site

        site = work / "site"
        build_site(site)
    else:
        documents, locations = read_data_dir(ROOT / "data")
        site = write_preview(work / "site", load(documents, locations), documents, locations, log=lambda line: None)
    shutil.copyfile(ROOT / "benchmarks" / "checker_baseline.js", site / "assets" / "checker" / "baseline.js")
    write_page(site / "baseline", "en", "Baseline", f'<p id="baseline-result" data-runtime="{runtime_dir()}"></p>', "../",
               script="baseline.js")
    return site


def fresh_profile(playwright, tmp: Path):
    """A new browser profile on disk, as a reader's: its HTTP cache keeps the 8.6 MB
    wasm file (an in-memory incognito profile re-downloads it on every visit), and
    Chromium caches the compiled WebAssembly beside it."""
    require_chromium()
    folder = tempfile.mkdtemp(dir=tmp, prefix="profile-")
    # bypass_csp: the pages' policy forbids evaluating strings, as wait_for_function does.
    return playwright.chromium.launch_persistent_context(folder, executable_path=CHROMIUM, args=CHROMIUM_ARGS, bypass_csp=True)


def page_with_probe(context):
    page = context.new_page()
    page.add_init_script(PROBE)
    return page


def transferred(page, action) -> tuple[int, int]:
    """Bytes received while `action` runs (all requests, workers included), and the
    part of them that is Pyodide (anything in the runtime's folder)."""
    sizes: list[tuple[str, int]] = []

    def finished(request):
        try:
            info = request.sizes()
            sizes.append((request.url, info["responseBodySize"] + info["responseHeadersSize"]))
        except Exception:  # a request cancelled by navigation has no sizes
            pass

    page.context.on("requestfinished", finished)
    action()
    page.wait_for_timeout(500)
    page.context.remove_listener("requestfinished", finished)
    return sum(s for _, s in sizes), sum(s for u, s in sizes if runtime_dir() in u)


def widget_run(browser: Callable, base: str, warm_visits: int) -> dict:
    """One fresh profile: a cold visit, then `warm_visits` warm ones."""
    context = browser()
    try:
        page = page_with_probe(context)
        out: dict = {"warm": []}
        out["bytes"], out["pyodide_bytes"] = transferred(page, lambda: visit(page, base + "checker/#" + ANSWERS))
        out["cold"] = float(page.evaluate(WIDGET_RESULT))
        out["usable"] = page.evaluate("window.__usableAfterDcl")
        out["long_tasks"] = page.evaluate(SPLIT_LONG_TASKS)
        out["changes"] = page.evaluate(CHANGES, 40)
        page.wait_for_function(SNAPSHOT_SAVED, timeout=TIMEOUT)
        for _ in range(warm_visits):
            page.goto(base)
            visit(page, base + "checker/#" + ANSWERS)
            out["warm"].append(float(page.evaluate(WIDGET_RESULT)))
            out["long_tasks"] += page.evaluate(SPLIT_LONG_TASKS)
        return out
    finally:
        context.close()


def guide_run(browser: Callable, base: str) -> dict:
    """An ordinary page in a fresh profile: what a reader who never opens the checker pays."""
    context = browser()
    try:
        page = page_with_probe(context)
        total, pyodide = transferred(page, lambda: guide(page, base))
        return {"bytes": total, "pyodide_bytes": pyodide, "long_tasks": page.evaluate(SPLIT_LONG_TASKS)}
    finally:
        context.close()


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(WIDGET_RESULT, timeout=TIMEOUT)


def guide(page, base: str) -> None:
    page.goto(base + "activate/" if real_site_configured() else base)
    page.wait_for_load_state("networkidle")


def baseline_run(browser: Callable, base: str, warm_visits: int) -> dict:
    context = browser()
    try:
        page = page_with_probe(context)
        times = []
        for _ in range(1 + warm_visits):
            page.goto(base)
            page.goto(base + "baseline/#" + ANSWERS)
            page.wait_for_function("window.baselineResultMs", timeout=TIMEOUT)
            times.append(page.evaluate("window.baselineResultMs"))
        return {"cold": times[0], "warm": times[1:], "long_tasks": page.evaluate(SPLIT_LONG_TASKS)}
    finally:
        context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def over(runs: list[dict], after_mount: bool | None) -> list[float]:
    return [d for r in runs for d, after in r["long_tasks"] if d > 50 and (after_mount is None or after == after_mount)]


def tasks(runs: list[dict], after_mount: bool | None) -> str:
    found = over(runs, after_mount)
    return f"{len(found)} (max {max(found, default=0):.0f} ms)"


def report(widget: list[dict], baseline: list[dict], plain: dict) -> None:
    med = statistics.median
    w_cold = med(r["cold"] for r in widget)
    w_warm = med(t for r in widget for t in r["warm"])
    b_cold = med(r["cold"] for r in baseline)
    b_warm = med(t for r in baseline for t in r["warm"])
    changes = [t for r in widget for t in r["changes"]]
    usable = max(r["usable"] for r in widget)
    rows = [
        ("first result, cold (ms)", f"{w_cold:.0f}", f"{b_cold:.0f}", "<= 2500", w_cold <= 2500),
        ("first result, warm (ms)", f"{w_warm:.0f}", f"{b_warm:.0f}", "<= 800, >= 3x faster", w_warm <= 800 and b_warm / w_warm >= 3),
        ("warm speed-up vs baseline", f"{b_warm / w_warm:.1f}x", "", ">= 3x", b_warm / w_warm >= 3),
        ("questions usable after DOMContentLoaded (ms, worst)", f"{usable:.0f}", "", "<= 100", usable <= 100),
        ("per change, median (ms)", f"{med(changes):.1f}", "", "<= 20", med(changes) <= 20),
        ("per change, p95 (ms)", f"{percentile(changes, 0.95):.1f}", "", "", True),
        ("main-thread long tasks > 50 ms, checker's (after mount)", tasks(widget, True), "", "none", not over(widget, True)),
        ("  before mount (page parse, theme bundle)", tasks(widget, False), "", "", True),
        ("  baseline page, all", "", tasks(baseline, None), "", True),
        ("  ordinary guide page, all (theme only)", tasks([plain], None), "", "", True),
        ("bytes, checker page cold (KB)", f"{widget[0]['bytes'] / 1024:.0f}", "", "", True),
        ("bytes, ordinary guide page (KB)", f"{plain['bytes'] / 1024:.0f}", "", "", True),
        ("Pyodide bytes on the guide page", f"{plain['pyodide_bytes']}", "", "0", plain["pyodide_bytes"] == 0),
    ]
    print(f"\n{'measure':<52} {'widget':>16} {'baseline':>16}  {'target':<22} ok")
    for name, value, base, target, ok in rows:
        print(f"{name:<52} {value:>16} {base:>16}  {target:<22} {'yes' if ok else 'MISSED'}")
    print(f"\n{len(widget)} runs x (1 cold + {len(widget[0]['warm'])} warm); {len(changes)} changes timed; "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build one now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", type=int, default=3, help="warm visits per run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = prepare_site(args.site, Path(tmp))
        with serve(site) as base, sync_playwright() as playwright:
            browser = functools.partial(fresh_profile, playwright, Path(tmp))
            plain = guide_run(browser, base)
            widget = [widget_run(browser, base, args.warm) for _ in range(args.runs)]
            baseline = [baseline_run(browser, base, args.warm) for _ in range(args.runs)]
    report(widget, baseline, plain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
