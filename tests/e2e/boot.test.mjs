// The page before the app: index.html paints the new-request form at once, in the resident's
// language, and takes typing before the wasm has arrived; when the app starts it takes over those
// very fields, keeping every character, the focus and the caret. The wasm is held back here, as a
// slow network holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appForTests, ZH } from './support/app.mjs';
import { shot } from './support/browser.mjs';

const ctx = appForTests();
const T = { timeout: 15_000 };

/** Holds every request for the wasm until `release()` is called. */
async function holdWasm(page) {
  let release;
  const released = new Promise((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const started = (page) => page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 });

test('typing before the app has loaded is kept, with the focus and the caret', async () => {
  const { page, context } = await ctx.app.phone();
  const release = await holdWasm(page);
  await page.goto(ctx.app.url + '/');
  // Painted and usable without the wasm.
  await page.getByRole('heading', { name: '反映问题' }).waitFor(T);
  const description = page.getByLabel(ZH.description, { exact: true });
  await description.click();
  await description.pressSequentially('楼道灯不亮', { delay: 20 });
  await page.getByText('已写 5 / 1000 字').waitFor(T);
  await page.getByLabel(ZH.phone, { exact: true }).fill('138 0013 8000');
  await description.click();
  await page.keyboard.press('End');
  await shot(page, 'zh-00-before-the-app');
  assert.equal(await page.locator('#app').isHidden(), true, 'the app is not there yet');

  // The wasm arrives while the resident goes on typing.
  release();
  await page.keyboard.type('已经三天了，晚上很黑。', { delay: 30 });
  await started(page);
  await page.getByRole('radio', { name: ZH.lighting }).waitFor(T);
  await page.keyboard.type('请尽快修。');
  const field = page.getByLabel(ZH.description, { exact: true });
  assert.equal(await field.inputValue(), '楼道灯不亮已经三天了，晚上很黑。请尽快修。');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-description', 'focus stayed');
  assert.equal(await page.getByLabel(ZH.phone, { exact: true }).inputValue(), '138 0013 8000');
  assert.equal(await page.locator('#f-description').count(), 1, 'one form, the app’s');
  await page.getByText('已写 21 / 1000 字').waitFor(T);
  // And it is in the draft on the phone, as if typed into the app.
  await page.reload();
  await page.getByRole('radio', { name: ZH.lighting }).waitFor(T);
  assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '楼道灯不亮已经三天了，晚上很黑。请尽快修。');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('what was typed before the app ever started is there on the next visit', async () => {
  const { page, context } = await ctx.app.phone();
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(ctx.app.url + '/');
  await page.getByLabel(ZH.address, { exact: true }).fill('太华路社区 9号楼');
  await page.getByLabel(ZH.name, { exact: true }).fill('王阿姨');
  // The phone goes out of coverage; later the resident opens the app again.
  await page.unroute('**/*.wasm');
  const again = await context.newPage();
  await page.close();
  await again.goto(ctx.app.url + '/');
  await started(again);
  await again.getByRole('radio', { name: ZH.lighting }).waitFor(T);
  assert.equal(await again.getByLabel(ZH.address, { exact: true }).inputValue(), '太华路社区 9号楼');
  assert.equal(await again.getByLabel(ZH.name, { exact: true }).inputValue(), '王阿姨');
  await context.close();
});

test('"send" pressed before the app has started is pressed again when it has', async () => {
  const { page, context } = await ctx.app.phone();
  const release = await holdWasm(page);
  await page.goto(ctx.app.url + '/');
  await page.getByLabel(ZH.description, { exact: true }).fill('9号楼2单元楼道灯不亮已经三天了。');
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.getByRole('button', { name: '正在提交…' }).waitFor(T);
  release();
  await started(page);
  // The app checks it: the category and the rest are still to fill in, said next to each field.
  const summary = page.getByRole('alert').filter({ hasText: '有问题需要处理' });
  await summary.waitFor(T);
  assert.equal(await summary.getByRole('link').count(), 4);
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
  assert.equal(await page.getByLabel(ZH.description, { exact: true }).inputValue(), '9号楼2单元楼道灯不亮已经三天了。');
  await context.close();
});

test('the first paint is in the resident’s language, on the page the address asks for', async () => {
  const { page, context } = await ctx.app.phone({ locale: 'en-GB' });
  const release = await holdWasm(page);
  // No choice remembered: the browser's language.
  await page.goto(ctx.app.url + '/');
  await page.getByRole('heading', { name: 'Report a problem' }).waitFor(T);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.title(), 'Doorstep');
  assert.equal(await page.getByText('问题描述').isVisible(), false, 'no other language shows');
  assert.equal(await page.getByLabel('What is wrong', { exact: true }).isVisible(), true);
  await shot(page, 'en-00-before-the-app');
  // The switch works before the app too, and is remembered by it.
  await page.getByLabel('Language').selectOption('zh-Hans');
  await page.getByRole('heading', { name: '反映问题' }).waitFor(T);
  // A deep link paints "loading" under its own tab, not the form.
  await page.goto(ctx.app.url + '/requests');
  await page.locator('.boot-other').getByText('正在加载…').waitFor(T);
  assert.equal(await page.getByRole('heading', { name: '反映问题' }).count(), 0);
  release();
  await started(page);
  await page.getByRole('heading', { name: '我的诉求' }).waitFor(T);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  await context.close();
});
