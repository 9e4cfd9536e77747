/**
 * Layouts around pickles, parsed the way their loaders read them: NumPy .npy headers, joblib's raw
 * array data interleaved in the pickle stream, and the storage data after a legacy torch.save stream.
 */
import type { BuildHook, RunResult, Value } from "./vm.js";

// ---------------------------------------------------------------------------------------------
// .npy

export interface NpyHeader {
  /** Offset of the array data (or of the embedded pickle for object arrays). */
  dataOffset: number;
  descr: string;
  hasObject: boolean;
  shape: number[] | undefined;
}

/** Parses an .npy header; returns an error string when it is not one numpy would accept. */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader | string {
  if (bytes.length < 10) return "truncated .npy header";
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) return "truncated .npy header";
    headerLength = view.getUint32(8, true);
    start = 12;
  } else {
    return `unsupported .npy format version ${major}`;
  }
  if (start + headerLength > bytes.length) return "truncated .npy header";
  if (headerLength > 1024 * 1024) return ".npy header larger than 1 MiB";
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + headerLength));
  const descrMatch = /['"]descr['"]\s*:\s*(['"][^'"]{0,200}['"]|\[[^\]]{0,20000}\])/.exec(header);
  if (!descrMatch?.[1]) return ".npy header has no descr";
  const descr = descrMatch[1];
  // Object dtype: "|O", "O", or an "O" field inside a structured descr.
  const hasObject = /['"][|<>=]?O\d{0,2}['"]/.test(descr);
  const shapeMatch = /['"]shape['"]\s*:\s*\(([\d,\sL]{0,1000})\)/.exec(header);
  const shape = shapeMatch?.[1]
    ?.split(",")
    .map((s) => s.trim().replace(/L$/, ""))
    .filter((s) => s.length > 0)
    .map(Number);
  return { dataOffset: start + headerLength, descr, hasObject, shape };
}

// ---------------------------------------------------------------------------------------------
// Values

export function dictGet(dict: Value, key: string): Value | undefined {
  if (dict.t !== "dict") return undefined;
  for (let i = 0; i + 1 < dict.items.length; i += 2) {
    const k = dict.items[i];
    if (k?.t === "str" && k.v === key) return dict.items[i + 1];
  }
  return undefined;
}

export function globalName(v: Value | undefined): string | undefined {
  return v?.t === "global" ? `${v.use.module}.${v.use.name}` : undefined;
}

/** The class an object was built from: NEWOBJ(cls), cls(...) or copyreg._reconstructor(cls, …). */
export function classOf(v: Value): string | undefined {
  if (v.t !== "call") return undefined;
  const fn = globalName(v.call.fn);
  if (fn === "copyreg._reconstructor" || fn === "copy_reg._reconstructor") {
    const first = v.call.args.t === "tuple" ? v.call.args.items[0] : undefined;
    return globalName(first);
  }
  return fn;
}

const ITEMSIZE_BY_KIND: Record<string, number> = { b: 1, "?": 1 };

/** Item size and object-ness of a pickled numpy.dtype value (numpy.dtype(str, …) + BUILD state). */
export function dtypeInfo(v: Value | undefined): { itemsize: number; hasObject: boolean } | undefined {
  if (!v || v.t !== "call") return undefined;
  const fn = globalName(v.call.fn);
  if (fn !== "numpy.dtype") return undefined;
  const spec = v.call.args.t === "tuple" ? v.call.args.items[0] : undefined;
  if (spec?.t !== "str") return undefined;
  const state = v.call.state?.t === "tuple" ? v.call.state.items : [];
  const elsize = state[5]?.t === "int" ? state[5].v : -1;
  const flags = state[7]?.t === "int" ? state[7].v : 0;
  const kind = spec.v.replace(/^[|<>=]/, "")[0] ?? "";
  const hasObject = kind === "O" || (flags & 0x01) !== 0;
  if (hasObject) return { itemsize: 8, hasObject: true };
  if (elsize > 0) return { itemsize: elsize, hasObject: false };
  const digits = /\d{1,3}$/.exec(spec.v);
  const size = digits ? Number(digits[0]) : ITEMSIZE_BY_KIND[kind];
  if (size === undefined || size <= 0) return undefined;
  return { itemsize: kind === "U" ? size * 4 : size, hasObject: false };
}

const JOBLIB_WRAPPERS = new Set([
  "joblib.numpy_pickle.NumpyArrayWrapper",
  "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
]);

/**
 * joblib writes each array's bytes into the stream right after the wrapper's BUILD (object arrays as
 * a nested pickle), and its unpickler reads them there (CVE-2024-34997 lives here). This hook makes the
 * VM do the same.
 */
export const joblibHook: BuildHook = (target, state, offset, bytes) => {
  const cls = classOf(target);
  if (!cls || !JOBLIB_WRAPPERS.has(cls)) return undefined;
  const dtype = dtypeInfo(dictGet(state, "dtype"));
  if (!dtype) return { fail: "joblib array wrapper with a dtype that cannot be sized" };
  if (dtype.hasObject) return { nestedPickle: true };
  const shape = dictGet(state, "shape");
  let count = 1;
  if (shape?.t === "tuple") {
    for (const d of shape.items) {
      if (d.t !== "int" || d.v < 0) return { fail: "joblib array wrapper with an invalid shape" };
      count *= d.v;
    }
  } else {
    return { fail: "joblib array wrapper without a shape" };
  }
  let skip = count * dtype.itemsize;
  const alignment = dictGet(state, "numpy_array_alignment_bytes");
  if (alignment && alignment.t === "int") {
    const padding = bytes[offset];
    if (padding === undefined) return { fail: "joblib array padding byte missing" };
    skip += 1 + padding;
  }
  return { skip };
};

// ---------------------------------------------------------------------------------------------
// Legacy torch.save (pre-1.6 format): 5 pickles, then for each storage key: int64 count + data.

const STORAGE_ELEMENT_SIZE: Record<string, number> = {
  DoubleStorage: 8, FloatStorage: 4, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4,
  ShortStorage: 2, CharStorage: 1, ByteStorage: 1, BoolStorage: 1, ComplexFloatStorage: 8,
  ComplexDoubleStorage: 16, QInt8Storage: 1, QUInt8Storage: 1, QInt32Storage: 4, QUInt4x2Storage: 1,
  QUInt2x4Storage: 1, UntypedStorage: 1,
};

/**
 * Where the legacy storage data ends, from the storage persistent ids of the main pickle and the key
 * list pickle (the last one). Undefined when the layout cannot be followed.
 */
export function legacyStorageEnd(runs: readonly RunResult[], dataStart: number, bytes: Uint8Array): number | undefined {
  const last = runs[runs.length - 1];
  if (!last || runs.length < 2) return undefined;
  const sizes = new Map<string, number>();
  for (const run of runs) {
    for (const pid of run.persistentIds) {
      if (pid.t !== "tuple") continue;
      const [kind, type, key] = pid.items;
      if (kind?.t !== "str" || kind.v !== "storage" || key?.t !== "str") continue;
      const typeName = type?.t === "global" ? type.use.name : undefined;
      const size = typeName ? STORAGE_ELEMENT_SIZE[typeName] : undefined;
      if (size !== undefined) sizes.set(key.v, size);
    }
  }
  if (sizes.size === 0) return undefined;
  const keys = lastListOfStrings(last);
  if (!keys) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = dataStart;
  for (const key of keys) {
    const size = sizes.get(key);
    if (size === undefined || pos + 8 > bytes.length) return undefined;
    const low = view.getUint32(pos, true);
    const high = view.getUint32(pos + 4, true);
    if (high >= 0x200000) return undefined;
    pos += 8 + (high * 0x1_0000_0000 + low) * size;
    if (pos > bytes.length) return undefined;
  }
  return pos;
}

function lastListOfStrings(run: RunResult): string[] | undefined {
  // The key-list pickle pushes one list of str and stops; its calls/globals are empty.
  if (run.globals.length > 0) return undefined;
  return run.finalValue?.t === "list" && run.finalValue.items.every((v) => v.t === "str")
    ? run.finalValue.items.map((v) => (v.t === "str" ? v.v : ""))
    : undefined;
}
