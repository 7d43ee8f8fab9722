// The checker's module Web Worker: runs the `checker` package in Pyodide, off the
// main thread. Started once per tab by engine.js (it outlives instant navigation).
//
// In:  {type: "init", manifest, snapshot}             once, first; manifest: the page's
//      data-checker-manifest (sitebuild/bundle/layout.py checker_manifest): the build,
//      the rules' version and the name of every file and cache used here
//      {type: "evaluate", id, answers, lang}          answers: {question: id | [ids]}
//      {type: "batch", id, items: [{answers, lang}]}  tests: many results in one call
// Out: {type: "progress", stage, done, total} (bytes as sent, of everything this start
//      downloads; stage "download" while bytes are due, then "start", "package",
//      "rules") ... then {type: "ready", ms, snapshot, marks} or {type: "failed",
//      reason, kind} (kind: "offline", "damaged" or "broken"), or {type: "restart"} (the
//      snapshot was bad: start another worker with init.snapshot = false);
//      {type: "result", id, json} per request.
//
// Start-up: a memory snapshot of the interpreter with the rules already loaded is kept
// in Cache Storage (keyed by runtime version, wheel sha256 and rules version) and
// restored next time, which skips Python's start-up, the wheel and the data. Without
// one, the worker starts from scratch, then makes the snapshot once it is idle.

// The page's manifest and the runtime's folder (in it, named by the runtime's version):
// set once, before anything is fetched.
let MANIFEST = null;
let RUNTIME = null;
const PROGRESS_EVERY_MS = 100;
// A broken snapshot was seen to hang loadPyodide; a sound one takes about half a second,
// but several on a slow phone or a busy machine (it compiles the runtime meanwhile): past
// this, the snapshot is taken for broken and the worker starts from scratch.
const RESTORE_TIMEOUT_MS = 15000;
const KEY_HEADER = "X-Checker-Snapshot-Key";

let browser = null; // checker.browser, once ready
let pending = [];   // requests received before then
let failure = null;
const marks = {}; // milliseconds since the start began, per phase: reported with "ready"
let T0 = 0;
const since = () => Math.round(performance.now() - T0);

// When the wasm module has compiled (it compiles while it downloads): for the benchmark's
// breakdown (download, compile, Python start-up, wheel, rules).
const realInstantiate = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (...args) => {
  const result = await realInstantiate(...args);
  if (!marks.compiled) marks.compiled = since();
  return result;
};

// The runtime fetches its own files, and a missing wasm file makes loadPyodide hang
// rather than reject: any runtime file that does not arrive fails the start now. Its
// downloads are counted as they arrive (on a copy of the body, so the wasm still
// compiles while it streams); the standard library, which this worker has already
// fetched and checked, is handed over from memory.
const realFetch = self.fetch.bind(self);
const handOver = new Map(); // url -> Promise<ArrayBuffer> of a file already fetched here
const early = new Map(); // url -> Promise<Response> of a request made before the runtime asked
self.fetch = async (input, init) => {
  const url = String(input.url || input);
  if (handOver.has(url)) return new Response(await handOver.get(url));
  let response;
  try {
    const ahead = early.get(url);
    early.delete(url);
    response = await (ahead || realFetch(input, init));
  } catch (error) {
    if (RUNTIME && url.startsWith(RUNTIME.href)) fail(await downloadFailure(url, error));
    throw error;
  }
  if (!RUNTIME || !url.startsWith(RUNTIME.href)) return response;
  if (!response.ok) fail(new Error(`${new URL(url).pathname}: HTTP ${response.status}`));
  else count(response.clone(), url);
  return response;
};

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    start(message).catch(async (error) => (error instanceof RestartNeeded ? postMessage({ type: "restart" }) : fail(await classified(error))));
  } else if (browser) {
    answer(message);
  } else if (failure) {
    postMessage({ type: "failed", reason: failure });
  } else {
    pending.push(message);
  }
};

