// BROKEN ON PURPOSE (tests/conformance/conformance.test.mjs): the reference backend, but the
// public view of GET /requests/{id} also carries the resident's contact. The kit must fail it.
'use strict';
module.exports = (req, res, next) => {
  if (req.method !== 'GET' || !/^\/requests\/[^/]+$/.test(req.path)) return next();
  const send = res.send.bind(res);
  res.send = (body) => {
    res.send = send;
    try {
      const view = JSON.parse(body);
      const stored = req.app.db.get('requests').find((r) => String(r.id) === view.id).value();
      if (stored) view.contact = stored.contact;
      return send(JSON.stringify(view));
    } catch {
      return send(body);
    }
  };
  next();
};
