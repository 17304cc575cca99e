// Doorstep's service worker. It keeps this build's files so the app opens with no network, and
// it delivers requests waiting in the outbox when the network comes back, even with no page open
// (Background Sync, where the browser has it). What it never does: cache anything from a backend
// (statuses, requests, personal data) — those go to the network untouched.
//
// The outbox: this worker only carries out plans the app wrote (src/model/outbox.rs decides every
// rule; nothing is decided here). IndexedDB `doorstep`, store `plans` holds, by idempotency key, a
// plan as JSON text: {v: 2, lookup: {call, fields} | null, post: {method, url, headers, body},
// repeatable, retry_on: [[from, to]…], not_before}. Holding the Web Lock "doorstep-outbox" for one plan at a time (the page
// takes it too, one request at a time: a withdraw waiting for it comes in between), for each plan of version 2 that is due, the worker writes its try down in
// `delivered` ({v: 2, tries: [{at, answer?}]}) in the same transaction that checks the plan is still
// there, and only then sends; the answer is written beside the try. A plan that is not
// `repeatable` gets one try, and then waits for the app to judge it. An answer whose status is in
// `retry_on` leaves the plan for a later sync. A plan of another version is left alone: the app
// writes it again in its own. The worker never creates or upgrades the database.
//
// Files. __VERSION__, __PRECACHE__ (the files of a first visit), __LATER__ (the address of the
// list of what is fetched only when used: the split modules and their chunks, the other
// languages' words, the photo worker) and __PLAIN__ (those of them whose names do not carry
// their content) are written by src/bin/prerender after each build. A first visit downloads each file
// once: the precache takes the HTTP cache's copy of what the page has just loaded, and the rest
// is kept only once the page says its first load is done ("warm"), and not at all where the
// resident asked to save data. A file whose name carries its content (`-<hash>`) is the same in
// every build: it is copied from an older build's cache instead of downloaded again, and served
// from whichever cache has it, so a page of an older build still finds its own pieces. A new
// version's cache does not delete the previous one (an open page may still be using it), only
// older ones. Pages are asked for over the network first (a deployment's headers and
// config.json reach every returning resident), and this build's copy is served only offline or
// when the network is slower than NAVIGATION_MS.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const LATER = __LATER__;
const PLAIN = __PLAIN__;
const CACHE = `doorstep-${VERSION}`;
/** The app's one page, kept under this name whatever address it was first opened at. */
const INDEX = '/index.html';
const NAVIGATION_MS = 3000;
const HASHED = /(-[0-9a-f]{12,16}(_bg)?\.(wasm|js|txt|svg)|^\/__wasm_split\.[0-9a-f]{22}\.js)$/;

/** Keeps `url` in `cache`: from an older build's cache where its name carries its content. False
 * if the server no longer has it (a newer build is in place). */
async function keep(cache, url) {
  if (await cache.match(url)) return true;
  const old = HASHED.test(url) ? await caches.match(url) : undefined;
  if (old) return cache.put(url, old).then(() => true);
  const answer = await fetch(url);
  if (answer.ok) await cache.put(url, answer);
  return answer.ok;
}

/** When this version was installed, kept in its cache (an older version's cache is deleted only
 * once it is older than a week: a page left open longer has been reloaded by then). */
const INSTALLED = '/__installed';
const WEEK_MS = 7 * 24 * 3600 * 1000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      await Promise.all(PRECACHE.map((url) => keep(cache, url)));
      if (!(await cache.match(INSTALLED))) await cache.put(INSTALLED, new Response(String(Date.now())));
    }),
  );
  // A first install takes over at once; a new version waits until the resident reloads.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // An older version's cache stays while a page may still be open on it: for a week after
      // it was installed (the server keeps a build's files as long: docs/deploy.md). Which
      // version an open page runs cannot be told from here, and a version may never have served
      // a page (replaced while waiting), so age decides, not order.
      const ours = (await caches.keys()).filter((name) => name.startsWith('doorstep-') && name !== CACHE);
      for (const name of ours) {
        const at = Number(await (await (await caches.open(name)).match(INSTALLED))?.text());
        if (!(Date.now() - at < WEEK_MS)) await caches.delete(name); // (no stamp: NaN, deleted)
      }
      await self.clients.claim();
    })(),
  );
});

