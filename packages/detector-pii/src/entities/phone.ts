/**
 * Phone numbers: libphonenumber decides plausibility; a number is reported when it is valid and
 * written like a phone number (international `+…`, or NANP `(212) 555-0198` / `212-555-0198`), or
 * when a column, key or word labels it as a phone and it is at least possible.
 */
import type { CountryCode } from "libphonenumber-js";

import type { Field } from "../model.js";
import { isTrivialDigits, textBefore, trimEndChars } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, contextOf, inNumericList, keyInfo } from "./common.js";

const CANDIDATE = /(?<![\w+./-])(?:\+|\(\+?)?\d[\d ().-]{5,22}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w/-]|\.\d)/g;
const NANP = /^(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
const INTERNATIONAL = /^\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}$/;
const EXTENSION = /\s?(?:x|ext\.?)\s?\d{1,5}$/;

/** Regions tried for a labelled national number that is not a US one. */
const REGIONS: readonly CountryCode[] = ["US", "GB", "DE", "FR", "IN", "CA", "AU", "ES", "IT", "NL", "BR", "MX", "JP", "CN", "IE", "CH", "SE", "PL", "ZA", "NG", "SG"];

/** Shapes that are dates, times, versions, decimals or IPs, never phones. */
function notAPhone(s: string): boolean {
  return (
    /^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:\s|$)/.test(s) ||
    /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(s) ||
    /^\d{1,3}(?:\.\d{1,3}){3}$/.test(s) ||
    /^\d+(?:\.\d+){1,2}$/.test(s) ||
    /^\d+\.\d+$/.test(s) ||
    / {2}/.test(s)
  );
}

interface Parsed {
  e164: string;
  valid: boolean;
  possible: boolean;
}

/**
 * Parse results of this source (libphonenumber with `max` metadata costs about 0.1 ms a call, and
 * one value is seen several times: text/plain and text/html renders, the regex scan and the cell).
 */
const PARSED = new Map<string, Parsed | null>();

/** Forgets the parse results (called per source, so memory stays bounded). */
export function clearPhoneCache(): void {
  PARSED.clear();
}

function parse(scan: Scan, s: string, labelled: boolean, nanp: boolean): Parsed | undefined {
  const key = `${labelled ? "l" : "-"}${nanp ? "n" : "-"}${s}`;
  const cached = PARSED.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const result = parseUncached(scan, s, labelled, nanp);
  if (PARSED.size > 20_000) PARSED.clear();
  PARSED.set(key, result ?? null);
  return result;
}

function parseUncached(scan: Scan, s: string, labelled: boolean, nanp: boolean): Parsed | undefined {
  const p = scan.libs.parsePhone(s, "US");
  if (p?.isValid()) return { e164: p.number, valid: true, possible: true };
  if (!labelled) return undefined;
  if (!s.startsWith("+") && !nanp) {
    for (const r of REGIONS) {
      const q = scan.libs.parsePhone(s, r);
      if (q?.isValid()) return { e164: q.number, valid: true, possible: true };
    }
  }
  return p?.isPossible() ? { e164: p.number, valid: false, possible: true } : undefined;
}

/** Digits in `s` (without building a string). */
function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** `s` is `\d+(?:\.\d+){1,2}`: a decimal or a version, which notAPhone rejects (checked first: it is the common case). */
function dottedNumber(s: string): boolean {
  let dots = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) run++;
    else if (c === 46 && run > 0 && dots < 2) {
      dots++;
      run = 0;
    } else return false;
  }
  return dots > 0 && run > 0;
}

function parenBalanced(s: string): boolean {
  let open = 0;
  let close = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) open++;
    else if (c === 41) close++;
  }
  return open === close;
}

function phoneKeyword(scan: Scan, offset: number): boolean {
  return /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|call(?: me)?(?: at| on)?|contact|whatsapp|sms|text|ph|mob|hotline|reach (?:me|us) at)\.?:?[\s#:.-]{0,4}$/i.test(textBefore(scan.text, offset, 40));
}

