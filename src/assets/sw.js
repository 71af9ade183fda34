/* Yehua (夜话) service worker: a kiosk tablet that restarts without network still opens the
 * widget and takes submissions (they wait in the outbox in localStorage until the network is
 * back). Registered by the widget itself, in kiosk mode only, on http(s), never in an iframe
 * (src/web/offline.rs). Plain JS, no inline code, no dependencies. docs/KIOSK.md.
 *
 * What is cached, in one cache:
 *   - the app shell, found at install from ./ (index.html) and from every page the widget
 *     posts: the pages, and what they load, followed through the scripts (yehua-start.js ->
 *     yehua-app.js and yehua-kiosk.js -> each variant's hashed wasm-bindgen glue and .wasm:
 *     yehua-start.js names both manifests, so both variants are cached, and a kiosk page
 *     whose config file comes from the cache still finds its kiosk variant offline), the
 *     stylesheet, the manifest and its icons, and the default consultation (consultation.json,
 *     which yehua-start.js names);
 *   - the config file and the definition, when same-origin (the widget posts their URLs).
 * Strategies (same-origin GET only; anything else, e.g. the POSTs to the endpoint, is not
 * touched):
 *   - hashed files (the name changes with the content): cache first;
 *   - everything else of ours (pages, stable-named scripts, JSON, the manifest, icons):
 *     network first, the cached copy when the network fails, answers with an error, or takes
 *     longer than NETWORK_TIMEOUT_MS (flaky networks); refreshed on every success.
 * After a page came from the network, hashed files it no longer leads to are dropped, so
 * updates do not fill the tablet with old builds.
 */
'use strict';

const CACHE = 'yehua-shell-v1';
const NETWORK_TIMEOUT_MS = 4000;
// Trunk's content hashes: up to 16 hex digits (leading zeros are not printed).
const HASHED = /-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg)$/;
const SHELL = /\.(?:js|wasm|css|webmanifest|svg|json)$/;
const REFERENCES = [
  /(?:href|src)\s*=\s*["']([^"']+)["']/g,
  /(?:from|import)\s*\(?\s*["']([^"']+)["']/g,
  /new URL\(\s*["']([^"']+)["']/g,
];

const scopeUrl = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cacheTree(cache, scopeUrl('./'), new Set()))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith('yehua-') && n !== CACHE).map((n) => caches.delete(n)))),
  );
});

/* The widget posts {type: 'yehua-precache', urls: [...]}: its page, config file and definition. */
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'yehua-precache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && sameOrigin(u)).map((u) => scopeUrl(u));
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(urls.map((u) => cacheTree(cache, u, new Set()))))
      .then(() => {
        if (event.source && event.source.postMessage) event.source.postMessage({ type: 'yehua-precached', urls });
      }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  const path = new URL(request.url).pathname;
  if (HASHED.test(path)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' || SHELL.test(path)) {
    event.respondWith(networkFirst(event, request));
  }
});

function sameOrigin(u) {
  try {
    return new URL(u, self.registration.scope).origin === self.location.origin;
  } catch (e) {
    return false;
  }
}

/* Caches `url` (a hashed file only if missing; anything else fresh from the network, or the
 * `given` response) and, for a page or a script, everything it leads to. `seen` collects every
 * URL of the tree; true when every part of it could be fetched. */
async function cacheTree(cache, url, seen, given) {
  if (seen.has(url)) return true;
  seen.add(url);
  let response = given;
  if (!response && HASHED.test(new URL(url).pathname)) response = await cache.match(url);
  if (!response) {
    try {
      response = await fetch(url, { cache: 'no-cache', credentials: 'omit' });
    } catch (e) {
      return false; // offline now: the next page load tries again
    }
    if (!response.ok) return false;
    await cache.put(url, response.clone());
  }
  let complete = true;
  const type = response.headers.get('Content-Type') || '';
  if (/html|javascript/.test(type)) {
    const text = await response.clone().text();
    for (const u of references(url, text)) complete = (await cacheTree(cache, u, seen)) && complete;
  } else if (url.endsWith('.webmanifest')) {
    try {
      const manifest = await response.clone().json();
      for (const icon of manifest.icons || []) {
        const u = new URL(icon.src, url).href;
        if (sameOrigin(u)) complete = (await cacheTree(cache, u, seen)) && complete;
      }
    } catch (e) {
      /* a manifest we cannot read: the page still works */
    }
  }
  return complete;
}

/* Same-origin shell files that the HTML or script `text` at `base` refers to. */
function references(base, text) {
  const found = new Set();
  for (const pattern of REFERENCES) {
    for (const m of text.matchAll(pattern)) {
      let u;
      try {
        u = new URL(m[1], base);
      } catch (e) {
        continue;
      }
      u.hash = '';
      if (u.origin === self.location.origin && SHELL.test(u.pathname)) found.add(u.href);
    }
  }
  return found;
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/* The network's answer, unless it fails, answers with an error or is later than
 * NETWORK_TIMEOUT_MS while a cached copy exists. A page is also found under another query
 * string (?kiosk=1) or as ./ . */
async function networkFirst(event, request) {
  const cache = await caches.open(CACHE);
  const page = request.mode === 'navigate';
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      await cache.put(request, response.clone());
      if (page) event.waitUntil(refreshShell(cache, request.url, response.clone()));
    }
    return response;
  });
  const fallback = (await cache.match(request, { ignoreSearch: page })) || (page ? await cache.match(scopeUrl('./')) : undefined);
  if (!fallback) return network;
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), NETWORK_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([network, late]);
    return response.ok ? response : fallback; // a server error is no better than the copy
  } catch (e) {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

/* After a page came from the network: cache what it leads to now and, if all of it came,
 * drop hashed files it doesn't lead to. */
async function refreshShell(cache, url, response) {
  const seen = new Set();
  if (!(await cacheTree(cache, url, seen, response))) return;
  for (const request of await cache.keys()) {
    if (HASHED.test(new URL(request.url).pathname) && !seen.has(request.url)) await cache.delete(request);
  }
}
