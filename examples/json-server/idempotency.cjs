// Makes json-server honour the Idempotency-Key header as docs/openapi.yaml requires, so the
// reference backend behaves as the contract demands:
//   - the first POST with a key is processed, and its answer remembered;
//   - the same key with the same body is answered with that first answer (201 and the request
//     it created), whatever happened to the connection in between;
//   - the same key while the first is still being processed: 409;
//   - the same key with a different body: 422.
// The header is a quoted string (IETF draft-ietf-httpapi-idempotency-key-header); an unquoted one
// is accepted too. Keys are kept in memory: a server for real use keeps them with its data.
//   npx json-server --middlewares examples/json-server/idempotency.cjs examples/json-server/db.json
const { createHash } = require('node:crypto');

const seen = new Map();

module.exports = (req, res, next) => {
  const header = req.get('Idempotency-Key');
  if (req.method !== 'POST' || !header) return next();
  const key = `${req.path} ${header.trim().replace(/^"(.*)"$/, '$1')}`;
  const digest = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const known = seen.get(key);
  if (known) {
    if (known.digest !== digest) return res.status(422).json({ message: 'This Idempotency-Key was used with a different request.' });
    if (!known.answer) return res.status(409).json({ message: 'A request with this Idempotency-Key is still being processed.' });
    res.status(known.answer.status);
    if (known.answer.type) res.type(known.answer.type);
    return res.send(known.answer.body);
  }
  const entry = { digest, answer: null };
  seen.set(key, entry);
  const send = res.send.bind(res);
  res.send = (body) => {
    if (res.statusCode >= 500) seen.delete(key);
    else entry.answer = { status: res.statusCode, type: res.get('Content-Type'), body };
    return send(body);
  };
  return next();
};
