// Told when something changes, with the app closed: after a request is sent the confirmation
// offers notifications (never asked on load); turned on, the service worker's periodic check —
// dispatched here through the DevTools protocol, as the browser does for an installed app — shows
// exactly one notification per changed request, in the resident's language, with the kind of
// problem and its new step and nothing personal; none for an unchanged request, none twice for one
// change, none in the quiet hours. Where the browser refuses, or has no notifications, the app
// says plainly that changes show when it is opened. On json-server hosting the REST contract
// (English) and the Open311 test server (Traditional Chinese); the switch in Simplified Chinese.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { backendForTests, fillRequest, EN, HANT, ZH } from './support/app.mjs';
import { shot, workerRegistration } from './support/browser.mjs';
import { startJsonServer, startOpen311 } from './support/servers.mjs';

const T = { timeout: 20_000 };
const TIMEOUT_SECONDS = 2;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = (url, init) => fetch(url, init).then((r) => r.json());

/** Files one request from the form and gives its number. */
async function file(page, words, description, submitted) {
  await fillRequest(page, words, { description });
  await page.getByRole('button', { name: words.submit, exact: true }).click();
  await page.getByRole('heading', { name: submitted }).waitFor(T);
  return (await page.locator('.tracking-number').first().textContent()).trim();
}

/** Has the browser hand the worker an event through the DevTools protocol (`send`, given the
 * session and the registration's id), and waits until the worker has finished the check it makes
 * (it writes down when it checked, beside what it told), having asked the office (counted at the
 * proxy). */
async function workerChecks(page, origin, proxy, asks, send) {
  const found = await workerRegistration(page, origin);
  assert.ok(found, 'the service worker is registered');
  const since = Date.now();
  await send(found.cdp, found.registrationId);
  let checked = 0;
  for (let i = 0; i < 100 && checked < since; i++) {
    await sleep(100);
    checked = (await lastChecked(page.context())) ?? 0;
  }
  assert.ok(checked >= since, 'the worker finished its check');
  assert.ok((await proxy.seen()).some((c) => c.at >= since && asks(c)), 'the worker asked the office');
}

/** Fires the periodic check, as the browser does when it is due. */
const periodicCheck = (page, origin, proxy, asks) =>
  workerChecks(page, origin, proxy, asks, (cdp, registrationId) => cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin, registrationId, tag: 'follow' }));

/** Delivers a Web Push message, as the browser does when the office sends one through the push
 * service (out of this machine's reach). */
const pushMessage = (page, origin, proxy, asks, data) =>
  workerChecks(page, origin, proxy, asks, (cdp, registrationId) => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data }));

/** When the worker last finished a check (by its own clock), read where it writes it down. */
async function lastChecked(context) {
  const worker = context.serviceWorkers()[0];
  if (!worker) return null;
  return worker
    .evaluate(async () => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('doorstep');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const text = await new Promise((resolve) => {
        const get = db.transaction('delivered').objectStore('delivered').get('follow');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => resolve(null);
      });
      db.close();
      return text ? JSON.parse(text)['~checked'] : null;
    })
    .catch(() => null);
}

/** The notifications the app's worker shows now (read in the worker itself). */
async function notifications(context) {
  for (let i = 0; i < 50; i++) {
    const worker = context.serviceWorkers()[0];
    if (worker) {
      const shown = await worker
        .evaluate(async () => (await self.registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data, lang: n.lang })))
        .catch(() => null);
      if (shown) return shown;
    }
    await sleep(100);
  }
  throw new Error('no service worker to ask');
}

/** Clears what is shown (as the resident would by swiping it away). */
async function dismissAll(context) {
  const worker = context.serviceWorkers()[0];
  await worker?.evaluate(async () => (await self.registration.getNotifications()).forEach((n) => n.close()));
}

/**
 * The journey: two requests filed, notifications turned on from the confirmation, the app closed;
 * the office moves the first; one notification, for it, with its kind and new step; checked again
 * with nothing new: none. `words` are the form's, `w` what the app says.
 */
