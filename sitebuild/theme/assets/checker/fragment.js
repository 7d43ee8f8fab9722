// Answers in the URL fragment, so a result can be bookmarked or shared:
//   #v=<rules version>&membership=gold&competencies=security,data-analytics
// Reading never trusts the fragment: only ids the form offers are kept, each problem is
// reported (bounded: a hostile link must not produce a hostile warning), and the valid
// answers of a link survive whatever else it holds.

import { fill } from "./render.js";

const VERSION_KEY = "v";
const MAX_PARAMETERS = 200; // far more than any link the widget writes; the rest are only counted

// `form`: Map of question id -> {multiple: bool, options: Set of option ids}.
// Returns {version, answers: Map question -> [option ids], rejected: ["key=value"],
// repeated: [{question, kept}], skipped: count of parameters not read}.
export function readFragment(hash, form) {
  const params = [...new URLSearchParams(hash.replace(/^#/, ""))];
  const read = { version: null, answers: new Map(), rejected: [], repeated: [], skipped: Math.max(0, params.length - MAX_PARAMETERS) };
  const seen = new Set();
  for (const [key, value] of params.slice(0, MAX_PARAMETERS)) {
    if (seen.has(key)) {
      noteRepeat(read, form, key);
      continue;
    }
    seen.add(key);
    if (key === VERSION_KEY) read.version = value;
    else readAnswer(read, form, key, value);
  }
  return read;
}

function readAnswer(read, form, key, value) {
  const values = value.split(",").map((v) => v.trim()).filter(Boolean);
  const question = form.get(key);
  if (!question) {
    read.rejected.push(`${key}=${value}`);
    return;
  }
  const known = [];
  for (const option of values) {
    if (question.options.has(option) && !known.includes(option)) known.push(option);
    else if (!question.options.has(option)) read.rejected.push(`${key}=${option}`);
  }
  if (!question.multiple && known.length > 1) read.repeated.push({ question: key, kept: known[0] });
  if (known.length) read.answers.set(key, question.multiple ? known : known.slice(0, 1));
}

// The answers as a link writes them, unchecked, for a page that only compares them with
// ids of its own (the decision table matches them against its cases' `data-case`).
export function linkAnswers(hash) {
  const answers = new Map();
  for (const [key, value] of [...new URLSearchParams(hash.replace(/^#/, ""))].slice(0, MAX_PARAMETERS)) {
    if (key !== VERSION_KEY && !answers.has(key)) answers.set(key, value.split(",").map((v) => v.trim()).filter(Boolean));
  }
  return answers;
}

// The first occurrence of a key wins: a link's meaning does not depend on what was appended.
function noteRepeat(read, form, key) {
  const kept = key === VERSION_KEY ? read.version : (read.answers.get(key) || [])[0];
  if (!read.repeated.some((r) => r.question === key)) read.repeated.push({ question: key, kept: kept ?? "" });
}

// Only the questions that have an answer; commas stay readable in the link.
export function writeFragment(version, answers) {
  const parts = [`${VERSION_KEY}=${encodeURIComponent(version)}`];
  for (const [question, values] of Object.entries(answers)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length) parts.push(`${encodeURIComponent(question)}=${list.map(encodeURIComponent).join(",")}`);
  }
  return "#" + parts.join("&");
}

// True when the fragment holds parameters (answers, a version or anything else a link
// may carry), not a heading anchor: the site's anchors never contain "=".
export function isAnswerFragment(hash) {
  return hash.replace(/^#/, "").includes("=");
}

// A rules version is what the build writes (a short lowercase hex hash, as long as the
// current one); anything else in `v=` is a damaged link, not "older rules".
export function isRulesVersion(value, current) {
  return typeof value === "string" && value.length === current.length && /^[0-9a-f]+$/.test(value);
}

// At most `count` items, each cut to `length` characters, and how many were left out.
export function bounded(items, count = 3, length = 60) {
  const shown = items.slice(0, count).map((item) => (item.length > length ? item.slice(0, length - 1) + "…" : item));
  return { shown, more: Math.max(0, items.length - count) };
}

// The warnings for what `readFragment` found, short whatever the link holds. `nameOf`
// gives a question's words; `stale`: the version is a real, older rules version.
export function linkWarnings(read, { words, version, lang, stale, nameOf }) {
  const warnings = [];
  if (stale) warnings.push(fill(words["widget-stale"], { old: read.version, new: version }));
  else if (read.version && read.version !== version) {
    warnings.push(fill(words["widget-bad-version"], { version: bounded([read.version]).shown[0] }));
  }
  for (const { question, kept } of read.repeated.slice(0, 3)) {
    warnings.push(fill(words["widget-link-repeated"], { question: bounded([nameOf(question)], 1, 80).shown[0], kept: bounded([kept]).shown[0] }));
  }
  const { shown, more } = bounded(read.rejected);
  const count = more + read.skipped;
  if (shown.length || count) {
    const list = shown.join(words["list-separator"]);
    const detail = count ? fill(words["widget-bad-link-more"], { shown: list, count: count.toLocaleString(lang) }) : list;
    warnings.push(fill(words["widget-bad-link"], { detail }));
  }
  return warnings;
}
