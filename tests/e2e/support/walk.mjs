// Every part of the app a resident can reach, used in turn on an open page: settings and a
// volunteer's people, the form (its error summary, photos), filing, the confirmation, "my
// requests", a request's page, tracking, an unknown address. `check(where)` is called after each
// part appears (or fails to); steps that cannot be done are passed over, never waited on long.
import path from 'node:path';
import { ZH, fillRequest } from './app.mjs';
import { ROOT } from './browser.mjs';

export const tab = (page, name) => page.getByRole('navigation', { name: '主要功能' }).getByRole('link', { name, exact: true });
export const quietly = (p) => p.then(() => true, () => false);
/** What the app says in place of a part that did not arrive. */
export const MISSING = /这一部分没有加载出来|暂时不可用（网络不好）|应用没有加载完/;

/** Uses everything on `page` (already showing the app at `url`), calling `check` after each part. */
export async function useEverything(page, url, check = async () => {}) {
  if (await quietly(page.getByRole('link', { name: '设置', exact: true }).click({ timeout: 5_000 }))) {
    await check('settings');
    if (await quietly(page.getByRole('checkbox', { name: '我替邻居反映问题（志愿者、楼栋长）' }).check({ timeout: 3_000 }))) {
      await quietly(page.getByLabel('您的姓名', { exact: true }).fill('王芳', { timeout: 3_000 }));
      await quietly(page.getByLabel('您的手机号', { exact: true }).fill('139 0000 1111', { timeout: 3_000 }));
      await quietly(page.getByRole('button', { name: '保存', exact: true }).click({ timeout: 3_000 }));
      if (await quietly(tab(page, '我帮的人').click({ timeout: 5_000 }))) await check('people');
      await quietly(page.getByRole('link', { name: '设置', exact: true }).click({ timeout: 3_000 }));
      await quietly(page.getByRole('checkbox', { name: '我替邻居反映问题（志愿者、楼栋长）' }).uncheck({ timeout: 3_000 }));
      await quietly(page.getByRole('button', { name: '保存', exact: true }).click({ timeout: 3_000 }));
    }
  }
  await quietly(tab(page, '我要反映').click({ timeout: 5_000 }));
  await check('form');
  // An empty send: the error summary.
  await quietly(page.getByRole('button', { name: ZH.submit, exact: true }).click({ timeout: 5_000 }));
  await check('error summary');
  await quietly(fillRequest(page));
  await quietly(page.locator('#f-photo-gallery').setInputFiles(path.join(ROOT, 'tests/fixtures/photos/sign.png'), { timeout: 3_000 }));
  await check('photos');
  await page.waitForTimeout(500);
  await quietly(page.getByRole('button', { name: ZH.submit, exact: true }).click({ timeout: 5_000 }));
  await check('confirmation');
  await quietly(tab(page, '我的诉求').click({ timeout: 5_000 }));
  await check('my requests');
  await quietly(page.locator('main a[href^="/requests/"]').first().click({ timeout: 10_000 }));
  await check('request page');
  await quietly(tab(page, '查询进度').click({ timeout: 5_000 }));
  await check('lookup');
  await quietly(page.evaluate(() => {
    history.pushState(null, '', '/no-such-page');
    dispatchEvent(new PopStateEvent('popstate'));
  }));
  await check('not found');
  // The app still answers: a tab opens its page.
  return quietly(tab(page, '我要反映').click({ timeout: 5_000 }).then(() => page.getByLabel(ZH.description, { exact: true }).waitFor({ timeout: 15_000 })));
}
