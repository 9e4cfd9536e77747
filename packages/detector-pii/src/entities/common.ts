import type { KeyKind } from "../context.js";
import { KEYWORDS } from "../context.js";
import type { Libs } from "../libs.js";
import type { Field, Hit, Segment } from "../model.js";
import { textAfter, textBefore } from "../text.js";

/** What an entity finder gets: the segment, its scannable text and its labelled values. */
export interface Scan {
  seg: Segment;
  /** The segment text with HTML tags blanked (same offsets); the text itself for non-HTML. */
  text: string;
  libs: Libs;
  fields: readonly Field[];
  /** Fields whose value contains [offset, offset+length), innermost first. */
  fieldsAt(offset: number, length: number): Field[];
  add(hit: Hit): void;
}

export type PositiveKind = Exclude<KeyKind, "negative" | "name-generic">;

/** Context of a match: the key of the value it sits in and the words before it on its line. */
export interface MatchContext {
  /** A covering field whose key names this kind. */
  field: Field | undefined;
  /** A covering field whose key names something else (an id column, a phone column …). */
  other: Field | undefined;
  keyword: boolean;
}

export function contextOf(scan: Scan, offset: number, length: number, kind: PositiveKind, alsoPositive: readonly KeyKind[] = []): MatchContext {
  let field: Field | undefined;
  let other: Field | undefined;
  for (const f of scan.fieldsAt(offset, length)) {
    // A label speaks for the value it introduces, not for everything later on the line.
    if (f.kind === undefined || offset - f.offset > 4) continue;
    if (f.kind === kind || alsoPositive.includes(f.kind)) field ??= f;
    else other ??= f;
  }
  let keyword: boolean | undefined;
  return {
    field,
    other,
    // computed on first use: most matches (e-mails, IPs) never ask
    get keyword(): boolean {
      keyword ??= keywordBefore(scan.text, offset, kind);
      return keyword;
    },
  };
}

const KEYWORD_KINDS = Object.keys(KEYWORDS) as PositiveKind[];
const GLOBAL_KEYWORDS = Object.fromEntries(KEYWORD_KINDS.map((k) => [k, new RegExp(KEYWORDS[k].source, "gi")])) as Record<PositiveKind, RegExp>;
/** Kinds whose keywords compete for the digit run that follows them. */
const COMPETING: readonly PositiveKind[] = ["ssn", "card", "passport", "phone", "iban", "dob"];

/**
 * True when a keyword of `kind` precedes the value on its line, within the same field (no `|`, `;`,
 * tab or column gap in between) and with no other kind's keyword after it ("SSN … passport no. 123…").
 */
export function keywordBefore(text: string, offset: number, kind: PositiveKind): boolean {
  let before = textBefore(text, offset, 48);
  const cut = Math.max(before.lastIndexOf("|"), before.lastIndexOf(";"), before.lastIndexOf("\t"), before.lastIndexOf("  "));
  if (cut !== -1) before = before.slice(cut + 1);
  if (!KEYWORDS[kind].test(before)) return false;
  let last = -1;
  for (const m of before.matchAll(GLOBAL_KEYWORDS[kind])) last = m.index + m[0].length;
  for (const other of COMPETING) {
    if (other === kind) continue;
    for (const m of before.matchAll(GLOBAL_KEYWORDS[other])) if (m.index >= last) return false;
  }
  return true;
}

/**
 * True when the range is a value of a keyed literal that holds several values under the same key
 * (`{"email": [a, b]}`, a list of record dicts): data written into code, not a lone placeholder.
 */
export function inDataLiteral(scan: Scan, offset: number, length: number): boolean {
  for (const f of scan.fieldsAt(offset, length)) {
    if (f.via !== "literal" || f.column === undefined) continue;
    let n = 0;
    for (const g of scan.fields) if (g.column === f.column && ++n >= 2) return true;
  }
  return false;
}

/** Column id of the innermost table cell containing the range. */
export function columnAt(scan: Scan, offset: number, length: number): { column?: string; key?: string } {
  for (const f of scan.fieldsAt(offset, length)) if (f.column !== undefined) return { column: f.column, key: f.key };
  return {};
}

/**
 * True when the number sits in a list of numbers (`[123, 456]`, `array([…])`, `1 2 3` rows of a
 * numeric print): such runs are data points, not identifiers of people.
 */
export function inNumericList(text: string, offset: number, length: number): boolean {
  const before = textBefore(text, offset, 32);
  const after = textAfter(text, offset + length, 32);
  const prevSep = /[[(,\d] *$/.test(before) && !/[A-Z_] *[[(] *$/i.test(before.slice(-40));
  const nextSep = /^ *[\]),\d]/.test(after) || /^ {1,4}-?\d/.test(after);
  return prevSep && nextSep;
}

/** Adds a hit with the field's key/column filled in. */
export function keyInfo(ctx: MatchContext): { key?: string; column?: string } {
  const f = ctx.field;
  return f ? { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) } : {};
}
