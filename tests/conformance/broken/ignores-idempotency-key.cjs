// BROKEN ON PURPOSE (tests/conformance/conformance.test.mjs): the reference backend, but every
// POST /requests is taken as new, whatever its Idempotency-Key (so a retried send files twice);
// the key is stored and answered as sent, as a server that only copies the body would. The kit
// must fail it.
'use strict';
const { randomUUID } = require('node:crypto');

module.exports = (req, res, next) => {
  const header = req.get('Idempotency-Key');
  const sent = /^"([^"]+)"$/.exec(header ?? '')?.[1];
  if (req.method !== 'POST' || req.path !== '/requests' || !sent || !req.body || typeof req.body !== 'object') return next();
  const fresh = randomUUID();
  req.headers['idempotency-key'] = `"${fresh}"`;
  if (req.body.idempotency_key !== undefined) req.body.idempotency_key = fresh;
  const send = res.send.bind(res);
  res.send = (body) => {
    res.send = send;
    if (res.statusCode !== 201) return send(body);
    const view = JSON.parse(body);
    const stored = req.app.db.get('requests').find((r) => String(r.id) === view.id).value();
    stored.idempotency_key = sent;
    req.app.db.write();
    view.idempotency_key = sent;
    return send(JSON.stringify(view));
  };
  next();
};
