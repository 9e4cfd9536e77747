import type { Severity, SourceRange } from "@watchtower/types";

import type { KeyKind } from "./context.js";
import type { Entity } from "./rules.js";

/**
 * How much to trust what a text shows.
 * - data: notebook outputs and data files (CSV, JSON …): printed values are real data.
 * - docs: markdown cells, README and other prose: examples and maintainers' contacts are common.
 * - code: cell sources and code files: literals are usually placeholders and test values.
 */
export type Mode = "data" | "code" | "docs";

/** One scannable text: a cell source, a notebook output or a file. */
export interface Segment {
  text: string;
  mode: Mode;
  /** The text is an HTML render (text/html output, .html file). */
  html: boolean;
  /** Range of [offset, offset+length) of this text, for ctx.report. */
  at(offset: number, length: number): SourceRange;
  /** Repository-relative path of the file. */
  path: string;
  /** Human-readable place, for notes ("cell 3 output 0"). */
  where: string;
  /** The file is a comma/tab separated data file (header on the first line). */
  delimiter?: string;
}

export type FieldVia = "table" | "html" | "csv" | "pipe" | "series" | "literal" | "kv";

/** A value that some structure labels with a key (column header, dict key, `Label:`). */
export interface Field {
  /** The label as written (header text, key), never personal data. */
  key: string;
  kind: KeyKind | undefined;
  /** Offset of the value in the segment text. */
  offset: number;
  length: number;
  /** The value as a person reads it (HTML entities decoded); equal to the raw text unless `decoded`. */
  value: string;
  /** True when `value` differs from the raw text at [offset, offset+length). */
  decoded: boolean;
  /** Same id for the values of one table column (consistency checks). */
  column?: string;
  via: FieldVia;
}

/** A validated match, before overlaps are resolved. */
export interface Hit {
  entity: Entity;
  offset: number;
  length: number;
  /** Normalised value: merges the same value across renders (identity) and across overlaps. */
  normalized: string;
  severity: Severity;
  /** Why it was reported (column, key, keyword, format, validator). */
  basis: string;
  /** Column header or key that gave context, when any. */
  key?: string;
  column?: string;
  /** Known example or test value (documented test card, example IBAN …). */
  example?: boolean;
  extra?: Readonly<Record<string, string | number | boolean>>;
}
