/**
 * Checks a scan request from the page before it reaches the scan function. The scan function
 * validates again (it owns the real parsers); this layer rejects what no source accepts and what
 * could be mistaken for a command-line option if someone builds argv from it.
 */
import { SCAN_KINDS, type ScanKind, type ScanRequest } from "./types.js";

export const MAX_TARGET = 2048;
export const MAX_REF = 256;

export class RequestError extends Error {}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== "string") throw new RequestError(`${field} must be a string`);
  const v = value.trim();
  if (v.length === 0) throw new RequestError(`${field} is empty`);
  if (v.length > max) throw new RequestError(`${field} is longer than ${max} characters`);
  if (CONTROL.test(v)) throw new RequestError(`${field} contains control characters`);
  if (v.startsWith("-")) throw new RequestError(`${field} must not start with "-"`);
  return v;
}

/** Per kind: what the target must look like, and what to tell the user when it does not. */
const TARGET_RULES: Readonly<Record<ScanKind, { test: (v: string) => boolean; hint: string; ref: boolean }>> = {
  folder: { test: () => true, hint: "a folder path", ref: false },
  git: {
    // isomorphic-git speaks smart HTTP only; no ssh, no file://, no local paths.
    test: (v) => /^https?:\/\/[^\s/]{1,253}\/\S{1,2000}$/i.test(v),
    hint: "an http(s) git URL such as https://github.com/owner/repo.git",
    ref: true,
  },
  s3: { test: (v) => /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:\/\S{0,1024})?$/.test(v), hint: "s3://bucket/prefix", ref: false },
  hf: {
    test: (v) => /^(?:(?:datasets|models)\/)?[\w.-]{1,96}\/[\w.-]{1,96}$/.test(v) && !v.includes(".."),
    hint: "a Hugging Face repo: owner/name or datasets/owner/name",
    ref: true,
  },
};

export function parseScanRequest(body: unknown): ScanRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new RequestError("expected a JSON object");
  const b = body as Record<string, unknown>;
  const kind = b.kind;
  if (typeof kind !== "string" || !(SCAN_KINDS as readonly string[]).includes(kind)) {
    throw new RequestError(`kind must be one of ${SCAN_KINDS.join(", ")}`);
  }
  const rule = TARGET_RULES[kind as ScanKind];
  const target = text(b.target, "target", MAX_TARGET);
  if (!rule.test(target)) throw new RequestError(`target must be ${rule.hint}`);
  const request: ScanRequest = { kind: kind as ScanKind, target };
  if (b.ref !== undefined && b.ref !== null && b.ref !== "") {
    if (!rule.ref) throw new RequestError(`a ref or revision goes with git and hf scans only`);
    const ref = text(b.ref, "ref", MAX_REF);
    if (/\s/.test(ref)) throw new RequestError("ref must not contain spaces");
    request.ref = ref;
  }
  return request;
}

/** The target as shown back to the user and in logs: credentials in a URL are masked. */
export function displayTarget(request: ScanRequest): string {
  if (request.kind !== "git") return request.target;
  return request.target.replace(/^(https?:\/\/)[^/@\s]{1,1000}@/i, "$1***@");
}
