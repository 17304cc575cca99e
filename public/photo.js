// Doorstep's photo worker: started the first time a resident picks a photo, never on the first
// load. It does what the browser's own decoders do best, off the page's thread so typing never
// stutters: it reads a chosen file, refuses what is not a photo (before decoding anything huge),
// decodes it upright (EXIF orientation honoured), and re-encodes it through a canvas at the size
// and quality the app asks for — which leaves no metadata (GPS, camera, time) in what is
// uploaded. It also uploads a photo with XMLHttpRequest, the one API that reports upload progress.
//
// Protocol (src/backend/photo_worker.rs): the page posts {id, op, …}; the worker answers
// {id, progress} any number of times, then once {id, ok: …} or {id, error: word}. Words:
// not-image, heic, file-too-large, too-many-pixels, unreadable, still-too-large (photos);
// unreachable, timeout, cancelled, too-large (uploads).
'use strict';

const opened = new Map(); // id → ImageBitmap, between "open" and "encode"
const uploads = new Map(); // id → XMLHttpRequest

const be16 = (b, i) => (b[i] << 8) | b[i + 1];
const le16 = (b, i) => b[i] | (b[i + 1] << 8);
const be32 = (b, i) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
const le32 = (b, i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + ((b[i + 3] << 24) >>> 0);
const ascii = (b, i, n) => String.fromCharCode(...b.subarray(i, i + n));

/** The kind of image in the first bytes, and its size where the header says it. */
function sniff(b) {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'jpeg', ...jpegSize(b) };
  if (ascii(b, 1, 3) === 'PNG') return { kind: 'png', w: be32(b, 16), h: be32(b, 20) };
  if (ascii(b, 0, 4) === 'GIF8') return { kind: 'gif', w: le16(b, 6), h: le16(b, 8) };
  if (ascii(b, 0, 2) === 'BM') return { kind: 'bmp', w: Math.abs(le32(b, 18) | 0), h: Math.abs(le32(b, 22) | 0) };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X') return { kind: 'webp', w: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), h: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    if (chunk === 'VP8 ') return { kind: 'webp', w: le16(b, 26) & 0x3fff, h: le16(b, 28) & 0x3fff };
    if (chunk === 'VP8L') return { kind: 'webp', w: 1 + (le16(b, 21) & 0x3fff), h: 1 + ((le32(b, 21) >>> 14) & 0x3fff) };
    return { kind: 'webp' };
  }
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (/^(heic|heix|hevc|hevx|heim|heis|hevm|hevs|mif1|msf1)$/.test(brand)) return { kind: 'heic' };
    if (/^avi[fs]$/.test(brand)) return { kind: 'avif' };
  }
  return { kind: null };
}

/** A JPEG's size from its frame header (SOFn), if it is in the bytes read. */
function jpegSize(b) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1];
    if (marker === 0xff) { i += 1; continue; }
    const length = be16(b, i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { h: be16(b, i + 5), w: be16(b, i + 7) };
    i += 2 + length;
  }
  return {};
}

/** The GPS position in a JPEG's EXIF block, if any ({lat, long} in degrees). */
function exifGps(b) {
  let i = 2;
  while (i + 4 < b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    const length = be16(b, i + 2);
    if (marker === 0xe1 && ascii(b, i + 4, 6) === 'Exif\0\0') return tiffGps(b.subarray(i + 10, i + 2 + length));
    if (marker === 0xda) return null;
    i += 2 + length;
  }
  return null;
}

/** A JPEG's EXIF orientation (1–8; 1 where it says none). */
function exifOrientation(b) {
  let i = 2;
  while (i + 4 < b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    const length = be16(b, i + 2);
    if (marker === 0xe1 && ascii(b, i + 4, 6) === 'Exif\0\0') {
      const t = b.subarray(i + 10, i + 2 + length);
      const little = ascii(t, 0, 2) === 'II';
      const u16 = (k) => (little ? le16(t, k) : be16(t, k));
      const ifd = little ? le32(t, 4) : be32(t, 4);
      if (ifd + 2 > t.length) return 1;
      for (let k = 0; k < u16(ifd) && ifd + 14 + 12 * k <= t.length; k++) {
        const e = ifd + 2 + 12 * k;
        if (u16(e) === 0x0112) return u16(e + 8) || 1;
      }
      return 1;
    }
    if (marker === 0xda) return 1;
    i += 2 + length;
  }
  return 1;
}