async function journey({ app, proxy, lang, words, w, move, asks, personal }) {
  // In the daytime on the phone, whenever the test runs (the quiet hours are tested on their own).
  const { context, page } = await app.phone({ locale: lang, permissions: ['notifications'], timezoneId: zoneAt(14) });
  await page.goto(`${app.url}/`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, T);
  const first = await file(page, words, `${w.prefix}楼道灯不亮已经三天了，晚上看不见。`, w.submitted);
  // Offered after the first request, with what it will say: asked only when the resident taps.
  const offer = page.getByRole('region', { name: w.offer });
  await offer.getByText(w.what).waitFor(T);
  await shot(page, `notify-${w.name}-01-offer`);
  await offer.getByRole('checkbox', { name: w.switch }).check();
  await offer.getByRole('status').filter({ hasText: w.on }).waitFor(T);
  await shot(page, `notify-${w.name}-02-on`);
  await page.goto(`${app.url}/`);
  const second = await file(page, words, `${w.prefix}小区门口的路灯也不亮了，请一起看看。`, w.submitted);
  // On already: not offered again.
  assert.equal(await page.getByRole('region', { name: w.offer }).count(), 0);

  // The app is closed (another site's page keeps the browser open); the office moves the first.
  const blank = await context.newPage();
  await page.close();
  await move(first);
  await periodicCheck(blank, app.url, proxy, asks);
  const shown = await notifications(context);
  assert.equal(shown.length, 1, `one notification: ${JSON.stringify(shown)}`);
  assert.equal(shown[0].title, `${w.kind} — ${w.step}`);
  assert.equal(shown[0].body, w.body);
  assert.equal(shown[0].lang, w.lang, 'in the language the resident reads');
  assert.equal(shown[0].data.path, `/requests/${encodeURIComponent(first)}`);
  assert.ok(!JSON.stringify(shown).includes(second), 'nothing for the unchanged one');
  for (const p of personal) assert.ok(!JSON.stringify(shown).includes(p), `nothing personal (${p})`);

  // Checked again with nothing new: no notification (told once per change).
  await dismissAll(context);
  await periodicCheck(blank, app.url, proxy, asks);
  assert.deepEqual(await notifications(context), [], 'none twice for one change');

  // The other one moves next: told too, alone (the first's change was told already).
  await move(second);
  await periodicCheck(blank, app.url, proxy, asks);
  const next = await notifications(context);
  assert.deepEqual(next.map((n) => n.data.path), [`/requests/${encodeURIComponent(second)}`], 'the second, once');
  await dismissAll(context);

  // A notification tapped opens its request's page in the window of this site that is open (here
  // one showing the app's manifest). A tap cannot be made from outside the browser: the worker is
  // handed the event it would get, for a notification as it shows one.
  await blank.goto(`${app.url}/manifest.webmanifest`);
  const worker = context.serviceWorkers()[0];
  await worker.evaluate(async (path) => {
    await self.registration.showNotification('tap', { tag: 'tap-test', data: { path } });
    const [n] = await self.registration.getNotifications({ tag: 'tap-test' });
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
  }, `/requests/${encodeURIComponent(first)}`);
  await blank.waitForURL(`${app.url}/requests/${encodeURIComponent(first)}`, T);
  // The app, opened so, shows what changed as ever.
  await blank.locator('.notice.news').waitFor(T);
  await shot(blank, `notify-${w.name}-03-tapped`);
  await context.close();
}

