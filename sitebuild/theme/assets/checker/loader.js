// Every page: mounts the checker (its worker starts at once), routes the decision
// table's answer links, registers sw.js and, once idle, has it fetch the checker ahead.
// Instant navigation keeps scripts: we follow `document$`; the worker survives.

let mounted = null;
const DEPENDENCIES = ["./engine.js", "./fragment.js", "./lookup.js", "./offline.js", "./printout.js", "./render.js",
  "./status.js", "./summary.js"];
const TABLE = "./decision-table.js";

function onPage() {
  if (document.querySelector("[data-decision-cases], .guide-decision-tree")) import(TABLE).then((t) => t.route(), console.warn);
  const root = document.getElementById("checker-widget");
  if (mounted && mounted.root !== root) {
    mounted.unmount();
    mounted = null;
  }
  if (!root || mounted || root.dataset.checkerMounted) return;
  import(DEPENDENCIES[0]).then((e) => e.engineFor(root).start(), console.warn);
  // asked for together, not level by level
  for (const module of DEPENDENCIES) import(module).catch(() => {});
  import("./widget.js")
    .then(({ mount }) => {
      if (document.getElementById("checker-widget") === root && !mounted) mounted = mount(root);
    })
    .catch((error) => showLoadError(root, error));
}

// Without the widget's scripts, the fallback link still has to appear.
function showLoadError(root, error) {
  const $ = (s) => root.querySelector(s);
  const words = JSON.parse($("#checker-strings").textContent);
  $("#checker-status-text").textContent = words["widget-failed"].replace("{reason}", String(error.message || error));
  $("#checker-fallback").hidden = false;
  $("#checker-status").dataset.state = "failed";
}

if (window.document$?.subscribe) window.document$.subscribe(onPage);
else onPage();

// Not under Save-Data, nor on the checker's page (it keeps its files once used).
function ahead() {
  if (navigator.connection?.saveData || document.getElementById("checker-widget")) return;
  navigator.serviceWorker.ready.then((r) => r.active?.postMessage({ type: "prefetch-checker" }), () => {});
}

// No manifest here (tests/test_script_conventions.py holds these names to Python's).
function offline() {
  const root = new URL("../../", import.meta.url);
  navigator.serviceWorker?.register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => setTimeout(() => (window.requestIdleCallback || setTimeout)(ahead), 2000), console.warn);
}
if (document.readyState === "complete") offline();
else addEventListener("load", offline, { once: true });
