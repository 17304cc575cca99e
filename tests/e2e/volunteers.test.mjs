// Volunteers filing for elderly neighbours (#11): consent, the hand-over card's QR code opened on
// another phone, "people I help" with overdue first, and the neighbours' personal data gone from
// every storage the browser has for the origin after "erase everything", "forget this neighbour"
// and the retention period — against real backend processes (json-server, the Open311 test
// server) and the demo office, in Chinese and in English.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { start, ZH, EN } from './support/app.mjs';
import { shot } from './support/browser.mjs';
import { startJsonServer, startOpen311 } from './support/servers.mjs';

const T = { timeout: 15_000 };
const json = (url, init) => fetch(url, init).then((r) => r.json());

const WORDS = {
  zh: {
    ...ZH,
    settings: '设置',
    volunteerOn: '我替邻居反映问题（志愿者、楼栋长）',
    myName: '您的姓名',
    myPhone: '您的手机号',
    myTeam: '所在队伍或社区（选填）',
    save: '保存',
    saved: '已保存。',
    neighbourName: '邻居姓名',
    neighbourPhone: '邻居手机号（选填）',
    consent: '邻居本人已同意由我代为反映这件事，并同意街道联系他们。',
    noConsent: '请确认邻居已经同意',
    people: '我帮的人',
    handover: '交给邻居的回执',
    qr: '用任何手机扫码查看进度',
    pick: '以前帮过的邻居',
    forget: '忘记这位邻居',
    forgetYes: '确定删除',
    erase: '清除本机上的全部数据',
    eraseYes: '确定清除',
    erased: '本机上的数据已全部清除。',
    submitted: '提交成功',
    filedBy: (name) => `由志愿者 ${name} 代为反映`,
    handoverFor: (name) => `为 ${name} 反映`,
  },
  en: {
    ...EN,
    settings: 'Settings',
    volunteerOn: 'I file requests for neighbours (volunteer or building leader)',
    myName: 'Your name',
    myPhone: 'Your mobile number',
    myTeam: 'Team or community (optional)',
    save: 'Save',
    saved: 'Saved.',
    neighbourName: "Neighbour's name",
    neighbourPhone: "Neighbour's mobile (optional)",
    consent: 'My neighbour agreed that I file this for them and that the office may contact them.',
    noConsent: 'Please confirm your neighbour agreed',
    people: 'People I help',
    handover: 'Hand-over card',
    qr: 'Scan with any phone to follow this request',
    pick: 'Someone you helped before',
    forget: 'Forget this neighbour',
    forgetYes: 'Yes, remove',
    erase: 'Erase everything from this phone',
    eraseYes: 'Yes, erase everything',
    erased: 'Everything has been erased from this phone.',
    submitted: 'Request sent',
    filedBy: (name) => `Filed by volunteer ${name}`,
    handoverFor: (name) => `For ${name}`,
  },
};

const VOLUNTEER = { name: '王芳', phone: '139 0000 1111', team: '幸福里志愿队' };
/** Two elderly neighbours: the second has no phone of her own. */
const NEIGHBOURS = [
  { name: '张建国', phone: '13712345678', masked: '137****5678', address: '幸福里社区 东门外 5号楼北侧', building: '5号楼', unit: '1单元',
    description: '5号楼1单元门口的路灯坏了一个星期，晚上出门很危险。' },
  { name: '李秀英', phone: '', address: '幸福里社区 3号楼南侧 自行车棚旁', building: '3号楼', unit: '2单元',
    description: '3号楼2单元楼道灯全都不亮，老人上下楼要扶着墙走。' },
];

/** What a neighbour's personal data looks like wherever it might be stored. */
function traces(n) {
  return [n.name, n.address, n.phone, n.masked].filter(Boolean);
}

/** Every storage the browser has for the page's origin, as text: both Web Storages, every
 * IndexedDB database's every store (keys and values), every Cache Storage entry, the cookies. */
