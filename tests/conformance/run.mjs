#!/usr/bin/env node
// The conformance kit of Doorstep's REST contract (docs/openapi.yaml): checks a running office's
// server against it and prints one line per check, PASS, FAIL or SKIP, with what was expected and
// what came back. Exits 1 when any check fails.
//
//   node tests/conformance/run.mjs --base-url https://api.street.example/v1
//       [--office-hook URL]   lets the kit play the office (tests/conformance/README.md): the
//                             checks of resolved requests (rating, reopening) and of calls in
//                             flight run only with it, and are SKIPped without it
//       [--origin URL]        the app's origin, sent as Origin (default https://doorstep.example)
//       [--token T]           sent as Authorization: Bearer T
//       [--category ID]       the category to file in (default: the first with feedback_hours)
//
// It files a handful of requests with made-up details (a unique name, phone, unit, address and
// position each run) and uploads a few tiny images; on a production server, run it against a
// test instance or tell the office's staff to expect them.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { loadContract } = require('../../scripts/openapi-schemas.cjs');

// ---------------------------------------------------------------------------------------------
// Results.

class Fail extends Error {
  constructor(expected, got) {
    super(`expected ${expected}; got ${got}`);
    this.expected = expected;
    this.got = got;
  }
}
class Skip extends Error {}

const expect = (ok, expected, got) => {
  if (!ok) throw new Fail(expected, typeof got === 'function' ? got() : got);
};
const skip = (why) => {
  throw new Skip(why);
};

const cut = (text, n = 160) => {
  const s = String(text).replace(/\s+/g, ' ');
  return s.length > n ? `${s.slice(0, n)}…` : s;
};

/** An answer in a few words: status, and its message or a piece of its body. */
const said = (a) => {
  if (!a) return 'no answer';
  if (a.status === 0) return `no answer (${a.error})`;
  const what = typeof a.json?.message === 'string' ? ` ${JSON.stringify(cut(a.json.message, 100))}` : a.text ? ` ${cut(a.text, 100)}` : '';
  return `${a.status}${what}`;
};

// ---------------------------------------------------------------------------------------------
// Tiny images made here: PNGs of any size (padded with a text chunk) for the photo checks.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A valid 2×2 PNG of a random colour, padded to exactly `size` bytes when given. */
export function png(size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const colour = randomBytes(3);
  const row = Buffer.concat([Buffer.from([0]), colour, colour]);
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.concat([row, row])))];
  const end = pngChunk('IEND', Buffer.alloc(0));
  if (size) {
    const used = parts.reduce((n, p) => n + p.length, 0) + end.length + 12;
    const text = size - used;
    if (text < 8) throw new Error(`a PNG cannot be ${size} bytes`);
    parts.push(pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(text - 8, 0x2e)])));
  }
  return Buffer.concat([...parts, end]);
}

