/**
 * Keyed literals: Python dict/list prints, JSON (records and pandas `to_json` column layout), keyword
 * arguments (`Customer(name='…')`, `Timestamp('…')` under a key) and assignments (`ssn = "…"`).
 * A small tolerant lexer; a key labels the value after it and, through brackets, every value nested
 * under it whose own key says nothing (`{"ssn": {"0": "…", "1": "…"}}`, `"emails": ["…", "…"]`).
 */
import { classifyKey } from "../context.js";
import type { Field, Mode } from "../model.js";

type Tok =
  | { t: "str"; start: number; end: number; valueStart: number; valueEnd: number }
  | { t: "num"; start: number; end: number }
  | { t: "id"; start: number; end: number }
  | { t: "punct"; start: number; end: number; c: string };

const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Characters that continue a number token: digits, `_ . e E + -` (dates and SSNs lex as one token). */
const isNumberPart = (c: number): boolean => isDigit(c) || c === 95 || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
const isPrefix = (c: number): boolean => c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;

/** A pull lexer: one token at a time, so a large output never holds millions of token objects. */
function lexer(text: string, mode: Mode): () => Tok | undefined {
  let i = 0;
  const n = text.length;
  return () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
        continue;
      }
      if (c === 35 /* # */ && mode === "code") {
        const nl = text.indexOf("\n", i);
        i = nl === -1 ? n : nl;
        continue;
      }
      // strings, with optional r/b/u/f prefixes
      let q = i;
      while (q < n && q - i < 2 && isPrefix(text.charCodeAt(q))) q++;
      const qc = text.charCodeAt(q);
      if ((qc === 34 || qc === 39) && (q === i || i === 0 || !isWord(text.charCodeAt(i - 1)))) {
        const quote = text[q]!;
        const triple = text.startsWith(quote.repeat(3), q);
        const open = triple ? 3 : 1;
        let j = q + open;
        let closed = -1;
        while (j < n) {
          const ch = text.charCodeAt(j);
          if (ch === 92 /* \\ */) {
            j += 2;
            continue;
          }
          if (!triple && ch === 10) break;
          if (ch === qc && (!triple || text.startsWith(quote.repeat(3), j))) {
            closed = j;
            break;
          }
          j++;
        }
        if (closed === -1) {
          i = q + 1;
          continue;
        }
        const tok: Tok = { t: "str", start: i, end: closed + open, valueStart: q + open, valueEnd: closed };
        i = closed + open;
        return tok;
      }
      if (isDigit(c) || (c === 45 && isDigit(text.charCodeAt(i + 1)))) {
        let j = i + 1;
        while (j < n && isNumberPart(text.charCodeAt(j))) j++;
        const tok: Tok = { t: "num", start: i, end: j };
        i = j;
        return tok;
      }
      if (isWord(c)) {
        let j = i + 1;
        while (j < n && isWord(text.charCodeAt(j))) j++;
        const tok: Tok = { t: "id", start: i, end: j };
        i = j;
        return tok;
      }
      const ch = text[i]!;
      if ("{}[]():=,".includes(ch)) {
        // `==`, `:=`, `<=`, `>=`, `!=` are not assignments
        if (ch === "=" && (text[i + 1] === "=" || "<>!=:".includes(text[i - 1] ?? ""))) {
          i += text[i + 1] === "=" ? 2 : 1;
          return { t: "punct", start: i - 1, end: i, c: "op" };
        }
        i++;
        return { t: "punct", start: i - 1, end: i, c: ch };
      }
      i++;
      return { t: "punct", start: i - 1, end: i, c: ch === "." ? "." : "op" };
    }
    return undefined;
  };
}

interface Frame {
  close: string;
  /** Key inherited from outside the bracket. */
  key: string | undefined;
  /** Key of the current entry inside this bracket. */
  current: string | undefined;
}

const CLOSE: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

/** A key that only numbers rows (pandas to_json "0", "1" …) does not replace the inherited one. */
function meaningful(key: string): boolean {
  return /[A-Z]/i.test(key);
}

export function literalFields(text: string, mode: Mode): Field[] {
  if (!/[:=]/.test(text)) return [];
  const pull = lexer(text, mode);
  const fields: Field[] = [];
  const stack: Frame[] = [{ close: "", key: undefined, current: undefined }];
  const keyText = (tok: Tok): string =>
    tok.t === "str" ? text.slice(tok.valueStart, tok.valueEnd) : text.slice(tok.start, tok.end);
  const frame = (): Frame => stack[stack.length - 1]!;
  const activeKey = (): string | undefined => frame().current ?? frame().key;
  let next = pull();
  for (;;) {
    const tok = next;
    if (tok === undefined) break;
    next = pull();
    const f = frame();
    if (tok.t === "punct") {
      if (tok.c in CLOSE) {
        stack.push({ close: CLOSE[tok.c]!, key: activeKey(), current: undefined });
        if (stack.length > 256) stack.splice(1, 1);
      } else if (tok.c === "}" || tok.c === "]" || tok.c === ")") {
        if (stack.length > 1 && f.close === tok.c) stack.pop();
        frame().current = undefined;
      } else if (tok.c === ",") {
        f.current = undefined;
      }
      continue;
    }
    // key: `"k":` / `'k':` / `k:` inside a dict, `k=` as a keyword argument or an assignment
    if (next?.t === "punct" && (next.c === ":" || next.c === "=") && (tok.t === "str" || tok.t === "id" || tok.t === "num")) {
      if (next.c === ":" && f.close !== "}" && tok.t === "id") continue; // `for x:`, slices, annotations
      const key = keyText(tok);
      f.current = meaningful(key) && key.length <= 60 ? key : undefined;
      next = pull();
      continue;
    }
    if (tok.t === "id") {
      // `Timestamp(`, `np.array(` keep the key for the bracket that follows; other names end it.
      if (!(next?.t === "punct" && (next.c === "(" || next.c === "."))) f.current = undefined;
      continue;
    }
    const key = activeKey();
    f.current = undefined;
    if (key === undefined) continue;
    {
      const start = tok.t === "str" ? tok.valueStart : tok.start;
      const end = tok.t === "str" ? tok.valueEnd : tok.end;
      if (end - start === 0 || end - start > 400) continue;
      const raw = text.slice(start, end);
      if (raw.includes("\\")) continue;
      // Values under the same key form a column (records printed as a list of dicts).
      fields.push({ key, kind: classifyKey(key), offset: start, length: end - start, value: raw, decoded: false, column: `l:${key}`, via: "literal" });
    }
  }
  return fields;
}
