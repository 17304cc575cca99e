// Told when something changes, with the app open: the requests this phone follows are checked
// with the office when the app starts, when it is shown again, and every few seconds here
// (`check_every_seconds`), in one call for all of them and never while the page is hidden; "my
// requests" marks what changed since the resident last looked, the tab counts it, the request's
// page marks its new steps, and looking clears the mark. On json-server hosting the REST contract
// (English), the Open311 test server (Traditional Chinese) and the demo office (Simplified
// Chinese, then elder mode).
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { backendForTests, start, fillRequest, ZH, HANT, EN } from './support/app.mjs';
import { shot } from './support/browser.mjs';
import { startJsonServer, startOpen311 } from './support/servers.mjs';

const T = { timeout: 20_000 };
const EVERY = 5;
const TIMEOUT_SECONDS = 2;

const json = (url, init) => fetch(url, init).then((r) => r.json());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Files one request from the form (the form shown) and gives its number. */
async function file(page, words, description, submitted) {
  await fillRequest(page, words, { description });
  await page.getByRole('button', { name: words.submit, exact: true }).click();
  await page.getByRole('heading', { name: submitted }).waitFor(T);
  return (await page.locator('.tracking-number').first().textContent()).trim();
}

/** The navigation's "my requests" tab. */
const mineTab = (page, mine) => page.getByRole('navigation').getByRole('link', { name: mine, exact: true });
/** The list item of request `number` in "my requests". */
const item = (page, number) => page.locator('.request-list li').filter({ hasText: number });

/**
 * The journey on a backend that a test office moves: two requests filed, the office moves the
 * first, and with no tap the list marks it and the tab counts it; every check asked about both
 * at once; hidden, the page asks nothing; its page marks the new step; looked at, the mark goes.
 */
