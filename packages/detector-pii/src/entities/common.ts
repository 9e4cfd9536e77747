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
    if (f.kind === undefined) continue;
    if (f.kind === kind || alsoPositive.includes(f.kind)) field ??= f;
    else other ??= f;
  }
  const before = textBefore(scan.text, offset, 48);
  return { field, other, keyword: KEYWORDS[kind].test(before) };
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