/** A multipart/form-data body with the given parts. */
function multipart(parts) {
  const boundary = `----doorstep-conformance-${randomBytes(8).toString('hex')}`;
  const chunks = [];
  for (const p of parts) {
    const filename = p.filename === undefined ? '' : `; filename="${p.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${filename}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.bytes) ? p.bytes : Buffer.from(String(p.bytes), 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quoted = (key) => `"${key}"`;
const tagOf = () => randomBytes(5).toString('hex').toUpperCase();
const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');

/**
 * Runs every check against `baseUrl`. `log(line)` gets each result line as it comes.
 * Returns { results: [{ id, title, status, expected, got }], failed }.
 */
export async function runConformance({ baseUrl, officeHook = null, origin = 'https://doorstep.example', token = null, category: categoryId = null, log = () => {}, timeoutMs = 10_000 }) {
  const base = baseUrl.replace(/\/+$/, '');
  const hook = officeHook ? officeHook.replace(/\/+$/, '') : null;
  const contract = loadContract();
  const results = [];
  const seen = []; // every answer of the API, for the checks that hold for all of them
  const state = {};

  async function call(method, path, { headers = {}, json, body, type, label } = {}) {
    const h = { Origin: origin, Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers };
    if (json !== undefined) {
      body = typeof json === 'string' ? json : JSON.stringify(json);
      h['Content-Type'] ??= 'application/json';
    }
    if (type) h['Content-Type'] = type;
    const answer = { method, path, label: label ?? `${method} ${path}`, status: 0, headers: new Headers(), text: '', json: undefined };
    try {
      const res = await fetch(`${base}${path}`, { method, headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      answer.status = res.status;
      answer.headers = res.headers;
      answer.text = await res.text();
      try {
        answer.json = answer.text ? JSON.parse(answer.text) : undefined;
      } catch {
        answer.json = undefined;
      }
    } catch (e) {
      answer.error = e.cause?.code ?? e.message;
    }
    seen.push(answer);
    return answer;
  }

  /** Waits until the office hook holds a call (the first of two with one key). */
  async function firstHeld() {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${hook}/hold`, { signal: AbortSignal.timeout(timeoutMs) });
      if (res.ok && (await res.json()).waiting >= 1) return;
      await sleep(50);
    }
    throw new Fail('the office hook to hold the first call within 5 s', 'nothing held');
  }

  async function office(path, change) {
    const res = await fetch(`${hook}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(change), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new Fail(`the office hook to take ${path}`, `${res.status} ${cut(text)}`);
    return text ? JSON.parse(text) : null;
  }

  function record(id, title, status, expected, got) {
    const r = { id, title, status, expected, got };
    results.push(r);
    const tail = status === 'PASS' ? (got ? ` — ${got}` : '') : status === 'SKIP' ? ` — ${got}` : ` — expected ${expected}; got ${got}`;
    log(`${status.padEnd(4)}  ${id}: ${title}${tail}`);
  }

  async function check(id, title, fn, { needsHook = false } = {}) {
    if (needsHook && !hook) return record(id, title, 'SKIP', '', 'needs --office-hook, to play the office');
    try {
      const got = await fn();
      record(id, title, 'PASS', '', got ?? '');
    } catch (e) {
      if (e instanceof Skip) record(id, title, 'SKIP', '', e.message);
      else if (e instanceof Fail) record(id, title, 'FAIL', e.expected, e.got);
      else record(id, title, 'FAIL', 'no error in the kit', `${e.name}: ${e.message}`);
    }
  }

  const status = (a, codes, what) => {
    const list = [].concat(codes);
    expect(list.includes(a.status), `${what ?? a.label} answered ${list.join(' or ')}`, `${a.label} → ${said(a)}`);
  };
  const fits = (schema, value, where) => {
    const problems = contract.validate(schema, value);
    expect(problems.length === 0, `${where} to fit ${schema}`, () => problems.slice(0, 3).join('; '));
  };

  // ---- what a resident files: unique details to look for in every public answer -------------
  let category = null;
  const runTag = tagOf();
  let serial = 0;
  function newRequest(extra = {}) {
    const tag = `${runTag}${++serial}`;
    const hinted = new Date(Date.now() - 3 * 3600_000);
    const request = {
      category: category?.id ?? categoryId ?? 'other',
      category_name: category?.name ?? '其他',
      description: `楼道灯不亮已经三天了，合规检查 ${tag}。`,
      address: `幸福路${tag}号院`,
      community: `社区${tag}`,
      building: `楼${tag}`,
      unit: `单元${tag}`,
      lat: Number(`34.${digits(6)}`),
      long: Number(`108.${digits(6)}`),
      accuracy_m: 12,
      contact: { name: `王${tag}`, phone: `139${digits(8)}` },
      filed_by: { name: `志愿者${tag}`, phone: `137${digits(8)}`, team: `志愿队${tag}`, consent: `邻居本人已同意由我代为反映（${tag}）。` },
      private: false,
      photos: state.photoUrl ? [{ url: state.photoUrl, by: 'resident' }] : [],
      // Hints the office must not take as they are.
      requested_at: hinted.toISOString(),
      updated_at: hinted.toISOString(),
      expected_at: new Date(hinted.getTime() + 7 * 86400_000).toISOString(),
      status: 'resolved',
      timeline: [
        { step: 'received', at: hinted.toISOString() },
        { step: 'resolved', at: hinted.toISOString(), note: '客户端自己写的办结' },
      ],
      rating: { solved: true, satisfaction: 'satisfied' },
      ...extra,
    };
    return request;
  }
  /** The words of `request` that must never be in a public answer. */
  function secretsOf(request, filed) {
    const s = {
      'contact.name': request.contact.name,
      'contact.phone': request.contact.phone,
      'filed_by.name': request.filed_by?.name,
      'filed_by.phone': request.filed_by?.phone,
      'filed_by.consent': request.filed_by?.consent,
      address: request.address,
      unit: request.unit,
      lat: String(request.lat),
      long: String(request.long),
      description: request.description,
      'photo url': request.photos?.[0]?.url,
      read_key: filed?.read_key,
      idempotency_key: filed?.idempotency_key,
    };
    return Object.entries(s).filter(([, v]) => typeof v === 'string' && v.length >= 4);
  }
  /** Throws when any secret is found in `answer` (its text, and its JSON with escapes undone). */
  function leaksNothing(answer, secrets) {
    const texts = [answer.text];
    if (answer.json !== undefined) texts.push(JSON.stringify(answer.json));
    const digitsOnly = texts.map((t) => t.replace(/\D/g, '')).join(' ');
    const found = secrets.filter(([, v]) => texts.some((t) => t.includes(v)) || (/^\d{11}$/.test(v) && digitsOnly.includes(v)));
    expect(found.length === 0, `nothing personal in ${answer.label}`, () => found.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', '));
  }

  async function file(request, key = randomUUID()) {
    const a = await call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(key) }, json: { idempotency_key: key, ...request } });
    return { a, key, request };
  }
  const need = (v, what) => {
    if (!v) skip(`${what} (an earlier check failed)`);
    return v;
  };

  // ---- the catalogue ----------------------------------------------------------------------------
  await check('categories', 'GET /categories lists categories, each with a string id', async () => {
    const a = await call('GET', '/categories');
    status(a, 200);
    expect(Array.isArray(a.json), 'a JSON array', said(a));
    a.json.forEach((c, i) => fits('Category', c, `category ${i}`));
    category = (categoryId && a.json.find((c) => c.id === categoryId)) || a.json.find((c) => Number.isInteger(c.feedback_hours)) || a.json[0] || null;
    return `${a.json.length} categories; filing in "${category?.id}"`;
  });
  await check('category', 'GET /categories/{id} answers one category, 404 for an unknown one', async () => {
    const c = need(category, 'a category');
    const a = await call('GET', `/categories/${encodeURIComponent(c.id)}`);
    status(a, 200);
    fits('Category', a.json, 'the category');
    const b = await call('GET', `/categories/no-such-category-${runTag}`);
    status(b, 404);
  });
  await check('places', 'GET /places lists communities, or answers 404', async () => {
    const a = await call('GET', '/places');
    status(a, [200, 404]);
    if (a.status === 404) return 'no list (404)';
    expect(Array.isArray(a.json), 'a JSON array', said(a));
    a.json.forEach((p, i) => fits('Community', p, `community ${i}`));
    return `${a.json.length} communities`;
  });

  // ---- photos ---------------------------------------------------------------------------------
  const upload = (bytes, { type = 'image/png', key, filename = 'photo.png', name = 'photo' } = {}) => {
    const { body, type: contentType } = multipart([{ name, filename, type, bytes }]);
    return call('POST', '/photos', { body, type: contentType, headers: key ? { 'Idempotency-Key': quoted(key) } : {} });
  };
  await check('photo-upload', 'POST /photos takes a PNG in the part "photo" and answers its absolute url', async () => {
    const a = await upload(png(), { key: randomUUID() });
    status(a, 201);
    fits('Uploaded', a.json, 'the answer');
    state.photoUrl = a.json.url;
    return a.json.url;
  });
  await check('photo-fetchable', 'the photo is served at its url', async () => {
    const url = need(state.photoUrl, 'an uploaded photo');
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch((e) => ({ status: 0, error: e.message }));
    expect(res.status === 200, `GET ${url} answered 200`, res.status || res.error);
    expect(/^image\//.test(res.headers.get('content-type') ?? ''), 'an image type', res.headers.get('content-type'));
  });
  await check('photo-replay', 'POST /photos again with the same Idempotency-Key and photo (another filename and boundary) gives the same url', async () => {
    const key = randomUUID();
    const bytes = png();
    const a = await upload(bytes, { key, filename: 'first.png' });
    status(a, 201);
    const b = await upload(bytes, { key, filename: 'again.png' });
    status(b, 201, 'the replay');
    expect(b.json?.url === a.json?.url, `the same url ${a.json?.url}`, b.json?.url);
    const c = await upload(png(), { key });
    status(c, 422, 'the same key with another photo');
  });
  await check('photo-size', 'a photo of 400,000 bytes is taken, of 400,001 refused with 413', async () => {
    const a = await upload(png(400_000));
    status(a, 201, 'a 400,000-byte photo');
    const b = await upload(png(400_001));
    status(b, 413, 'a 400,001-byte photo');
  });
  await check('photo-type', 'only image/jpeg, image/png and image/webp are taken (415 otherwise), and a body without a photo is 400', async () => {
    const a = await upload(Buffer.from('not a photo at all'), { type: 'text/plain', filename: 'notes.txt' });
    status(a, 415, 'a text/plain part');
    const b = await upload(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), { type: 'image/gif', filename: 'a.gif' });
    status(b, 415, 'an image/gif part');
    const c = await call('POST', '/photos', { json: { photo: 'x' } });
    status(c, 415, 'a JSON body');
    const d = await upload(png(), { name: 'picture' });
    status(d, 400, 'no part named "photo"');
  });
  await check('photo-in-flight', 'POST /photos with a key still in flight is 409 (another photo under it 422)', async () => {
    await office('/hold', { method: 'POST', path: '/photos' });
    const key = randomUUID();
    const bytes = png();
    const first = upload(bytes, { key });
    await firstHeld();
    const other = await upload(png(), { key });
    const same = await upload(bytes, { key });
    await office('/release', {});
    const done = await first;
    status(done, 201, 'the first upload');
    status(other, 422, 'another photo under the key while the first is in flight');
    status(same, 409, 'the same photo while the first is in flight');
    expect(/^\d+$/.test(same.headers.get('retry-after') ?? ''), 'Retry-After on the 409', same.headers.get('retry-after'));
  }, { needsHook: true });

  // ---- filing, and idempotency ------------------------------------------------------------------
  await check('file-needs-key', 'POST /requests without an Idempotency-Key, or with an unquoted one, is 400', async () => {
    const body = newRequest();
    const a = await call('POST', '/requests', { json: body });
    status(a, 400, 'no key');
    const key = randomUUID();
    const b = await call('POST', '/requests', { headers: { 'Idempotency-Key': key }, json: body });
    status(b, 400, 'an unquoted key');
    const c = await call('POST', '/requests', { headers: { 'Idempotency-Key': '""' }, json: body });
    status(c, 400, 'an empty key');
    // And nothing was filed under it.
    const look = await call('POST', '/requests/lookup', { json: { idempotency_key: key } });
    if (look.status === 200) expect(Array.isArray(look.json) && look.json.length === 0, 'nothing filed under the refused key', said(look));
  });
  await check('file', 'POST /requests files a request: 201, the private view with read_key, ETag "<version>"', async () => {
    const f = await file(newRequest());
    status(f.a, 201);
    expect(typeof f.a.json?.id === 'string' && typeof f.a.json?.read_key === 'string', 'a string id and a read_key', () => cut(f.a.text));
    // The later checks go on with it, whatever is wrong below.
    state.main = { ...f, filed: f.a.json, secrets: secretsOf(f.request, { ...f.a.json, idempotency_key: f.key }) };
    fits('FiledRequest', f.a.json, 'the answer');
    expect(f.a.json.view === 'private', 'view "private"', f.a.json.view);
    expect(f.a.json.idempotency_key === f.key, `idempotency_key ${f.key}`, f.a.json.idempotency_key);
    const etag = f.a.headers.get('etag');
    expect(etag === `"${f.a.json.version}"`, `ETag "${f.a.json.version}"`, etag);
    return `id ${f.a.json.id}`;
  });
  await check('file-office-owns-workflow', 'the office stamps status, timeline, rating and times itself (the client\'s are ignored)', async () => {
    const { filed, a } = need(state.main, 'a filed request');
    expect(filed.status === 'received', 'status "received" (the client sent "resolved")', filed.status);
    expect(filed.timeline.length === 1 && filed.timeline[0].step === 'received', 'one step, received (the client sent two)', JSON.stringify(filed.timeline));
    expect(filed.rating == null, 'no rating (the client sent one)', JSON.stringify(filed.rating));
    const date = Date.parse(a.headers.get('date'));
    const at = Date.parse(filed.requested_at);
    expect(Math.abs(at - date) < 5 * 60_000, `requested_at near the server's Date ${a.headers.get('date')} (the client's clock said three hours earlier)`, filed.requested_at);
    expect(filed.timeline[0].at === filed.requested_at, 'the first step at requested_at', filed.timeline[0].at);
    if (Number.isInteger(category?.feedback_hours)) {
      const span = Date.parse(filed.expected_at) - at;
      expect(Math.abs(span - category.feedback_hours * 3600_000) <= 1000, `expected_at = requested_at + ${category.feedback_hours} h`, `${filed.expected_at} (${(span / 3600_000).toFixed(2)} h)`);
    }
  });
  await check('idempotency-replay', 'the same key and the same body (other key order and spacing) answer the first answer again', async () => {
    const m = need(state.main, 'a filed request');
    const body = { idempotency_key: m.key, ...m.request };
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const text = JSON.stringify(reordered, null, 3);
    const a = await call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(m.key) }, json: text });
    status(a, m.a.status, 'the replay');
    expect(a.json?.id === m.filed.id, `the same id ${m.filed.id}`, a.json?.id ?? said(a));
    expect(JSON.stringify(a.json) === JSON.stringify(m.filed), 'the same body', () => cut(a.text));
  });
  await check('idempotency-reused', 'the same key with another body is 422', async () => {
    const m = need(state.main, 'a filed request');
    const changed = { idempotency_key: m.key, ...m.request, description: `${m.request.description}（改）` };
    const a = await call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(m.key) }, json: changed });
    status(a, 422);
  });
  await check('idempotency-concurrent', 'two identical sends at once file one request', async () => {
    const key = randomUUID();
    const body = { idempotency_key: key, ...newRequest() };
    const [a, b] = await Promise.all([0, 1].map(() => call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(key) }, json: body })));
    const ok = [a, b].filter((x) => x.status === 201);
    expect(ok.length >= 1, 'at least one 201', `${said(a)}, ${said(b)}`);
    for (const x of [a, b]) if (x.status !== 201) status(x, 409, 'the other');
    if (ok.length === 2) expect(ok[0].json?.id === ok[1].json?.id, 'the same id in both', `${ok[0].json?.id} and ${ok[1].json?.id}`);
    const look = await call('POST', '/requests/lookup', { json: { idempotency_key: key } });
    if (look.status === 200) expect(look.json?.length === 1, 'one request under the key', look.json?.length);
    return ok.length === 2 ? 'both answered with the same request' : 'one filed, the other 409';
  });
  await check('idempotency-in-flight', 'while a key is in flight: the same body is 409 with Retry-After, another body 422', async () => {
    await office('/hold', { method: 'POST', path: '/requests' });
    const key = randomUUID();
    const body = { idempotency_key: key, ...newRequest() };
    const first = call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(key) }, json: body });
    await firstHeld();
    const same = await call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(key) }, json: body });
    const other = await call('POST', '/requests', { headers: { 'Idempotency-Key': quoted(key) }, json: { ...body, description: `${body.description}（改）` } });
    await office('/release', {});
    status(await first, 201, 'the first send');
    status(same, 409, 'the same send while in flight');
    expect(/^\d+$/.test(same.headers.get('retry-after') ?? ''), 'Retry-After on the 409', same.headers.get('retry-after'));
    status(other, 422, 'another body while in flight (422 comes before 409)');
  }, { needsHook: true });
  await check('ids-not-sequential', 'ids are strings that cannot be counted (5 filed: not consecutive numbers)', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const f = await file(newRequest());
      status(f.a, 201);
      ids.push(f.a.json.id);
    }
    expect(ids.every((id) => typeof id === 'string'), 'string ids', JSON.stringify(ids));
    expect(new Set(ids).size === 5, 'five different ids', JSON.stringify(ids));
    const parts = ids.map((id) => /^(.*?)(\d+)$/.exec(id));
    if (parts.every(Boolean) && new Set(parts.map((p) => p[1])).size === 1) {
      const n = parts.map((p) => Number(p[2])).sort((x, y) => x - y);
      expect(n.at(-1) - n[0] > 1000, 'ids that do not follow each other', `${ids.join(', ')} (a counter)`);
    }
    return ids.join(', ');
  });

  // ---- the public view --------------------------------------------------------------------------
  await check('public-view', 'GET /requests/{id} answers the public view (exactly its members)', async () => {
    const m = need(state.main, 'a filed request');
    const a = await call('GET', `/requests/${encodeURIComponent(m.filed.id)}`);
    status(a, 200);
    fits('PublicRequest', a.json, 'the answer');
    state.publicAnswer = a;
  });
  await check('public-view-leaks-nothing', 'no name, phone, address, unit, position, description, photo, filed_by, read or idempotency key in the public view', async () => {
    const m = need(state.main, 'a filed request');
    const a = await call('GET', `/requests/${encodeURIComponent(m.filed.id)}`);
    status(a, 200);
    leaksNothing(a, m.secrets);
    return `searched for ${m.secrets.length} details`;
  });
  await check('unknown-request', 'GET /requests/{id} of an unknown id is 404', async () => {
    const a = await call('GET', `/requests/R-NOSUCH${runTag}`);
    status(a, 404);
  });

  // ---- reading the private view -----------------------------------------------------------------
  await check('read-key', 'POST /requests/{id}/read: the right read key gives the private view, a wrong one 403', async () => {
    const m = need(state.main, 'a filed request');
    const path = `/requests/${encodeURIComponent(m.filed.id)}/read`;
    const a = await call('POST', path, { json: { read_key: m.filed.read_key } });
    status(a, 200, 'the right key');
    fits('Request', a.json, 'the answer');
    expect(a.json.contact?.phone === m.request.contact.phone, 'the contact in the private view', JSON.stringify(a.json.contact));
    expect(a.headers.get('etag') === `"${a.json.version}"`, `ETag "${a.json.version}"`, a.headers.get('etag'));
    expect(!('read_key' in a.json), 'no read_key in a read (only when filed)', 'read_key');
    const b = await call('POST', path, { json: { read_key: randomBytes(16).toString('base64url') } });
    status(b, 403, 'a wrong key');
    state.wrongKey = b;
  });
  await check('read-phone', 'POST /requests/{id}/read: the phone\'s last four digits give the private view, wrong ones the same 403 as a wrong key', async () => {
    const m = need(state.main, 'a filed request');
    const path = `/requests/${encodeURIComponent(m.filed.id)}/read`;
    const last4 = m.request.contact.phone.slice(-4);
    const a = await call('POST', path, { json: { phone_last4: last4 } });
    status(a, 200, 'the right digits');
    fits('Request', a.json, 'the answer');
    // The digits give the private view, never a way to the read key (the look-up by idempotency
    // key answers it to whoever has that key).
    for (const k of ['read_key', 'idempotency_key']) expect(a.json?.[k] == null, `no ${k} in the private view`, `${k}: ${cut(JSON.stringify(a.json?.[k]))}`);
    const wrong = String((Number(last4) + 1) % 10000).padStart(4, '0');
    const b = await call('POST', path, { json: { phone_last4: wrong } });
    status(b, 403, 'wrong digits');
    if (state.wrongKey) expect(b.text === state.wrongKey.text, 'the same answer as a wrong key (it never says which)', `${cut(b.text)} vs ${cut(state.wrongKey.text)}`);
    const c = await call('POST', path, { json: {} });
    status(c, 400, 'neither proof');
  });
  await check('read-rate-limit', 'after 10 wrong tries on one request within an hour, 429 with Retry-After, even for the right digits', async () => {
    const f = await file(newRequest());
    status(f.a, 201);
    const path = `/requests/${encodeURIComponent(f.a.json.id)}/read`;
    const right = f.request.contact.phone.slice(-4);
    const wrong = String((Number(right) + 5000) % 10000).padStart(4, '0');
    for (let i = 1; i <= 10; i++) {
      const a = await call('POST', path, { json: { phone_last4: wrong } });
      status(a, 403, `wrong try ${i}`);
    }
    const eleventh = await call('POST', path, { json: { phone_last4: wrong } });
    status(eleventh, 429, 'the 11th wrong try');
    const wait = Number(eleventh.headers.get('retry-after'));
    expect(Number.isInteger(wait) && wait > 0, 'Retry-After in seconds', eleventh.headers.get('retry-after'));
    const then = await call('POST', path, { json: { phone_last4: right } });
    status(then, 429, 'the right digits while limited');
  });
  await check('read-many', 'POST /requests/read: private where the key matches, public where not, unknown ids left out', async () => {
    const m = need(state.main, 'a filed request');
    const f = await file(newRequest());
    status(f.a, 201);
    const a = await call('POST', '/requests/read', {
      json: { requests: [{ id: m.filed.id, read_key: m.filed.read_key }, { id: f.a.json.id, read_key: m.filed.read_key }, { id: `R-NOSUCH${runTag}` }] },
    });
    status(a, 200);
    expect(Array.isArray(a.json) && a.json.length === 2, 'two entries', () => cut(a.text));
    expect(a.json[0].id === m.filed.id && a.json[0].view === 'private', 'the first private', `${a.json[0]?.id} ${a.json[0]?.view}`);
    fits('Request', a.json[0], 'the first');
    expect(a.json[1].id === f.a.json.id && a.json[1].view === 'public', 'the second public (a wrong key)', `${a.json[1]?.id} ${a.json[1]?.view}`);
    fits('PublicRequest', a.json[1], 'the second');
    leaksNothing({ ...a, text: JSON.stringify(a.json[1]), json: a.json[1], label: 'the public entry of POST /requests/read' }, secretsOf(f.request, f.a.json));
    const many = await call('POST', '/requests/read', { json: { requests: Array.from({ length: 101 }, (_, i) => ({ id: `R-${i}` })) } });
    status(many, 400, '101 items');
  });
  await check('lookup', 'POST /requests/lookup finds the request filed under a key (private view and read_key), [] for another', async () => {
    const m = need(state.main, 'a filed request');
    const a = await call('POST', '/requests/lookup', { json: { idempotency_key: m.key } });
    status(a, 200);
    expect(Array.isArray(a.json) && a.json.length === 1, 'one request', () => cut(a.text));
    fits('FiledRequest', a.json[0], 'the request found');
    expect(a.json[0].id === m.filed.id && a.json[0].read_key === m.filed.read_key, 'the same id and read key', `${a.json[0].id} ${a.json[0].read_key}`);
    const b = await call('POST', '/requests/lookup', { json: { idempotency_key: randomUUID() } });
    status(b, 200, 'an unknown key');
    expect(Array.isArray(b.json) && b.json.length === 0, '[]', () => cut(b.text));
  });
  await check('no-keys-in-urls', 'GET /requests?idempotency_key=… (version 1) is 400 and shows nothing', async () => {
    const m = need(state.main, 'a filed request');
    const a = await call('GET', `/requests?idempotency_key=${encodeURIComponent(m.key)}`);
    status(a, 400);
    leaksNothing(a, m.secrets);
    expect(!a.text.includes(m.filed.id), 'not the request', () => cut(a.text));
  });
  await check('search-needs-filter', 'GET /requests without a filter is 400 (nobody pages through every request)', async () => {
    const a = await call('GET', '/requests');
    status(a, 400);
    const m = state.main;
    if (m) leaksNothing(a, m.secrets);
    const b = await call('GET', `/requests?id=${encodeURIComponent(m?.filed.id ?? 'x')}`);
    status(b, 400, 'version 1\'s ?id=');
  });
  await check('search-public', 'GET /requests?community=…&status=open lists public views only, private requests left out', async () => {
    const m = need(state.main, 'a filed request');
    const a = await call('GET', `/requests?community=${encodeURIComponent(m.request.community)}&status=open`);
    status(a, 200);
    expect(Array.isArray(a.json), 'an array', () => cut(a.text));
    a.json.forEach((r, i) => fits('PublicRequest', r, `entry ${i}`));
    expect(a.json.some((r) => r.id === m.filed.id), `${m.filed.id} listed`, () => a.json.map((r) => r.id).join(', ') || 'none');
    leaksNothing(a, m.secrets);
    const hidden = await file(newRequest({ private: true }));
    status(hidden.a, 201, 'a private request');
    const b = await call('GET', `/requests?community=${encodeURIComponent(hidden.request.community)}`);
    status(b, 200);
    expect(Array.isArray(b.json) && !b.json.some((r) => r.id === hidden.a.json.id), 'the private request not listed', () => cut(b.text));
  });

  // ---- the workflow is the office's -------------------------------------------------------------
  const readPrivate = async (filed) => {
    const a = await call('POST', `/requests/${encodeURIComponent(filed.id)}/read`, { json: { read_key: filed.read_key } });
    status(a, 200, 'reading it back');
    return a.json;
  };
  const keyed = (filed, extra = {}) => ({ 'Idempotency-Key': quoted(randomUUID()), 'Read-Key': filed.read_key, ...extra });
  await check('rating-needs-proofs', 'POST /requests/{id}/rating needs the Read-Key (403) and an Idempotency-Key (400)', async () => {
    const m = need(state.main, 'a filed request');
    const path = `/requests/${encodeURIComponent(m.filed.id)}/rating`;
    const rating = { solved: true, satisfaction: 'satisfied' };
    const a = await call('POST', path, { headers: { 'Idempotency-Key': quoted(randomUUID()) }, json: rating });
    status(a, 403, 'no Read-Key');
    const b = await call('POST', path, { headers: { 'Idempotency-Key': quoted(randomUUID()), 'Read-Key': randomBytes(16).toString('base64url') }, json: rating });
    status(b, 403, 'a wrong Read-Key');
    const c = await call('POST', path, { headers: { 'Read-Key': m.filed.read_key }, json: rating });
    status(c, 400, 'no Idempotency-Key');
  });
  await check('rating-before-resolved', 'a rating before the office has resolved it is 409; a reopening before a rating is 409', async () => {
    const m = need(state.main, 'a filed request');
    const before = await readPrivate(m.filed);
    const a = await call('POST', `/requests/${encodeURIComponent(m.filed.id)}/rating`, { headers: keyed(m.filed), json: { solved: true, satisfaction: 'satisfied' } });
    status(a, 409, 'rating a received request');
    const b = await call('POST', `/requests/${encodeURIComponent(m.filed.id)}/reopen`, { headers: keyed(m.filed), json: { reason: '还没修好' } });
    status(b, 409, 'reopening an unrated request');
    const after = await readPrivate(m.filed);
    expect(after.version === before.version && after.status === before.status, 'nothing changed', `version ${before.version} → ${after.version}, status ${before.status} → ${after.status}`);
  });
  await check('patch-workflow-read-only', 'PATCH of status, timeline, deadlines or rating is 422 and changes nothing', async () => {
    const m = need(state.main, 'a filed request');
    const before = await readPrivate(m.filed);
    const path = `/requests/${encodeURIComponent(m.filed.id)}`;
    const at = new Date().toISOString();
    const tries = [
      { status: 'closed' },
      { timeline: [...before.timeline, { step: 'resolved', at }] },
      { expected_at: new Date(Date.now() + 365 * 86400_000).toISOString() },
      { requested_at: at },
      { rating: { solved: true, satisfaction: 'satisfied' } },
      { photos: before.photos, status: 'resolved' },
    ];
    for (const change of tries) {
      const a = await call('PATCH', path, { headers: { 'Read-Key': m.filed.read_key }, json: change });
      status(a, 422, `PATCH ${Object.keys(change).join(' and ')}`);
    }
    const after = await readPrivate(m.filed);
    for (const k of ['status', 'timeline', 'expected_at', 'requested_at', 'updated_at', 'rating', 'version']) {
      expect(JSON.stringify(after[k]) === JSON.stringify(before[k]), `${k} unchanged`, `${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`);
    }
  });
  await check('other-methods', 'PUT and DELETE of a request are refused, and change nothing', async () => {
    const m = need(state.main, 'a filed request');
    const before = await readPrivate(m.filed);
    const path = `/requests/${encodeURIComponent(m.filed.id)}`;
    const put = await call('PUT', path, { headers: { 'Read-Key': m.filed.read_key }, json: { ...before, status: 'closed' } });
    expect(put.status >= 400, 'PUT refused', said(put));
    const del = await call('DELETE', path, { headers: { 'Read-Key': m.filed.read_key } });
    expect(del.status >= 400, 'DELETE refused', said(del));
    const after = await readPrivate(m.filed);
    expect(after.status === before.status && after.version === before.version, 'the request unchanged', `${after.status}, version ${after.version}`);
  });
  await check('push-subscriptions', 'POST /push-subscriptions follows only requests whose read key matches, the same endpoint is the same subscription, a bad one is 400, DELETE 204 (an office without Web Push: 404, skipped)', async () => {
    const m = need(state.main, 'a filed request');
    const sub = (endpoint, requests) => ({
      endpoint,
      keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'tBHItJI5svbpez7KI4CCXg' },
      requests,
    });
    const endpoint = `https://push.example/conformance-${Date.now()}`;
    const first = await call('POST', '/push-subscriptions', { json: sub(endpoint, [{ id: m.filed.id, read_key: m.filed.read_key }, { id: m.filed.id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }]) });
    if (first.status === 404) skip('this office sends no Web Push messages (404)');
    status(first, 201, 'a subscription');
    expect(typeof first.json?.id === 'string' && first.json.id.length > 0 && first.json.id.length <= 64, 'an id', said(first));
    expect(first.json?.followed === 1, 'followed: 1 (the request with its key; not one without)', said(first));
    const wrongKey = await call('POST', '/push-subscriptions', { json: sub(endpoint, [{ id: m.filed.id, read_key: 'not-the-key' }]) });
    status(wrongKey, 201, 'the same endpoint with a wrong key');
    expect(wrongKey.json?.id === first.json.id, 'the same id for the same endpoint', said(wrongKey));
    expect(wrongKey.json?.followed === 0, 'followed: 0 with a wrong read key', said(wrongKey));
    for (const [label, body] of [
      ['an http endpoint', sub(endpoint.replace('https', 'http'), [])],
      ['a short key', { ...sub(endpoint, []), keys: { p256dh: 'BAAA', auth: 'tBHItJI5svbpez7KI4CCXg' } }],
      ['no keys', { endpoint, requests: [] }],
    ]) {
      status(await call('POST', '/push-subscriptions', { json: body }), 400, label);
    }
    const gone = await call('DELETE', `/push-subscriptions/${encodeURIComponent(first.json.id)}`);
    status(gone, 204, 'DELETE of the subscription');
    status(await call('DELETE', `/push-subscriptions/${encodeURIComponent(first.json.id)}`), 204, 'DELETE again');
  });
  await check('patch-photos', 'PATCH {"photos"} with the Read-Key replaces the resident\'s photos (+1 version, ETag); without it 403; a stale If-Match 412', async () => {
    const m = need(state.main, 'a filed request');
    const before = await readPrivate(m.filed);
    const path = `/requests/${encodeURIComponent(m.filed.id)}`;
    const up = await upload(png());
    status(up, 201, 'a new photo');
    const photos = [...before.photos.filter((p) => p.by !== 'office'), { url: up.json.url, by: 'resident' }];
    const no = await call('PATCH', path, { json: { photos } });
    status(no, 403, 'no Read-Key');
    const stale = await call('PATCH', path, { headers: { 'Read-Key': m.filed.read_key, 'If-Match': `"${before.version + 7}"` }, json: { photos } });
    status(stale, 412, 'a stale If-Match');
    const a = await call('PATCH', path, { headers: { 'Read-Key': m.filed.read_key, 'If-Match': `"${before.version}"` }, json: { photos } });
    status(a, 200);
    fits('Request', a.json, 'the answer');
    expect(a.json.photos.some((p) => p.url === up.json.url), 'the new photo listed', () => JSON.stringify(a.json.photos));
    expect(a.json.version === before.version + 1, `version ${before.version + 1}`, a.json.version);
    expect(a.headers.get('etag') === `"${a.json.version}"`, `ETag "${a.json.version}"`, a.headers.get('etag'));
    const pub = await call('GET', path);
    leaksNothing(pub, [...m.secrets, ['new photo url', up.json.url]]);
  });
  await check('office-photos-kept', 'the office\'s own photos stay whatever the resident\'s PATCH says', async () => {
    const m = need(state.main, 'a filed request');
    const before = await readPrivate(m.filed);
    const officeUrl = `${state.photoUrl ?? 'https://office.example/p.jpg'}?office=${runTag}`;
    await office(`/requests/${encodeURIComponent(m.filed.id)}`, { photos: [...before.photos, { url: officeUrl, by: 'office' }] });
    const a = await call('PATCH', `/requests/${encodeURIComponent(m.filed.id)}`, { headers: { 'Read-Key': m.filed.read_key }, json: { photos: [] } });
    status(a, 200);
    expect(a.json.photos.some((p) => p.url === officeUrl && p.by === 'office'), 'the office photo kept', () => JSON.stringify(a.json.photos));
    expect(!a.json.photos.some((p) => p.by !== 'office'), 'the resident\'s removed', () => JSON.stringify(a.json.photos));
  }, { needsHook: true });

  // ---- rating and reopening a resolved request (the kit plays the office) -----------------------
  await check('rating', 'a resolved request takes one rating: 200, closed, the rated step; a stale If-Match 412; a replay the same answer; a second rating 409', async () => {
    const m = need(state.main, 'a filed request');
    await office(`/requests/${encodeURIComponent(m.filed.id)}`, { status: 'resolved', status_notes: `已办结 ${runTag}` });
    const before = await readPrivate(m.filed);
    expect(before.status === 'resolved', 'resolved by the office hook', before.status);
    const path = `/requests/${encodeURIComponent(m.filed.id)}/rating`;
    const comment = `灯还是一闪一闪的 ${runTag}`;
    const rating = { solved: false, satisfaction: 'dissatisfied', comment };
    const stale = await call('POST', path, { headers: keyed(m.filed, { 'If-Match': `"${before.version - 1}"` }), json: rating });
    status(stale, 412, 'a stale If-Match');
    const headers = keyed(m.filed, { 'If-Match': `"${before.version}"` });
    const a = await call('POST', path, { headers, json: rating });
    status(a, 200);
    fits('Request', a.json, 'the answer');
    expect(a.json.status === 'closed', 'status closed', a.json.status);
    expect(a.json.rating?.solved === false && a.json.rating?.satisfaction === 'dissatisfied', 'the rating stored', JSON.stringify(a.json.rating));
    const last = a.json.timeline.at(-1);
    expect(last.step === 'rated' && last.solved === false && last.satisfaction === 'dissatisfied', 'a rated step at the end', JSON.stringify(last));
    expect(a.json.version === before.version + 1, `version ${before.version + 1}`, a.json.version);
    expect(a.headers.get('etag') === `"${a.json.version}"`, `ETag "${a.json.version}"`, a.headers.get('etag'));
    const again = await call('POST', path, { headers, json: rating });
    status(again, 200, 'the replay');
    expect(JSON.stringify(again.json) === JSON.stringify(a.json), 'the same body', () => cut(again.text));
    const twice = await call('POST', path, { headers: keyed(m.filed), json: rating });
    status(twice, 409, 'a second rating');
    state.rated = { comment };
  }, { needsHook: true });
  await check('rating-public', 'the public view keeps solved and satisfaction of the rated step, never the comment', async () => {
    const m = need(state.main, 'a filed request');
    const { comment } = need(state.rated, 'a rating');
    const a = await call('GET', `/requests/${encodeURIComponent(m.filed.id)}`);
    status(a, 200);
    fits('PublicRequest', a.json, 'the answer');
    const rated = a.json.timeline.find((s) => s.step === 'rated');
    expect(rated && rated.solved === false && rated.satisfaction === 'dissatisfied', 'the rated step with solved and satisfaction', JSON.stringify(rated));
    leaksNothing(a, [...m.secrets, ['rating comment', comment]]);
  }, { needsHook: true });
  await check('reopen', 'an unsolved rating can be reopened: 200, reopened, a new deadline from the category; the reason never public', async () => {
    const m = need(state.main, 'a filed request');
    need(state.rated, 'a rating');
    const path = `/requests/${encodeURIComponent(m.filed.id)}/reopen`;
    const reason = `三楼的灯还是不亮 ${runTag}`;
    const a = await call('POST', path, { headers: keyed(m.filed), json: { reason } });
    status(a, 200);
    fits('Request', a.json, 'the answer');
    expect(a.json.status === 'reopened', 'status reopened', a.json.status);
    const last = a.json.timeline.at(-1);
    expect(last.step === 'reopened' && last.note === reason, 'a reopened step with the reason', JSON.stringify(last));
    const hours = Number.isInteger(category?.feedback_hours) ? category.feedback_hours : 168;
    const span = Date.parse(a.json.expected_at) - Date.parse(a.json.updated_at);
    expect(Math.abs(span - hours * 3600_000) <= 2000, `expected_at = now + ${hours} h`, `${a.json.expected_at} (${(span / 3600_000).toFixed(2)} h after updated_at)`);
    const again = await call('POST', path, { headers: keyed(m.filed), json: { reason } });
    status(again, 409, 'reopening a reopened request');
    const pub = await call('GET', `/requests/${encodeURIComponent(m.filed.id)}`);
    fits('PublicRequest', pub.json, 'the public view');
    leaksNothing(pub, [...m.secrets, ['rating comment', state.rated.comment], ['reopening reason', reason]]);
  }, { needsHook: true });
  await check('reopen-after-satisfied', 'a request rated solved and satisfied cannot be reopened (409)', async () => {
    const f = await file(newRequest());
    status(f.a, 201);
    const filed = f.a.json;
    await office(`/requests/${encodeURIComponent(filed.id)}`, { status: 'resolved', status_notes: '已办结' });
    const a = await call('POST', `/requests/${encodeURIComponent(filed.id)}/rating`, { headers: keyed(filed), json: { solved: true, satisfaction: 'satisfied' } });
    status(a, 200, 'the rating');
    const b = await call('POST', `/requests/${encodeURIComponent(filed.id)}/reopen`, { headers: keyed(filed), json: { reason: '想重新办' } });
    status(b, 409, 'reopening after a satisfied rating');
  }, { needsHook: true });

  // ---- CORS -------------------------------------------------------------------------------------
  await check('cors-preflight', 'a preflight allows the app\'s origin, GET, POST, PATCH, DELETE and the five request headers', async () => {
    const wanted = ['content-type', 'idempotency-key', 'authorization', 'read-key', 'if-match'];
    for (const [path, method] of [['/requests', 'POST'], ['/requests/R-X/rating', 'POST'], ['/requests/R-X', 'PATCH'], ['/photos', 'POST'], ['/push-subscriptions/P-X', 'DELETE']]) {
      const a = await call('OPTIONS', path, { headers: { 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': wanted.join(',') }, label: `preflight of ${method} ${path}` });
      expect(a.status >= 200 && a.status < 300, `${a.label} answered 2xx`, said(a));
      const allowOrigin = a.headers.get('access-control-allow-origin');
      expect(allowOrigin === origin || allowOrigin === '*', `Access-Control-Allow-Origin ${origin} or *`, allowOrigin);
      const methods = (a.headers.get('access-control-allow-methods') ?? '').toUpperCase().split(',').map((s) => s.trim());
      for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) expect(methods.includes(m) || methods.includes('*'), `${m} in Access-Control-Allow-Methods`, methods.join(', ') || 'none');
      const allowed = (a.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',').map((s) => s.trim());
      for (const h of wanted) expect(allowed.includes(h), `${h} in Access-Control-Allow-Headers (named: * does not cover Authorization)`, allowed.join(', ') || 'none');
    }
  });
  await check('cors-every-answer', 'every answer (errors included) allows the origin and exposes Date, Retry-After and ETag', async () => {
    const bad = [];
    for (const a of seen.filter((x) => x.status && x.method !== 'OPTIONS')) {
      const allowOrigin = a.headers.get('access-control-allow-origin');
      const exposed = (a.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',').map((s) => s.trim());
      const missing = ['date', 'retry-after', 'etag'].filter((h) => !exposed.includes(h) && !exposed.includes('*'));
      if (allowOrigin !== origin && allowOrigin !== '*') bad.push(`${a.label} → ${a.status}: Access-Control-Allow-Origin ${allowOrigin}`);
      else if (missing.length) bad.push(`${a.label} → ${a.status}: ${missing.join(', ')} not exposed`);
    }
    expect(bad.length === 0, 'Access-Control-Allow-Origin and Access-Control-Expose-Headers: Date, Retry-After, ETag on each', () => `${bad.length} without: ${bad.slice(0, 3).join('; ')}`);
    return `${seen.length} answers`;
  });
  await check('date-every-answer', 'every answer carries Date', async () => {
    const bad = seen.filter((a) => a.status && Number.isNaN(Date.parse(a.headers.get('date') ?? '')));
    expect(bad.length === 0, 'a Date header on each', () => `${bad.length} without: ${bad.slice(0, 3).map((a) => `${a.label} → ${a.status}`).join('; ')}`);
    return `${seen.length} answers`;
  });
  await check('errors-json', 'every 4xx and 5xx answer has the body {"message": "…"}', async () => {
    const bad = seen.filter((a) => a.status >= 400 && !(a.json && typeof a.json === 'object' && typeof a.json.message === 'string' && a.json.message.length));
    expect(bad.length === 0, 'a JSON {"message"} on each', () => `${bad.length} without: ${bad.slice(0, 3).map((a) => `${a.label} → ${said(a)}`).join('; ')}`);
    return `${seen.filter((a) => a.status >= 400).length} error answers`;
  });

  const failed = results.filter((r) => r.status === 'FAIL').length;
  return { results, failed };
}

async function main() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'office-hook': { type: 'string' },
      origin: { type: 'string', default: 'https://doorstep.example' },
      token: { type: 'string' },
      category: { type: 'string' },
    },
  });
  if (!values['base-url']) {
    console.error('usage: node tests/conformance/run.mjs --base-url URL [--office-hook URL] [--origin URL] [--token T] [--category ID]');
    process.exit(2);
  }
  console.log(`Doorstep REST contract (docs/openapi.yaml): conformance of ${values['base-url']}${values['office-hook'] ? ` (office hook ${values['office-hook']})` : ''}`);
  const started = Date.now();
  const { results, failed } = await runConformance({
    baseUrl: values['base-url'],
    officeHook: values['office-hook'] ?? null,
    origin: values.origin,
    token: values.token ?? null,
    category: values.category ?? null,
    log: (line) => console.log(line),
  });
  const count = (s) => results.filter((r) => r.status === s).length;
  console.log(`\nchecked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${count('PASS')} passed, ${failed} failed, ${count('SKIP')} skipped`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
