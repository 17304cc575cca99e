// The chaos run: a seeded random schedule of everything that can happen to residents' phones and
// the office between them, against a real backend process behind the fault proxy (or the demo
// office in the page), judged at the end by counting at the office once it has gone quiet.
//
// Phones: three residents (one with its clock three hours fast, one three hours slow — their
// service workers too) and a volunteer filing the same words for different neighbours in one
// building. The schedule files requests and, in between, spoils the office's answers (every mode
// of the fault proxy), takes phones offline and back, reloads and kills pages, opens second and
// third tabs, lets the service worker deliver with every page closed, withdraws and changes
// requests at random moments, and puts a second build in place half-way (a new deployment).
// At the end the network is good, each phone is opened and its outbox sent, and once nothing has
// reached the office for several time-outs, every request the residents filed is checked: at the
// office exactly once and shown to its phone under that number — or, withdrawn, absent.
//
//   CHAOS_SEED=… replays a run; CHAOS_REQUESTS=… sets how many requests are filed (per backend).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveApp, skewedClock } from './static-server.mjs';
import { DIST, ROOT, launch, PHONE, shot, workerRegistration } from './browser.mjs';
import { startCarelessJsonServer, startOpen311, startFaultProxy } from './servers.mjs';
import { ZH } from './app.mjs';

export const TIMEOUT_SECONDS = 2;
const HOUR = 3_600_000;
/** The second build (a different one: `make test` builds it), for the deployment half-way. */
export const DIST_B = process.env.DOORSTEP_DIST_B ?? path.join(ROOT, 'target', 'dist-b');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** `promise`, or a failure once `ms` have passed (nothing in the schedule may hang the run). */
const within = (ms, what, promise) => {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no end after ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};
/** How long one step of the schedule may take, and the filing phase in all, per request. */
const STEP_MS = 90_000;
const PER_REQUEST_MS = 12_000;
/** A tab of the app's main navigation. */
const tab = (page, name) => page.getByRole('navigation', { name: '主要功能' }).getByRole('link', { name, exact: true });
const json = (url) => fetch(url).then((r) => r.json());

/** A small seeded random source (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    weighted: (table) => {
      const total = table.reduce((n, [w]) => n + w, 0);
      let x = next() * total;
      for (const [w, v] of table) if ((x -= w) < 0) return v;
      return table.at(-1)[1];
    },
  };
}

const BACKENDS = {
  rest: {
    // The reference backend (contract v2); its look-up and read-many can be made careless (below).
    start: () => startCarelessJsonServer(),
    config: (url) => ({ backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS } }),
    post: 'POST /requests',
    // The filing alone (contract v2 puts the look-up and the reads under the same path).
    exact: true,
    // Contract v2: the look-up by key (POST /requests/lookup), "my requests" and a volunteer's
    // people (POST /requests/read), one request with its key (POST /requests/{id}/read, under
    // no prefix of its own) or without (GET /requests/{id}).
    lookups: ['POST /requests/lookup', 'POST /requests/read', 'GET /requests'],
    lighting: ZH.lighting,
    /** What the office holds: [{id, description, name}] (the reference backend's office hook). */
    office: async (server) =>
      (await json(`${server.url}/_office/requests`)).map((r) => ({ id: String(r.id), description: r.description, name: r.contact?.name ?? '' })),
  },
  open311: {
    start: () => startOpen311({ tokens: true }),
    config: (url) => ({ backend: { kind: 'open311', base_url: url, api_key: 'test-key', timeout_seconds: TIMEOUT_SECONDS } }),
    post: 'POST /requests.json',
    lookups: ['GET /requests.json', 'GET /tokens'],
    lighting: '楼道灯不亮',
    office: async (server) =>
      (await json(`${server.url}/_office/requests`)).map((e) => ({
        id: String(e.request.service_request_id),
        description: e.request.description ?? '',
        name: `${e.contact?.last_name ?? ''}${e.contact?.first_name ?? ''}`,
      })),
  },
  demo: {
    start: null,
    config: () => ({ backend: { kind: 'demo', step_seconds: 20 } }),
    lighting: ZH.lighting,
    office: null,
  },
};

/** Every mode of the fault proxy, and what it may spoil. */
const FAULTS = [
  'drop', 'hang', 'server_error', 'html', 'malformed', 'shape', 'reset', 'server_error_500', 'busy',
  'reset_after', 'hang_after', 'truncated_after', 'delay', 'lost_answer', 'huge', 'rejected', 'open311_rejected', 'ignore_filter',
];

