/** US Social Security numbers: area/group/serial rules, format and context. */
import type { Severity } from "@watchtower/types";

import type { Field } from "../model.js";
import { isTrivialDigits } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, contextOf, keyInfo } from "./common.js";

/** Published or famous numbers: real data only where data is printed. */
const EXAMPLE_SSNS: Readonly<Record<string, string>> = {
  "078051120": "printed on the Woolworth wallet insert (1938), the most misused SSN",
  "219099999": "shown in a Social Security Administration pamphlet",
  "457555462": "advertised publicly by LifeLock's CEO",
  "123456789": "the usual placeholder",
};

/** Area 000, 666 and 900–999, group 00 and serial 0000 are never issued (SSA). */
export function isValidSsn(d: string): boolean {
  if (!/^\d{9}$/.test(d)) return false;
  const area = d.slice(0, 3);
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (d.slice(3, 5) === "00" || d.slice(5) === "0000") return false;
  return !(isTrivialDigits(d) && d !== "123456789");
}

const FORMATTED = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-]|\.\d)/g;
const BARE = /(?<![\w.-])\d{9}(?![\w-]|\.\d)/g;
const FIELD_VALUE = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/;

function severity(scan: Scan, labelled: boolean, formatted: boolean, example: boolean): Severity | undefined {
  const mode = scan.seg.mode;
  if (mode === "code") {
    if (!labelled) return formatted ? "low" : undefined;
    return example ? "low" : "high";
  }
  if (example && mode === "docs") return "low";
  return "high";
}

export function findSsns(scan: Scan): void {
  const text = scan.text;
  for (const m of text.matchAll(FORMATTED)) {
    const dashed = m[2] === "-";
    const digits = `${m[1]}${m[3]}${m[4]}`;
    if (!isValidSsn(digits)) continue;
    const ctx = contextOf(scan, m.index, m[0].length, "ssn");
    const labelled = ctx.field !== undefined || (scan.seg.mode !== "code" && ctx.keyword);
    if (!labelled && (!dashed || ctx.other !== undefined)) continue;
    const example = digits in EXAMPLE_SSNS;
    const sev = severity(scan, ctx.field !== undefined || (ctx.keyword && scan.seg.mode !== "code"), true, example);
    if (!sev) continue;
    scan.add({
      entity: "us-ssn",
      offset: m.index,
      length: m[0].length,
      normalized: digits,
      severity: sev,
      basis: ctx.field ? "column or key" : ctx.keyword ? "keyword" : "format",
      ...columnAt(scan, m.index, m[0].length),
      ...keyInfo(ctx),
      example,
    });
  }
  for (const m of text.matchAll(BARE)) {
    const digits = m[0];
    if (!isValidSsn(digits)) continue;
    const ctx = contextOf(scan, m.index, digits.length, "ssn");
    const labelled = ctx.field !== undefined || (scan.seg.mode !== "code" && ctx.keyword);
    if (!labelled || ctx.other !== undefined) continue;
    const example = digits in EXAMPLE_SSNS;
    const sev = severity(scan, true, false, example);
    if (!sev) continue;
    scan.add({ entity: "us-ssn", offset: m.index, length: digits.length, normalized: digits, severity: sev, basis: ctx.field ? "column or key" : "keyword", ...columnAt(scan, m.index, digits.length), ...keyInfo(ctx), example });
  }
}

/** A value under an `ssn` column/key. */
export function ssnFromField(scan: Scan, f: Field): void {
  const m = FIELD_VALUE.exec(f.value.trim());
  if (!m) return;
  const digits = `${m[1]}${m[2]}${m[3]}`;
  if (!isValidSsn(digits)) return;
  const example = digits in EXAMPLE_SSNS;
  const sev = severity(scan, true, f.value.includes("-"), example);
  if (!sev) return;
  scan.add({ entity: "us-ssn", offset: f.offset, length: f.length, normalized: digits, severity: sev, basis: "column or key", key: f.key, ...(f.column === undefined ? {} : { column: f.column }), example });
}
