#!/usr/bin/env node
// The byte gate: what a phone downloads on its first visit — index.html and everything it loads
// (JS, wasm, CSS, icons), config.json, and (once they exist) the service worker and manifest —
// as the build's precompressed brotli files, against the committed budget. A visit loads the words
// of one language (words-<tag>-<hash>.txt) and the one adapter its config.json names (a module of
// its own and the shared chunks it needs, as split-manifest.json lists them): each language with
// each adapter is counted, and the largest is held to the budget. Sizes are deterministic, so this
// is a test, not a benchmark; the budget is only ever lowered.
//   node tests/first-load.mjs [dist] [--table]
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(ROOT, 'dist'));
const budget = JSON.parse(readFileSync(path.join(ROOT, 'tests/first-load-budget.json'), 'utf8'));

/** The files of a first visit, as index.html names them. */
export function firstLoadFiles(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const named = new Set(['/index.html', '/config.json']);
  for (const m of html.matchAll(/(?:href|src)=["']?(\/[^"'\s>]+)/g)) named.add(m[1]);
  for (const m of html.matchAll(/['"](\/[^'"\s]+\.(?:js|wasm|json|webmanifest))['"]/g)) named.add(m[1]);
  for (const extra of ['/sw.js', '/manifest.webmanifest']) if (existsSync(path.join(dir, extra))) named.add(extra);
  // The glue imports the split loader at once (the modules it loads come later, when used).
  for (const f of readdirSync(dir)) if (/^__wasm_split.*\.js$/.test(f)) named.add(`/${f}`);
  return [...named].filter((f) => existsSync(path.join(dir, f))).sort();
}

/** Each language's words file, as the page's loader names them: [[tag, file]]. */
export function wordsFiles(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/"([A-Za-z-]+)":"(\/words-[^"]+\.txt)"/g)].map((m) => [m[1], m[2]]);
}

function sizes(dir, file) {
  const full = path.join(dir, file);
  const raw = readFileSync(full);
  const br = existsSync(`${full}.br`)
    ? statSync(`${full}.br`).size
    : brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, brotli: br, precompressed: existsSync(`${full}.br`) };
}

/** The adapters a deployment may name, each with the files its module needs: [[kind, files]]. */
export function adapterFiles(dir) {
  const manifest = path.join(dir, 'split-manifest.json');
  if (!existsSync(manifest)) return [['all in the main module', []]];
  const modules = JSON.parse(readFileSync(manifest, 'utf8'));
  return Object.entries(modules)
    .filter(([name]) => name.endsWith('_office'))
    .map(([name, files]) => [name.replace(/_office$/, ''), files.map((f) => `/${f}`)]);
}

/** The first load of a visitor reading `lang` (the default language when not given), at a
 * deployment whose adapter is `adapter` (the largest when not given). */
export function firstLoad(dir, lang, adapter) {
  const words = wordsFiles(dir);
  const own = words.find(([tag]) => tag === lang) ?? words[0];
  const adapters = adapterFiles(dir);
  const pick = (kind) => adapters.find(([k]) => k === kind)?.[1];
  const weight = (files) => files.reduce((n, f) => n + sizes(dir, f).brotli, 0);
  const largest = () => adapters.map(([, files]) => files).reduce((a, b) => (weight(b) > weight(a) ? b : a), []);
  const modules = (adapter && pick(adapter)) || largest();
  const files = [...firstLoadFiles(dir), ...(own ? [own[1]] : []), ...modules].map((f) => sizes(dir, f));
  const total = (k) => files.reduce((n, f) => n + f[k], 0);
  return { files, total: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const langs = wordsFiles(dist).map(([tag]) => tag);
  if (langs.length === 0) {
    console.error('first load: index.html names no words files');
    process.exit(1);
  }
  const kinds = adapterFiles(dist).map(([kind]) => kind);
  const loads = langs.flatMap((lang) => kinds.map((adapter) => ({ lang, adapter, ...firstLoad(dist, lang, adapter) })));
  const load = loads.reduce((a, b) => (b.total.brotli > a.total.brotli ? b : a));
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  if (args.includes('--table') || load.total.brotli > budget.max_brotli_bytes) {
    console.log(`the first load in ${load.lang} with the ${load.adapter} adapter:`);
    console.log('file'.padEnd(44), '     raw', '  gzip-9', 'brotli-11');
    for (const f of load.files) console.log(f.file.padEnd(44), kb(f.raw), kb(f.gzip), kb(f.brotli));
    console.log('total'.padEnd(44), kb(load.total.raw), kb(load.total.gzip), kb(load.total.brotli));
  }
  // config.json is edited by each deployment, so it is never precompressed (a stale copy would win).
  const missing = load.files.filter((f) => !f.precompressed && f.file !== '/config.json').map((f) => f.file);
  if (missing.length) {
    console.error(`first load: no precompressed .br beside ${missing.join(', ')} (make build writes them)`);
    process.exit(1);
  }
  const each = loads.map((l) => `${l.lang}/${l.adapter} ${l.total.brotli}`).join(', ');
  const line = `first load: ${load.total.brotli} bytes brotli in ${load.files.length} files, the largest of ${each} (budget ${budget.max_brotli_bytes})`;
  if (load.total.brotli > budget.max_brotli_bytes) {
    console.error(`${line}: over budget. Pay the bytes back elsewhere, or load the new code only when it is used.`);
    process.exit(1);
  }
  console.log(line);
}
