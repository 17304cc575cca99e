// The reference backend of Doorstep's REST contract (docs/openapi.yaml, version 2), as
// json-server 0.17 middlewares: json-server keeps the data (db.json, through its lowdb), and
// this file answers every call the contract defines, itself. json-server's own routes (its
// `GET /requests` listing every contact, `PUT`, `DELETE`, `PATCH` of any field, `/db`, nested
// routes, `X-HTTP-Method-Override`) are never reached: anything this file does not know is a 404.
//
//   npx json-server examples/json-server/db.json --port 3000 \
//     --middlewares examples/json-server/contract.cjs tests/servers/photos.cjs
//
// tests/servers/photos.cjs keeps the photos (after this file has checked them); it goes last.
// For tests, examples/json-server/office-hooks.cjs goes first: it lets a test play the office.
// Request bodies are checked against the document's own schemas (scripts/openapi-schemas.cjs),
// so the contract and its reference cannot drift apart. It does what version 1's idempotency.cjs
// and office.cjs did (keys honoured, the office's own clock, Date and Retry-After exposed).
//
// Settings (environment): DOORSTEP_ALLOWED_ORIGINS, a comma-separated list of origins allowed
// to call it from a browser (default `*`, any).
'use strict';
const { randomBytes, randomInt, createHash, timingSafeEqual } = require('node:crypto');
const path = require('node:path');
const { loadContract } = require(path.join(__dirname, '..', '..', 'scripts', 'openapi-schemas.cjs'));

const contract = loadContract();

const MAX_PHOTO_BYTES = 400_000;
// A multipart body holding a 400,000-byte photo is a little larger; anything much larger is
// refused before it is read.
const MAX_UPLOAD_BODY = MAX_PHOTO_BYTES + 64 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const WRONG_TRIES = 10;
const TRIES_WINDOW_MS = 3600_000;
const KEYS_KEPT_MS = 24 * 3600_000;
const GENERAL_HOURS = 168;
const MAX_RESIDENT_PHOTOS = 4;
const OPEN = new Set(['received', 'dispatched', 'in_progress', 'reopened']);
const STATUSES = new Set([...OPEN, 'resolved', 'closed']);
const STEPS = new Set(['received', 'dispatched', 'in_progress', 'resolved', 'rated', 'reopened']);
const OFFICE_STEPS = new Set(['received', 'dispatched', 'in_progress', 'resolved']);
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const KEY = /^"([!#-[\]-~]{1,255})"$/;

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Idempotency-Key, Authorization, Read-Key, If-Match';
const EXPOSE_HEADERS = 'Date, Retry-After, ETag';
const ORIGINS = (process.env.DOORSTEP_ALLOWED_ORIGINS ?? '*').split(',').map((o) => o.trim()).filter(Boolean);

/** Shared with office-hooks.cjs (tests only): whether it is loaded, the call to hold next, and
 * the releases of the calls held now. */
const testing = { enabled: false, hold: null, held: [] };

// ---------------------------------------------------------------------------------------------
// json-server answers preflights itself with its own CORS (any method, any header, credentials),
// and serves the files of ./public (here: the app's sources) before any middleware: when it runs
// as its command line, its defaults are asked for after the middlewares are loaded, so they are
// asked for here without CORS and without static files, and this file sends the contract's CORS.
(function ownCors() {
  try {
    if (!/json-server/.test(require.main?.filename ?? '')) return;
    const server = require.main.require('../server');
    if (typeof server?.defaults === 'function' && !server.defaults.doorstep) {
      const defaults = server.defaults;
      const nothing = path.join(__dirname, 'no-static-files-here');
      server.defaults = Object.assign((opts) => defaults({ ...opts, noCors: true, static: nothing }), { doorstep: true });
    }
  } catch {
    // Not json-server's command line: the first call takes its CORS layer out (below).
  }
})();

function cors(req, res) {
  const origin = req.get('Origin');
  res.removeHeader('Access-Control-Allow-Credentials');
  if (ORIGINS.includes('*')) res.set('Access-Control-Allow-Origin', '*');
  else {
    res.vary('Origin');
    if (origin && ORIGINS.includes(origin)) res.set('Access-Control-Allow-Origin', origin);
    else res.removeHeader('Access-Control-Allow-Origin');
  }
  res.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
}

