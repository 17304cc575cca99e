#!/usr/bin/env node
// Checks the REST contract, docs/openapi.yaml (or the file given), the way an office's tools
// would read it, and exits non-zero with a readable list of problems on any:
//
//   1. strict YAML 1.2 (a `: ` inside a plain scalar, a duplicate key, a tab: refused, with line);
//   2. Redocly's OpenAPI validator and linter (@redocly/openapi-core, offline, on the local
//      file): the document's structure against OpenAPI 3.1, unresolved `$ref`s, and the
//      recommended rules, every warning counted as an error;
//   3. its own checks: every `$ref` resolves inside the file; every schema compiles with Ajv
//      (JSON Schema 2020-12, strict); every example — of a media type, a parameter, a header or a
//      schema — validates against its schema; every 4xx/5xx answer has an `{"message"}` body.
//
//   node scripts/check-openapi.mjs [docs/openapi.yaml]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, createConfig, logger } from '@redocly/openapi-core';

const require = createRequire(import.meta.url);
const { loadContract, parseYaml, DEFAULT_FILE } = require('./openapi-schemas.cjs');

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// Redocly's recommended rules, strictly, with the few that do not fit said why.
const LINT = {
  extends: ['recommended-strict'],
  rules: {
    // Examples are checked against their schemas by Redocly and again below.
    // (Extra members are left to the schemas: PublicRequest and PublicStep forbid them themselves.)
    'no-invalid-media-type-examples': { severity: 'error', allowAdditionalProperties: true },
    'no-invalid-parameter-examples': 'error',
    'no-invalid-schema-examples': 'error',
    // The servers entry is the reference backend on the developer's machine (http on 127.0.0.1),
    // on purpose: every office has its own address.
    'no-server-example.com': 'off',
    // The project states no licence, so the contract names none rather than make one up.
    'info-license': 'off',
    'info-license-strict': 'off',
  },
};

const problems = [];
const say = (where, message) => problems.push(`${where}: ${message}`);

/** The value at a local JSON pointer (`#/a/b`) in `doc`, or undefined. */
function at(doc, ref) {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Every `$ref` in the document resolves, locally (an office's copy must stand alone). */
function checkRefs(doc) {
  let count = 0;
  const walk = (node, where) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        count++;
        if (!v.startsWith('#/')) say(where, `$ref ${v} points outside this file`);
        else if (at(doc, v) === undefined) say(where, `$ref ${v} does not resolve`);
      } else walk(v, `${where}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(doc, '#');
  return count;
}

const deref = (doc, node) => {
  for (let i = 0; node && typeof node === 'object' && typeof node.$ref === 'string' && i < 10; i++) node = at(doc, node.$ref);
  return node;
};

/** Every example validates against its schema; every error answer has the Error body. */
function checkExamples(doc, contract) {
  let count = 0;
  const against = (schema, value, where) => {
    count++;
    let errors;
    try {
      errors = contract.validate(schema, value);
    } catch (e) {
      return say(where, `its schema does not compile: ${e.message}`);
    }
    for (const e of errors) say(where, `example does not fit its schema: ${e}`);
  };
  const examplesOf = (holder, where, schema) => {
    if (!holder || !schema) return;
    if ('example' in holder) against(schema, holder.example, `${where}/example`);
    for (const [name, ex] of Object.entries(holder.examples ?? {})) {
      const example = deref(doc, ex);
      if (!example || typeof example !== 'object') say(`${where}/examples/${name}`, 'does not resolve to an Example object');
      else if ('value' in example) against(schema, example.value, `${where}/examples/${name}`);
    }
  };
  const mediaTypes = (content, where) => {
    for (const [type, media] of Object.entries(content ?? {})) {
      if (type.startsWith('multipart/')) continue; // binary parts: nothing to validate as JSON
      examplesOf(media, `${where}/content/${type}`, media.schema);
    }
  };
  const parameter = (p, where) => {
    const param = deref(doc, p);
    if (param) examplesOf(param, where, param.schema);
  };
  const response = (r, where, code) => {
    const res = deref(doc, r);
    if (!res) return;
    mediaTypes(res.content, where);
    for (const [name, h] of Object.entries(res.headers ?? {})) {
      const header = deref(doc, h);
      if (header) examplesOf(header, `${where}/headers/${name}`, header.schema);
    }
    if (/^[45]/.test(code) || code === 'default') {
      const schema = res.content?.['application/json']?.schema;
      if (!schema || deref(doc, schema) !== doc.components?.schemas?.Error) {
        say(where, `a ${code} answer must have the body {"message"} (application/json, schema Error)`);
      }
    }
  };
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    const base = `#/paths/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    for (const [i, prm] of (item.parameters ?? []).entries()) parameter(prm, `${base}/parameters/${i}`);
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const op = item[method];
      if (!op) continue;
      const where = `${base}/${method}`;
      for (const [i, prm] of (op.parameters ?? []).entries()) parameter(prm, `${where}/parameters/${i}`);
      const body = deref(doc, op.requestBody);
      if (body) mediaTypes(body.content, `${where}/requestBody`);
      for (const [code, r] of Object.entries(op.responses ?? {})) response(r, `${where}/responses/${code}`, code);
    }
  }
  for (const [name, p] of Object.entries(doc.components?.parameters ?? {})) parameter(p, `#/components/parameters/${name}`);
  for (const [name, h] of Object.entries(doc.components?.headers ?? {})) examplesOf(h, `#/components/headers/${name}`, h.schema);
  // Schema-level `examples` (JSON Schema's list) and `default`s, against the schema itself.
  const schemas = doc.components?.schemas ?? {};
  const inSchemas = (node, where, root) => {
    if (Array.isArray(node)) return node.forEach((n, i) => inSchemas(n, `${where}/${i}`, root));
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.examples) && (node.type || node.$ref || node.properties || node.allOf || node.oneOf)) {
      node.examples.forEach((ex, i) => against(node, ex, `${where}/examples/${i}`));
    }
    if ('default' in node && (node.type || node.enum)) against(node, node.default, `${where}/default`);
    for (const [k, v] of Object.entries(node)) if (k !== 'examples' && k !== 'default') inSchemas(v, `${where}/${k}`, root);
  };
  for (const [name, s] of Object.entries(schemas)) inSchemas(s, `#/components/schemas/${name}`, s);
  return count;
}

