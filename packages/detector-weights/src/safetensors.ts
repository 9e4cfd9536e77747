/**
 * safetensors: 8-byte little-endian header length N, N bytes of JSON header, then the data area.
 * Invariants the reference loader enforces (huggingface/safetensors `Metadata::validate`): N ≤ 100 MB,
 * the header starts with '{', every tensor has a known dtype, a shape and data_offsets [begin, end]
 * relative to the data area, tensors sorted by offset are contiguous from 0, they cover the whole
 * data area, and end − begin = product(shape) × dtype bits / 8. Non-validating loaders (custom C++,
 * older converters) trust these numbers, so violations are out-of-bounds reads, aliasing, or hidden
 * payloads.
 */
import { checkMetadataString } from "./injection.js";
import type { Ctx } from "./report.js";
import { excerpt, Reporter } from "./report.js";

const HEADER_RULE = "weights/safetensors-header-invalid" as const;
const INJECTION_RULE = "weights/safetensors-metadata-injection" as const;

/** The reference loader's MAX_HEADER_SIZE. */
export const MAX_HEADER_BYTES = 100_000_000;

/** dtype → size in bits (from the safetensors Dtype enum). */
export const DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
};

interface TensorInfo {
  name: string;
  begin: number;
  end: number;
  expected?: number;
}

function isUint(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** Magic bytes of things nobody should hide inside a weights file. */
function sniffPayload(bytes: Uint8Array, start: number, end: number): string | undefined {
  const b = (i: number) => (start + i < end ? bytes[start + i] : undefined);
  if (b(0) === 0x80 && b(1) !== undefined && b(1)! >= 2 && b(1)! <= 5) return "a pickle stream";
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return "a zip archive";
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return "an ELF executable";
  if (b(0) === 0x4d && b(1) === 0x5a) return "a Windows executable";
  if (b(0) === 0x23 && b(1) === 0x21) return "a script (#!)";
  return undefined;
}

function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function scanSafetensors(bytes: Uint8Array, path: string, ctx: Ctx): void {
  const rep = new Reporter(ctx, path);
  try {
    scan(bytes, path, ctx, rep);
  } finally {
    rep.flush();
  }
}

function scan(bytes: Uint8Array, _path: string, ctx: Ctx, rep: Reporter): void {
  const n = bytes.length;
  if (n < 8) {
    ctx.incomplete(`safetensors file is ${n} bytes, shorter than its 8-byte header length`);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES) {
    rep.report({
      ruleId: HEADER_RULE,
      severity: "high",
      message: `Header length is ${headerLen} bytes (file: ${n} bytes); the format caps it at 100 MB, and naive loaders allocate or read that much.`,
      evidence: `header_length=${headerLen}`,
      byteOffset: 0,
      byteLength: 8,
    });
    return;
  }
  if (headerLen > n - 8) {
    ctx.incomplete(`safetensors header claims ${headerLen} bytes but only ${n - 8} follow: the file is truncated`, {
      kind: "binary",
      byteOffset: 0,
      byteLength: 8,
    });
    return;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    ctx.incomplete("safetensors header is not valid UTF-8", { kind: "binary", byteOffset: 8, byteLength: headerLen });
    return;
  }
  if (!text.startsWith("{")) {
    ctx.incomplete("safetensors header does not start with '{'", { kind: "binary", byteOffset: 8, byteLength: headerLen });
    return;
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    ctx.incomplete(`safetensors header is not valid JSON (${err instanceof Error ? err.message : "parse error"})`, {
      kind: "binary",
      byteOffset: 8,
      byteLength: headerLen,
    });
    return;
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    ctx.incomplete("safetensors header is not a JSON object", { kind: "binary", byteOffset: 8, byteLength: headerLen });
    return;
  }
  const dataStart = 8 + headerLen;
  const dataLen = n - dataStart;
  const tensors: TensorInfo[] = [];
  let structural = 0;
  const invalid = (name: string, why: string, severity: "medium" | "high" = "medium") => {
    structural++;
    rep.report({
      ruleId: HEADER_RULE,
      severity,
      message: `Tensor "${excerpt(name)}" ${why}; the reference loader rejects this header.`,
      evidence: excerpt(name, 80),
      identity: `${why.split(" ")[0]}:${name}`,
      member: `header/${excerpt(name, 200)}`,
    });
  };

  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      checkMetadata(value, rep);
      continue;
    }
    checkName(name, rep);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      invalid(name, "is not an object");
      continue;
    }
    const info = value as Record<string, unknown>;
    const dtype = info["dtype"];
    const shape = info["shape"];
    const offsets = info["data_offsets"];
    if (typeof dtype !== "string") {
      invalid(name, "has no dtype");
      continue;
    }
    if (!Array.isArray(shape) || !shape.every(isUint)) {
      invalid(name, "has a shape that is not a list of non-negative integers");
      continue;
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !isUint(offsets[0]) || !isUint(offsets[1])) {
      invalid(name, "has data_offsets that are not two non-negative integers");
      continue;
    }
    const begin = offsets[0];
    const end = offsets[1];
    if (begin > end) {
      invalid(name, `has data_offsets [${begin}, ${end}] that run backwards`, "high");
      continue;
    }
    let elements = 1;
    for (const d of shape as number[]) elements *= d;
    const bits = DTYPE_BITS[dtype];
    let expected: number | undefined;
    if (bits === undefined) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "low",
        message: `Tensor "${excerpt(name)}" has dtype ${excerpt(dtype, 40)}, unknown to this scanner; its byte size was not checked.`,
        evidence: excerpt(dtype, 40),
        identity: `dtype:${dtype}`,
        member: `header/${excerpt(name, 200)}`,
      });
    } else if (!Number.isSafeInteger(elements) || elements * bits > Number.MAX_SAFE_INTEGER) {
      invalid(name, `has shape [${(shape as number[]).join(", ")}] whose size overflows`, "high");
      continue;
    } else if ((elements * bits) % 8 !== 0) {
      invalid(name, `has ${elements} ${dtype} elements, not a whole number of bytes`);
      continue;
    } else {
      expected = (elements * bits) / 8;
      if (end - begin !== expected) {
        const under = end - begin < expected;
        invalid(
          name,
          `spans ${end - begin} bytes but shape [${(shape as number[]).join(", ")}] × ${dtype} needs ${expected}${under ? " (readers that trust the shape read past the tensor)" : " (the extra bytes hide data)"}`,
          under ? "high" : "medium",
        );
      }
    }
    tensors.push({ name, begin, end, ...(expected === undefined ? {} : { expected }) });
  }

  // Bounds, overlaps and gaps, in offset order.
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const maxEnd = tensors.reduce((m, t) => Math.max(m, t.end), 0);
  if (maxEnd > dataLen) {
    const contiguous = tensors.every((t, i) => t.begin === (i === 0 ? 0 : tensors[i - 1]!.end) && (t.expected === undefined || t.end - t.begin === t.expected));
    if (contiguous && structural === 0) {
      ctx.incomplete(`safetensors data area is ${dataLen} bytes but the tensors need ${maxEnd}: the file is truncated`, {
        kind: "binary",
        byteOffset: dataStart,
      });
      return;
    }
    for (const t of tensors.filter((x) => x.end > dataLen)) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "high",
        message: `Tensor "${excerpt(t.name)}" has data_offsets [${t.begin}, ${t.end}] beyond the ${dataLen}-byte data area (out-of-bounds read in loaders that trust offsets).`,
        evidence: excerpt(t.name, 80),
        identity: `oob:${t.name}`,
        member: `header/${excerpt(t.name, 200)}`,
      });
    }
  }
  let cursor = 0;
  let prev: TensorInfo | undefined;
  for (const t of tensors) {
    if (prev && t.begin < prev.end && t.end > t.begin) {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "high",
        message: `Tensors "${excerpt(prev.name)}" [${prev.begin}, ${prev.end}] and "${excerpt(t.name)}" [${t.begin}, ${t.end}] overlap (aliased weights, parser differential).`,
        evidence: `${excerpt(prev.name, 60)} ∩ ${excerpt(t.name, 60)}`,
        identity: `overlap:${t.name}`,
        member: `header/${excerpt(t.name, 200)}`,
      });
    } else if (t.begin > cursor && t.begin <= dataLen) {
      reportGap(bytes, dataStart, cursor, t.begin, `before tensor "${excerpt(t.name)}"`, rep);
    }
    cursor = Math.max(cursor, t.end);
    if (!prev || t.end >= prev.end) prev = t;
  }
  if (cursor < dataLen) reportGap(bytes, dataStart, cursor, dataLen, "after the last tensor", rep);
}

