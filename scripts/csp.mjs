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

const origin = (url) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** The backend origins `config` (config.json's content) makes the app talk to and show photos from. */
export function backendOrigins(config) {
  const b = config?.backend ?? {};
  return [...new Set([b.base_url, b.media_upload_url].map(origin).filter(Boolean))];
}

/**
 * The policy for `html` (dist/index.html) talking to the backend in `config`. `meta`: without the
 * directives a <meta> cannot carry. `imgSrc`: more origins photos are served from.
 */
export function contentSecurityPolicy(html, config, { meta = false, imgSrc = [] } = {}) {
  const { scripts, styles } = inlineHashes(html);
  const backends = backendOrigins(config);
  const directives = [
    ["default-src", "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...scripts],
    ['style-src', "'self'", ...styles],
    ['connect-src', "'self'", ...backends],
    ['img-src', "'self'", 'blob:', 'data:', ...backends, ...imgSrc],
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
  const header = contentSecurityPolicy(html.replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, ''), config, { imgSrc });
  const [nginx] = option('--nginx');
  if (nginx) {
    const text = `# Written by scripts/csp.mjs from ${indexFile} and its config.json: run it again after every build and config change.\nadd_header Content-Security-Policy "${header}" always;\n`;
    await writeFile(nginx, text);
  }
  if (argv.includes('--meta')) {
    const policy = contentSecurityPolicy(html, config, { meta: true, imgSrc });
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
