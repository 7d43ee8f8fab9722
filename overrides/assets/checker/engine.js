// The one worker of this tab, shared by every checker form the tab shows: a module
// variable, so it survives mkdocs-material's instant navigation (the page's DOM is
// swapped, this module is not re-run). Forms come and go; they listen while mounted.

const TIMEOUT_MS = 20000;

let engine = null;

export function getEngine(build, version, runtime) {
  if (!engine || engine.build !== build) {
    if (engine) engine.stop(); // the site was rebuilt under us (mkdocs serve)
    engine = new Engine(build, version, runtime);
  }
  return engine;
}

class Engine {
  constructor(build, version, runtime) {
    this.build = build;
    this.runtime = runtime;
    this.version = version;
    this.state = { kind: "idle" }; // idle | loading {step, steps} | ready | failed {reason}
    this.listeners = new Set();
    this.requests = new Map();
    this.nextId = 1;
    this.worker = null;
  }

  // Idempotent: the first form to ask starts the worker.
  start() {
    if (this.worker) return;
    this.timer = setTimeout(() => this.timeout(), TIMEOUT_MS);
    this.setState({ kind: "loading", step: 0, steps: 3 });
    this.spawn(true);
  }

  // `snapshot` false: the last worker found the stored snapshot broken.
  spawn(snapshot) {
    this.spawnedAt = performance.now();
    const url = new URL(`./worker.mjs?v=${this.build}`, import.meta.url);
    try {
      this.worker = new Worker(url, { type: "module", name: "checker" });
    } catch (error) {
      this.setState({ kind: "failed", reason: String(error.message || error) });
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.setState({ kind: "failed", reason: event.message || "worker error" });
    this.worker.postMessage({ type: "init", build: this.build, version: this.version, runtime: this.runtime, snapshot });
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

  timeout() {
    if (this.state.kind === "ready") return;
    this.setState({ kind: "failed", reason: "timeout" });
  }

  receive(message) {
    if (message.type === "progress") {
      this.setState({ kind: "loading", step: message.step, steps: message.steps, stage: message.stage });
    } else if (message.type === "ready") {
      clearTimeout(this.timer);
      this.readyInfo = { ms: message.ms, snapshot: message.snapshot, marks: message.marks, spawnedAt: this.spawnedAt };
      this.setState({ kind: "ready" });
    } else if (message.type === "restart") {
      this.restart();
    } else if (message.type === "failed") {
      this.setState({ kind: "failed", reason: message.reason });
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
