// Error lookup: the reader pastes what a portal showed; we unhide the matching entry,
// rendered at build time from data/errors.yml in the page's language. Each entry's
// `data-messages` lists its message and title in every language, so an English
// message pasted on the Japanese page still matches. Runs without the worker.

const QUOTES = /["'“”‘’「」『』«»`…]/g;
const PUNCTUATION = /[.,;:!?。、，．！？・()[\]{}]/g;
const MIN_GRAMS = 3; // shorter input matches too much to mean anything
const THRESHOLD = 0.75; // share of the input's character pairs found in a message

// Case, quotes, punctuation, width (NFKC) and whitespace do not matter.
export function normalise(text) {
  return text.normalize("NFKC").toLowerCase().replace(QUOTES, " ").replace(PUNCTUATION, " ")
    .replace(/\s+/g, " ").trim();
}

function bigrams(text) {
  const compact = text.replace(/ /g, "");
  const grams = new Set();
  for (let i = 0; i < compact.length - 1; i++) grams.add(compact.slice(i, i + 2));
  return grams;
}

// 1 when the input is inside the message (partial paste) or holds all of it
// (pasted with extra text); otherwise the share of the input's pairs in the message,
// which tolerates a typo or a word changed by a portal update.
export function score(input, message) {
  if (!input || !message) return 0;
  if (message.includes(input) || input.includes(message)) return input.replace(/ /g, "").length >= MIN_GRAMS ? 1 : 0;
  const wanted = bigrams(input);
  if (wanted.size < MIN_GRAMS) return 0;
  const have = bigrams(message);
  let found = 0;
  for (const gram of wanted) if (have.has(gram)) found++;
  return found / wanted.size;
}

export function bestEntry(entries, text) {
  const input = normalise(text);
  let best = null;
  let bestScore = 0;
  for (const entry of entries) {
    const messages = JSON.parse(entry.dataset.messages || "[]").map(normalise);
    const value = Math.max(0, ...messages.map((m) => score(input, m)));
    if (value > bestScore) [best, bestScore] = [entry, value];
  }
  return bestScore >= THRESHOLD ? best : null;
}

// Matches as the reader types; "no match" waits for a submit or a few characters, so
// it does not flash (and get announced) on every first keystroke.
export function mountLookup(section) {
  const form = section.querySelector("#checker-lookup-form");
  const input = section.querySelector("#checker-lookup-input");
  const none = section.querySelector("#checker-lookup-none");
  const entries = [...section.querySelectorAll(".checker-lookup-entry")];
  const show = (submitted) => {
    const text = normalise(input.value);
    const match = text ? bestEntry(entries, text) : null;
    for (const entry of entries) entry.hidden = entry !== match;
    none.hidden = Boolean(match) || !text || (!submitted && text.length < 12);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(true);
  });
  input.addEventListener("input", () => show(false));
  section.hidden = false;
}
