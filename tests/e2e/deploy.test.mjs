// The deployment as a street office runs it: Debian's nginx with the repository's own
// deploy/nginx.conf, the Content-Security-Policy written by scripts/csp.mjs from the build and its
// config.json, and the office's API (json-server here) proxied under /api/ on the same origin.
// The resident's journey runs through it with zero CSP violations (app.mjs fails the file on
// any), and every header, the compression and a deep link are checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fillRequest, ZH } from './support/app.mjs';
import { DIST, ROOT, cspViolations, launch, phone, shot } from './support/browser.mjs';
import { startJsonServer } from './support/servers.mjs';

const T = { timeout: 20_000 };
const NGINX = '/usr/sbin/nginx';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let api;
let nginx;
let browser;
let url;
let port;
let httpPort;

/** The office's steps from docs/deploy.md, in a throwaway prefix: copy dist/, set config.json,
 * write the CSP snippet, fill in the "deploy:" lines of deploy/nginx.conf, start nginx. */
before(async () => {
  assert.ok(existsSync(NGINX), `${NGINX} missing: scripts/install-tools.sh installs nginx-light`);
  api = await startJsonServer();
  const prefix = await mkdtemp(path.join(tmpdir(), 'doorstep-nginx-'));
  const dist = path.join(prefix, 'dist');
  await cp(DIST, dist, { recursive: true });
  port = await freePort();
  httpPort = await freePort();
  url = `http://127.0.0.1:${port}`;
  await writeFile(path.join(dist, 'config.json'), JSON.stringify({ backend: { kind: 'rest', base_url: `${url}/api`, timeout_seconds: 5 } }));
  const snippet = path.join(prefix, 'doorstep-csp.conf');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/csp.mjs'), dist, '--nginx', snippet]);
  const apiPort = new URL(api.url).port;
  const site = (await readFile(path.join(ROOT, 'deploy/nginx.conf'), 'utf8'))
    .replace(/^(\s*)server 127\.0\.0\.1:3000;.*# deploy: api$/m, `$1server 127.0.0.1:${apiPort};`)
    // (Plain http on two ports here: the site's, and the one that sends to https.)
    .replace(/^(\s*)listen 443 ssl http2( default_server)?;\s*# deploy: listen$/gm, (_, s, d) => `${s}listen 127.0.0.1:${port}${d ?? ''};`)
    .replace(/^(\s*)listen 80( default_server)?;\s*# deploy: listen-http$/gm, (_, s, d) => `${s}listen 127.0.0.1:${httpPort}${d ?? ''};`)
    .replace(/^(\s*)server_name .*# deploy: server_name$/gm, '$1server_name 127.0.0.1;')
    .replace(/^(\s*)proxy_set_header X-Forwarded-Host .*# deploy: public_host$/m, `$1proxy_set_header X-Forwarded-Host 127.0.0.1:${port};`)
    .replace(/^\s*ssl_.*# deploy: tls$/gm, '')
    .replace(/^(\s*)root .*# deploy: root$/m, `$1root ${dist};`)
    .replace(/^(\s*)include .*# deploy: csp$/m, `$1include ${snippet};`);
  assert.doesNotMatch(site, /# deploy:/, 'every line an office changes was filled in');
  await writeFile(path.join(prefix, 'site.conf'), site);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(prefix, d));
  const root = process.getuid?.() === 0 ? 'user root;' : '';
  await writeFile(
    path.join(prefix, 'nginx.conf'),
    `${root}
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/site.conf;
}
`,
  );
  nginx = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}/config.json`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  nginx?.kill('SIGTERM');
  await api?.stop();
});

/** The request as the office stores it: the reference backend's office hook (REST contract v2;
 * json-server's own record is unreachable, and the public view has no photos). */
async function stored(id) {
  const office = await fetch(`${api.url}/_office/requests/${encodeURIComponent(id)}`);
  assert.equal(office.status, 200, `the office hook answers for ${id}`);
  return office.json();
}

/** A raw HTTP/1.1 call to nginx with the Host header given (fetch cannot set Host). */
function raw(portNumber, pathname, { host, headers = {}, method = 'GET', body } = {}) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: portNumber, path: pathname, method, setHost: false, headers: { ...(host === undefined ? {} : { Host: host }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    req.end(body);
  });
}

const head = (p, encoding) => fetch(`${url}${p}`, { headers: encoding ? { 'accept-encoding': encoding } : {} });

test('every security header, on the page, the files and a deep link', T, async () => {
  const page = await head('/');
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){3}(;|$)/, 'the three inline scripts by hash');
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, new RegExp(`connect-src 'self' ${url.replace(/[.]/g, '\\.')};`));
  assert.doesNotMatch(csp, /data:/, 'no data: images: nothing in the app needs them');
  for (const d of ["img-src 'self' blob: http", "worker-src 'self'", "manifest-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(d), d);
  }
  for (const p of ['/', '/index.html', '/config.json', '/sw.js', '/manifest.webmanifest', '/requests/DS-20261129-0001']) {
    const r = await head(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', p);
    assert.match(r.headers.get('strict-transport-security'), /max-age=31536000/, p);
    assert.match(r.headers.get('permissions-policy'), /camera=\(self\), geolocation=\(self\), microphone=\(self\)/, p);
    assert.equal(r.headers.get('cache-control'), 'no-cache', p);
    assert.ok(r.headers.get('content-security-policy'), p);
  }
  assert.match((await head('/manifest.webmanifest')).headers.get('content-type'), /application\/manifest\+json/);
  // A deep link is the app.
  const deep = await (await head('/requests/DS-20261129-0001')).text();
  assert.match(deep, /<div id=shell|<div id="shell"/);
  // A missing file is a 404, not the page.
  assert.equal((await head('/doorstep-0000.js')).status, 404);
});

test('hashed files are cached for a year and served precompressed', T, async () => {
  const html = await (await head('/')).text();
  const wasm = /\/doorstep-[0-9a-f]+_bg\.wasm/.exec(html)[0];
  const js = /\/doorstep-[0-9a-f]+\.js/.exec(html)[0];
  const words = [...html.matchAll(/\/words-[A-Za-z-]+-[0-9a-f]+\.txt/g)].map((m) => m[0]);
  assert.equal(words.length, 3, 'a words file per language');
  for (const p of [wasm, js, ...words]) {
    const br = await head(p, 'br, gzip');
    assert.equal(br.headers.get('content-encoding'), 'br', p);
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable', p);
    const gz = await head(p, 'gzip');
    assert.equal(gz.headers.get('content-encoding'), 'gzip', p);
    const raw = await fetch(`${url}${p}`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(raw.headers.get('content-encoding'), null, p);
  }
  assert.equal((await head('/', 'br')).headers.get('content-encoding'), 'br');
  assert.equal((await head(wasm, 'br')).headers.get('content-type'), 'application/wasm');
  assert.equal((await head(words[0], 'br')).headers.get('content-type'), 'text/plain; charset=utf-8');
});

test('the journey through nginx, the API under /api/, a photo included, with no CSP violation and no personal data in any URL, title, console line or cache key', T, async () => {
  const { page, context } = await phone(browser);
  const asked = [];
  const said = [];
  context.on('request', (r) => asked.push(r.url()));
  context.on('console', (m) => said.push(m.text()));
  await page.goto(url);
  await fillRequest(page);
  await page.getByLabel('从相册选择', { exact: true }).setInputFiles(path.join(ROOT, 'tests/fixtures/photos/sign.png'));
  await page.locator('.photo-size').first().filter({ hasText: 'KB' }).waitFor(T);
  await page.getByRole('button', { name: ZH.submit, exact: true }).click();
  await page.waitForURL('**/submitted/**', T);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  await page.goto(`${url}/requests/${encodeURIComponent(id)}`);
  await page.getByRole('heading', { name: '您的照片' }).waitFor(T);
  await page.waitForFunction(() => [...document.querySelectorAll('.photos-shown img')].every((i) => i.naturalWidth > 0), null, T);
  const filed = await stored(id);
  assert.ok(filed.photos[0].url.startsWith(`${url}/api/photos/`), filed.photos[0].url);
  assert.ok(asked.some((u) => u.startsWith(`${url}/api/requests`)));
  await shot(page, 'zh-deployed-nginx');
  assert.deepEqual(page.errors, []);
  // The resident's name, phone and address never leave the request bodies.
  const titles = [await page.title()];
  const cacheKeys = await page.evaluate(async () => {
    const keys = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) keys.push(r.url);
    return keys;
  });
  assert.ok(asked.length > 10 && cacheKeys.length > 3, 'something was looked at');
  const personal = ['王阿姨', '13800138000', '138 0013 8000', '太华路社区', '中铁二十局'];
  for (const word of personal) {
    const forms = [word, encodeURIComponent(word), encodeURIComponent(word).replace(/%20/g, '+')];
    for (const [where, lines] of [['URL', asked], ['console', said], ['title', titles], ['cache key', cacheKeys]]) {
      const found = lines.filter((l) => forms.some((f) => l.includes(f)));
      assert.deepEqual(found, [], `${word} in a ${where}`);
    }
  }
});

test('a violation would be caught: the watch is live', T, async () => {
  const { page } = await phone(browser);
  await page.goto(url);
  await page.getByRole('heading', { name: '反映问题' }).waitFor(T);
  const before = cspViolations.length;
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
  });
  for (let i = 0; i < 20 && cspViolations.length === before; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await page.evaluate(() => window.injected ?? false), false, 'the inline script did not run');
  assert.ok(cspViolations.length > before, 'and the violation was seen');
  cspViolations.splice(before);
});

test('a request for any other Host is refused, with no answer at all', T, async () => {
  for (const host of ['evil.example', 'evil.example:1234', '127.0.0.2', 'localhost', '127.0.0.1.evil.example']) {
    const r = await raw(port, '/', { host });
    assert.equal(r.status, 0, `Host ${JSON.stringify(host)}: the connection closed, no answer (got ${r.status})`);
    const api = await raw(port, '/api/categories', { host });
    assert.equal(api.status, 0, `Host ${JSON.stringify(host)} on /api/: refused too`);
  }
  // No Host header at all: refused too (nginx answers an HTTP/1.1 request without one 400 itself).
  assert.ok([0, 400].includes((await raw(port, '/')).status), 'no Host');
  // The site's own name is served.
  assert.equal((await raw(port, '/', { host: `127.0.0.1:${port}` })).status, 200);
});

test('plain http sends the site\'s own name to https, and refuses other names', T, async () => {
  const r = await raw(httpPort, '/requests/R-7KQ2M4XHWTBD?lang=en', { host: `127.0.0.1:${httpPort}` });
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, 'https://127.0.0.1/requests/R-7KQ2M4XHWTBD?lang=en');
  assert.equal((await raw(httpPort, '/', { host: 'evil.example' })).status, 0, 'another name: no answer');
});

test('the API is told the configured host, never the one the client sent', T, async () => {
  // A photo's url is written from X-Forwarded-Host: the site's name whatever the client says.
  const png = await readFile(path.join(ROOT, 'tests/fixtures/photos/sign.png'));
  const boundary = 'doorstep-deploy-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await raw(port, '/api/photos', {
    method: 'POST',
    // The right name with another port passes the name check; the forged headers must not pass through.
    host: '127.0.0.1:9',
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length, 'X-Forwarded-Host': 'evil.example', Forwarded: 'host=evil.example' },
    body,
  });
  assert.equal(r.status, 201, r.text);
  const { url: photo } = JSON.parse(r.text);
  assert.ok(photo.startsWith(`${url}/api/photos/`), `the photo's url names the configured host: ${photo}`);
  assert.doesNotMatch(photo, /evil|:9\//);
});