/** The office (the reference backend's office hooks at `url`) dispatches request `id`. */
async function dispatch(url, id) {
  const r = await json(`${url}/_office/requests/${encodeURIComponent(id)}`);
  const at = new Date().toISOString();
  await fetch(`${url}/_office/requests/${encodeURIComponent(id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'dispatched', updated_at: at, timeline: [...r.timeline, { step: 'dispatched', at }] }),
  });
}

/** An `Etc/GMT` time zone where it is now `hour` o'clock (give or take the minutes). */
function zoneAt(hour) {
  let ahead = (hour - new Date().getUTCHours() + 24) % 24;
  if (ahead > 14) ahead -= 24;
  return ahead >= 0 ? `Etc/GMT-${ahead}` : `Etc/GMT+${-ahead}`;
}

describe('rest: json-server hosting the REST contract, in English', () => {
  let db, proxy, app;
  const stack = backendForTests(startJsonServer, (url) => ({ backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS } }));
  before(() => ({ backend: db, proxy, app } = stack));
  const move = (id) => dispatch(db.url, id);
  const asks = (c) => c.method === 'POST' && c.url.startsWith('/requests/read');
  const words = { ...EN, lighting: '公共照明' };
  const w = {
    name: 'rest-en',
    prefix: 'Test: ',
    submitted: 'Request sent',
    offer: 'Be told when it changes',
    what: /never a name, phone number or address/,
    switch: 'Tell me when my requests change',
    on: /^On/,
    kind: '公共照明',
    step: 'Dispatched',
    body: 'Tap to see what changed',
    lang: 'en',
  };

  test('closed, the office dispatches one of two: one notification, its kind and step, nothing personal; none twice', async () => {
    await journey({ app, proxy, lang: 'en-GB', words, w, move, asks, personal: ['楼道灯', '13800138000', '王', '太华路'] });
  });

  test('the same in Simplified Chinese: one notification in its words', async () => {
    await journey({
      app,
      proxy,
      lang: 'zh-CN',
      words: ZH,
      move,
      asks,
      personal: ['楼道灯不亮已经', '13800138000', '王', '太华路'],
      w: {
        name: 'rest-zh',
        prefix: '测试：',
        submitted: '提交成功',
        offer: '有进展时通知我',
        what: /不含姓名、电话和地址/,
        switch: '我的诉求有进展时通知我',
        on: /^已开启/,
        kind: '公共照明',
        step: '已派单',
        body: '点按查看进展',
        lang: 'zh-Hans',
      },
    });
  });

  test('in the quiet hours (02:00 on the phone), nothing is shown; at 14:00, the same change is', async () => {
    const { context, page } = await app.phone({ locale: 'en-GB', permissions: ['notifications'], timezoneId: zoneAt(2) });
    await page.goto(`${app.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, T);
    const id = await file(page, words, 'Test: at night, the stair light is out.', w.submitted);
    await page.getByRole('checkbox', { name: w.switch }).check();
    await page.getByRole('status').filter({ hasText: w.on }).waitFor(T);
    const blank = await context.newPage();
    await page.close();
    await move(id);
    await periodicCheck(blank, app.url, proxy, asks);
    assert.deepEqual(await notifications(context), [], 'nothing between 22:00 and 07:00');
    // Twelve hours on by the worker's clock (14:00 on the phone): the change held back is told.
    await context.serviceWorkers()[0].evaluate(() => {
      const real = Date.now;
      Date.now = () => real() + 12 * 3600 * 1000;
    });
    await periodicCheck(blank, app.url, proxy, asks);
    const shown = await notifications(context);
    assert.deepEqual(shown.map((n) => n.title), [`${w.kind} — ${w.step}`], 'told once the quiet hours are over');
    await context.close();
  });

  test('the browser refuses notifications: said plainly, with where changes show', async () => {
    // No permission granted: the browser's answer to the request is "denied".
    const { context, page } = await app.phone({ locale: 'en-GB' });
    await page.goto(`${app.url}/`);
    await file(page, words, 'Test: refused, the stair light is out.', w.submitted);
    // Clicked, not checked: the app unchecks it once the browser has said no.
    await page.getByRole('checkbox', { name: w.switch }).click();
    await page.getByRole('status').filter({ hasText: /does not allow this site to notify you.*My requests/ }).waitFor(T);
    await page.waitForFunction(() => document.querySelector('#s-notify')?.checked === false, null, T);
    await shot(page, 'notify-rest-en-03-refused');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});