let tamed = false;
/** Once: json-server's CORS layer out (when the patch above could not be made), and no
 * Express-made weak ETags (the contract's ETag is a private view's version). */
function tameJsonServer(req) {
  if (tamed) return;
  tamed = true;
  req.app?.set?.('etag', false);
  req.app?.disable?.('x-powered-by');
  const stack = req.app?._router?.stack;
  if (!Array.isArray(stack)) return;
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]?.handle?.name === 'corsMiddleware') stack.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// Answers.

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.status(status).set(headers).type('application/json').send(text);
  return text;
}

function fail(res, status, message, code, headers = {}) {
  return send(res, status, code ? { message, code } : { message }, headers);
}

const FORBIDDEN = 'The number and the key or phone digits do not match.';

// ---------------------------------------------------------------------------------------------
// The data, in json-server's lowdb.

function table(req, name) {
  const db = req.app.db;
  if (!db.has(name).value()) db.set(name, []).write();
  return db.get(name);
}
const findRecord = (req, id) => table(req, 'requests').find((r) => String(r.id) === id).value();
const save = (req) => req.app.db.write();

function newId(req) {
  for (;;) {
    let id = 'R-';
    for (let i = 0; i < 12; i++) id += BASE32[randomInt(32)];
    if (!findRecord(req, id)) return id;
  }
}

const newReadKey = () => randomBytes(16).toString('base64url');

function category(req, id) {
  return table(req, 'categories').find((c) => String(c.id) === String(id)).value();
}

const hoursOf = (c) => (Number.isInteger(c?.feedback_hours) && c.feedback_hours >= 1 && c.feedback_hours <= 8784 ? c.feedback_hours : null);

// ---------------------------------------------------------------------------------------------
// The two views. Both are written member by member: nothing reaches an answer by accident.

const orNull = (v) => (v === undefined ? null : v);

function timelineOf(r) {
  const steps = Array.isArray(r.timeline) ? r.timeline.filter((s) => s && STEPS.has(s.step) && typeof s.at === 'string') : [];
  return steps.length ? steps : [{ step: 'received', at: r.requested_at }];
}

function publicStep(s) {
  const out = { step: s.step, at: s.at };
  if (OFFICE_STEPS.has(s.step) && typeof s.note === 'string') out.note = s.note;
  if (s.step === 'rated') {
    if (typeof s.solved === 'boolean') out.solved = s.solved;
    if (typeof s.satisfaction === 'string') out.satisfaction = s.satisfaction;
  }
  return out;
}

const supportersOf = (r) => (Number.isInteger(r.supporters) && r.supporters >= 1 ? r.supporters : 1);

function publicView(r) {
  return {
    id: String(r.id),
    view: 'public',
    status: r.status,
    status_notes: orNull(r.status_notes),
    category: String(r.category),
    category_name: orNull(r.category_name),
    community: orNull(r.community),
    building: orNull(r.building),
    requested_at: r.requested_at,
    updated_at: r.updated_at ?? r.requested_at,
    expected_at: orNull(r.expected_at),
    agency_responsible: orNull(r.agency_responsible),
    timeline: timelineOf(r).map(publicStep),
    supporters: supportersOf(r),
  };
}

function privateView(r) {
  return {
    id: String(r.id),
    view: 'private',
    version: Number.isInteger(r.version) && r.version >= 1 ? r.version : 1,
    status: r.status,
    status_notes: orNull(r.status_notes),
    category: String(r.category),
    category_name: orNull(r.category_name),
    description: r.description,
    address: r.address ?? '',
    community: orNull(r.community),
    building: orNull(r.building),
    unit: orNull(r.unit),
    lat: orNull(r.lat),
    long: orNull(r.long),
    accuracy_m: orNull(r.accuracy_m),
    contact: r.contact,
    filed_by: orNull(r.filed_by),
    private: r.private === true,
    answers: r.answers && typeof r.answers === 'object' ? r.answers : {},
    requested_at: r.requested_at,
    updated_at: r.updated_at ?? r.requested_at,
    expected_at: orNull(r.expected_at),
    agency_responsible: orNull(r.agency_responsible),
    timeline: timelineOf(r),
    rating: orNull(r.rating),
    notice: orNull(r.notice),
    photos: Array.isArray(r.photos) ? r.photos : [],
    supporters: supportersOf(r),
  };
}

