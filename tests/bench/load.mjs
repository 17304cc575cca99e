#!/usr/bin/env node
// `make bench`: how fast Doorstep is on a cheap phone on a weak network, side by side with the
// floor — the app's own new-request page frozen as static HTML, same CSS, same server, same
// compression — in one run, alternating, so the machine's load affects both alike.
//   node tests/bench/load.mjs [--rounds 7] [--no-lighthouse]
// Prints medians, min–max and every ratio to the floor, the first-load transfer table, and
// writes target/bench/load.json.
import { mkdir, writeFile, copyFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist } from './serve.mjs';
import { firstLoad } from '../first-load.mjs';
import { ROOT, DIST, PHONE, launch } from '../e2e/support/browser.mjs';

const args = process.argv.slice(2);
const ROUNDS = Number(args[args.indexOf('--rounds') + 1]) || 7;
const OUT = path.join(ROOT, 'target', 'bench');

// Lighthouse's "slow 4G" as DevTools applies it, and its 4x CPU slowdown.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
const CPU = 4;

/** Records, in the page: first contentful paint, when the description field could take typing,
 * and when the whole form works (the app has taken over and shows the categories). */
const PROBE = () => {
  const m = (window.__m = {});
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) m.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
  (function poll() {
    const f = document.getElementById('f-description');
    if (!m.field && f && f.offsetParent !== null && !f.disabled) m.field = performance.now();
    if (!m.working && !document.getElementById('shell') && document.querySelector('input[type=radio]')) m.working = performance.now();
    if (!(m.field && m.working)) requestAnimationFrame(poll);
  })();
};

async function context(browser, { throttle, cache }) {
  const ctx = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  }
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !cache });
  return { ctx, page, cdp };
}

async function measureLoad(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__m.fcp && window.__m.field && window.__m.working, null, { timeout: 60_000 });
  await page.waitForTimeout(300); // let LCP settle
  return page.evaluate(() => ({ ...window.__m }));
}

/** The floor: the app's own first screen once it has started, frozen as static HTML. */
async function makeFloor(browser, app) {
  const { ctx, page } = await context(browser, { throttle: false, cache: false });
  await page.goto(app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached' });
  await page.waitForSelector('input[type=radio]');
  const html = await page.evaluate(() => {
    for (const el of document.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]')) el.remove();
    return '<!doctype html>' + document.documentElement.outerHTML;
  });
  await ctx.close();
  const dir = path.join(OUT, 'floor');
  await mkdir(dir, { recursive: true });
  for (const f of await readdir(DIST)) if (/\.(css|svg)(\.br|\.gz)?$/.test(f)) await copyFile(path.join(DIST, f), path.join(dir, f));
  await writeFile(path.join(dir, 'index.html'), html);
  await writeFile(path.join(dir, 'index.html.br'), brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(path.join(dir, 'index.html.gz'), gzipSync(html, { level: 9 }));
  return dir;
}

/** Unthrottled: sending a filled request until the confirmation shows, in the page's own clock. */
async function submitToConfirmation(browser, app) {
  const { ctx, page } = await context(browser, { throttle: false, cache: true });
  await page.goto(app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached' });
  await page.getByRole('radio', { name: '公共照明' }).check();
  await page.getByLabel('问题描述', { exact: true }).fill('9号楼2单元楼道灯不亮已经三天了，老人晚上看不见。');
  await page.getByLabel('问题地点', { exact: true }).fill('太华路社区 中铁二十局小区');
  await page.getByLabel('联系人姓名', { exact: true }).fill('王阿姨');
  await page.getByLabel('手机号码', { exact: true }).fill('13800138000');
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        const done = () => {
          if ([...document.querySelectorAll('h1')].some((h) => h.textContent.includes('提交成功'))) {
            resolve(performance.now() - start);
            return true;
          }
          return false;
        };
        new MutationObserver((_, o) => done() && o.disconnect()).observe(document.body, { childList: true, subtree: true });
        setTimeout(() => resolve(Infinity), 10_000);
        document.querySelector('#app button[type=submit]').click();
      }),
  );
  await ctx.close();
  return ms;
}