/** Keeps what is fetched only when used, one at a time, after the first load — but not the
 * adapters of the offices this deployment does not use (config.json names its one); once done,
 * the list itself is kept, so later starts ask for nothing. */
async function warm(cache, everything) {
  if (await cache.match(LATER)) return;
  try {
    const later = await fetch(LATER);
    if (!later.ok) return; // a newer build in place: its worker warms
    const { modules = {}, files = [] } = await later.clone().json();
    const config = await (await cache.match('/config.json'))?.json().catch(() => null);
    const kind = config?.backend?.kind;
    const wanted = new Set(files);
    for (const [name, parts] of Object.entries(modules)) {
      if (kind && name.endsWith('_office') && name !== `${kind}_office`) continue;
      for (const part of parts) wanted.add(part);
    }
    if (!everything) {
      // Saving data: only what this phone has already downloaded (the HTTP cache's copies, no
      // network), so what was opened once works offline; the rest needs the network.
      for (const url of wanted) {
        if (await cache.match(url)) continue;
        const copy = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
        if (copy?.ok) await cache.put(url, copy);
      }
      return;
    }
    // Done only once every file is kept: a newer build put in place meanwhile leaves it undone
    // (the new version's worker keeps its own files).
    for (const url of wanted) if (!(await keep(cache, url))) return;
    await cache.put(LATER, later);
  } catch {
    // offline again: the rest at the next start
  }
}

/** The page's word once its first load is done: its own address (the app's page, revalidated
 * rather than fetched again under another name), and whether to keep the rest for offline use
 * (not when saving data). */
async function settle({ page, warm: warmToo }) {
  const cache = await caches.open(CACHE);
  if (!(await cache.match(INDEX))) {
    const address = /^\/(?!\/)/.test(page) ? page : '/'; // this origin's own path only
    try {
      const answer = await fetch(address);
      if (answer.ok && (answer.headers.get('content-type') ?? '').startsWith('text/html')) await cache.put(INDEX, answer);
    } catch {}
  }
  await warm(cache, warmToo === true);
}

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  else if (event.data && typeof event.data === 'object') event.waitUntil(settle(event.data));
});

const fromCache = (path) => caches.open(CACHE).then((cache) => cache.match(path));

/** The network, then this build's copy: config.json changes with a deployment, not with a build. */
async function networkFirst(request) {
  try {
    const answer = await fetch(request, { signal: AbortSignal.timeout(4000) });
    if (answer.ok) (await caches.open(CACHE)).put(request.url.replace(location.origin, ''), answer.clone());
    return answer;
  } catch {
    const cached = await fromCache(new URL(request.url).pathname);
    if (!cached) return Response.error();
    // Marked, so the app does not take this copy's old `Date` for the office's clock now.
    const headers = new Headers(cached.headers);
    headers.set('x-doorstep-cache', 'hit');
    return new Response(cached.body, { status: cached.status, headers });
  }
}

/** A page: the network's (with the deployment's headers), this build's copy offline or when slow. */
async function page(request) {
  const network = fetch(request).catch(() => null);
  const slow = new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_MS));
  const answer = await Promise.race([network, slow]);
  return answer ?? (await fromCache(INDEX)) ?? (await network) ?? Response.error();
}

