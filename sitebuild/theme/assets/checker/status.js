// The loading/failure line above the form. Loading shows the download in the reader's
// words and size ("Loading the checker: 1.2 of 3.4 MB"); a failure says why (offline,
// a stalled download, a damaged file), offers "Try again" and the decision table,
// opened at the reader's own answers. A reader never watches an endless spinner.

import { retryEngine } from "./engine.js";
import { isAnswerFragment } from "./fragment.js";
import { fill } from "./render.js";

const MB = 1e6;

export function showState(root, state, words) {
  const status = root.querySelector("#checker-status");
  const text = root.querySelector("#checker-status-text");
  const progress = root.querySelector("#checker-progress");
  const fallback = root.querySelector("#checker-fallback");
  const retry = retryButton(root, words);
  status.dataset.state = state.kind;
  progress.hidden = state.kind !== "loading";
  fallback.hidden = state.kind !== "failed";
  retry.hidden = state.kind !== "failed";
  if (state.kind === "loading") {
    text.textContent = loadingText(state, words);
    showProgress(progress, state);
  } else if (state.kind === "failed") {
    text.textContent = fill(words["widget-failed"], { reason: failureReason(state, words) });
    linkTableToAnswers(root);
  } else if (state.kind === "ready") {
    text.textContent = words["widget-ready"];
    if (state.info) status.dataset.marks = JSON.stringify({ ...state.info.marks, spawnedAt: Math.round(state.info.spawnedAt), how: state.info.snapshot });
  } else {
    text.textContent = "";
  }
}

function loadingText(state, words) {
  if (!state.total) return words["widget-loading"];
  if (state.done < state.total) {
    const digits = state.total < 10 * MB ? 1 : 0;
    return fill(words["widget-loading-bytes"], { done: (state.done / MB).toFixed(digits), total: (state.total / MB).toFixed(digits) });
  }
  return words["widget-loading-start"];
}

function showProgress(progress, state) {
  if (!state.total) {
    progress.removeAttribute("value"); // indeterminate until the sizes are known
    return;
  }
  progress.max = state.total;
  progress.value = Math.min(state.done, state.total);
}

// The reader's words first; the technical detail (a file name, an HTTP status) after.
function failureReason(state, words) {
  const named = { offline: "widget-offline", stalled: "widget-stalled", damaged: "widget-damaged" }[state.cause];
  if (state.reason === "timeout") return words["widget-timeout"];
  if (state.reason === "stalled") return words["widget-stalled"];
  return named ? `${words[named]}: ${state.reason}` : state.reason;
}

// Made here, not in the page's HTML: it needs this script to do anything.
function retryButton(root, words) {
  let button = root.querySelector("#checker-retry");
  if (button) return button;
  button = document.createElement("button");
  button.type = "button";
  button.id = "checker-retry";
  button.className = "md-button checker-retry";
  button.textContent = words["widget-retry"];
  button.hidden = true;
  button.addEventListener("click", () => retryEngine());
  root.querySelector("#checker-fallback").before(button);
  return button;
}

// The decision table, opened at the reader's case: the page's answer fragment goes
// with the link (the table's pages route it, sitebuild/pages/decision_pages.py), kept up to
// date while the reader keeps answering.
function linkTableToAnswers(root) {
  const link = root.querySelector("#checker-fallback a");
  if (!link) return;
  if (!link.dataset.base) link.dataset.base = link.getAttribute("href");
  const update = () => { link.href = link.dataset.base + (isAnswerFragment(location.hash) ? location.hash : ""); };
  update();
  if (!link.dataset.follows) {
    link.dataset.follows = "true";
    root.querySelector("#checker").addEventListener("change", () => setTimeout(update, 0));
    link.addEventListener("click", update);
  }
}
