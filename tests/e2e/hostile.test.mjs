// Hostile text from backends, through each adapter's own test server: category names and hints,
// questions and choices, status notes, agency names, addresses, descriptions, ids and photo
// addresses built from an XSS corpus. Nothing executes (a canary stays untouched), no link or
// image the app renders uses a scheme other than http(s), blob: or a path of its own, and the
// layout stays usable on a 360 px phone (no sideways scrolling, the buttons reachable).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './support/app.mjs';
import { shot } from './support/browser.mjs';
import { startJsonServer, startOpen311 } from './support/servers.mjs';

const T = { timeout: 30_000 };

/** Each tries to run `window.__pwned = n` or to break out of where it is put. */
const CORPUS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '"><svg onload=window.__pwned=3>',
  'javascript:window.__pwned=4',
  'data:text/html,<script>window.__pwned=5</script>',
  '<a href="javascript:window.__pwned=6">点我</a>',
  '<b><i>unclosed <div><p>nested</b></td></table>',
  '<iframe srcdoc="<script>parent.__pwned=7</script>">',
  '\u202Eevil reversed\u202C and \u2066isolated\u2069',
  'zero\u200Bwidth\u200Djoin\uFEFFbom',
  'Z\u0335\u0321\u0322\u031B\u0317\u0318\u0319\u031C\u031D\u031E\u031F\u0320\u0323\u0324algo',
  '𠀀𪜀𫝀𰀀 CJK 扩展 🧯🚒👩‍👩‍👧‍👦🏳️‍🌈',
  '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}',
  'x'.repeat(10_000),
  `${'长'.repeat(3000)}<script>window.__pwned=8</script>`,
];
const pick = (n) => CORPUS[n % CORPUS.length];
const ID = '"><img src=x onerror=window.__pwned=9>';
/** The hostile request's read key (contract v2: its private view, with the description, address,
 * contact, notice and photos, is for a phone that has the key; here it comes in the link). */
const READ_KEY = 'hostile-read-key-0123456789abcdef';

/** What must hold on every page the app showed. */
async function inert(page, name) {
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${name}: nothing ran`);
  const bad = await page.evaluate(() => {
    const ok = (u) => /^(https?:|blob:)/i.test(u) || (u.startsWith('/') && !u.startsWith('//'));
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !ok(h));
    const srcs = [...document.querySelectorAll('[src]')].map((e) => e.getAttribute('src')).filter((s) => !ok(s));
    const frames = document.querySelectorAll('iframe, object, embed, svg script').length;
    return { links, srcs, frames };
  });
  assert.deepEqual(bad, { links: [], srcs: [], frames: 0 }, name);
  const layout = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    // Every button on screen is the element at its own centre: no text lies over it.
    const covered = [...document.querySelectorAll('button, select, input[type=radio]')]
      .filter((b) => b.offsetParent !== null)
      .filter((b) => {
        b.scrollIntoView({ block: 'center' });
        const r = b.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return at && !(b === at || b.contains(at) || at.contains(b) || at.closest('label')?.contains(b));
      })
      .map((b) => b.outerHTML.slice(0, 80));
    return { over, covered };
  });
  assert.ok(layout.over <= 0, `${name}: ${layout.over}px of sideways scrolling`);
  assert.deepEqual(layout.covered, [], `${name}: controls covered`);
}

async function visit(app, paths, prefix) {
  const { page } = await app.phone({ viewport: { width: 360, height: 740 } });
  for (const [name, p, ready] of paths) {
    await page.goto(app.url + p);
    await page.locator(ready).first().waitFor(T);
    await inert(page, `${prefix} ${name}`);
    await shot(page, `${prefix}-hostile-${name}`);
  }
  return page;
}

describe('rest: json-server serving hostile text', () => {
  let db;
  let app;
  before(async () => {
    const at = '2026-11-28T01:00:00Z';
    db = await startJsonServer({
      data: {
        categories: CORPUS.map((c, n) => ({ id: `c${n}`, name: c, hint: pick(n + 3), group: pick(n + 5), feedback_hours: 24 })),
        places: [{ id: 1, name: pick(1), buildings: [pick(2), pick(3)], units: [pick(13)] }],
        requests: [
          {
            id: ID,
            read_key: READ_KEY,
            status: 'in_progress',
            status_notes: pick(0),
            category: 'c1',
            category_name: pick(1),
            description: pick(14),
            address: pick(2),
            contact: { name: pick(4), phone: '13800138000' },
            community: pick(8),
            building: pick(9),
            unit: pick(10),
            requested_at: at,
            updated_at: at,
            expected_at: '2026-11-29T01:00:00Z',
            agency_responsible: pick(5),
            notice: pick(6),
            timeline: [
              { step: 'received', at, note: pick(3) },
              { step: 'dispatched', at, note: pick(11) },
              { step: 'in_progress', at, note: pick(13) },
            ],
            photos: [{ url: 'javascript:window.__pwned=10' }, { url: 'data:image/svg+xml,<svg onload=window.__pwned=11>' }, { url: pick(1) }],
          },
        ],
      },
    });
    app = await start({ backend: { kind: 'rest', base_url: db.url, timeout_seconds: 3 } });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  test('the form, the request page, my requests and a look-up stay inert and usable', T, async () => {
    const page = await visit(app, [['form', '/', '.choice']], 'rest');
    // The hostile places offered as the resident types, and a request opened by its hostile number.
    await page.getByLabel('社区/小区（选填）', { exact: true }).fill(pick(1));
    await inert(page, 'rest places');
    // V2: opened with its read key in the fragment (as a hand-over card's QR code does), so the
    // app shows the private view, hostile in every field; without the key it would show the
    // public view only (no description, address, contact, notice or photos).
    await page.goto(`${app.url}/requests/${encodeURIComponent(ID)}#k=${READ_KEY}`);
    await page.locator('.tracking-number').waitFor(T);
    assert.equal(await page.locator('.tracking-number').textContent(), ID);
    await inert(page, 'rest request');
    await shot(page, 'rest-hostile-request');
    await page.goto(`${app.url}/lookup`);
    await page.getByLabel('查询编号').fill('<script>x</script>');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await inert(page, 'rest lookup');
    assert.deepEqual(page.errors.filter((e) => !/HTTP 404/.test(e)), []);
  });
});