/** A file whose name carries its content: from any of our caches, else the network (then kept). */
async function hashed(request, path) {
  const cached = await caches.match(path);
  if (cached) return cached;
  const answer = await fetch(request);
  if (answer.ok) (await caches.open(CACHE)).put(path, answer.clone());
  return answer;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (event.request.mode === 'navigate') {
    event.respondWith(page(event.request));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(event.request));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(hashed(event.request, url.pathname));
  } else if (PRECACHE.includes(url.pathname) || PLAIN.includes(url.pathname)) {
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

function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

async function openOutbox() {
  const request = indexedDB.open('doorstep');
  request.onupgradeneeded = () => request.transaction.abort(); // never create it: the app does
  try {
    const db = await promised(request);
    db.onversionchange = () => db.close(); // a newer app is upgrading it, or erasing it
    if (db.objectStoreNames.contains('plans')) return db;
    db.close();
    return null;
  } catch {
    return null;
  }
}

const PLAN_VERSION = 2;

/** Writes a try down before it is sent, if the plan is still there; its record, or null. */
async function writeTryDown(db, key, offset) {
  const tx = db.transaction(['plans', 'delivered'], 'readwrite');
  const [plan, kept] = await Promise.all([promised(tx.objectStore('plans').get(key)), promised(tx.objectStore('delivered').get(key))]);
  if (plan === undefined) {
    tx.abort();
    return null;
  }
  const record = kept ? JSON.parse(kept) : { v: PLAN_VERSION, tries: [] };
  if (record.v !== PLAN_VERSION) {
    tx.abort();
    return null;
  }
  const at = Date.now();
  record.tries.push({ at, office_at: offset === null ? null : at + offset });
  tx.objectStore('delivered').put(JSON.stringify(record), key);
  await committed(tx);
  return record;
}

/** Writes down what the try got back; with `done`, the plan has been carried out. */
async function writeAnswer(db, key, record, answer, done) {
  const tx = db.transaction(['plans', 'delivered'], 'readwrite');
  record.tries[record.tries.length - 1].answer = answer;
  tx.objectStore('delivered').put(JSON.stringify(record), key);
  if (done) tx.objectStore('plans').delete(key);
  await committed(tx);
}

const waitAgain = (plan, status) => plan.retry_on.some(([from, to]) => status >= from && status <= to);

/** The most of an answer read (the app's own default `max_answer_bytes`): a longer one is no
 * answer — the try's outcome stays unknown, and the app looks for it before trying again. */
const ANSWER_MAX = 2000000;

/** An answer's text, read up to ANSWER_MAX bytes; longer, it throws. */
async function boundedText(response) {
  const reader = response.body?.getReader();
  const parts = [];
  let length = 0;
  for (let read; reader && !(read = await reader.read()).done; parts.push(read.value)) {
    if ((length += read.value.length) > ANSWER_MAX) {
      reader.cancel().catch(() => {});
      throw new Error('answer too long');
    }
  }
  return new Blob(parts).text();
}

async function answerOf(response, found) {
  return {
    found,
    status: response.status,
    content_type: response.headers.get('content-type'),
    retry_after: response.headers.get('retry-after'),
    body: await boundedText(response),
  };
}

/** Carries out one plan: the earlier copy its look-up finds, or the answer to its post. */
async function carryOut(plan) {
  const timeout = { signal: AbortSignal.timeout(30000), cache: 'no-store' };
  if (plan.lookup) {
    const call = plan.lookup.call;
    const response = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body ?? undefined, ...timeout });
    if (response.ok) {
      const text = await boundedText(response);
      const data = JSON.parse(text);
      const items = Array.isArray(data) ? data : [data];
      const same = (item) => plan.lookup.fields.every(([field, value]) => String(item?.[field] ?? '').trim() === String(value).trim());
      const found = items.find(same);
      if (found) return { found: true, status: 200, content_type: 'application/json', retry_after: null, body: JSON.stringify(found) };
    } else if (waitAgain(plan, response.status)) {
      return answerOf(response, false);
    }
  }
  const post = plan.post;
  return answerOf(await fetch(post.url, { method: post.method, headers: post.headers, body: post.body, ...timeout }), false);
}

/** How far the office's clock is ahead of this one (the app's origin's `Date`), or null. */
async function officeClock() {
  try {
    const answer = await fetch('/config.json', { method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(4000) });
    const date = Date.parse(answer.headers.get('date') ?? '');
    return Number.isNaN(date) ? null : date - Date.now();
  } catch {
    return null;
  }
}

/** Whether the worker's record leaves a request in doubt: a try with no answer, or any answer but a filing (a
 * refusal too: the browser may have re-sent a post the office had filed, and only the page's search tells). */
const inDoubt = (plan, record) => {
  const last = record?.tries?.at(-1);
  return last !== undefined && (!last.answer || !(last.answer.found || (last.answer.status >= 200 && last.answer.status < 300)));
};

