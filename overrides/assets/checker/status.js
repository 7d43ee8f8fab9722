// The loading/failure line above the form. Failure is final and always says what to
// do instead (the decision table link), so a reader never watches an endless spinner.

import { fill } from "./render.js";

export function showState(root, state, words) {
  const status = root.querySelector("#checker-status");
  const text = root.querySelector("#checker-status-text");
  const progress = root.querySelector("#checker-progress");
  const fallback = root.querySelector("#checker-fallback");
  status.dataset.state = state.kind;
  progress.hidden = state.kind !== "loading";
  fallback.hidden = state.kind !== "failed";
  if (state.kind === "loading") {
    progress.value = state.step;
    const key = state.step >= 3 ? "widget-loading-rules" : "widget-loading-runtime";
    text.textContent = state.step ? fill(words[key], { step: state.step, steps: state.steps }) : words["widget-loading"];
  } else if (state.kind === "failed") {
    const reason = state.reason === "timeout" ? words["widget-timeout"] : state.reason;
    text.textContent = fill(words["widget-failed"], { reason });
  } else if (state.kind === "ready") {
    text.textContent = words["widget-ready"];
  } else {
    text.textContent = "";
  }
}
