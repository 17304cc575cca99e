// The whole resident journey on the embedded demo office, as a person on a phone does it:
// raise, follow every step, rate, reopen, rate again, find it in "my requests", look it up, reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForTests, start, fillRequest, ledger, ZH, EN } from './support/app.mjs';
import { shot } from './support/browser.mjs';

const ctx = appForTests();

const T = { timeout: 15_000 };

async function timelineSteps(page, progress) {
  // Each step's name, without the "new" mark of steps that came since the resident last looked.
  return page
    .getByRole('region', { name: progress })
    .getByRole('listitem')
    .locator('.step-title')
    .evaluateAll((titles) => titles.map((t) => [...t.childNodes].filter((n) => !n.classList?.contains('new-mark')).map((n) => n.textContent).join('').trim()));
}

const LANGS = {
  zh: {
    ...ZH,
    locale: 'zh-CN',
    query: '',
    submitted: '提交成功',
    follow: '查看办理进度',
    progress: '办理进度',
    resolved: '已办结，请评价',
    rated: '已评价',
    reopened: '重新办理',
    solved: '已解决',
    notSolved: '未解决',
    satisfied: '满意',
    dissatisfied: '不满意',
    comment: '补充说明（选填）',
    sendRating: '提交评价',
    reason: '哪里还没解决',
    reopen: '申请重新办理',
    mine: '我的诉求',
    lookup: '查询进度',
    tracking: '查询编号',
    lookupButton: '查询',
    inTime: '已按时答复',
    steps: ['受理', '派单', '办理', '办结答复'],
    stepsAfterReopen: ['受理', '派单', '办理', '办结答复', '评价：未解决，不满意', '申请重办', '派单', '办理', '办结答复'],
    rateRegion: '请您评价',
  },
  en: {
    ...EN,
    locale: 'en-GB',
    query: '?lang=en',
    submitted: 'Request sent',
    follow: 'Follow this request',
    progress: 'Progress',
    resolved: 'Resolved – please rate',
    rated: 'Rated',
    reopened: 'Reopened',
    solved: 'Solved',
    notSolved: 'Not solved',
    satisfied: 'Satisfied',
    dissatisfied: 'Dissatisfied',
    comment: 'Comment (optional)',
    sendRating: 'Send rating',
    reason: 'What is still wrong',
    reopen: 'Ask to handle it again',
    mine: 'My requests',
    lookup: 'Track',
    tracking: 'Tracking number',
    lookupButton: 'Look up',
    inTime: 'Answered on time',
    steps: ['Received', 'Dispatched to a department', 'In progress', 'Resolved'],
    stepsAfterReopen: [
      'Received', 'Dispatched to a department', 'In progress', 'Resolved',
      'Rated: Not solved, Dissatisfied', 'Reopened', 'Dispatched to a department', 'In progress', 'Resolved',
    ],
    rateRegion: 'Please rate',
  },
};

for (const [lang, w] of Object.entries(LANGS)) {
  test(`${lang}: raise, follow, rate, reopen, rate again, list, look up, reload`, async () => {
    const { page, context } = await ctx.app.phone({ locale: w.locale });
    await page.goto(ctx.app.url + '/' + w.query);
    await shot(page, `${lang}-01-new-request-empty`);
    await fillRequest(page, w);
    await shot(page, `${lang}-02-new-request-filled`);
    await page.getByRole('button', { name: w.submit, exact: true }).click();

    // Confirmation: tracking number, what next, when to expect feedback.
    await page.getByRole('heading', { name: w.submitted }).waitFor(T);
    const number = (await page.locator('.tracking-number').textContent()).trim();
    assert.match(number, /^DS-\d{8}-\d{4}$/);
    assert.match(new URL(page.url()).pathname, new RegExp(`/submitted/${number}$`));
    await shot(page, `${lang}-03-submitted`);

    // Follow it: the demo office moves it through every step by itself.
    await page.getByRole('link', { name: w.follow }).click();
    await page.getByText(w.resolved, { exact: true }).first().waitFor(T);
    assert.deepEqual(await timelineSteps(page, w.progress), w.steps);
    await page.getByText(w.inTime, { exact: true }).waitFor(T);
    await shot(page, `${lang}-04-resolved`);

    // Rate it: not solved, dissatisfied.
    const rate = page.getByRole('form', { name: w.rateRegion });
    await rate.getByRole('radio', { name: w.notSolved, exact: true }).check();
    await rate.getByRole('radio', { name: w.dissatisfied, exact: true }).check();
    await rate.getByLabel(w.comment).fill('灯换了但还是一闪一闪的');
    await rate.getByRole('button', { name: w.sendRating }).click();
    await page.getByText(w.rated, { exact: true }).first().waitFor(T);

    // Reopen it with a reason; it goes round again.
    await page.getByLabel(w.reason).fill('二楼和三楼的灯还是不亮');
    await shot(page, `${lang}-05-reopen`);
    await page.getByRole('button', { name: w.reopen }).click();
    await page.getByText(w.resolved, { exact: true }).first().waitFor(T);
    assert.deepEqual(await timelineSteps(page, w.progress), w.stepsAfterReopen);
    assert.equal(await page.getByText('二楼和三楼的灯还是不亮').count(), 1);

    // Rate again, happily: no reopen offered any more.
    await rate.getByRole('radio', { name: w.solved, exact: true }).check();
    await rate.getByRole('radio', { name: w.satisfied, exact: true }).check();
    await rate.getByRole('button', { name: w.sendRating }).click();
    await page.getByText(w.rated, { exact: true }).first().waitFor(T);
    assert.equal(await page.getByRole('button', { name: w.reopen }).count(), 0);
    assert.equal(await page.getByRole('button', { name: w.sendRating }).count(), 0);
    await shot(page, `${lang}-06-rated`);

    // It is in "my requests" with its status.
    await page.getByRole('link', { name: w.mine, exact: true }).click();
    const item = page.getByRole('link').filter({ hasText: number });
    await item.waitFor(T);
    assert.match(await item.textContent(), new RegExp(w.rated));
    await shot(page, `${lang}-07-my-requests`);

    // Look it up by tracking number, typed with spaces as a person might.
    await page.getByRole('link', { name: w.lookup, exact: true }).click();
    await page.getByLabel(w.tracking).fill(` ${number} `);
    await shot(page, `${lang}-08-lookup`);
    await page.getByRole('button', { name: w.lookupButton, exact: true }).click();
    await page.waitForURL(`**/requests/${number}`);
    await page.getByText(w.rated, { exact: true }).first().waitFor(T);

    // A reload keeps everything: the request and its timeline come back.
    await page.reload();
    await page.getByText(w.rated, { exact: true }).first().waitFor(T);
    assert.equal((await timelineSteps(page, w.progress)).length, w.stepsAfterReopen.length + 1);

    // Exactly one request was filed.
    assert.equal((await ledger(page)).requests.length, 1);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('a draft survives a reload, and a double tap files one request', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/');
  await fillRequest(page, ZH, { description: '楼下垃圾桶满了好几天没人清运，味道很大。' });
  await page.reload();
  await page.getByLabel(ZH.description, { exact: true }).waitFor(T);
  assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '楼下垃圾桶满了好几天没人清运，味道很大。');
  assert.equal(await page.getByLabel(ZH.phone, { exact: true }).inputValue(), '138 0013 8000');
  assert.equal(await page.getByRole('radio', { name: ZH.lighting }).isChecked(), true);

  const submit = page.getByRole('button', { name: ZH.submit, exact: true });
  await submit.dblclick();
  await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
  assert.equal((await ledger(page)).requests.length, 1);

  // The next request starts from an empty form with a new idempotency key.
  await page.getByRole('link', { name: '再反映一个问题' }).click();
  assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '');
  await context.close();
});