/** What a phone keeps of the outbox and of its filed requests (read in one of its pages). */
async function phoneState(page) {
  if (!page.url().startsWith('http')) return { outbox: [], mine: [], neighbours: [], office: [] };
  return page.evaluate(async () => {
    const unwrap = (text) => {
      try {
        const v = JSON.parse(text);
        return v && typeof v === 'object' && 'v' in v && 'value' in v ? v.value : v;
      } catch {
        return null;
      }
    };
    const outbox = [];
    const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    try {
      const db = await done(indexedDB.open('doorstep'));
      if (db.objectStoreNames.contains('outbox')) {
        for (const text of await done(db.transaction('outbox').objectStore('outbox').getAll())) {
          const e = unwrap(text);
          if (e) outbox.push({ description: e.request.description, name: e.request.contact?.name ?? '', stage: e.stage });
        }
      }
      db.close();
    } catch {}
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('doorstep.outbox.')) {
        const e = unwrap(localStorage.getItem(k));
        if (e) outbox.push({ description: e.request.description, name: e.request.contact?.name ?? '', stage: e.stage });
      }
    }
    const mine = (unwrap(localStorage.getItem('doorstep.mine')) ?? []).map((r) => ({ id: String(r.id), description: r.description, copies: (r.copies ?? []).map(String) }));
    const neighbours = (unwrap(localStorage.getItem('doorstep.neighbours')) ?? []).map((n) => ({
      name: n.name,
      ids: (n.requests ?? []).map((h) => String(h.id)),
    }));
    const ledger = JSON.parse(localStorage.getItem('doorstep.demo.ledger') ?? '{"requests":[]}');
    const office = (ledger.requests ?? []).map((r) => ({ id: String(r.id), description: r.description, name: '' }));
    return { outbox, mine, neighbours, office };
  });
}

/** Where on the phone `marker` is written (localStorage keys, IndexedDB stores and keys), for the
 * trace of a request in trouble. */
async function whereOnPhone(page, marker) {
  if (!page.url().startsWith('http')) return [];
  return page
    .evaluate(async (marker) => {
      const found = [];
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if ((localStorage.getItem(k) ?? '').includes(marker)) found.push(`localStorage ${k}`);
      }
      const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      try {
        const db = await done(indexedDB.open('doorstep'));
        for (const name of db.objectStoreNames) {
          const store = db.transaction(name).objectStore(name);
          const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
          values.forEach((v, n) => {
            const text = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
            if (!text.includes(marker)) return;
            // An outbox entry: where it stands, not its request (the marker says which it is).
            let entry = null;
            try {
              entry = name === 'outbox' ? JSON.parse(text).value : null;
            } catch {}
            const stand = entry && {
              stage: typeof entry.stage === 'string' ? entry.stage : Object.keys(entry.stage ?? {})[0],
              refusal: entry.stage?.Refused ?? null,
              tries: (entry.tries ?? []).map((t) => `${t.by}@${t.at}${t.answered ? '' : '?'}`),
              failures: entry.failures,
              backoff: entry.backoff,
              last_error: entry.last_error,
              token: entry.token,
            };
            found.push(`indexedDB ${name}/${keys[n]}: ${stand ? JSON.stringify(stand) : text.slice(0, 400)}`);
          });
        }
        db.close();
      } catch {}
      return found;
    }, marker)
    .catch((e) => [`(not read: ${e.message})`]);
}

/**
 * One chaos run against `kind`'s backend: `requests` requests filed on a schedule drawn from
 * `seed`. Returns the table row; throws (the test fails) on any loss, duplicate or wrong number.
 */
