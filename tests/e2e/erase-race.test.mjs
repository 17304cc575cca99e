// "Erase everything" while the outbox is retrying a send and a second tab is typing a draft: every
// writer stops first (this tab's and the other's), and nothing comes back — not the request, not
// the draft, not the database — judged once the office has gone quiet and both tabs have settled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendForTests, fillRequest, ZH } from './support/app.mjs';
import { startJsonServer } from './support/servers.mjs';
import { quiet } from './support/faults.mjs';

const T = { timeout: 20_000 };
const TIMEOUT_SECONDS = 2;
const WORDS = '擦除测试：5号楼地下室漏水，水已经漫到楼道里了。';
const DRAFT = '擦除测试的草稿：第二个标签页里正在写的内容。';

const stack = backendForTests(startJsonServer, (url) => ({ backend: { kind: 'rest', base_url: url, timeout_seconds: TIMEOUT_SECONDS } }));

/** Everything the origin keeps, as text (both Web Storages and every IndexedDB store). */
async function stored(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) out.push(s.key(i), s.getItem(s.key(i)));
    const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    for (const { name } of await indexedDB.databases()) {
      out.push(`database ${name}`);
      const db = await done(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const s = db.transaction(store).objectStore(store);
        for (const v of [...(await done(s.getAllKeys())), ...(await done(s.getAll()))]) out.push(typeof v === 'string' ? v : JSON.stringify(v));
      }
      db.close();
    }
    return out.join('\n');
  });
}

test('erase everything stops every writer first, in every tab, and nothing comes back', T, async () => {
  const { app, proxy, backend } = stack;
  const { page, context } = await app.phone();
  await page.goto(app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached', ...T });
  // The office cannot be reached: the request waits, the outbox retrying it. (The filing itself:
  // under contract v2 the look-up is POST /requests/lookup, which is not dropped, as v1's was not.)
  await proxy.fault({ match: 'POST /requests', mode: 'drop', times: 1000, exact: true });
  await fillRequest(page, ZH, { description: WORDS });
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.locator('.outbox-entry').getByText('连接不上服务器').first().waitFor(T);
  // A second tab is open, typing a draft.
  const second = await context.newPage();
  await second.goto(app.url + '/');
  await second.waitForSelector('#shell', { state: 'detached', ...T });
  await second.getByLabel(ZH.description, { exact: true }).fill(DRAFT);
  const before = await stored(page);
  assert.ok(before.includes(WORDS) && before.includes(DRAFT), 'both are kept before (the search works)');
  // Erased from the first tab, while the second keeps typing.
  await page.getByRole('link', { name: '设置', exact: true }).click();
  await page.getByRole('button', { name: '清除本机上的全部数据', exact: true }).click();
  // Typed into the page that was open before the erase only (once the erase reloads that tab,
  // what is typed into the new page is a new draft, rightly kept): each keystroke checks, in the
  // page and at once, that it is still that document.
  const opened = await second.evaluate(() => performance.timeOrigin);
  const typing = (async () => {
    for (let i = 0; i < 20 && !second.isClosed(); i++) {
      await second
        .evaluate(
          ([origin, text]) => {
            const field = document.getElementById('f-description');
            if (performance.timeOrigin !== origin || !field) return;
            field.value = text;
            field.dispatchEvent(new Event('input', { bubbles: true }));
          },
          [opened, `${DRAFT}${i}`],
        )
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await page.getByRole('button', { name: '确定清除', exact: true }).click();
  await page.getByText('本机上的数据已全部清除。').waitFor(T);
  await typing;
  // The second tab reloads too; the office stays unreached; then everything is searched.
  await second.waitForSelector('#shell', { state: 'detached', ...T }).catch(() => {});
  await proxy.clear();
  await quiet(proxy);
  const after = await stored(page);
  assert.ok(!after.includes(WORDS), 'the waiting request is gone and stays gone');
  assert.ok(!after.includes(DRAFT), 'the other tab\'s draft is gone and stays gone');
  // What the office holds: the reference backend's office hook (contract v2).
  const filed = await (await fetch(`${backend.url}/_office/requests`)).json();
  assert.ok(!filed.some((r) => r.description === WORDS), 'never sent after the erase');
  await context.close();
});
