// FOR TESTS ONLY: lets a test play the street office on the reference backend. Never load it
// on a server residents can reach: it reads and writes every request, contacts and read keys
// included. It goes before contract.cjs:
//
//   npx json-server db.json --middlewares examples/json-server/office-hooks.cjs \
//     examples/json-server/contract.cjs tests/servers/photos.cjs
//
// Under /_office (the same shape as the Open311 test server's, tests/servers/open311.mjs):
//   GET  /_office/requests          every request as stored (all members, read keys included)
//   GET  /_office/requests/{id}     one
//   POST /_office/requests/{id}     the office changes it: a JSON object of members to set. With
//                                   `status` (and no `timeline`), the step of that status is
//                                   appended, its note from `note` or `status_notes`; `note` is
//                                   not stored otherwise. `updated_at` is stamped (unless given)
//                                   and `version` goes up by 1. Answers the stored request.
//   POST /_office/hold              {"method": "POST", "path": "/requests"}: the next such call
//                                   waits, once its Idempotency-Key is taken, until released (or
//                                   `ms`, 10000 at most), so a second one finds it in flight
//   GET  /_office/hold              {"waiting": n}: how many calls are held now
//   POST /_office/release           lets every held call go on
// It also opens tests/servers/photos.cjs's /_photos listing, which contract.cjs otherwise hides.
// The conformance kit's --office-hook is this API (tests/conformance/README.md).
'use strict';
const path = require('node:path');

const contract = require(path.join(__dirname, 'contract.cjs'));

contract.testing.enabled = true;

const STEPS = new Set(['received', 'dispatched', 'in_progress', 'resolved', 'rated', 'reopened']);

function body(req) {
  if (req._body) return Promise.resolve(req.body);
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

const json = (res, status, value) => res.status(status).type('application/json').send(JSON.stringify(value));

module.exports = async (req, res, next) => {
  if (!req.path.startsWith('/_office/') && req.path !== '/_office') return next();
  const requests = contract.table(req, 'requests');
  const p = req.path;
  try {
    if (p === '/_office/requests' && req.method === 'GET') return json(res, 200, requests.value());
    const m = /^\/_office\/requests\/([^/]+)$/.exec(p);
    if (m) {
      const id = decodeURIComponent(m[1]);
      const r = requests.find((x) => String(x.id) === id).value();
      if (!r) return json(res, 404, { message: 'No request has this number.' });
      if (req.method === 'GET') return json(res, 200, r);
      if (req.method === 'POST') {
        const change = await body(req);
        if (!change || typeof change !== 'object' || Array.isArray(change)) return json(res, 400, { message: 'Send a JSON object.' });
        const at = new Date().toISOString();
        const { note, ...fields } = change;
        if (typeof fields.status === 'string' && fields.timeline === undefined && STEPS.has(fields.status)) {
          const step = { step: fields.status, at };
          const words = note ?? fields.status_notes;
          if (typeof words === 'string') step.note = words;
          fields.timeline = [...(Array.isArray(r.timeline) ? r.timeline : []), step];
        }
        Object.assign(r, { updated_at: at }, fields, { version: (Number.isInteger(r.version) ? r.version : 1) + 1 });
        req.app.db.write();
        return json(res, 200, r);
      }
    }
    if (p === '/_office/hold' && req.method === 'POST') {
      const { method = 'POST', path: held, ms = 10_000 } = await body(req);
      if (typeof held !== 'string') return json(res, 400, { message: 'Say which path to hold.' });
      contract.testing.hold = { method, path: held, ms: Math.min(Number(ms) || 0, 10_000) };
      return json(res, 200, contract.testing.hold);
    }
    if (p === '/_office/hold' && req.method === 'GET') return json(res, 200, { waiting: contract.testing.held.length });
    if (p === '/_office/release' && req.method === 'POST') {
      const held = [...contract.testing.held];
      for (const release of held) release();
      return json(res, 200, { released: held.length });
    }
    return json(res, 404, { message: 'No such office hook.' });
  } catch (e) {
    return json(res, 400, { message: `The office hook could not be read: ${e.message}` });
  }
};
