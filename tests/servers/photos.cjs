// A small photo upload endpoint for json-server, as docs/openapi.yaml describes `POST /photos`:
// a multipart/form-data body with the JPEG in the field `photo`, answered 201 with
// {"id", "url", "bytes"}; the photo is then served at that url. Put it after contract.cjs, so a
// retried upload with the same Idempotency-Key is answered with the first one's id.
//   json-server db.json --middlewares examples/json-server/contract.cjs tests/servers/photos.cjs
// For the tests: GET /_photos lists what arrived ({id, bytes, type}); GET /_photos/{id} the bytes.
// Photos are kept in memory (a test server; a real one stores them with its data).
const { randomUUID } = require('node:crypto');

const MAX_BYTES = 5_000_000;
const photos = new Map(); // id → { bytes: Buffer, type }

function readAll(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BYTES) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The named part of a multipart body: its content type and bytes. */
function part(body, boundary, name) {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(at + delimiter.length + 2, next - 2); // after CRLF, before CRLF
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, split).toString('latin1');
    if (new RegExp(`name="${name}"`).test(head)) {
      return { type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream', bytes: chunk.subarray(split + 4) };
    }
    at = next;
  }
  return null;
}

module.exports = async (req, res, next) => {
  if (req.method === 'POST' && req.path === '/photos') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.get('content-type') ?? '');
    if (!boundary) return res.status(415).json({ message: 'Send the photo as multipart/form-data.' });
    // Read already by a middleware before this one (examples/json-server/contract.cjs checks
    // the photo against the contract first), or read here.
    let body = Buffer.isBuffer(req.rawBody) ? req.rawBody : null;
    if (!body) {
      try {
        body = await readAll(req);
      } catch {
        return res.status(413).json({ message: 'A photo may be at most 5 MB.' });
      }
    }
    const photo = part(body, boundary[1] ?? boundary[2], 'photo');
    if (!photo || !photo.bytes.length) return res.status(422).json({ message: 'No photo in the field "photo".' });
    if (!/^image\//.test(photo.type)) return res.status(415).json({ message: 'Only images are taken.' });
    const id = randomUUID();
    photos.set(id, photo);
    // Where the client reached this server (through a reverse proxy, the proxy's address).
    const base = `${req.get('x-forwarded-proto') ?? req.protocol}://${req.get('x-forwarded-host') ?? req.get('host')}${req.get('x-forwarded-prefix') ?? ''}`;
    const url = `${base}/photos/${id}.jpg`;
    return res.status(201).json({ id, url, bytes: photo.bytes.length });
  }
  const shown = /^\/photos\/([0-9a-f-]+)\.jpg$/.exec(req.path);
  if (req.method === 'GET' && shown && photos.has(shown[1])) {
    const photo = photos.get(shown[1]);
    return res.type(photo.type).set('Cache-Control', 'max-age=3600').send(photo.bytes);
  }
  if (req.method === 'GET' && req.path === '/_photos') {
    return res.json([...photos].map(([id, p]) => ({ id, bytes: p.bytes.length, type: p.type })));
  }
  const raw = /^\/_photos\/([0-9a-f-]+)$/.exec(req.path);
  if (req.method === 'GET' && raw && photos.has(raw[1])) return res.type('application/octet-stream').send(photos.get(raw[1]).bytes);
  return next();
};

// The Open311 test server takes its photos the same way.
module.exports.part = part;
module.exports.readAll = readAll;