// A Python error here is a bug, not a reader's mistake (unknown ids come back as
// {"error"} results): it is still answered, so the page never waits forever.
function answer(message) {
  let json;
  try {
    json = message.type === "batch"
      ? browser.evaluate_batch(JSON.stringify(message.items))
      : browser.evaluate_json(JSON.stringify(message.answers), message.lang);
  } catch (error) {
    console.error("checker: evaluation failed:", error);
    json = JSON.stringify({ error: String(error.message || error).trim().split("\n").pop() });
  }
  postMessage({ type: "result", id: message.id, json });
}

function fail(error) {
  if (failure) return;
  failure = reasonOf(error);
  console.error("checker: worker failed:", error);
  postMessage({ type: "failed", reason: failure, kind: error.kind || "broken" });
}

// "offline" (the network is gone: the reader can retry later) apart from "damaged"
// (bytes arrived but are not this build's, even fetched again) and the rest.
class DownloadError extends Error {
  constructor(message, kind) {
    super(message);
    this.kind = kind;
  }
}

async function downloadFailure(url, error) {
  const name = fileName(url);
  const online = await realFetch(new URL(MANIFEST.files, RUNTIME), { method: "HEAD", cache: "no-store" })
    .then(() => true, () => false);
  return online ? new DownloadError(`${name}: download failed (${error.message})`, "broken")
    : new DownloadError(`${name}: no network`, "offline");
}

// A start that failed on a download the runtime made itself (its module, by import()):
// offline, when the server does not answer at all.
async function classified(error) {
  if (error.kind || !RUNTIME || !/fetch|import|network/i.test(String(error.message))) return error;
  const online = await realFetch(new URL(MANIFEST.files, RUNTIME), { method: "HEAD", cache: "no-store" })
    .then(() => true, () => false);
  return online ? error : new DownloadError(String(error.message || error), "offline");
}

function fileName(url) {
  return decodeURIComponent(new URL(url).pathname.split("/").pop());
}

// --- progress: bytes as sent (the build's sizes of the precompressed files), so the
// reader sees the size of the download they wait for.

let sizes = {};   // file name -> {bytes, sent} (checker-files.json)
const got = {};   // file name -> raw bytes received so far
let stage = "download";
let lastPost = 0;

// A body that stops halfway (a dropped connection) fails the start here: the runtime
// itself would wait for it forever.
function count(response, url) {
  const name = fileName(url);
  if (!response.body || !(name in sizes)) return;
  const reader = response.body.getReader();
  const pump = () => reader.read().then(({ done, value }) => {
    if (done) return finished(name);
    got[name] = (got[name] || 0) + value.byteLength;
    report(false);
    return pump();
  });
  pump().catch(async (error) => fail(await downloadFailure(url, error)));
}

function finished(name) {
  if (name in sizes) got[name] = sizes[name].bytes;
  if (name === MANIFEST.wasm && !marks.downloaded) marks.downloaded = since();
  report(true);
}

function sent() {
  let done = 0;
  let total = 0;
  for (const [name, size] of Object.entries(sizes)) {
    total += size.sent;
    done += size.sent * Math.min(1, (got[name] || 0) / size.bytes);
  }
  return { done: Math.round(done), total };
}

function report(now) {
  if (browser || failure) return; // late counts (resource timing) once the start is over
  const time = performance.now();
  if (!now && time - lastPost < PROGRESS_EVERY_MS) return;
  lastPost = time;
  postMessage({ type: "progress", stage, ...sent() });
}

function progress(next) {
  stage = next;
  report(true);
}

// Files the runtime loads with import() (its JavaScript) are not seen by fetch: they
// count once the browser has them.
function watchScripts() {
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (RUNTIME && entry.name.startsWith(RUNTIME.href)) finished(fileName(entry.name));
    }).observe({ type: "resource", buffered: true });
  } catch (error) {
    // No resource timing: those files count as done when the runtime has started.
  }
}