/** A volunteer's phone after a year: 1,000 requests saved. "My requests" rendered, and wasm memory after. */
async function thousandRequests(browser, app) {
  const { ctx, page } = await context(browser, { throttle: false, cache: true });
  await page.goto(app.url + '/');
  await page.evaluate(() => {
    const at = '2026-11-28T09:00:00Z';
    const mine = Array.from({ length: 1000 }, (_, n) => ({
      id: `DS-20261128-${String(n).padStart(4, '0')}`,
      status: ['received', 'dispatched', 'in_progress', 'resolved', 'closed'][n % 5],
      category_code: 'lighting',
      category_name: { kind: 'builtin', value: { category_name: 'public_lighting' } },
      description: `${n} 号楼道灯不亮，晚上看不见台阶，请尽快修理。`,
      place: { address: '太华路社区 中铁二十局小区', building: `${n % 40}号楼` },
      requested_at: at,
      updated_at: at,
      expected_at: '2026-12-05T09:00:00Z',
      timeline: [{ step: { step: 'received' }, at }],
    }));
    localStorage.setItem('doorstep.mine', JSON.stringify({ v: 1, value: mine }));
  });
  await page.reload();
  await page.waitForSelector('#shell', { state: 'detached' });
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        // Rendered: the list as the resident sees it (its first page) with the way to the rest.
        const done = () =>
          document.querySelectorAll('.request-list li').length > 0 && document.querySelector('.more') && (resolve(performance.now() - start), true);
        setTimeout(() => resolve(Infinity), 10_000);
        new MutationObserver((_, o) => done() && o.disconnect()).observe(document.body, { childList: true, subtree: true });
        [...document.querySelectorAll('#app nav a')].find((a) => a.getAttribute('href') === '/requests').click();
      }),
  );
  await page.waitForTimeout(500);
  const memory = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? null);
  await ctx.close();
  return { ms, memory };
}