// Only the phone that filed a request gets its idempotency key back (with the read key): whoever
// holds the key gets the read key from POST /requests/lookup, so the private view never has it.
const filedView = (r) => ({ ...privateView(r), idempotency_key: r.idempotency_key, read_key: r.read_key });
const etag = (r) => ({ ETag: `"${privateView(r).version}"`, 'Cache-Control': 'no-store' });

// ---------------------------------------------------------------------------------------------
// Proofs: read keys and phone digits, compared in constant time, and the wrong tries counted.

const digestOf = (text) => createHash('sha256').update(String(text), 'utf8').digest();
const same = (a, b) => typeof a === 'string' && typeof b === 'string' && timingSafeEqual(digestOf(a), digestOf(b));
const keyMatches = (r, key) => typeof r.read_key === 'string' && same(r.read_key, key);
const phoneMatches = (r, last4) => {
  const digits = String(r.contact?.phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 && same(digits.slice(-4), last4);
};

const wrongTries = new Map(); // request id → times of wrong tries within the last hour
function triesOf(id, now = Date.now()) {
  const list = (wrongTries.get(id) ?? []).filter((t) => now - t < TRIES_WINDOW_MS);
  wrongTries.set(id, list);
  return list;
}

// ---------------------------------------------------------------------------------------------
// Idempotency: one entry per method, path and key; its body's digest and its first 2xx answer.

const keys = new Map();

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const bodyDigest = (value) => createHash('sha256').update(canonical(value), 'utf8').digest('hex');

/** The Idempotency-Key header: `{key}`, `{missing: true}` or `{malformed: true}`. */
function idempotencyKey(req) {
  const header = req.get('Idempotency-Key');
  if (header === undefined) return { missing: true };
  const m = KEY.exec(header.trim());
  return m ? { key: m[1] } : { malformed: true };
}

/**
 * The key's rules for this call: answers 422, 409 or the replay itself and returns null; or
 * returns the new entry, to be given to `finish` with the call's answer.
 */
function claim(req, res, key, digest) {
  const now = Date.now();
  for (const [k, e] of keys) if (e.answer && now - e.at > KEYS_KEPT_MS) keys.delete(k);
  const scope = `${req.method} ${req.path} ${key}`;
  const known = keys.get(scope);
  if (known) {
    if (known.digest !== digest) {
      fail(res, 422, 'This Idempotency-Key was used with a different request.', 'idempotency_key_reused');
    } else if (!known.answer) {
      fail(res, 409, 'The same request is still being processed. Try again in a moment.', 'in_flight', { 'Retry-After': '1' });
    } else {
      res.status(known.answer.status).set(known.answer.headers).set('Idempotent-Replayed', 'true').type(known.answer.type).send(known.answer.body);
    }
    return null;
  }
  const entry = { scope, digest, answer: null, at: now };
  keys.set(scope, entry);
  req.doorstepKey = entry;
  return entry;
}

/** Sends the answer of a keyed call, remembering it when it succeeded. */
function finish(entry, res, status, body, headers = {}) {
  const text = send(res, status, body, headers);
  remember(entry, status, text, 'application/json', headers);
}

function remember(entry, status, text, type, headers = {}) {
  if (!entry) return;
  if (status >= 200 && status < 300) entry.answer = { status, body: text, type, headers };
  else keys.delete(entry.scope);
}

/** Waits, when a test holds the next call like this one (office-hooks.cjs), until it is released
 * (at most `ms`): a second call with the same key then finds this one in flight. */
async function held(req) {
  const h = testing.hold;
  if (!h || h.method !== req.method || h.path !== req.path) return;
  testing.hold = null;
  await new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      testing.held = testing.held.filter((r) => r !== release);
      resolve();
    };
    const timer = setTimeout(release, h.ms);
    testing.held.push(release);
  });
}

// ---------------------------------------------------------------------------------------------
// Bodies.

