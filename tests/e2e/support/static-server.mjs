// A small static server for the built app (dist/): unknown paths fall back to index.html, as
// production hosting must, and a test can replace config.json without touching dist/.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
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
 * `deployTo(root)` puts another build in place, as a deployment does. */
export async function serveApp({ root, config, hangConfig = false, skewMs = 0 } = {}) {
  // `deployment` changes what sw.js says, as a new deployment would.
  const state = { deployment: 0, root, csp: '' };
  // The policy a deployment serves (scripts/csp.mjs), for this build and this config.
  const served = config ?? JSON.parse(await readFile(path.join(root, 'config.json'), 'utf8'));
  const policy = async (dir) => contentSecurityPolicy(await readFile(path.join(dir, 'index.html'), 'utf8'), typeof served === 'string' ? null : served);
  state.csp = await policy(root);
  const server = http.createServer(async (req, res) => {
    const root = state.root;
    res.setHeader('content-security-policy', state.csp);
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/config.json' && hangConfig) return;
    if (url.pathname === '/config.json' && config !== undefined) {
      const body = typeof config === 'string' ? config : JSON.stringify(config);
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      return res.end(body);
    }
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) {
      // A missing asset is a 404; any other path is a route of the app.
      if (TYPES[path.extname(url.pathname)]) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
      file = path.join(root, 'index.html');
    }
    let body = await readFile(file);
    if (url.pathname === '/sw.js' && state.deployment) body = Buffer.concat([body, Buffer.from(`\n// deployment ${state.deployment}\n`)]);
    if (url.pathname === '/sw.js' && skewMs) body = Buffer.concat([Buffer.from(skewedClock(skewMs)), body]);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    deploy: () => (state.deployment += 1),
    deployTo: async (dir) => {
      state.csp = await policy(dir);
      state.root = dir;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
