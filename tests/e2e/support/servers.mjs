// Real backend processes on 127.0.0.1 for the end-to-end tests, started and stopped by them:
// json-server on a copy of the starter db.json, the Open311 test server, and the fault proxy.
import { spawn } from 'node:child_process';
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

/** json-server 0.17 on a fresh copy of examples/json-server/db.json, or on `data` when given. */
export async function startJsonServer({ data } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-db-'));
  const db = path.join(dir, 'db.json');
  if (data) await writeFile(db, JSON.stringify(data));
  else await copyFile(path.join(ROOT, 'examples/json-server/db.json'), db);
  const port = await freePort();
  return waitForJsonServer(path.join(ROOT, 'node_modules/.bin/json-server'), port, db);
}

async function waitForJsonServer(bin, port, db) {
  // json-server prints little: wait until it answers instead.
  // With the middleware that makes it honour Idempotency-Key, as the contract requires.
  // And the photo upload endpoint (after it, so a retried upload is kept once).
  const middlewares = [
    path.join(ROOT, 'examples/json-server/idempotency.cjs'),
    path.join(ROOT, 'examples/json-server/office.cjs'),
    path.join(ROOT, 'tests/servers/photos.cjs'),
  ];
  // (--middlewares takes every argument after it: it goes last.)
  const args = [db, '--host', '127.0.0.1', '--port', String(port), '--quiet', '--middlewares', ...middlewares];
  const child = spawn(bin, args, { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/categories`).then((r) => r.ok, () => false);
    if (ok) return { url, child, stop: () => stop(child) };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(child);
  throw new Error('json-server did not start');
}

/** The Open311 GeoReport v2 test server; `idFormat` shapes its ids (`{n}` is the number). */
export function startOpen311({ apiKey = 'test-key', tokens = false, idFormat } = {}) {
  const args = ['tests/servers/open311.mjs', '--api-key', apiKey];
  if (tokens) args.push('--tokens');
  if (idFormat) args.push('--id-format', idFormat);
  return startProcess(process.execPath, args, listening);
}

/** The fault proxy in front of `upstream`; `fault(spec)` spoils matching requests. */
export async function startFaultProxy(upstream) {
  const proxy = await startProcess(process.execPath, ['tests/servers/fault-proxy.mjs', '--upstream', upstream], listening);
  proxy.fault = (spec) => fetch(`${proxy.url}/_fault`, { method: 'POST', body: JSON.stringify(spec) }).then((r) => r.json());
  proxy.clear = () => fetch(`${proxy.url}/_fault`, { method: 'DELETE' }).then((r) => r.json());
  proxy.seen = () => fetch(`${proxy.url}/_seen`).then((r) => r.json());
  return proxy;
}

/** A port nothing listens on: a backend that is down. */
export const deadPort = freePort;
