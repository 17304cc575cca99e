#!/usr/bin/env node
// An Open311 GeoReport v2 server (JSON), written from the specification for Doorstep's tests:
// services, service definitions, requests filed form-encoded (optionally answered with a token),
// tokens, and requests read one by one or several at once. Numeric ids and codes as the spec's
// examples have them; errors as [{"code", "description"}] with codes that may differ from the HTTP
// status. `/_office/…` lets a test play the street office (change a status), never the app.
//
//   node tests/servers/open311.mjs [--port 0] [--api-key KEY] [--tokens] [--id-format 'R/{n}?x']
// prints "listening http://127.0.0.1:PORT" when ready.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const { part, readAll } = createRequire(import.meta.url)('./photos.cjs');

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'api-key': { type: 'string', default: 'test-key' },
    tokens: { type: 'boolean', default: false },
    'id-format': { type: 'string', default: '{n}' },
  },
});

const SERVICES = [
  {
    service_code: 1,
    service_name: '楼道灯不亮',
    description: '楼道灯、路灯不亮或闪烁',
    metadata: false,
    type: 'realtime',
    keywords: 'light, lamp',
    group: '照明',
  },
  {
    service_code: 'POTHOLE',
    service_name: '道路坑洞',
    description: '路面破损、坑洞、井盖缺失',
    metadata: true,
    type: 'realtime',
    keywords: 'road',
    group: '道路',
  },
];

const DEFINITIONS = {
  POTHOLE: {
    service_code: 'POTHOLE',
    attributes: [
      { variable: false, code: 'WARNING', datatype: 'string', required: false, order: 0, description: '如有人员受伤，请直接拨打 120。' },
      {
        variable: true, code: 'SIZE', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1,
        description: '坑有多大？',
        values: [{ key: 1, name: '小于脸盆' }, { key: 2, name: '像井盖那么大' }, { key: 3, name: '占了半条车道' }],
      },
      { variable: true, code: 'DEPTH', datatype: 'number', required: false, order: 2, description: '大约多深（厘米）？', datatype_description: '填一个数字' },
      { variable: true, code: 'NOTICED', datatype: 'datetime', required: false, order: 3, description: '什么时候发现的？' },
      {
        variable: true, code: 'LANES', datatype: 'multivaluelist', required: false, order: 4, description: '影响哪些通行？',
        values: [{ key: 'car', name: '机动车道' }, { key: 'bike', name: '非机动车道' }, { key: 'walk', name: '人行道' }],
      },
    ],
  },
};

const requests = new Map(); // id -> request
const tokens = new Map(); // token -> { id, polls }
const media = new Map(); // id -> { type, bytes }
let nextId = 638344;
let nextToken = 12345;

function iso(date) {
  // The spec's examples carry an offset; so do these (China Standard Time).
  const t = new Date(date.getTime() + 8 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  return `${t}+08:00`;
}

function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'access-control-allow-origin': '*',
    // A phone learns the office's clock from `Date` (GeoReport has no idempotency key: the phone
    // searches for its earlier sends by when the office received them).
    'access-control-expose-headers': 'Date, Retry-After',
  });
  res.end(text);
}