export async function checkOpenapi(file = DEFAULT_FILE) {
  problems.length = 0;
  const shown = path.relative(process.cwd(), file) || file;
  // 1. YAML.
  let doc;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), shown);
  } catch (e) {
    return { ok: false, problems: e.problems ?? [e.message], summary: `${shown}: not valid YAML` };
  }
  if (!doc || typeof doc !== 'object' || !/^3\.1\.\d+$/.test(String(doc.openapi))) {
    return { ok: false, problems: [`${shown}: not an OpenAPI 3.1 document (openapi: ${doc?.openapi})`], summary: `${shown}: not OpenAPI 3.1` };
  }
  // 2. Redocly, quietly (its logger would print to the console).
  for (const level of ['info', 'warn', 'error', 'output']) if (typeof logger[level] === 'function') logger[level] = () => {};
  const config = await createConfig(LINT, { configPath: path.join(ROOT, 'redocly.yaml') });
  const found = await lint({ ref: path.resolve(file), config });
  for (const p of found) {
    const loc = p.location?.[0];
    let line = '';
    if (loc?.source?.body && loc.pointer) {
      try {
        const { getLineColLocation } = await import('@redocly/openapi-core');
        const lc = getLineColLocation(loc);
        line = `:${lc.start.line}:${lc.start.col}`;
      } catch {
        /* the pointer alone then */
      }
    }
    say(`${shown}${line} ${loc?.pointer ?? ''}`.trim(), `${p.message} [redocly ${p.ruleId}, ${p.severity}]`);
  }
  // 3. Its own checks.
  const refs = checkRefs(doc);
  let contract;
  try {
    contract = loadContract(file);
    for (const name of Object.keys(contract.schemas)) contract.validator(name);
  } catch (e) {
    say(shown, `the schemas do not compile as JSON Schema 2020-12: ${e.message}`);
  }
  const examples = contract ? checkExamples(doc, contract) : 0;
  const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item).filter((k) => ['get', 'post', 'patch', 'put', 'delete'].includes(k)));
  const summary = `${shown}: OpenAPI ${doc.openapi}, ${Object.keys(doc.paths ?? {}).length} paths, ${operations.length} operations, ${Object.keys(doc.components?.schemas ?? {}).length} schemas, ${refs} $refs resolved, ${examples} examples validated`;
  return { ok: problems.length === 0, problems: [...problems], summary };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_FILE;
  checkOpenapi(file).then(
    ({ ok, problems: list, summary }) => {
      if (ok) {
        console.log(`ok: ${summary}`);
        return;
      }
      console.error(`FAILED: ${summary}`);
      for (const p of list) console.error(`  - ${p}`);
      console.error(`${list.length} problem${list.length === 1 ? '' : 's'} in the REST contract`);
      process.exit(1);
    },
    (e) => {
      console.error(`check-openapi: ${e.stack ?? e}`);
      process.exit(2);
    },
  );
}
