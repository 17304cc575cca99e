// What lives on the phone between visits, as the resident sees it: a draft kept and said to be
// kept, a new deployment offered (never forced) by the service worker, and the last known status
// of each request with when it was checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForTests, fillRequest, start, ZH } from './support/app.mjs';
import { shot, until, kept } from './support/browser.mjs';
import { deadPort } from './support/servers.mjs';

const ctx = appForTests();
const T = { timeout: 15_000 };
const started = (page) => page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 });

test('a draft from an earlier visit is said to be kept, and can be discarded', async () => {
  const { page, context } = await ctx.app.phone();
  await page.goto(ctx.app.url + '/');
  await started(page);
  await fillRequest(page, ZH, { description: '楼下垃圾桶满了好几天没人清运，味道很大。' });
  await page.close();
  const again = await context.newPage();
  await again.goto(ctx.app.url + '/');
  await started(again);
  await again.getByRole('status').filter({ hasText: '已恢复您上次没写完的内容' }).waitFor(T);
  assert.equal(await again.getByLabel(ZH.description, { exact: true }).inputValue(), '楼下垃圾桶满了好几天没人清运，味道很大。');
  await shot(again, 'zh-15-draft-restored');
  await again.getByRole('button', { name: '清空' }).click();
  assert.equal(await again.getByLabel(ZH.description, { exact: true }).inputValue(), '');
  assert.equal(await again.getByRole('status').filter({ hasText: '已恢复' }).count(), 0);
  // Discarded everywhere: the next visit starts empty.
  await again.reload();
  await started(again);
  assert.equal(await again.getByLabel(ZH.description, { exact: true }).inputValue(), '');
  await context.close();
});

test('a new deployment is offered on the next start, and reloading into it keeps the form', async () => {
  const app = await start();
  try {
    const { page } = await app.phone();
    await page.goto(app.url + '/');
    await started(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, T);
    // The worker has kept the page for offline use (it does so once the first load is done).
    await until(page, kept, false, T);
    await page.getByLabel(ZH.description, { exact: true }).fill('3号楼楼顶渗水，下雨天家里墙上都是水。');
    // The office deploys a new version; the resident opens the app again later.
    app.deploy();
    await page.reload();
    await started(page);
    const offer = page.getByRole('status').filter({ hasText: '新版本已准备好' });
    await offer.waitFor(T);
    // Never forced: the form is as it was until the resident chooses.
    assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '3号楼楼顶渗水，下雨天家里墙上都是水。');
    await shot(page, 'zh-16-new-version');
    // Waiting for the reload is set up before the tap: the new version may load at once.
    const reloaded = page.waitForEvent('load', T);
    await offer.getByRole('button', { name: '重新加载' }).click();
    await reloaded;
    await started(page);
    assert.equal(await page.getByRole('status').filter({ hasText: '新版本已准备好' }).count(), 0);
    assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '3号楼楼顶渗水，下雨天家里墙上都是水。');
  } finally {
    await app.close();
  }
});

test('"my requests" says when each was last checked, and which may be out of date', async () => {
  const port = await deadPort();
  const app = await start({ backend: { kind: 'rest', base_url: `http://127.0.0.1:${port}`, timeout_seconds: 2 } });
  try {
    const { page } = await app.phone();
    await page.goto(app.url + '/');
    await page.evaluate(() => {
      const at = '2026-11-28T09:00:00Z';
      const request = (id, description) => ({
        id, status: 'in_progress', category_code: 'lighting', category_name: { kind: 'plain', value: '公共照明' },
        description, requested_at: at, updated_at: at,
      });
      localStorage.setItem('doorstep.mine', JSON.stringify({ v: 1, value: [request('2', '刚查询过的诉求：路灯不亮。'), request('1', '很久没查询的诉求：楼道灯不亮。')] }));
      const fresh = new Date().toISOString();
      const old = new Date(Date.now() - 3 * 3600 * 1000).toISOString();
      localStorage.setItem('doorstep.mine.checked', JSON.stringify({ v: 1, value: { 2: fresh, 1: old } }));
    });
    await page.getByRole('link', { name: '我的诉求', exact: true }).click();
    // The office cannot be reached: what is shown is the saved copy, said so.
    await page.getByText('无法刷新，下面是本机保存的信息。').waitFor(T);
    const fresh = page.getByRole('link').filter({ hasText: '刚查询过的诉求' });
    const stale = page.getByRole('link').filter({ hasText: '很久没查询的诉求' });
    assert.match(await fresh.textContent(), /查询于/);
    assert.doesNotMatch(await fresh.textContent(), /可能不是最新状态/);
    assert.match(await stale.textContent(), /查询于.*可能不是最新状态/);
    await shot(page, 'zh-17-my-requests-checked');
  } finally {
    await app.close();
  }
});