function readRaw(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
      if (size > limit * 50) req.destroy();
    });
    req.on('end', () => resolve({ over, body: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ over: true, body: Buffer.alloc(0) }));
    req.on('close', () => resolve({ over: true, body: Buffer.alloc(0) }));
  });
}

const hasBody = (req) => Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;

/** The JSON object of the call's body, or null once an error has been answered. */
async function jsonBody(req, res, { mergePatch = false } = {}) {
  let value;
  if (req._body) value = req.body;
  else if (mergePatch && req.is('application/merge-patch+json')) {
    const { over, body } = await readRaw(req, 1_000_000);
    if (over) return fail(res, 413, 'The body is too large.', 'too_large') && null;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return fail(res, 400, 'The body is not valid JSON.', 'invalid') && null;
    }
  } else if (hasBody(req) || req.get('content-type')) {
    return fail(res, 415, 'Send JSON, with Content-Type: application/json.', 'unsupported_media_type') && null;
  } else return fail(res, 400, 'This call needs a JSON body.', 'invalid') && null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fail(res, 400, 'The body must be a JSON object.', 'invalid') && null;
  }
  return value;
}

function unfit(schema, value) {
  const problems = contract.validate(schema, value);
  return problems.length ? `The request does not fit the contract: ${problems[0]}.` : null;
}

/** If-Match against the record's version: true when the call may go on. */
function matches(req, r) {
  const header = req.get('If-Match');
  if (header === undefined) return true;
  if (header.trim() === '*') return true;
  const version = privateView(r).version;
  return header.split(',').some((t) => t.trim() === `"${version}"`);
}

/** The office's clock, as a date-time. */
const now = () => new Date();

// ---------------------------------------------------------------------------------------------
// The calls.

const categoryView = (c) => {
  const out = { id: String(c.id), name: String(c.name) };
  for (const k of ['hint', 'group']) if (typeof c[k] === 'string') out[k] = c[k];
  if (hoursOf(c)) out.feedback_hours = c.feedback_hours;
  return out;
};

function listCategories(req, res) {
  send(res, 200, table(req, 'categories').value().map(categoryView));
}

function getCategory(req, res, id) {
  const c = category(req, id);
  if (!c) return fail(res, 404, 'No such category.', 'not_found');
  send(res, 200, categoryView(c));
}

function listPlaces(req, res) {
  const places = req.app.db.get('places').value();
  if (!Array.isArray(places)) return fail(res, 404, 'This office keeps no list of places.', 'not_found');
  send(
    res,
    200,
    places.map((p) => ({ name: String(p.name), buildings: (p.buildings ?? []).map(String), units: (p.units ?? []).map(String) })),
  );
}

const FILTERS = ['category', 'community', 'building'];

function searchRequests(req, res) {
  const q = req.query ?? {};
  for (const [k, v] of Object.entries(q)) {
    if (![...FILTERS, 'status'].includes(k)) {
      const why = k === 'idempotency_key' ? ' (look a key up with POST /requests/lookup: keys never go in URLs)' : '';
      return fail(res, 400, `Unknown filter "${k}"${why}.`, 'invalid');
    }
    if (typeof v !== 'string') return fail(res, 400, `Give "${k}" once.`, 'invalid');
  }
  if (!FILTERS.some((f) => q[f])) return fail(res, 400, 'Say which requests: category, community or building.', 'no_filter');
  if (q.status !== undefined && q.status !== 'open' && !STATUSES.has(q.status)) {
    return fail(res, 400, 'status is "open" or one status.', 'invalid');
  }
  const found = table(req, 'requests')
    .value()
    .filter((r) => r.private !== true)
    .filter((r) => FILTERS.every((f) => !q[f] || String(r[f] ?? '') === q[f]))
    .filter((r) => !q.status || (q.status === 'open' ? OPEN.has(r.status) : r.status === q.status))
    .sort((a, b) => String(b.requested_at).localeCompare(String(a.requested_at)))
    .slice(0, 100);
  send(res, 200, found.map(publicView));
}

