// BROKEN ON PURPOSE (tests/conformance/conformance.test.mjs): the reference backend, but
// PATCH /requests/{id} stores whatever it is sent (status, timeline, deadlines), as json-server
// alone does. The kit must fail it.
'use strict';
const path = require('node:path');
const { views } = require(path.join(__dirname, '..', '..', '..', 'examples', 'json-server', 'contract.cjs'));

module.exports = (req, res, next) => {
  const m = /^\/requests\/([^/]+)$/.exec(req.path);
  if (req.method !== 'PATCH' || !m) return next();
  const stored = req.app.db.get('requests').find((r) => String(r.id) === decodeURIComponent(m[1])).value();
  if (!stored || stored.read_key !== req.get('Read-Key')) return next();
  Object.assign(stored, req.body, { version: (stored.version ?? 1) + 1 });
  req.app.db.write();
  // (CORS as the contract says, so that only the broken rule shows.)
  res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Date, Retry-After, ETag' });
  res.status(200).type('application/json').set('ETag', `"${stored.version}"`).send(JSON.stringify(views.privateView(stored)));
};