function tiffGps(t) {
  const little = ascii(t, 0, 2) === 'II';
  const u16 = (i) => (little ? le16(t, i) : be16(t, i));
  const u32 = (i) => (little ? le32(t, i) : be32(t, i));
  const entries = (ifd) => {
    const out = new Map();
    if (ifd + 2 > t.length) return out;
    const n = u16(ifd);
    for (let k = 0; k < n && ifd + 2 + 12 * k + 12 <= t.length; k++) {
      const e = ifd + 2 + 12 * k;
      out.set(u16(e), { type: u16(e + 2), count: u32(e + 4), at: e + 8 });
    }
    return out;
  };
  const gpsIfd = entries(u32(4)).get(0x8825);
  if (!gpsIfd) return null;
  const gps = entries(u32(gpsIfd.at));
  const ref = (tag) => (gps.get(tag) ? String.fromCharCode(t[gps.get(tag).at]) : '');
  const degrees = (tag) => {
    const e = gps.get(tag);
    if (!e || e.type !== 5 || e.count !== 3) return NaN;
    const at = u32(e.at);
    const part = (k) => u32(at + 8 * k) / u32(at + 8 * k + 4);
    return part(0) + part(1) / 60 + part(2) / 3600;
  };
  const lat = degrees(2) * (ref(1) === 'S' ? -1 : 1);
  const long = degrees(4) * (ref(3) === 'W' ? -1 : 1);
  return Number.isFinite(lat) && Number.isFinite(long) ? { lat, long } : null;
}

/** Reads a chosen file: refuses what is not a photo, decodes it upright, says its size. */
async function open({ id, file, maxFileBytes, maxPixels, longestSide }) {
  if (!(file instanceof Blob)) throw 'not-image';
  if (file.size > maxFileBytes) throw 'file-too-large';
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const { kind, w, h } = sniff(head);
  if (kind === 'heic') throw 'heic';
  if (!kind) throw /^image\//.test(file.type) ? 'unreadable' : 'not-image';
  if (w * h > maxPixels) throw 'too-many-pixels';
  // Decoded straight to the size it will be sent at, where the header says how large it is: a
  // 48-megapixel photo never takes 190 MB of a cheap phone's memory.
  const options = { imageOrientation: 'from-image' };
  const longest = Math.max(w || 0, h || 0);
  if (longestSide && w && h && longest > longestSide) {
    const turned = kind === 'jpeg' && exifOrientation(head) >= 5;
    const [ow, oh] = turned ? [h, w] : [w, h];
    const scale = longestSide / longest;
    Object.assign(options, { resizeWidth: Math.max(1, Math.round(ow * scale)), resizeHeight: Math.max(1, Math.round(oh * scale)), resizeQuality: 'high' });
  }
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, options);
  } catch {
    throw 'unreadable';
  }
  if (bitmap.width * bitmap.height > maxPixels || !bitmap.width || !bitmap.height) {
    bitmap.close();
    throw bitmap.width ? 'too-many-pixels' : 'unreadable';
  }
  opened.set(id, bitmap);
  return { width: bitmap.width, height: bitmap.height, gps: kind === 'jpeg' ? exifGps(head) : null };
}

/** Draws an opened photo at `width`×`height` and encodes it as JPEG at the first quality that fits. */
async function encode({ job, width, height, qualities, maxBytes }) {
  const bitmap = opened.get(job);
  opened.delete(job);
  if (!bitmap) throw 'unreadable';
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff'; // a transparent PNG gets a white ground, not black
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    for (const quality of qualities) {
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      if (blob.size <= maxBytes) return { blob, bytes: blob.size };
    }
    throw 'still-too-large';
  } finally {
    bitmap.close();
  }
}

/** Uploads `blob` as the multipart field `field`, reporting progress; a stall longer than
 * `timeoutMs` (no byte sent or received) gives up. */
function upload({ id, blob, url, field, headers, timeoutMs, maxAnswerBytes }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    uploads.set(id, xhr);
    let timer;
    let why = 'cancelled';
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        why = 'timeout';
        xhr.abort();
      }, timeoutMs);
    };
    const done = (f) => (...a) => {
      clearTimeout(timer);
      uploads.delete(id);
      f(...a);
    };
    xhr.open('POST', url);
    for (const [k, v] of headers) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      arm();
      if (e.lengthComputable && e.total) post({ id, progress: e.loaded / e.total });
    };
    xhr.upload.onload = arm;
    xhr.onprogress = arm;
    xhr.onload = done(() => {
      const body = xhr.responseText;
      if (body.length > maxAnswerBytes) return reject('too-large');
      resolve({ status: xhr.status, type: xhr.getResponseHeader('content-type'), retryAfter: xhr.getResponseHeader('retry-after'), body });
    });
    xhr.onerror = done(() => reject('unreachable'));
    xhr.onabort = done(() => reject(why));
    const form = new FormData();
    form.append(field, blob, 'photo.jpg');
    arm();
    xhr.send(form);
  });
}

const post = (m) => self.postMessage(m);
const ops = { open, encode, upload };

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  if (op === 'cancel') return uploads.get(data.job)?.abort();
  if (op === 'close') {
    opened.get(data.job)?.close();
    return opened.delete(data.job);
  }
  try {
    post({ id, ok: await ops[op](data) });
  } catch (error) {
    post({ id, error: typeof error === 'string' ? error : 'unreadable' });
  }
};