async function fileRequest(req, res) {
  const k = idempotencyKey(req);
  if (!k.key) return fail(res, 400, 'Idempotency-Key is required and must be a quoted string.', 'idempotency_key');
  const body = await jsonBody(req, res);
  if (!body) return;
  const entry = claim(req, res, k.key, bodyDigest(body));
  if (!entry) return;
  await held(req);
  const problem = unfit('NewRequest', body);
  if (problem) return finish(entry, res, 400, { message: problem, code: 'invalid' });
  if (body.idempotency_key !== undefined && body.idempotency_key !== k.key) {
    return finish(entry, res, 400, { message: 'idempotency_key in the body differs from the Idempotency-Key header.', code: 'invalid' });
  }
  const c = category(req, body.category);
  if (!c) return finish(entry, res, 400, { message: `The office has no category "${body.category}".`, code: 'invalid' });
  const at = now();
  const stamp = at.toISOString();
  let hours = hoursOf(c);
  if (!hours) {
    const hinted = Date.parse(body.requested_at);
    const due = Date.parse(body.expected_at);
    hours = !Number.isNaN(hinted) && !Number.isNaN(due) && due >= hinted ? (due - hinted) / 3600_000 : GENERAL_HOURS;
  }
  const record = {
    id: newId(req),
    idempotency_key: k.key,
    read_key: newReadKey(),
    version: 1,
    status: 'received',
    status_notes: null,
    category: String(c.id),
    category_name: String(c.name),
    description: body.description,
    address: body.address,
    contact: { name: body.contact.name, phone: body.contact.phone },
    private: body.private === true,
    answers: body.answers ?? {},
    requested_at: stamp,
    updated_at: stamp,
    expected_at: new Date(at.getTime() + hours * 3600_000).toISOString(),
    agency_responsible: null,
    timeline: [{ step: 'received', at: stamp }],
    rating: null,
    photos: (body.photos ?? []).map((p) => ({ url: p.url, by: 'resident' })),
    supporters: 1,
  };
  for (const f of ['community', 'building', 'unit', 'lat', 'long', 'accuracy_m']) if (body[f] !== undefined) record[f] = body[f];
  if (body.filed_by) {
    const { name, phone, team, consent } = body.filed_by;
    record.filed_by = { name, phone, consent, ...(team !== undefined ? { team } : {}) };
  }
  table(req, 'requests').push(record).write();
  finish(entry, res, 201, filedView(record), etag(record));
}

async function readMany(req, res) {
  const body = await jsonBody(req, res);
  if (!body) return;
  const problem = unfit('ReadMany', body);
  if (problem) return fail(res, 400, problem, 'invalid');
  const seen = new Set();
  const out = [];
  for (const item of body.requests) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const r = findRecord(req, item.id);
    if (!r) continue;
    out.push(item.read_key !== undefined && keyMatches(r, item.read_key) ? privateView(r) : publicView(r));
  }
  send(res, 200, out, { 'Cache-Control': 'no-store' });
}

async function lookUp(req, res) {
  const body = await jsonBody(req, res);
  if (!body) return;
  const problem = unfit('LookupByKey', body);
  if (problem) return fail(res, 400, problem, 'invalid');
  const found = table(req, 'requests').value().filter((r) => r.idempotency_key === body.idempotency_key && typeof r.read_key === 'string');
  send(res, 200, found.slice(0, 1).map(filedView), { 'Cache-Control': 'no-store' });
}

function getRequest(req, res, id) {
  const r = findRecord(req, id);
  if (!r) return fail(res, 404, 'No request has this number.', 'not_found');
  send(res, 200, publicView(r));
}

async function readOne(req, res, id) {
  const r = findRecord(req, id);
  if (!r) return fail(res, 404, 'No request has this number.', 'not_found');
  const body = await jsonBody(req, res);
  if (!body) return;
  const problem = unfit('ReadProof', body);
  if (problem) return fail(res, 400, 'Send either read_key or phone_last4 (four digits).', 'invalid');
  const at = Date.now();
  const tries = triesOf(r.id, at);
  if (tries.length >= WRONG_TRIES) {
    const wait = Math.max(1, Math.ceil((tries[0] + TRIES_WINDOW_MS - at) / 1000));
    return fail(res, 429, 'Too many wrong tries for this number. Try again later.', 'rate_limited', { 'Retry-After': String(wait) });
  }
  const right = body.read_key !== undefined ? keyMatches(r, body.read_key) : phoneMatches(r, body.phone_last4);
  if (!right) {
    tries.push(at);
    return fail(res, 403, FORBIDDEN, 'forbidden');
  }
  send(res, 200, privateView(r), etag(r));
}

