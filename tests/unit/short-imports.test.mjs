// scripts/short-imports.mjs: the main wasm's imports from its glue renamed in both files alike, the
// split loader's left alone, and a glue that does not match refused (the build fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, '..', '..', 'scripts', 'short-imports.mjs');
const name = (text) => [text.length, ...Buffer.from(text)];
const leb = (n) => (n < 128 ? [n] : [(n % 128) | 0x80, Math.floor(n / 128)]);
const GLUE = './doorstep-0123456789abcdef_bg.js';
const LOADER = './__wasm_split.0123456789abcdef012345.js';

/** A module with one function type and these imports (a table too), as wasm-bindgen leaves it. */
function module(imports) {
  const entries = imports.flatMap(([m, f]) => [...name(m), ...name(f), 0x00, 0x00]);
  const table = [...name(LOADER), ...name('__indirect_function_table'), 0x01, 0x70, 0x00, 0x01];
  const body = [imports.length + 1, ...entries, ...table];
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // one type: () -> ()
    0x02, ...leb(body.length), ...body,
  ]);
}

/** The imports a module declares: [module, field]. */
function importsOf(bytes) {
  const list = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const wide = bytes[at + 1] & 0x80;
    const size = wide ? (bytes[at + 1] & 0x7f) + bytes[at + 2] * 128 : bytes[at + 1];
    const start = at + (wide ? 3 : 2);
    if (id === 2) {
      let p = start;
      const read = () => {
        const n = bytes[p];
        const t = bytes.subarray(p + 1, p + 1 + n).toString();
        p += 1 + n;
        return t;
      };
      for (let i = 0, count = bytes[p++]; i < count; i++) {
        const m = read();
        const f = read();
        list.push([m, f]);
        p += bytes[p] === 0 ? 2 : 4;
      }
    }
    at = start + size;
  }
  return list;
}

function run(wasm, js) {
  const dir = mkdtempSync(path.join(tmpdir(), 'short-imports-'));
  const w = path.join(dir, 'doorstep-0123456789abcdef_bg.wasm');
  const j = path.join(dir, 'doorstep-0123456789abcdef.js');
  writeFileSync(w, wasm);
  writeFileSync(j, js);
  try {
    execFileSync('node', [SCRIPT, w, j], { stdio: 'pipe' });
    return { ok: true, wasm: readFileSync(w), js: readFileSync(j, 'utf8') };
  } catch (e) {
    return { ok: false, said: String(e.stderr), wasm: readFileSync(w), js: readFileSync(j, 'utf8') };
  }
}

const LONG = ['__wbg_location_7320782274fc691b', '__wbg_navigator_c17f443a6fe5d38d', '__wbindgen_throw_4c88d8bf264fd984'];
const glue = (names) =>
  `const v={__proto__:null,${names.map((n, i) => `${n}:function(){return ${i}}`).join(',')}};` +
  `export function imports(){return{__proto__:null,${JSON.stringify(GLUE)}:v,${JSON.stringify(LOADER)}:{}}}`;

test('the glue\'s imports get short names, the same in the wasm and in the glue', () => {
  const out = run(module(LONG.map((f) => [GLUE, f])), glue(LONG));
  assert.ok(out.ok, out.said);
  assert.deepEqual(importsOf(out.wasm), [['w', 'a'], ['w', 'b'], ['w', 'c'], [LOADER, '__indirect_function_table']]);
  assert.ok(out.js.includes('{__proto__:null,a:function(){return 0},b:function(){return 1},c:function(){return 2}}'), out.js);
  assert.ok(out.js.includes(`"w":v,${JSON.stringify(LOADER)}:{}`), out.js);
  for (const long of LONG) assert.ok(!out.js.includes(long));
  // The renamed module still instantiates against the renamed glue's object.
  const object = { w: { a() {}, b() {}, c() {} }, [LOADER]: { __indirect_function_table: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }) } };
  assert.ok(new WebAssembly.Instance(new WebAssembly.Module(out.wasm), object));
});

test('a glue without one of the names, or with a name used elsewhere, fails the build and writes nothing', () => {
  const wasm = module(LONG.map((f) => [GLUE, f]));
  for (const js of [glue(LONG.slice(0, 2)), glue(LONG) + `console.log(${JSON.stringify(LONG[0])})`]) {
    const out = run(wasm, js);
    assert.equal(out.ok, false);
    assert.match(out.said, /is not once, as a key/);
    assert.deepEqual(out.wasm, wasm, 'the wasm is left as it was');
    assert.equal(out.js, js, 'and the glue');
  }
});