async function journey({ app, proxy, lang, words, w, move, reads }) {
  const { page } = await app.phone({ locale: lang });
  await page.goto(`${app.url}/`);
  const first = await file(page, words, `${w.prefix}楼道灯不亮已经三天了，晚上看不见。`, w.submitted);
  await page.goto(`${app.url}/`);
  const second = await file(page, words, `${w.prefix}小区门口的路灯也不亮了，请一起看看。`, w.submitted);
  await mineTab(page, w.mine).click();
  await item(page, first).waitFor(T);
  await item(page, second).waitFor(T);
  assert.equal(await page.locator('.item-change').count(), 0, 'nothing changed yet');
  assert.equal(await mineTab(page, w.mine).getAttribute('data-count'), null);

  // The office moves the first; the app shows it by itself (no tap, no reload).
  const since = Date.now();
  await move(first);
  await item(page, first).locator('.item-change').filter({ hasText: w.changed }).waitFor(T);
  // The tab counts it beside its name; its accessible name stays (the page says the count).
  await page.locator('nav a[data-count="1"]').waitFor(T);
  assert.equal(await page.locator('nav a[data-count="1"]').getAttribute('href'), '/requests');
  await mineTab(page, w.mine).waitFor(T);
  assert.equal(await item(page, second).locator('.item-change').count(), 0, 'the other is unchanged');
  await page.getByRole('status').filter({ hasText: w.count(1) }).waitFor(T);
  await shot(page, `follow-${w.name}-01-marked`);

  // Every check asked about both requests in one call.
  const calls = (await proxy.seen()).filter((c) => c.at >= since && reads(c));
  assert.ok(calls.length >= 1, 'checked with the office');
  for (const c of calls) {
    const asked = decodeURIComponent(c.url + ' ' + (c.body ?? ''));
    assert.ok(asked.includes(first) && asked.includes(second), `one call for both: ${c.method} ${c.url}`);
  }

  // Hidden (behind another tab, the phone locked), the page checks nothing, counted over three
  // intervals; shown again, it checks at once. Headless Chromium never hides a page (a tab behind
  // another stays "visible"), so the page is told so as a browser tells it: its visibilityState
  // and the event.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const hiddenAt = Date.now();
  await sleep(3 * EVERY * 1000 + 500);
  const whileHidden = (await proxy.seen()).filter((c) => c.at > hiddenAt + 200 && reads(c));
  assert.deepEqual(whileHidden.map((c) => c.url), [], 'no check while hidden');
  const shownAt = Date.now();
  await page.evaluate(() => {
    delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // At once: within a second, where the next interval is up to five away.
  for (let i = 0; i < 10; i++) {
    if ((await proxy.seen()).some((c) => c.at >= shownAt && reads(c))) break;
    await sleep(100);
  }
  assert.ok((await proxy.seen()).some((c) => c.at >= shownAt && c.at < shownAt + 1000 && reads(c)), 'checked when shown again');

  // Its page says what is new, and marks the new step.
  await item(page, first).getByRole('link').click();
  await page.locator('.notice.news').filter({ hasText: w.since }).waitFor(T);
  await page.locator('.timeline-step.new').first().waitFor(T);
  assert.equal(await page.locator('.timeline-step.new .new-mark').first().textContent(), w.new);
  await shot(page, `follow-${w.name}-02-request`);

  // Looked at: the mark and the count are gone.
  await mineTab(page, w.mine).click();
  await item(page, first).waitFor(T);
  await page.waitForFunction(() => !document.querySelector('.item-change, nav a[data-count]'), null, T);
  await shot(page, `follow-${w.name}-03-looked`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
}

describe('rest: json-server hosting the REST contract, in English', () => {
  let db, proxy, app;
  const stack = backendForTests(startJsonServer, (url) => ({
    backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS },
    check_every_seconds: EVERY,
  }));
  before(() => ({ backend: db, proxy, app } = stack));

  test('the office dispatches a request: marked, counted, shown new, cleared once looked at', async () => {
    const move = async (id) => {
      const r = await json(`${db.url}/_office/requests/${encodeURIComponent(id)}`);
      const at = new Date().toISOString();
      const note = 'Sent to the street lighting team.';
      await fetch(`${db.url}/_office/requests/${encodeURIComponent(id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'dispatched', status_notes: note, updated_at: at, timeline: [...r.timeline, { step: 'dispatched', at, note }] }),
      });
    };
    await journey({
      app,
      proxy,
      lang: 'en-GB',
      words: { ...EN, lighting: '公共照明' },
      move,
      reads: (c) => c.method === 'POST' && c.url.startsWith('/requests/read'),
      w: {
        name: 'rest-en',
        prefix: 'Test: ',
        submitted: 'Request sent',
        mine: 'My requests',
        changed: 'Updated: Dispatched; a new note from the office',
        since: 'Since you last looked: Dispatched; a new note from the office',
        count: (n) => `Requests with news: ${n}`,
        new: 'New',
      },
    });
  });

  test('a hundred followed requests: one call per check asks about all of them', async () => {
    const reads = (c) => c.method === 'POST' && c.url.startsWith('/requests/read');
    const { page } = await app.phone({ locale: 'en-GB' });
    await page.goto(`${app.url}/`);
    await file(page, { ...EN, lighting: '公共照明' }, 'Test: one of a hundred, the stair light is out.', 'Request sent');
    // 99 more at the office, filed through the contract as the app files them, and kept on the
    // phone as the app keeps its own (a volunteer's phone follows as many).
    const more = [];
    for (let n = 0; n < 99; n++) {
      const key = randomUUID();
      const answer = await fetch(`${db.url}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
        body: JSON.stringify({ idempotency_key: key, category: 'lighting', description: `Test: request ${n + 2} of a hundred.`, address: '太华路社区 9号楼', contact: { name: 'Test', phone: '13800138000' } }),
      });
      assert.equal(answer.status, 201, `filed ${n + 2}`);
      const r = await answer.json();
      more.push({ id: r.id, read_key: r.read_key });
    }
    await page.evaluate((more) => {
      // Kept in the app's envelope: {v, value: [requests]}.
      const kept = JSON.parse(localStorage.getItem('doorstep.mine'));
      for (const m of more) kept.value.push({ ...kept.value[0], id: m.id, read_key: m.read_key });
      localStorage.setItem('doorstep.mine', JSON.stringify(kept));
    }, more);
    // A new start checks at once; then every few seconds.
    const since = Date.now();
    await page.goto(`${app.url}/`);
    await page.getByRole('button', { name: EN.submit, exact: true }).waitFor(T);
    for (let i = 0; i < 100 && (await proxy.seen()).filter((c) => c.at >= since && reads(c)).length < 2; i++) await sleep(200);
    const calls = (await proxy.seen()).filter((c) => c.at >= since && reads(c));
    assert.ok(calls.length >= 2, `two checks: ${calls.length}`);
    for (const c of calls) {
      const asked = JSON.parse(c.body).requests.map((r) => r.id);
      assert.equal(asked.length, 100, 'each check asks about all hundred in its one call');
      for (const m of more) assert.ok(asked.includes(m.id));
    }
    // One call per check: the checks are at least the configured interval apart.
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i].at - calls[i - 1].at >= EVERY * 1000 - 500, `one call per check: ${calls[i].at - calls[i - 1].at} ms apart`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('stop following one request: neither checked nor marked; followed again, it is', async () => {
    const move = async (id, status) => {
      const r = await json(`${db.url}/_office/requests/${encodeURIComponent(id)}`);
      const at = new Date().toISOString();
      await fetch(`${db.url}/_office/requests/${encodeURIComponent(id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status, updated_at: at, timeline: [...r.timeline, { step: status, at }] }),
      });
    };
    const reads = (c) => c.method === 'POST' && c.url.startsWith('/requests/read');
    const { page } = await app.phone({ locale: 'en-GB' });
    await page.goto(`${app.url}/`);
    const words = { ...EN, lighting: '公共照明' };
    const stopped = await file(page, words, 'Test: stop following, the stair light is out.', 'Request sent');
    await page.goto(`${app.url}/`);
    const kept = await file(page, words, 'Test: still followed, the gate light is out.', 'Request sent');
    await mineTab(page, 'My requests').click();
    await item(page, stopped).getByRole('link').click();
    await page.getByRole('button', { name: 'Stop following this request' }).click();
    await page.getByRole('status').filter({ hasText: 'Not followed: this phone no longer checks it' }).waitFor(T);
    await shot(page, 'follow-rest-en-04-stopped');
    // On the form (where no list or page refreshes what it shows), the only reads are the checks.
    await page.getByRole('navigation').getByRole('link', { name: 'New request', exact: true }).click();
    await page.getByRole('button', { name: words.submit, exact: true }).waitFor(T);
    const since = Date.now();
    await move(stopped, 'dispatched');
    await move(kept, 'dispatched');
    // The followed one's change is counted on the tab: checked.
    await page.locator('nav a[data-count="1"]').waitFor(T);
    const calls = (await proxy.seen()).filter((c) => c.at >= since && reads(c));
    assert.ok(calls.length >= 1, 'checked with the office');
    for (const c of calls) {
      const asked = decodeURIComponent(c.url + ' ' + (c.body ?? ''));
      assert.ok(asked.includes(kept) && !asked.includes(stopped), `only the one followed is asked about: ${c.body}`);
    }
    await mineTab(page, 'My requests').click();
    await item(page, kept).locator('.item-change').waitFor(T);
    assert.equal(await item(page, stopped).locator('.item-change').count(), 0, 'the one not followed is not marked');
    // Still in "my requests", and followed again from its page (which shows it dispatched: no news
    // then): the office moves it again, and the checks ask about it and mark it.
    await item(page, stopped).getByRole('link').click();
    await page.getByRole('button', { name: 'Follow this request again' }).click();
    await page.getByRole('button', { name: 'Stop following this request' }).waitFor(T);
    assert.equal(await page.getByRole('status').filter({ hasText: 'Not followed' }).count(), 0);
    await page.getByRole('navigation').getByRole('link', { name: 'New request', exact: true }).click();
    await page.getByRole('button', { name: words.submit, exact: true }).waitFor(T);
    const again = Date.now();
    await move(stopped, 'in_progress');
    await page.locator('nav a[data-count="2"]').waitFor(T);
    assert.ok((await proxy.seen()).some((c) => c.at >= again && reads(c) && (c.body ?? '').includes(stopped)), 'asked about again');
    await mineTab(page, 'My requests').click();
    await item(page, stopped).locator('.item-change').filter({ hasText: 'Updated: In progress' }).waitFor(T);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('open311: the GeoReport v2 test server, in Traditional Chinese', () => {
  let server, proxy, app;
  const stack = backendForTests(
    () => startOpen311(),
    (url) => ({ backend: { kind: 'open311', base_url: url, api_key: 'test-key', timeout_seconds: TIMEOUT_SECONDS }, check_every_seconds: EVERY }),
  );
  before(() => ({ backend: server, proxy, app } = stack));

  test('the office starts work on a request: marked, counted, shown new, cleared once looked at', async () => {
    const move = (id) =>
      fetch(`${server.url}/_office/requests/${id}`, { method: 'POST', body: JSON.stringify({ status: 'IN_PROGRESS', status_notes: '電工已上門查看' }) });
    await journey({
      app,
      proxy,
      lang: 'zh-TW',
      words: { ...HANT, lighting: '楼道灯不亮' },
      move,
      reads: (c) => c.method === 'GET' && c.url.startsWith('/requests.json?') && c.url.includes('service_request_id='),
      w: {
        name: 'open311-hant',
        prefix: '測試：',
        submitted: '提交成功',
        mine: '我的訴求',
        changed: '有新進展：辦理中；街道有新的答覆',
        since: '自您上次查看以來有新進展：辦理中；街道有新的答覆',
        count: (n) => `有 ${n} 條訴求有新進展`,
        new: '新',
      },
    });
  });
});

describe('the demo office, in Simplified Chinese and elder mode', () => {
  test('the office moves by itself: marked and counted with no tap, its new steps marked, cleared once looked at', async () => {
    const app = await start({ backend: { kind: 'demo', step_seconds: 3 }, check_every_seconds: EVERY });
    try {
      const { page } = await app.phone();
      await page.goto(`${app.url}/`);
      const number = await file(page, ZH, '测试：楼道灯不亮已经三天了，晚上看不见。', '提交成功');
      await mineTab(page, '我的诉求').click();
      // The demo office answers within a few steps; each check marks what moved.
      await item(page, number).getByText('已办结，请评价', { exact: true }).first().waitFor({ timeout: 40_000 });
      await item(page, number).locator('.item-change').filter({ hasText: '有新进展：已办结，请评价' }).waitFor(T);
      await page.locator('nav a[data-count="1"]').waitFor(T);
      await shot(page, 'follow-demo-zh-01-marked');
      // Elder mode: the same marks, larger.
      await page.getByRole('button', { name: '长辈版' }).click();
      await item(page, number).locator('.item-change').waitFor(T);
      await shot(page, 'follow-demo-zh-elder-01-marked');

      await item(page, number).getByRole('link').click();
      await page.locator('.notice.news').filter({ hasText: '自您上次查看以来有新进展：已办结，请评价' }).waitFor(T);
      // Every step after "received" is new to the resident.
      const steps = await page.locator('.timeline-step').count();
      assert.equal(await page.locator('.timeline-step.new').count(), steps - 1);
      await shot(page, 'follow-demo-zh-elder-02-request');
      await mineTab(page, '我的诉求').click();
      await item(page, number).waitFor(T);
      await page.waitForFunction(() => !document.querySelector('.item-change, nav a[data-count]'), null, T);
      // A reload (a new start) brings no mark back: marks are counted from what the phone keeps
      // as soon as the list shows (the office has nothing new to say: the request is answered).
      await page.reload();
      await item(page, number).waitFor(T);
      await page.locator('.request-list').waitFor(T);
      assert.equal(await page.locator('.item-change, nav a[data-count]').count(), 0);
      assert.deepEqual(page.errors, []);
    } finally {
      await app.close();
    }
  });
});
