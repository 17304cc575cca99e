// A small static server for the built app (dist/): unknown paths fall back to index.html, as
// production hosting must, and a test can replace config.json without touching dist/.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy } from '../../../scripts/csp.mjs';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files whose names carry their content, cached for a year as deploy/nginx.conf does; every
 * other file is revalidated (no-cache, with an ETag and 304), so a test sees what a phone on a
 * real deployment downloads. */
export const IMMUTABLE = [
  /^\/doorstep-[0-9a-f]+(_bg\.wasm|\.js)$/,
  /^\/icon-[0-9a-f]+\.svg$/,
  /^\/words-[A-Za-z-]+-[0-9a-f]+\.txt$/,
  /^\/(split|chunk)_[A-Za-z0-9_]+-[0-9a-f]{12}\.wasm$/,
  /^\/__wasm_split\.[0-9a-f]{22}\.js$/,
  /^\/photo-[0-9a-f]{12}\.js$/,
];

/** The phone's clock set `ms` off, for a page or a service worker (a script run first). */
export function skewedClock(ms) {
  return `(() => { const Real = Date; const skew = ${Number(ms)};
    class Skewed extends Real { constructor(...a) { if (a.length === 0) super(Real.now() + skew); else super(...a); }
      static now() { return Real.now() + skew; } }
    globalThis.Date = Skewed; })();\n`;
}

/** Starts serving `root` on 127.0.0.1 at a free port; `config` (an object) replaces config.json;
 * `hangConfig` makes config.json never answer (a hung server); `skewMs` sets the service worker's
 * clock off by that much (a phone whose clock is wrong: its pages get `skewedClock` too).
 * `deployTo(root)` puts another build in place, as a deployment does: keeping the previous
 * build's content-named files, as docs/deploy.md says (`keepPrevious: false`: a deployment that
 * deletes them). */
export async function serveApp({ root, config, hangConfig = false, skewMs = 0 } = {}) {
  // `deployment` changes what sw.js says, as a new deployment would.
  const state = { deployment: 0, root, csp: '', previous: [] };
  /** What was asked and what went back: each request's path, status and body bytes. */
  const served = [];
  // The policy a deployment serves (scripts/csp.mjs), for this build and this config.
  const office = config ?? JSON.parse(await readFile(path.join(root, 'config.json'), 'utf8'));
  const policy = async (dir) => contentSecurityPolicy(await readFile(path.join(dir, 'index.html'), 'utf8'), typeof office === 'string' ? null : office);
  state.csp = await policy(root);
  const server = http.createServer(async (req, res) => {
    const root = state.root;
    res.setHeader('content-security-policy', state.csp);
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/config.json' && hangConfig) return;
    const answer = (status, headers, body) => {
      served.push({ path: url.pathname, status, bytes: status === 200 ? body.length : 0, });
      res.writeHead(status, headers);
      res.end(status === 200 ? body : undefined);
    };
    /** Revalidated on every load (an ETag and 304), as nginx does. */
    const revalidated = (type, body) => {
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      const headers = { 'content-type': type, 'cache-control': 'no-cache', etag };
      return req.headers['if-none-match'] === etag ? answer(304, headers) : answer(200, headers, body);
    };
    if (url.pathname === '/config.json' && config !== undefined) {
      return revalidated(TYPES['.json'], Buffer.from(typeof config === 'string' ? config : JSON.stringify(config)));
    }
    const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = path.join(root, relative);
    let isFile = await stat(file).then((s) => s.isFile(), () => false);
    // A file named by its content that this build no longer has: the previous builds' copy, kept
    // for a while after a deployment (docs/deploy.md), so a page still open on them finds its pieces.
    for (const old of state.previous) {
      if (isFile || !IMMUTABLE.some((r) => r.test(url.pathname))) break;
      file = path.join(old, relative);
      isFile = await stat(file).then((s) => s.isFile(), () => false);
    }
    if (!isFile) {
      // A missing asset is a 404; any other path is a route of the app.
      if (TYPES[path.extname(url.pathname)]) return answer(404, { 'content-type': 'text/plain' }, Buffer.from('not found'));
      file = path.join(root, 'index.html');
    }
    let body = await readFile(file);
    if (url.pathname === '/sw.js' && state.deployment) body = Buffer.concat([body, Buffer.from(`\n// deployment ${state.deployment}\n`)]);
    if (url.pathname === '/sw.js' && skewMs) body = Buffer.concat([Buffer.from(skewedClock(skewMs)), body]);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (IMMUTABLE.some((r) => r.test(url.pathname))) return answer(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' }, body);
    revalidated(type, body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    /** Which build is served now. */
    root: () => state.root,
    deploy: () => (state.deployment += 1),
    deployTo: async (dir, { keepPrevious = true } = {}) => {
      state.csp = await policy(dir);
      state.previous = keepPrevious ? [state.root, ...state.previous] : [];
      state.root = dir;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
