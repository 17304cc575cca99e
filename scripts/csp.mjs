#!/usr/bin/env node
// The Content-Security-Policy for a built Doorstep, from the build itself (the hashes of the
// inline scripts and stylesheet in dist/index.html: the page before the app, its language and
// boot scripts, and Trunk's loader) and from config.json (the backend's origin, and where its
// photos come from). Run it after `make build` and again whenever dist/config.json changes:
//
//   node scripts/csp.mjs dist                   the header value, on one line
//   node scripts/csp.mjs dist --nginx FILE      an nginx snippet with the header (deploy/nginx.conf includes it)
//   node scripts/csp.mjs dist --meta            also writes it into dist/index.html as <meta http-equiv>, for
//                                               hosts that cannot set headers (frame-ancestors cannot be in a meta)
//   --img-src ORIGIN (repeatable)               another origin the office's photos are served from
//   --demo                                      the deployment is the demo office on purpose (else a
//                                               config.json naming it is refused: requests would reach no office)
//
// Every address (config.json's base_url and media_upload_url, each --img-src) is parsed with the
// WHATWG URL parser, `new URL` (what the browser uses), never by hand, and refused, with exit code
// 1, unless it is https (http only for localhost, 127.0.0.1 and [::1], compared after parsing)
// with no userinfo, no `@`, no backslash, no query or fragment.
//
// The e2e tests' static server and the nginx test use the same function, so what is tested is
// what is deployed.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The inline scripts and stylesheets of `html`, each as its CSP hash source. */
export function inlineHashes(html) {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1]));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1]));
  return { scripts, styles };
}

/** The only hosts plain http is allowed for, as the URL parser writes them. */
export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `text` parsed by the WHATWG URL parser (the browser's own: `new URL`), or an Error saying why it
 * is refused. A backend address must be absolute, `https:` (or `http:` when its host, after
 * parsing, is exactly localhost, 127.0.0.1 or [::1]), with no user name or password, no `@` and no
 * backslash anywhere (parsers read `http://evil.example\@127.0.0.1` differently: the browser goes
 * to evil.example), no spaces or control characters, no query or fragment.
 */
export function checkBackendUrl(text, name = 'the URL') {
  if (typeof text !== 'string' || text === '') return new Error(`${name} is missing`);
  const shown = JSON.stringify(text);
  if (text !== text.trim() || /[\u0000-\u0020\u007f]/.test(text)) return new Error(`${name} ${shown} has spaces or control characters`);
  if (text.includes('\\')) return new Error(`${name} ${shown} has a backslash, which URL parsers read differently`);
  if (text.includes('@')) return new Error(`${name} ${shown} has an @: a user name or password (userinfo) is refused`);
  let url;
  try {
    url = new URL(text);
  } catch {
    return new Error(`${name} ${shown} is not an absolute URL`);
  }
  if (url.username || url.password) return new Error(`${name} ${shown} has a user name or password (userinfo), refused`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return new Error(`${name} ${shown} is not https`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return new Error(`${name} ${shown} is plain http to ${url.hostname}: https is required (http only for localhost, 127.0.0.1 and [::1])`);
  }
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return new Error(`${name} ${shown} has a query or fragment`);
  return url;
}

/**
 * The backend origins `config` (config.json's content) makes the app talk to and show photos
 * from, as the browser parses them. `strict`: a refused address throws (the command line);
 * otherwise it is left out, so the policy never allows a host the app must refuse.
 */
export function backendOrigins(config, { strict = false } = {}) {
  const b = config?.backend ?? {};
  const origins = [];
  for (const field of ['base_url', 'media_upload_url']) {
    if (b[field] === undefined || b[field] === null) continue;
    const url = checkBackendUrl(b[field], `backend.${field}`);
    if (url instanceof Error) {
      if (strict) throw url;
      continue;
    }
    origins.push(url.origin);
  }
  return [...new Set(origins)];
}

/**
 * The policy for `html` (dist/index.html) talking to the backend in `config`. `meta`: without the
 * directives a <meta> cannot carry. `imgSrc`: more origins photos are served from.
 */
export function contentSecurityPolicy(html, config, { meta = false, imgSrc = [], strict = false } = {}) {
  const { scripts, styles } = inlineHashes(html);
  const backends = backendOrigins(config, { strict });
  const images = [];
  for (const text of imgSrc) {
    const url = checkBackendUrl(text, '--img-src');
    if (url instanceof Error) {
      if (strict) throw url;
    } else images.push(url.origin);
  }
  const directives = [
    ["default-src", "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...scripts],
    ['style-src', "'self'", ...styles],
    ['connect-src', "'self'", ...backends],
    // blob: for the photos being picked; no data: (nothing in the app shows a data: image).
    ['img-src', "'self'", 'blob:', ...new Set([...backends, ...images])],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
  ];
  if (!meta) directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

async function main(argv) {
  const dist = argv[0] ?? 'dist';
  const option = (name) => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]] : []));
  const imgSrc = option('--img-src');
  const indexFile = path.join(dist, 'index.html');
  const html = await readFile(indexFile, 'utf8');
  const config = JSON.parse(await readFile(path.join(dist, 'config.json'), 'utf8'));
  if (config?.backend?.kind === 'demo' && !argv.includes('--demo')) {
    throw new Error(
      'config.json names the demo office (backend kind "demo"): residents\' requests would reach no office. ' +
        "Name your office's backend in config.json (docs/deploy.md), or pass --demo to deploy the demo on purpose.",
    );
  }
  const header = contentSecurityPolicy(html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, ''), config, { imgSrc, strict: true });
  const [nginx] = option('--nginx');
  if (nginx) {
    const text = `# Written by scripts/csp.mjs from ${indexFile} and its config.json: run it again after every build and config change.\nadd_header Content-Security-Policy "${header}" always;\n`;
    await writeFile(nginx, text);
  }
  if (argv.includes('--meta')) {
    const policy = contentSecurityPolicy(html, config, { meta: true, imgSrc, strict: true });
    const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
    const without = html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, '');
    const page = without.replace(/<meta charset=[^>]*>/i, (m) => `${m}${tag}`);
    await writeFile(indexFile, page);
    // The precompressed copies must say the same.
    await writeFile(`${indexFile}.gz`, gzipSync(page, { level: 9 }));
    await writeFile(`${indexFile}.br`, brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  console.log(header);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`csp: ${e.message}`);
    process.exit(1);
  });
}
