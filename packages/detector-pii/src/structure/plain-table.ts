/**
 * Whitespace-aligned tables: pandas DataFrame and Series `text/plain` renders (and anything laid out
 * the same way). Columns are found from "gutters" — character positions that are blank on every line
 * of the block — then named by the header line. pandas right-aligns headers and values, so a piece of
 * a column with no header text (a value such as "John Smith" split at a blank shared by all rows)
 * belongs to the column on its right. The first headerless piece is the index.
 */
import { classifyKey } from "../context.js";
import type { Field } from "../model.js";
import type { Line } from "../text.js";

const MAX_TABLE_WIDTH = 4000;
const SERIES_FOOTER = /^(?:Name: (.{1,120}?), )?(?:Length: \d+, )?dtype: [\w[\], ]{1,40}$/;
const FRAME_FOOTER = /^\[\d+ rows x \d+ columns\]$/;
const HEADER_TEXT = /^[\w .()#/%:+'[\]-]{1,80}$/;
const SKIP_VALUE = new Set(["...", "..", "NaN", "nan", "None", "NaT", "<NA>", "null", ""]);

interface Span {
  start: number;
  end: number;
}

function gutterSpans(lines: readonly Line[]): Span[] {
  let width = 0;
  for (const l of lines) width = Math.max(width, Math.min(l.text.length, MAX_TABLE_WIDTH));
  const spans: Span[] = [];
  let open = -1;
  for (let p = 0; p <= width; p++) {
    let blank = true;
    if (p < width) {
      for (const l of lines) {
        const c = l.text.charCodeAt(p);
        if (p < l.text.length && c !== 32 && c !== 9) {
          blank = false;
          break;
        }
      }
    }
    if (!blank && open === -1) open = p;
    if (blank && open !== -1) {
      spans.push({ start: open, end: p });
      open = -1;
    }
  }
  return spans;
}

function cellOf(line: Line, span: Span): { offset: number; value: string } | undefined {
  const raw = line.text.slice(span.start, span.end);
  const lead = raw.length - raw.trimStart().length;
  const value = raw.trim();
  if (SKIP_VALUE.has(value) || /^\.{2,}$/.test(value)) return undefined;
  return { offset: line.start + span.start + lead, value };
}

function blocks(lines: readonly Line[]): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (l.text.trim().length === 0) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function seriesFields(rows: readonly Line[], name: string, id: string): Field[] {
  const kind = classifyKey(name);
  const spans = gutterSpans(rows);
  if (spans.length < 2) return [];
  const value: Span = { start: spans[1]!.start, end: spans[spans.length - 1]!.end };
  const fields: Field[] = [];
  for (const row of rows) {
    const c = cellOf(row, value);
    if (c) fields.push({ key: name, kind, offset: c.offset, length: c.value.length, value: c.value, decoded: false, column: `${id}:1`, via: "series" });
  }
  return fields;
}

/** Fields of every aligned table in the text. `lines` are the text's lines. */
export function plainTableFields(lines: readonly Line[]): Field[] {
  const fields: Field[] = [];
  for (const block of blocks(lines)) {
    if (block.length < 2 || block.length > 100_000) continue;
    const id = `t${block[0]!.start}`;
    const last = block[block.length - 1]!;
    const footer = SERIES_FOOTER.exec(last.text.trim());
    if (footer) {
      if (footer[1] !== undefined) fields.push(...seriesFields(block.slice(0, -1), footer[1], id));
      continue;
    }
    const body = FRAME_FOOTER.test(last.text.trim()) ? block.slice(0, -1) : block;
    if (body.length < 2) continue;
    fields.push(...frameFields(body, id));
  }
  return fields;
}

function frameFields(block: readonly Line[], id: string): Field[] {
  const header = block[0]!;
  if (header.text.length > MAX_TABLE_WIDTH) return [];
  const spans = gutterSpans(block);
  if (spans.length < 2) return [];
  const headText = (s: Span): string => header.text.slice(s.start, s.end).trim();
  // Index-name line (pandas prints it under the header when the index is named): text only in the
  // first span, and the header is blank there.
  let rowsFrom = 1;
  let indexName: string | undefined;
  const second = block[1]!;
  const first = spans[0]!;
  if (headText(first) === "" && second.text.slice(first.end).trim() === "" && block.length > 2) {
    indexName = second.text.slice(first.start, first.end).trim();
    rowsFrom = 2;
  }
  // Columns: merge headerless pieces into the column on their right (right-aligned layout).
  const columns: { span: Span; key: string }[] = [];
  let pendingStart: number | undefined;
  spans.forEach((s, i) => {
    const key = headText(s);
    if (i === 0 && key === "") {
      columns.push({ span: s, key: indexName ?? "" });
      return;
    }
    if (key === "") {
      pendingStart ??= s.start;
      return;
    }
    columns.push({ span: { start: pendingStart ?? s.start, end: s.end }, key });
    pendingStart = undefined;
  });
  if (pendingStart !== undefined && columns.length > 0) {
    const lastCol = columns[columns.length - 1]!;
    lastCol.span = { start: lastCol.span.start, end: spans[spans.length - 1]!.end };
  }
  // A span whose header holds several names two spaces apart (rows not aligned, e.g. wide Unicode):
  // split it at the right edge of each header name.
  for (let ci = columns.length - 1; ci >= 0; ci--) {
    const col = columns[ci]!;
    const names = [...header.text.slice(col.span.start, col.span.end).matchAll(/\S+(?: \S+)*/g)];
    if (names.length < 2 || col.key === indexName) continue;
    const parts: { span: Span; key: string }[] = [];
    let from = col.span.start;
    for (const n of names) {
      const end = col.span.start + n.index + n[0].length;
      parts.push({ span: { start: from, end }, key: n[0] });
      from = end;
    }
    columns.splice(ci, 1, ...parts);
  }
  const named = columns.filter((c) => c.key !== "" && c.key !== "\\" && c.key !== "...");
  if (named.length === 0 || !named.every((c) => HEADER_TEXT.test(c.key))) return [];
  const fields: Field[] = [];
  columns.forEach((col, ci) => {
    if (col.key === "" || col.key === "\\" || col.key === "...") return;
    const kind = classifyKey(col.key);
    for (const row of block.slice(rowsFrom)) {
      const c = cellOf(row, col.span);
      if (c) fields.push({ key: col.key, kind, offset: c.offset, length: c.value.length, value: c.value, decoded: false, column: `${id}:${ci}`, via: "table" });
    }
  });
  return fields;
}