/** Reads every plan and every record, as kept now. */
async function readAll(db) {
  const tx = db.transaction(['plans', 'delivered']);
  const [keys, texts, recordKeys, recordTexts] = await Promise.all([
    promised(tx.objectStore('plans').getAllKeys()),
    promised(tx.objectStore('plans').getAll()),
    promised(tx.objectStore('delivered').getAllKeys()),
    promised(tx.objectStore('delivered').getAll()),
  ]);
  const parse = (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  return {
    plans: new Map(keys.map((key, n) => [key, parse(texts[n])])),
    records: new Map(recordKeys.map((key, n) => [key, parse(recordTexts[n])])),
  };
}

/** Carries out the plan of `key`, if it is still there and due; whether it still waits. Holding
 * the lock for this one request only, so a withdraw or change waiting for it comes in between. */
async function deliverOne(db, key, offset) {
  const { plans, records } = await readAll(db);
  const plan = plans.get(key);
  if (plan?.v !== PLAN_VERSION) return false;
  if (!plan.repeatable && records.has(key)) return false; // tried once: the app judges it
  // Another request saying the same is in doubt: this one waits for the app.
  if ([...plans].some(([k, p]) => k !== key && p?.alike != null && p.alike === plan.alike && inDoubt(p, records.get(k)))) return false;
  if (plan.not_before > Date.now()) return true;
  const record = await writeTryDown(db, key, offset);
  if (!record) return false;
  try {
    const answer = await carryOut(plan);
    const again = waitAgain(plan, answer.status);
    // A plan tried once (an office that can only be searched) stays until the app has judged its
    // answer: until then it keeps others saying the same waiting (`inDoubt`).
    await writeAnswer(db, key, record, answer, !again && plan.repeatable);
    return again && plan.repeatable;
  } catch {
    // No answer: the try stays written down, its outcome unknown.
    return plan.repeatable;
  }
}

async function deliverOutbox() {
  const db = await openOutbox();
  if (!db) return;
  let waiting = 0;
  try {
    // In the order the resident sent them, as the page tries them.
    const keys = [...(await readAll(db)).plans]
      .filter(([, plan]) => plan?.v === PLAN_VERSION) // the outbox's plans (not the watch, `follow`)
      .sort(([, a], [, b]) => (a?.queued ?? 0) - (b?.queued ?? 0))
      .map(([key]) => key);
    const offset = await officeClock();
    for (const key of keys) {
      const one = () => deliverOne(db, key, offset);
      if (await (self.navigator.locks ? self.navigator.locks.request('doorstep-outbox', one) : one())) waiting += 1;
    }
  } finally {
    db.close();
  }
  for (const client of await self.clients.matchAll()) client.postMessage('delivered');
  // The browser tries the sync again later, on its own schedule.
  if (waiting) throw new Error(`${waiting} still waiting`);
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(deliverOutbox());
});

// Told when something changes, with no page open: the watch the app wrote (`model::follow::Watch`
// in src/model/follow.rs, kept among the plans under `follow`), carried out on a periodic
// background sync. Every judgement is the app's: this asks the office, reads each request's status,
// and tells of one whose words are new to the phone — once (what it told is kept under `follow`
// among its records), never in the quiet hours (told at the next check after them).
const WATCH_VERSION = 1;
const FOLLOW = 'follow';
/** When the worker last checked, kept beside what it told (no request is numbered so). */
const CHECKED = '~checked';