const error = (res, status, code, description) => send(res, status, [{ code, description }]);

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function createRequest(form) {
  const service = SERVICES.find((s) => String(s.service_code) === form.get('service_code'));
  const attributes = {};
  for (const [k, v] of form) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m) attributes[m[1]] = m[2] ? [...(attributes[m[1]] ?? []), v] : v;
  }
  const now = new Date();
  const n = nextId++;
  // Numeric, as the spec's examples, unless a test asks for awkward ids.
  const id = opts['id-format'] === '{n}' ? n : opts['id-format'].replace('{n}', String(n));
  const lat = form.get('lat');
  const long = form.get('long');
  const request = {
    service_request_id: id,
    status: 'open',
    status_notes: null,
    service_name: service.service_name,
    service_code: service.service_code,
    description: form.get('description') ?? null,
    agency_responsible: null,
    service_notice: '街道将在 7 天内答复。',
    requested_datetime: iso(now),
    updated_datetime: iso(now),
    expected_datetime: iso(new Date(now.getTime() + 7 * 24 * 3600 * 1000)),
    address: form.get('address_string') ?? null,
    address_id: null,
    zipcode: null,
    lat: lat === null ? null : Number(lat),
    long: long === null ? null : Number(long),
    media_url: form.get('media_url') ?? null,
  };
  const contact = { first_name: form.get('first_name'), last_name: form.get('last_name'), phone: form.get('phone') };
  requests.set(String(id), { request, attributes, contact, form: Object.fromEntries(form) });
  return id;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const path = url.pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
    });
    return res.end();
  }
  try {
    // The street office's side, for tests only.
    if (path === '/_office/requests' && req.method === 'GET') {
      return send(res, 200, [...requests.values()]);
    }
    let m = /^\/_office\/requests\/([^/]+)$/.exec(path);
    if (m && req.method === 'POST') {
      const entry = requests.get(m[1]);
      if (!entry) return error(res, 404, 404, 'not found');
      Object.assign(entry.request, JSON.parse(await readBody(req)), { updated_datetime: iso(new Date()) });
      return send(res, 200, entry.request);
    }

    // The tests' hostile office: its services, their definitions and requests replaced as given.
    if (path === '/_office/catalogue' && req.method === 'PUT') {
      const { services = [], definitions = {}, requests: raw = [] } = JSON.parse(await readBody(req));
      SERVICES.splice(0, SERVICES.length, ...services);
      for (const k of Object.keys(DEFINITIONS)) delete DEFINITIONS[k];
      Object.assign(DEFINITIONS, definitions);
      for (const r of raw) requests.set(String(r.service_request_id), { request: r, attributes: {}, contact: {}, form: {} });
      return send(res, 200, { services: SERVICES.length, requests: raw.length });
    }
    if (path === '/services.json' && req.method === 'GET') return send(res, 200, SERVICES);
    m = /^\/services\/([^/]+)\.json$/.exec(path);
    if (m && req.method === 'GET') {
      const def = DEFINITIONS[decodeURIComponent(m[1])];
      return def ? send(res, 200, def) : error(res, 404, 404, 'service_code not found');
    }
    // The deployment's own photo upload service (GeoReport has none): multipart field `media`,
    // answered with {url}; config.json names it as `media_upload_url`.
    if (path === '/media' && req.method === 'POST') {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
      const photo = boundary && part(await readAll(req), boundary[1] ?? boundary[2], 'media');
      if (!photo || !/^image\//.test(photo.type)) return error(res, 400, 400, 'media must be an image in the multipart field "media"');
      const id = String(media.size + 1);
      media.set(id, photo);
      return send(res, 201, { url: `http://${req.headers['x-forwarded-host'] ?? req.headers.host}/media/${id}.jpg` });
    }
    m = /^\/media\/(\d+)\.jpg$/.exec(path);
    if (m && req.method === 'GET' && media.has(m[1])) {
      res.writeHead(200, { 'content-type': media.get(m[1]).type, 'access-control-allow-origin': '*' });
      return res.end(media.get(m[1]).bytes);
    }
    if (path === '/_office/media' && req.method === 'GET') {
      return send(res, 200, [...media].map(([id, p]) => ({ id, bytes: p.bytes.length, type: p.type })));
    }
    m = /^\/_office\/media\/(\d+)$/.exec(path);
    if (m && req.method === 'GET' && media.has(m[1])) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' });
      return res.end(media.get(m[1]).bytes);
    }
    if (path === '/requests.json' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      // An invalid key is reported with the spec's code 403 inside an HTTP 400.
      if (form.get('api_key') !== opts['api-key']) return error(res, 400, 403, 'Invalid api_key received -- can\'t proceed with create_request.');
      const service = SERVICES.find((s) => String(s.service_code) === form.get('service_code'));
      if (!service) return error(res, 404, 404, 'service_code not found');
      if (!form.get('address_string') && !(form.get('lat') && form.get('long'))) {
        return error(res, 400, 400, 'address_string or lat/long is required');
      }
      for (const a of DEFINITIONS[service.service_code]?.attributes ?? []) {
        if (a.variable && a.required && !form.get(`attribute[${a.code}]`) && !form.get(`attribute[${a.code}][]`)) {
          return error(res, 400, 400, `attribute[${a.code}] is required`);
        }
      }
      const id = createRequest(form);
      if (opts.tokens) {
        const token = String(nextToken++);
        tokens.set(token, { id, polls: 0 });
        return send(res, 201, [{ token }]);
      }
      return send(res, 201, [{ service_request_id: id, service_notice: '街道将在 7 天内答复。', account_id: null }]);
    }
    m = /^\/tokens\/([^/]+)\.json$/.exec(path);
    if (m && req.method === 'GET') {
      const t = tokens.get(decodeURIComponent(m[1]));
      if (!t) return error(res, 404, 404, 'token not found');
      // The id arrives on the second look, as with a queue behind the API.
      t.polls += 1;
      return send(res, 200, [{ service_request_id: t.polls >= 2 ? t.id : null, token: Number(m[1]) }]);
    }
    if (path === '/requests.json' && req.method === 'GET') {
      const q = url.searchParams;
      const wanted = q.get('service_request_id');
      if (wanted) return send(res, 200, wanted.split(',').map((id) => requests.get(id.trim())?.request).filter(Boolean));
      // The spec's filters: service_code, start_date, end_date (on requested_datetime), status.
      const from = q.get('start_date') ? Date.parse(q.get('start_date')) : -Infinity;
      const to = q.get('end_date') ? Date.parse(q.get('end_date')) : Infinity;
      const found = [...requests.values()].map((e) => e.request).filter((r) => {
        const at = Date.parse(r.requested_datetime);
        return (!q.get('service_code') || String(r.service_code) === q.get('service_code'))
          && (!q.get('status') || r.status === q.get('status')) && at >= from && at <= to;
      });
      return send(res, 200, found);
    }
    m = /^\/requests\/([^/]+)\.json$/.exec(path);
    if (m && req.method === 'GET') {
      const entry = requests.get(decodeURIComponent(m[1]));
      return entry ? send(res, 200, [entry.request]) : error(res, 404, 404, 'service_request_id not found');
    }
    return error(res, 404, 404, 'no such endpoint');
  } catch (e) {
    return error(res, 500, 500, String(e));
  }
});

server.listen(Number(opts.port), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