// One line for the reader: a Python error's message is its whole traceback, whose
// last line says what went wrong ("ValueError: ...").
function reasonOf(error) {
  const lines = String((error && error.message) || error).split("\n").map((line) => line.trim()).filter(Boolean);
  if (!lines.length) return "unknown error";
  return lines[0].startsWith("Traceback") ? lines[lines.length - 1] : lines[0];
}

// The runtime is a folder beside this script: a manifest naming anything else is refused.
function runtimeFolder(runtime) {
  const here = new URL("./", import.meta.url);
  const folder = new URL(runtime, here);
  if (folder.origin !== here.origin || !folder.href.startsWith(here.href) || folder.href === here.href
    || !folder.pathname.endsWith("/") || folder.search || folder.hash) {
    throw new Error(`unexpected runtime folder: ${runtime}`);
  }
  return folder;
}

async function start({ manifest, snapshot = true }) {
  MANIFEST = manifest;
  RUNTIME = runtimeFolder(manifest.runtime);
  const { build, version } = manifest;
  T0 = performance.now();
  requireWebAssembly();
  watchScripts();
  // The largest file, asked for now rather than once the runtime's module has arrived
  // and asks for it (the same response is handed over, so it still compiles as it streams).
  const wasm = new URL(manifest.wasm, RUNTIME).href;
  early.set(wasm, realFetch(wasm));
  early.get(wasm).catch(() => {});
  // The list of files, the lock, the runtime's module and the stored snapshot (20 MB),
  // all at once.
  const [files, lock, { loadPyodide }, stored] = await Promise.all([
    fetchJson(new URL(manifest.files, RUNTIME)),
    fetchJson(new URL(manifest.lock, RUNTIME)),
    import(new URL(manifest.module, RUNTIME).href),
    snapshot ? readSnapshot(build) : null,
  ]);
  marks.fetched = since();
  requireFilesFor(files, build);
  const wheel = requireWheelFor(lock);
  sizes = files.files;
  finished(manifest.module);
  const stdlib = new URL(files.stdlib.file_name, RUNTIME);
  handOver.set(stdlib.href, fetchVerified(stdlib, files.stdlib.sha256));
  handOver.get(stdlib.href).catch(fail);
  const key = snapshotKey(lock, wheel, version);
  const options = { indexURL: RUNTIME.href, lockFileContents: lock, packageBaseUrl: RUNTIME.href, stdLibURL: stdlib.href };
  let how = "restored";
  if (stored && stored.key === key) {
    // Python, the wheel and the rules are in the snapshot: only the runtime is downloaded.
    const data = fileName(new URL(manifest.data, RUNTIME));
    sizes = Object.fromEntries(Object.entries(sizes).filter(([name]) => name !== wheel.file_name && name !== data));
    progress("start");
  }
  let pyodide = stored ? await restore(loadPyodide, options, stored, key, version) : null;
  if (!pyodide) {
    how = "none";
    pyodide = await coldStart(loadPyodide, options, wheel, build, version);
  }
  browser = pyodide.pyimport("checker.browser");
  if (failure) return; // a download failed while Python started: that is what the reader sees
  marks.ready = since();
  postMessage({ type: "ready", ms: marks.ready, snapshot: how, marks });
  for (const message of pending) answer(message);
  pending = [];
  if (how === "none") setTimeout(() => saveSnapshot(pyodide, build, key), 0); // after the first results
}

function requireFilesFor(files, build) {
  if (!files || files.build !== build || !files.stdlib || !files.files) {
    const name = fileName(new URL(MANIFEST.files, RUNTIME));
    throw new Error(`${name} is from another build (${files && files.build}) than the page (${build}): reload the page`);
  }
}

// The lock's entry for the wheel, listed under the version the page names (it holds the
// rules' version and the code's hash): a lock for other rules or code (a half-updated
// server, a cache mixing builds) must not run against this page.
function requireWheelFor(lock) {
  const entry = lock.packages && lock.packages[MANIFEST.package];
  const name = fileName(new URL(MANIFEST.lock, RUNTIME));
  if (!entry || !entry.sha256 || !entry.file_name) throw new Error(`${name} has no ${MANIFEST.package} package`);
  if (entry.version !== MANIFEST.wheel) {
    throw new Error(`the ${MANIFEST.package} package on the server (${entry.version}) is not for the page's rules and code ` +
      `(${MANIFEST.wheel}): reload the page`);
  }
  return entry;
}