/** The hour now on the phone: in its time zone (across a change of clocks), else by its offset. */
function localHour(watch) {
  try {
    const hour = Number.parseInt(new Intl.DateTimeFormat('en-GB', { timeZone: watch.time_zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date(Date.now())), 10);
    if (hour >= 0 && hour < 24) return hour;
  } catch {
    // An unknown zone: the offset the page had.
  }
  return new Date(Date.now() + watch.utc_offset_minutes * 60000).getUTCHours();
}

/** Whether it is now the quiet hours on the phone. */
function quietNow(watch) {
  const hour = localHour(watch);
  const { quiet_from: from, quiet_to: to } = watch;
  return from > to ? hour >= from || hour < to : hour >= from && hour < to;
}

const normal = (status) => String(status ?? '').trim().toLowerCase().replace(/[ -]/g, '_');

/** Checks the followed requests and tells of what is new; `urgent`: the number of a request the
 * office marked urgent (told in the quiet hours too). */
async function checkFollowed(urgent = null) {
  if (self.Notification?.permission !== 'granted') return;
  const db = await openOutbox();
  if (!db) return;
  try {
    const read = db.transaction(['plans', 'delivered']);
    const [watchText, toldText] = await Promise.all([promised(read.objectStore('plans').get(FOLLOW)), promised(read.objectStore('delivered').get(FOLLOW))]);
    const watch = watchText ? JSON.parse(watchText) : null;
    if (watch?.v !== WATCH_VERSION || !watch.requests?.length) return;
    const call = watch.call;
    const response = await fetch(call.url, { method: call.method, headers: call.headers, body: call.body ?? undefined, signal: AbortSignal.timeout(30000), cache: 'no-store' });
    if (!response.ok) return;
    const items = JSON.parse(await boundedText(response));
    if (!Array.isArray(items)) return;
    const says = new Map(watch.says);
    const quiet = quietNow(watch);
    const before = toldText ? JSON.parse(toldText) : {};
    const told = {};
    for (const r of watch.requests) {
      // What was told counts while the phone knows what it knew then (a page that has seen more
      // since makes a later change news again: resolved, reopened, resolved).
      if (before[r.id]?.known === r.known) told[r.id] = before[r.id];
      const item = items.find((i) => String(i?.[watch.id_field] ?? '') === r.id);
      let words = item && says.get(normal(item[watch.status_field]));
      // "open" held by an agency (GeoReport): dispatched.
      const [heldStatus, agency, heldWords] = watch.held ?? [];
      if (item && !words && heldStatus && normal(item[watch.status_field]) === heldStatus && String(item[agency] ?? '').trim()) words = heldWords;
      if (!words || words === r.known || words === told[r.id]?.said || (quiet && r.id !== urgent)) continue;
      await self.registration.showNotification(`${r.title} — ${words}`, {
        body: watch.body,
        lang: watch.lang,
        tag: `request-${r.id}`, // one per request: a newer change replaces the last,
        renotify: true, // and is told as news all the same
        data: { path: `/requests/${encodeURIComponent(r.id)}` },
      });
      told[r.id] = { said: words, known: r.known };
    }
    const write = db.transaction(['delivered'], 'readwrite');
    write.objectStore('delivered').put(JSON.stringify({ ...told, [CHECKED]: Date.now() }), FOLLOW);
    await committed(write);
  } catch {
    // Unreachable, unreadable or refused: checked again at the next sync.
  } finally {
    db.close();
  }
}

/** One check at a time (a message and a periodic sync together would both tell one change). */
const checkOnce = (urgent) => (self.navigator.locks ? self.navigator.locks.request('doorstep-follow', () => checkFollowed(urgent)) : checkFollowed(urgent));

self.addEventListener('periodicsync', (event) => {
  if (event.tag === FOLLOW) event.waitUntil(checkOnce(null));
});

// A Web Push message from the office: a change to check now. The message says at most which
// request and whether it is urgent ({"id": "…", "urgent": true}); what the notification says is
// read from the office by the watch, as on a periodic check, never taken from the message.
self.addEventListener('push', (event) => {
  let urgent = null;
  try {
    const said = event.data?.json();
    if (said?.urgent === true && typeof said.id === 'string' && said.id.length <= 64) urgent = said.id;
  } catch {
    // Not JSON, or no message at all: checked all the same.
  }
  event.waitUntil(checkOnce(urgent));
});

// A notification tapped: its request's page, in an open window of the app if there is one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = String(event.notification.data?.path ?? '/');
  const url = new URL(path.startsWith('/requests/') ? path : '/', self.location.origin).href;
  event.waitUntil(
    (async () => {
      // A window this worker controls (one it does not cannot be navigated: it would open two).
      const open = (await self.clients.matchAll({ type: 'window' })).find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        const focused = await open.focus().catch(() => open);
        if (await focused.navigate(url).catch(() => null)) return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