/** Lighthouse on `url` (asynchronously: the pages are served from this very process). */
async function lighthouse(url) {
  const bin = path.join(ROOT, 'node_modules/.bin/lighthouse');
  if (!existsSync(bin)) {
    console.log('[bench] npm install --no-save lighthouse@12.8.2 (bench only)');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'lighthouse@12.8.2'], { cwd: ROOT, stdio: 'inherit' });
  }
  const { stdout: out } = await promisify(execFile)(
    bin,
    [
      url,
      '--only-categories=performance',
      '--output=json',
      '--quiet',
      // Lighthouse's own launcher adds the quiet-network flags; more here makes it lose the tab.
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const r = JSON.parse(out.toString());
  const a = r.audits;
  return {
    score: Math.round(r.categories.performance.score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

async function main() {
  await mkdir(OUT, { recursive: true });
  const config = { backend: { kind: 'demo', step_seconds: 20 } };
  const app = await serveDist(DIST, { config });
  const browser = await launch();
  const floorDir = await makeFloor(browser, app);
  const floor = await serveDist(floorDir);

  const cold = { app: [], floor: [] };
  const warm = { app: [], floor: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, site] of [['app', app], ['floor', floor]]) {
      const c = await context(browser, { throttle: true, cache: false });
      cold[name].push(await measureLoad(c.page, site.url + '/'));
      await c.ctx.close();
      // Warm: the same phone again, with its HTTP cache (and service worker, once there is one).
      const w = await context(browser, { throttle: true, cache: true });
      await measureLoad(w.page, site.url + '/');
      // Once the service worker (the app has one; the floor not) has kept this build's files.
      await w.page.evaluate(() =>
        Promise.race([navigator.serviceWorker?.getRegistration().then((r) => r && navigator.serviceWorker.ready), new Promise((ok) => setTimeout(ok, 20000))]),
      );
      await w.page.waitForTimeout(500);
      warm[name].push(await measureLoad(w.page, site.url + '/'));
      await w.ctx.close();
    }
    process.stdout.write(`[bench] round ${round + 1}/${ROUNDS}\n`);
  }
  const submits = [];
  const lists = [];
  for (let round = 0; round < ROUNDS; round++) {
    submits.push(await submitToConfirmation(browser, app));
    lists.push(await thousandRequests(browser, app));
  }
  await browser.close();
  let lh = null;
  if (!args.includes('--no-lighthouse')) {
    try {
      // Three runs each, alternating; the median score's run is reported.
      const runs = { app: [], floor: [] };
      for (let n = 0; n < 3; n++) for (const [name, site] of [['app', app], ['floor', floor]]) runs[name].push(await lighthouse(site.url + '/'));
      const mid = (rs) => [...rs].sort((a, b) => a.score - b.score || a.lcp - b.lcp)[1];
      lh = { app: mid(runs.app), floor: mid(runs.floor), runs };
    } catch (e) {
      console.error(`[bench] Lighthouse failed: ${e.message.split('\n')[0]}`);
    }
  }
  await app.close();
  await floor.close();

  const pick = (runs, k) => stats(runs.map((r) => r[k]));
  const result = {
    machine: `${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores`,
    conditions: { ...SLOW_4G, cpuSlowdown: CPU, rounds: ROUNDS },
    cold: {
      app: { fcp: pick(cold.app, 'fcp'), field: pick(cold.app, 'field'), working: pick(cold.app, 'working'), lcp: pick(cold.app, 'lcp') },
      floor: { fcp: pick(cold.floor, 'fcp'), field: pick(cold.floor, 'field'), working: pick(cold.floor, 'working'), lcp: pick(cold.floor, 'lcp') },
    },
    warm: { app: pick(warm.app, 'working'), floor: pick(warm.floor, 'working') },
    unthrottled: {
      submitToConfirmation: stats(submits),
      myRequests1000: stats(lists.map((l) => l.ms)),
      wasmMemoryAfter: Math.max(...lists.map((l) => l.memory ?? 0)),
    },
    lighthouse: lh,
    firstLoad: firstLoad(DIST),
  };
  await writeFile(path.join(OUT, 'load.json'), JSON.stringify(result, null, 2));

  const ms = (s) => `${(s.median / 1000).toFixed(2)} s (${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)})`;
  const row = (name, a, f, target) => {
    const ratio = a.median / f.median;
    const met = target === undefined ? '' : ratio <= target ? `≤ ${target}× met` : `≤ ${target}× NOT met`;
    console.log(`${name.padEnd(30)} ${ms(a).padEnd(22)} ${ms(f).padEnd(22)} ${ratio.toFixed(2)}×  ${met}`);
  };
  console.log(`\nDoorstep vs the floor, ${ROUNDS} alternating rounds, slow 4G + ${CPU}× CPU (${result.machine})`);
  console.log(`${''.padEnd(30)} ${'app median (min–max)'.padEnd(22)} ${'floor'.padEnd(22)} ratio`);
  const c = result.cold;
  row('first contentful paint', c.app.fcp, c.floor.fcp, 1.2);
  row('description takes typing', c.app.field, c.floor.field, 1.5);
  row('whole form works', c.app.working, c.floor.working, 2.5);
  row('largest contentful paint', c.app.lcp, c.floor.lcp, 1.5);
  row('warm load, form works', result.warm.app, result.warm.floor);
  const u = result.unthrottled;
  console.log(`\nunthrottled: submit → confirmation ${u.submitToConfirmation.median.toFixed(0)} ms (${u.submitToConfirmation.min.toFixed(0)}–${u.submitToConfirmation.max.toFixed(0)}), target ≤ 100`);
  console.log(`unthrottled: "My requests" with 1,000 saved ${u.myRequests1000.median.toFixed(0)} ms (${u.myRequests1000.min.toFixed(0)}–${u.myRequests1000.max.toFixed(0)}), target ≤ 50`);
  console.log(`wasm memory after: ${(u.wasmMemoryAfter / 1024 / 1024).toFixed(1)} MB, target ≤ 16`);
  console.log(`warm load form works: ${ms(result.warm.app)}, target ≤ 0.50 s`);
  if (lh) {
    console.log(`\nLighthouse 12.8 mobile: app ${lh.app.score} (FCP ${(lh.app.fcp / 1000).toFixed(2)} s, LCP ${(lh.app.lcp / 1000).toFixed(2)} s, TBT ${lh.app.tbt.toFixed(0)} ms); floor ${lh.floor.score} (LCP ${(lh.floor.lcp / 1000).toFixed(2)} s); LCP ratio ${(lh.app.lcp / lh.floor.lcp).toFixed(2)}×`);
  }
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log(`\nfirst load                                        raw   gzip-9 brotli-11`);
  for (const f of result.firstLoad.files) console.log(f.file.padEnd(44), kb(f.raw), kb(f.gzip), kb(f.brotli));
  const t = result.firstLoad.total;
  console.log('total'.padEnd(44), kb(t.raw), kb(t.gzip), kb(t.brotli));
  console.log(`\nwritten: ${path.relative(ROOT, path.join(OUT, 'load.json'))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
