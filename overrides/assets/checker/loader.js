// Loaded on every page: mounts the checker where the page has its form, and only
// registers the service worker elsewhere. Material's instant navigation swaps pages
// without reloading scripts: we follow `document$`; the worker (engine.js) survives.

let mounted = null; // the widget of the current page
const DEPENDENCIES = ["./engine.js", "./fragment.js", "./lookup.js", "./offline.js", "./render.js", "./status.js"];

function onPage() {
  if (document.querySelector("[data-decision-cases], .guide-decision-tree")) {
    import("./decision-table.js").then(({ route }) => route()).catch(console.warn);
  }
  const root = document.getElementById("checker-widget");
  if (mounted && mounted.root !== root) {
    mounted.unmount();
    mounted = null;
  }
  if (!root || mounted || root.dataset.checkerMounted) return;
  // The engine's worker starts now, while the widget's modules load: its download and
  // Python's start-up are what the reader waits for (the worker runs off this thread).
  import("./engine.js")
    .then(({ getEngine }) => getEngine(root.dataset.checkerBuild, root.dataset.checkerVersion, root.dataset.checkerRuntime).start())
    .catch(() => {});
  // The widget's modules are asked for together, not level by level as imports are found.
  for (const module of DEPENDENCIES) import(module).catch(() => {});
  import("./widget.js")
    .then(({ mount }) => {
      if (document.getElementById("checker-widget") === root && !mounted) mounted = mount(root);
    })
    .catch((error) => showLoadError(root, error));
}

// Without the widget's scripts, the fallback link still has to appear.
function showLoadError(root, error) {
  console.error("checker: could not load the widget:", error);
  const words = JSON.parse(root.querySelector("#checker-strings").textContent);
  root.querySelector("#checker-status-text").textContent = words["widget-failed"].replace("{reason}", String(error.message || error));
  root.querySelector("#checker-fallback").hidden = false;
  root.querySelector("#checker-status").dataset.state = "failed";
}

if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
else onPage();

// <root>/sw.js (offline use: offline.js), once the page has loaded; never in its way.
function offline() {
  const root = new URL("../../", import.meta.url);
  navigator.serviceWorker?.register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => whenIdle(prefetchChecker))
    .catch(console.warn);
}

// A reader who opens the checker from another page should find it downloaded: once the
// browser is idle, the service worker fetches it (into the cache it keeps for offline
// use). Not when the reader asked to save data, nor on the checker's page (it loads its
// own files, and keeps them once it has answered).
function prefetchChecker() {
  if (navigator.connection?.saveData || document.getElementById("checker-widget")) return;
  navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage({ type: "prefetch-checker" }))
    .catch(() => {});
}

function whenIdle(task) {
  if ("requestIdleCallback" in window) requestIdleCallback(task, { timeout: 5000 });
  else setTimeout(task, 2000);
}
if (document.readyState === "complete") offline();
else addEventListener("load", offline, { once: true });
