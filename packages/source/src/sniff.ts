/**
 * Content sniffing: decide what a file is from its bytes, with the name only as a tie-breaker.
 * Peer scanners that dispatch on the extension miss renamed pickles and `data.txt` members
 * (MODEL-THREATS.md P2, P17), so magic bytes always win.
 */
import type { BinaryFormat, FileKind, SourceKind } from "@watchtower/types";

export interface Sniffed {
  kind: SourceKind;
  format?: BinaryFormat;
}

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** HDF5 allows a user block of 512 · 2^n bytes before the superblock. */
const HDF5_OFFSETS = [0, 512, 1024, 2048, 4096];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const PICKLE_EXTENSIONS = /\.(?:pkl|pickle|pck|pcl|p|joblib|dill|sav|bin|pt|pth|ckpt|mar|data)$/i;
const PROTOBUF_EXTENSIONS = /\.pb$/i;
const ONNX_EXTENSIONS = /\.onnx$/i;

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/** Opcodes without an argument (protocols 0-5). */
const BARE_OPS = new Set(Array.from("(.012NRabdeilostu})]Q", (c) => c.charCodeAt(0)).concat([0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x97, 0x98]));
/** Opcode (a character or a byte value) → a size, as a lookup by byte. */
function opMap(entries: readonly (readonly [string | number, number])[]): Map<number, number> {
  return new Map(entries.map(([op, n]) => [typeof op === "string" ? op.charCodeAt(0) : op, n]));
}
/** Opcodes with a fixed-size binary argument, by size. */
const FIXED_OPS = opMap([["J", 4], ["K", 1], ["M", 2], ["h", 1], ["j", 4], ["q", 1], ["r", 4], ["G", 8], [0x82, 1], [0x83, 2], [0x84, 4], [0x95, 8]]);
/** Opcodes followed by a little-endian length (of this many bytes) and that many bytes. */
const SIZED_OPS = opMap([["U", 1], ["T", 4], ["X", 4], ["B", 4], ["C", 1], [0x8a, 1], [0x8b, 4], [0x8c, 1], [0x8d, 8], [0x8e, 8], [0x96, 8]]);
/** Opcodes whose argument is a line (two lines for GLOBAL and INST). */
const LINE_OPS = new Set(Array.from("ILFSVPpgci", (c) => c.charCodeAt(0)));
/** Opcodes that make the loader import or call something. */
const CALL_OPS = new Set(Array.from("cioRb", (c) => c.charCodeAt(0)).concat([0x81, 0x92, 0x93]));

/**
 * Walks the opcodes at the start of `bytes` as a pickle without executing anything: how many parse,
 * whether STOP was reached and whether an import/call opcode was seen. Protocol 0/1 pickles have no
 * header (`Vos\np0\n0Vsystem\n…`, `S'os'\nS'system'\n\x93…`), so this is how they are told from text.
 */
