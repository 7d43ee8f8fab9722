// Offline use of the checker. The service worker (sw.js at the site root, written by
// the build from sitebuild/service_worker.js) is registered from every page by
// loader.js and keeps the pages the reader opens; once the checker is ready on a page
// (its files are then in the HTTP cache), we ask it to keep the checker's files too,
// so the checker works offline after the first visit. Nothing here blocks the page:
// without service workers (or storage) everything works online as before.

// Sets root.dataset.checkerOffline to "ready" once the service worker holds every
// file the checker needs (or "failed"); tests and the page can read it.
export async function keepCheckerOffline(root) {
  if (!("serviceWorker" in navigator) || root.dataset.checkerOffline) return;
  root.dataset.checkerOffline = "pending";
  try {
    const registration = await navigator.serviceWorker.ready;
    const reply = await ask(registration.active, { type: "cache-checker" });
    root.dataset.checkerOffline = reply && reply.ok ? "ready" : "failed";
  } catch (error) {
    console.warn("guide: the checker could not be kept for offline use:", error);
    root.dataset.checkerOffline = "failed";
  }
}

function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}
