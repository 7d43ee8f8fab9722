// Error lookup: the reader pastes what a portal showed; we unhide the matching entry,
// rendered at build time from data/errors.yml in the page's language. Each entry's
// `data-messages` lists its message and title in every language, so a Japanese message
// pasted on the English page matches, and the reverse. The section's `data-terms`
// lists each glossary term's labels in every language (data/glossary.yml): a message
// seen in a portal of one language often holds a label of another ("この Access ID は"),
// so every label of a term compares as the same word. Runs without the worker.

const QUOTES = /["'“”‘’「」『』«»`…‥]/g;
const PUNCTUATION = /[.,;:!?。、，．！？・()[\]{}<>＜＞〈〉《》【】〔〕]/g;
const MIN_GRAMS = 3; // shorter input matches too much to mean anything
const THRESHOLD = 0.75; // share of the input's character pairs found in a message
const TERM_MARK = 0xe000; // private-use characters stand for glossary terms

// Width (NFKC: ｱｸｾｽ, ＡＣＣＥＳＳ), case, quotes, ellipses, punctuation and spaces do not
// matter: Japanese text is written with or without a space beside Latin words.
function plain(text) {
  return text.normalize("NFKC").toLowerCase().replace(QUOTES, "").replace(PUNCTUATION, "").replace(/\s+/g, "");
}

// [[variant, mark], ...], longest variant first, from [[label, label, ...], ...] per term.
export function termTable(terms) {
  const table = [];
  terms.forEach((labels, index) => {
    for (const label of labels) {
      const variant = plain(label);
      if (variant.length > 1) table.push([variant, String.fromCharCode(TERM_MARK + index)]);
    }
  });
  return table.sort((a, b) => b[0].length - a[0].length);
}

export function normalise(text, table = []) {
  let result = plain(text);
  for (const [variant, mark] of table) result = result.split(variant).join(mark);
  return result;
}

function bigrams(text) {
  const grams = new Set();
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

// 1 when the input is inside the message (partial paste) or holds all of it
// (pasted with extra text); otherwise the share of the input's pairs in the message,
// which tolerates a typo, a verb form (されていない / されていません) or a word
// changed by a portal update.
export function score(input, message) {
  if (!input || !message) return 0;
  if (message.includes(input) || input.includes(message)) return input.length >= MIN_GRAMS ? 1 : 0;
  const wanted = bigrams(input);
  if (wanted.size < MIN_GRAMS) return 0;
  const have = bigrams(message);
  let found = 0;
  for (const gram of wanted) if (have.has(gram)) found++;
  return found / wanted.size;
}

// `entries`: elements (or objects) with `dataset.messages`; `table`: from termTable.
export function bestEntry(entries, text, table = []) {
  const input = normalise(text, table);
  let best = null;
  let bestScore = 0;
  for (const entry of entries) {
    const messages = JSON.parse(entry.dataset.messages || "[]").map((message) => normalise(message, table));
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
  const table = termTable(JSON.parse(section.dataset.terms || "[]"));
  const show = (submitted) => {
    const text = normalise(input.value, table);
    const match = text ? bestEntry(entries, input.value, table) : null;
    for (const entry of entries) entry.hidden = entry !== match;
    none.hidden = Boolean(match) || !text || (!submitted && text.length < 10);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(true);
  });
  input.addEventListener("input", () => show(false));
  section.hidden = false;
}
