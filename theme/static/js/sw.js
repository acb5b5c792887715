// Torget's service worker (served as /sw.js; the build puts the site's version above this line).
// Pages and theme files a person has opened are kept, so they can be read without a connection;
// online, every request goes to the network as if there were no worker.
// Nothing from /api/ is ever kept; logging out empties every cache; a new build replaces them all.
/* global VERSION */
const PAGES = `torget-pages-${VERSION}`;
const ASSETS = `torget-assets-${VERSION}`;
const NEVER = ["/api/", "/ws", "/_devserver/", "/_s3/", "/login/", "/en/login/", "/uploads/", "/pagefind/", "/manifest.json"];

// What a page needs to say it is offline, kept from the start (everything else as it is first read).
const FIRST = ["/theme/js/main.js", "/theme/js/dom.js", "/theme/js/offline.js", "/theme/css/torget.css"];

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(FIRST)).catch(() => {}));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== PAGES && name !== ASSETS) await caches.delete(name);
    // The browser asks the network for a page while this worker starts, not after.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

async function fresh(request, preloaded) {
  // The network first, always: online a person sees exactly what is deployed (the browser's own cache
  // still answers theme files for their hour); what was read is kept for reading offline.
  try {
    const response = (await preloaded) || await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      const copy = response.clone();
      caches.open(new URL(request.url).pathname.startsWith("/theme/") ? ASSETS : PAGES).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    event.respondWith(fresh(request, event.preloadResponse));
  } else if (url.pathname.startsWith("/theme/") || url.pathname.startsWith("/images/")) {
    event.respondWith(fresh(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))));
});
