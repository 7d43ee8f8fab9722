// Brings one rendered checker form to life: answers go to the worker on every change,
// the result comes back into #checker-result (data-result = the engine's JSON) and
// decides which questions are shown. The form works as plain HTML until then.

import { getEngine } from "./engine.js";
import { isAnswerFragment, readFragment, writeFragment } from "./fragment.js";
import { mountLookup } from "./lookup.js";
import { keepCheckerOffline } from "./offline.js";
import { fill, renderResult } from "./render.js";
import { showState } from "./status.js";

export function mount(root) {
  const widget = new Widget(root);
  widget.start();
  return widget;
}

class Widget {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("#checker");
    this.result = root.querySelector("#checker-result");
    this.lang = root.getAttribute("lang") || document.documentElement.lang || "en";
    this.version = root.dataset.checkerVersion;
    this.words = JSON.parse(root.querySelector("#checker-strings").textContent);
    this.engine = getEngine(root.dataset.checkerBuild, this.version, root.dataset.checkerRuntime);
    this.latest = 0; // id of the newest request: older results are dropped
    this.questions = [...this.form.querySelectorAll("fieldset[data-question]")];
  }

  start() {
    this.applyFragment(location.hash);
    this.form.addEventListener("change", () => this.changed());
    this.form.addEventListener("reset", (event) => { event.preventDefault(); this.cleared(); });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.bindButtons();
    mountLookup(this.root.querySelector("#checker-lookup"));
    this.unsubscribe = this.engine.subscribe((state) => this.engineState(state));
    this.onHash = () => this.hashChanged();
    window.addEventListener("hashchange", this.onHash);
    this.scheduleStart();
    this.updatePrintAnswers();
    this.root.dataset.checkerMounted = "true";
    this.root.dataset.mountedMs = performance.now().toFixed(0); // for benchmarks
  }

  // The worker starts once the page is idle: it must not compete with first paint. The
  // cap keeps a busy page (the theme's own scripts) from delaying the checker for long.
  // The first evaluation is sent with the start: the worker answers it as soon as it
  // is ready, without waiting for the "ready" message to come and go.
  scheduleStart() {
    const go = () => {
      this.engine.start();
      if (!this.shown) this.evaluate(this.answers());
    };
    if ("requestIdleCallback" in window) requestIdleCallback(go, { timeout: 100 });
    else setTimeout(go, 50);
  }

  bindButtons() {
    const print = this.root.querySelector("#checker-print");
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }

  // Called when the page is swapped away (instant navigation).
  unmount() {
    if (this.unsubscribe) this.unsubscribe();
    window.removeEventListener("hashchange", this.onHash);
  }

  answers() {
    const answers = {};
    for (const fieldset of this.questions) {
      const values = [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
      if (!values.length) continue;
      answers[fieldset.dataset.question] = fieldset.dataset.multiple === "true" ? values : values[0];
    }
    return answers;
  }

  changed() {
    const answers = this.answers();
    const hash = Object.keys(answers).length ? writeFragment(this.version, answers) : "";
    history.replaceState(history.state, "", location.pathname + location.search + hash);
    this.updateShareLink();
    this.updatePrintAnswers();
    this.evaluate(answers);
  }

  // "Start again": our own reset, so the link and the warning go too.
  cleared() {
    this.uncheckAll();
    this.setWarning(null);
    this.changed();
  }

  uncheckAll() {
    for (const input of this.form.querySelectorAll("input:checked")) input.checked = false;
  }

  // A link pasted into the address bar while the page is open.
  hashChanged() {
    const hash = location.hash;
    if (!isAnswerFragment(hash)) return;
    this.uncheckAll();
    this.applyFragment(hash);
    this.changed();
  }

  // Ticks what the link holds; anything the form does not offer is named, as text,
  // in a warning and left out. A link from other rules is applied with a warning.
  applyFragment(hash) {
    if (!isAnswerFragment(hash)) return;
    const { version, answers } = readFragment(hash);
    const rejected = [];
    for (const [question, values] of answers) {
      for (const value of values) {
        const input = this.control(question, value);
        if (input) input.checked = true;
        else rejected.push(`${question}=${value}`);
      }
    }
    const warnings = [];
    if (version && version !== this.version) warnings.push(fill(this.words["widget-stale"], { old: version, new: this.version }));
    if (rejected.length) warnings.push(fill(this.words["widget-bad-link"], { detail: rejected.join(", ") }));
    this.setWarning(warnings.length ? warnings.join(" ") : null, version && version !== this.version);
    this.updateShareLink();
  }

  control(question, value) {
    const fieldset = this.questions.find((f) => f.dataset.question === question);
    if (!fieldset) return null;
    return [...fieldset.querySelectorAll("input")].find((input) => input.value === value) || null;
  }

  setWarning(text, stale = false) {
    const box = this.root.querySelector("#checker-stale");
    box.textContent = text || "";
    box.hidden = !text;
    box.dataset.stale = stale ? "true" : "false";
  }

  engineState(state) {
    showState(this.root, state, this.words);
    if (state.kind === "ready") keepCheckerOffline(this.root); // its files are in the HTTP cache now
    if (state.kind === "ready" && !this.shown && (!this.latest || state.retried)) this.evaluate(this.answers()); // remounted, or retried
  }

  async evaluate(answers) {
    if (this.engine.state.kind === "failed") return;
    const id = ++this.latest;
    const started = performance.now();
    let json;
    try {
      json = await this.engine.evaluate(answers, this.lang);
    } catch {
      return; // the failure is shown by the status area
    }
    if (id !== this.latest) return;
    this.show(json);
    this.root.dataset.lastChangeMs = (performance.now() - started).toFixed(1);
  }

  show(json) {
    const result = JSON.parse(json);
    const summary = this.root.querySelector("#checker-summary");
    if (result.error) {
      summary.textContent = fill(this.words["widget-engine-error"], { detail: result.error });
      return;
    }
    if (!this.shown) this.root.dataset.firstResultMs = performance.now().toFixed(0); // for benchmarks
    this.shown = true;
    summary.textContent = result.summary;
    renderResult(this.root.querySelector("#checker-result-body"), result, this.words, this.root.dataset.checkerRoot);
    this.showQuestions(result);
    this.updatePrintAnswers();
    this.result.dataset.result = json;
    this.result.dataset.complete = String(result.complete);
    this.result.dataset.count = String(Number(this.result.dataset.count || 0) + 1);
  }

  // Asked questions and the next one; the rest are hidden with their answers kept.
  showQuestions(result) {
    const visible = new Set(result.asked);
    if (result.next) visible.add(result.next);
    for (const fieldset of this.questions) {
      fieldset.hidden = !visible.has(fieldset.dataset.question);
      fieldset.classList.toggle("checker-next", fieldset.dataset.question === result.next);
    }
  }

  updateShareLink() {
    const link = this.root.querySelector("#checker-share");
    const answers = this.answers();
    link.hidden = Object.keys(answers).length === 0;
    link.href = writeFragment(this.version, answers);
  }

  // The printed page shows the answers as text (the form itself is not printed).
  updatePrintAnswers() {
    const list = this.root.querySelector("#checker-print-list");
    const rows = [];
    for (const fieldset of this.questions) {
      const chosen = [...fieldset.querySelectorAll("input:checked")];
      if (!chosen.length || fieldset.hidden) continue;
      const names = chosen.map((input) => input.closest("label").querySelector(".checker-option-name").textContent);
      const dt = document.createElement("dt");
      dt.textContent = fieldset.querySelector("legend").textContent;
      const dd = document.createElement("dd");
      dd.textContent = names.join(", ");
      rows.push(dt, dd);
    }
    list.replaceChildren(...rows);
  }
}