describe('rest: an office that sends Web Push messages, in English', () => {
  let db, proxy, app;
  // The office's VAPID public key (RFC 8292's example key pair, public half).
  const PUSH_KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
  const stack = backendForTests(startJsonServer, (url) => ({
    backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS, push_public_key: PUSH_KEY },
  }));
  before(() => ({ backend: db, proxy, app } = stack));
  const asks = (c) => c.method === 'POST' && c.url.startsWith('/requests/read');

  test('the browser cannot sign up (no push service here): said, checks instead; a message makes the worker check: none in the quiet hours, one when urgent', async () => {
    const { context, page } = await app.phone({ locale: 'en-GB', permissions: ['notifications'], timezoneId: zoneAt(2) });
    await page.goto(`${app.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, T);
    const id = await file(page, { ...EN, lighting: '公共照明' }, 'Test: pushed, the stair light is out.', 'Request sent');
    await page.getByRole('checkbox', { name: 'Tell me when my requests change' }).check();
    // Headless Chromium has no push service: the sign-up is refused, and the app says so and
    // what it does instead.
    await page.getByRole('status').filter({ hasText: /^This browser could not sign up for the office’s messages\. On/ }).waitFor(T);
    await shot(page, 'notify-rest-en-06-push-refused');
    assert.equal((await proxy.seen()).filter((c) => c.url.startsWith('/push-subscriptions')).length, 0, 'the office is given no subscription it could not use');
    // Chromium says why on the console itself (a test's browser context is an incognito one):
    // the app's own errors are none.
    assert.deepEqual(page.errors.filter((e) => !/^Chrome currently does not support the Push API in incognito mode/.test(e)), []);

    const blank = await context.newPage();
    await page.close();
    await dispatch(db.url, id);
    // 02:00 on the phone: a plain message is checked, and nothing shown.
    await pushMessage(blank, app.url, proxy, asks, JSON.stringify({ id }));
    assert.deepEqual(await notifications(context), [], 'nothing between 22:00 and 07:00');
    // The office marks the change urgent: told in the quiet hours, once.
    await pushMessage(blank, app.url, proxy, asks, JSON.stringify({ id, urgent: true }));
    const shown = await notifications(context);
    assert.deepEqual(shown.map((n) => n.title), ['公共照明 — Dispatched'], 'told at once when urgent');
    assert.ok(!JSON.stringify(shown).includes('stair light'), 'nothing of the words');
    // A message that is not JSON is a reason to check, no more: nothing new, nothing shown again.
    await dismissAll(context);
    await pushMessage(blank, app.url, proxy, asks, 'not json {');
    assert.deepEqual(await notifications(context), [], 'none twice for one change');
    await context.close();
  });
});

describe('open311: the GeoReport v2 test server, in Traditional Chinese', () => {
  let server, proxy, app;
  const stack = backendForTests(
    () => startOpen311(),
    (url) => ({ backend: { kind: 'open311', base_url: url, api_key: 'test-key', timeout_seconds: TIMEOUT_SECONDS } }),
  );
  before(() => ({ backend: server, proxy, app } = stack));

  test('closed, the office starts work on one of two: one notification in Traditional Chinese; none twice', async () => {
    await journey({
      app,
      proxy,
      lang: 'zh-TW',
      words: { ...HANT, lighting: '楼道灯不亮' },
      move: (id) => fetch(`${server.url}/_office/requests/${id}`, { method: 'POST', body: JSON.stringify({ status: 'IN_PROGRESS', status_notes: '電工已上門查看' }) }),
      asks: (c) => c.method === 'GET' && c.url.startsWith('/requests.json?') && c.url.includes('service_request_id='),
      personal: ['楼道灯不亮已经', '13800138000', '電工'],
      w: {
        name: 'open311-hant',
        prefix: '測試：',
        submitted: '提交成功',
        offer: '有進展時通知我',
        what: /不含姓名、電話和地址/,
        switch: '我的訴求有進展時通知我',
        on: /^已開啟/,
        kind: '楼道灯不亮',
        step: '辦理中',
        body: '點按查看進展',
        lang: 'zh-Hant',
      },
    });
  });
});

describe('the switch in Settings, in Simplified Chinese', () => {
  let app;
  const stack = backendForTests(startJsonServer, (url) => ({ backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS } }));
  before(() => ({ app } = stack));

  test('turned on and off there; a browser with no notifications is told where changes show', async () => {
    const { context, page } = await app.phone({ permissions: ['notifications'] });
    await page.goto(`${app.url}/`);
    await page.getByRole('link', { name: '设置', exact: true }).click();
    const box = page.getByRole('checkbox', { name: '我的诉求有进展时通知我' });
    assert.equal(await box.isChecked(), false, 'off until asked');
    await box.check();
    await page.getByRole('status').filter({ hasText: /^已开启/ }).waitFor(T);
    await shot(page, 'notify-zh-04-settings-on');
    await page.getByRole('button', { name: '长辈版' }).click();
    await shot(page, 'notify-zh-elder-05-settings-on');
    await page.reload();
    await page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).waitFor(T);
    await page.waitForFunction(() => document.querySelector('#s-notify')?.checked === true, null, T);
    await page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).uncheck();
    await page.waitForFunction(() => document.querySelector('#s-notify')?.checked === false, null, T);
    await page.reload();
    await page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).waitFor(T);
    assert.equal(await page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).isChecked(), false, 'stays off');
    assert.deepEqual(page.errors, []);
    await context.close();

    // A browser without notifications (Safari before an installed app, some in-app browsers).
    const bare = await app.phone();
    await bare.context.addInitScript(() => delete window.Notification);
    await bare.page.goto(`${app.url}/`);
    // The confirmation says so in place of the offer.
    await file(bare.page, ZH, '测试：没有通知的浏览器，楼道灯不亮。', '提交成功');
    await bare.page.getByText('这个浏览器不能显示通知。打开本应用时，“我的诉求”会标出新进展。').waitFor(T);
    assert.equal(await bare.page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).count(), 0, 'nothing to turn on there');
    await bare.page.getByRole('link', { name: '设置', exact: true }).click();
    await bare.page.getByRole('status').filter({ hasText: '这个浏览器不能显示通知。打开本应用时，“我的诉求”会标出新进展。' }).waitFor(T);
    assert.ok(await bare.page.getByRole('checkbox', { name: '我的诉求有进展时通知我' }).isDisabled());
    await bare.context.close();
  });
});
