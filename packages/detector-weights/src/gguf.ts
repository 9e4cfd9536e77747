/**
 * GGUF (llama.cpp): "GGUF" magic, u32 version, tensor count and KV count (u32 in v1, u64 since
 * v2), KV pairs (string key, u32 type, value), tensor infos (name, u32 n_dims, u64 dims, u32 ggml
 * type, u64 offset), padding to general.alignment (default 32), tensor data. Big-endian files
 * (version read byte-swapped) are supported. Every length is checked against the file before use:
 * the parser bugs behind the 2024 llama.cpp GGUF advisories were all unchecked counts and lengths.
 */
import { analyzeTemplate } from "./jinja.js";
import { checkMetadataString } from "./injection.js";
import type { Ctx } from "./report.js";
import { excerpt, Reporter } from "./report.js";

const HEADER_RULE = "weights/gguf-header-invalid" as const;

/** GGUF value types. */
const T_U8 = 0, T_I8 = 1, T_U16 = 2, T_I16 = 3, T_U32 = 4, T_I32 = 5, T_F32 = 6, T_BOOL = 7, T_STRING = 8, T_ARRAY = 9, T_U64 = 10, T_I64 = 11, T_F64 = 12;
const SCALAR_SIZE: Readonly<Record<number, number>> = {
  [T_U8]: 1, [T_I8]: 1, [T_U16]: 2, [T_I16]: 2, [T_U32]: 4, [T_I32]: 4, [T_F32]: 4, [T_BOOL]: 1, [T_U64]: 8, [T_I64]: 8, [T_F64]: 8,
};

/** ggml type id → [elements per block, bytes per block] (ggml type_traits; removed ids absent). */
export const GGML_TYPES: Readonly<Record<number, readonly [string, number, number]>> = {
  0: ["F32", 1, 4], 1: ["F16", 1, 2], 2: ["Q4_0", 32, 18], 3: ["Q4_1", 32, 20], 6: ["Q5_0", 32, 22], 7: ["Q5_1", 32, 24],
  8: ["Q8_0", 32, 34], 9: ["Q8_1", 32, 36], 10: ["Q2_K", 256, 84], 11: ["Q3_K", 256, 110], 12: ["Q4_K", 256, 144],
  13: ["Q5_K", 256, 176], 14: ["Q6_K", 256, 210], 15: ["Q8_K", 256, 292], 16: ["IQ2_XXS", 256, 66], 17: ["IQ2_XS", 256, 74],
  18: ["IQ3_XXS", 256, 98], 19: ["IQ1_S", 256, 50], 20: ["IQ4_NL", 32, 18], 21: ["IQ3_S", 256, 110], 22: ["IQ2_S", 256, 82],
  23: ["IQ4_XS", 256, 136], 24: ["I8", 1, 1], 25: ["I16", 1, 2], 26: ["I32", 1, 4], 27: ["I64", 1, 8], 28: ["F64", 1, 8],
  29: ["IQ1_M", 256, 56], 30: ["BF16", 1, 2], 34: ["TQ1_0", 256, 54], 35: ["TQ2_0", 256, 66], 39: ["MXFP4", 32, 17],
};

/** llama.cpp's GGML_MAX_DIMS. */
const MAX_DIMS = 4;
/** llama.cpp's GGML_MAX_NAME (tensor names are truncated/rejected beyond it). */
const MAX_TENSOR_NAME = 64;
/** Strings kept for analysis; longer ones are still bounds-checked and skipped. */
const MAX_KEPT_STRING = 8 * 1024 * 1024;

class Truncated extends Error {}
class Crafted extends Error {}

class Cursor {
  pos = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (n > this.bytes.length) throw new Crafted(`${what} claims ${n} bytes, more than the whole ${this.bytes.length}-byte file`);
    if (this.pos + n > this.bytes.length) throw new Truncated(`${what} runs past the end of the file at byte ${this.pos}`);
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }
  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, this.le);
    this.pos += 8;
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER + 1 : Number(v);
  }
  count(v1: boolean, what: string): number {
    return v1 ? this.u32(what) : this.u64(what);
  }
  string(v1: boolean, what: string): string | undefined {
    const len = this.count(v1, `${what} length`);
    this.need(len, what);
    const start = this.pos;
    this.pos += len;
    if (len > MAX_KEPT_STRING) return undefined;
    return new TextDecoder("utf-8", { fatal: false }).decode(this.bytes.subarray(start, start + len));
  }
  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }
}

