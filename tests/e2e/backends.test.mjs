// The same resident journey against real backend processes on 127.0.0.1, chosen by config.json
// alone: json-server hosting the REST contract, and the Open311 GeoReport v2 test server. Then
// every way a backend can fail, through a fault proxy: the message on screen, the form as typed,
// a reload that keeps it, and a retry that files exactly one request.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { backendForTests, start, fillRequest, ZH } from './support/app.mjs';
import { shot } from './support/browser.mjs';
import { startJsonServer, startOpen311, deadPort } from './support/servers.mjs';

const T = { timeout: 15_000 };
const TIMEOUT_SECONDS = 2;

const MESSAGES = {
  drop: '连接不上服务器。请检查网络后重试。',
  hang: `服务器 ${TIMEOUT_SECONDS} 秒内没有回应，请稍后重试。`,
  rejected: '服务器不接受这次提交：描述中含有不允许的内容',
  open311_rejected: '服务器不接受这次提交：Invalid api_key received',
  server_error: '服务器现在太忙（代码 503），稍后会再试。',
  html: '服务器返回的是网页而不是数据',
  malformed: '服务器的回答不完整或已损坏，请稍后重试。',
  shape: '服务器的回答格式不对，请稍后重试或联系街道。',
  reset: '连接中断了，服务器的回答没有收完。请重试。',
  lost_answer: '连接不上服务器。请检查网络后重试。',
};

/** The form's words, with the Open311 test server's lighting service. */
const OPEN311_WORDS = { ...ZH, lighting: '楼道灯不亮' };

const json = (url, init) => fetch(url, init).then((r) => r.json());

async function alertSays(page, text) {
  await page.getByRole('alert').filter({ hasText: text }).first().waitFor(T);
}

async function refreshUntil(page, text) {
  for (let i = 0; i < 20; i++) {
    await page.getByRole('button', { name: '刷新', exact: true }).click();
    if (await page.getByText(text, { exact: true }).first().isVisible().catch(() => false)) return;
    await page.waitForTimeout(250);
  }
  await page.getByText(text, { exact: true }).first().waitFor(T);
}

/** The request waiting in the outbox, as the resident sees it. */
const waiting = (page) => page.locator('.outbox-entry');

/**
 * Fails every send in `mode` until cleared, and checks what the resident sees and keeps: the
 * request waits on the phone with what went wrong, a reload keeps it, and once the fault clears
 * "send now" files exactly one.
 */
async function failThenSend(page, proxy, match, mode, count, extra = {}) {
  await proxy.fault({ match, mode, seconds: TIMEOUT_SECONDS + 2, times: 100, ...extra });
  const before = await count();
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await waiting(page).getByText(MESSAGES[mode]).first().waitFor(T);
  await waiting(page).getByText('这条诉求已保存在本机，会自动发送').first().waitFor(T);
  assert.equal(new URL(page.url()).pathname, '/', mode);
  if (!['lost_answer', 'hang_after'].includes(mode)) assert.equal(await count(), before, `${mode}: nothing filed`);
  // Kept on the phone: a reload still shows it waiting.
  await page.reload();
  await waiting(page).getByText(/灯不亮已经三天了/).first().waitFor(T);
  await proxy.clear();
  // The resident taps "send now" (unless the outbox's own next try got there first).
  const now = waiting(page).getByRole('button', { name: '现在发送' });
  if (await now.isEnabled().catch(() => false)) await now.click({ timeout: 2000 }).catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.outbox-entry'), null, T);
  assert.equal(await count(), before + 1, `${mode}: filed exactly once`);
  await page.goto(page.url().replace(/\/submitted\/.*$/, '/'));
}

