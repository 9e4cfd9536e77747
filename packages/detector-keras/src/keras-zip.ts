/**
 * Keras v3 `.keras` archives: a zip with `config.json` (the model config), `metadata.json`
 * (`keras_version`, `date_saved`), `model.weights.h5` (or `.npz`) and optional `assets/`.
 * Other zips (PyTorch archives, .npz, datasets) are left alone: the archive is only analysed
 * when it carries Keras' own members.
 */
import type { Limits, RuleMeta, Severity } from "@watchtower/types";
import type { ZipEntry } from "@watchtower/containers";
import { isContainerError, readZip } from "@watchtower/containers";

import { parseConfigJson, walkConfig } from "./config-walk.js";
import { scanHdf5 } from "./hdf5.js";
import { scanPickle } from "./pickle.js";
import { classifyPickle } from "./pickle-verdict.js";
import { EMBEDDED_CODE_FILE, EMBEDDED_PICKLE } from "./rules.js";
import { CODE_FILE_EXTENSIONS, EXECUTABLE_MAGICS } from "./tables.js";
import { append } from "./util.js";

export interface ZipFinding {
  rule: RuleMeta;
  severity: Severity;
  message: string;
  member: string;
  evidence: string;
  identity: string;
  data?: Record<string, string | number | boolean | readonly string[]>;
}

export interface ZipResult {
  /** The archive is a Keras v3 file (otherwise nothing else is set). */
  keras: boolean;
  findings: ZipFinding[];
  incomplete: string[];
  notes: string[];
}

export interface ZipOptions {
  strictModels: boolean;
  limits: Limits;
  signal?: AbortSignal;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 signature at 0 or after a user block of 512 · 2^n bytes. */
function isHdf5(data: Uint8Array): boolean {
  for (const at of [0, 512, 1024, 2048, 4096]) if (HDF5_MAGIC.every((b, i) => data[at + i] === b)) return true;
  return false;
}
const SNIFF_BYTES = 4096;

function memberName(e: ZipEntry): string {
  return e.centralName ?? e.name;
}

function isRootMember(e: ZipEntry, name: string): boolean {
  return e.name === name || e.centralName === name;
}

function readText(e: ZipEntry, max?: number): string {
  return utf8.decode(max === undefined ? e.data() : e.data({ maxBytes: max }));
}

/** Does this archive carry Keras v3 members? Checked on names plus a cheap look at the JSON. */
function kerasMarkers(entries: ZipEntry[]): boolean {
  if (entries.some((e) => isRootMember(e, "model.weights.h5") || isRootMember(e, "model.weights.npz"))) return true;
  const meta = entries.find((e) => isRootMember(e, "metadata.json"));
  if (meta) {
    try {
      if (/"keras_version"/.test(readText(meta, 64 * 1024))) return true;
    } catch {
      // unreadable: decided by config.json below
    }
  }
  const config = entries.find((e) => isRootMember(e, "config.json"));
  if (config) {
    try {
      const head = readText(config, 64 * 1024);
      // Keras 3 writes {"module": "keras…", "class_name": …, "config": …} at the top.
      if (/^\s*\{\s*"(?:module|class_name|config|registered_name)"\s*:/.test(head) && /"class_name"\s*:/.test(head)) return true;
    } catch {
      return false;
    }
  }
  return false;
}

/** Pickle streams inside torch.save bytes: every *.pkl member of a zip, or stacked legacy pickles. */
export function torchPickleStreams(payload: Uint8Array, limits: Limits): Uint8Array[] {
  if (payload[0] === 0x50 && payload[1] === 0x4b) {
    const { entries } = readZip(payload, limits);
    const out: Uint8Array[] = [];
    for (const e of entries) {
      if (!e.name.endsWith(".pkl")) continue;
      try {
        out.push(e.data());
      } catch (error) {
        if (isContainerError(error) && error.partial) out.push(error.partial);
      }
    }
    return out;
  }
  // Legacy torch.save: magic number, protocol, sys info, then the object, each its own pickle.
  const out: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < 8 && offset < payload.length; i++) {
    const rest = payload.subarray(offset);
    out.push(rest);
    const p = scanPickle(rest, { maxOps: limits.maxPickleOps, maxStack: limits.maxPickleStack });
    if (!p.complete || p.length === 0) break;
    offset += p.length;
  }
  return out;
}

export async function scanKerasZip(bytes: Uint8Array, opts: ZipOptions): Promise<ZipResult> {
  const result: ZipResult = { keras: false, findings: [], incomplete: [], notes: [] };
  const { entries, problems } = readZip(bytes, opts.limits);
  if (!kerasMarkers(entries)) return result;
  result.keras = true;
  if (problems.length > 0) append(result.incomplete, problems.map((p) => `zip: ${p}`));

  const walkOptions = {
    strictModels: opts.strictModels,
    maxDepth: opts.limits.maxNestingDepth,
    pickle: { maxOps: opts.limits.maxPickleOps, maxStack: opts.limits.maxPickleStack },
    torchPickles: (payload: Uint8Array) => torchPickleStreams(payload, opts.limits),
  };
  const hasConfig = entries.some((e) => isRootMember(e, "config.json"));
  if (!hasConfig) result.incomplete.push("no config.json in the Keras archive");

  for (const entry of entries) {
    if (opts.signal?.aborted) {
      result.incomplete.push("scan aborted");
      break;
    }
    const name = memberName(entry);
    const lower = name.toLowerCase();
    if (name.endsWith("/")) continue; // directory entry

    let data: Uint8Array;
    try {
      data = entry.data();
    } catch (error) {
      const code = isContainerError(error) ? error.code : "error";
      result.incomplete.push(`member ${name} could not be read (${code}: ${error instanceof Error ? error.message : String(error)})`);
      if (isContainerError(error) && error.partial) data = error.partial;
      else continue;
    }

    if (isRootMember(entry, "config.json") || isRootMember(entry, "metadata.json")) {
      const which = isRootMember(entry, "config.json") ? "config.json" : "metadata.json";
      let parsed: unknown;
      try {
        parsed = parseConfigJson(utf8.decode(data));
      } catch (error) {
        const msg = `${which} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
        if (which === "config.json") result.incomplete.push(msg);
        else result.notes.push(msg);
        continue;
      }
      if (which === "config.json" && (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))) {
        result.incomplete.push("config.json is not a JSON object");
        continue;
      }
      const walked = walkConfig(parsed, walkOptions);
      for (const f of walked.findings) {
        result.findings.push({
          rule: f.rule,
          severity: f.severity,
          message: f.message,
          member: which,
          evidence: f.evidence,
          identity: `${which}#${f.path}:${f.evidence}`,
          data: { ...f.data, configPath: f.path },
        });
      }
      append(result.incomplete, walked.incomplete.map((i) => `${which}: ${i}`));
      append(result.notes, walked.notes);
      continue;
    }