async function everythingStored(page) {
  const inPage = await page.evaluate(async () => {
    const out = [];
    for (const s of [localStorage, sessionStorage]) {
      for (let i = 0; i < s.length; i++) out.push(s.key(i), s.getItem(s.key(i)));
    }
    const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    for (const { name } of await indexedDB.databases()) {
      const db = await done(indexedDB.open(name));
      for (const store of db.objectStoreNames) {
        const s = db.transaction(store).objectStore(store);
        const [keys, values] = [await done(s.getAllKeys()), await done(s.getAll())];
        for (const v of [...keys, ...values]) out.push(v instanceof Blob ? await v.text() : typeof v === 'string' ? v : JSON.stringify(v));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        // The app's own files (kept again for offline use once the app restarts) name its
        // storage keys in their code; anything else kept is read in full.
        const own = /\.(wasm|js|txt|svg|webmanifest)$|^\/(index\.html|__installed)$|^\/later-[0-9a-f]+\.json$/.test(new URL(request.url).pathname);
        out.push(request.url, own ? '' : await (await cache.match(request)).text());
      }
    }
    out.push(document.cookie);
    return out.join('\n');
  });
  const cookies = await page.context().cookies();
  return `${inPage}\n${JSON.stringify(cookies)}`;
}

/** Asserts none of `neighbour`'s data is anywhere in the browser's storage for the origin. */
async function noTraceOf(page, neighbour, when) {
  const stored = await everythingStored(page);
  for (const t of traces(neighbour)) assert.ok(!stored.includes(t), `${when}: "${t}" is still stored`);
  return stored;
}

async function becomeVolunteer(page, w) {
  await page.getByRole('link', { name: w.settings, exact: true }).click();
  await page.getByRole('checkbox', { name: w.volunteerOn }).check();
  await page.getByLabel(w.myName, { exact: true }).fill(VOLUNTEER.name);
  await page.getByLabel(w.myPhone, { exact: true }).fill(VOLUNTEER.phone);
  await page.getByLabel(w.myTeam, { exact: true }).fill(VOLUNTEER.team);
  await page.getByRole('button', { name: w.save, exact: true }).click();
  await page.getByRole('status').filter({ hasText: w.saved }).waitFor(T);
  await page.getByRole('link', { name: w.people, exact: true }).waitFor(T);
}

/** Files a request for `n` (consent asked first), and returns its number from the hand-over card. */
async function fileFor(page, w, n, { lighting = w.lighting, shotName } = {}) {
  await page.getByRole('link', { name: w.submit === '提交' ? '我要反映' : 'New request', exact: true }).click();
  await page.getByLabel(w.neighbourName, { exact: true }).fill(n.name);
  await page.getByLabel(w.neighbourPhone, { exact: true }).fill(n.phone);
  await page.getByRole('radio', { name: lighting }).check();
  await page.getByLabel(w.description, { exact: true }).fill(n.description);
  await page.getByLabel(w.address, { exact: true }).fill(n.address);
  await page.getByLabel(w.building, { exact: true }).fill(n.building);
  await page.getByLabel(w.unit, { exact: true }).fill(n.unit);
  // Without the neighbour's consent it is not sent: the message is beside the box, and the error
  // summary (focused) links to it.
  await page.getByRole('button', { name: w.submit, exact: true }).click();
  await page.locator('#f-consent-msg').getByText(w.noConsent, { exact: true }).waitFor(T);
  await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
  await page.locator('#error-summary').getByRole('link', { name: w.noConsent }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-consent');
  await page.getByRole('checkbox', { name: w.consent }).check();
  await page.getByRole('button', { name: w.submit, exact: true }).click();
  const card = page.getByRole('region', { name: w.handover });
  await card.waitFor(T);
  await card.getByText(w.handoverFor(n.name), { exact: true }).waitFor(T);
  if (shotName) await shot(page, shotName);
  return (await card.locator('.handover-number').textContent()).trim();
}

/** The address in the hand-over card's QR code, decoded from its pixels. */
async function qrAddress(page, w) {
  const png = PNG.sync.read(await page.getByRole('img', { name: w.qr }).screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'the QR code decodes');
  return code.data;
}

/**
 * The hand-over card as printed: rendered to PDF by Chromium with the page's own @page size, it is
 * one A6 page (105 × 148 mm); in print the card shows its number and QR code, and no button.
 */
async function printsOnOneA6(page, w) {
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?![a-z])/g) ?? [];
  assert.equal(pages.length, 1, 'the card prints on one page');
  const box = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box, 'the PDF names its page size');
  const mm = (pt) => (Number(pt) * 25.4) / 72;
  assert.ok(Math.abs(mm(box[1]) - 105) < 1 && Math.abs(mm(box[2]) - 148) < 1, `A6, not ${mm(box[1]).toFixed(1)} × ${mm(box[2]).toFixed(1)} mm`);
  await page.emulateMedia({ media: 'print' });
  try {
    const card = page.getByRole('region', { name: w.handover });
    await card.locator('.handover-number').waitFor({ state: 'visible', timeout: 5000 });
    await page.getByRole('img', { name: w.qr }).waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.getByRole('button').filter({ visible: true }).count(), 0, 'no button is printed');
    assert.equal(await page.getByRole('navigation').filter({ visible: true }).count(), 0, 'nor the tabs');
    await shot(page, 'volunteer-handover-print-zh');
  } finally {
    await page.emulateMedia({ media: null });
  }
}

