// Brings one rendered checker form to life: answers go to the worker on every change,
// the result comes back into #checker-result (data-result = the engine's JSON) and
// decides which questions are shown. The form works as plain HTML until then.
// Each answered question is a history entry (its answers in the fragment), so the
// browser's Back goes one question back and Forward returns.

import { engineFor } from "./engine.js";
import { isAnswerFragment, isRulesVersion, linkWarnings, readFragment, writeFragment } from "./fragment.js";
import { mountLookup } from "./lookup.js";
import { keepCheckerOffline } from "./offline.js";
import { bindCopyLink, markLinkUrls, updatePrintDetails } from "./printout.js";
import { fill, markUnavailable, renderResult } from "./render.js";
import { showState } from "./status.js";
import { legendOf, renderAnswers, showStep } from "./summary.js";

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
    this.engine = engineFor(root);
    this.latest = 0; // id of the newest request: older results are dropped
    this.questions = [...this.form.querySelectorAll("fieldset[data-question]")];
    this.fieldsets = new Map(this.questions.map((f) => [f.dataset.question, f]));
    this.shape = new Map(this.questions.map((f) => [f.dataset.question, {
      multiple: f.dataset.multiple === "true", options: new Set([...f.querySelectorAll("input")].map((i) => i.value)),
    }]));
    this.hash = ""; // the fragment the form shows: a hashchange to it is our own
  }

  start() {
    this.applyFragment(location.hash);
    this.hash = location.hash;
    this.updateShareLink();
    this.form.addEventListener("change", (event) => this.changed(event.target.name));
    this.form.addEventListener("reset", (event) => { event.preventDefault(); this.cleared(); });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.bindButtons();
    mountLookup(this.root.querySelector("#checker-lookup"));
    this.unsubscribe = this.engine.subscribe((state) => this.engineState(state));
    this.onHash = () => this.hashChanged();
    this.onPop = (event) => this.historyMoved(event);
    window.addEventListener("hashchange", this.onHash);
    window.addEventListener("popstate", this.onPop);
    this.scheduleStart();
    this.updatePrint();
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
    this.root.querySelector("#checker-print").addEventListener("click", () => window.print());
    bindCopyLink(this.root, this.words, () => this.shareUrl());
    this.root.querySelector("#checker-answers").addEventListener("click", (event) => this.changeClicked(event));
    this.root.querySelector("#checker-lookup").addEventListener("click", (event) => this.lookupClicked(event));
  }

  // "Change": back to that question, its answer kept; the link itself must not
  // replace the answers in the address.
  changeClicked(event) {
    const link = event.target.closest("a.checker-change");
    if (!link) return;
    event.preventDefault();
    const fieldset = this.fieldsets.get(link.dataset.question);
    const input = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
    fieldset.scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  }

  // "Use this message in the checker": the error answered, the other answers kept.
  lookupClicked(event) {
    const link = event.target.closest("a[data-answer-question]");
    const input = link && this.control(link.dataset.answerQuestion, link.dataset.answerOption);
    if (!input) return;
    event.preventDefault();
    input.checked = true;
    this.changed(input.name);
    this.fieldsets.get(input.name).scrollIntoView({ block: "center" });
  }

  // Called when the page is swapped away (instant navigation).
  unmount() {
    if (this.unsubscribe) this.unsubscribe();
    window.removeEventListener("hashchange", this.onHash);
    window.removeEventListener("popstate", this.onPop);
  }

  answers() {
    const answers = {};
    for (const fieldset of this.questions) {
      const values = [...fieldset.querySelectorAll("input:checked:not(:disabled)")].map((input) => input.value);
      if (!values.length) continue;
      answers[fieldset.dataset.question] = fieldset.dataset.multiple === "true" ? values : values[0];
    }
    return answers;
  }

  // A new answer to another question than the last one is a new history entry; more
  // changes to the same question (ticking several boxes) replace it.
  changed(question = null) {
    const answers = this.answers();
    const hash = Object.keys(answers).length ? writeFragment(this.version, answers) : "";
    const url = location.pathname + location.search + hash;
    const state = { checker: true, question };
    if (hash !== location.hash) {
      const same = question && history.state?.checker && history.state.question === question;
      if (same) history.replaceState(state, "", url);
      else history.pushState(state, "", url);
    }
    this.hash = hash;
    this.updateShareLink();
    this.updatePrint();
    this.evaluate(answers);
  }

  // "Start again": our own reset, so the link and the warning go too (Back brings them back).
  cleared() {
    this.uncheckAll();
    this.setWarning(null);
    this.changed("");
  }

  // Back or Forward between our own entries: the form shows that entry's answers.
  historyMoved() {
    const anchor = location.hash && !isAnswerFragment(location.hash); // a heading: the answers stay
    if (location.hash === this.hash || anchor) return;
    this.showFragment(location.hash);
    const next = this.nextQuestion && this.fieldsets.get(this.nextQuestion);
    if (next && next.contains(document.activeElement) === false) next.scrollIntoView({ block: "nearest" });
  }

  showFragment(hash) {
    this.uncheckAll();
    this.applyFragment(hash);
    this.hash = hash;
    this.updateShareLink();
    this.updatePrint();
    this.evaluate(this.answers());
  }

  uncheckAll() {
    for (const input of this.form.querySelectorAll("input:checked")) input.checked = false;
  }

  // A link pasted into the address bar while the page is open.
  // (Back and Forward fire it too, after popstate: then the hash is already ours.)
  hashChanged() {
    const hash = location.hash;
    if (hash === this.hash || !isAnswerFragment(hash)) return;
    this.showFragment(hash);
  }

  // Ticks what the link holds; anything the form does not offer is named, as text,
  // in a short warning and left out. A link from other rules is applied with a warning.
  applyFragment(hash) {
    if (!isAnswerFragment(hash)) return;
    const read = readFragment(hash, this.shape);
    for (const [question, values] of read.answers) {
      for (const value of values) this.control(question, value).checked = true;
    }
    const stale = Boolean(read.version) && read.version !== this.version && isRulesVersion(read.version, this.version);
    const nameOf = (question) => (this.fieldsets.has(question) ? legendOf(this.fieldsets.get(question)) : question);
    const warnings = linkWarnings(read, { words: this.words, version: this.version, lang: this.lang, stale, nameOf });
    this.setWarning(warnings.length ? warnings.join(" ") : null, stale);
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
      if (this.dropRefused(result)) return;
      summary.textContent = fill(this.words["widget-engine-error"], { detail: result.error });
      return;
    }
    if (!this.shown) this.root.dataset.firstResultMs = performance.now().toFixed(0); // for benchmarks
    this.shown = true;
    summary.textContent = result.summary;
    renderResult(this.root.querySelector("#checker-result-body"), result, this.words, this.root.dataset.checkerRoot);
    this.showQuestions(result);
    const returned = markUnavailable(this.form, result.unavailable || [], this.words);
    this.nextQuestion = result.next;
    renderAnswers(this.root.querySelector("#checker-answers"), result, this.fieldsets, this.words);
    showStep(this.root, this.fieldsets, result, this.words);
    markLinkUrls(this.root.closest(".md-content") || this.root);
    this.updatePrint();
    this.result.dataset.result = json;
    this.result.dataset.complete = String(result.complete);
    this.result.dataset.count = String(Number(this.result.dataset.count || 0) + 1);
    if (returned) this.evaluate(this.answers()); // a kept answer is possible again: it counts
  }

  // An earlier answer changed, and a later one is no longer possible (the rules' offer-when):
  // that answer is kept but not sent (disabled) while it is not offered; the next result
  // enables it again, or shows why not once its question comes.
  dropRefused(result) {
    const input = result.question && this.control(result.question, result.value);
    if (!input || !input.checked || input.disabled) return false;
    input.disabled = true;
    this.evaluate(this.answers());
    return true;
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
    const answers = this.answers();
    const none = Object.keys(answers).length === 0;
    const link = this.root.querySelector("#checker-share");
    link.hidden = none;
    link.href = writeFragment(this.version, answers);
    this.root.querySelector("#checker-copy").hidden = none;
    this.root.querySelector("#checker-copy-status").textContent = "";
  }

  // The address that opens these answers again, in any browser.
  shareUrl() {
    return location.origin + location.pathname + writeFragment(this.version, this.answers());
  }

  updatePrint() {
    updatePrintDetails(this.root, this.words, this.lang, this.shareUrl());
  }
}
