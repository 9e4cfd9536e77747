/**
 * Magic-byte sniffing. Content decides the format; a file extension is at most a tie-breaker.
 */
import { isTar } from "./tar.js";

export type SniffedKind =
  | "pickle"
  | "zip"
  | "numpy"
  | "sevenzip"
  | "gzip"
  | "bzip2"
  | "xz"
  | "lzma"
  | "zlib"
  | "hdf5"
  | "tar"
  | "unknown";

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

export const MAGIC = {
  zipLocal: [0x50, 0x4b, 0x03, 0x04],
  zipEmpty: [0x50, 0x4b, 0x05, 0x06],
  /** A spanned-archive marker some writers put before the first local header. */
  zipSpanned: [0x50, 0x4b, 0x07, 0x08],
  numpy: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59],
  sevenzip: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
  gzip: [0x1f, 0x8b],
  bzip2: [0x42, 0x5a, 0x68],
  xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  hdf5: [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a],
} as const;

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.zipLocal) || startsWith(bytes, MAGIC.zipEmpty) || startsWith(bytes, MAGIC.zipSpanned);
}

export function isNumpy(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.numpy);
}

export function isSevenZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.sevenzip);
}

export function isGzip(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.gzip) && bytes[2] === 0x08;
}

/** `BZh` + block size digit 1-9 + block magic 0x314159265359 (or the end-of-stream magic for an empty stream). */
export function isBzip2(bytes: Uint8Array): boolean {
  const level = bytes[3];
  if (!startsWith(bytes, MAGIC.bzip2) || level === undefined || level < 0x31 || level > 0x39) return false;
  return startsWith(bytes, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4) || startsWith(bytes, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4);
}

export function isXz(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.xz);
}

export function isHdf5(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC.hdf5);
}

/**
 * A zlib stream header: CMF = 0x?8 with window ≤ 32 KiB, and (CMF·256 + FLG) divisible by 31.
 * Two bytes only, so it is a weak signal: use it where a compressed stream is expected (joblib).
 */
export function isZlib(bytes: Uint8Array): boolean {
  const cmf = bytes[0];
  const flg = bytes[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}

/**
 * The legacy `.lzma` ("LZMA alone") header that Python's `lzma.FORMAT_ALONE` writes (joblib's "lzma"
 * compressor): properties byte < 225, a power-of-two-ish dictionary size, then a 64-bit size that is
 * either -1 (unknown) or plausible.
 */
export function isLzmaAlone(bytes: Uint8Array): boolean {
  if (bytes.length < 13) return false;
  const props = bytes[0] ?? 0xff;
  if (props >= 9 * 5 * 5) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 13);
  const dict = view.getUint32(1, true);
  if (dict < 4096 || dict > 0x60000000) return false;
  let unknownSize = true;
  for (let i = 5; i < 13; i++) if (bytes[i] !== 0xff) unknownSize = false;
  if (unknownSize) return true;
  // Known sizes must be below 2^48 (a 256 TiB stream is not a model).
  return bytes[11] === 0 && bytes[12] === 0;
}

/** Pickle opcodes that a protocol 0/1 pickle (no PROTO) can reasonably start with. */
const PROTOCOL_0_1_FIRST = new Set<number>([
  0x28, // ( MARK
  0x63, // c GLOBAL
  0x7d, // } EMPTY_DICT
  0x5d, // ] EMPTY_LIST
  0x29, // ) EMPTY_TUPLE
  0x4e, // N NONE
  0x49, // I INT
  0x4c, // L LONG
  0x46, // F FLOAT
  0x53, // S STRING
  0x56, // V UNICODE
  0x4a, // J BININT
  0x4b, // K BININT1
  0x4d, // M BININT2
  0x54, // T BINSTRING
  0x55, // U SHORT_BINSTRING
  0x58, // X BINUNICODE
  0x47, // G BINFLOAT
  0x69, // i INST
  0x64, // d DICT
  0x6c, // l LIST
  0x74, // t TUPLE
]);

/**
 * True when the bytes look like the start of a pickle: PROTO (0x80) with a version 0-5 (protocol
 * 2+; accepts up to 0x0f because newer loaders may add versions), or a protocol 0/1 first opcode
 * whose argument has the right shape. Protocol 0/1 sniffing is a heuristic by nature; it is strict
 * enough that text files and binary tensors rarely match, and callers confirm by parsing.
 */
