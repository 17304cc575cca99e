// BROKEN ON PURPOSE (tests/conformance/conformance.test.mjs): the reference backend, but every
// request filed is renumbered 1001, 1002, … (ids anyone can count). The kit must fail it.
'use strict';
let next = 1001;
module.exports = (req, res, nextMiddleware) => {
  if (req.method !== 'POST' || req.path !== '/requests') return nextMiddleware();
  const send = res.send.bind(res);
  res.send = (body) => {
    res.send = send;
    if (res.statusCode !== 201) return send(body);
    const view = JSON.parse(body);
    const stored = req.app.db.get('requests').find((r) => String(r.id) === view.id).value();
    if (!stored) return send(body); // a replay of an answer renumbered before
    stored.id = String(next++);
    req.app.db.write();
    view.id = stored.id;
    return send(JSON.stringify(view));
  };
  nextMiddleware();
};
