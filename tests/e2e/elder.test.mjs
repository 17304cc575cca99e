// Elder mode, voice, Traditional Chinese, keyboard and text size (#12), measured from the rendered
// page: font sizes, line heights, contrast and target sizes from computed styles and bounding
// boxes, not from the stylesheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForTests, fillRequest, fillStepwise, ZH, HANT } from './support/app.mjs';
import { shot } from './support/browser.mjs';

const T = { timeout: 60_000 };
const ctx = appForTests({ backend: { kind: 'demo', step_seconds: 1 } });

/** Every visible text, control and target on the page, measured in the page. */
function measure(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('[hidden], #shell');
    };
    const texts = [];
    const walker = document.createTreeWalker(document.querySelector('#app') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || !visible(el) || el.closest('svg, option, select')) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const line = s.lineHeight === 'normal' ? size * 1.2 : parseFloat(s.lineHeight);
      const body = !el.closest('button, a, h1, h2, h3, .badge, .tracking-number, [role=alert], .notice, .banner, .sla, legend, .brand');
      texts.push({ text: n.textContent.trim().slice(0, 30), tag: el.tagName, size, line: line / size, contrast: ratio(rgb(s.color).slice(0, 3), background(el)), body });
    }
    const targets = [...document.querySelectorAll('#app button, #app a, #app input, #app select, #app textarea, #app label.button')]
      .filter((el) => visible(el) && !(el.type === 'file'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { what: `${el.tagName} ${(el.textContent || el.id || el.type).trim().slice(0, 24)}`, w: r.width, h: r.height, main: el.matches('.primary, .tabs a') };
      });
    return { texts, targets, scroll: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth };
  });
}

/** The numbers elder mode must meet (MIIT 2021, WCAG 2.2), on the page as it is now. */
async function meetsElderNumbers(page, screen) {
  const m = await measure(page);
  assert.ok(m.texts.length > 5, `${screen}: text measured`);
  for (const t of m.texts) {
    assert.ok(t.size >= 24, `${screen}: "${t.text}" (${t.tag}) is ${t.size}px`);
    assert.ok(t.line >= 1.3, `${screen}: "${t.text}" line height ${t.line.toFixed(2)}`);
    assert.ok(t.contrast >= 4.5, `${screen}: "${t.text}" contrast ${t.contrast.toFixed(2)}`);
    if (t.body) assert.ok(t.contrast >= 7, `${screen}: body text "${t.text}" contrast ${t.contrast.toFixed(2)}`);
  }
  for (const t of m.targets) {
    const min = t.main ? 60 : 44;
    assert.ok(t.w >= min - 0.5 && t.h >= min - 0.5, `${screen}: ${t.what} is ${t.w.toFixed(0)}×${t.h.toFixed(0)}, under ${min}×${min}`);
  }
  assert.equal(m.scroll, 0, `${screen}: no sideways scrolling`);
  return m;
}