export async function chaosRun(kind, { seed, requests, log = () => {} }) {
  const backend = BACKENDS[kind];
  const rng = random(seed);
  const server = backend.start ? await backend.start() : null;
  const proxy = server ? await startFaultProxy(server.url) : null;
  const config = backend.config(proxy?.url);
  // One origin per phone clock: a phone's service worker runs its page's clock.
  const apps = {
    0: await serveApp({ root: DIST, config }),
    [3 * HOUR]: await serveApp({ root: DIST, config, skewMs: 3 * HOUR }),
    [-3 * HOUR]: await serveApp({ root: DIST, config, skewMs: -3 * HOUR }),
  };
  const browser = await launch();
  const made = [];
  const say = (line) => {
    made.push(line);
    log(line);
  };
  /** Each request filed: its identity (words and whose), its phone, whether it was withdrawn. */
  const filed = [];
  const phones = [];
  const newPhone = async (name, skew, volunteer = false) => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', serviceWorkers: 'allow' });
    if (skew) await context.addInitScript(skewedClock(skew));
    const phone = { name, skew, volunteer, context, origin: apps[skew].url, pages: [], offline: false };
    phone.page = async () => {
      phone.pages = phone.pages.filter((p) => !p.isClosed());
      if (phone.pages.length === 0) {
        const page = await context.newPage();
        page.on('pageerror', (e) => say(`${name}: page error ${e}`));
        phone.pages.push(page);
      }
      const page = rng.pick(phone.pages);
      // A page that could not load (offline before the app was kept) is opened again.
      if (!page.url().startsWith(phone.origin)) await page.goto(phone.origin + '/').catch(() => {});
      return page;
    };
    phones.push(phone);
    return phone;
  };
  await newPhone('居民甲', 0);
  await newPhone('居民乙（时钟快三小时）', 3 * HOUR);
  await newPhone('居民丙（时钟慢三小时）', -3 * HOUR);
  const volunteer = kind === 'demo' ? null : await newPhone('志愿者', 0, true);

  const ready = async (page) => {
    await page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 });
    await tab(page, '我要反映').click({ timeout: 5_000 });
    await page.getByLabel(ZH.description, { exact: true }).waitFor({ timeout: 5_000 });
  };

  if (volunteer) {
    const page = await volunteer.page();
    await page.waitForSelector('#shell', { state: 'detached', timeout: 20_000 });
    await page.getByRole('link', { name: '设置', exact: true }).click();
    await page.getByRole('checkbox', { name: '我替邻居反映问题（志愿者、楼栋长）' }).check();
    await page.getByLabel('您的姓名', { exact: true }).fill('王芳');
    await page.getByLabel('您的手机号', { exact: true }).fill('139 0000 1111');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('link', { name: '我帮的人', exact: true }).waitFor({ timeout: 15_000 });
  }

  let n = 0;
  let pair = null;
  /** Files one request on `phone` (a volunteer's: for a neighbour, the words of its pair). */
  const file = async (phone) => {
    const page = await phone.page();
    await ready(page);
    if (await resend(page, phone)) return null;
    n += 1;
    const marker = `C${seed % 100000}-${n}`;
    let request;
    if (phone.volunteer) {
      // Two neighbours of one building, the same words; one unit or two.
      if (!pair || pair.left === 0) pair = { words: `楼道灯全都不亮，老人上下楼要扶着墙走。[V${seed % 100000}-${n}]`, left: 2, unit: rng.chance(0.5) ? '2单元' : null };
      pair.left -= 1;
      request = { description: pair.words, name: `邻居${n}号`, unit: pair.unit ?? `${1 + rng.below(6)}单元` };
      await page.getByLabel('邻居姓名', { exact: true }).fill(request.name);
      await page.getByLabel('邻居手机号（选填）', { exact: true }).fill('');
      await page.getByRole('radio', { name: backend.lighting }).check();
      await page.getByLabel(ZH.description, { exact: true }).fill(request.description);
      await page.getByLabel(ZH.address, { exact: true }).fill('幸福里社区');
      await page.getByLabel(ZH.building, { exact: true }).fill('3号楼');
      await page.getByLabel(ZH.unit, { exact: true }).fill(request.unit);
      await page.getByRole('checkbox', { name: '邻居本人已同意由我代为反映这件事，并同意街道联系他们。' }).check();
    } else {
      request = { description: `[${marker}] 楼道灯不亮已经三天了，老人晚上看不见。`, name: `居民${n}` };
      await page.getByRole('radio', { name: backend.lighting }).check();
      await page.getByLabel(ZH.description, { exact: true }).fill(request.description);
      await page.getByLabel(ZH.address, { exact: true }).fill('大明宫街道 太华路社区');
      await page.getByLabel(ZH.name, { exact: true }).fill(request.name);
      await page.getByLabel(ZH.phone, { exact: true }).fill('138 0013 8000');
    }
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    if (await queued(page, phone, request)) say(`${phone.name}: filed ${phone.volunteer ? `${request.name}: ${request.description}` : marker}`);
    return request;
  };

  /** A request the office refused comes back into its form, with the office's words: the resident
   * sends it again as it is (the office refused it once, for the schedule's sake). True if one was there. */
  const resend = async (page, phone) => {
    const words = await page.getByLabel(ZH.description, { exact: true }).inputValue({ timeout: 2_000 }).catch(() => '');
    const which = words && filed.find((f) => f.phone === phone && f.description === words);
    if (!which) return false;
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    // Sent again: expected at the office, whatever became of it before (a change whose click timed
    // out after it was carried out leaves the request in the form, counted as taken back).
    which.withdrawn = false;
    say(`${phone.name}: sent again what came back into the form: ${phone.volunteer ? which.name : words.slice(0, 16)}`);
    return true;
  };

  /** After "send": the phone keeps it (outbox, my requests) — the request is the resident's now
   * and the oracle expects it at the office. A form that refused it (its error summary shown) is
   * the schedule's mistake, said and not counted; a send that leaves no trace is counted (lost). */
  const queued = async (page, phone, request) => {
    const has = (state) =>
      [...state.outbox, ...state.mine, ...state.office].some((e) => e.description.startsWith(request.description) && (!phone.volunteer || !e.name || e.name === request.name));
    for (let i = 0; i < 20; i++) {
      const state = await phoneState(page).catch(() => null);
      if (state && has(state)) {
        filed.push({ ...request, phone, withdrawn: false });
        return true;
      }
      await sleep(250);
    }
    if (await page.locator('#error-summary').isVisible().catch(() => false)) {
      say(`${phone.name}: the form refused it (${(await page.locator('#error-summary').textContent()).slice(0, 60)})`);
      return false;
    }
    // Sent, yet nowhere on the phone: counted (the oracle says whether the office has it).
    filed.push({ ...request, phone, withdrawn: false });
    return true;
  };

  /** The resident withdraws (or changes, then sends again) a waiting request shown on `phone`. */
  const takeBack = async (phone, change) => {
    const page = await phone.page();
    await page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 });
    await tab(page, '我的诉求').click({ timeout: 5_000 });
    const cards = page.locator('.outbox-entry');
    const count = await cards.count();
    if (count === 0) return;
    const card = cards.nth(rng.below(count));
    const text = (await card.textContent({ timeout: 2_000 })) ?? '';
    const which = filed.find((f) => f.phone === phone && !f.withdrawn && text.includes(f.description.slice(0, 40)) && (!phone.volunteer || text.includes(f.name)));
    if (!which) return;
    // That request's own card, found by what it says (the list may change between reading a card
    // and pressing its button: a request filed meanwhile leaves it, and the nth card is another).
    let own = cards.filter({ hasText: which.description.slice(0, 40) });
    if (phone.volunteer) own = own.filter({ hasText: which.name });
    const button = own.first().getByRole('button', { name: change ? '修改' : '撤回', exact: true });
    if (await button.isDisabled({ timeout: 1_000 })) return;
    // A click that times out may still have been carried out: what the phone holds says, below.
    await button.click({ timeout: 2_000 }).catch(() => {});
    // Gone from the outbox (withdrawn, or filed meanwhile), or the office has it (said in the card).
    await page
      .waitForFunction(
        (t) => ![...document.querySelectorAll('.outbox-entry')].some((c) => c.textContent.includes(t) && !c.querySelector('[role=alert]')),
        which.description.slice(0, 40),
        { timeout: 4 * TIMEOUT_SECONDS * 1000 },
      )
      .catch(() => {});
    const state = await phoneState(page);
    const stillWaiting = state.outbox.some((e) => e.description === which.description && e.name === which.name);
    const kept = state.mine.some((r) => r.description.startsWith(which.description)) && !phone.volunteer;
    if (stillWaiting || kept) return say(`${phone.name}: ${change ? 'change' : 'withdraw'} refused for ${which.description.slice(0, 16)}`);
    which.withdrawn = true;
    say(`${phone.name}: ${change ? 'changed' : 'withdrew'} ${phone.volunteer ? which.name : which.description.slice(0, 16)}`);
    if (change && !phone.volunteer) {
      // Back in the form, changed, and sent again.
      n += 1;
      const description = `[C${seed % 100000}-${n}] 改：楼道灯不亮已经三天了，请尽快修。`;
      await page.getByLabel(ZH.description, { exact: true }).fill(description, { timeout: 5_000 });
      await page.getByRole('button', { name: ZH.submit, exact: true }).click();
      if (await queued(page, phone, { description, name: which.name })) say(`${phone.name}: sent again as ${description.slice(0, 16)}`);
    }
  };

  /** Background Sync with no page of the app open (what the browser does when the network returns). */
  const fireSync = async (phone) => {
    const blank = await phone.context.newPage();
    try {
      const found = await workerRegistration(blank, phone.origin, 3_000);
      if (found) {
        await found.cdp.send('ServiceWorker.dispatchSyncEvent', { origin: phone.origin, registrationId: found.registrationId, tag: 'outbox', lastChance: false });
      }
    } finally {
      await blank.close();
    }
  };

  const half = Math.floor(requests / 2);
  let deployed = false;
  const residents = phones.filter((p) => !p.volunteer);
  const started = Date.now();
  // A schedule that stops making progress (the app stuck, or no request can be filed) ends here
  // and fails, with what was happening, instead of running until the test's own time-out.
  const latest = started + 120_000 + requests * PER_REQUEST_MS;
  let stalled = false;
  while (filed.length < requests) {
    if (Date.now() > latest) {
      stalled = true;
      say(`the schedule stalled: ${filed.length} of ${requests} filed in ${Math.round((Date.now() - started) / 1000)} s`);
      break;
    }
    const phone = rng.chance(0.2) && volunteer ? volunteer : rng.pick(residents);
    const action = rng.weighted([
      [30, 'file'],
      [server ? 14 : 0, 'fault'],
      [8, 'offline'],
      [5, 'reload'],
      [3, 'kill'],
      [4, 'tab'],
      [server ? 3 : 0, 'worker'],
      [5, 'withdraw'],
      [4, 'change'],
      [3, 'send now'],
      [12, 'wait'],
    ]);
    try {
      if (!deployed && filed.length >= half) {
        deployed = true;
        if (existsSync(path.join(DIST_B, 'index.html'))) {
          for (const app of Object.values(apps)) await app.deployTo(DIST_B);
          say('a new build is put in place');
        } else {
          say(`no second build at ${DIST_B}: the deployment half-way is left out`);
        }
      }
      await within(STEP_MS, action, (async () => {
      switch (action) {
          case 'file':
            await file(phone);
            break;
          case 'fault': {
            const mode = rng.pick(FAULTS.filter((m) => m !== 'open311_rejected' || kind === 'open311'));
            const match = mode === 'ignore_filter' ? rng.pick(backend.lookups) : rng.chance(0.75) ? backend.post : rng.pick(backend.lookups);
            const times = 1 + rng.below(3);
            const retryAfter = 1 + rng.below(2);
            // Contract v2 carries the look-up's key and the read's ids in the body: a server that
            // ignores them is the careless office in front of the backend, not the proxy.
            const careless = mode === 'ignore_filter' && { 'POST /requests/lookup': server.ignoreLookupKey, 'POST /requests/read': server.ignoreReadIds }[match];
            if (careless) careless(times);
            else {
              const exact = match === backend.post && backend.exact ? { exact: true } : {};
              await proxy.fault({ match, ...exact, mode, times, seconds: TIMEOUT_SECONDS + 2, retry_after: retryAfter });
            }
            say(`office: ${mode} on ${match}`);
            break;
          }
          case 'offline':
            phone.offline = !phone.offline;
            await phone.context.setOffline(phone.offline);
            say(`${phone.name}: ${phone.offline ? 'offline' : 'online'}`);
            break;
          case 'reload': {
            const page = await phone.page();
            await page.reload({ timeout: 15_000 }).catch(() => {});
            say(`${phone.name}: reloaded`);
            break;
          }
          case 'kill': {
            const page = await phone.page();
            await page.close({ runBeforeUnload: false });
            say(`${phone.name}: page killed`);
            break;
          }
          case 'tab': {
            phone.pages = phone.pages.filter((p) => !p.isClosed());
            if (phone.pages.length < 3) {
              const page = await phone.context.newPage();
              phone.pages.push(page);
              await page.goto(phone.origin + (rng.chance(0.5) ? '/requests' : '/')).catch(() => {});
              say(`${phone.name}: tab ${phone.pages.length} opened`);
            } else {
              await phone.pages.shift().close();
              say(`${phone.name}: a tab closed`);
            }
            break;
          }
          case 'worker': {
            // Offline: written and sent; every page closed; the network back; the worker alone delivers.
            await phone.context.setOffline(true);
            await file(phone);
            await sleep(300);
            for (const page of phone.pages) await page.close({ runBeforeUnload: false }).catch(() => {});
            phone.pages = [];
            await phone.context.setOffline(false);
            phone.offline = false;
            await fireSync(phone);
            say(`${phone.name}: every page closed, the service worker woken`);
            break;
          }
          case 'withdraw':
          case 'change':
            await takeBack(phone, action === 'change');
            break;
          case 'send now': {
            const page = await phone.page();
            const button = page.getByRole('button', { name: '现在发送', exact: true }).first();
            if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => {});
            break;
          }
          case 'wait':
            await sleep(200 + rng.below(1800));
            break;
        }
      })());
    } catch (e) {
      say(`${phone.name}: ${action} did not finish (${String(e.message ?? e).split('\n')[0]})`);
    }
  }
  say(`${filed.length} requests filed in ${Math.round((Date.now() - started) / 1000)} s; now settling`);

  // The network is good again; each phone is opened and sends what waits (refusals withdrawn).
  await proxy?.clear();
  const deadline = Date.now() + 120_000;
  for (const phone of phones) {
    phone.offline = false;
    await phone.context.setOffline(false);
  }
  let waiting = Infinity;
  while (Date.now() < deadline) {
    waiting = 0;
    for (const phone of phones) {
      await within(STEP_MS, `${phone.name}: settling`, (async () => {
        const page = await phone.page();
        await page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 }).catch(() => {});
        if (!page.url().endsWith('/requests')) await tab(page, '我的诉求').click({ timeout: 5_000 }).catch(() => {});
        for (const card of await page.locator('.outbox-entry.refused').all()) {
          const text = (await card.textContent().catch(() => '')) ?? '';
          const which = filed.find((f) => f.phone === phone && text.includes(f.description.slice(0, 40)) && (!phone.volunteer || text.includes(f.name)));
          // Its own card, by what it says (the list may have changed since it was read).
          let own = which ? page.locator('.outbox-entry.refused').filter({ hasText: which.description.slice(0, 40) }) : card;
          if (which && phone.volunteer) own = own.filter({ hasText: which.name });
          await own.first().getByRole('button', { name: '撤回', exact: true }).click({ timeout: 2_000 }).catch(() => {});
          if (which) {
            // Withdrawn only if it is gone from the outbox and not filed (the office may turn out
            // to have it: then it stays the resident's, shown in "my requests").
            await page
              .waitForFunction(
                (t) => ![...document.querySelectorAll('.outbox-entry')].some((c) => c.textContent.includes(t)),
                which.description.slice(0, 40),
                { timeout: 4 * TIMEOUT_SECONDS * 1000 },
              )
              .catch(() => {});
            const after = await phoneState(page);
            const waitingStill = after.outbox.some((e) => e.description === which.description && e.name === which.name);
            const kept = after.mine.some((r) => r.description.startsWith(which.description));
            if (!waitingStill && !kept && !phone.volunteer) {
              which.withdrawn = true;
              say(`${phone.name}: refused, withdrawn ${which.description.slice(0, 16)}`);
            } else if (!waitingStill && phone.volunteer) {
              const named = after.neighbours.find((n) => n.name === which.name)?.ids.length ?? 0;
              which.withdrawn = named === 0;
              say(`${phone.name}: refused, ${named ? 'found at the office' : 'withdrawn'} ${which.name}`);
            } else {
              say(`${phone.name}: refused, ${waitingStill ? 'withdraw not done yet' : 'found at the office'} ${which.description.slice(0, 16)}`);
            }
          }
        }
        const send = page.getByRole('button', { name: '现在发送', exact: true }).first();
        if (await send.isVisible().catch(() => false)) await send.click({ timeout: 2_000 }).catch(() => {});
        // A request back in its form (the office refused it) is sent again.
        if (await tab(page, '我要反映').click({ timeout: 3_000 }).then(() => true, () => false)) {
          if (await resend(page, phone)) waiting += 1;
          await tab(page, '我的诉求').click({ timeout: 3_000 }).catch(() => {});
        }
        waiting += (await phoneState(page)).outbox.length;
      })()).catch((e) => {
        waiting += 1;
        say(String(e.message ?? e));
      });
    }
    if (waiting === 0) break;
    await sleep(1000);
  }
  // Quiet: nothing has reached the office for several time-outs.
  if (proxy) {
    let seen = -1;
    let still = 0;
    while (still < 6 && Date.now() < deadline + 60_000) {
      const now = (await proxy.seen()).length;
      still = now === seen ? still + 1 : 0;
      seen = now;
      await sleep(TIMEOUT_SECONDS * 500);
    }
  }

  // What the office holds, and what each phone shows.
  const problems0 = [];
  const states = new Map();
  for (const phone of phones) {
    const page = await phone.page();
    await tab(page, '我的诉求').click({ timeout: 5_000 }).catch(() => {});
    await shot(page, `chaos-${kind}-${phone.volunteer ? 'volunteer' : phones.indexOf(phone)}`).catch(() => {});
    states.set(phone, await within(30_000, `${phone.name}: reading the phone`, phoneState(page)));
  }
  const office = server ? await backend.office(server) : phones.flatMap((p) => states.get(p).office.map((r) => ({ ...r, phone: p })));
  if (stalled) problems0.push(`the schedule stalled after ${filed.length} of ${requests} requests`);
  const row = { backend: kind, filed: filed.length, atOffice: 0, duplicated: 0, lost: 0, withdrawn: 0, returned: 0, shownWrong: 0 };
  const problems = [...problems0];
  // What the office saw of each request (the demo office sees nothing of the network).
  const seen = proxy ? await proxy.seen() : [];
  const sent = (f) => seen.filter((x) => x.method === 'POST' && (x.body.includes(f.description) || decodeURIComponent(x.body.replace(/\+/g, ' ')).includes(f.description)));
  for (const f of filed) {
    const copies = office.filter(
      (r) => r.description.startsWith(f.description) && (server ? r.name === f.name : r.phone === f.phone),
    );
    const state = states.get(f.phone);
    const shown = f.phone.volunteer
      ? (state.neighbours.find((n) => n.name === f.name)?.ids ?? [])
      : state.mine.filter((r) => r.description.startsWith(f.description)).map((r) => r.id);
    const waitingStill = state.outbox.some((e) => e.description === f.description && e.name === f.name);
    const what = `${f.phone.name} ${f.name} ${f.description.slice(0, 24)}${f.description.length > 24 ? `…${f.description.slice(-14)}` : ""}`;
    // Two copies no client can prevent (Chromium re-sends a post by itself when a connection it
    // reused breaks before the answer, and GeoReport has no key): the resident is told both numbers.
    const told = (state.mine.find((r) => copies.some((c) => c.id === r.id))?.copies ?? []).length > 0;
    const honestCopies = copies.length === 2 && told && kind === 'open311';
    if (honestCopies) {
      row.told = (row.told ?? 0) + 1;
    } else if (copies.length > 1) {
      row.duplicated += 1;
      const held = f.phone.volunteer
        ? JSON.stringify(state.neighbours.find((n) => n.name === f.name) ?? null)
        : JSON.stringify(state.mine.filter((r) => r.description.startsWith(f.description)));
      problems.push(`duplicated (${copies.length}×, the office: ${copies.map((c) => c.id)}; the phone: ${held}): ${what}`);
    }
    if (f.withdrawn && shown.length === 0) {
      row.withdrawn += 1;
      if (copies.length > 0) {
        row.lost += 1;
        problems.push(`withdrawn, yet at the office as ${copies.map((c) => c.id)}: ${what}`);
      }
      continue;
    }
    if (copies.length === 0) {
      // The office refused it (its last send was answered "no"): it went back to the resident with
      // the office's words, for them to change — not lost, and not the office's.
      const last = sent(f).at(-1);
      if (!waitingStill && last && /rejected/.test(last.fault ?? '')) {
        row.returned += 1;
        continue;
      }
      row.lost += 1;
      problems.push(`lost${waitingStill ? ' (still waiting on the phone)' : ''}: ${what}`);
      continue;
    }
    row.atOffice += 1;
    if (!honestCopies && (shown.length !== 1 || !copies.some((c) => c.id === shown[0]))) {
      row.shownWrong += 1;
      problems.push(`shown ${JSON.stringify(shown)} but the office has it as ${copies.map((c) => c.id)}: ${what}`);
    }
  }
  // Every number a phone shows is real and one of its own requests.
  for (const phone of phones) {
    const state = states.get(phone);
    for (const r of state.mine) {
      const at = office.find((o) => o.id === r.id && (server || o.phone === phone));
      if (!at) {
        row.shownWrong += 1;
        problems.push(`${phone.name} shows ${r.id}, which the office does not have`);
      } else if (!filed.some((f) => f.phone === phone && at.description.startsWith(f.description))) {
        row.shownWrong += 1;
        problems.push(`${phone.name} shows ${r.id}, someone else's request: ${at.name} ${at.description.slice(0, 30)}`);
      }
    }
    const ids = state.mine.map((r) => r.id);
    if (new Set(ids).size !== ids.length) {
      row.shownWrong += 1;
      problems.push(`${phone.name} lists a request twice in "my requests"`);
    }
  }

  if (problems.length && proxy) {
    // What reached the office for each request in trouble, in order.
    for (const p of problems) {
      const marker = /\[(C[^\]]+|V[^\]]+)\]/.exec(p)?.[1];
      if (!marker) continue;
      const f = filed.find((x) => x.description.includes(marker));
      if (f) {
        const page = await f.phone.page().catch(() => null);
        made.push(`-- ${f.phone.name} holds ${marker} in: ${page ? JSON.stringify(await whereOnPhone(page, marker)) : '(no page open)'}`);
      }
      made.push(`-- the office saw, for ${marker}:`);
      const decoded = (x) => {
        try {
          return decodeURIComponent(x.body.replace(/\+/g, ' '));
        } catch {
          return x.body;
        }
      };
      const posts = seen.filter((x) => decoded(x).includes(marker) || x.body.includes(marker));
      // With the look-ups around them (by anyone: a look-up names no request).
      const near = (x) => x.method === 'GET' && posts.some((p) => Math.abs(x.at - p.at) < 8_000);
      // And everything the office saw around any call naming one of its copies (a post's own
      // request may not name the marker the way it is searched here: every call, unfiltered).
      const copies = office.filter((o) => o.description.includes(marker)).map((o) => o.id);
      const named = seen.filter((x) => copies.some((id) => x.url.includes(`/${id}.`) || x.url.includes(`/${id}`)));
      const around = (x) => named.some((n) => Math.abs(x.at - n.at) < 8_000);
      for (const s of seen.filter((x) => posts.includes(x) || near(x) || around(x)).slice(0, 80)) {
        let body = s.body;
        try {
          body = decodeURIComponent(s.body.replace(/\+/g, ' '));
        } catch {}
        const who = /(?:first_name|last_name)=([^&]*)/.exec(body)?.[1] ?? /"name":"([^"]*)"/.exec(body)?.[1] ?? '';
        const tag = /\[(C|V)[^\]]+\]/.exec(body)?.[0] ?? '';
        made.push(`   ${new Date(s.at).toISOString()} ${s.method} ${s.url.slice(0, 60)}${who ? ` ${who}` : ''}${tag ? ` ${tag}` : ''}${s.fault ? ` (${s.fault})` : ''} → ${s.status ?? '-'}`);
      }
    }
    made.push('-- the office holds:', ...office.map((o) => `   ${o.id} ${o.name} ${o.description.slice(0, 30)}`));
  }
  await browser.close();
  for (const app of Object.values(apps)) await app.close();
  await proxy?.stop();
  await server?.stop();
  row.problems = problems;
  row.made = made;
  return row;
}

/** Prints the table of chaos runs. */
export function printTable(rows, seed) {
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`\nchaos seed ${seed} (replay: CHAOS_SEED=${seed} make chaos)`);
  console.log(`${pad('backend', 9)} ${pad('filed', 6)} ${pad('at office', 10)} ${pad('duplicated', 11)} ${pad('lost', 5)} ${pad('withdrawn', 10)} ${pad('refused', 8)} shown-wrong`);
  for (const r of rows) {
    const duplicated = r.told ? `${r.duplicated} (+${r.told} told)` : r.duplicated;
    console.log(`${pad(r.backend, 9)} ${pad(r.filed, 6)} ${pad(r.atOffice, 10)} ${pad(duplicated, 11)} ${pad(r.lost, 5)} ${pad(r.withdrawn, 10)} ${pad(r.returned, 8)} ${r.shownWrong}`);
  }
}

/** Fails on any loss, duplicate or wrong number, with what happened. */
export function judge(row) {
  if (row.problems.length) {
    console.log(row.made.join('\n'));
    assert.fail(`${row.backend}: ${row.problems.join('\n')}`);
  }
}
