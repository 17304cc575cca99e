#!/usr/bin/env node
// A reverse proxy on 127.0.0.1 that passes everything to a real backend, except the requests a
// test tells it to spoil: dropped connections, a server that never answers, 4xx/5xx, HTML
// instead of JSON, malformed JSON, JSON of the wrong shape, a reset halfway through the body,
// or an answer lost after the backend did the work.
//
//   node tests/servers/fault-proxy.mjs --upstream http://127.0.0.1:PORT [--port 0]
//   POST /_fault {"match": "POST /requests", "mode": "html", "times": 1, "skip": 0}   (DELETE /_fault clears)
//   ("skip": the first n matching requests pass untouched; "match" is a prefix of "METHOD /path",
//   or with "exact": true the method and path themselves; "says": only requests whose body, read as
//   text (and URL-decoded where it is a form), contains these words)
//   GET /_seen   every request passed or spoiled: method, url, idempotency-key header, body
// prints "listening http://127.0.0.1:PORT" when ready.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' } },
});
const upstream = new URL(opts.upstream);
let faults = [];
const seen = [];

const CORS = { 'access-control-allow-origin': '*' };

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Sends the request upstream (to `path`, by default the one asked for) and returns its answer in full. */
function forward(req, body, path = req.url) {
  return new Promise((resolve, reject) => {
    // The address the client used goes along, as reverse proxies say it (links in answers point back here).
    const headers = { ...req.headers, host: upstream.host, 'x-forwarded-host': req.headers.host };
    delete headers['accept-encoding']; // bodies pass through as they are, uncompressed
    const out = http.request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path, headers },
      async (res) => resolve({ status: res.statusCode, headers: res.headers, body: await readBody(res) }),
    );
    out.on('error', reject);
    out.end(body);
  });
}

/** A body as text: a form's fields URL-decoded. */
function bodyText(body) {
  const text = body.toString();
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function reply(res, status, contentType, body) {
  res.writeHead(status, { ...CORS, 'content-type': contentType });
  res.end(body);
}

// Chrome resends a request once by itself when a reused connection closes before any answer,
// so a test that means "down" asks for `drop` more than once.
const SPOILERS = {
  drop: (req, res) => res.socket.destroy(),
  hang: (req, res, f) => setTimeout(() => res.socket.destroy(), (f.seconds ?? 10) * 1000),
  rejected: (req, res) => reply(res, 422, 'application/json', JSON.stringify({ message: '描述中含有不允许的内容' })),
  open311_rejected: (req, res) =>
    reply(res, 400, 'application/json', JSON.stringify([{ code: 403, description: 'Invalid api_key received' }])),
  server_error: (req, res) => reply(res, 503, 'text/html', '<html><body><h1>503 Service Unavailable</h1></body></html>'),
  html: (req, res) => reply(res, 200, 'text/html; charset=utf-8', '<!doctype html><html><body>请先登录 Wi-Fi</body></html>'),
  malformed: (req, res) => reply(res, 200, 'application/json', '{"id": 7, "status": "received", "descr'),
  shape: (req, res) => reply(res, 200, 'application/json', JSON.stringify({ ok: true, data: 'nothing like a request' })),
  reset: (req, res) => {
    res.writeHead(200, { ...CORS, 'content-type': 'application/json', 'content-length': '5000' });
    res.write('{"id": 7, "status": "rec');
    setTimeout(() => res.socket.destroy(), 100);
  },
  // 50 MB of JSON, streamed without a length, as a broken or hostile server might.
  huge: (req, res) => {
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
    const chunk = Buffer.from(`${JSON.stringify({ id: 1, note: 'x'.repeat(1000) })},`.repeat(64));
    let sent = 0;
    res.write('[');
    const more = () => {
      while (sent < 50 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', more);
      }
      res.end('{}]');
    };
    res.on('error', () => {});
    more();
  },
  server_error_500: (req, res) => reply(res, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>'),
  // Unavailable for now, and says when to come back.
  busy: (req, res, f) => {
    res.writeHead(503, { ...CORS, 'content-type': 'text/plain', 'retry-after': String(f.retry_after ?? 2), 'access-control-expose-headers': 'Retry-After' });
    res.end('busy');
  },
  // The backend does the work; the connection then closes before any byte of answer (Chromium
  // re-sends a POST by itself when that happens on a reused connection).
  reset_after: async (req, res, f, body) => {
    await forward(req, body).catch(() => {});
    res.socket.destroy();
  },
  // The backend does the work; the answer then never comes.
  hang_after: async (req, res, f, body) => {
    await forward(req, body).catch(() => {});
    setTimeout(() => res.socket.destroy(), (f.seconds ?? 10) * 1000);
  },
  // The backend does the work; its answer is cut short.
  truncated_after: async (req, res, f, body) => {
    const answer = await forward(req, body).catch(() => null);
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
    res.end(answer ? answer.body.subarray(0, Math.floor(answer.body.length / 2)) : '{"id":');
  },
  // A slow office: the backend does the work, its answer arrives `seconds` later.
  delay: async (req, res, f, body) => {
    const answer = await forward(req, body).catch(() => null);
    setTimeout(() => {
      if (!answer) return res.socket.destroy();
      res.writeHead(answer.status, { ...CORS, 'content-type': answer.headers['content-type'] ?? 'application/json' });
      res.end(answer.body);
    }, (f.seconds ?? 3) * 1000);
  },
  // A server that ignores the query it was given and answers with everything.
  ignore_filter: async (req, res, f, body) => {
    const answer = await forward(req, body, req.url.split('?')[0]);
    res.writeHead(answer.status, { ...CORS, 'content-type': answer.headers['content-type'] ?? 'application/json' });
    res.end(answer.body);
  },
};

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (path === '/_fault') {
    if (req.method === 'POST') faults.push(JSON.parse((await readBody(req)).toString()));
    if (req.method === 'DELETE') faults = [];
    return reply(res, 200, 'application/json', JSON.stringify({ faults }));
  }
  if (path === '/_seen') return reply(res, 200, 'application/json', JSON.stringify(seen));
  const body = await readBody(req);
  if (req.method !== 'OPTIONS') {
    seen.push({ at: Date.now(), method: req.method, url: req.url, key: req.headers['idempotency-key'] ?? null, body: body.toString() });
    Object.defineProperty(seen.at(-1), 'req', { value: req, enumerable: false });
  }
  // A fault matches what begins with its `match` ("POST /requests" spoils "POST /requests/lookup"
  // too), or, with `exact`, that method and path alone.
  const call = `${req.method} ${path}`;
  const says = (f) => f.says === undefined || bodyText(body).includes(f.says);
  let fault = req.method === 'OPTIONS' ? null : faults.find((f) => (f.exact ? call === f.match : call.startsWith(f.match)) && says(f));
  if (fault?.skip > 0) {
    fault.skip -= 1;
    fault = null;
  }
  if (fault) {
    seen.at(-1).fault = fault.mode;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
    if (fault.mode === 'lost_answer') {
      // The backend does the work; the answer breaks off in its first line, so the phone never
      // learns the outcome (and the browser, having had a byte, does not resend on its own).
      await forward(req, body).catch(() => {});
      res.socket.write('HTTP/1.1 201 Cre');
      return res.socket.destroy();
    }
    return SPOILERS[fault.mode](req, res, fault, body);
  }
  try {
    const answer = await forward(req, body);
    const entry = seen.findLast((e) => e.req === req);
    if (entry) entry.status = answer.status;
    const headers = { ...answer.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers['content-encoding'];
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  } catch {
    res.socket.destroy();
  }
});

server.listen(Number(opts.port), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