// Compiling the smallest module (8 bytes) tells at once whether WebAssembly is
// available and allowed (a Content-Security-Policy without 'wasm-unsafe-eval' blocks
// it); loadPyodide would otherwise wait forever.
function requireWebAssembly() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  } catch (error) {
    throw new Error(`WebAssembly is blocked in this browser (${error.message})`);
  }
}

async function coldStart(loadPyodide, options, entry, build, version) {
  // Both downloads start now and run while Python starts.
  const wheel = fetchWheel(entry);
  const data = fetchData();
  wheel.catch(() => {});
  data.catch(() => {});
  progress("start");
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: canSnapshot() });
  marks.runtime = since();
  progress("package");
  pyodide.unpackArchive(await wheel, "wheel");
  marks.wheel = since();
  progress("rules");
  const text = await data;
  requireDataFor(text, build, version);
  const loaded = JSON.parse(pyodide.pyimport("checker.browser").start(text));
  marks.rules = since();
  if (loaded.version !== version) {
    throw new Error(`the rules on the server (${loaded.version}) are not the page's (${version}): reload the page`);
  }
  return pyodide;
}

// The data names the build and the rules it holds (checker.browser.start then checks
// that its content is those rules): data from another build is never loaded.
function requireDataFor(text, build, version) {
  const name = fileName(new URL(MANIFEST.data, RUNTIME));
  let header;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${error.message})`);
  }
  if (header.build !== build || header.version !== version) {
    throw new Error(`${name} is from another build (${header.build}, rules ${header.version}) than the page ` +
      `(${build}, rules ${version}): reload the page`);
  }
}

// The wheel is fetched with the lock's sha256 as Subresource Integrity: the browser
// refuses bytes that differ. (loadPackage would check it too, but it leaves
// JavaScript objects inside Python that make the memory snapshot impossible, and it
// resolves even when the check fails.)
function fetchWheel(entry) {
  return fetchVerified(new URL(entry.file_name, RUNTIME), entry.sha256, "its sha256 differs from the lock");
}

function fetchData() {
  const url = new URL(MANIFEST.data, RUNTIME);
  const entry = sizes[fileName(url)] || {};
  return fetchVerified(url, entry.sha256).then((bytes) => new TextDecoder().decode(bytes));
}

// A file fetched with its sha256 (Subresource Integrity), counted as it arrives. Bytes
// that fail the check may be a stale or broken copy kept by a cache (the service
// worker's, or the browser's): that copy is dropped and the file fetched once more,
// past the caches; failing again, it is damaged on the server.
async function fetchVerified(url, sha256, mismatch = "its sha256 differs from the build's") {
  const name = fileName(url);
  const integrity = sha256 ? "sha256-" + hexToBase64(sha256) : "";
  for (const attempt of [{}, { cache: "reload" }]) {
    let response;
    try {
      response = await realFetch(url, { integrity, ...attempt });
    } catch (error) {
      const probe = await realFetch(url, { method: "HEAD", cache: "no-store" }).catch(() => null);
      if (!probe) throw new DownloadError(`${name}: no network`, "offline");
      if (!probe.ok) throw new Error(`${name}: HTTP ${probe.status}`);
      if (attempt.cache) throw new DownloadError(`${name}: ${mismatch}, so it is not run (${error.message})`, "damaged");
      await evictCopies(url);
      continue;
    }
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return readCounted(response, name);
  }
}

async function readCounted(response, name) {
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
    got[name] = length;
    report(false);
  }
  finished(name);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

// The service worker's caches are named with the manifest's cache_prefix (sitebuild/bundle/offline.py).
async function evictCopies(url) {
  if (typeof caches === "undefined") return;
  try {
    for (const name of await caches.keys()) {
      if (name.startsWith(MANIFEST.cache_prefix)) await (await caches.open(name)).delete(url.href, { ignoreSearch: false });
    }
  } catch (error) {
    console.warn("checker: could not drop a cached copy:", error);
  }
}

function hexToBase64(hex) {
  const bytes = hex.match(/../g).map((pair) => parseInt(pair, 16));
  return btoa(String.fromCharCode(...bytes));
}

// --- memory snapshot (a private Pyodide API: every failure falls back to a cold start)

function canSnapshot() {
  return typeof caches !== "undefined";
}

// What the snapshot must match: runtime version, wheel sha256 and rules version. It is
// stored with the entry and compared once the lock has arrived; the entry itself is
// named by the page's build id, so it can be read before the lock is in.
function snapshotKey(lock, wheel, version) {
  return `${lock.info.version}/${wheel.sha256}/${version}`;
}

function snapshotEntry(build) {
  return new URL(`snapshot/${build}`, RUNTIME).href;
}

// A snapshot that fails to load can leave the runtime half-started (a broken one was
// seen to hang loadPyodide), so any failure drops the snapshot and asks engine.js for
// a fresh worker that starts from scratch.
async function restore(loadPyodide, options, stored, key, version) {
  if (stored.key !== key) {
    await dropSnapshots();
    return null;
  }
  const bytes = stored.bytes;
  try {
    const pyodide = await withTimeout(loadPyodide({ ...options, _loadSnapshot: bytes }), RESTORE_TIMEOUT_MS);
    marks.restored = since();
    if (pyodide.pyimport("checker.browser").version() === version) return pyodide;
    throw new Error("the snapshot holds other rules");
  } catch (error) {
    console.warn("checker: snapshot not usable, starting from scratch:", error);
    await dropSnapshots();
    throw new RestartNeeded(String(error.message || error));
  }
}

class RestartNeeded extends Error {}

// {bytes, key} of the stored snapshot for this build, or null.
async function readSnapshot(build) {
  if (!canSnapshot()) return null;
  try {
    const hit = await (await caches.open(MANIFEST.snapshot_cache)).match(snapshotEntry(build));
    if (!hit) return null;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if (plausible(bytes)) return { bytes, key: hit.headers.get(KEY_HEADER) };
    await dropSnapshots();
  } catch (error) {
    console.warn("checker: cannot read the snapshot cache:", error);
  }
  return null;
}

// The layout makeMemorySnapshot writes: a header whose 2nd word is the offset of the
// heap, then the heap, whole 64 KiB WebAssembly pages. Cheap checks against a
// truncated or foreign entry, before handing it to the runtime.
function plausible(bytes) {
  if (bytes.byteLength < 1 << 20 || bytes.byteOffset % 4) return false;
  const offset = new Uint32Array(bytes.buffer, bytes.byteOffset, 2)[1];
  return offset >= 48 && offset < bytes.byteLength && (bytes.byteLength - offset) % 65536 === 0;
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function saveSnapshot(pyodide, build, key) {
  if (!canSnapshot()) return;
  try {
    const bytes = pyodide.makeMemorySnapshot();
    await dropSnapshots(); // one per origin: older ones are for other rules or runtimes
    const cache = await caches.open(MANIFEST.snapshot_cache);
    const headers = { "Content-Type": "application/octet-stream", [KEY_HEADER]: key };
    await cache.put(snapshotEntry(build), new Response(bytes, { headers }));
  } catch (error) {
    console.warn("checker: could not save a snapshot:", error);
  }
}

async function dropSnapshots() {
  try {
    await caches.delete(MANIFEST.snapshot_cache);
  } catch (error) {
    // Storage may be disabled; starting from scratch still works.
  }
}

async function fetchText(url) {
  const response = await realFetch(url, { cache: "no-cache" }).catch(async (error) => { throw await downloadFailure(url.href, error); });
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.text();
}

async function fetchJson(url) {
  return JSON.parse(await fetchText(url));
}