function consider(scan: Scan, offset: number, raw0: string): void {
  const mode = scan.seg.mode;
  let raw = raw0;
  let start = offset;
  // An opening parenthesis is part of `(212) …` only.
  if (raw.startsWith("(") && !/^\(\+?\d{1,4}\)/.test(raw)) {
    raw = raw.slice(1);
    start++;
  }
  raw = trimEndChars(raw, " .(-");
  if (!parenBalanced(raw)) return;
  const core = raw.includes("x") ? raw.replace(EXTENSION, "") : raw;
  if (dottedNumber(core)) return;
  const count = digitCount(core);
  if (count < 7 || count > 15) return;
  if (isTrivialDigits(core.replace(/\D/g, ""))) return;
  if (notAPhone(core)) return;
  const ctx = contextOf(scan, start, raw.length, "phone");
  if (ctx.other !== undefined && ctx.field === undefined) return;
  const labelled = ctx.field !== undefined || phoneKeyword(scan, start);
  const nanp = NANP.test(core);
  const formatted = nanp || (INTERNATIONAL.test(core) && /[ .()-]/.test(core));
  if (!formatted && !labelled) return;
  if (!formatted && inNumericList(scan.text, start, raw.length)) return;
  if (mode === "code" && !labelled) return;
  const parsed = parse(scan, core, labelled, nanp);
  if (!parsed) return;
  scan.add({
    entity: "phone",
    offset: start,
    length: raw.length,
    normalized: parsed.e164,
    severity: "low",
    basis: ctx.field ? "column or key" : labelled ? "keyword" : "phone format",
    ...columnAt(scan, start, raw.length),
    ...keyInfo(ctx),
    extra: { valid: parsed.valid },
  });
}

/** A field value the regex scan may have missed (a cell one space from its neighbour): digits and phone punctuation, 7–30 long. */
function phoneShapedCell(v: string): boolean {
  if (v.length < 7 || v.length > 30) return false;
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if (last < 48 || last > 57) return false;
  let i = 0;
  if (first === 43 || first === 40) i = 1;
  const d = v.charCodeAt(i);
  if (d < 48 || d > 57) return false;
  for (let k = i + 1; k < v.length; k++) {
    const c = v.charCodeAt(k);
    // digits, space ( ) . -
    if (!((c >= 48 && c <= 57) || c === 32 || c === 40 || c === 41 || c === 46 || c === 45)) return false;
  }
  // the original `^[+(]?\d[\d ().-]+\d$` needs at least one character between the first and last digit
  return v.length - i >= 3;
}

export function findPhones(scan: Scan): void {
  for (const m of scan.text.matchAll(CANDIDATE)) {
    const s = m[0];
    if (!s.includes("  ")) {
      if (s.length >= 7) consider(scan, m.index, s);
      continue;
    }
    // Table columns are two spaces apart: consider each piece.
    let at = 0;
    for (const piece of s.split(/ {2,}/)) {
      const idx = s.indexOf(piece, at);
      if (piece.length >= 7) consider(scan, m.index + idx, piece);
      at = idx + piece.length;
    }
  }
  for (const f of scan.fields) if (!f.decoded && phoneShapedCell(f.value)) consider(scan, f.offset, f.value);
}

/** A value under a phone column/key: any separators, at least a possible number. */
export function phoneFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  if (!/^\+?[\d ().-]{7,24}(?:\s?(?:x|ext\.?)\s?\d{1,5})?$/.test(v)) return;
  const core = v.replace(EXTENSION, "");
  const digits = core.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15 || isTrivialDigits(digits) || notAPhone(core)) return;
  const parsed = parse(scan, core, true, NANP.test(core));
  if (!parsed) return;
  scan.add({ entity: "phone", offset: f.offset, length: f.length, normalized: parsed.e164, severity: "low", basis: "column or key", key: f.key, ...(f.column === undefined ? {} : { column: f.column }), extra: { valid: parsed.valid } });
}