describe('volunteers on the REST backend (json-server)', () => {
  let server;
  let app;
  before(async () => {
    server = await startJsonServer();
    app = await start({ backend: { kind: 'rest', base_url: server.url, timeout_seconds: 2 }, neighbour_retention_days: 30 });
  });
  after(async () => {
    await app?.close();
    await server?.stop();
  });

  test('two neighbours with their consent, a QR card opened on another phone, people I help overdue first, then erase everything', { timeout: 90_000 }, async () => {
    const w = WORDS.zh;
    const { page, context } = await app.phone();
    await page.goto(app.url);
    await becomeVolunteer(page, w);
    const ids = [];
    ids.push(await fileFor(page, w, NEIGHBOURS[0], { shotName: 'volunteer-handover-zh' }));
    // The QR code carries the status page's address and, in its fragment (never sent to a server),
    // the request's read key as the office gave it: nothing else.
    const link = await qrAddress(page, w);
    const address = `${app.url}/requests/${encodeURIComponent(ids[0])}`;
    const stored = await json(`${server.url}/_office/requests/${encodeURIComponent(ids[0])}`);
    assert.match(stored.read_key, /^[A-Za-z0-9_-]{22,}$/);
    assert.equal(link, `${address}#k=${stored.read_key}`);
    // The card says what the code opens, and to whom to give it (printed too).
    await page.getByRole('region', { name: w.handover }).getByText('这个二维码能打开诉求的全部内容（姓名、电话、地址），请只交给本人或家属。').waitFor(T);
    for (const t of [...traces(NEIGHBOURS[0]), VOLUNTEER.name]) assert.ok(!link.includes(t));
    await printsOnOneA6(page, w);
    // A family member's phone opens it: the request whole (the key proves it may).
    const family = await app.phone();
    await family.page.goto(link);
    await family.page.getByText(ids[0], { exact: true }).first().waitFor(T);
    await family.page.getByText('公共照明').first().waitFor(T);
    await family.page.getByText(NEIGHBOURS[0].description, { exact: true }).waitFor(T);
    await shot(family.page, 'volunteer-qr-opened-zh');
    await family.context.close();

    // Anyone else with the number alone: the office answers the public view, and neither it nor
    // the page shows a name, phone, address, description or the volunteer's number.
    const secret = [...traces(NEIGHBOURS[0]), NEIGHBOURS[0].description, VOLUNTEER.name, VOLUNTEER.phone.replaceAll(' ', ''), '1单元', stored.read_key];
    const publicAnswer = await fetch(`${server.url}/requests/${encodeURIComponent(ids[0])}`).then((r) => r.text());
    assert.equal(JSON.parse(publicAnswer).view, 'public');
    for (const t of secret) assert.ok(!publicAnswer.includes(t), `the public view has no "${t}"`);
    const stranger = await app.phone();
    await stranger.page.goto(address);
    await stranger.page.getByText(ids[0], { exact: true }).first().waitFor(T);
    await stranger.page.getByText('这是公开的办理进度，不含描述、地址和联系人。', { exact: false }).waitFor(T);
    const seen = await stranger.page.locator('body').innerText();
    for (const t of secret) assert.ok(!seen.includes(t), `a stranger's page shows no "${t}"`);
    assert.equal(await stranger.page.getByRole('button', { name: '提交评价' }).count(), 0);
    await shot(stranger.page, 'volunteer-public-view-zh');
    // The look-up page: the number and the last four digits of the neighbour's phone show it whole;
    // wrong digits are refused, and show nothing more.
    await stranger.page.getByRole('link', { name: '查询进度', exact: true }).click();
    await stranger.page.getByLabel('查询编号', { exact: true }).fill(ids[0]);
    await stranger.page.getByLabel('手机号后 4 位（选填）', { exact: true }).fill('1234');
    await stranger.page.getByRole('button', { name: '查询', exact: true }).click();
    await stranger.page.getByRole('alert').first().waitFor(T);
    assert.ok(!(await stranger.page.locator('body').innerText()).includes(NEIGHBOURS[0].description));
    await stranger.page.getByRole('link', { name: '查询进度', exact: true }).click();
    await stranger.page.getByLabel('查询编号', { exact: true }).fill(ids[0]);
    await stranger.page.getByLabel('手机号后 4 位（选填）', { exact: true }).fill(NEIGHBOURS[0].phone.slice(-4));
    await stranger.page.getByRole('button', { name: '查询', exact: true }).click();
    await stranger.page.getByText(NEIGHBOURS[0].description, { exact: true }).waitFor(T);
    await shot(stranger.page, 'volunteer-lookup-digits-zh');
    await stranger.context.close();

    ids.push(await fileFor(page, w, NEIGHBOURS[1]));
    // The office has the neighbour as the requester, the volunteer as "filed by", the consent's words
    // (as the office sees them: the reference backend's office hook, contract v2).
    const filed = await json(`${server.url}/_office/requests/${encodeURIComponent(ids[1])}`);
    assert.equal(filed.contact.name, '李秀英');
    assert.equal(filed.contact.phone, '13900001111', 'a neighbour without a phone: the volunteer is the contact');
    assert.deepEqual(filed.filed_by, { name: '王芳', phone: '13900001111', team: '幸福里志愿队', consent: w.consent });
    assert.equal((await json(`${server.url}/_office/requests/${encodeURIComponent(ids[0])}`)).contact.phone, '13712345678');

    // A neighbour helped before is picked, not typed again (their phone is not kept: typed again or left empty).
    await page.getByRole('link', { name: '我要反映', exact: true }).click();
    await page.getByLabel(w.pick).selectOption({ label: '李秀英 · 3号楼 2单元' });
    assert.equal(await page.getByLabel(w.neighbourName, { exact: true }).inputValue(), '李秀英');
    assert.equal(await page.getByLabel(w.building, { exact: true }).inputValue(), '3号楼');
    assert.equal(await page.getByLabel(w.neighbourPhone, { exact: true }).inputValue(), '');

    // People I help: both, the phone masked, the one with an overdue request first.
    await fetch(`${server.url}/_office/requests/${encodeURIComponent(ids[1])}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expected_at: new Date(Date.now() - 3600e3).toISOString() }),
    });
    await page.getByRole('link', { name: w.people, exact: true }).click();
    const people = page.locator('.person');
    await people.nth(1).waitFor(T);
    await page.getByText('已超时', { exact: false }).first().waitFor(T);
    assert.equal(await people.nth(0).getByRole('heading').textContent(), '李秀英', 'overdue first');
    assert.equal(await people.nth(1).getByRole('heading').textContent(), '张建国');
    await people.nth(1).getByText('137****5678', { exact: true }).waitFor(T);
    assert.ok(!(await page.content()).includes('13712345678'), 'no full phone in the list');
    await shot(page, 'volunteer-people-zh');

    // Erase everything: then nothing of either neighbour is left anywhere.
    const before = await everythingStored(page);
    assert.ok(before.includes('李秀英') && before.includes('张建国'), 'the inspection sees what is stored');
    await page.getByRole('link', { name: w.settings, exact: true }).click();
    await page.getByRole('button', { name: w.erase }).click();
    await page.getByRole('button', { name: w.eraseYes }).click();
    await page.getByText(w.erased).waitFor(T);
    await shot(page, 'volunteer-erased-zh');
    const after = await noTraceOf(page, NEIGHBOURS[0], 'after erasing');
    await noTraceOf(page, NEIGHBOURS[1], 'after erasing');
    assert.ok(!after.includes(VOLUNTEER.name), 'the volunteer too');
    for (const key of ['doorstep.neighbours', 'doorstep.mine', 'doorstep.volunteer']) {
      assert.ok(!after.includes(key), `nothing under ${key}: their tracking numbers are gone too`);
    }
    // No longer a volunteer's phone: the form asks for the resident's own contact again.
    await page.getByRole('link', { name: '我要反映', exact: true }).click();
    await page.getByLabel(ZH.name, { exact: true }).waitFor(T);
    assert.equal(await page.getByRole('link', { name: w.people }).count(), 0);
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test('"forget this neighbour" and the retention period leave nothing of them behind', T, async () => {
    const w = WORDS.zh;
    const { page, context } = await app.phone();
    await page.goto(app.url);
    await becomeVolunteer(page, w);
    const ids = [await fileFor(page, w, NEIGHBOURS[0]), await fileFor(page, w, NEIGHBOURS[1])];
    await page.getByRole('link', { name: w.people, exact: true }).click();
    const card = page.locator('.person').filter({ has: page.getByRole('heading', { name: '李秀英' }) });
    await card.getByRole('button', { name: w.forget }).click();
    await card.getByRole('button', { name: w.forgetYes }).click();
    await page.getByText('已从本机删除李秀英的信息。').waitFor(T);
    await noTraceOf(page, NEIGHBOURS[1], 'after forgetting her');
    assert.ok((await everythingStored(page)).includes('张建国'), 'the other neighbour is kept');

    // His request is closed by the office; 30 days after that his details go by themselves.
    await fetch(`${server.url}/_office/requests/${encodeURIComponent(ids[0])}`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'closed', updated_at: new Date().toISOString() }),
    });
    await page.getByRole('button', { name: '刷新', exact: true }).click();
    await page.getByText('已评价').first().waitFor(T);
    await page.context().clock.setFixedTime(new Date(Date.now() + 29 * 86400e3));
    await page.reload();
    await page.getByRole('link', { name: w.people, exact: true }).waitFor(T);
    assert.ok((await everythingStored(page)).includes('张建国'), 'kept before the 30 days are up');
    await page.context().clock.setFixedTime(new Date(Date.now() + 31 * 86400e3));
    await page.reload();
    await page.getByRole('link', { name: w.people, exact: true }).click();
    await page.getByText('还没有替邻居反映过诉求。').waitFor(T);
    await noTraceOf(page, NEIGHBOURS[0], '31 days after his request closed');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});

test('in English on the demo office: the request page shows both the neighbour and the volunteer', T, async () => {
  const app = await start();
  try {
    const w = WORDS.en;
    const { page, context } = await app.phone({ locale: 'en-GB' });
    await page.goto(app.url);
    await becomeVolunteer(page, w);
    await shot(page, 'volunteer-settings-en');
    await page.getByRole('link', { name: 'New request', exact: true }).click();
    await page.getByRole('heading', { name: 'Who is it for' }).waitFor(T);
    await shot(page, 'volunteer-form-en');
    const n = { ...NEIGHBOURS[0], name: 'Zhang Jianguo' };
    const id = await fileFor(page, w, n, { shotName: 'volunteer-handover-en' });
    assert.equal(await qrAddress(page, w), `${app.url}/requests/${encodeURIComponent(id)}`);
    await page.getByRole('link', { name: 'Follow this request' }).click();
    await page.getByText(w.filedBy('王芳')).waitFor(T);
    await shot(page, 'volunteer-request-en');
    const ledger = await page.evaluate(() => localStorage.getItem('doorstep.demo.ledger'));
    assert.ok(ledger.includes('王芳') && ledger.includes(w.consent), 'the demo office keeps who filed it and the consent');
    assert.deepEqual(page.errors, []);
    await context.close();
  } finally {
    await app.close();
  }
});

test('on Open311 the neighbour is the requester and the volunteer is on the description\'s last line', T, async () => {
  const server = await startOpen311();
  const app = await start({ backend: { kind: 'open311', base_url: server.url, api_key: 'test-key', timeout_seconds: 2 } });
  try {
    const w = WORDS.zh;
    const { page, context } = await app.phone();
    await page.goto(app.url);
    await becomeVolunteer(page, w);
    const id = await fileFor(page, w, NEIGHBOURS[0], { lighting: '楼道灯不亮' });
    const stored = (await json(`${server.url}/_office/requests`)).find((r) => String(r.request.service_request_id) === id);
    assert.deepEqual(stored.contact, { first_name: '建国', last_name: '张', phone: '13712345678' });
    const lines = stored.request.description.split('\n');
    assert.equal(lines.at(-1), '【代办】由王芳 · 幸福里志愿队代为反映，本人已同意。');
    // A GeoReport request is public: what anyone may read of it never carries the volunteer's number.
    const published = await fetch(`${server.url}/requests/${encodeURIComponent(id)}.json`).then((r) => r.text());
    assert.ok(published.includes('幸福里志愿队') && !published.includes('13900001111'), published);
    assert.equal(lines[0], NEIGHBOURS[0].description);
    assert.deepEqual(page.errors, []);
    await context.close();
  } finally {
    await app.close();
    await server.stop();
  }
});