test('elder mode from a link: there before the first paint, remembered, and every size, line, contrast and target meets the numbers', T, async () => {
  const { page, context } = await ctx.app.phone();
  // The page before the app is already in elder mode (no jump when the app takes over).
  await page.goto(ctx.app.url + '/?mode=elder', { waitUntil: 'domcontentloaded' });
  const early = await page.evaluate(() => ({ mode: document.documentElement.dataset.mode, size: parseFloat(getComputedStyle(document.querySelector('#shell label[for=f-description]')).fontSize) }));
  assert.deepEqual(early, { mode: 'elder', size: 26 });
  await page.waitForSelector('#shell', { state: 'detached' });
  await page.getByRole('button', { name: '继续', exact: true }).waitFor(T);
  await page.locator('.photo-pick input').first().waitFor({ state: 'attached', ...T });
  const form = await meetsElderNumbers(page, 'new request');
  console.log(`new request, elder mode: ${form.texts.length} texts, smallest ${Math.min(...form.texts.map((t) => t.size))}px, lowest body contrast ${Math.min(...form.texts.filter((t) => t.body).map((t) => t.contrast)).toFixed(2)}, ${form.targets.length} targets, smallest ${Math.min(...form.targets.map((t) => Math.min(t.w, t.h))).toFixed(0)}px`);
  await shot(page, 'elder-zh-form');
  await page.getByRole('button', { name: '继续', exact: true }).click();
  await page.locator('.field-error').first().waitFor(T);
  await meetsElderNumbers(page, 'new request, with errors');
  await fillStepwise(page);
  await meetsElderNumbers(page, 'new request, photos');
  await page.getByRole('button', { name: '继续', exact: true }).click();
  await page.locator('.check-answers').waitFor(T);
  await meetsElderNumbers(page, 'check your answers');
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.waitForURL('**/submitted/**', T);
  await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
  await meetsElderNumbers(page, 'confirmation');
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByText('已办结，请评价').first().waitFor(T);
  await meetsElderNumbers(page, 'request, answered');
  await shot(page, 'elder-zh-request');
  // Remembered without the link; the switch says it is on, and turns it off.
  await page.goto(ctx.app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), 'elder');
  const toggle = page.getByRole('button', { name: '长辈版' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.mode ?? null), null);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('at 200% text size (elder mode) and at 320 px wide, nothing scrolls sideways or is cut off', T, async () => {
  for (const [width, zoom, mode] of [[390, '200%', 'elder'], [320, '100%', 'normal'], [320, '200%', 'normal']]) {
    const { page, context } = await ctx.app.phone({ viewport: { width, height: 800 } });
    // The browser's text size: the root font size every rem follows.
    await page.addInitScript((z) => document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = z; }), zoom);
    await page.goto(`${ctx.app.url}/?mode=${mode === 'elder' ? 'elder' : 'standard'}`);
    await page.waitForSelector('#shell', { state: 'detached' });
    await page.getByText('问题描述').first().waitFor(T);
    await page.getByRole('button', { name: mode === 'elder' ? '继续' : ZH.submit, exact: true }).click();
    await page.locator(mode === 'elder' ? '.field-error' : '#error-summary').first().waitFor(T);
    const cut = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('#app *')) {
        const s = getComputedStyle(el);
        if (['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) out.push(el.className || el.tagName);
      }
      return { scroll: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth, cut: out, size: parseFloat(getComputedStyle(document.querySelector('#app p, #app label')).fontSize) };
    });
    assert.equal(cut.scroll, 0, `${width}px at ${zoom} (${mode}): sideways scroll`);
    assert.deepEqual(cut.cut, [], `${width}px at ${zoom} (${mode}): cut-off text`);
    if (zoom === '200%') assert.ok(cut.size >= (mode === 'elder' ? 48 : 30), `${width}px at ${zoom}: text grew (${cut.size}px)`);
    await shot(page, `text-${zoom.replace('%', '')}-${width}-${mode}`);
    await context.close();
  }
});

