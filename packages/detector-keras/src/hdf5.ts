/**
 * Keras HDF5 (`.h5`) analysis with h5wasm. The file is written to h5wasm's in-memory file system
 * (MEMFS of the ESM build; the `h5wasm/node` build maps the whole emscripten FS onto the real disk
 * with NODERAWFS, so it is not used), opened read-only, and removed afterwards. External links are
 * listed but never followed.
 *
 * What is read: the root `model_config` and `training_config` attributes (Keras' JSON configs, walked
 * whole), and every attribute and byte-like dataset of every object, sniffed for pickles.
 */
import type { Limits, RuleMeta, Severity } from "@watchtower/types";

import type { WalkOptions } from "./config-walk.js";
import { parseConfigJson, walkConfig } from "./config-walk.js";
import { checkGlobalHeaps } from "./hdf5-heap.js";
import { mayStartPickle, scanPickle } from "./pickle.js";
import { classifyPickle } from "./pickle-verdict.js";
import { EMBEDDED_PICKLE } from "./rules.js";
import { append } from "./util.js";

/** The subset of h5wasm's emscripten module that is used here. */
interface Metadata {
  shape: number[] | null;
  size: number;
  total_size: number;
  type: number;
  vlen: boolean;
  vlen_type?: Metadata;
}
interface H5Module {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  MAXIMUM_MEMORY: number;
  H5G_GROUP: number;
  H5G_DATASET: number;
  activate_throwing_error_handler(): number;
  get_names(fid: bigint, path: string, recursive: boolean): string[];
  get_type(fid: bigint, path: string): number;
  get_attribute_names(fid: bigint, path: string): string[];
  get_attribute_metadata(fid: bigint, path: string, name: string): Metadata;
  get_attribute_data(fid: bigint, path: string, name: string, ptr: bigint): number;
  get_dataset_metadata(fid: bigint, path: string): Metadata;
  get_dataset_data(fid: bigint, path: string, count: bigint[] | null, offset: bigint[] | null, strides: bigint[] | null, ptr: bigint): number;
  reclaim_vlen_memory(fid: bigint, path: string, attr: string, ptr: bigint): number;
  reclaim_vlen_memory_count(fid: bigint, path: string, attr: string, ptr: bigint, count: bigint[]): number;
}
interface H5File {
  file_id: bigint;
  close(): number;
}
interface H5Fs {
  writeFile(path: string, data: Uint8Array, opts?: { canOwn?: boolean }): void;
  unlink(path: string): void;
  readFile(path: string): Uint8Array;
}
interface H5Lib {
  Module: H5Module;
  FS: H5Fs;
  File: new (name: string, mode: "r" | "w") => H5File;
}

let libPromise: Promise<H5Lib> | undefined;

/** Loads h5wasm once, on the first HDF5 file (the wasm is ~4 MB; a commit of .py files never pays). */
export function loadH5wasm(): Promise<H5Lib> {
  libPromise ??= (async () => {
    const mod = (await import("h5wasm")) as unknown as { ready: Promise<unknown>; Module: H5Module; FS: H5Fs; File: H5Lib["File"] };
    await mod.ready;
    // Errors become exceptions instead of HDF5-DIAG text on stderr (detectors never print).
    mod.Module.activate_throwing_error_handler();
    return { Module: mod.Module, FS: mod.FS, File: mod.File };
  })();
  return libPromise;
}

const H5T_INTEGER = 0;
const H5T_STRING = 3;
const H5T_OPAQUE = 5;
const H5T_VLEN = 9;

/** Largest attribute or byte-like dataset read whole for pickle sniffing. */
const READ_CAP_BYTES = 64 * 1024 * 1024;
/** Elements of one string/vlen attribute or dataset sniffed individually. */
const MAX_ELEMENTS = 200_000;
const PREFIX_ELEMENTS = 64;
/** Keras' own root attributes and groups: their presence makes the file a Keras model/weights file. */
const KERAS_ROOT_ATTRS = new Set(["model_config", "training_config", "keras_version", "backend", "layer_names"]);
const KERAS_ROOT_GROUPS = new Set(["model_weights", "optimizer_weights", "layers", "_layer_checkpoint_dependencies"]);

