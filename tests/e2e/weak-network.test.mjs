// A module that does not arrive never kills the app: each module of its own (dist/split-manifest.json)
// is blocked in turn while a resident uses every part of the app — the form (its error summary,
// location, voice, photos), filing, the confirmation, "my requests", a request's page, tracking,
// settings, a volunteer's people, an unknown address — on a browser that runs no service worker. No wasm trap, no page error; where a part
// is missing the resident is told so in its place, with a retry that works once the network does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { start } from './support/app.mjs';
import { DIST, shot } from './support/browser.mjs';
import { useEverything, MISSING } from './support/walk.mjs';

const manifest = JSON.parse(readFileSync(path.join(DIST, 'split-manifest.json'), 'utf8'));
/** The modules that draw a part of a page, and where: blocked, the resident must be told there,
 * in its place (after the few quick tries a weak network is given). */
const VIEWS = {
  demo_office: 'start',
  settings_page: 'settings',
  people_page: 'people',
  location_button: 'form',
  voice_input: 'form',
  photo_picker: 'form',
  form_part: 'error summary',
  thumbnails: 'photos',
  submitted_page: 'confirmation',
  my_requests_page: 'my requests',
  request_page: 'request page',
  lookup_page: 'lookup',
  not_found_page: 'not found',
};
const quietly = (p) => p.then(() => true, () => false);

/** Uses every part of the app with `module` blocked; what was seen. */
async function walk(app, module) {
  // No service worker (as in some in-app browsers): the app says what then does not work offline.
  const { context, page } = await app.phone({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && /RuntimeError|unreachable|panicked/.test(m.text()) && errors.push(m.text()));
  let blocked = true;
  const pattern = new RegExp(`/split_${module}-[0-9a-f]{12}\\.wasm$`);
  await context.route(pattern, (route) => (blocked ? route.abort('connectionreset') : route.continue()));
  const told = [];
  const stuck = [];
  /** If a part is said to be missing: noted; the network comes back; its retry brings the part. */
  const check = async (where) => {
    const notices = page.locator('.not-loaded, .config-error').filter({ hasText: MISSING });
    const wait = VIEWS[module] === where ? 20_000 : 300;
    if (!(await quietly(notices.first().waitFor({ timeout: wait })))) return;
    told.push(where);
    if (['demo_office', 'location_button', 'my_requests_page'].includes(module)) await shot(page, `not-loaded-${module}`).catch(() => {});
    blocked = false;
    // Each part said missing has its own retry.
    for (let i = 0; i < 10 && (await notices.count()) > 0; i++) {
      const before = await notices.count();
      await quietly(notices.first().getByRole('button', { name: '重试', exact: true }).click({ timeout: 3_000 }));
      const fewer = await quietly(page.waitForFunction((n) => document.querySelectorAll('.not-loaded, .config-error').length < n, before, { timeout: 15_000 }));
      if (!fewer) {
        stuck.push(where);
        break;
      }
    }
    blocked = true;
  };
  await page.goto(app.url + '/');
  await quietly(page.waitForSelector('#shell', { state: 'detached', timeout: 15_000 }));
  await check('start');
  const noWorkerSaid = await quietly(page.locator('.banner.no-worker').waitFor({ timeout: 5_000 }));
  const alive = await useEverything(page, app.url, check);
  await context.close();
  return { errors, told, stuck, alive, noWorkerSaid };
}

test('each module of its own, blocked in turn: no trap, the part said missing in its place, retry brings it', { timeout: 15 * 60_000 }, async () => {
  const app = await start({ backend: { kind: 'demo', step_seconds: 1 } });
  try {
    const only = process.env.WEAK_MODULES?.split(',');
    const modules = Object.keys(manifest).filter((m) => !['rest_office', 'open311_office'].includes(m) && (!only || only.includes(m)));
    assert.ok(only || modules.length >= 15, `the build has its modules of their own (${modules.join(', ')})`);
    const results = {};
    // Three phones at a time.
    const queue = [...modules];
    await Promise.all(
      [0, 1, 2].map(async () => {
        while (queue.length) {
          const module = queue.shift();
          results[module] = await walk(app, module);
        }
      }),
    );
    const problems = [];
    for (const module of modules) {
      const { errors, told, stuck, alive, noWorkerSaid } = results[module];
      console.log(`${module}: ${errors.length ? `ERRORS ${errors.join(' | ')}` : 'no error'}; told at ${told.join(', ') || '-'}${stuck.length ? `; retry failed at ${stuck.join(', ')}` : ''}; ${alive ? 'alive' : 'NOT ANSWERING'}`);
      if (errors.length) problems.push(`${module}: ${errors[0]}`);
      if (!noWorkerSaid) problems.push(`${module}: no service worker, and the app did not say what then does not work offline`);
      if (stuck.length) problems.push(`${module}: its retry did not bring the part back (${stuck.join(', ')})`);
      if (!alive) problems.push(`${module}: the app stopped answering`);
      if (VIEWS[module] && !told.includes(VIEWS[module])) problems.push(`${module}: blocked, yet nothing said at ${VIEWS[module]} that the part was missing`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await app.close();
  }
});