/** Rating and reopening: the office's workflow, carried out by the server. */
async function change(req, res, id, kind) {
  const r = findRecord(req, id);
  if (!r) return fail(res, 404, 'No request has this number.', 'not_found');
  const k = idempotencyKey(req);
  if (!k.key) return fail(res, 400, 'Idempotency-Key is required and must be a quoted string.', 'idempotency_key');
  if (!keyMatches(r, req.get('Read-Key'))) return fail(res, 403, FORBIDDEN, 'forbidden');
  const body = await jsonBody(req, res);
  if (!body) return;
  const entry = claim(req, res, k.key, bodyDigest(body));
  if (!entry) return;
  await held(req);
  const problem = unfit(kind === 'rating' ? 'RatingChange' : 'ReopenChange', body);
  if (problem) return finish(entry, res, 400, { message: problem, code: 'invalid' });
  if (!matches(req, r)) return finish(entry, res, 412, { message: 'The request has changed since you read it.', code: 'stale' });
  const at = now().toISOString();
  if (kind === 'rating') {
    if (r.status !== 'resolved') {
      return finish(entry, res, 409, { message: 'A request can be rated once the office has resolved it, and once.', code: 'wrong_state' });
    }
    const rating = { solved: body.solved, satisfaction: body.satisfaction };
    if (body.comment !== undefined) rating.comment = body.comment;
    const step = { step: 'rated', at, solved: body.solved, satisfaction: body.satisfaction };
    if (body.comment !== undefined) step.note = body.comment;
    Object.assign(r, { rating, status: 'closed', updated_at: at, timeline: [...timelineOf(r), step] });
  } else {
    const unhappy = r.rating && (r.rating.solved === false || r.rating.satisfaction === 'dissatisfied');
    if (r.status !== 'closed' || !unhappy) {
      return finish(entry, res, 409, { message: 'A request can be sent back once it is rated unsolved or dissatisfied.', code: 'wrong_state' });
    }
    const hours = hoursOf(category(req, r.category)) ?? GENERAL_HOURS;
    Object.assign(r, {
      status: 'reopened',
      status_notes: null,
      updated_at: at,
      expected_at: new Date(Date.parse(at) + hours * 3600_000).toISOString(),
      timeline: [...timelineOf(r), { step: 'reopened', at, note: body.reason }],
    });
  }
  r.version = privateView(r).version + 1;
  save(req);
  finish(entry, res, 200, privateView(r), etag(r));
}

async function changePhotos(req, res, id) {
  const r = findRecord(req, id);
  if (!r) return fail(res, 404, 'No request has this number.', 'not_found');
  if (!keyMatches(r, req.get('Read-Key'))) return fail(res, 403, FORBIDDEN, 'forbidden');
  const body = await jsonBody(req, res, { mergePatch: true });
  if (!body) return;
  const others = Object.keys(body).filter((k) => k !== 'photos');
  if (others.length) {
    return fail(res, 422, `Only photos can be changed here: ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} the office's.`, 'read_only');
  }
  const problem = unfit('PhotosChange', body);
  if (problem) return fail(res, 400, problem, 'invalid');
  const theirs = body.photos.filter((p) => (p.by ?? 'resident') === 'resident').map((p) => ({ url: p.url, by: 'resident' }));
  if (theirs.length > MAX_RESIDENT_PHOTOS) return fail(res, 400, `A request takes at most ${MAX_RESIDENT_PHOTOS} of the resident's photos.`, 'invalid');
  if (!matches(req, r)) return fail(res, 412, 'The request has changed since you read it.', 'stale');
  if (!OPEN.has(r.status)) return fail(res, 409, 'Photos can be added while the request is open.', 'wrong_state');
  const office = (Array.isArray(r.photos) ? r.photos : []).filter((p) => p?.by === 'office');
  const photos = [...theirs, ...office];
  if (canonical(photos) !== canonical(Array.isArray(r.photos) ? r.photos : [])) {
    Object.assign(r, { photos, updated_at: now().toISOString(), version: privateView(r).version + 1 });
    save(req);
  }
  send(res, 200, privateView(r), etag(r));
}

