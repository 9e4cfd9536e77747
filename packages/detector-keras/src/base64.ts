/**
 * Strict base64 decoding of strings found in Keras configs. Python's `codecs.encode(b, "base64")`
 * (what Keras' `func_dump` uses) inserts a newline every 76 characters, so ASCII whitespace is
 * skipped; anything else outside the alphabet means "not base64".
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE_62 = "-".charCodeAt(0);
const URLSAFE_63 = "_".charCodeAt(0);
const PAD = "=".charCodeAt(0);

let table: Int16Array | undefined;

function lookup(): Int16Array {
  if (!table) {
    table = new Int16Array(128).fill(-1);
    for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
    table[URLSAFE_62] = 62;
    table[URLSAFE_63] = 63;
  }
  return table;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Decodes `text` as base64 (standard or URL-safe alphabet, padding optional, whitespace ignored).
 * Returns undefined when the text is not base64 or decodes to fewer than `minBytes` bytes.
 * `maxBytes` bounds the work on huge strings: only that many decoded bytes are produced.
 */
export function decodeBase64(text: string, minBytes = 1, maxBytes = Number.MAX_SAFE_INTEGER): Uint8Array | undefined {
  const t = lookup();
  const out = new Uint8Array(Math.min(Math.ceil((text.length * 3) / 4), maxBytes));
  let acc = 0;
  let bits = 0;
  let n = 0;
  let padded = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === PAD) {
      padded = true;
      continue;
    }
    if (padded) return undefined; // data after padding
    const v = c < 128 ? (t[c] ?? -1) : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n >= out.length) break;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (n < minBytes) return undefined;
  return out.subarray(0, n);
}

/** Cheap pre-check before decoding: long enough and only base64 characters in the first 64. */
export function looksLikeBase64(text: string, minLength: number): boolean {
  if (text.length < minLength) return false;
  const t = lookup();
  const n = Math.min(text.length, 64);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === PAD) continue;
    if (c >= 128 || (t[c] ?? -1) < 0) return false;
  }
  return true;
}
