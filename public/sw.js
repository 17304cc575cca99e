// Doorstep's service worker. It keeps this build's files so the app opens with no network, and
// it delivers requests waiting in the outbox when the network comes back, even with no page open
// (Background Sync, where the browser has it). What it never does: cache anything from a backend
// (statuses, requests, personal data) — those go to the network untouched.
//
// The outbox protocol, shared with src/store/outbox.rs and src/components/outbox.rs: IndexedDB
// `doorstep`, store `deliveries` holds, by idempotency key, a plan as JSON text
// ({"lookup": {"call": {method, url, headers: [[k, v]…]}, "fields": [[f, v]…]} | null,
//   "post": {method, url, headers, body}}); the worker looks first, posts only if the look-up
// finds nothing, and leaves what it got in `delivered` ({found, status, content_type, body}).
// Both sides hold the Web Lock "doorstep-outbox" while sending, so a request is never sent by
// the page and the worker at once. The worker never creates or upgrades the database.
//
// __VERSION__ and __PRECACHE__ are written by src/bin/prerender after each build.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `doorstep-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
  // A first install takes over at once; a new version waits until the resident reloads.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('doorstep-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

const fromCache = (path) => caches.open(CACHE).then((cache) => cache.match(path));

/** The network, then this build's copy: config.json changes with a deployment, not with a build. */
async function networkFirst(request) {
  try {
    const answer = await fetch(request, { signal: AbortSignal.timeout(4000) });
    if (answer.ok) (await caches.open(CACHE)).put(request.url.replace(location.origin, ''), answer.clone());
    return answer;
  } catch {
    return (await fromCache(new URL(request.url).pathname)) ?? Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (event.request.mode === 'navigate') {
    // Every page of the app is index.html; this build's copy, so its files always match.
    event.respondWith(fromCache('/index.html').then((cached) => cached ?? fetch(event.request)));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(event.request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(fromCache(url.pathname).then((cached) => cached ?? fetch(event.request)));
  }
  // Anything else (an API under this origin): the network, untouched.
});

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function openOutbox() {
  const request = indexedDB.open('doorstep');
  request.onupgradeneeded = () => request.transaction.abort(); // never create it: the app does
  try {
    const db = await promised(request);
    db.onversionchange = () => db.close(); // a newer app is upgrading it
    if (db.objectStoreNames.contains('deliveries')) return db;
    db.close();
    return null;
  } catch {
    return null;
  }
}

async function entries(db, store) {
  const tx = db.transaction(store);
  const [keys, values] = await Promise.all([promised(tx.objectStore(store).getAllKeys()), promised(tx.objectStore(store).getAll())]);
  return keys.map((key, n) => [key, values[n]]);
}

function write(db, key, result) {
  const tx = db.transaction(['delivered', 'deliveries'], 'readwrite');
  tx.objectStore('delivered').put(JSON.stringify(result), key);
  tx.objectStore('deliveries').delete(key);
  return new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

const worthAnotherTry = (status) => status >= 500 || status === 429 || status === 408 || status === 409 || status === 425;

/** Carries out one plan: the earlier copy the look-up finds, or the answer to the post. */
async function deliver(plan) {
  const timeout = { signal: AbortSignal.timeout(30000), cache: 'no-store' };
  if (plan.lookup) {
    const call = plan.lookup.call;
    const answer = await fetch(call.url, { method: call.method, headers: call.headers, ...timeout });
    if (worthAnotherTry(answer.status)) throw new Error(`look-up: HTTP ${answer.status}`);
    if (answer.ok) {
      const data = await answer.json();
      const items = Array.isArray(data) ? data : [data];
      const same = (item) => plan.lookup.fields.every(([field, value]) => String(item?.[field] ?? '').trim() === String(value).trim());
      const found = items.find(same);
      if (found) return { found: true, status: 200, content_type: 'application/json', body: JSON.stringify(found) };
    }
  }
  const post = plan.post;
  const answer = await fetch(post.url, { method: post.method, headers: post.headers, body: post.body, ...timeout });
  if (worthAnotherTry(answer.status)) throw new Error(`post: HTTP ${answer.status}`);
  return { found: false, status: answer.status, content_type: answer.headers.get('content-type'), body: await answer.text() };
}

async function deliverOutbox() {
  const run = async () => {
    const db = await openOutbox();
    if (!db) return;
    let waiting = 0;
    try {
      for (const [key, text] of await entries(db, 'deliveries')) {
        try {
          await write(db, key, await deliver(JSON.parse(text)));
        } catch {
          waiting += 1;
        }
      }
    } finally {
      db.close();
    }
    for (const client of await self.clients.matchAll()) client.postMessage('delivered');
    // The browser tries the sync again later, on its own schedule.
    if (waiting) throw new Error(`${waiting} still waiting`);
  };
  return self.navigator.locks ? self.navigator.locks.request('doorstep-outbox', run) : run();
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(deliverOutbox());
});
