/**
 * Finds where things are in TOML text. smol-toml gives the values but no positions; this scanner
 * records every string literal (with its decoded value), every table header and every bare key at the
 * start of a line, skipping comments and multi-line strings, so a parsed value can be traced back to
 * its characters.
 */

export interface TomlString {
  /** Offset of the opening quote. */
  start: number;
  /** Offset after the closing quote. */
  end: number;
  value: string;
}

export interface TomlHeader {
  /** Dotted key with quotes removed, e.g. "tool.poetry.dependencies". */
  key: string;
  start: number;
  /** Offset where the table's content ends (next header or end of text). */
  contentEnd: number;
}

export interface TomlKey {
  /** Key as written, quotes removed (first segment of a dotted key). */
  key: string;
  start: number;
  /** End of the line the key is on. */
  lineEnd: number;
}

export interface TomlLayout {
  strings: TomlString[];
  headers: TomlHeader[];
  keys: TomlKey[];
}

function decodeBasic(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[btnfr"\\])/g, (_m, e: string) => {
    switch (e[0]) {
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "u":
      case "U":
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

export function layoutToml(text: string): TomlLayout {
  const strings: TomlString[] = [];
  const headers: TomlHeader[] = [];
  const keys: TomlKey[] = [];
  let depth = 0; // [ ] and { } nesting outside strings
  let lineStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === "\n") {
      lineStart = true;
      i++;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (lineStart && depth === 0 && ch === "[") {
      const nl = text.indexOf("\n", i);
      const lineEnd = nl < 0 ? n : nl;
      const line = text.slice(i, lineEnd);
      const m = /^\[\[?\s{0,20}([^\]#]{1,300}?)\s{0,20}\]\]?/.exec(line);
      if (m?.[1]) {
        const key = m[1]
          .split(".")
          .map((p) => p.trim().replace(/^["']|["']$/g, ""))
          .join(".");
        if (headers.length > 0) {
          const prev = headers[headers.length - 1];
          if (prev) prev.contentEnd = i;
        }
        headers.push({ key, start: i, contentEnd: n });
        i += m[0].length;
        lineStart = false;
        continue;
      }
    }
    if (lineStart && depth === 0 && /[\w"'-]/.test(ch ?? "")) {
      const nl = text.indexOf("\n", i);
      const lineEnd = nl < 0 ? n : nl;
      const m = /^(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([\w-]{1,200}))/.exec(text.slice(i, lineEnd));
      if (m) keys.push({ key: m[1] ?? m[2] ?? m[3] ?? "", start: i, lineEnd });
    }
    lineStart = false;
    if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const q = triple ? ch.repeat(3) : ch;
      let j = i + q.length;
      let raw = "";
      while (j < n) {
        if (ch === '"' && text[j] === "\\") {
          raw += text.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (text.startsWith(q, j)) break;
        if (!triple && text[j] === "\n") break;
        raw += text[j];
        j++;
      }
      // Up to two extra quotes may close a multi-line string (`""""` ends with a quote in the value).
      let end = j + q.length;
      if (triple) {
        while (text[end] === ch && end - j < 5) {
          raw += ch;
          end++;
        }
      }
      let value = ch === '"' ? decodeBasic(raw) : raw;
      if (triple && value.startsWith("\n")) value = value.slice(1);
      strings.push({ start: i, end: Math.min(end, n), value });
      i = Math.min(end, n);
      continue;
    }
    if (ch === "[" || ch === "{") depth++;
    else if ((ch === "]" || ch === "}") && depth > 0) depth--;
    i++;
  }
  return { strings, headers, keys };
}

/** Text range covered by a table (header to next header); the root table when `key` is "". */
export function tableRange(layout: TomlLayout, key: string, textLength: number): { start: number; end: number }[] {
  if (key === "") return [{ start: 0, end: layout.headers[0]?.start ?? textLength }];
  return layout.headers.filter((h) => h.key === key).map((h) => ({ start: h.start, end: h.contentEnd }));
}
