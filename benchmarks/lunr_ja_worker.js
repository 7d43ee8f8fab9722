// Engine (a) of benchmarks/search.py: Material's own search worker with its Japanese
// set-up fixed, for the comparison only (the site ships Pagefind).
//
// Material's worker splits the indexed Japanese text with TinySegmenter, but the query
// only at its separator (and Han runs against the index's keys), so a compound such as
// アクティブ化 is looked up whole and finds nothing. Here each query term with Japanese
// characters is split with the same TinySegmenter, every part required.
importScripts(new URL(self.location.href).searchParams.get("material"));

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
const search = lunr.Index.prototype.search;

function splitTerm(term) {
  const bare = term.replace(/^[+-]/, "").replace(/\*$/, "");
  if (!JAPANESE.test(bare) || !lunr.segmenter) return [term];
  return lunr.segmenter.segment(bare).filter((part) => part.trim()).map((part) => `+${part}*`);
}

lunr.Index.prototype.search = function (query) {
  const terms = query.normalize("NFKC").split(/\s+/).filter(Boolean).flatMap(splitTerm);
  return search.call(this, terms.join(" "));
};
