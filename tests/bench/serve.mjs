// A static server for dist/ as a production host serves it: precompressed .br/.gz siblings when
// the browser accepts them, hashed files cached for a year, index.html and config.json revalidated,
// unknown paths answered with index.html.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TYPES } from '../e2e/support/static-server.mjs';

const isFile = (f) => stat(f).then((s) => s.isFile(), () => false);

export async function serveDist(root, { config } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/config.json' && config) {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-cache' });
      return res.end(JSON.stringify(config));
    }
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!(await isFile(file))) {
      if (TYPES[path.extname(url.pathname)]) {
        res.writeHead(404);
        return res.end();
      }
      file = path.join(root, 'index.html');
    }
    const hashed = /-[0-9a-f]{12,}(_bg)?\.[a-z]+$/.test(file);
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
    };
    const accepts = req.headers['accept-encoding'] ?? '';
    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (accepts.includes(enc) && (await isFile(file + ext))) {
        res.writeHead(200, { ...headers, 'content-encoding': enc });
        return res.end(await readFile(file + ext));
      }
    }
    res.writeHead(200, headers);
    res.end(await readFile(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
