// Every validation rule: the message appears next to its field (and is its accessible
// description), in the current language, and nothing is submitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForTests, fillRequest, ledger, ZH, EN } from './support/app.mjs';
import { shot } from './support/browser.mjs';

const ctx = appForTests();

const T = { timeout: 15_000 };

/** The text of everything a control's aria-describedby points at: its hint and its message. */
function description(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );
}

async function submitAndExpectNothingSent(page, words = ZH) {
  await page.getByRole('button', { name: words.submit, exact: true }).click();
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await ledger(page), null, 'nothing reached the office');
}

async function freshForm(lang = 'zh') {
  const { page, context } = await ctx.app.phone({ locale: lang === 'en' ? 'en-GB' : 'zh-CN' });
  await page.goto(ctx.app.url + (lang === 'en' ? '/?lang=en' : '/'));
  await page.getByRole('radio', { name: lang === 'en' ? EN.lighting : ZH.lighting }).waitFor(T);
  return { page, context };
}

test('an empty form names every required field and sends nothing', async () => {
  const { page, context } = await freshForm();
  await submitAndExpectNothingSent(page);
  // GOV.UK's error summary: at the top, focused, a link to each field with its message; "错误：" in the title.
  const summary = page.getByRole('alert').filter({ hasText: '有问题需要处理' });
  await summary.waitFor(T);
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
  assert.deepEqual(await summary.getByRole('link').allTextContents(), ['请填写这一项', '请选择一项', '请填写这一项', '请填写这一项', '请填写这一项']);
  assert.match(await page.title(), /^错误：/);
  const category = page.getByRole('group', { name: '问题类别' });
  assert.equal(await category.getByText('请选择一项').count(), 1);
  for (const label of [ZH.description, ZH.address, ZH.name, ZH.phone]) {
    const field = page.getByLabel(label, { exact: true });
    assert.match(await description(field), /请填写这一项/, label);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', label);
  }
  for (const label of [ZH.community, ZH.building, ZH.unit]) {
    assert.equal(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), null, label);
  }
  // A link in the summary takes the focus to its field.
  await summary.getByRole('link').nth(1).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-category');
  await shot(page, 'zh-10-validation-empty');
  await context.close();
});

const RULES = [
  { field: 'description', value: '灯坏了好几天', message: '至少写 10 个字', en: 'Write at least 10 characters' },
  { field: 'description', value: '漏'.repeat(1001), message: '最多 1000 个字，请删减一些', en: 'At most 1000 characters; please shorten it' },
  { field: 'address', value: '路'.repeat(201), message: '最多 200 个字，请删减一些', en: 'At most 200 characters; please shorten it' },
  { field: 'address', value: '   ', message: '请填写这一项', en: 'Please fill this in' },
  { field: 'community', value: '区'.repeat(41), message: '最多 40 个字，请删减一些', en: 'At most 40 characters; please shorten it' },
  { field: 'building', value: '楼'.repeat(41), message: '最多 40 个字，请删减一些', en: 'At most 40 characters; please shorten it' },
  { field: 'unit', value: '单'.repeat(41), message: '最多 40 个字，请删减一些', en: 'At most 40 characters; please shorten it' },
  { field: 'name', value: '名'.repeat(41), message: '最多 40 个字，请删减一些', en: 'At most 40 characters; please shorten it' },
  { field: 'phone', value: '12345', message: '请填 11 位手机号码，以 1 开头', en: 'Enter an 11-digit mobile number starting with 1' },
  { field: 'phone', value: '23800138000', message: '请填 11 位手机号码，以 1 开头', en: 'Enter an 11-digit mobile number starting with 1' },
  { field: 'phone', value: '1380013800x', message: '请填 11 位手机号码，以 1 开头', en: 'Enter an 11-digit mobile number starting with 1' },
];