    const head = data.subarray(0, SNIFF_BYTES);
    const exe = EXECUTABLE_MAGICS.find((m) => m.test(head));
    if (exe) {
      result.findings.push({
        rule: EMBEDDED_CODE_FILE,
        severity: "critical",
        message: `Keras archive member ${name} is an ${exe.name}; a model archive never contains programs.`,
        member: name,
        evidence: exe.name,
        identity: `${name}:${exe.name}`,
      });
      continue;
    }
    const ext = [...CODE_FILE_EXTENSIONS.keys()].find((x) => lower.endsWith(x));
    if (ext) {
      result.findings.push({
        rule: EMBEDDED_CODE_FILE,
        severity: "medium",
        message: `Keras archive member ${name} is ${CODE_FILE_EXTENSIONS.get(ext) ?? "code"}; Keras does not need it to load the model.`,
        member: name,
        evidence: name,
        identity: `${name}:${ext}`,
      });
      continue;
    }
    // Nested HDF5 (model.weights.h5, or any other): scanned like a top-level .h5.
    if (isHdf5(data)) {
      const h5 = await scanHdf5(data, { strictModels: opts.strictModels, limits: opts.limits, memberPrefix: `${name}:`, kerasContext: true });
      append(result.findings, h5.findings);
      append(result.incomplete, h5.incomplete.map((i) => `${name}: ${i}`));
      append(result.notes, h5.notes.map((n) => `${name}: ${n}`));
      continue;
    }
    if (isRootMember(entry, "model.weights.h5")) {
      result.incomplete.push("model.weights.h5 is not an HDF5 file");
      continue;
    }
    // Weights saved as .npz: object arrays inside are pickles.
    if (data[0] === 0x50 && data[1] === 0x4b && lower.endsWith(".npz")) {
      scanNpz(data, name, opts, walkOptions.pickle, result);
      continue;
    }
    // Keras never writes pickles into its archive; an asset that is one is suspicious.
    if (data[0] === 0x80 || lower.endsWith(".pkl") || lower.endsWith(".pickle")) {
      const p = scanPickle(data, walkOptions.pickle);
      if (p.limitHit) result.incomplete.push(`pickle in ${name} exceeds the opcode limit`);
      if (p.isPickle) {
        const v = classifyPickle(p, true);
        result.findings.push({
          rule: EMBEDDED_PICKLE,
          severity: v.severity,
          message: `Keras archive member ${name} is a pickle (protocol ${p.protocol})${v.summary}.`,
          member: name,
          evidence: v.evidence,
          identity: `${name}:${v.evidence}`,
          data: { globals: p.globals.slice(0, 50) },
        });
      }
    }
  }
  return result;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const latin1 = new TextDecoder("latin1");

/** Object-dtype arrays in a nested .npz are stored as pickles after the .npy header. */
function scanNpz(data: Uint8Array, name: string, opts: ZipOptions, pickle: { maxOps: number; maxStack: number }, result: ZipResult): void {
  const { entries, problems } = readZip(data, opts.limits);
  append(result.incomplete, problems.map((p) => `${name}: ${p}`));
  for (const e of entries) {
    let npy: Uint8Array;
    try {
      npy = e.data();
    } catch (error) {
      result.incomplete.push(`${name}:${e.name} could not be read (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (!NPY_MAGIC.every((b, i) => npy[i] === b)) continue;
    const major = npy[6] ?? 1;
    const headerLen = major === 1 ? (npy[8] ?? 0) | ((npy[9] ?? 0) << 8) : ((npy[8] ?? 0) | ((npy[9] ?? 0) << 8) | ((npy[10] ?? 0) << 16)) + (npy[11] ?? 0) * 0x1000000;
    const start = (major === 1 ? 10 : 12) + headerLen;
    const header = latin1.decode(npy.subarray(0, Math.min(start, 65_536)));
    if (!/'\|?O\d{0,3}'/.test(header)) continue;
    const p = scanPickle(npy.subarray(start), pickle);
    if (!p.isPickle) continue;
    const v = classifyPickle(p, true);
    const member = `${name}:${e.name}`;
    result.findings.push({
      rule: EMBEDDED_PICKLE,
      severity: v.severity,
      message: `Object array ${member} in the Keras archive is a pickle${v.summary}.`,
      member,
      evidence: v.evidence,
      identity: `${member}:${v.evidence}`,
      data: { globals: p.globals.slice(0, 50) },
    });
  }
}
