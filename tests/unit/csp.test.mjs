// scripts/csp.mjs: backend addresses are parsed by the browser's own parser (WHATWG URL, `new URL`)
// and refused unless they are https (plain http only for localhost, 127.0.0.1 and [::1], compared
// after parsing), with no userinfo, `@` or backslash; the policy names origins as the browser
// would reach them; the command line exits 1 on a refused address.
//
//   node --test tests/unit/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkBackendUrl, backendOrigins, contentSecurityPolicy } from '../../scripts/csp.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const accepted = (text) => {
  const url = checkBackendUrl(text, 'base_url');
  assert.ok(!(url instanceof Error), `${text} accepted: ${url instanceof Error ? url.message : ''}`);
  return url.origin;
};
const refused = (text, why) => {
  const url = checkBackendUrl(text, 'base_url');
  assert.ok(url instanceof Error, `${text} refused (it parsed to ${url?.href})`);
  assert.match(url.message, why, text);
  return url.message;
};

test('https anywhere, plain http only to loopback', () => {
  assert.equal(accepted('https://api.street.example/v1'), 'https://api.street.example');
  assert.equal(accepted('http://127.0.0.1:3000'), 'http://127.0.0.1:3000');
  assert.equal(accepted('http://localhost:8080/api'), 'http://localhost:8080');
  assert.equal(accepted('http://[::1]:3000'), 'http://[::1]:3000');
  refused('http://api.street.example', /plain http to api\.street\.example/);
  refused('http://10.0.0.1:3000', /plain http/);
  refused('ftp://files.example/', /not https/);
  refused('javascript:alert(1)', /not https/);
  refused('/api', /not an absolute URL/);
  refused('', /missing/);
});

test('backslashes: the browser reads http://evil.example\\@127.0.0.1 as evil.example, so it is refused', () => {
  refused('http://evil.example\\@127.0.0.1:8080', /backslash/);
  refused('https://evil.example\\@api.street.example', /backslash/);
  refused('https://api.street.example\\v1', /backslash/);
  // What the parser would have made of the first: the host is evil.example, not 127.0.0.1.
  assert.equal(new URL('http://evil.example\\@127.0.0.1:8080').hostname, 'evil.example');
  assert.deepEqual(backendOrigins({ backend: { kind: 'rest', base_url: 'http://evil.example\\@127.0.0.1:8080' } }), []);
});

test('userinfo is refused, with or without a password, even empty', () => {
  refused('http://a@b', /userinfo/);
  refused('https://user:secret@api.street.example', /userinfo/);
  refused('https://@api.street.example', /userinfo/);
  refused('http://127.0.0.1:3000@evil.example', /userinfo/);
  refused('https://api.street.example/%40x@y', /userinfo/);
});

test('hosts are compared after parsing: what the browser will reach decides', () => {
  // Other spellings of loopback that the parser normalises: accepted, named as parsed.
  assert.equal(accepted('http://LOCALHOST:1'), 'http://localhost:1');
  assert.equal(accepted('http://127.1:3000'), 'http://127.0.0.1:3000');
  assert.equal(accepted('http://0x7f.0.0.1:3000'), 'http://127.0.0.1:3000');
  assert.equal(accepted('http://[0:0:0:0:0:0:0:1]:3000'), 'http://[::1]:3000');
  // Spellings that only look like loopback: refused.
  refused('http://localhost.evil.example', /plain http to localhost\.evil\.example/);
  refused('http://127.0.0.1.evil.example', /plain http/);
  refused('http://[::2]:3000', /plain http to \[::2\]/);
  refused('http://[::ffff:127.0.0.1]:3000', /plain http to \[::ffff:7f00:1\]/);
});

test('IDN: hosts become punycode, and a look-alike of localhost is not localhost', () => {
  assert.equal(accepted('https://bücher.example/api'), 'https://xn--bcher-kva.example');
  assert.equal(accepted('https://街道.example'), `https://${new URL('https://街道.example').hostname}`);
  assert.match(new URL('https://街道.example').hostname, /^xn--/);
  // Cyrillic о in "lоcalhost".
  refused('http://l\u043ecalhost:3000', /plain http to xn--/);
  // Full-width letters map to ASCII in the host parser: the browser goes to localhost.
  assert.equal(accepted('http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:3000'), 'http://localhost:3000');
});

test('IPv6 literals', () => {
  assert.equal(accepted('https://[2001:db8::1]/api'), 'https://[2001:db8::1]');
  assert.equal(accepted('http://[::1]/api'), 'http://[::1]');
  refused('http://[2001:db8::1]:3000', /plain http/);
  refused('http://[::1', /not an absolute URL/);
  refused('http://::1:3000', /not an absolute URL/);
});