export function looksLikePickle(bytes: Uint8Array): boolean {
  const first = bytes[0];
  const second = bytes[1];
  if (first === undefined) return false;
  if (first === 0x80) return second !== undefined && second <= 0x0f;
  if (!PROTOCOL_0_1_FIRST.has(first)) return false;
  return looksLikeProtocol01(bytes);
}

function isPrintableLine(bytes: Uint8Array, start: number, maxLength: number): number {
  for (let i = start; i < Math.min(bytes.length, start + maxLength); i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) return i;
    if (b < 0x20 || b > 0x7e) return -1;
  }
  return -1;
}

function isIdentifierLine(bytes: Uint8Array, start: number, end: number, allowDots: boolean): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0;
    const ok =
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || (allowDots && b === 0x2e);
    if (!ok) return false;
  }
  return true;
}

/** Checks that the second opcode of a protocol 0/1 pickle is a valid opcode too. */
const ANY_OPCODE = new Set<number>(
  [...'()*.0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'].map((c) => c.charCodeAt(0)),
);

function looksLikeProtocol01(bytes: Uint8Array): boolean {
  const first = bytes[0] ?? 0;
  const c = String.fromCharCode(first);
  if (c === "c" || c === "i") {
    // GLOBAL / INST: "module\nname\n".
    const nl1 = isPrintableLine(bytes, 1, 256);
    if (nl1 < 0 || !isIdentifierLine(bytes, 1, nl1, true)) return false;
    const nl2 = isPrintableLine(bytes, nl1 + 1, 256);
    return nl2 >= 0 && isIdentifierLine(bytes, nl1 + 1, nl2, true);
  }
  if (c === "I" || c === "L" || c === "F" || c === "S" || c === "V") {
    const nl = isPrintableLine(bytes, 1, 4096);
    if (nl < 0) return false;
    if (c === "S") {
      const q = bytes[1];
      return (q === 0x27 || q === 0x22) && bytes[nl - 1] === q;
    }
    if (c === "I" || c === "L") {
      for (let i = 1; i < nl; i++) {
        const b = bytes[i] ?? 0;
        if (!((b >= 0x30 && b <= 0x39) || b === 0x2d || (c === "L" && b === 0x4c))) return false;
      }
      return nl > 1;
    }
    return true;
  }
  if (c === "(" || c === "}" || c === "]" || c === ")" || c === "N") {
    const next = bytes[1];
    // A one-byte pickle "N." or "}." is a pickle too; otherwise the next byte must be an opcode.
    if (next === undefined) return false;
    if (c === "(" || c === "}" || c === "]" || c === ")") return ANY_OPCODE.has(next) || next === 0x80 || next >= 0x8a;
    return next === 0x2e;
  }
  // Binary protocol-1 scalar openers: require a STOP soon after to keep random data out.
  const lengths: Record<string, number> = { J: 4, K: 1, M: 2, G: 8 };
  const argLength = lengths[c];
  if (argLength !== undefined) return bytes[1 + argLength] === 0x2e;
  if (c === "U" || c === "T" || c === "X") {
    const n = c === "U" ? (bytes[1] ?? -1) : bytes.length >= 5 ? new DataView(bytes.buffer, bytes.byteOffset + 1, 4).getUint32(0, true) : -1;
    const header = c === "U" ? 2 : 5;
    return n >= 0 && n < 1 << 20 && (bytes.length <= header + n || ANY_OPCODE.has(bytes[header + n] ?? 0));
  }
  if (c === "d" || c === "l" || c === "t") return bytes[1] === 0x2e;
  return false;
}

/** Best guess at what a byte string is, from its first bytes. */
export function sniff(bytes: Uint8Array): SniffedKind {
  if (isZip(bytes)) return "zip";
  // ustar magic sits at byte 257: callers pass at least 512 bytes for it to be seen.
  if (isTar(bytes)) return "tar";
  if (isNumpy(bytes)) return "numpy";
  if (isSevenZip(bytes)) return "sevenzip";
  if (isGzip(bytes)) return "gzip";
  if (isBzip2(bytes)) return "bzip2";
  if (isXz(bytes)) return "xz";
  if (isHdf5(bytes)) return "hdf5";
  if (looksLikePickle(bytes)) return "pickle";
  if (isZlib(bytes)) return "zlib";
  if (isLzmaAlone(bytes)) return "lzma";
  return "unknown";
}