// ---------------------------------------------------------------------------------------------
// Web Push subscriptions (the contract's "Messages when a request changes"). Kept in the table
// `push_subscriptions`: {id, endpoint, keys, follows: [request ids]}. This reference keeps them
// and answers the calls; it sends no messages (no push service is reachable from a test machine):
// an office sends them with a Web Push library when a followed request's status changes
// (docs/deploy.md).

async function subscribe(req, res) {
  const body = await jsonBody(req, res);
  if (!body) return;
  const problem = unfit('PushSubscription', body);
  if (problem) return fail(res, 400, problem, 'invalid');
  const follows = [...new Set(body.requests.filter((item) => {
    const r = findRecord(req, item.id);
    return r && item.read_key !== undefined && keyMatches(r, item.read_key);
  }).map((item) => item.id))];
  const subscriptions = table(req, 'push_subscriptions');
  let kept = subscriptions.find((s) => s.endpoint === body.endpoint).value();
  if (kept) {
    kept.keys = body.keys;
    kept.follows = follows;
  } else {
    kept = { id: `P-${randomBytes(10).toString('base64url')}`, endpoint: body.endpoint, keys: body.keys, follows };
    subscriptions.push(kept).value();
  }
  save(req);
  send(res, 201, { id: kept.id, followed: follows.length }, { 'Cache-Control': 'no-store' });
}

function unsubscribe(req, res, id) {
  table(req, 'push_subscriptions').remove((s) => s.id === id).value();
  save(req);
  res.status(204).end();
}

// ---------------------------------------------------------------------------------------------
// Photos: checked here, kept by the next middleware (tests/servers/photos.cjs), which gets the
// body already read as `req.rawBody`.

/** The named part of a multipart body: its Content-Type (lower case, no parameters) and bytes. */
function multipartPart(body, boundary, name) {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const chunk = body.subarray(start + 2, next - 2); // after the CRLF, before the CRLF
    const split = chunk.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = chunk.subarray(0, split).toString('latin1');
      const disposition = /^content-disposition:(.*)$/im.exec(head)?.[1] ?? '';
      const partName = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /(?:^|;)\s*name=([^;\s]+)/i.exec(disposition)?.[1];
      if (partName === name) {
        const type = (/^content-type:\s*([^;\r\n]+)/im.exec(head)?.[1] ?? 'application/octet-stream').trim().toLowerCase();
        return { type, bytes: chunk.subarray(split + 4) };
      }
    }
    at = next;
  }
  return null;
}

async function uploadPhoto(req, res, next) {
  const k = idempotencyKey(req);
  if (k.malformed) return fail(res, 400, 'Idempotency-Key must be a quoted string.', 'idempotency_key');
  const boundary = /^multipart\/form-data\b.*?;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.get('content-type') ?? '');
  if (!boundary) return fail(res, 415, 'Send the photo as multipart/form-data, in the part "photo".', 'unsupported_media_type');
  const tooLarge = () => fail(res, 413, `A photo may be at most ${MAX_PHOTO_BYTES.toLocaleString('en')} bytes.`, 'too_large');
  if (Number(req.get('content-length') ?? 0) > MAX_UPLOAD_BODY * 4) return tooLarge();
  const { over, body } = await readRaw(req, MAX_UPLOAD_BODY);
  if (over) return tooLarge();
  const photo = multipartPart(body, boundary[1] ?? boundary[2], 'photo');
  if (!photo) return fail(res, 400, 'No photo in the part "photo".', 'invalid');
  if (photo.bytes.length > MAX_PHOTO_BYTES) return tooLarge();
  if (!PHOTO_TYPES.has(photo.type)) return fail(res, 415, 'Only JPEG, PNG and WebP photos are taken.', 'unsupported_media_type');
  let entry = null;
  if (k.key) {
    const digest = createHash('sha256').update(photo.type).update('\0').update(photo.bytes).digest('hex');
    entry = claim(req, res, k.key, digest);
    if (!entry) return;
  }
  await held(req);
  req.rawBody = body;
  // What the keeper answers is remembered for the key.
  const sendOriginal = res.send.bind(res);
  res.send = (payload) => {
    res.send = sendOriginal;
    if (entry) remember(entry, res.statusCode, payload, res.get('Content-Type') ?? 'application/json');
    return sendOriginal(payload);
  };
  next();
}

