// A new build put in place under an open page (target/dist-b: different code, built by make
// test-e2e): the old page keeps working with its own build's pieces — with no service worker
// (a first visit, an in-app browser) when the server keeps the previous build's content-named
// files as docs/deploy.md says; with the service worker even when the server deleted them —
// and a reload brings the new build. A deployment that deleted them under a page with no worker
// costs that page parts said to be missing, never a trap. Nothing mixes: each page shows its
// build's version until it reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { start } from './support/app.mjs';
import { until, kept } from './support/browser.mjs';
import { DIST_B } from './support/chaos.mjs';
import { useEverything } from './support/walk.mjs';

const T = { timeout: 20_000 };

/** The version line of Settings: " b" ends it in the second build. */
async function build(page) {
  await page.getByRole('link', { name: '设置', exact: true }).click(T);
  const line = (await page.locator('.version').textContent(T)).trim();
  return line.endsWith(' b') ? 'b' : 'a';
}

/** Opens the app on a new phone and waits until it has started (and, with a worker, until the
 * worker controls the page and has kept everything for offline use). */
async function open(app, worker) {
  const { context, page } = await app.phone({ serviceWorkers: worker ? 'allow' : 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && /RuntimeError|unreachable|panicked|signature mismatch|doorstep stopped/.test(m.text()) && errors.push(m.text()));
  if (process.env.NEW_BUILD_LOG) {
    page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
    page.on('response', (r) => r.status() >= 400 && console.log('status', r.status(), r.url(), r.fromServiceWorker()));
    page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
    page.on('pageerror', (e) => console.log('pageerror', String(e), e.stack?.slice(0, 600)));
  }
  await page.goto(app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached', ...T });
  if (worker) {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, T);
    await until(page, kept, true, { timeout: 60_000 });
  }
  return { context, page, errors };
}

/** Uses everything on the open page: whether it still answers, and the pieces of the app the
 * server did not have for it (counted at the server: every part's code is asked for there, or
 * comes from the phone). */
async function useAll(app, page) {
  const from = app.served.length;
  const alive = await useEverything(page, app.url, async (where) => {
    if (process.env.NEW_BUILD_LOG) console.log('step', where, page.url());
  });
  const missing = app.served.slice(from).filter((f) => f.status === 404 && /\.(wasm|js|txt)$/.test(f.path)).map((f) => f.path);
  return { alive, missing };
}

test('a new build under open pages: nothing traps, nothing mixes, a reload brings it', { timeout: 10 * 60_000, skip: !existsSync(path.join(DIST_B, 'index.html')) && 'no second build (make test-e2e builds it)' }, async (t) => {
  await t.test('no service worker, the previous build kept: the old page uses its own pieces', async () => {
    const app = await start();
    try {
      const { context, page, errors } = await open(app, false);
      assert.equal(await build(page), 'a');
      await app.deployTo(DIST_B);
      const { alive, missing } = await useAll(app, page);
      assert.deepEqual(errors, [], 'no trap, no error');
      assert.ok(alive, 'the old page still answers');
      assert.deepEqual(missing, [], 'every part arrived (the previous build kept)');
      assert.equal(await build(page), 'a', 'the old page stays on its build');
      await page.reload();
      await page.waitForSelector('#shell', { state: 'detached', ...T });
      assert.equal(await build(page), 'b', 'a reload brings the new build');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await app.close();
    }
  });

  await t.test('with the service worker, the previous build deleted from the server: served from the phone', async () => {
    const app = await start();
    try {
      const { context, page, errors } = await open(app, true);
      assert.equal(await build(page), 'a');
      await app.deployTo(DIST_B, { keepPrevious: false });
      // A second tab opens on the new build: its worker installs, and waits.
      const second = await context.newPage();
      await second.goto(app.url + '/');
      await second.waitForSelector('#shell', { state: 'detached', ...T });
      assert.equal(await build(second), 'b', 'a new tab opens the new build');
      const { alive, missing } = await useAll(app, page);
      assert.deepEqual(errors, [], 'no trap, no error in the old page');
      assert.ok(alive, 'the old page still answers');
      assert.deepEqual(missing, [], 'every part of the old build came from the phone');
      assert.equal(await build(page), 'a', 'the old page stays on its build');
      // The new version is offered; taking it reloads into it.
      await page.getByRole('status').filter({ hasText: /新版本|新的版本/ }).getByRole('button').click(T);
      await page.waitForFunction(() => document.querySelector('#shell') === null && document.querySelector('.tabs'), null, T);
      assert.equal(await build(page), 'b', 'the update brings the new build');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await app.close();
    }
  });

  await t.test('no service worker, the previous build deleted: parts said missing, never a trap', async () => {
    const app = await start();
    try {
      const { context, page, errors } = await open(app, false);
      await app.deployTo(DIST_B, { keepPrevious: false });
      const { alive, missing } = await useAll(app, page);
      assert.ok(missing.length > 0, 'the previous build deleted: some of its pieces are missing (said in their place)');
      assert.deepEqual(errors, [], 'no trap, no error');
      assert.ok(alive, 'the old page still answers');
      await page.reload();
      await page.waitForSelector('#shell', { state: 'detached', ...T });
      assert.equal(await build(page), 'b');
      await context.close();
    } finally {
      await app.close();
    }
  });
});