export interface Hdf5Finding {
  rule: RuleMeta;
  severity: Severity;
  message: string;
  member: string;
  evidence: string;
  identity: string;
  data?: Record<string, string | number | boolean | readonly string[]>;
}

export interface Hdf5Result {
  findings: Hdf5Finding[];
  incomplete: string[];
  notes: string[];
  /** The file looked like a Keras model or weights file. */
  keras: boolean;
  /** It has a model_config (a full model, not weights only). */
  hasModelConfig: boolean;
}

export interface Hdf5Options {
  strictModels: boolean;
  limits: Limits;
  /** Prefix for `member` (e.g. "model.weights.h5:" inside a .keras archive). */
  memberPrefix?: string;
  /** Caller already knows this is part of a Keras model. */
  kerasContext?: boolean;
  torchPickles?: WalkOptions["torchPickles"];
}

let counter = 0;
const utf8 = new TextDecoder("utf-8");

export async function scanHdf5(bytes: Uint8Array, opts: Hdf5Options): Promise<Hdf5Result> {
  const lib = await loadH5wasm();
  const result: Hdf5Result = { findings: [], incomplete: [], notes: [], keras: opts.kerasContext ?? false, hasModelConfig: false };
  const name = `/wt-keras-${++counter}-${bytes.length}.h5`;
  // canOwn: MEMFS keeps a view of the caller's bytes instead of copying them; the file is opened
  // read-only, so nothing writes into it.
  lib.FS.writeFile(name, bytes, { canOwn: true });
  let file: H5File | undefined;
  try {
    try {
      file = new lib.File(name, "r");
    } catch (error) {
      result.incomplete.push(`not a readable HDF5 file: ${firstLine(error)}`);
      return result;
    }
    if (file.file_id < 0n) {
      result.incomplete.push("not a readable HDF5 file");
      return result;
    }
    const heapProblem = checkGlobalHeaps(bytes);
    if (heapProblem) result.incomplete.push(`${heapProblem}; variable-length strings were not read`);
    new Hdf5Scanner(lib.Module, file.file_id, opts, result, heapProblem === undefined).run();
  } catch (error) {
    result.incomplete.push(`HDF5 read failed: ${firstLine(error)}`);
  } finally {
    try {
      file?.close();
    } catch {
      // already reported
    }
    try {
      lib.FS.unlink(name);
    } catch {
      // never created
    }
  }
  return result;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // h5wasm's thrown message is the HDF5 error stack; its most specific line is the last "#00n".
  const lines = text.split("\n").map((l) => l.trim());
  const frames = lines.filter((l) => /^#\d{3}:/.test(l));
  const last = frames[frames.length - 1];
  const detail = last ? last.replace(/^#\d{3}: \S* line \d+ in /, "") : (lines[0] ?? "");
  return detail.slice(0, 300);
}

class Hdf5Scanner {
  private readonly prefix: string;

  constructor(
    private readonly M: H5Module,
    private readonly fid: bigint,
    private readonly opts: Hdf5Options,
    private readonly result: Hdf5Result,
    /** False when a global heap is corrupt: variable-length data is then never read (libhdf5 can hang). */
    private readonly vlenSafe: boolean,
  ) {
    this.prefix = opts.memberPrefix ?? "";
  }

  run(): void {
    const rootAttrs = this.M.get_attribute_names(this.fid, "/");
    const paths = this.M.get_names(this.fid, "/", true);
    const topGroups = new Set(paths.filter((p) => !p.includes("/")));
    if (rootAttrs.some((a) => KERAS_ROOT_ATTRS.has(a)) || [...topGroups].some((g) => KERAS_ROOT_GROUPS.has(g))) this.result.keras = true;

    for (const attr of ["model_config", "training_config"]) {
      if (rootAttrs.includes(attr)) this.config(attr);
    }
    this.sniffObject("/", rootAttrs);
    for (const rel of paths) {
      const path = `/${rel}`;
      let type: number;
      try {
        type = this.M.get_type(this.fid, path);
      } catch {
        continue; // broken soft link or external link: nothing stored here
      }
      if (type !== this.M.H5G_GROUP && type !== this.M.H5G_DATASET) continue;
      let attrs: string[];
      try {
        attrs = this.M.get_attribute_names(this.fid, path);
      } catch (error) {
        this.result.incomplete.push(`attributes of ${path} unreadable: ${firstLine(error)}`);
        continue;
      }
      this.sniffObject(path, attrs);
      if (type === this.M.H5G_DATASET) this.sniffDataset(path);
    }
  }

  /** A Keras JSON config attribute: parse and walk it; unreadable means incomplete. */
  private config(attr: string): void {
    const member = `${this.prefix}${attr}`;
    let elements: Uint8Array[];
    try {
      elements = this.readAttribute("/", attr)?.elements ?? [];
    } catch (error) {
      this.result.incomplete.push(`${attr} attribute unreadable: ${firstLine(error)}`);
      return;
    }
    const text = elements.map((e) => utf8.decode(e)).join("");
    if (text.trim() === "") {
      this.result.incomplete.push(`${attr} attribute is empty`);
      return;
    }
    let parsed: unknown;
    try {
      parsed = parseConfigJson(text);
    } catch (error) {
      this.result.incomplete.push(`${attr} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (typeof parsed !== "object" || parsed === null) {
      this.result.incomplete.push(`${attr} is not a JSON object`);
      return;
    }
    if (attr === "model_config") this.result.hasModelConfig = true;
    const walked = walkConfig(parsed, {
      strictModels: this.opts.strictModels,
      maxDepth: this.opts.limits.maxNestingDepth,
      pickle: { maxOps: this.opts.limits.maxPickleOps, maxStack: this.opts.limits.maxPickleStack },
      ...(this.opts.torchPickles ? { torchPickles: this.opts.torchPickles } : {}),
    });
    for (const f of walked.findings) {
      this.result.findings.push({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        member,
        evidence: f.evidence,
        identity: `${member}#${f.path}:${f.evidence}`,
        data: { ...f.data, configPath: f.path },
      });
    }
    append(this.result.incomplete, walked.incomplete.map((i) => `${attr}: ${i}`));
    append(this.result.notes, walked.notes);
  }

  private sniffObject(path: string, attrs: string[]): void {
    for (const attr of attrs) {
      let read: { elements: Uint8Array[]; truncated: boolean } | undefined;
      try {
        read = this.readAttribute(path, attr);
      } catch (error) {
        this.result.incomplete.push(`attribute ${path}@${attr} unreadable: ${firstLine(error)}`);
        continue;
      }
      if (!read) continue;
      if (read.truncated) this.result.notes.push(`attribute ${path}@${attr}: only the first ${MAX_ELEMENTS} elements were checked`);
      read.elements.forEach((el, i) => this.sniff(el, `${path}@${attr}${read.elements.length > 1 ? `[${i}]` : ""}`));
    }
  }

  private sniff(bytes: Uint8Array, where: string): void {
    if (bytes.length < 2) return;
    const p = scanPickle(bytes, { maxOps: this.opts.limits.maxPickleOps, maxStack: this.opts.limits.maxPickleStack });
    if (p.limitHit) {
      this.result.incomplete.push(`pickle in ${where} exceeds the opcode limit`);
      return;
    }
    if (!p.isPickle) return;
    const v = classifyPickle(p, this.result.keras);
    const member = `${this.prefix}${where}`;
    this.result.findings.push({
      rule: EMBEDDED_PICKLE,
      severity: v.severity,
      message: `HDF5 ${where.includes("@") ? "attribute" : "dataset"} ${where} holds a pickle (protocol ${p.protocol})${v.summary}.`,
      member,
      evidence: v.evidence,
      // The same pickle in many objects (PyTables writes FILTERS on every group) is one finding
      // with several locations.
      identity: `${this.prefix}pickle:${v.evidence}`,
      data: { globals: p.globals.slice(0, 50), pickleBytes: p.complete ? p.length : bytes.length },
    });
  }

  /** Raw bytes of each element of a byte-like attribute; other numeric types only when they start with PROTO. */
  private readAttribute(path: string, attr: string): { elements: Uint8Array[]; truncated: boolean } | undefined {
    const meta = this.M.get_attribute_metadata(this.fid, path, attr);
    if (!meta.shape) return undefined;
    if (!this.vlenSafe && (meta.vlen || meta.type === H5T_VLEN)) return undefined;
    const nbytes = meta.size * meta.total_size;
    if (nbytes > READ_CAP_BYTES) {
      this.result.incomplete.push(`attribute ${path}@${attr} is larger than ${READ_CAP_BYTES} bytes`);
      return undefined;
    }
    if (nbytes === 0) return { elements: [], truncated: false };
    const ptr = this.M._malloc(nbytes);
    if (ptr === 0) throw new Error(`cannot allocate ${nbytes} bytes`);
    try {
      this.M.get_attribute_data(this.fid, path, attr, BigInt(ptr));
      return this.elements(meta, ptr, nbytes);
    } finally {
      if (meta.vlen || meta.type === H5T_VLEN) this.M.reclaim_vlen_memory(this.fid, path, attr, BigInt(ptr));
      this.M._free(ptr);
    }
  }

  /** Splits raw data at `ptr` into the byte strings a pickle could hide in. */
  private elements(meta: Metadata, ptr: number, nbytes: number): { elements: Uint8Array[]; truncated: boolean } {
    const heap = this.M.HEAPU8;
    const n = meta.total_size;
    const count = Math.min(n, MAX_ELEMENTS);
    const truncated = n > MAX_ELEMENTS;
    const out: Uint8Array[] = [];
    if (meta.type === H5T_STRING && meta.vlen) {
      const view = new DataView(heap.buffer, ptr, nbytes);
      for (let i = 0; i < count; i++) {
        const p = view.getUint32(i * 4, true);
        if (p === 0) continue;
        let end = p;
        const limit = Math.min(heap.length, p + READ_CAP_BYTES);
        while (end < limit && heap[end] !== 0) end++;
        out.push(heap.slice(p, end));
      }
      return { elements: out, truncated };
    }
    if (meta.type === H5T_STRING) {
      for (let i = 0; i < count; i++) {
        let end = ptr + (i + 1) * meta.size;
        const start = ptr + i * meta.size;
        while (end > start && (heap[end - 1] === 0 || heap[end - 1] === 0x20)) end--;
        out.push(heap.slice(start, end));
      }
      return { elements: out, truncated };
    }
    if (meta.type === H5T_VLEN) {
      const base = meta.vlen_type?.size ?? 1;
      const view = new DataView(heap.buffer, ptr, nbytes);
      for (let i = 0; i < count; i++) {
        const len = view.getUint32(i * 8, true);
        const p = view.getUint32(i * 8 + 4, true);
        const size = Math.min(len * base, READ_CAP_BYTES);
        if (p !== 0 && size > 0 && p + size <= heap.length) out.push(heap.slice(p, p + size));
      }
      return { elements: out, truncated };
    }
    if (meta.type === H5T_OPAQUE || (meta.type === H5T_INTEGER && meta.size === 1)) {
      if (meta.type === H5T_OPAQUE && n > 1) {
        for (let i = 0; i < count; i++) out.push(heap.slice(ptr + i * meta.size, ptr + (i + 1) * meta.size));
        return { elements: out, truncated };
      }
      return { elements: [heap.slice(ptr, ptr + nbytes)], truncated: false };
    }
    // Any other type: only a buffer that starts with PROTO is worth a look.
    if (heap[ptr] === 0x80 && (heap[ptr + 1] ?? 0) >= 2 && (heap[ptr + 1] ?? 0) <= 5) return { elements: [heap.slice(ptr, ptr + nbytes)], truncated: false };
    return { elements: [], truncated: false };
  }

  private sniffDataset(path: string): void {
    let meta: Metadata;
    try {
      meta = this.M.get_dataset_metadata(this.fid, path);
    } catch (error) {
      this.result.incomplete.push(`dataset ${path} unreadable: ${firstLine(error)}`);
      return;
    }
    const shape = meta.shape;
    if (!shape || meta.total_size === 0) return;
    if (!this.vlenSafe && (meta.vlen || meta.type === H5T_VLEN)) return;
    const byteLike = meta.type === H5T_STRING || meta.type === H5T_OPAQUE || meta.type === H5T_VLEN || (meta.type === H5T_INTEGER && meta.size === 1);
    const nbytes = meta.size * meta.total_size;
    // Peek at the first elements: a pickle starts at byte 0 of the data.
    const prefix = this.readDataset(path, meta, Math.min(PREFIX_ELEMENTS, shape[shape.length - 1] ?? 1));
    if (prefix === "error") {
      // Unreadable (e.g. a compression filter h5wasm lacks). Byte-like data in a Keras file could hide
      // a pickle, so that is incomplete; float weights are not a pickle carrier.
      if (byteLike && this.result.keras) this.result.incomplete.push(`dataset ${path} could not be read (unsupported filter?)`);
      else this.result.notes.push(`dataset ${path} could not be read; not checked for pickles`);
      return;
    }
    const candidates = prefix.elements.filter((e) => (byteLike ? mayStartPickle(e) : e[0] === 0x80 && mayStartPickle(e)));
    // Strings, vlen and opaque elements are separate values, each possibly a pickle: read them all.
    const perElement = meta.type === H5T_STRING || meta.type === H5T_VLEN || meta.type === H5T_OPAQUE;
    if (!perElement && candidates.length === 0) return;
    if (nbytes > READ_CAP_BYTES) {
      const why = `dataset ${path} (${nbytes} bytes) is too large to check for pickles`;
      if (candidates.length > 0 || (perElement && this.result.keras)) this.result.incomplete.push(why);
      else if (perElement) this.result.notes.push(why);
      return;
    }
    // Strings and vlen elements are separate values: each one is checked. Other data is one blob.
    const full = this.readDataset(path, meta, undefined);
    if (full === "error") {
      this.result.incomplete.push(`dataset ${path} could not be read`);
      return;
    }
    if (full.truncated) this.result.notes.push(`dataset ${path}: only the first ${MAX_ELEMENTS} elements were checked`);
    if (perElement) {
      full.elements.forEach((el, i) => this.sniff(el, full.elements.length > 1 ? `${path}[${i}]` : path));
    } else {
      const blob = full.elements[0];
      if (blob) this.sniff(blob, path);
    }
  }

  /** Reads the whole dataset, or the first `lastDimCount` elements of its first row. */
  private readDataset(path: string, meta: Metadata, lastDimCount: number | undefined): { elements: Uint8Array[]; truncated: boolean } | "error" {
    const shape = meta.shape ?? [];
    let count: bigint[] | null = null;
    let offset: bigint[] | null = null;
    let total = meta.total_size;
    if (lastDimCount !== undefined && shape.length > 0) {
      count = shape.map((d, i) => BigInt(i === shape.length - 1 ? Math.min(d, lastDimCount) : Math.min(d, 1)));
      offset = shape.map(() => 0n);
      total = count.reduce((a, b) => a * Number(b), 1);
    }
    const nbytes = meta.size * total;
    if (nbytes === 0) return { elements: [], truncated: false };
    const ptr = this.M._malloc(nbytes);
    if (ptr === 0) return "error";
    try {
      this.M.get_dataset_data(this.fid, path, count, offset, count ? count.map(() => 1n) : null, BigInt(ptr));
      return this.elements({ ...meta, total_size: total }, ptr, nbytes);
    } catch {
      return "error";
    } finally {
      try {
        if (meta.vlen || meta.type === H5T_VLEN) {
          if (count) this.M.reclaim_vlen_memory_count(this.fid, path, "", BigInt(ptr), count);
          else this.M.reclaim_vlen_memory(this.fid, path, "", BigInt(ptr));
        }
      } catch {
        // nothing was read
      }
      this.M._free(ptr);
    }
  }
}
