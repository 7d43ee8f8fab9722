// The one worker of this tab, shared by every checker form the tab shows: a module
// variable, so it survives mkdocs-material's instant navigation (the page's DOM is
// swapped, this module is not re-run). Forms come and go; they listen while mounted.
//
// No fixed time limit: a slow network is waited for as long as bytes keep arriving.
// The start fails when the download stalls (no byte for STALL_MS), or when, with every
// byte in, the runtime does not start within START_MS (a broken runtime); the reader
// can then try again (retry()), or use the decision table.

const STALL_MS = 15000;
const START_MS = 60000;

let engine = null;

// The engine for the widget `root`: its `data-checker-manifest` (written by the build,
// sitebuild/bundle/layout.py) names the build and every file and cache the worker uses.
export function engineFor(root) {
  return getEngine(JSON.parse(root.dataset.checkerManifest));
}

export function getEngine(manifest) {
  if (!engine || engine.build !== manifest.build) {
    if (engine) engine.stop(); // the site was rebuilt under us (mkdocs serve)
    engine = new Engine(manifest);
  }
  return engine;
}

// The reader's "Try again" (status.js).
export function retryEngine() {
  if (engine) engine.retry();
}

class Engine {
  constructor(manifest) {
    this.manifest = manifest;
    this.build = manifest.build;
    this.state = { kind: "idle" }; // idle | loading {stage, done, total} | ready | failed {reason, cause}
    this.listeners = new Set();
    this.requests = new Map();
    this.nextId = 1;
    this.worker = null;
  }

  // Idempotent: the first form to ask starts the worker.
  start() {
    if (this.worker) return;
    this.setState({ kind: "loading", stage: "download", done: 0, total: 0 });
    this.spawn(true);
  }

  // After a failure: a new worker, from scratch (the reader pressed "Try again").
  retry() {
    if (this.state.kind !== "failed") return;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = { kind: "idle" };
    this.retried = true;
    this.start();
  }

  // Restarted whenever the worker reports; fires when it has been silent too long.
  watch() {
    clearTimeout(this.timer);
    const waiting = this.state.kind === "loading" && (!this.state.total || this.state.done < this.state.total);
    this.timer = setTimeout(() => this.stalled(waiting), waiting ? STALL_MS : START_MS);
  }

  stalled(downloading) {
    if (this.state.kind !== "loading") return;
    this.setState({ kind: "failed", reason: downloading ? "stalled" : "timeout", cause: downloading ? "stalled" : "broken" });
  }

  // `snapshot` false: the last worker found the stored snapshot broken.
  spawn(snapshot) {
    this.spawnedAt = performance.now();
    const url = new URL(this.manifest.worker, import.meta.url);
    try {
      this.worker = new Worker(url, { type: "module", name: "checker" });
    } catch (error) {
      this.setState({ kind: "failed", reason: String(error.message || error) });
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.setState({ kind: "failed", reason: event.message || "worker error",
      cause: navigator.onLine === false ? "offline" : "broken" });
    this.worker.postMessage({ type: "init", manifest: this.manifest, snapshot });
    this.watch();
    for (const [id, request] of this.requests) this.worker.postMessage({ ...request.message, id });
  }

  restart() {
    this.worker.terminate();
    this.spawn(false);
  }

  stop() {
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    this.rejectAll("stopped");
  }

  receive(message) {
    if (message.type === "progress") {
      if (this.state.kind !== "loading") return;
      this.setState({ kind: "loading", stage: message.stage, done: message.done, total: message.total });
      this.watch();
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.readyInfo = { ms: message.ms, snapshot: message.snapshot, marks: message.marks, spawnedAt: this.spawnedAt };
      this.setState({ kind: "ready", retried: Boolean(this.retried), info: this.readyInfo });
    } else if (message.type === "restart") {
      this.restart();
    } else if (message.type === "failed") {
      this.setState({ kind: "failed", reason: message.reason, cause: message.kind || "broken" });
    } else if (message.type === "result") {
      const request = this.requests.get(message.id);
      this.requests.delete(message.id);
      if (request) request.resolve(message.json);
    }
  }

  setState(state) {
    if (this.state.kind === "failed") return; // final
    this.state = state;
    if (state.kind === "failed") {
      clearTimeout(this.timer);
      if (this.worker) this.worker.terminate(); // a half-started runtime holds memory and may still download
      this.rejectAll(state.reason);
    }
    for (const listener of this.listeners) listener(state);
  }

  rejectAll(reason) {
    for (const request of this.requests.values()) request.reject(new Error(reason));
    this.requests.clear();
  }

  // Calls `listener(state)` now and on every change; returns the unsubscribe function.
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  // Resolves to the result JSON text. Queued in the worker until it is ready.
  evaluate(answers, lang) {
    return this.request({ type: "evaluate", answers, lang });
  }

  batch(items) {
    return this.request({ type: "batch", items });
  }

  request(message) {
    if (this.state.kind === "failed") return Promise.reject(new Error(this.state.reason));
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject, message });
      this.worker.postMessage({ ...message, id });
    });
  }
}