// ---------------------------------------------------------------------------------------------
// The routes. Ids in paths are percent-decoded; a path that does not decode is unknown.

const ROUTES = [
  ['/categories', { GET: listCategories }],
  [/^\/categories\/([^/]+)$/, { GET: getCategory }],
  ['/places', { GET: listPlaces }],
  ['/requests', { GET: searchRequests, POST: fileRequest }],
  ['/requests/read', { POST: readMany }],
  ['/requests/lookup', { POST: lookUp }],
  [/^\/requests\/([^/]+)$/, { GET: getRequest, PATCH: changePhotos }],
  [/^\/requests\/([^/]+)\/read$/, { POST: readOne }],
  [/^\/requests\/([^/]+)\/rating$/, { POST: (req, res, id) => change(req, res, id, 'rating') }],
  [/^\/requests\/([^/]+)\/reopen$/, { POST: (req, res, id) => change(req, res, id, 'reopen') }],
  ['/push-subscriptions', { POST: subscribe }],
  [/^\/push-subscriptions\/([^/]+)$/, { DELETE: unsubscribe }],
];

function route(p) {
  for (const [pattern, methods] of ROUTES) {
    if (typeof pattern === 'string') {
      if (pattern === p) return { methods, args: [] };
      continue;
    }
    const m = pattern.exec(p);
    if (!m) continue;
    try {
      return { methods, args: m.slice(1).map(decodeURIComponent) };
    } catch {
      return null;
    }
  }
  return null;
}

async function contractMiddleware(req, res, next) {
  tameJsonServer(req);
  cors(req, res);
  if (req.method === 'OPTIONS') {
    res.set({ 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, 'Access-Control-Max-Age': '600' });
    return res.status(204).end();
  }
  const p = req.path;
  try {
    if (p === '/photos') {
      if (req.method === 'POST') return await uploadPhoto(req, res, next);
      return fail(res, 405, 'Photos are sent with POST.', 'method_not_allowed', { Allow: 'POST, OPTIONS' });
    }
    if (/^\/photos\/[^/]+$/.test(p) && (req.method === 'GET' || req.method === 'HEAD')) return next();
    if (testing.enabled && /^\/_photos(\/|$)/.test(p) && req.method === 'GET') return next();
    const found = route(p);
    if (!found) return fail(res, 404, 'No such address in this API.', 'not_found');
    const handler = found.methods[req.method];
    if (!handler) {
      const allow = [...Object.keys(found.methods), 'OPTIONS'].join(', ');
      return fail(res, 405, `This address takes ${allow}.`, 'method_not_allowed', { Allow: allow });
    }
    await handler(req, res, ...found.args);
  } catch (e) {
    // A key claimed by the failed call is left unused.
    if (req.doorstepKey && !req.doorstepKey.answer) keys.delete(req.doorstepKey.scope);
    if (!res.headersSent) fail(res, 500, 'The office\'s server failed. Try again later.', 'server_error');
    console.error(e);
  }
}

/** json-server's body parser fails before any middleware runs: its errors answered as JSON. */
function jsonErrors(err, req, res, next) {
  if (res.headersSent) return next(err);
  cors(req, res);
  if (err?.type === 'entity.parse.failed') return fail(res, 400, 'The body is not valid JSON.', 'invalid');
  if (err?.type === 'entity.too.large') return fail(res, 413, 'The body is too large.', 'too_large');
  if (err?.status >= 400 && err.status < 500) return fail(res, err.status, 'The call could not be read.', 'invalid');
  return fail(res, 500, 'The office\'s server failed. Try again later.', 'server_error');
}

module.exports = [jsonErrors, contractMiddleware];
module.exports.testing = testing;
module.exports.views = { publicView, privateView, filedView };
module.exports.table = table;
module.exports.multipartPart = multipartPart;
