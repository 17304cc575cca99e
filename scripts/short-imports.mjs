#!/usr/bin/env node
// Shortens the names the main wasm imports its JavaScript glue by, in both files: wasm-bindgen
// names each import `__wbg_<what>_<16 hex digits>` from the module `./doorstep-<hash>_bg.js`, and
// those ~260 hashes (twice: in the wasm and in the glue's import object) are the least
// compressible bytes of the first load. After this step the module is `w` and each import a
// short name (`a`, `b`, … `ab`, …), the same in both files.
//
//   node scripts/short-imports.mjs dist/doorstep-<hash>_bg.wasm dist/doorstep-<hash>.js
//
// Only imports from the glue's own module are renamed (never the split loader's), and every name
// must be found in the glue exactly where wasm-bindgen wrote it, or nothing is written and the
// build fails: a wrong import would only show when the app starts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) {
  console.error('usage: short-imports.mjs <main _bg.wasm> <glue .js>');
  process.exit(2);
}
const fail = (why) => {
  console.error(`short-imports: ${why}`);
  process.exit(1);
};

const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const glueModule = `./${path.basename(jsPath, '.js')}_bg.js`;

/** A reader of the wasm's bytes. */
function reader(bytes, at = 0) {
  const r = {
    at,
    byte: () => bytes[r.at++],
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[r.at++];
        if (b === undefined) fail('the wasm ends inside a number');
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return result;
        shift += 7;
      }
    },
    name() {
      const n = r.u32();
      const text = Buffer.from(bytes.subarray(r.at, r.at + n)).toString('utf8');
      r.at += n;
      return text;
    },
  };
  return r;
}

const leb = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
};
const nameBytes = (text) => {
  const b = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const r = reader(wasm, 8);
const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
/** `a`, `b`, … `z`, `aa`, `ab`, …: short, and valid property names. */
const shortName = (n) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
};
while (r.at < wasm.length) {
  const start = r.at;
  const id = r.byte();
  const size = r.u32();
  const bodyStart = r.at;
  const end = bodyStart + size;
  if (id !== 2) {
    parts.push(wasm.subarray(start, end));
    r.at = end;
    continue;
  }
  // The import section: each entry's names, rewritten; its description copied as it is.
  const count = r.u32();
  const entries = [leb(count)];
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const field = r.name();
    const descStart = r.at;
    const kind = r.byte();
    if (kind === 0) r.u32(); // function: its type
    else if (kind === 1 || kind === 2) {
      if (kind === 1) r.byte(); // table: its element type
      const flags = r.byte();
      r.u32();
      if (flags & 1) r.u32();
    } else if (kind === 3) {
      r.byte();
      r.byte(); // global: type, mutability
    } else if (kind === 4) {
      r.byte();
      r.u32(); // tag
    } else fail(`import ${module} ${field}: unknown kind ${kind}`);
    const desc = wasm.subarray(descStart, r.at);
    if (module === glueModule) {
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      entries.push(nameBytes('w'), nameBytes(renamed.get(field)), desc);
    } else {
      entries.push(nameBytes(module), nameBytes(field), desc);
    }
  }
  if (r.at !== end) fail('the import section is not what it says');
  const body = Buffer.concat(entries);
  parts.push(Buffer.from([2]), leb(body.length), body);
}
if (renamed.size === 0) fail(`the wasm imports nothing from ${glueModule}`);

// The glue: its import object is keyed by the module, then by each name.
const quoted = JSON.stringify(glueModule);
if (js.split(quoted).length !== 2) fail(`${quoted} is not once in ${jsPath}`);
js = js.replace(quoted, '"w"');
for (const [long, short] of renamed) {
  // wasm-bindgen writes each once, as a key of that object (`…,name:function(…){…}`), and nowhere else.
  const anywhere = js.split(long).length - 1;
  const key = new RegExp(`([{,])${long.replace(/[$]/g, '\\$')}:`);
  if (anywhere !== 1 || !key.test(js)) fail(`${long} is not once, as a key, in ${jsPath}`);
  js = js.replace(key, `$1${short}:`);
}

writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(jsPath, js);
console.log(`short-imports: ${renamed.size} imports renamed`);
