// Accessibility, measured: axe-core (npm axe-core, run inside each page) on every screen a
// resident meets, in each language, at WCAG 2.2 AA (tags wcag2a, wcag2aa, wcag21aa, wcag22aa).
// Prints the table screen × language → violations, and fails on any.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appForTests, start, fillRequest, ZH, EN } from './support/app.mjs';
import { ROOT } from './support/browser.mjs';

const T = { timeout: 60_000 };
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const table = [];

/** The violations on the page as it is now (axe runs through the test's channel, not a script tag). */
async function audit(page, screen, lang) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    async (tags) =>
      (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      ),
    TAGS,
  );
  table.push({ screen, lang, violations });
}

after(() => {
  console.log('\nscreen'.padEnd(34), 'language'.padEnd(9), 'violations');
  for (const r of table) console.log(r.screen.padEnd(33), r.lang.padEnd(9), r.violations.length ? r.violations.join('; ') : 0);
});

const ctx = appForTests({ backend: { kind: 'demo', step_seconds: 1 } });

for (const [lang, locale, words, w] of [
  ['zh-Hans', 'zh-CN', ZH, { resolved: '已办结，请评价', notSolved: '未解决', dissatisfied: '不满意', sendRating: '提交评价', reopenTitle: '问题没有解决？', lookup: '查询编号', lookupButton: '查询', mine: '我的诉求' }],
  ['en', 'en-GB', EN, { resolved: 'Resolved – please rate', notSolved: 'Not solved', dissatisfied: 'Dissatisfied', sendRating: 'Send rating', reopenTitle: 'Still not solved?', lookup: 'Tracking number', lookupButton: 'Look up', mine: 'My requests' }],
]) {
  test(`every screen of the journey has no WCAG 2.2 AA violation (${lang})`, T, async () => {
    const { page } = await ctx.app.phone({ locale });
    await page.goto(ctx.app.url);
    await page.waitForSelector('#shell', { state: 'detached' });
    await audit(page, 'new request', lang);
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.locator('.field-error').first().waitFor(T);
    await audit(page, 'new request, with errors', lang);
    await fillRequest(page, words);
    await page.locator('#f-photo-gallery').setInputFiles(path.join(ROOT, 'tests/fixtures/photos/sign.png'));
    await page.locator('.photo-size').first().filter({ hasText: 'KB' }).waitFor(T);
    await audit(page, 'new request, with a photo', lang);
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.waitForURL('**/submitted/**', T);
    await page.locator('.tracking-number, h1').first().waitFor(T);
    await audit(page, 'confirmation', lang);
    const id = page.url().split('/').pop();
    await page.goto(`${ctx.app.url}/requests/${id}`);
    await page.locator('.tracking-number').waitFor(T);
    await audit(page, 'request, received', lang);
    await page.getByText(w.resolved).first().waitFor(T);
    await page.locator('.photos-shown img').nth(1).waitFor(T);
    await audit(page, 'request, answered: rating, photos', lang);
    await page.getByRole('radio', { name: w.notSolved, exact: true }).check();
    await page.getByRole('radio', { name: w.dissatisfied, exact: true }).check();
    await page.getByRole('button', { name: w.sendRating }).click();
    await page.getByRole('heading', { name: w.reopenTitle }).waitFor(T);
    await audit(page, 'request, rated: reopen', lang);
    await page.goto(`${ctx.app.url}/requests`);
    await page.locator('.request-list li').first().waitFor(T);
    await audit(page, 'my requests', lang);
    await page.goto(`${ctx.app.url}/lookup`);
    await page.getByLabel(w.lookup).fill('DS-0000');
    await page.getByRole('button', { name: w.lookupButton, exact: true }).click();
    await page.locator('[role=alert]').first().waitFor(T);
    await audit(page, 'look-up, not found', lang);
    await page.goto(`${ctx.app.url}/nowhere`);
    await page.waitForSelector('#shell', { state: 'detached' });
    await page.locator('#app h1').waitFor(T);
    await audit(page, 'page not found', lang);
    await page.context().setOffline(true);
    await page.goto(`${ctx.app.url}/`);
    await page.locator('.banner.offline').waitFor(T);
    await audit(page, 'offline', lang);
    await page.context().setOffline(false);
    for (const r of table.filter((r) => r.lang === lang)) assert.deepEqual(r.violations, [], `${r.screen} (${lang})`);
  });
}

test('the configuration error page has no violation', T, async () => {
  const broken = await start({ backend: { kind: 'mystery' } });
  try {
    const { page } = await broken.phone();
    await page.goto(broken.url + '/');
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    await audit(page, 'configuration error', 'zh-Hans');
    assert.deepEqual(table.at(-1).violations, []);
    // And the audit does see a violation when there is one (an image with no text).
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: '/icon.svg' })));
    const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['image-alt'] })).violations.length);
    assert.equal(found, 1);
  } finally {
    await broken.close();
  }
});