function reportGap(bytes: Uint8Array, dataStart: number, from: number, to: number, where: string, rep: Reporter): void {
  const start = dataStart + from;
  const end = dataStart + to;
  const payload = sniffPayload(bytes, start, end);
  const zero = !payload && allZero(bytes, start, Math.min(end, start + 1024 * 1024));
  rep.report({
    ruleId: HEADER_RULE,
    severity: payload ? "high" : zero ? "low" : "medium",
    message: payload
      ? `${to - from} bytes ${where} belong to no tensor and start like ${payload}: a payload hidden in the weights file.`
      : `${to - from} ${zero ? "zero " : ""}bytes ${where} belong to no tensor; the reference loader rejects such files${zero ? "" : ", and the bytes can hide a payload"}.`,
    evidence: payload ?? `gap of ${to - from} bytes`,
    identity: `gap:${from}`,
    byteOffset: start,
    byteLength: to - from,
  });
}

function checkMetadata(value: unknown, rep: Reporter): void {
  if (value === null) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    rep.report({
      ruleId: HEADER_RULE,
      severity: "medium",
      message: "__metadata__ is not an object of strings; the reference loader rejects this header.",
      evidence: "__metadata__",
      member: "header/__metadata__",
    });
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== "string") {
      rep.report({
        ruleId: HEADER_RULE,
        severity: "medium",
        message: `__metadata__["${excerpt(key)}"] is a ${v === null ? "null" : Array.isArray(v) ? "list" : typeof v}, not a string; the reference loader rejects this header.`,
        evidence: excerpt(key, 80),
        identity: `meta-type:${key}`,
        member: `header/__metadata__/${excerpt(key, 200)}`,
      });
      continue;
    }
    for (const hit of [...checkMetadataString(key), ...checkMetadataString(v)]) {
      rep.report({
        ruleId: INJECTION_RULE,
        severity: hit.severity,
        message: `Metadata "${excerpt(key, 80)}" contains ${hit.what}: "${excerpt(v, 100)}".`,
        evidence: `${excerpt(key, 60)}: ${hit.what}`,
        identity: `${key}:${hit.what}`,
        member: `header/__metadata__/${excerpt(key, 200)}`,
      });
    }
  }
}

function checkName(name: string, rep: Reporter): void {
  for (const hit of checkMetadataString(name)) {
    if (hit.severity === "low") continue;
    rep.report({
      ruleId: INJECTION_RULE,
      severity: hit.severity,
      message: `Tensor name contains ${hit.what}: "${excerpt(name, 120)}".`,
      evidence: `tensor name: ${hit.what}`,
      identity: `name:${name}`,
      member: `header/${excerpt(name, 200)}`,
    });
  }
}
