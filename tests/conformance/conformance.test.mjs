// The conformance kit (run.mjs) against the reference backend — json-server 0.17 with
// examples/json-server/contract.cjs and tests/servers/photos.cjs, and office-hooks.cjs so the kit
// can play the office — expecting every check to pass; and against the reference backend broken
// on purpose in one rule at a time (tests/conformance/broken/), expecting the kit to fail each
// with a line that names the broken rule.
//
//   node --test tests/conformance/
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runConformance } from './run.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JSON_SERVER = path.join(ROOT, 'node_modules/.bin/json-server');
const OFFICE_HOOKS = 'examples/json-server/office-hooks.cjs';
const CONTRACT = 'examples/json-server/contract.cjs';
const PHOTOS = 'tests/servers/photos.cjs';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** json-server on a fresh copy of the starter db.json with `middlewares`, answering at its url. */
async function startBackend(middlewares) {
  const dir = await mkdtemp(path.join(tmpdir(), 'doorstep-conformance-'));
  const db = path.join(dir, 'db.json');
  await copyFile(path.join(ROOT, 'examples/json-server/db.json'), db);
  const port = await freePort();
  const args = [db, '--host', '127.0.0.1', '--port', String(port), '--quiet', '--middlewares', ...middlewares.map((m) => path.join(ROOT, m))];
  const child = spawn(JSON_SERVER, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (c) => (errors += c));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/categories`).then((r) => r.ok, () => false)) return { url, hook: `${url}/_office`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`json-server with ${middlewares.join(' ')} did not start:\n${errors}`);
}

// Each broken backend, and the check the kit must fail it on.
const BROKEN = [
  { file: 'leaks-contact.cjs', rule: 'the public view carries the contact', fails: 'public-view-leaks-nothing', says: /contact\.name|contact\.phone/ },
  { file: 'sequential-ids.cjs', rule: 'ids are a counter', fails: 'ids-not-sequential', says: /a counter/ },
  { file: 'patch-anything.cjs', rule: 'a PATCH of status is stored', fails: 'patch-workflow-read-only', says: /PATCH status answered 422/ },
  { file: 'ignores-idempotency-key.cjs', rule: 'Idempotency-Key is ignored', fails: 'idempotency-replay', says: /the same id/ },
  { file: 'hides-retry-after.cjs', rule: 'Retry-After, Date and ETag are not exposed to other origins', fails: 'cors-every-answer', says: /not exposed/ },
];

// A run with the office hook holds calls on its backend (to find a key in flight): that backend is
// its alone, or another run's call could be the one held. Runs without the hook may share one.
const backends = {};
before(async () => {
  const started = await Promise.all([
    startBackend([OFFICE_HOOKS, CONTRACT, PHOTOS]),
    startBackend([OFFICE_HOOKS, CONTRACT, PHOTOS]),
    ...BROKEN.map((b) => startBackend([OFFICE_HOOKS, `tests/conformance/broken/${b.file}`, CONTRACT, PHOTOS])),
  ]);
  [backends.reference, backends.shared] = started;
  BROKEN.forEach((b, i) => (backends[b.file] = started[i + 2]));
});
after(() => Promise.all(Object.values(backends).map((b) => b.stop())));

/** The kit's report on `backend`, its lines kept to be shown. */
async function report(backend, { hook = true } = {}) {
  const lines = [];
  const run = await runConformance({ baseUrl: backend.url, officeHook: hook ? backend.hook : null, log: (l) => lines.push(l) });
  return { ...run, lines, text: lines.join('\n') };
}

describe('the conformance kit', { concurrency: true }, () => {
  test('passes the reference backend on every check, the office hook included', async (t) => {
    const { results, failed, text } = await report(backends.reference);
    for (const line of text.split('\n')) t.diagnostic(line);
    assert.equal(failed, 0, text);
    assert.equal(results.filter((r) => r.status === 'SKIP').length, 0, 'nothing skipped with the office hook');
    assert.ok(results.length >= 40, `${results.length} checks`);
  });

  test('without the office hook, skips only the checks that need to play the office', async () => {
    const { results, failed, text } = await report(backends.shared, { hook: false });
    assert.equal(failed, 0, text);
    const skipped = results.filter((r) => r.status === 'SKIP').map((r) => r.id);
    assert.deepEqual(skipped.sort(), ['idempotency-in-flight', 'office-photos-kept', 'photo-in-flight', 'rating', 'rating-public', 'reopen', 'reopen-after-satisfied']);
    for (const r of results.filter((x) => x.status === 'SKIP')) assert.match(r.got, /needs --office-hook/);
  });

  for (const broken of BROKEN) {
    test(`fails a backend where ${broken.rule}, naming the rule`, async (t) => {
      // (Without the office hook: no rule broken here needs it.)
      const { results, failed, lines } = await report(backends[broken.file], { hook: false });
      const failures = lines.filter((l) => l.startsWith('FAIL'));
      for (const line of failures) t.diagnostic(line);
      assert.ok(failed > 0, 'the kit failed it');
      const line = failures.find((l) => l.startsWith(`FAIL  ${broken.fails}:`));
      assert.ok(line, `a FAIL line for ${broken.fails}; got:\n${failures.join('\n')}`);
      assert.match(line, / — expected .+; got .+/, 'it says what was expected and what came back');
      assert.match(line, broken.says);
      // Nothing else in the contract was broken, so nothing unrelated may fail on the reference's own behaviour.
      assert.ok(results.some((r) => r.status === 'PASS'), 'the rest still checked');
    });
  }

  test('the command line prints the report and exits 1 on a failure, 0 on none', async () => {
    const run = (backend) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'tests/conformance/run.mjs'), '--base-url', backend.url], { cwd: ROOT }).then(
        (r) => ({ code: 0, ...r }),
        (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const [good, bad] = await Promise.all([run(backends.shared), run(backends['leaks-contact.cjs'])]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /^SKIP {2}rating: .* — needs --office-hook/m);
    assert.match(good.stdout, /^\d+ passed, 0 failed, 7 skipped$/m);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^FAIL {2}public-view-leaks-nothing: .* — expected nothing personal in GET \/requests\/R-[A-Z2-7]{12}; got contact\.name /m);
    assert.match(bad.stdout, /^\d+ passed, [1-9]\d* failed, 7 skipped$/m);
  });
});
