// Makes json-server keep the office's own clock, as docs/openapi.yaml requires: a filed request's
// `requested_at`, `updated_at` and first timeline step are the server's time, and `expected_at`
// keeps the feedback time limit the phone computed, counted from the server's time (the phone's
// times are hints: its clock may be hours off). Every answer exposes `Date` and `Retry-After`
// to a client on another origin, so a phone can learn the office's clock and honour its waits.
//   npx json-server --middlewares examples/json-server/idempotency.cjs examples/json-server/office.cjs …
module.exports = (req, res, next) => {
  res.set('Access-Control-Expose-Headers', 'Date, Retry-After');
  if (req.method === 'POST' && req.path === '/requests' && req.body && typeof req.body === 'object') {
    const now = new Date();
    const hinted = Date.parse(req.body.requested_at);
    const expected = Date.parse(req.body.expected_at);
    const stamp = now.toISOString();
    if (!Number.isNaN(hinted) && !Number.isNaN(expected) && expected >= hinted) {
      req.body.expected_at = new Date(now.getTime() + (expected - hinted)).toISOString();
    }
    req.body.requested_at = stamp;
    req.body.updated_at = stamp;
    if (Array.isArray(req.body.timeline) && req.body.timeline[0]) req.body.timeline[0].at = stamp;
  }
  next();
};