test('use my location: attached when allowed, explained when refused', async () => {
  const allowed = await ctx.app.phone({ permissions: ['geolocation'], geolocation: { latitude: 34.2931, longitude: 108.9537 } });
  await allowed.page.goto(ctx.app.url + '/');
  await allowed.page.getByRole('button', { name: '使用我的位置' }).click();
  await allowed.page.getByText('已附上位置（34.29310, 108.95370）').waitFor(T);
  await shot(allowed.page, 'zh-09-location-added');
  await allowed.page.reload();
  await allowed.page.getByText('已附上位置（34.29310, 108.95370）').waitFor(T);
  await allowed.context.close();

  const refused = await ctx.app.phone();
  await refused.page.goto(ctx.app.url + '/');
  await refused.page.getByRole('button', { name: '使用我的位置' }).click();
  await refused.page.getByRole('alert').filter({ hasText: '您没有允许定位' }).waitFor(T);
  await refused.context.close();
});

test('an unknown tracking number says so', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/lookup');
  await page.getByLabel('查询编号').fill('DS-20260101-9999');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '没有找到编号为 DS-20260101-9999 的诉求' }).waitFor(T);
  await context.close();
});

test('the language switch is remembered', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/');
  await page.getByRole('heading', { name: '反映问题' }).waitFor(T);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('heading', { name: 'Report a problem' }).waitFor(T);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: 'Report a problem' }).waitFor(T);
  await page.getByLabel('Language').selectOption('zh-Hans');
  await page.getByRole('heading', { name: '反映问题' }).waitFor(T);
  await context.close();
});

test('a broken config.json shows what is wrong instead of falling back', async () => {
  const broken = await start({ backend: { kind: 'mystery' } });
  try {
    const { page } = await broken.phone();
    await page.goto(broken.url + '/');
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    assert.match(await page.getByRole('alert').textContent(), /config\.json is not valid/);
    assert.equal(await page.getByRole('button', { name: ZH.submit, exact: true }).count(), 0);
  } finally {
    await broken.close();
  }
});

test('a long list of requests shows the newest first, thirty at a time', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/');
  await page.evaluate(() => {
    const at = '2026-11-28T09:00:00Z';
    const mine = Array.from({ length: 40 }, (_, n) => ({
      id: `DS-20261128-${String(40 - n).padStart(4, '0')}`,
      status: 'received',
      category_code: 'lighting',
      category_name: { kind: 'builtin', value: { category_name: 'public_lighting' } },
      description: `第 ${40 - n} 条：楼道灯不亮，晚上看不见台阶。`,
      requested_at: at,
      updated_at: at,
    }));
    localStorage.setItem('doorstep.mine', JSON.stringify({ v: 1, value: mine }));
  });
  await page.getByRole('link', { name: '我的诉求', exact: true }).click();
  const items = page.getByRole('list').first().getByRole('listitem');
  await page.getByRole('button', { name: '再显示 10 条（还有 10 条）' }).waitFor(T);
  assert.equal(await items.count(), 30);
  assert.match(await items.first().textContent(), /第 40 条/);
  await shot(page, 'zh-14-my-requests-long');
  await page.getByRole('button', { name: '再显示 10 条（还有 10 条）' }).click();
  await page.getByText('第 1 条：楼道灯不亮').waitFor(T);
  assert.equal(await items.count(), 40);
  assert.equal(await page.getByRole('button', { name: /再显示/ }).count(), 0);
  await context.close();
});