test('percent-encoding is decoded in the host before the check, as the browser does', () => {
  assert.equal(accepted('http://%6c%6fcalhost:3000'), 'http://localhost:3000');
  assert.equal(accepted('http://127.0.0.%31:3000'), 'http://127.0.0.1:3000');
  refused('http://evil%2eexample', /plain http to evil\.example/);
  refused('http://localhost%00:3000', /not an absolute URL/);
  refused('http://localhost%2f@evil.example', /userinfo/);
  assert.equal(accepted('https://api.street.example/a%20b'), 'https://api.street.example');
});

test('trailing dots: kept as parsed, never taken for loopback', () => {
  refused('http://localhost.:3000', /plain http to localhost\./);
  // An IPv4 address's trailing dot is dropped by the parser: the browser goes to 127.0.0.1.
  assert.equal(accepted('http://127.0.0.1.:3000'), 'http://127.0.0.1:3000');
  assert.equal(accepted('https://api.street.example./v1'), 'https://api.street.example.');
});

test('spaces, control characters, queries and fragments are refused', () => {
  refused(' https://api.street.example', /spaces or control/);
  refused('https://api.street.example\t/v1', /spaces or control/);
  refused('https://api.street.ex\nample', /spaces or control/);
  refused('https://api.street.example/v1?token=x', /query or fragment/);
  refused('https://api.street.example/v1#x', /query or fragment/);
});

test('the policy names the origins as parsed, leaves refused ones out, and has no data: images', () => {
  const html = '<html><head><script>1</script><style>b{}</style></head></html>';
  const policy = contentSecurityPolicy(html, { backend: { kind: 'open311', base_url: 'https://bücher.example/open311/v2', media_upload_url: 'http://127.1:9000/media' } }, { imgSrc: ['https://cdn.street.example'] });
  assert.match(policy, /connect-src 'self' https:\/\/xn--bcher-kva\.example http:\/\/127\.0\.0\.1:9000;/);
  assert.match(policy, /img-src 'self' blob: https:\/\/xn--bcher-kva\.example http:\/\/127\.0\.0\.1:9000 https:\/\/cdn\.street\.example;/);
  assert.doesNotMatch(policy, /data:/);
  const lenient = contentSecurityPolicy(html, { backend: { kind: 'rest', base_url: 'http://evil.example\\@127.0.0.1:8080' } });
  assert.match(lenient, /connect-src 'self';/);
  assert.doesNotMatch(lenient, /evil|127\.0\.0\.1/);
  assert.throws(() => contentSecurityPolicy(html, { backend: { kind: 'rest', base_url: 'http://a@b' } }, { strict: true }), /userinfo/);
  assert.throws(() => contentSecurityPolicy(html, null, { imgSrc: ['http://cdn.example'], strict: true }), /--img-src "http:\/\/cdn\.example" is plain http/);
});

test('the command line refuses a config with such an address, and writes nothing', async () => {
  const dist = await mkdtemp(path.join(tmpdir(), 'doorstep-csp-'));
  try {
    await writeFile(path.join(dist, 'index.html'), '<html><head><script>1</script></head></html>');
    const run = (args) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/csp.mjs'), dist, ...args]).then(
        (r) => ({ code: 0, ...r }),
        (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    await writeFile(path.join(dist, 'config.json'), JSON.stringify({ backend: { kind: 'rest', base_url: 'http://evil.example\\@127.0.0.1:8080' } }));
    const bad = await run(['--nginx', path.join(dist, 'snippet.conf')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /csp: backend\.base_url "http:\/\/evil\.example\\\\@127\.0\.0\.1:8080" has a backslash/);
    assert.equal(bad.stdout, '');
    await assert.rejects(() => import('node:fs/promises').then((fs) => fs.access(path.join(dist, 'snippet.conf'))), 'no snippet written');
    await writeFile(path.join(dist, 'config.json'), JSON.stringify({ backend: { kind: 'rest', base_url: 'https://api.street.example/v1' } }));
    const good = await run([]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /connect-src 'self' https:\/\/api\.street\.example;/);
    // The demo office as shipped: refused unless the deployment says it means it.
    await writeFile(path.join(dist, 'config.json'), JSON.stringify({ backend: { kind: 'demo' } }));
    const demo = await run(['--nginx', path.join(dist, 'snippet.conf')]);
    assert.equal(demo.code, 1);
    assert.match(demo.stderr, /csp: config\.json names the demo office .* or pass --demo/);
    await assert.rejects(() => import('node:fs/promises').then((fs) => fs.access(path.join(dist, 'snippet.conf'))), 'no snippet written');
    const meant = await run(['--demo']);
    assert.equal(meant.code, 0, meant.stderr);
    assert.match(meant.stdout, /connect-src 'self';/);
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
});