describe('rest: json-server hosting the REST contract', () => {
  let db, proxy, app;
  // The office reads and changes requests through the reference backend's office hook (contract
  // v2: the workflow is the office's alone, and only it sees the whole request).
  const stored = (id) => json(`${db.url}/_office/requests/${encodeURIComponent(id)}`);
  const office = async (id, status, note, agency) => {
    const r = await stored(id);
    const at = new Date().toISOString();
    await fetch(`${db.url}/_office/requests/${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        status,
        status_notes: note,
        agency_responsible: agency ?? r.agency_responsible,
        updated_at: at,
        timeline: [...r.timeline, { step: status, at, note }],
      }),
    });
  };
  const filed = () => json(`${db.url}/_office/requests`);
  /** A fault on the filing itself (`POST /requests`, not the look-up or the reads under it). */
  const EXACT = { exact: true };

  const stack = backendForTests(startJsonServer, (url) => ({ backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS } }));
  before(() => ({ backend: db, proxy, app } = stack));

  test('raise, follow, rate, reopen, rate again, list, look up', async () => {
    const { page, context } = await app.phone();
    await page.goto(app.url + '/');
    await fillRequest(page);
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
    const number = (await page.locator('.tracking-number').textContent()).trim();
    let record = await filed();
    assert.equal(record.length, 1);
    assert.equal(String(record[0].id), number);
    assert.match(number, /^R-[A-Z2-7]{12}$/, 'the office chose the number (contract v2)');
    assert.match(record[0].idempotency_key, /^[0-9a-f-]{36}$/);
    assert.equal(record[0].contact.phone, '13800138000');
    assert.equal(record[0].category, 'lighting');
    await shot(page, 'rest-zh-01-submitted');

    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByText('已受理', { exact: true }).first().waitFor(T);
    await office(number, 'dispatched', '已派单至街道市政设施管理所', '街道市政设施管理所');
    await office(number, 'in_progress', '电工已上门查看');
    // The office's words are shown as text, whatever they contain.
    await office(number, 'resolved', '<img src=x onerror="window.__pwned=1"><b>已更换</b>两盏楼道灯，经测试正常。');
    await refreshUntil(page, '已办结，请评价');
    await page.getByText('<img src=x onerror="window.__pwned=1"><b>已更换</b>两盏楼道灯，经测试正常。').first().waitFor(T);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('.timeline img, .timeline b').count(), 0);
    await page.getByText('街道市政设施管理所', { exact: true }).waitFor(T);
    await shot(page, 'rest-zh-02-resolved');

    const rate = page.getByRole('form', { name: '请您评价' });
    await rate.getByRole('radio', { name: '未解决' }).check();
    await rate.getByRole('radio', { name: '不满意' }).check();
    await rate.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('已评价', { exact: true }).first().waitFor(T);
    record = await stored(number);
    assert.equal(record.status, 'closed');
    assert.deepEqual(record.rating, { solved: false, satisfaction: 'dissatisfied' });

    await page.getByLabel('哪里还没解决').fill('三楼的灯还是不亮');
    await page.getByRole('button', { name: '申请重新办理' }).click();
    await page.getByText('重新办理', { exact: true }).first().waitFor(T);
    record = await stored(number);
    assert.equal(record.status, 'reopened');
    assert.deepEqual(record.timeline.at(-1).note, '三楼的灯还是不亮');

    await office(number, 'resolved', '三楼灯已修好。');
    await refreshUntil(page, '已办结，请评价');
    await rate.getByRole('radio', { name: '已解决' }).check();
    await rate.getByRole('radio', { name: '满意', exact: true }).check();
    await rate.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('已评价', { exact: true }).first().waitFor(T);
    assert.equal((await stored(number)).rating.satisfaction, 'satisfied');
    await shot(page, 'rest-zh-03-rated');

    await page.getByRole('link', { name: '我的诉求', exact: true }).click();
    await page.getByRole('link').filter({ hasText: '三楼' }).or(page.getByRole('link').filter({ hasText: '9号楼' })).first().waitFor(T);
    await page.getByRole('link', { name: '查询进度', exact: true }).click();
    await page.getByLabel('查询编号').fill(number);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('已评价', { exact: true }).first().waitFor(T);
    assert.equal((await filed()).length, 1);
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test('every failure: its message on the waiting request, kept over a reload, then filed once', async () => {
    const { page, context } = await app.phone();
    await page.goto(app.url + '/');
    const count = async () => (await filed()).length;
    for (const mode of ['drop', 'hang', 'server_error', 'html', 'malformed', 'shape', 'reset']) {
      await fillRequest(page, ZH, { description: `9号楼2单元楼道灯不亮已经三天了（${mode}）。` });
      await failThenSend(page, proxy, 'POST /requests', mode, count, EXACT);
      if (mode === 'html') await shot(page, 'rest-zh-04-error-html');
    }
    // The office filed it but its answer was lost: the next try finds it by its key, by itself.
    const before = await count();
    await fillRequest(page, ZH, { description: '9号楼2单元楼道灯不亮已经三天了（答复丢失）。' });
    // (The look-up, POST /requests/lookup, goes through.)
    await proxy.fault({ match: 'POST /requests', mode: 'lost_answer', times: 100, ...EXACT });
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
    await proxy.clear();
    assert.equal(await count(), before + 1, 'found by its key, not filed again');
    await context.close();
  });

  test('a refusal brings the request back to its form with the office’s words', async () => {
    const { page, context } = await app.phone();
    await page.goto(app.url + '/');
    await fillRequest(page);
    const before = (await filed()).length;
    await proxy.fault({ match: 'POST /requests', mode: 'rejected', ...EXACT });
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await alertSays(page, MESSAGES.rejected);
    await alertSays(page, '您填写的内容还在，可以直接重试。');
    assert.match(await page.getByLabel(ZH.description, { exact: true }).inputValue(), /楼道灯不亮已经三天了/);
    assert.equal(await waiting(page).count(), 0, 'not left waiting');
    assert.equal((await filed()).length, before);
    await shot(page, 'rest-zh-08-refused');
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
    assert.equal((await filed()).length, before + 1);
    await context.close();
  });
});

describe('open311: the GeoReport v2 test server', () => {
  let server, proxy, app;
  const office = (id, change) =>
    fetch(`${server.url}/_office/requests/${id}`, { method: 'POST', body: JSON.stringify(change) });
  const filed = () => json(`${server.url}/_office/requests`);

  const stack = backendForTests(
    () => startOpen311({ tokens: true }),
    (url) => ({ backend: { kind: 'open311', base_url: url, api_key: 'test-key', timeout_seconds: TIMEOUT_SECONDS } }),
  );
  before(() => ({ backend: server, proxy, app } = stack));

  test('extra questions, a token followed to an id, statuses, and a rating kept on the phone', async () => {
    const { page, context } = await app.phone();
    await page.goto(app.url + '/');
    await page.getByRole('radio', { name: '道路坑洞' }).check();
    const size = page.getByRole('group', { name: '坑有多大？' });
    await size.waitFor(T);
    await page.getByLabel(ZH.description, { exact: true }).fill('革新南路南侧人行道上有个大坑，晚上看不见容易摔倒。');
    await page.getByLabel(ZH.address, { exact: true }).fill('马家堡东路与革新南路交叉路口向东120米，革新南路南侧');
    await page.getByLabel(ZH.name, { exact: true }).fill('李师傅');
    await page.getByLabel(ZH.phone, { exact: true }).fill('13912345678');
    await page.getByLabel('大约多深（厘米）？（选填）').fill('很深');
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await size.getByText('请选择一项').waitFor(T);
    await page.locator('.field-error').getByText('请填一个数字').waitFor(T);
    assert.equal((await filed()).length, 0, 'nothing filed');
    await shot(page, 'open311-zh-01-questions');

    await size.getByRole('radio', { name: '像井盖那么大' }).check();
    await page.getByLabel('大约多深（厘米）？（选填）').fill('30');
    const lanes = page.getByRole('group', { name: '影响哪些通行？（选填）' });
    await lanes.getByRole('checkbox', { name: '非机动车道' }).check();
    await lanes.getByRole('checkbox', { name: '人行道' }).check();
    await page.getByRole('button', { name: ZH.submit, exact: true }).click();
    await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
    const number = (await page.locator('.tracking-number').textContent()).trim();
    assert.equal(number, '638344');
    const [entry] = await filed();
    assert.deepEqual(entry.attributes, { SIZE: '2', DEPTH: '30', LANES: ['bike', 'walk'] });
    assert.equal(entry.contact.phone, '13912345678');
    assert.match(entry.request.address, /革新南路南侧/);

    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByText('已受理', { exact: true }).first().waitFor(T);
    await office(number, { status: 'IN_PROGRESS', agency_responsible: '区市政道路养护所', status_notes: '养护队已到现场' });
    await refreshUntil(page, '办理中');
    await page.getByText('养护队已到现场').waitFor(T);
    await office(number, { status: 'closed', status_notes: '坑洞已用沥青修补。' });
    await refreshUntil(page, '已办结，请评价');
    await page.getByText('坑洞已用沥青修补。').first().waitFor(T);

    const rate = page.getByRole('form', { name: '请您评价' });
    // Said before the resident answers, not only after.
    await rate.getByText('这个服务系统不能在线接收评价').waitFor(T);
    await rate.getByRole('radio', { name: '已解决' }).check();
    await rate.getByRole('radio', { name: '基本满意' }).check();
    await rate.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('您的评价只保存在这部手机上，没有发送').waitFor(T);
    await shot(page, 'open311-zh-02-rating-kept');
    await page.reload();
    await page.getByText('您的评价只保存在这部手机上，没有发送').waitFor(T);
    await page.getByText('已解决，基本满意').waitFor(T);

    await page.getByRole('link', { name: '我的诉求', exact: true }).click();
    await page.getByRole('link').filter({ hasText: number }).waitFor(T);
    assert.equal((await filed()).length, 1);
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test('every failure: its message on the waiting request, kept over a reload, then filed once', async () => {
    const { page, context } = await app.phone();
    await page.goto(app.url + '/');
    const count = async () => (await filed()).length;
    for (const mode of ['drop', 'hang', 'server_error', 'html', 'malformed', 'shape', 'reset']) {
      await fillRequest(page, OPEN311_WORDS, { description: `革新南路路灯不亮已经三天了（${mode}）。` });
      await failThenSend(page, proxy, 'POST /requests.json', mode, count);
    }
    await context.close();
  });

  test('a wrong api key is the server’s own words', async () => {
    const wrongKey = await start({ backend: { kind: 'open311', base_url: server.url, api_key: 'wrong', timeout_seconds: TIMEOUT_SECONDS } });
    try {
      const { page } = await wrongKey.phone();
      await page.goto(wrongKey.url + '/');
      await fillRequest(page, OPEN311_WORDS);
      await page.getByRole('button', { name: ZH.submit, exact: true }).click();
      await alertSays(page, "服务器不接受这次提交：Invalid api_key received -- can't proceed with create_request.");
    } finally {
      await wrongKey.close();
    }
  });
});

test('a backend that is down: the categories say so, with a retry', async () => {
  const port = await deadPort();
  const app = await start({ backend: { kind: 'rest', base_url: `http://127.0.0.1:${port}`, timeout_seconds: TIMEOUT_SECONDS } });
  try {
    const { page } = await app.phone();
    await page.goto(app.url + '/');
    await page.getByText('问题类别加载失败。').waitFor(T);
    await alertSays(page, MESSAGES.drop);
    await page.getByRole('button', { name: '重试' }).waitFor(T);
    await shot(page, 'rest-zh-05-down');
  } finally {
    await app.close();
  }
});

test('a plain-http backend that is not this machine is refused', async () => {
  const app = await start({ backend: { kind: 'rest', base_url: 'http://api.street.example' } });
  try {
    const { page } = await app.phone();
    await page.goto(app.url + '/');
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    assert.match(await page.getByRole('alert').textContent(), /must use https/);
  } finally {
    await app.close();
  }
});

test('an address a browser reads as another host (a backslash before @) is refused, and never contacted', async () => {
  // WHATWG URL parsing takes `\` for `/`: this is plain http to evil.example, not to 127.0.0.1.
  const app = await start({ backend: { kind: 'rest', base_url: 'http://evil.example\\@127.0.0.1:8080' } });
  try {
    const { page } = await app.phone();
    const contacted = [];
    page.on('request', (r) => new URL(r.url()).hostname.includes('evil') && contacted.push(r.url()));
    await page.goto(app.url + '/');
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    assert.match(await page.getByRole('alert').textContent(), /is not a plain URL/);
    await page.getByRole('button', { name: '重新加载' }).click(T);
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    assert.deepEqual(contacted, []);
  } finally {
    await app.close();
  }
});

test('the demo office says so on every page; an office of its own does not', async () => {
  const demo = await start({ backend: { kind: 'demo' } });
  const port = await deadPort();
  const rest = await start({ backend: { kind: 'rest', base_url: `http://127.0.0.1:${port}`, timeout_seconds: TIMEOUT_SECONDS } });
  try {
    const { page } = await demo.phone();
    await page.goto(demo.url + '/');
    const note = page.getByRole('note').filter({ hasText: '演示模式：这是练习用的街道，诉求不会发给真实的街道办。' });
    await note.waitFor(T);
    await page.getByRole('link', { name: '查询进度', exact: true }).click(T);
    await note.waitFor(T);
    const real = (await rest.phone()).page;
    await real.goto(rest.url + '/');
    await real.getByText('问题类别加载失败。').waitFor(T);
    assert.equal(await real.getByRole('note').filter({ hasText: '演示模式' }).count(), 0);
  } finally {
    await demo.close();
    await rest.close();
  }
});