test('voice in: what was heard is shown before it goes into the field; a browser without speech says so', T, async () => {
  const { page, context } = await ctx.app.phone();
  // The browser's speech recognition, hearing one sentence (headless Chromium has no microphone).
  await page.addInitScript(() => {
    window.heardIn = [];
    window.SpeechRecognition = window.webkitSpeechRecognition = class {
      start() {
        window.heardIn.push(this.lang);
        setTimeout(() => this.onresult?.({ results: [[{ transcript: '楼道灯坏了三天了晚上看不见' }]] }), 50);
        setTimeout(() => this.onend?.(), 80);
      }
    };
  });
  await page.goto(ctx.app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached' });
  const field = page.getByLabel(ZH.description, { exact: true });
  await field.fill('9号楼');
  await page.getByRole('button', { name: '语音输入 · 问题描述' }).click();
  await page.getByText('听到的是：“楼道灯坏了三天了晚上看不见”').waitFor(T);
  assert.equal(await field.inputValue(), '9号楼', 'nothing goes in before the resident says so');
  await page.getByRole('button', { name: '填入' }).click();
  assert.equal(await field.inputValue(), '9号楼 楼道灯坏了三天了晚上看不见');
  assert.deepEqual(await page.evaluate(() => window.heardIn), ['zh-CN']);
  await shot(page, 'voice-heard-zh');
  await context.close();

  const bare = await ctx.app.phone();
  await bare.page.addInitScript(() => { delete window.webkitSpeechRecognition; delete window.SpeechRecognition; });
  await bare.page.goto(ctx.app.url + '/');
  await bare.page.waitForSelector('#shell', { state: 'detached' });
  await bare.page.getByRole('button', { name: '语音输入 · 问题地点' }).click();
  await bare.page.getByText('这个浏览器不能语音输入').waitFor(T);
  await bare.context.close();
});

test('read aloud: the request\'s status in the current language, slower in elder mode', T, async () => {
  const { page, context } = await ctx.app.phone({ locale: 'zh-TW' });
  await page.addInitScript(() => {
    window.spoken = [];
    speechSynthesis.speak = (u) => { window.spoken.push({ text: u.text, lang: u.lang, rate: u.rate }); };
  });
  await page.goto(ctx.app.url + '/?mode=elder');
  await page.waitForSelector('#shell', { state: 'detached' });
  await fillStepwise(page, HANT, { continueWord: '繼續' });
  await page.getByRole('button', { name: '繼續', exact: true }).click();
  await page.getByRole('button', { name: HANT.submit, exact: true }).click();
  await page.waitForURL('**/submitted/**', T);
  await page.getByRole('button', { name: '🔊 朗讀' }).first().click();
  const id = page.url().split('/').pop();
  await page.getByRole('link', { name: '查看辦理進度' }).click();
  await page.getByText('已辦結，請評價').first().waitFor(T);
  await page.getByRole('button', { name: '🔊 朗讀' }).click();
  const spoken = await page.evaluate(() => window.spoken);
  assert.equal(spoken.length, 2);
  assert.ok(spoken[0].text.includes('提交成功') && spoken[0].text.includes(id.slice(-1)), spoken[0].text);
  assert.ok(spoken[1].text.startsWith('公共照明：已辦結，請評價'), spoken[1].text);
  for (const s of spoken) assert.deepEqual([s.lang, s.rate], ['zh-TW', 0.75]);
  await context.close();
});

test('Traditional Chinese: chosen from the browser, painted before the app, the whole journey in its words', T, async () => {
  const { page, context } = await ctx.app.phone({ locale: 'zh-TW' });
  await page.goto(ctx.app.url + '/', { waitUntil: 'domcontentloaded' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hant');
  assert.ok(await page.getByText('反映問題').first().isVisible());
  await page.waitForSelector('#shell', { state: 'detached' });
  assert.equal(await page.title(), '家門口');
  await fillRequest(page, HANT);
  await page.getByRole('button', { name: HANT.submit, exact: true }).click();
  await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
  await page.getByText(/最晚 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 前給您答覆/).waitFor(T);
  await page.getByRole('link', { name: '查看辦理進度' }).click();
  await page.getByText('已辦結，請評價').first().waitFor(T);
  await shot(page, 'hant-request');
  await page.getByRole('radio', { name: '已解決', exact: true }).check();
  await page.getByRole('radio', { name: '滿意', exact: true }).check();
  await page.getByRole('button', { name: '提交評價' }).click();
  await page.getByText('已評價').first().waitFor(T);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('keyboard only: raise, follow and rate without a mouse, the focus always visible', T, async () => {
  const { page, context } = await ctx.app.phone({ hasTouch: false, isMobile: false });
  await page.goto(ctx.app.url + '/');
  await page.waitForSelector('#shell', { state: 'detached' });
  await page.getByRole('radio', { name: ZH.lighting }).waitFor(T);
  const seen = new Set();
  /** Tabs until `match` has the focus, checking at every stop that the focus can be seen. */
  async function tabTo(match, most = 80) {
    for (let i = 0; i < most; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
        return { id: el.id, field: el.name ?? '', name: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40), tag: el.tagName, ring };
      });
      // (Between the last control and the first, the focus leaves the page: the body.)
      if (f.tag === 'BODY') continue;
      assert.ok(f.ring, `the focus on ${f.tag} "${f.name || f.id}" cannot be seen`);
      seen.add(f.tag);
      if (match(f)) return f;
    }
    throw new Error('not reached by Tab');
  }
  await tabTo((f) => f.id === 'f-description');
  await page.keyboard.type('9号楼2单元楼道灯不亮已经三天了，老人晚上上下楼看不见。');
  // The category: into the radio group, then the arrow keys.
  await tabTo((f) => f.field === 'category');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  assert.ok(await page.getByRole('radio', { name: ZH.lighting }).isChecked(), 'public lighting chosen by keyboard');
  await tabTo((f) => f.id === 'f-address');
  await page.keyboard.type('太华路社区 中铁二十局小区');
  await tabTo((f) => f.id === 'f-name');
  await page.keyboard.type('王阿姨');
  await tabTo((f) => f.id === 'f-phone');
  await page.keyboard.type('13800138000');
  await tabTo((f) => f.tag === 'BUTTON' && f.name === ZH.submit);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
  await tabTo((f) => f.name === '查看办理进度');
  await page.keyboard.press('Enter');
  await page.getByText('已办结，请评价').first().waitFor(T);
  await tabTo((f) => f.field === 'solved');
  await page.keyboard.press('Space');
  await tabTo((f) => f.field === 'satisfaction');
  await page.keyboard.press('Space');
  await tabTo((f) => f.name === '提交评价');
  await page.keyboard.press('Enter');
  await page.getByText('已评价').first().waitFor(T);
  assert.ok(seen.has('A') && seen.has('BUTTON') && seen.has('INPUT') && seen.has('TEXTAREA'));
  await context.close();
});

test('an elder raises a request by voice, one question at a time, checks the answers, changes one, sends it and hears its status', T, async () => {
  const { page, context } = await ctx.app.phone();
  await page.addInitScript(() => {
    window.spoken = [];
    speechSynthesis.speak = (u) => { window.spoken.push({ text: u.text, rate: u.rate }); };
    window.SpeechRecognition = window.webkitSpeechRecognition = class {
      start() {
        setTimeout(() => this.onresult?.({ results: [[{ transcript: '9号楼2单元楼道灯不亮已经三天了' }]] }), 50);
        setTimeout(() => this.onend?.(), 80);
      }
    };
  });
  await page.goto(ctx.app.url + '/?mode=elder', { waitUntil: 'domcontentloaded' });
  // Before the app: the first question only.
  assert.ok(await page.locator('#shell #f-description').isVisible());
  assert.equal(await page.locator('#shell #f-address').isVisible(), false);
  await page.waitForSelector('#shell', { state: 'detached' });
  const continueButton = page.getByRole('button', { name: '继续', exact: true });
  const visible = (label) => page.getByLabel(label, { exact: true }).isVisible();
  // 1: what is wrong, by voice.
  await page.getByText('第 1 步，共 7 步').waitFor(T);
  assert.equal(await visible(ZH.address), false, 'one question at a time');
  await page.getByRole('button', { name: '语音输入 · 问题描述' }).click();
  await page.getByRole('button', { name: '填入' }).click();
  assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '9号楼2单元楼道灯不亮已经三天了');
  await shot(page, 'elder-step-1');
  await continueButton.click();
  // 2: which kind; not answered, it stays, with the message beside it.
  await page.getByText('第 2 步，共 7 步').waitFor(T);
  await continueButton.click();
  await page.locator('#f-category-msg').getByText('请选择一项').waitFor(T);
  await page.getByRole('radio', { name: ZH.lighting }).check();
  await continueButton.click();
  await page.getByLabel(ZH.address, { exact: true }).fill('太华路社区 中铁二十局小区');
  await continueButton.click();
  await page.getByLabel(ZH.building, { exact: true }).fill('9号楼');
  await continueButton.click();
  await page.getByLabel(ZH.name, { exact: true }).fill('王阿姨');
  await continueButton.click();
  await page.getByLabel(ZH.phone, { exact: true }).fill('13800138000');
  await continueButton.click();
  await page.getByText('第 7 步，共 7 步').waitFor(T);
  await continueButton.click();
  // Check your answers, change one, back to the check.
  await page.getByRole('heading', { name: '请检查您填写的内容' }).waitFor(T);
  await shot(page, 'elder-check-answers');
  const check = page.getByRole('region', { name: '请检查您填写的内容' });
  assert.ok((await check.textContent()).includes('公共照明') && (await check.textContent()).includes('王阿姨'));
  await page.getByRole('button', { name: '修改“联系人姓名”' }).click();
  await page.getByLabel(ZH.name, { exact: true }).fill('王秀兰');
  await continueButton.click();
  await page.getByRole('heading', { name: '请检查您填写的内容' }).waitFor(T);
  assert.ok((await check.textContent()).includes('王秀兰'));
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.getByRole('heading', { name: '提交成功' }).waitFor(T);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByText('已办结，请评价').first().waitFor(T);
  await page.getByRole('button', { name: '🔊 朗读' }).click();
  const spoken = await page.evaluate(() => window.spoken);
  assert.ok(spoken.at(-1).text.includes('已办结，请评价') && spoken.at(-1).rate === 0.75, JSON.stringify(spoken));
  assert.deepEqual(page.errors, []);
  await context.close();
});
