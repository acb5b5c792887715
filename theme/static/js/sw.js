// Torget's service worker (served as /sw.js; the build puts the site's version above this line).
// Pages and theme files a person has opened are kept, so they can be read without a connection.
// Nothing from /api/ is ever kept; logging out empties every cache; a new build replaces them all.
/* global VERSION */
const PAGES = `torget-pages-${VERSION}`;
const ASSETS = `torget-assets-${VERSION}`;
const NEVER = ["/api/", "/ws", "/_devserver/", "/_s3/", "/login/", "/en/login/", "/uploads/", "/pagefind/", "/manifest.json"];

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== PAGES && name !== ASSETS) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function fresh(request) {
  // The network first: a page read online is always the current one; kept for reading offline.
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      const copy = response.clone();
      caches.open(PAGES).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: false });
    if (kept) return kept;
    throw error;
  }
}

async function kept(request) {
  // Theme files belong to one build (the cache's name): kept ones are current until the next build.
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(ASSETS).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (url.pathname.startsWith("/theme/") || url.pathname.startsWith("/images/")) {
    event.respondWith(kept(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fresh(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))));
});
