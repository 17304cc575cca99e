// Accessibility, measured: axe-core (npm axe-core, run inside each page) on every screen a
// resident meets, in each language and in normal and elder mode, at WCAG 2.2 AA (tags wcag2a,
// wcag2aa, wcag21aa, wcag22aa). Prints the table screen × mode × language → violations, and fails
// on any.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appForTests, start, fillRequest, fillStepwise, ZH, HANT, EN } from './support/app.mjs';
import { ROOT } from './support/browser.mjs';

const T = { timeout: 60_000 };
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
const table = [];

/** The violations on the page as it is now (axe runs through the test's channel, not a script tag). */
async function auditAs(page, screen, lang, mode = 'normal') {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    async (tags) =>
      (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      ),
    TAGS,
  );
  table.push({ screen, lang, mode, violations });
}

after(() => {
  console.log('\nscreen'.padEnd(34), 'mode'.padEnd(7), 'language'.padEnd(9), 'violations');
  for (const r of table) {
    console.log(r.screen.padEnd(33), r.mode.padEnd(7), r.lang.padEnd(9), r.violations.length ? r.violations.join('; ') : 0);
  }
  console.log(`${table.length} screens audited, ${table.filter((r) => r.violations.length).length} with violations`);
});

const ctx = appForTests({ backend: { kind: 'demo', step_seconds: 1 } });

const LANGUAGES = [
  ['zh-Hans', 'zh-CN', ZH, { resolved: '已办结，请评价', notSolved: '未解决', dissatisfied: '不满意', sendRating: '提交评价', reopenTitle: '问题没有解决？', lookup: '查询编号', lookupButton: '查询', mine: '我的诉求', settings: '设置', next: '继续' }],
  ['zh-Hant', 'zh-TW', HANT, { resolved: '已辦結，請評價', notSolved: '未解決', dissatisfied: '不滿意', sendRating: '提交評價', reopenTitle: '問題沒有解決？', lookup: '查詢編號', lookupButton: '查詢', mine: '我的訴求', settings: '設定', next: '繼續' }],
  ['en', 'en-GB', EN, { resolved: 'Resolved – please rate', notSolved: 'Not solved', dissatisfied: 'Dissatisfied', sendRating: 'Send rating', reopenTitle: 'Still not solved?', lookup: 'Tracking number', lookupButton: 'Look up', mine: 'My requests', settings: 'Settings', next: 'Continue' }],
];

for (const mode of ['normal', 'elder']) for (const [lang, locale, words, w] of LANGUAGES) {
  test(`every screen of the journey has no WCAG 2.2 AA violation (${lang}, ${mode} mode)`, T, async () => {
    const { page } = await ctx.app.phone({ locale });
    const audit = (p, screen) => auditAs(p, screen, lang, mode);
    await page.goto(ctx.app.url + (mode === 'elder' ? '/?mode=elder' : '/'));
    await page.waitForSelector('#shell', { state: 'detached' });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.mode ?? 'normal'), mode);
    await audit(page, 'new request');
    // (Elder mode asks one question at a time, with "continue", and checks the answers at the end.)
    const next = page.getByRole('button', { name: w.next, exact: true });
    await (mode === 'elder' ? next : page.getByRole('button', { name: words.submit, exact: true })).click();
    await page.locator('.field-error').first().waitFor(T);
    await audit(page, 'new request, with errors');
    await (mode === 'elder' ? fillStepwise(page, words, { continueWord: w.next }) : fillRequest(page, words));
    await page.locator('#f-photo-gallery').setInputFiles(path.join(ROOT, 'tests/fixtures/photos/sign.png'));
    await page.locator('.photo-size').first().filter({ hasText: 'KB' }).waitFor(T);
    await audit(page, 'new request, with a photo');
    if (mode === 'elder') {
      await next.click();
      await page.locator('.check-answers').waitFor(T);
      await audit(page, 'check your answers');
    }
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.waitForURL('**/submitted/**', T);
    await page.locator('.tracking-number, h1').first().waitFor(T);
    await audit(page, 'confirmation');
    const id = page.url().split('/').pop();
    await page.goto(`${ctx.app.url}/requests/${id}`);
    await page.locator('.tracking-number').waitFor(T);
    await audit(page, 'request, received');
    await page.getByText(w.resolved).first().waitFor(T);
    await page.locator('.photos-shown img').nth(1).waitFor(T);
    await audit(page, 'request, answered: rating, photos');
    await page.getByRole('radio', { name: w.notSolved, exact: true }).check();
    await page.getByRole('radio', { name: w.dissatisfied, exact: true }).check();
    await page.getByRole('button', { name: w.sendRating }).click();
    await page.getByRole('heading', { name: w.reopenTitle }).waitFor(T);
    await audit(page, 'request, rated: reopen');
    await page.goto(`${ctx.app.url}/requests`);
    await page.locator('.request-list li').first().waitFor(T);
    await audit(page, 'my requests');
    await page.goto(`${ctx.app.url}/lookup`);
    await page.getByLabel(w.lookup).fill('DS-0000');
    await page.getByRole('button', { name: w.lookupButton, exact: true }).click();
    await page.locator('[role=alert]').first().waitFor(T);
    await audit(page, 'look-up, not found');
    await page.goto(`${ctx.app.url}/nowhere`);
    await page.waitForSelector('#shell', { state: 'detached' });
    await page.locator('#app h1').waitFor(T);
    await audit(page, 'page not found');
    await page.goto(`${ctx.app.url}/settings`);
    await page.getByRole('heading', { name: w.settings, exact: true }).first().waitFor(T);
    await audit(page, 'settings');
    await page.context().setOffline(true);
    await page.goto(`${ctx.app.url}/`);
    await page.locator('.banner.offline').waitFor(T);
    await audit(page, 'offline');
    await page.context().setOffline(false);
    for (const r of table.filter((r) => r.lang === lang && r.mode === mode)) assert.deepEqual(r.violations, [], `${r.screen} (${lang}, ${mode})`);
  });
}

test('the configuration error page has no violation', T, async () => {
  const broken = await start({ backend: { kind: 'mystery' } });
  try {
    const { page } = await broken.phone();
    await page.goto(broken.url + '/');
    await page.getByRole('heading', { name: '无法启动' }).waitFor(T);
    await auditAs(page, 'configuration error', 'zh-Hans');
    assert.deepEqual(table.at(-1).violations, []);
    // And the audit does see a violation when there is one (an image with no text).
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: '/icon.svg' })));
    const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['image-alt'] })).violations.length);
    assert.equal(found, 1);
  } finally {
    await broken.close();
  }
});
