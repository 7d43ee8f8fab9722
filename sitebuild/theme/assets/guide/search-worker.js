// Material's search worker, answered by Pagefind (sitebuild/bundle/search_index.py).
//
// Material's search box, results list and keyboard handling stay as they are: Material
// starts the worker named in the page's config (which the build points here) and
// speaks its four messages to it, SETUP -> READY and QUERY -> RESULT. The answers come
// from the page's own language's Pagefind bundle, which SETUP names (the build writes
// `pagefind` and `lang` into the settings Material sends from search/search_index.json,
// so this script's URL is the same on every page and is cached offline as it is), whose
// Japanese words were split when the site was indexed. The query
// is split into words here with the browser's Intl.Segmenter: Pagefind would do so
// itself only when it can read the page's language from `document`, which a worker
// has not, and a compound left whole (サポート特典) matches none of the indexed words.
// Pagefind's excerpts are escaped here except for its <mark> tags, because Material
// inserts a result's title and text as HTML.

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const MAX_PAGES = 10; // Material shows ten results before "more"; fetching more costs requests
const MAX_SECTIONS = 3; // sections of a page shown under it
const MARK = /<(\/?)mark>/g;

// This script is assets/guide/search-worker.js (search_index.py WORKER; the paths the
// build writes are from the site root): tests/test_script_conventions.py keeps the two in step.
const SITE_ROOT = new URL("../../", self.location.href);
let bundle = null; // the language's Pagefind bundle: SETUP names it (search_index.py writes it)
let tag = null; // names this build's index, so its files can come from the offline cache
let split = null; // the language's word splitter, where words are written without spaces

function configure(config) {
  bundle = config.pagefind ? new URL(config.pagefind, SITE_ROOT) : null;
  tag = config["pagefind-tag"] || null;
  const lang = config.lang?.[0] || "en";
  split = /^(ja|zh|th)\b/.test(lang) ? new Intl.Segmenter(lang, { granularity: "word" }) : null;
}
let loading = null; // Pagefind's module, once loaded; a failed load is tried again by the next query
let latest = null; // the newest query; older ones still running are answered with nothing
let running = Promise.resolve();

function start() {
  loading ||= (async () => {
    if (!bundle) throw new Error("the search settings name no Pagefind bundle");
    const pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options(tag ? { excerptLength: 24, metaCacheTag: tag } : { excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  })().catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

// Width does not matter to a reader (ＴＰＤ and ｱｸﾃｨﾌﾞ化 are TPD and アクティブ化), nor
// whether a compound is typed with its space (サポート プラン, サポートプラン).
function normaliseQuery(text) {
  const query = text.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (!split) return query;
  return [...split.segment(query)].filter((part) => part.isWordLike).map((part) => part.segment).join(" ");
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// Pagefind's text with only its highlighting kept as markup.
function safeExcerpt(html) {
  const kept = html.replace(MARK, (_, slash) => (slash ? "\u0002" : "\u0001"));
  const text = kept.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&").replace(/\u200b/g, "");
  return escapeHtml(text).replace(/\u0001/g, "<mark>").replace(/\u0002/g, "</mark>");
}

function toItems(page, score, terms) {
  const title = escapeHtml(page.meta.title || page.url);
  const article = { location: page.url, title, text: safeExcerpt(page.excerpt), score, terms };
  const sections = (page.sub_results || [])
    .filter((sub) => sub.url !== page.url && sub.url.includes("#"))
    .slice(0, MAX_SECTIONS)
    .map((sub) => ({ location: sub.url, title: escapeHtml(sub.title), text: safeExcerpt(sub.excerpt), score, terms }));
  return [article, ...sections];
}

async function search(query) {
  const text = normaliseQuery(query);
  if (!text) return { items: [] };
  const pagefind = await start();
  const found = await pagefind.search(text);
  if (!found || query !== latest) return null;
  const pages = await Promise.all(found.results.slice(0, MAX_PAGES).map((result) => result.data()));
  const terms = Object.fromEntries(text.split(" ").map((word) => [word, true]));
  return { items: pages.map((page, i) => toItems(page, found.results[i].score, terms)) };
}

function answer(query) {
  latest = query;
  running = running.then(() => (query === latest ? search(query) : null)).then((data) => {
    if (data) self.postMessage({ type: RESULT, data });
  }, (error) => {
    console.warn(`search: ${error}`);
    if (query === latest) self.postMessage({ type: RESULT, data: { items: [] } });
  });
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    configure(message.data.config || {});
    start().then(() => self.postMessage({ type: READY }), (error) => {
      console.warn(`search: the index did not load: ${error}`);
      self.postMessage({ type: READY });
    });
  } else if (message.type === QUERY) {
    answer(message.data);
  }
});
