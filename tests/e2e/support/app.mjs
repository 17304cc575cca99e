// Starting the built app for a test, and the steps most tests share.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveApp } from './static-server.mjs';
import { DIST, cspViolations, launch, phone } from './browser.mjs';
import { startFaultProxy } from './servers.mjs';

// The app is served with the Content-Security-Policy a deployment sends (scripts/csp.mjs): any
// violation on any page of a test file fails that file.
after(() => assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations'));

/** The built app served with `config`, and a browser. */
export async function start(config = { backend: { kind: 'demo', step_seconds: 1 } }, serving = {}) {
  const app = await serveApp({ root: DIST, config, ...serving });
  const browser = await launch();
  return {
    url: app.url,
    deploy: app.deploy,
    deployTo: app.deployTo,
    served: app.served,
    browser,
    phone: (options) => phone(browser, options),
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** Starts the app before the file's tests and closes it after; `ctx.app` once started. */
export function appForTests(config) {
  const ctx = {};
  before(async () => {
    ctx.app = await start(config);
  });
  after(async () => {
    await ctx.app?.close();
  });
  return ctx;
}

/**
 * A real backend process behind the fault proxy, and the app configured (by `config(proxyUrl)`)
 * to use it, for the tests of one file or describe block: `ctx.backend`, `ctx.proxy`, `ctx.app`
 * once started, all stopped after.
 */
export function backendForTests(startBackend, config) {
  const ctx = {};
  before(async () => {
    ctx.backend = await startBackend();
    ctx.proxy = await startFaultProxy(ctx.backend.url);
    ctx.app = await start(config(ctx.proxy.url));
  });
  after(async () => {
    await ctx.app?.close();
    await ctx.proxy?.stop();
    await ctx.backend?.stop();
  });
  return ctx;
}

export const ZH = {
  lighting: '公共照明',
  description: '问题描述',
  address: '问题地点',
  community: '社区/小区（选填）',
  building: '楼号（选填）',
  unit: '单元（选填）',
  name: '联系人姓名',
  phone: '手机号码',
  submit: '提交',
};

export const HANT = {
  lighting: '公共照明',
  description: '問題描述',
  address: '問題地點',
  community: '社區/小區（選填）',
  building: '樓號（選填）',
  unit: '單元（選填）',
  name: '聯繫人姓名',
  phone: '手機號碼',
  submit: '提交',
};

export const EN = {
  lighting: 'Public lighting',
  description: 'What is wrong',
  address: 'Where is it',
  community: 'Community or compound (optional)',
  building: 'Building (optional)',
  unit: 'Unit (optional)',
  name: 'Your name',
  phone: 'Mobile number',
  submit: 'Send request',
};

/** Fills the new-request form with a valid request, using the labels of `words`. */
export async function fillRequest(page, words = ZH, overrides = {}) {
  const v = {
    description: '9号楼2单元楼道灯不亮已经三天了，老人晚上上下楼看不见。',
    address: '大明宫街道 太华路社区 中铁二十局小区',
    community: '',
    building: '9号楼',
    unit: '2单元',
    name: '王阿姨',
    phone: '138 0013 8000',
    ...overrides,
  };
  await page.getByRole('radio', { name: words.lighting }).check();
  await page.getByLabel(words.description, { exact: true }).fill(v.description);
  await page.getByLabel(words.address, { exact: true }).fill(v.address);
  await page.getByLabel(words.community, { exact: true }).fill(v.community);
  await page.getByLabel(words.building, { exact: true }).fill(v.building);
  await page.getByLabel(words.unit, { exact: true }).fill(v.unit);
  await page.getByLabel(words.name, { exact: true }).fill(v.name);
  await page.getByLabel(words.phone, { exact: true }).fill(v.phone);
}

/** The word on elder mode's "continue" button, by the words of a language. */
export const CONTINUE = { 提交: '继续', 'Send request': 'Continue' };

/**
 * Fills the new-request form in elder mode, one question at a time, up to the photos step (7),
 * with a valid request, using the labels of `words`.
 */
export async function fillStepwise(page, words = ZH, { continueWord = CONTINUE[words.submit] } = {}) {
  const next = () => page.getByRole('button', { name: continueWord, exact: true }).click();
  await page.getByLabel(words.description, { exact: true }).fill('9号楼2单元楼道灯不亮已经三天了，老人晚上上下楼看不见。');
  await next();
  await page.getByRole('radio', { name: words.lighting }).check();
  await next();
  await page.getByLabel(words.address, { exact: true }).fill('大明宫街道 太华路社区 中铁二十局小区');
  await next();
  await page.getByLabel(words.building, { exact: true }).fill('9号楼');
  await next();
  await page.getByLabel(words.name, { exact: true }).fill('王阿姨');
  await next();
  await page.getByLabel(words.phone, { exact: true }).fill('138 0013 8000');
  await next();
}

/** The demo office's ledger as stored in the page (null before the first request). */
export function ledger(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('doorstep.demo.ledger') ?? 'null'));
}
