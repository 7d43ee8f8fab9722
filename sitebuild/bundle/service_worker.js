// Service worker of the guide: after one visit, the checker and the pages the reader
// opened work offline. Written into the site root as sw.js by sitebuild/bundle/offline.py,
// which puts this build's manifest in place of the marker below (plain JSON data).
// Registered by assets/checker/loader.js on every page, with the site root as scope.
//
// - install: cache the shell (what every page needs to render); for a reader who had
//   the checker offline with the previous build, the new checker files too, and fresh
//   copies of the pages they had.
// - activate: drop the other builds' caches (named with the manifest's cache_prefix;
//   never the checker's snapshot cache, whose name does not start so), take control of
//   the open pages and keep them.
// - fetch: the runtime and the wheel (their URLs change with their bytes) from the
//   cache first; everything else from the network first, so an online visit always
//   sees the newest build, and from the cache when the network fails. Pages and the
//   checker's build-stamped files (`?<build_param>=<build>`) are asked of the server past the
//   browser's HTTP cache ("no-cache": revalidated), so a tab opened after a deploy
//   gets the new page, never the old one from the HTTP cache; the page names its build
//   and the checker's worker refuses files of another.
// - message {type: "cache-checker"}: the checker page asks for the checker's files
//   once it has used them (they then come from the HTTP cache); answered on the port.
// - message {type: "prefetch-checker"}: any page, once the browser is idle and the
//   reader has not asked to save data (loader.js): the same, ahead of a first visit
//   of the checker, which then starts with every byte at hand.

const MANIFEST = /* MANIFEST */ null;
const PREFIX = MANIFEST.cache_prefix;
const CACHE = PREFIX + MANIFEST.version;
const SCOPE = self.registration.scope;
const absolute = (path) => new URL(path, SCOPE).href;
// Only this build's bytes are kept: each file is fetched with its sha256 (the manifest's).
const verified = (path) => new Request(absolute(path), { integrity: MANIFEST.integrity[path] || "" });
const IMMUTABLE = new Set(MANIFEST.immutable.map(absolute));
const NOT_CACHED = [/\/livereload\//]; // mkdocs serve's reload polling

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(MANIFEST.shell.map(verified));
    await carryOver(cache);
    await self.skipWaiting();
  })());
});

// What the reader had with an older build, in this build's version.
async function carryOver(cache) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    const requests = await old.keys();
    if (requests.some((key) => key.url.endsWith(".whl"))) await cacheAll(cache, MANIFEST.checker).catch(() => false);
    const pages = [];
    for (const key of requests) {
      const response = await old.match(key);
      if (response && (response.headers.get("Content-Type") || "").startsWith("text/html")) pages.push(key.url);
    }
    await Promise.all(pages.map((url) => cache.add(url).catch(() => undefined)));
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
    // The pages open now were loaded before this worker existed: keep them too.
    const cache = await caches.open(CACHE);
    const pages = await self.clients.matchAll({ type: "window" });
    await Promise.all(pages.map((client) => cache.add(client.url.split("#")[0]).catch(() => undefined)));
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "cache-checker" && message.type !== "prefetch-checker") return;
  const port = event.ports[0];
  event.waitUntil((async () => {
    let ok = true;
    try {
      await cacheChecker();
    } catch (error) {
      ok = false;
      console.warn("guide: could not keep the checker for offline use:", error);
    }
    if (port) port.postMessage({ type: "checker-cached", ok, version: MANIFEST.version, build: MANIFEST.build });
  })());
});

// One download of the checker at a time: every page of a visit asks for it.
let checkerCaching = null;
function cacheChecker() {
  checkerCaching ||= caches.open(CACHE).then((cache) => cacheAll(cache, MANIFEST.checker)).finally(() => { checkerCaching = null; });
  return checkerCaching;
}

// Adds what the cache lacks (paths of the manifest); rejects, adding nothing, if any
// of it cannot be fetched or is not this build's.
async function cacheAll(cache, paths) {
  const missing = [];
  for (const path of paths) if (!(await cache.match(absolute(path)))) missing.push(verified(path));
  await cache.addAll(missing);
  return true;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  if (NOT_CACHED.some((pattern) => pattern.test(url.pathname))) return;
  const keep = (response) => event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, response)).catch(() => undefined));
  event.respondWith(IMMUTABLE.has(request.url) ? cacheFirst(request, keep) : networkFirst(request, keep));
});

// Past the HTTP cache: a navigation, or a file named by its build.
function revalidated(request) {
  if (request.mode === "navigate") return fetch(request.url, { cache: "no-cache", credentials: "same-origin" });
  if (new URL(request.url).searchParams.has(MANIFEST.build_param)) return fetch(new Request(request, { cache: "no-cache" }));
  return fetch(request);
}

async function cacheFirst(request, keep) {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200) keep(response.clone());
  return response;
}

async function networkFirst(request, keep) {
  let response;
  try {
    response = await revalidated(request);
  } catch (offline) {
    const cache = await caches.open(CACHE);
    const cached = (await cache.match(request)) || (request.mode === "navigate" ? await cache.match(request, { ignoreSearch: true }) : null);
    if (cached) return cached;
    throw offline;
  }
  if (response.status === 200 && response.type === "basic") keep(response.clone());
  return response;
}
