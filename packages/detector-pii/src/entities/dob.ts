/** Dates of birth: a valid calendar date labelled as a birth date (context only). */
import { KEYWORDS } from "../context.js";
import type { Field } from "../model.js";
import type { Scan } from "./common.js";

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]{0,6}\\.?";

interface DateMatch {
  index: number;
  length: number;
  iso: string;
}

const DATE_PATTERNS: readonly { re: RegExp; ymd: (m: RegExpExecArray) => [number, number, number] | undefined }[] = [
  { re: /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?!\d)/, ymd: (m) => [+m[1]!, +m[3]!, +m[4]!] },
  {
    re: /(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])/,
    ymd: (m) => {
      const a = +m[1]!;
      const b = +m[3]!;
      const y = expandYear(m[4]!);
      // MM/DD/YYYY unless the first part cannot be a month (then DD/MM/YYYY).
      return a > 12 ? [y, b, a] : [y, a, b];
    },
  },
  { re: new RegExp(`\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, "i"), ymd: (m) => [+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!] },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH},? (\\d{4})\\b`, "i"), ymd: (m) => [+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!] },
];

function expandYear(y: string): number {
  if (y.length === 4) return +y;
  const n = +y;
  return n <= 25 ? 2000 + n : 1900 + n;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2030 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

const iso = (y: number, mo: number, d: number): string => `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** The first valid date in `s` (optionally required to span all of it). */
export function findDate(s: string, whole: boolean): DateMatch | undefined {
  for (const p of DATE_PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    if (whole && (m.index !== 0 || m[0].length !== s.length)) continue;
    const ymd = p.ymd(m);
    if (!ymd || !validDate(...ymd)) continue;
    return { index: m.index, length: m[0].length, iso: iso(...ymd) };
  }
  return undefined;
}

function add(scan: Scan, offset: number, length: number, isoDate: string, basis: string, f?: Field): void {
  scan.add({
    entity: "date-of-birth",
    offset,
    length,
    normalized: isoDate,
    severity: "low",
    basis,
    ...(f ? { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) } : {}),
  });
}

/** A value under a date-of-birth column/key: a date, a pandas Timestamp string or an epoch. */
export function dobFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  const d = findDate(v, true);
  if (d) {
    add(scan, f.offset, f.length, d.iso, "column or key", f);
    return;
  }
  // pandas to_json writes datetimes as epoch milliseconds.
  if (/^-?\d{9,13}$/.test(v)) {
    const n = Number(v);
    const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
    const date = new Date(ms);
    const y = date.getUTCFullYear();
    if (y >= 1900 && y <= 2030) add(scan, f.offset, f.length, iso(y, date.getUTCMonth() + 1, date.getUTCDate()), "column or key (epoch)", f);
  }
}

/** A date shortly after "DOB", "date of birth", "born on" … on the same line. */
export function findDobs(scan: Scan): void {
  const text = scan.text;
  const re = new RegExp(KEYWORDS.dob.source, "gi");
  for (const k of text.matchAll(re)) {
    const from = k.index + k[0].length;
    let window = text.slice(from, from + 40);
    const nl = window.indexOf("\n");
    if (nl !== -1) window = window.slice(0, nl);
    const d = findDate(window, false);
    if (!d) continue;
    // Only separators and filler words between the keyword and the date.
    const gap = window.slice(0, d.index);
    if (!/^[\s:=#'"\-–—(),|]*$/.test(gap.replace(/\b(?:is|was|on|in|of|at)\b/gi, " "))) continue;
    add(scan, from + d.index, d.length, d.iso, "keyword");
  }
}
