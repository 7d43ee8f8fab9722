// The naive way, for comparison only (benchmarks/checker_load.py copies it into a
// throwaway site): Pyodide on the main thread, then the wheel through the lock
// (loadPackage), then the data, then one evaluation. No worker, no snapshot.
const runtime = document.getElementById("baseline-result").dataset.runtime; // set by checker_load.py
const RUNTIME = new URL(`../assets/checker/${runtime}`, location.href);
const { loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME).href);
const pyodide = await loadPyodide({ indexURL: RUNTIME.href, lockFileURL: new URL("pyodide-lock.json", RUNTIME).href });
await pyodide.loadPackage("checker", { messageCallback: () => {} });
const data = await (await fetch(new URL("checker-data.json", RUNTIME))).text();
const browser = pyodide.pyimport("checker.browser");
browser.start(data);
const answers = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
const json = browser.evaluate_json(JSON.stringify(answers), "en");
document.getElementById("baseline-result").textContent = JSON.parse(json).summary;
window.baselineResultMs = performance.now();
