// The schemas of docs/openapi.yaml as one JSON Schema 2020-12 document for Ajv, shared by the
// contract's check (scripts/check-openapi.mjs), the reference backend
// (examples/json-server/contract.cjs) and the conformance kit (tests/conformance/run.mjs), so the
// three always read the same contract.
//
//   const { loadContract } = require('./openapi-schemas.cjs');
//   const contract = loadContract();            // docs/openapi.yaml
//   contract.validate('PublicRequest', value)   // → [] or ['/timeline/0: must NOT have additional properties', …]
//
// OpenAPI 3.1 schemas are JSON Schema 2020-12 with a few extra keywords; `$ref`s of the form
// `#/components/schemas/X` become `#/$defs/X` of one schema whose `$defs` are components.schemas.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const DEFAULT_FILE = path.join(__dirname, '..', 'docs', 'openapi.yaml');
const ID = 'https://doorstep.invalid/openapi/schemas';

/** Parses `text` as YAML 1.2, strictly (duplicate keys are errors); throws with line and column. */
function parseYaml(text, file = 'openapi.yaml') {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file;
    const error = new Error(`${where}: ${e.message.split('\n')[0]}`);
    error.problems = doc.errors.map((x) => `${x.linePos?.[0] ? `${file}:${x.linePos[0].line}:${x.linePos[0].col}` : file}: ${x.message}`);
    throw error;
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** `value` with every `#/components/schemas/X` reference turned into `#/$defs/X`. */
function toDefs(value) {
  if (Array.isArray(value)) return value.map(toDefs);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\/schemas\//, '#/$defs/') : toDefs(v);
    }
    return out;
  }
  return value;
}

/** An Ajv 2020 instance that knows OpenAPI's extra keywords and every format the contract uses. */
function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, strictRequired: false });
  addFormats(ajv);
  // OpenAPI 3.1's own keywords inside schemas: annotations, nothing to check.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  return ajv;
}

/** The contract in `file`: the parsed document and a validator for each of its schemas. */
function loadContract(file = DEFAULT_FILE) {
  const doc = parseYaml(readFileSync(file, 'utf8'), path.relative(process.cwd(), file) || file);
  const schemas = doc?.components?.schemas ?? {};
  const ajv = newAjv();
  ajv.addSchema({ $id: ID, $defs: toDefs(schemas) });
  const compiled = new Map();
  /** The compiled validator of `#/components/schemas/<name>`, or of an inline `schema`. */
  const validator = (nameOrSchema) => {
    if (typeof nameOrSchema !== 'string') return ajv.compile(rebase(nameOrSchema));
    if (!compiled.has(nameOrSchema)) {
      if (!(nameOrSchema in schemas)) throw new Error(`docs/openapi.yaml has no schema ${nameOrSchema}`);
      compiled.set(nameOrSchema, ajv.getSchema(`${ID}#/$defs/${nameOrSchema}`));
    }
    return compiled.get(nameOrSchema);
  };
  /** Problems of `value` against a schema (by name, or inline), as readable lines; [] when it fits. */
  const validate = (nameOrSchema, value) => {
    const check = validator(nameOrSchema);
    if (check(value)) return [];
    return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
  };
  return { doc, schemas, ajv, validator, validate, file };
}

/** An inline schema's local references point into the shared schema document. */
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `${ID}${v.replace('#/components/schemas/', '#/$defs/')}` : rebase(v);
    }
    return out;
  }
  return schema;
}

module.exports = { loadContract, parseYaml, newAjv, toDefs, DEFAULT_FILE };
