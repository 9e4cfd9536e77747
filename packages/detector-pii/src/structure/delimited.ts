/**
 * Delimited text: CSV/TSV files and CSV heads printed in outputs (`!head data.csv`, `df.to_csv()`),
 * and pipe / box-drawing tables (Markdown, tabulate, polars). A header line names the columns;
 * rows with the same number of fields follow it.
 */
import { classifyKey } from "../context.js";
import type { Field } from "../model.js";
import type { Line } from "../text.js";

interface Cell {
  start: number;
  end: number;
}

const HEADER_CELL = /^[\w .()#/%:+'-]{1,60}$/;
const SKIP_VALUE = new Set(["", "NaN", "nan", "None", "null", "NULL", "NA", "N/A", "..."]);

/** Splits one line on `delim`, honouring double quotes; ranges are inside the quotes. */
export function splitDelimited(text: string, delim: string): Cell[] {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && text[i] === " " && delim !== " ") i++;
    if (text[i] === '"') {
      const start = i + 1;
      let j = start;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          j = text.length;
          break;
        }
        if (text[q + 1] === '"') {
          j = q + 2;
          continue;
        }
        j = q;
        break;
      }
      cells.push({ start, end: j });
      const next = text.indexOf(delim, j);
      if (next === -1) break;
      i = next + 1;
    } else {
      const next = text.indexOf(delim, i);
      const end = next === -1 ? text.length : next;
      let e = end;
      while (e > i && text[e - 1] === " ") e--;
      cells.push({ start: i, end: e });
      if (next === -1) break;
      i = next + 1;
    }
  }
  return cells;
}

function looksLikeHeader(cells: readonly Cell[], text: string): boolean {
  if (cells.length < 2 || !/[a-z]/i.test(text.slice(cells[0]!.start, cells[0]!.end))) return false;
  let words = 0;
  for (const c of cells) {
    const h = text.slice(c.start, c.end).trim();
    if (h === "") continue;
    if (!HEADER_CELL.test(h)) return false;
    if (/[A-Z]/i.test(h) && !/^[\d.e+-]+$/i.test(h)) words++;
  }
  return words >= Math.max(1, Math.ceil(cells.length / 2));
}

function countDelim(s: string, d: string): number {
  let n = 0;
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') inQuote = !inQuote;
    else if (c === d && !inQuote) n++;
  }
  return n;
}

/**
 * Fields of delimited blocks. With `fileDelimiter` the whole text is one table whose first line is
 * the header (a .csv/.tsv file); otherwise blocks are sniffed line by line.
 */
export function delimitedFields(lines: readonly Line[], fileDelimiter?: string): Field[] {
  const fields: Field[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = lines[i]!;
    const delims = fileDelimiter !== undefined && i === 0 ? [fileDelimiter] : [",", "\t", ";"];
    let used = false;
    for (const d of delims) {
      if (!head.text.includes(d)) continue;
      const n = countDelim(head.text, d);
      if (n < 1 || head.text.length > 20_000) continue;
      const cells = splitDelimited(head.text, d);
      if (!(fileDelimiter !== undefined && i === 0) && !looksLikeHeader(cells, head.text)) continue;
      // Rows: following lines with the same field count (a ragged tail ends the block).
      let j = i + 1;
      const rows: Line[] = [];
      while (j < lines.length) {
        const l = lines[j]!;
        if (l.text.trim() === "" || countDelim(l.text, d) !== n) break;
        rows.push(l);
        j++;
      }
      if (rows.length === 0) continue;
      const keys = cells.map((c) => head.text.slice(c.start, c.end).trim());
      const kinds = keys.map((k) => classifyKey(k));
      const id = `c${head.start}`;
      for (const row of rows) {
        splitDelimited(row.text, d).forEach((c, ci) => {
          const key = keys[ci];
          if (key === undefined) return;
          const raw = row.text.slice(c.start, c.end);
          const lead = raw.length - raw.trimStart().length;
          const value = raw.trim();
          if (SKIP_VALUE.has(value) || value.length > 400) return;
          fields.push({ key, kind: kinds[ci], offset: row.start + c.start + lead, length: value.length, value, decoded: false, column: `${id}:${ci}`, via: "csv" });
        });
      }
      i = j;
      used = true;
      break;
    }
    if (!used) i++;
  }
  return fields;
}

const BOX_SEPARATORS = /[|│┃┆┊║]/;
const BORDER_LINE = /^[\s+\-=|:─━┌┐└┘├┤┬┴┼╞╡╪═│┃┆┊║╭╮╰╯╔╗╚╝╠╣╦╩╬]+$/;
const POLARS_DTYPE = /^(?:str|i\d{1,3}|u\d{1,3}|f\d{2}|bool|date|time|datetime\[.{1,12}\]|duration\[.{1,12}\]|object|cat|null|list\[.{1,20}\]|---)$/;

/** Pipe and box-drawing tables: `| name | email |`, polars `│ name ┆ email │`, tabulate grids. */
export function pipeTableFields(lines: readonly Line[]): Field[] {
  const fields: Field[] = [];
  let keys: string[] | undefined;
  let id = "";
  for (const line of lines) {
    const t = line.text;
    if (BORDER_LINE.test(t) && keys !== undefined) continue;
    if (!BOX_SEPARATORS.test(t)) {
      keys = undefined;
      continue;
    }
    const cells: Cell[] = [];
    let start = 0;
    for (let p = 0; p <= t.length; p++) {
      if (p === t.length || BOX_SEPARATORS.test(t[p]!)) {
        cells.push({ start, end: p });
        start = p + 1;
      }
    }
    // Drop the empty pieces outside the outer borders.
    const inner = cells.filter((c, k) => !((k === 0 || k === cells.length - 1) && t.slice(c.start, c.end).trim() === ""));
    if (inner.length < 2) {
      keys = undefined;
      continue;
    }
    const texts = inner.map((c) => t.slice(c.start, c.end).trim());
    if (keys === undefined) {
      if (texts.every((x) => x === "" || HEADER_CELL.test(x)) && texts.some((x) => /[A-Z]/i.test(x))) {
        keys = texts;
        id = `p${line.start}`;
      }
      continue;
    }
    if (texts.every((x) => x === "" || POLARS_DTYPE.test(x))) continue;
    inner.forEach((c, ci) => {
      const key = keys?.[ci];
      if (key === undefined) return;
      const raw = t.slice(c.start, c.end);
      const lead = raw.length - raw.trimStart().length;
      const value = raw.trim();
      if (SKIP_VALUE.has(value) || value === "…" || value.length > 400) return;
      fields.push({ key, kind: classifyKey(key), offset: line.start + c.start + lead, length: value.length, value, decoded: false, column: `${id}:${ci}`, via: "pipe" });
    });
  }
  return fields;
}