interface Kv {
  key: string;
  type: number;
  value?: string | number;
  offset: number;
}

export function scanGguf(bytes: Uint8Array, path: string, ctx: Ctx): void {
  const rep = new Reporter(ctx, path);
  try {
    parse(bytes, rep, ctx);
  } catch (err) {
    if (err instanceof Crafted) {
      rep.report({ ruleId: HEADER_RULE, severity: "high", message: `GGUF header is impossible for this file: ${err.message}.`, evidence: "length beyond file" });
    } else if (err instanceof Truncated) {
      ctx.incomplete(`GGUF file is truncated: ${err.message}`);
    } else throw err;
  } finally {
    rep.flush();
  }
}

function parse(bytes: Uint8Array, rep: Reporter, ctx: Ctx): void {
  if (bytes.length < 8 || bytes[0] !== 0x47 || bytes[1] !== 0x47 || bytes[2] !== 0x55 || bytes[3] !== 0x46) {
    ctx.incomplete("file does not start with the GGUF magic");
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let le = true;
  let version = view.getUint32(4, true);
  if (version > 0xffff && view.getUint32(4, false) <= 0xffff) {
    le = false;
    version = view.getUint32(4, false);
  }
  if (version < 1 || version > 3) {
    rep.report({
      ruleId: HEADER_RULE,
      severity: "medium",
      message: `GGUF version ${version} is not one llama.cpp reads (1–3); the rest of the header was not parsed.`,
      evidence: `version=${version}`,
      byteOffset: 4,
      byteLength: 4,
    });
    ctx.incomplete(`unsupported GGUF version ${version}`);
    return;
  }
  const v1 = version === 1;
  const c = new Cursor(bytes, le);
  c.pos = 8;
  const tensorCount = c.count(v1, "tensor count");
  const kvCount = c.count(v1, "metadata KV count");
  const rest = bytes.length - c.pos;
  // Smallest possible entries: KV = key length (4|8) + 1-byte key + type (4) + 1-byte value;
  // tensor info = name length (4|8) + n_dims (4) + type (4) + offset (8).
  const lenSize = v1 ? 4 : 8;
  if (kvCount * (lenSize + 6) > rest || tensorCount * (lenSize + 16) > rest) {
    rep.report({
      ruleId: HEADER_RULE,
      severity: "high",
      message: `GGUF header declares ${tensorCount} tensors and ${kvCount} metadata entries, more than a ${bytes.length}-byte file can hold (allocation/overflow attack on GGUF parsers).`,
      evidence: `tensor_count=${tensorCount} kv_count=${kvCount}`,
      byteOffset: 8,
      byteLength: 2 * lenSize,
    });
    return;
  }

  const kvs: Kv[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < kvCount; i++) {
    const offset = c.pos;
    const key = c.string(v1, "metadata key") ?? "";
    const type = c.u32(`type of "${excerpt(key, 40)}"`);
    if (seen.has(key)) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "medium",
        message: `Metadata key "${excerpt(key)}" appears twice; llama.cpp rejects duplicates and other readers keep either copy (parser differential).`,
        evidence: excerpt(key, 80),
        identity: `dup:${key}`,
        member: `metadata/${excerpt(key, 200)}`,
        byteOffset: offset,
      });
    }
    seen.add(key);
    const kv: Kv = { key, type, offset };
    readValue(c, v1, type, key, kv, 0);
    kvs.push(kv);
  }

  let alignment = 32;
  const alignKv = kvs.find((k) => k.key === "general.alignment");
  if (alignKv) {
    const a = typeof alignKv.value === "number" ? alignKv.value : NaN;
    if (!Number.isSafeInteger(a) || a <= 0 || (a & (a - 1)) !== 0) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "high",
        message: `general.alignment is ${String(alignKv.value)}, not a positive power of two (offset arithmetic in loaders breaks).`,
        evidence: `general.alignment=${String(alignKv.value)}`,
        member: "metadata/general.alignment",
        byteOffset: alignKv.offset,
      });
    } else alignment = a;
  }

  for (const kv of kvs) checkKv(kv, rep);

  const infos: { name: string; size: number | undefined; offset: number; at: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const at = c.pos;
    const name = c.string(v1, "tensor name") ?? "";
    const nDims = c.u32(`n_dims of tensor "${excerpt(name, 40)}"`);
    if (nDims > MAX_DIMS) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "high",
        message: `Tensor "${excerpt(name)}" has ${nDims} dimensions; GGML allows ${MAX_DIMS} and parsers that copy them into fixed arrays overflow.`,
        evidence: `n_dims=${nDims}`,
        identity: `ndims:${name}`,
        member: `tensors/${excerpt(name, 200)}`,
        byteOffset: at,
      });
      c.need(nDims * 8, "tensor dimensions");
    }
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.u64("tensor dimension"));
    const type = c.u32("tensor type");
    const offset = c.u64("tensor offset");
    if (name.length > MAX_TENSOR_NAME) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "medium",
        message: `Tensor name is ${name.length} characters; llama.cpp allows ${MAX_TENSOR_NAME - 1}.`,
        evidence: excerpt(name, 80),
        identity: `name-length:${name}`,
        member: `tensors/${excerpt(name, 200)}`,
        byteOffset: at,
      });
    }
    const ggml = GGML_TYPES[type];
    let size: number | undefined;
    if (!ggml) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "low",
        message: `Tensor "${excerpt(name)}" has ggml type ${type}, unknown to this scanner; its size was not checked.`,
        evidence: `type=${type}`,
        identity: `type:${type}`,
        member: `tensors/${excerpt(name, 200)}`,
        byteOffset: at,
      });
    } else if (nDims <= MAX_DIMS) {
      const [tname, block, blockBytes] = ggml;
      let elements = 1;
      for (const d of dims) elements *= d;
      const ne0 = dims[0] ?? 1;
      if (!Number.isSafeInteger(elements) || dims.some((d) => d > Number.MAX_SAFE_INTEGER)) {
        rep.report({
          ruleId: HEADER_RULE,
          severity: "high",
          message: `Tensor "${excerpt(name)}" has dimensions [${dims.join(", ")}] whose element count overflows 64-bit size arithmetic.`,
          evidence: `dims=[${dims.join(",")}]`,
          identity: `overflow:${name}`,
          member: `tensors/${excerpt(name, 200)}`,
          byteOffset: at,
        });
      } else if (ne0 % block !== 0) {
        rep.report({
          ruleId: HEADER_RULE,
          severity: "medium",
          message: `Tensor "${excerpt(name)}" has a first dimension of ${ne0}, not a multiple of the ${tname} block size ${block}.`,
          evidence: `${tname} ne0=${ne0}`,
          identity: `block:${name}`,
          member: `tensors/${excerpt(name, 200)}`,
          byteOffset: at,
        });
      } else size = (elements / block) * blockBytes;
    }
    if (offset % alignment !== 0) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "medium",
        message: `Tensor "${excerpt(name)}" starts at data offset ${offset}, not a multiple of the ${alignment}-byte alignment.`,
        evidence: `offset=${offset}`,
        identity: `align:${name}`,
        member: `tensors/${excerpt(name, 200)}`,
        byteOffset: at,
      });
    }
    infos.push({ name, size, offset, at });
  }

  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  const dataLen = Math.max(0, bytes.length - dataStart);
  const sized = infos.filter((t) => t.size !== undefined) as { name: string; size: number; offset: number; at: number }[];
  const beyond = sized.filter((t) => t.offset + t.size > dataLen);
  const ordered = [...sized].sort((a, b) => a.offset - b.offset);
  if (beyond.length > 0) {
    // A download cut short keeps the writer's layout: tensors back to back, padded to the alignment.
    const layoutIntact = ordered.every((t, i) => {
      const prev = ordered[i - 1];
      const expected = prev ? Math.ceil((prev.offset + prev.size) / alignment) * alignment : 0;
      return t.offset === expected;
    });
    if (layoutIntact && infos.length === sized.length) {
      const maxEnd = Math.max(...sized.map((t) => t.offset + t.size));
      ctx.incomplete(`GGUF tensor data needs ${maxEnd} bytes after the header but only ${dataLen} are present: the file is truncated`);
    } else {
      for (const t of beyond) {
        rep.report({
          ruleId: HEADER_RULE,
          severity: "high",
          message: `Tensor "${excerpt(t.name)}" lies at data offset ${t.offset} (+${t.size} bytes), beyond the ${dataLen}-byte data section (out-of-bounds read).`,
          evidence: `offset=${t.offset}`,
          identity: `oob:${t.name}`,
          member: `tensors/${excerpt(t.name, 200)}`,
          byteOffset: t.at,
        });
      }
    }
  }
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1]!;
    const b = ordered[i]!;
    if (b.offset < a.offset + a.size && b.size > 0) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "high",
        message: `Tensors "${excerpt(a.name)}" and "${excerpt(b.name)}" overlap in the data section (aliased weights, parser differential).`,
        evidence: `${excerpt(a.name, 60)} ∩ ${excerpt(b.name, 60)}`,
        identity: `overlap:${b.name}`,
        member: `tensors/${excerpt(b.name, 200)}`,
        byteOffset: b.at,
      });
    }
  }
}