describe('open311: a GeoReport server serving hostile text', () => {
  let server;
  let app;
  before(async () => {
    server = await startOpen311();
    const at = '2026-11-28T09:00:00+08:00';
    await fetch(`${server.url}/_office/catalogue`, {
      method: 'PUT',
      body: JSON.stringify({
        services: CORPUS.map((c, n) => ({ service_code: `S${n}`, service_name: c, description: pick(n + 2), metadata: n === 1, type: 'realtime', group: pick(n + 4) })),
        definitions: {
          S1: {
            service_code: 'S1',
            attributes: [
              { variable: false, code: 'NOTE', datatype: 'string', required: false, order: 0, description: pick(0) },
              { variable: true, code: 'PICK', datatype: 'singlevaluelist', required: true, order: 1, description: pick(1), values: CORPUS.slice(0, 8).map((c, n) => ({ key: `k${n}`, name: c })) },
              { variable: true, code: 'MANY', datatype: 'multivaluelist', required: false, order: 2, description: pick(13), values: [{ key: pick(2), name: pick(3) }] },
              { variable: true, code: 'TEXT', datatype: 'text', required: false, order: 3, description: pick(14), datatype_description: pick(5) },
            ],
          },
        },
        requests: [
          {
            service_request_id: ID,
            status: pick(0),
            status_notes: pick(1),
            service_name: pick(2),
            service_code: 'S1',
            description: `${pick(14)}\n\n📷 javascript:window.__pwned=12 ${pick(1)}`,
            agency_responsible: pick(5),
            service_notice: pick(6),
            requested_datetime: at,
            updated_datetime: at,
            expected_datetime: '2026-11-29T09:00:00+08:00',
            address: pick(11),
            lat: 'NaN',
            long: 1e308,
            media_url: 'javascript:window.__pwned=13',
          },
        ],
      }),
    });
    app = await start({ backend: { kind: 'open311', base_url: server.url, api_key: 'test-key', timeout_seconds: 3 } });
  });
  after(async () => {
    await app?.close();
    await server?.stop();
  });

  test('services, questions and choices, and a request stay inert and usable', T, async () => {
    const page = await visit(app, [['form', '/', '.choice']], 'open311');
    // The service with questions: its hostile prompts and choices on the form.
    await page.locator('.choice').nth(1).click();
    await page.locator('.question, [id^=q-]').first().waitFor(T);
    await inert(page, 'open311 questions');
    await shot(page, 'open311-hostile-questions');
    await page.goto(`${app.url}/requests/${encodeURIComponent(ID)}`);
    await page.locator('.tracking-number').waitFor(T);
    await inert(page, 'open311 request');
    await shot(page, 'open311-hostile-request');
    assert.deepEqual(page.errors, []);
  });
});
