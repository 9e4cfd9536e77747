/**
 * HTML tables (pandas `text/html` renders `<table class="dataframe">`, Styler tables, any table with
 * `<th>` headers). Tag positions come from htmlparser2's tokenizer, so a value's offset is its exact
 * place in the raw HTML; its text is entity-decoded for validation.
 */
import { classifyKey } from "../context.js";
import type { HtmlLib } from "../libs.js";
import type { Field } from "../model.js";

interface Cell {
  header: boolean;
  colspan: number;
  /** Raw text range inside the cell (first to last non-blank character of its text nodes). */
  start: number;
  end: number;
}

interface TableState {
  id: string;
  headRows: { cells: Cell[] }[];
  bodyRows: { cells: Cell[] }[];
  inHead: boolean;
  row: Cell[] | undefined;
  cell: Cell | undefined;
}

const SKIP_VALUE = new Set(["...", "NaN", "nan", "None", "NaT", "<NA>", "null", ""]);

export function htmlTableFields(html: string, lib: () => HtmlLib): Field[] {
  if (!/<t[dh]\b/i.test(html)) return [];
  const { Parser, decodeHTML } = lib();
  const tables: TableState[] = [];
  const stack: TableState[] = [];
  const top = (): TableState | undefined => stack[stack.length - 1];
  const parser: InstanceType<HtmlLib["Parser"]> = new Parser(
    {
      onopentag(name, attribs) {
        const t = top();
        if (name === "table") {
          const s: TableState = { id: `h${parser.startIndex}`, headRows: [], bodyRows: [], inHead: false, row: undefined, cell: undefined };
          stack.push(s);
          tables.push(s);
        } else if (!t) return;
        else if (name === "thead") t.inHead = true;
        else if (name === "tbody") t.inHead = false;
        else if (name === "tr") t.row = [];
        else if ((name === "td" || name === "th") && t.row) {
          const span = Number.parseInt(attribs["colspan"] ?? "1", 10);
          t.cell = { header: name === "th", colspan: Number.isFinite(span) && span > 0 && span < 100 ? span : 1, start: -1, end: -1 };
        }
      },
      ontext() {
        const t = top();
        const c = t?.cell;
        if (!c) return;
        const raw = html.slice(parser.startIndex, parser.endIndex + 1);
        const lead = raw.length - raw.trimStart().length;
        const trimmed = raw.trim();
        if (trimmed.length === 0) return;
        if (c.start === -1) c.start = parser.startIndex + lead;
        c.end = parser.startIndex + lead + trimmed.length;
      },
      onclosetag(name) {
        const t = top();
        if (!t) return;
        if (name === "table") {
          stack.pop();
        } else if ((name === "td" || name === "th") && t.cell && t.row) {
          t.row.push(t.cell);
          t.cell = undefined;
        } else if (name === "tr" && t.row) {
          const isHead = t.inHead || (t.bodyRows.length === 0 && t.row.length > 0 && t.row.every((c) => c.header));
          (isHead ? t.headRows : t.bodyRows).push({ cells: t.row });
          t.row = undefined;
        } else if (name === "thead") t.inHead = false;
      },
    },
    { decodeEntities: false, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();

  const fields: Field[] = [];
  const text = (c: Cell): string => (c.start === -1 ? "" : decodeHTML(stripTags(html.slice(c.start, c.end))).trim());
  for (const t of tables) {
    // Column keys: the lowest non-empty header text of each column (MultiIndex columns, index-name row).
    const keys: string[] = [];
    for (const r of t.headRows) {
      let col = 0;
      for (const c of r.cells) {
        const label = text(c);
        for (let k = 0; k < c.colspan; k++) {
          if (label !== "") keys[col + k] = label;
        }
        col += c.colspan;
      }
    }
    for (const r of t.bodyRows) {
      let col = 0;
      for (const c of r.cells) {
        const key = keys[col] ?? "";
        const at = col;
        col += c.colspan;
        if (c.start === -1) continue;
        const raw = html.slice(c.start, c.end);
        const value = text(c);
        if (SKIP_VALUE.has(value) || value.length > 400) continue;
        fields.push({
          key,
          kind: classifyKey(key),
          offset: c.start,
          length: c.end - c.start,
          value,
          decoded: value !== raw,
          column: `${t.id}:${at}`,
          via: "html",
        });
      }
    }
  }
  return fields;
}

function stripTags(s: string): string {
  return s.includes("<") ? s.replace(/<[^>]{0,2000}>/g, " ").replace(/\s+/g, " ") : s;
}
