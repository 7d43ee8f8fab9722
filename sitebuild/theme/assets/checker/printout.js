// What the printed page needs beyond the screen: the date, the link that opens these
// answers again, and every link's address written out (a printout cannot be clicked).
// Also the copy-link control, since it shares the same link.

import { fill } from "./render.js";

// Each link under `scope` gets its absolute address in data-print-url; the print
// style writes it after the link. In-page links (change links, anchors) have none.
export function markLinkUrls(scope) {
  for (const link of scope.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (href.startsWith("#") || link.classList.contains("headerlink")) continue;
    try {
      link.dataset.printUrl = new URL(href, document.baseURI).href;
    } catch {
      delete link.dataset.printUrl;
    }
  }
}

export function updatePrintDetails(root, words, lang, url) {
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date());
  root.querySelector("#checker-print-date").textContent = fill(words["widget-printed-on"], { date });
  root.querySelector("#checker-print-link").textContent = fill(words["widget-print-link"], { url });
}

// Copies `url()`; where the clipboard is refused, shows the address to copy by hand.
export function bindCopyLink(root, words, url) {
  const button = root.querySelector("#checker-copy");
  const status = root.querySelector("#checker-copy-status");
  button.addEventListener("click", async () => {
    const address = url();
    try {
      await navigator.clipboard.writeText(address);
      status.textContent = words["widget-link-copied"];
    } catch {
      status.textContent = fill(words["widget-copy-failed"], { url: address });
    }
  });
}
