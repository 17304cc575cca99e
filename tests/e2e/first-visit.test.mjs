// The first visit, counted at the server: everything a new phone fetches in the first 30 s of a
// cold visit — the page, the app, the service worker's install and its keeping of the rest for
// offline use — with no file downloaded twice, against the budget in tests/first-load-budget.json
// (first_visit_brotli_bytes). The Open311 adapter (the largest) in Traditional Chinese (the
// largest words). Then a visit with Save-Data on keeps nothing more than the first load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { start } from './support/app.mjs';
import { DIST, ROOT, PHONE, until, kept } from './support/browser.mjs';
import { startOpen311 } from './support/servers.mjs';

const budget = JSON.parse(readFileSync(path.join(ROOT, 'tests/first-load-budget.json'), 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A file's size as a deployment sends it: its precompressed brotli copy, or compressed here. */
function brotli(p) {
  const file = path.join(DIST, p === '/' ? 'index.html' : p);
  try {
    return readFileSync(`${file}.br`).length;
  } catch {
    try {
      return brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    } catch {
      return 0;
    }
  }
}

/** Visits once on a new phone; waits until the worker is done (or 30 s) and the server is quiet. */
async function visit(app, { saveData = false } = {}) {
  const context = await app.browser.newContext({ ...PHONE, locale: 'zh-TW', serviceWorkers: 'allow' });
  if (saveData) await context.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  const page = await context.newPage();
  const from = app.served.length;
  const started = Date.now();
  await page.goto(app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached', timeout: 20_000 });
  // Kept for offline (the page, and unless saving data the rest), or 30 s.
  await until(page, kept, !saveData, { timeout: 30_000 }).catch(() => {});
  // Quiet: nothing asked for a second.
  let seen = -1;
  while (app.served.length !== seen && Date.now() - started < 30_000) {
    seen = app.served.length;
    await sleep(1000);
  }
  const fetched = app.served.slice(from);
  await context.close();
  return fetched;
}

test('a cold first visit downloads each file once, within the budget; with Save-Data, only the first load', async () => {
  const office = await startOpen311();
  const app = await start({ backend: { kind: 'open311', base_url: office.url, api_key: 'test-key', timeout_seconds: 5 } });
  try {
    const fetched = await visit(app);
    const downloads = fetched.filter((f) => f.status === 200);
    const times = new Map();
    for (const f of downloads) times.set(f.path, (times.get(f.path) ?? 0) + 1);
    const twice = [...times].filter(([, n]) => n > 1);
    const bytes = downloads.reduce((n, f) => n + brotli(f.path), 0);
    console.log(`first visit: ${downloads.length} files downloaded, ${fetched.length - downloads.length} revalidated or refused, ${bytes} bytes brotli (budget ${budget.first_visit_brotli_bytes})`);
    assert.deepEqual(twice, [], 'no file is downloaded twice on a first visit');
    assert.ok(downloads.some((f) => /_bg-?[0-9a-f]*\.wasm$|doorstep-[0-9a-f]+_bg\.wasm$/.test(f.path)), 'the app itself was fetched');
    assert.ok(
      downloads.some((f) => /^\/words-en-/.test(f.path)),
      'the rest (here: the English words) was kept for offline use after the first load',
    );
    assert.ok(bytes <= budget.first_visit_brotli_bytes, `first visit ${bytes} bytes brotli, over the budget of ${budget.first_visit_brotli_bytes}`);

    // Save-Data: the first load and the page kept, nothing more.
    const thrifty = await visit(app, { saveData: true });
    const saved = thrifty.filter((f) => f.status === 200);
    const savedBytes = saved.reduce((n, f) => n + brotli(f.path), 0);
    console.log(`first visit with Save-Data: ${saved.length} files, ${savedBytes} bytes brotli`);
    assert.ok(!saved.some((f) => /^\/words-en-/.test(f.path)), 'with Save-Data on, the other languages are not fetched');
    assert.ok(savedBytes < bytes, 'with Save-Data on, less is fetched');
  } finally {
    await app.close();
    await office.stop();
  }
});