for (const lang of ['zh', 'en']) {
  test(`${lang}: each broken field gets its own message and nothing is sent`, async () => {
    const words = lang === 'en' ? EN : ZH;
    const { page, context } = await freshForm(lang);
    for (const rule of RULES) {
      await fillRequest(page, words, { [rule.field]: rule.value });
      await submitAndExpectNothingSent(page, words);
      const field = page.getByLabel(words[rule.field], { exact: true });
      const expected = lang === 'en' ? rule.en : rule.message;
      assert.match(await description(field), new RegExp(expected.replace(/[()]/g, '.')), `${rule.field}=${rule.value}`);
      // Exactly one problem: the others are fine.
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 1, `${rule.field}=${rule.value}`);
      if (rule.field === 'phone' && lang === 'zh') await shot(page, 'zh-11-validation-phone');
      if (rule.field === 'phone' && lang === 'en') await shot(page, 'en-11-validation-phone');
    }
    // Put right, it goes through.
    await fillRequest(page, words);
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.waitForURL('**/submitted/*', T);
    assert.equal((await ledger(page)).requests.length, 1);
    await context.close();
  });
}

test('a message appears when leaving a half-filled field, and goes when it is put right', async () => {
  const { page, context } = await freshForm();
  const phone = page.getByLabel(ZH.phone, { exact: true });
  await phone.fill('139');
  await phone.blur();
  assert.match(await description(phone), /请填 11 位手机号码/);
  await phone.fill('13912345678');
  assert.doesNotMatch(await description(phone), /请填 11 位手机号码/);
  assert.equal(await phone.getAttribute('aria-invalid'), null);
  // The counter counts characters as a resident does.
  await page.getByLabel(ZH.description, { exact: true }).fill('楼道灯不亮');
  await page.getByText('已写 5 / 1000 字').waitFor(T);
  await context.close();
});

test('rating and reopening check their answers before sending', async () => {
  const { page, context } = await freshForm();
  await fillRequest(page);
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByText('已办结，请评价', { exact: true }).first().waitFor(T);
  const rate = page.getByRole('form', { name: '请您评价' });
  await rate.getByRole('button', { name: '提交评价' }).click();
  assert.equal(await rate.getByRole('group', { name: '问题解决了吗？' }).getByText('请选择一项').count(), 1);
  assert.equal(await rate.getByRole('group', { name: '您对办理满意吗？' }).getByText('请选择一项').count(), 1);
  await shot(page, 'zh-12-validation-rating');
  await rate.getByRole('radio', { name: '未解决' }).check();
  await rate.getByRole('radio', { name: '不满意' }).check();
  await rate.getByLabel('补充说明（选填）').fill('差'.repeat(501));
  await rate.getByRole('button', { name: '提交评价' }).click();
  assert.match(await description(rate.getByLabel('补充说明（选填）')), /最多 500 个字/);
  let stored = await ledger(page);
  assert.equal(stored.requests[0].rating, null, 'no rating was sent');

  await rate.getByLabel('补充说明（选填）').fill('');
  await rate.getByRole('button', { name: '提交评价' }).click();
  const reason = page.getByLabel('哪里还没解决');
  await reason.waitFor(T);
  await page.getByRole('button', { name: '申请重新办理' }).click();
  assert.match(await description(reason), /请填写这一项/);
  await reason.fill('还不亮');
  await page.getByRole('button', { name: '申请重新办理' }).click();
  assert.match(await description(reason), /至少写 5 个字/);
  stored = await ledger(page);
  assert.equal(stored.requests[0].status, 'closed', 'the request was not reopened');
  await context.close();
});

test('lookup checks the tracking number', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/lookup');
  const number = page.getByLabel('查询编号');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  assert.match(await description(number), /请填写这一项/);
  await number.fill('<script>');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  assert.match(await description(number), /编号只有字母、数字和短横线/);
  assert.equal(new URL(page.url()).pathname, '/lookup');
  await context.close();
});