function readValue(c: Cursor, v1: boolean, type: number, key: string, kv: Kv, depth: number): void {
  const what = `value of "${excerpt(key, 40)}"`;
  if (type === T_STRING) {
    const s = c.string(v1, what);
    if (depth === 0 && s !== undefined) kv.value = s;
    return;
  }
  const size = SCALAR_SIZE[type];
  if (size !== undefined) {
    c.need(size, what);
    if (depth === 0) {
      const view = new DataView(c.bytes.buffer, c.bytes.byteOffset + c.pos, size);
      kv.value =
        type === T_U32 ? view.getUint32(0, c.le) : type === T_I32 ? view.getInt32(0, c.le) : type === T_U8 || type === T_BOOL ? view.getUint8(0)
          : type === T_U64 ? Number(view.getBigUint64(0, c.le)) : type === T_I64 ? Number(view.getBigInt64(0, c.le)) : type === T_U16 ? view.getUint16(0, c.le) : NaN;
    }
    c.skip(size, what);
    return;
  }
  if (type === T_ARRAY) {
    if (depth >= 2) throw new Crafted(`array "${excerpt(key, 40)}" nests deeper than any GGUF writer produces`);
    const elemType = c.u32(`element type of "${excerpt(key, 40)}"`);
    const n = c.count(v1, `element count of "${excerpt(key, 40)}"`);
    const elemSize = SCALAR_SIZE[elemType];
    if (elemSize !== undefined) {
      c.need(n * elemSize, what);
      c.skip(n * elemSize, what);
      return;
    }
    if (elemType === T_STRING) {
      c.need(n * (v1 ? 4 : 8), what);
      for (let i = 0; i < n; i++) {
        const len = c.count(v1, `${what} element length`);
        c.skip(len, what);
      }
      return;
    }
    if (elemType === T_ARRAY) {
      for (let i = 0; i < n; i++) readValue(c, v1, T_ARRAY, key, kv, depth + 1);
      return;
    }
    throw new Crafted(`array "${excerpt(key, 40)}" has unknown element type ${elemType}`);
  }
  throw new Crafted(`metadata "${excerpt(key, 40)}" has value type ${type}, which GGUF does not define`);
}