function walkPickle(bytes: Uint8Array, maxOps = 64): { ops: number; stopped: boolean; calls: boolean } {
  let i = 0;
  let ops = 0;
  let calls = false;
  const lineEnd = (from: number): number => {
    for (let k = from; k < Math.min(bytes.length, from + 512); k++) {
      const b = bytes[k]!;
      if (b === 0x0a) return k;
      if (b < 0x20 && b !== 0x09 && b !== 0x0d) return -1;
    }
    return -1;
  };
  while (i < bytes.length && ops < maxOps) {
    const op = bytes[i]!;
    if (op === 0x2e) return { ops: ops + 1, stopped: true, calls };
    if (CALL_OPS.has(op)) calls = true;
    if (BARE_OPS.has(op)) i += 1;
    else if (FIXED_OPS.has(op)) i += 1 + FIXED_OPS.get(op)!;
    else if (SIZED_OPS.has(op)) {
      const width = SIZED_OPS.get(op)!;
      if (i + 1 + width > bytes.length) break;
      let len = 0;
      for (let k = width - 1; k >= 0; k--) len = len * 256 + bytes[i + 1 + k]!;
      i += 1 + width + len;
    } else if (LINE_OPS.has(op)) {
      const end = lineEnd(i + 1);
      if (end < 0) break;
      const arg = ascii(bytes, i + 1, end);
      const c = String.fromCharCode(op);
      if ((c === "I" || c === "L") && !/^-?\d{1,40}L?$/.test(arg)) break;
      if (c === "F" && !/^-?[\d.]{1,40}(?:[eE][-+]?\d{1,4})?$|^-?(?:inf|nan)$/.test(arg)) break;
      if (c === "S" && !/^(['"]).*\1$/.test(arg)) break;
      if ((c === "p" || c === "g") && !/^\d{1,9}$/.test(arg)) break;
      if (c === "c" || c === "i") {
        const end2 = lineEnd(end + 1);
        if (end2 < 0 || !/^[\w.]{1,200}$/.test(arg)) break;
        i = end2 + 1;
      } else i = end + 1;
    } else break;
    ops++;
  }
  return { ops, stopped: false, calls };
}

/** PNG, JPEG, GIF, PDF: formats a renamed "model" sometimes is, never a loadable pickle. */
const OTHER_MAGICS = [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38], [0x25, 0x50, 0x44, 0x46, 0x2d]];

/** True when the first bytes look like a protocol 0/1 pickle (text opcodes, no PROTO header). */
function looksLikeTextPickle(bytes: Uint8Array, path: string): boolean {
  const head = ascii(bytes, 0, 256);
  // GLOBAL opcode: `c<module>\n<name>\n`
  if (/^c[\w.]{1,100}\n[\w.]{1,100}\n/.test(head)) return true;
  // MARK + DICT/LIST with a memo PUT: `(dp0\n` / `(lp1\n` only ever start protocol-0 pickles.
  if (/^\((?:dp|lp)\d{1,6}\n/.test(head)) return true;
  // Images and documents that happen to start with opcode-like bytes (PNG's 0x89 'P' …) are not pickles.
  if (OTHER_MAGICS.some((m) => startsWith(bytes, m))) return false;
  const walk = walkPickle(bytes);
  // Named like a pickle: a couple of opcodes that parse are enough (a broken pickle must reach the
  // pickle detector and be reported incomplete, not pass as text).
  if (PICKLE_EXTENSIONS.test(path)) return walk.ops >= 2 || /^(?:\((?:dp|lp|[cISVt])|[}\]][q(\0.])/.test(head);
  // Any other name: the opcodes must run to STOP, or on for a while, and import or call something.
  return walk.calls && (walk.stopped ? walk.ops >= 4 : walk.ops >= 32);
}

export function sniff(bytes: Uint8Array, path: string): Sniffed {
  const n = bytes.length;
  if (n >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5) return { kind: "binary", format: "pickle" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: "binary", format: "zip" };
  }
  if (startsWith(bytes, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return { kind: "binary", format: "numpy" };
  for (const at of HDF5_OFFSETS) if (startsWith(bytes, HDF5_MAGIC, at)) return { kind: "binary", format: "hdf5" };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: "binary", format: "sevenzip" };
  if (startsWith(bytes, [0x1f, 0x8b])) return { kind: "binary", format: "gzip" };
  if (startsWith(bytes, [0x42, 0x5a, 0x68]) && n > 3 && bytes[3]! >= 0x31 && bytes[3]! <= 0x39) {
    return { kind: "binary", format: "bzip2" };
  }
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: "binary", format: "xz" };
  if (startsWith(bytes, [0x47, 0x47, 0x55, 0x46])) return { kind: "binary", format: "gguf" };
  if (n > 8 && ascii(bytes, 4, 8) === "TFL3") return { kind: "binary", format: "tflite" };
  if (n > 262 && ascii(bytes, 257, 262) === "ustar") return { kind: "binary", format: "tar" };
  if (looksLikeSafetensors(bytes)) return { kind: "binary", format: "safetensors" };
  // zlib streams (joblib compress=zlib): CMF 0x78 with a valid FCHECK.
  if (n > 2 && bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]!) % 31 === 0 && !isMostlyText(bytes)) {
    return { kind: "binary", format: "zlib" };
  }
  // Raw .lzma (LZMA-alone) header: properties byte 0x5d, then dictionary size.
  if (n > 13 && bytes[0] === 0x5d && bytes[1] === 0x00 && bytes[2] === 0x00 && !isMostlyText(bytes)) {
    return { kind: "binary", format: "lzma" };
  }
  if (PROTOBUF_EXTENSIONS.test(path)) return { kind: "binary", format: "protobuf" };
  // TF1 checkpoints' MetaGraphDef; only when binary, as `.meta` is a common text extension too.
  if (/\.meta$/i.test(path) && !isMostlyText(bytes)) return { kind: "binary", format: "protobuf" };
  if (ONNX_EXTENSIONS.test(path)) return { kind: "binary", format: "onnx" };
  if (looksLikeTextPickle(bytes, path)) return { kind: "binary", format: "pickle" };
  if (path.toLowerCase().endsWith(".ipynb")) return { kind: "notebook" };
  if (isMostlyText(bytes)) return { kind: "text" };
  return { kind: "binary", format: "unknown" };
}

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  // u64 little-endian header length, then a JSON object.
  let len = 0;
  for (let i = 5; i >= 0; i--) len = len * 256 + bytes[i]!;
  if (bytes[6] !== 0 || bytes[7] !== 0) return false;
  return len > 1 && bytes[8] === 0x7b && (bytes[9] === 0x22 || bytes[9] === 0x7d || bytes[9] === 0x20);
}

/** No NUL byte in the first 8 KiB: the rule git and ripgrep use to call a file text. */
export function isMostlyText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return false;
  return true;
}

const MANIFEST_NAMES =
  /(?:^|\/)(?:[\w.-]{0,40}(?:requirements|constraints)[\w.-]{0,60}\.(?:txt|in)|requirements\/[\w.-]{1,60}\.(?:txt|in)|pyproject\.toml|Pipfile(?:\.lock)?|(?:environment|conda|env)[\w.-]{0,40}\.ya?ml|setup\.py|setup\.cfg|METADATA)$/;

const MODEL_EXTENSIONS = new Set([
  ".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib", ".dill", ".sav", ".npy", ".npz", ".h5", ".hdf5",
  ".keras", ".pb", ".onnx", ".safetensors", ".gguf", ".ggml", ".tflite", ".mar", ".pte", ".mlmodel", ".model",
  ".msgpack", ".llamafile", ".torchscript",
]);

export function isModelLikePath(path: string): boolean {
  return MODEL_EXTENSIONS.has(extension(path));
}

export function isManifestPath(path: string): boolean {
  return MANIFEST_NAMES.test(path);
}

/** How the summary counts a file (notebooks and manifests apart from models, as Watchtower does). */
export function fileKindOf(path: string, sniffed: Sniffed): FileKind {
  if (sniffed.kind === "notebook") return "notebook";
  if (sniffed.kind === "binary") {
    if (sniffed.format !== "unknown" || isModelLikePath(path)) return "model";
    return "other";
  }
  if (isManifestPath(path)) return "manifest";
  if (/\.(?:py|pyi|pyw)$/i.test(path)) return "code";
  return "text";
}
