/** Public IP addresses (ipaddr.js ranges); versions and infrastructure addresses are not personal. */
import type { Field } from "../model.js";
import { VERSION_BEFORE } from "../context.js";
import { textAfter, textBefore } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, contextOf, keyInfo } from "./common.js";

const V4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w-]|\.\d)/g;
const V6 = /(?<![\w:.])[0-9A-F]{0,4}(?::[0-9A-F]{0,4}){2,7}(?![\w:])/gi;

/** Public resolvers and the classic placeholder: infrastructure or examples, not a person's address. */
const NOT_PERSONAL: Readonly<Record<string, string>> = {
  "8.8.8.8": "Google public DNS",
  "8.8.4.4": "Google public DNS",
  "1.1.1.1": "Cloudflare DNS",
  "1.0.0.1": "Cloudflare DNS",
  "9.9.9.9": "Quad9 DNS",
  "149.112.112.112": "Quad9 DNS",
  "208.67.222.222": "OpenDNS",
  "208.67.220.220": "OpenDNS",
  "1.2.3.4": "placeholder that is also a version string",
  "2001:4860:4860::8888": "Google public DNS",
  "2001:4860:4860::8844": "Google public DNS",
  "2606:4700:4700::1111": "Cloudflare DNS",
  "2606:4700:4700::1001": "Cloudflare DNS",
};

/** Documentation ranges (RFC 5737, RFC 3849): reported only as values of an IP column in data. */
const DOC_RANGES = /^(?:192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/i;

function versionLike(scan: Scan, offset: number, end: number): boolean {
  const before = textBefore(scan.text, offset, 24);
  if (VERSION_BEFORE.test(before)) return true;
  // `Chrome/124.0.6367.91`, `Version/17.4.1.2`, `torch-1.2.3.4`
  if (/[a-z\d][/-]$/i.test(before)) return true;
  const after = textAfter(scan.text, end, 12);
  return /^(?:[-+](?:alpha|beta|rc|dev|post|cu\d|cpu)|\.x\b|\s?(?:release|build))/i.test(after);
}

function report(scan: Scan, offset: number, raw: string, labelled: boolean, key: { key?: string; column?: string }, length = raw.length): void {
  const range = scan.libs.ipRange(raw);
  if (range === undefined) return;
  const normalized = scan.libs.ipNormalize(raw).toLowerCase();
  const doc = range === "reserved" && DOC_RANGES.test(normalized);
  if (range !== "unicast" && !(doc && labelled && scan.seg.mode === "data")) return;
  if (normalized in NOT_PERSONAL && !(labelled && scan.seg.mode === "data")) return;
  scan.add({
    entity: "ip-address",
    offset,
    length,
    normalized,
    severity: "low",
    basis: labelled ? "column or key" : "public address",
    ...columnAt(scan, offset, raw.length),
    ...key,
    example: doc || normalized in NOT_PERSONAL,
    extra: { version: raw.includes(":") ? 6 : 4 },
  });
}

export function findIps(scan: Scan): void {
  for (const m of scan.text.matchAll(V4)) {
    const raw = m[0];
    const parts = raw.split(".");
    if (parts.some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith("0")))) continue;
    const ctx = contextOf(scan, m.index, raw.length, "ip");
    if (ctx.other !== undefined && ctx.field === undefined) continue;
    if (ctx.field === undefined && versionLike(scan, m.index, m.index + raw.length)) continue;
    report(scan, m.index, raw, ctx.field !== undefined, keyInfo(ctx));
  }
  if (!scan.text.includes("::") && !/[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){7}/i.test(scan.text)) return;
  for (const m of scan.text.matchAll(V6)) {
    const raw = m[0];
    const groups = raw.split(":").filter((g) => g.length > 0);
    if (groups.length < 3) continue;
    if (!raw.includes("::") && raw.split(":").length !== 8) continue;
    // Times and ratios use digits only; an address has hex letters or `::`.
    if (!raw.includes("::") && !/[a-f]/i.test(raw)) continue;
    const ctx = contextOf(scan, m.index, raw.length, "ip");
    if (ctx.other !== undefined && ctx.field === undefined) continue;
    report(scan, m.index, raw, ctx.field !== undefined, keyInfo(ctx));
  }
}

/** A value under an IP column/key (documentation ranges count there, in data). */
export function ipFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  if (!/^[0-9A-F.:]{2,45}$/i.test(v)) return;
  report(scan, f.offset, v, true, { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) }, f.length);
}