function checkKv(kv: Kv, rep: Reporter): void {
  if (typeof kv.value !== "string") return;
  const member = `metadata/${excerpt(kv.key, 200)}`;
  if (kv.key.startsWith("tokenizer.chat_template")) {
    for (const hit of analyzeTemplate(kv.value).slice(0, 5)) {
      rep.report({
        ruleId: "weights/gguf-chat-template-injection",
        severity: hit.severity,
        message: `Chat template ${kv.key} uses ${hit.construct}: ${hit.reason}. Context: "${excerpt(kv.value.slice(Math.max(0, hit.offset - 30), hit.offset + 60), 100)}".`,
        evidence: hit.construct,
        identity: `${kv.key}:${hit.construct}`,
        member,
        byteOffset: kv.offset,
      });
    }
    return;
  }
  for (const hit of checkMetadataString(kv.value)) {
    rep.report({
      ruleId: "weights/gguf-metadata-injection",
      severity: hit.severity,
      message: `Metadata ${excerpt(kv.key, 80)} contains ${hit.what}: "${excerpt(kv.value, 100)}".`,
      evidence: `${excerpt(kv.key, 60)}: ${hit.what}`,
      identity: `${kv.key}:${hit.what}`,
      member,
      byteOffset: kv.offset,
    });
  }
}
