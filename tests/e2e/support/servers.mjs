// Real backend processes on 127.0.0.1 for the end-to-end tests, started and stopped by them:
// json-server on a copy of the starter db.json (the REST contract's reference backend, v2), the
// Open311 test server, and the fault proxy.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { ROOT } from './browser.mjs';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `command args`, resolving once `ready(output)` finds its URL. */
function startProcess(command, args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 20_000);
    const look = (chunk) => {
      output += chunk;
      const url = ready(output);
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, stop: () => stop(child) });
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}:\n${output}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const listening = (out) => /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];

/**
 * The REST contract's reference backend (docs/openapi.yaml, version 2): json-server 0.17 with
 * examples/json-server/contract.cjs, on a fresh copy of examples/json-server/db.json, or on `data`
 * when given. json-server's own routes are unreachable: a test reads and plays the office through
 * examples/json-server/office-hooks.cjs, `GET ${url}/_office/requests[/{id}]` (every request as
 * stored: contacts, descriptions, read keys) and `POST ${url}/_office/requests/{id}` (members to
 * set; with `status` and no `timeline`, that status's step is appended).
 */
export async function startJsonServer({ data } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-db-'));
  const db = path.join(dir, 'db.json');
  if (data) await writeFile(db, JSON.stringify(data));
  else await copyFile(path.join(ROOT, 'examples/json-server/db.json'), db);
  const port = await freePort();
  return waitForJsonServer(path.join(ROOT, 'node_modules/.bin/json-server'), port, db);
}

async function waitForJsonServer(bin, port, db) {
  // json-server prints little: wait until it answers instead (`GET /categories` is answered by
  // contract.cjs itself).
  // The office hook first (tests only: it lets a test play the office under /_office), then the
  // contract, then the photo keeper (contract.cjs checks a photo and its Idempotency-Key first).
  const middlewares = [
    path.join(ROOT, 'examples/json-server/office-hooks.cjs'),
    path.join(ROOT, 'examples/json-server/contract.cjs'),
    path.join(ROOT, 'tests/servers/photos.cjs'),
  ];
  // (--middlewares takes every argument after it: it goes last.)
  const args = [db, '--host', '127.0.0.1', '--port', String(port), '--quiet', '--middlewares', ...middlewares];
  const child = spawn(bin, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (c) => (errors = (errors + c).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    const ok = await fetch(`${url}/categories`).then((r) => r.ok, () => false);
    if (ok) return { url, child, stop: () => stop(child) };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(child);
  throw new Error(`json-server did not start:\n${errors}`);
}

/**
 * A careless office in front of the reference backend at `upstream` (a json-server from
 * `startJsonServer`): everything passes through untouched, except that
 *  - after `ignoreLookupKey(n)` the next `n` calls of `POST /requests/lookup` ignore the key they
 *    are given and answer with every request on the server, each as a look-up answers it (the
 *    private view with its read key and idempotency_key);
 *  - after `ignoreReadIds(n)` the next `n` calls of `POST /requests/read` answer for every request
 *    on the server, not only those asked for (each in the view the keys given allow: the others
 *    public).
 * Contract v2's counterpart of the fault proxy's `ignore_filter` on v1's `GET /requests?…`: the key
 * and the ids are now in the body, which the fault proxy does not change.
 */
export function startCarelessOffice(upstream) {
  const to = new URL(upstream);
  const careless = { lookup: 0, read: 0 };
  const everyone = async () => (await (await fetch(`${upstream}/_office/requests`)).json());
  const ask = (p, value) =>
    fetch(`${upstream}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
  /** The careless answer to `pathname`, or null to pass the call through. */
  const carelessly = async (req, pathname, body) => {
    if (req.method !== 'POST') return null;
    if (pathname === '/requests/lookup' && careless.lookup > 0) {
      careless.lookup -= 1;
      const found = [];
      for (const r of await everyone()) {
        if (typeof r.idempotency_key === 'string') found.push(...(await (await ask('/requests/lookup', { idempotency_key: r.idempotency_key })).json()));
      }
      return { status: 200, body: JSON.stringify(found) };
    }
    if (pathname === '/requests/read' && careless.read > 0) {
      careless.read -= 1;
      let asked;
      try {
        asked = JSON.parse(body.toString('utf8')).requests;
      } catch {
        return null;
      }
      if (!Array.isArray(asked)) return null;
      const known = new Set(asked.map((a) => a?.id));
      const others = (await everyone()).map((r) => String(r.id)).filter((id) => !known.has(id)).map((id) => ({ id }));
      const answer = await ask('/requests/read', { requests: [...asked, ...others].slice(0, 100) });
      return { status: answer.status, body: await answer.text() };
    }
    return null;
  };
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    let answer = null;
    try {
      answer = await carelessly(req, pathname, body);
    } catch {
      return res.socket.destroy();
    }
    if (answer) {
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'Date, Retry-After, ETag',
      });
      return res.end(answer.body);
    }
    const out = http.request({ hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.socket.destroy());
    out.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        ignoreLookupKey: (times = 1) => {
          careless.lookup = times;
        },
        ignoreReadIds: (times = 1) => {
          careless.read = times;
        },
        stop: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * `startJsonServer`'s reference backend seen through `startCarelessOffice`: `url` is the careless
 * office's (it passes the office hook under /_office through), with its `ignoreLookupKey` and
 * `ignoreReadIds`.
 */
export async function startCarelessJsonServer(options) {
  const db = await startJsonServer(options);
  const careless = await startCarelessOffice(db.url);
  return {
    ...careless,
    stop: async () => {
      await careless.stop();
      await db.stop();
    },
  };
}

/** The Open311 GeoReport v2 test server; `idFormat` shapes its ids (`{n}` is the number). */
export function startOpen311({ apiKey = 'test-key', tokens = false, idFormat } = {}) {
  const args = ['tests/servers/open311.mjs', '--api-key', apiKey];
  if (tokens) args.push('--tokens');
  if (idFormat) args.push('--id-format', idFormat);
  return startProcess(process.execPath, args, listening);
}

/**
 * The fault proxy in front of `upstream`; `fault(spec)` spoils matching requests (`spec.exact`:
 * that method and path only, not the paths under it).
 */
export async function startFaultProxy(upstream) {
  const proxy = await startProcess(process.execPath, ['tests/servers/fault-proxy.mjs', '--upstream', upstream], listening);
  proxy.fault = (spec) => fetch(`${proxy.url}/_fault`, { method: 'POST', body: JSON.stringify(spec) }).then((r) => r.json());
  proxy.clear = () => fetch(`${proxy.url}/_fault`, { method: 'DELETE' }).then((r) => r.json());
  proxy.seen = () => fetch(`${proxy.url}/_seen`).then((r) => r.json());
  return proxy;
}

/** A port nothing listens on: a backend that is down. */
export const deadPort = freePort;
