// Photos on the phone (issue 20): made light (long side 1,600 px, JPEG, no EXIF: no location,
// no device), hashed, kept in IndexedDB's "photos" store beside the draft that names them, and
// uploaded in parts that resume where the server stands. Rust keeps only each photo's
// reference (id, hash, size, caption) in the record; the bytes never cross into WASM.
import { withDb, done, uuid7 } from "./store.js";

const EDGE = 1600;
// Quality steps: the first that makes the photo this small is kept.
const TARGET_BYTES = 350 * 1024;
const QUALITIES = [0.82, 0.72, 0.62, 0.52];

function hex(buf) {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The camera's own time (EXIF DateTimeOriginal, else DateTime) as `YYYY-MM-DDTHH:MM:SS`, or "".
// Read from the original file before re-encoding drops every tag.
function exifTime(buf) {
  // A tag block cut by the slice read, or malformed, is no reason to refuse the photo.
  try {
    return exifScan(buf);
  } catch (_) {
    return "";
  }
}

function exifScan(buf) {
  const v = new DataView(buf);
  if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return "";
  let p = 2;
  while (p + 4 <= v.byteLength) {
    const marker = v.getUint16(p);
    const len = v.getUint16(p + 2);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return "";
    // APP1 holding "Exif\0\0", then a TIFF header.
    if (marker === 0xffe1 && v.getUint32(p + 4) === 0x45786966) {
      return tiffTime(v, p + 10, p + 2 + len) || "";
    }
    p += 2 + len;
  }
  return "";
}

function tiffTime(v, t, end) {
  if (t + 8 > end) return "";
  const le = v.getUint16(t) === 0x4949;
  const u16 = (o) => v.getUint16(t + o, le);
  const u32 = (o) => v.getUint32(t + o, le);
  const ascii = (o, n) => {
    let s = "";
    for (let i = 0; i < n && t + o + i < end; i++) {
      const c = v.getUint8(t + o + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  };
  // Tag `tag` of the IFD at `ifd`: its value's offset (inline values are not needed here).
  const find = (ifd, tag) => {
    if (t + ifd + 2 > end) return null;
    const n = u16(ifd);
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      if (t + e + 12 > end) return null;
      if (u16(e) === tag) return u32(e + 8);
    }
    return null;
  };
  const shape = (s) => {
    const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
    return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : "";
  };
  const ifd0 = u32(4);
  const exif = find(ifd0, 0x8769);
  const original = exif !== null ? find(exif, 0x9003) : null;
  if (original !== null) return shape(ascii(original, 19));
  const plain = find(ifd0, 0x0132);
  return plain !== null ? shape(ascii(plain, 19)) : "";
}

function localTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(
    d.getMinutes(),
  )}:${p(d.getSeconds())}`;
}

// The picture upright (EXIF orientation applied), as something a canvas draws.
async function bitmap(file) {
  if (self.createImageBitmap) {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (_) {
      // Older browsers refuse the option; an <img> below still reads the file.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function encode(canvas, quality) {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error("encode"))),
      "image/jpeg",
      quality,
    ),
  );
}

// Redraws the photo at most EDGE px on its long side and re-encodes it as JPEG: only pixels
// survive, so GPS position, device and every other tag are gone.
async function shrink(file) {
  const img = await bitmap(file);
  const w0 = img.width;
  const h0 = img.height;
  if (!w0 || !h0) throw new Error("empty");
  const scale = Math.min(1, EDGE / Math.max(w0, h0));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(w0 * scale);
  canvas.height = Math.round(h0 * scale);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  if (img.close) img.close();
  let blob = null;
  for (const q of QUALITIES) {
    blob = await encode(canvas, q);
    if (blob.size <= TARGET_BYTES) break;
  }
  canvas.width = canvas.height = 0;
  return { blob, width: Math.round(w0 * scale), height: Math.round(h0 * scale) };
}

// Reads the files chosen in `input` (camera or gallery), makes each light and keeps it on the
// phone. Answers JSON `{"photos":[{id,sha256,size,taken_at}], "failed":n}`; clears the input.
export async function addPhotos(input) {
  const files = [...(input.files || [])];
  input.value = "";
  const photos = [];
  let failed = 0;
  for (const file of files) {
    try {
      const head = await file.slice(0, 256 * 1024).arrayBuffer();
      const taken = exifTime(head) || localTime(file.lastModified || Date.now());
      const { blob, width, height } = await shrink(file);
      const bytes = await blob.arrayBuffer();
      const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
      const row = {
        id: uuid7(),
        bytes,
        mime: "image/jpeg",
        size: bytes.byteLength,
        sha256,
        width,
        height,
        original: file.size,
        created: Date.now(),
      };
      await withDb(
        (db) =>
          new Promise((resolve, reject) => {
            const tx = db.transaction("photos", "readwrite", { durability: "strict" });
            tx.objectStore("photos").put(row);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error || new DOMException("aborted", "AbortError"));
          }),
      );
      photos.push({ id: row.id, sha256, size: row.size, taken_at: taken });
    } catch (e) {
      // Storage full is the cadre's to know, not a bad file: it stops here.
      // (store.js's errors carry the browser's name in their message: "QuotaExceededError: …".)
      if (e && /Quota/.test(`${e.name} ${e.message}`)) throw e;
      failed++;
    }
  }
  return JSON.stringify({ photos, failed });
}

async function row(id) {
  return withDb((db) => done(db.transaction("photos").objectStore("photos").get(id)));
}

// A local address for a photo still on the phone ("" when it is not), for its preview.
export async function photoUrl(id) {
  const r = await row(id);
  return r ? URL.createObjectURL(new Blob([r.bytes], { type: r.mime })) : "";
}

export function revokeUrl(url) {
  URL.revokeObjectURL(url);
}

export async function dropPhotos(idsJson) {
  const ids = JSON.parse(idsJson);
  if (ids.length === 0) return;
  await withDb(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction("photos", "readwrite");
        for (const id of ids) tx.objectStore("photos").delete(id);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      }),
  );
}

// Sends photo `id` to `path` in parts of `chunk` bytes, from where the server stands. Answers
// JSON: {"stored":1} once the server holds it whole and checked (at once when it already
// did), {"refused":"MsgKey"} when it will not take it, {"lost":1} when the phone no longer
// has it, {"status":n} for any other answer. No network: the promise rejects.
export async function uploadPhoto(id, path, chunk) {
  const other = (res) => JSON.stringify({ status: res.status });
  const reason = async (res) => {
    try {
      const e = await res.json();
      const f = e && e.Invalid && e.Invalid[0];
      return JSON.stringify({ refused: (f && f.msg) || "ValPhoto" });
    } catch (_) {
      return JSON.stringify({ refused: "ValPhoto" });
    }
  };
  const ask = () => fetch(path, { credentials: "same-origin", cache: "no-store" });
  // The server first: a photo it holds whole is stored, even if this phone has dropped it
  // since (another tab filed its record).
  let res = await ask();
  if (!res.ok) return other(res);
  let at = await res.json();
  if (at.complete) return JSON.stringify({ stored: 1 });
  const r = await row(id);
  if (!r) return JSON.stringify({ lost: 1 });
  // Each answer moves `received` forward or tells where the server stands; a server that
  // keeps answering the same place without progress is not looped on forever.
  for (let tries = 0; !at.complete && tries < 4 * Math.ceil(r.size / chunk) + 4; tries++) {
    const from = at.received;
    if (from >= r.size) {
      // Every byte is there and another request is checking them: ask how that ended.
      res = await ask();
      if (res.status === 422) return reason(res);
      if (!res.ok) return other(res);
      at = await res.json();
      continue;
    }
    const part = r.bytes.slice(from, Math.min(r.size, from + chunk));
    const q = `offset=${from}&size=${r.size}&sha256=${r.sha256}`;
    res = await fetch(`${path}?${q}`, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/octet-stream" },
      body: part,
    });
    if (res.status === 422) return reason(res);
    if (!(res.ok || res.status === 409)) return other(res);
    at = await res.json();
  }
  return at.complete ? JSON.stringify({ stored: 1 }) : JSON.stringify({ status: 409 });
}

// Photos still on the phone (`count`, `bytes`) and the storage the browser has left for this
// site (`free`, bytes; -1 when it does not say).
export async function photoUsage() {
  let count = 0;
  let bytes = 0;
  await withDb(
    (db) =>
      new Promise((resolve, reject) => {
        const req = db.transaction("photos").objectStore("photos").openCursor();
        req.onsuccess = () => {
          const c = req.result;
          if (!c) return resolve();
          count++;
          bytes += c.value.size || 0;
          c.continue();
        };
        req.onerror = () => reject(req.error);
      }),
  );
  let free = -1;
  if (navigator.storage && navigator.storage.estimate) {
    try {
      const e = await navigator.storage.estimate();
      if (e.quota) free = Math.max(0, e.quota - (e.usage || 0));
    } catch (_) {}
  }
  return JSON.stringify({ count, bytes, free });
}

// Removes photos no draft or waiting record names any more (sent, withdrawn, removed from a
// form), once older than `minAgeMs` (a photo just added may not be in its saved draft yet).
export async function prunePhotos(minAgeMs) {
  // Most runs have no photo on the phone: then there is nothing to compare the records with.
  const stored = await withDb((db) => done(db.transaction("photos").objectStore("photos").count()));
  if (stored === 0) return;
  await withDb(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(["drafts", "outbox", "photos"], "readwrite");
        // Plain callbacks, no promises: the transaction must stay active between requests.
        const named = [];
        let pending = 2;
        const sweep = () => {
          const text = named.join("\n");
          const old = Date.now() - minAgeMs;
          const req = tx.objectStore("photos").openCursor();
          req.onsuccess = () => {
            const c = req.result;
            if (!c) return;
            if ((c.value.created || 0) < old && !text.includes(c.value.id)) c.delete();
            c.continue();
          };
        };
        for (const store of ["drafts", "outbox"]) {
          const req = tx.objectStore(store).getAll();
          req.onsuccess = () => {
            for (const r of req.result) named.push(JSON.stringify(r));
            if (--pending === 0) sweep();
          };
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      }),
  );
}
