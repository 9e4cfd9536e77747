/** Passport numbers: context only (a passport column, key or word), then a passport-shaped value. */
import type { Severity } from "@watchtower/types";

import { KEYWORDS } from "../context.js";
import type { Field } from "../model.js";
import { isTrivialDigits } from "../text.js";
import type { Scan } from "./common.js";

/** Placeholders seen in docs and tests (reported only where data is printed). */
const PLACEHOLDERS = new Set(["123456789", "A1234567", "A12345678", "X1234567", "X12345678", "AB1234567", "AB123456", "P1234567", "C01X00T47", "000000000"]);

/** 6–9 letters/digits with at least five digits (US, UK, IN, DE, CA … formats), or all digits. */
function passportShaped(v: string): boolean {
  if (!/^[A-Z0-9]{6,9}$/.test(v)) return false;
  const digits = v.replace(/\D/g, "");
  if (digits.length < 5) return false;
  if (digits.length === v.length && isTrivialDigits(digits)) return false;
  return !/^(\w)\1+$/.test(v);
}

function severity(scan: Scan, v: string, keyed: boolean): Severity | undefined {
  const placeholder = PLACEHOLDERS.has(v);
  if (scan.seg.mode === "data") return "medium";
  if (scan.seg.mode === "code" && !keyed) return undefined;
  return placeholder ? "low" : "medium";
}

function add(scan: Scan, offset: number, v: string, basis: string, f?: Field): void {
  const sev = severity(scan, v, f !== undefined);
  if (!sev) return;
  scan.add({
    entity: "passport-number",
    offset,
    length: f ? f.length : v.length,
    normalized: v,
    severity: sev,
    basis,
    example: PLACEHOLDERS.has(v),
    ...(f ? { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) } : {}),
  });
}

export function passportFromField(scan: Scan, f: Field): void {
  const v = f.value.trim().toUpperCase() === f.value.trim() ? f.value.trim() : "";
  if (passportShaped(v)) add(scan, f.offset, v, "column or key", f);
}

/** "Passport No: X1234567", "passport number is 123456789". */
export function findPassports(scan: Scan): void {
  const text = scan.text;
  const re = new RegExp(KEYWORDS.passport.source, "gi");
  for (const k of text.matchAll(re)) {
    const from = k.index + k[0].length;
    const window = text.slice(from, from + 32).split("\n")[0]!;
    const m = /^(?:[\s:=#'"().-]|\b(?:is|was|number|no|nr|num)\b){0,6}([A-Z0-9]{6,9})(?![A-Z0-9])/i.exec(window);
    if (!m || !passportShaped(m[1]!)) continue;
    add(scan, from + m[0].length - m[1]!.length, m[1]!, "keyword");
  }
}
