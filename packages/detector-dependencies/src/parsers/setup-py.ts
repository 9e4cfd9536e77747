/**
 * setup.py: static `install_requires=[...]` (and setup_requires, tests_require, extras_require) list
 * literals, read with a small Python tokenizer. The file is never executed; lists built at run time
 * (read from a file, computed) are out of reach and skipped.
 */
import type { Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import { requirementFromString } from "../requirement.js";

interface Tok {
  kind: "str" | "name" | "op";
  value: string;
  start: number;
  end: number;
  /** For strings: offset of the first character inside the quotes. */
  innerStart?: number;
  /** For strings: the literal text between the quotes equals `value` (no escapes). */
  plain?: boolean;
}

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] ?? "";
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (/\s/.test(ch) || ch === "\\") {
      i++;
      continue;
    }
    const prefix = /^[rbuf]{0,2}(?="|')/i.exec(text.slice(i, i + 3));
    if (prefix) {
      const p = prefix[0];
      const q0 = i + p.length;
      const quoteChar = text[q0] ?? '"';
      const triple = text.startsWith(quoteChar.repeat(3), q0);
      const q = triple ? quoteChar.repeat(3) : quoteChar;
      const raw = /r/i.test(p);
      let j = q0 + q.length;
      while (j < n && !text.startsWith(q, j)) {
        if (!raw && text[j] === "\\") j++;
        else if (!triple && text[j] === "\n") break;
        j++;
      }
      const inner = text.slice(q0 + q.length, Math.min(j, n));
      const isF = /f/i.test(p);
      const isB = /b/i.test(p);
      if (!isF && !isB) {
        const value = raw ? inner : inner.replace(/\\(.)/g, "$1");
        toks.push({ kind: "str", value, start: i, end: Math.min(j + q.length, n), innerStart: q0 + q.length, plain: value === inner });
      } else {
        toks.push({ kind: "op", value: "?", start: i, end: Math.min(j + q.length, n) });
      }
      i = Math.min(j + q.length, n);
      continue;
    }
    const name = /^[A-Z_]\w{0,200}/i.exec(text.slice(i, i + 201));
    if (name) {
      toks.push({ kind: "name", value: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    toks.push({ kind: "op", value: ch, start: i, end: i + 1 });
    i++;
  }
  return toks;
}

const KEYWORDS: Record<string, { build?: boolean }> = {
  install_requires: {},
  tests_require: {},
  extras_require: {},
  setup_requires: { build: true },
};

const OPEN: Record<string, string> = { "[": "]", "(": ")", "{": "}" };

/** Index after the bracket group starting at `i`. */
function groupEnd(toks: Tok[], i: number): number {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const t = toks[j];
    if (t?.kind !== "op") continue;
    if (t.value in OPEN) depth++;
    else if (t.value === "]" || t.value === ")" || t.value === "}") {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return toks.length;
}

/** String tokens that are list/tuple elements (dict keys excluded) within toks[from, to). */
function elementStrings(toks: Tok[], from: number, to: number): Tok[] {
  const out: Tok[] = [];
  for (let j = from; j < to; j++) {
    const t = toks[j];
    if (t?.kind !== "str") continue;
    if (toks[j + 1]?.value === ":") continue;
    out.push(t);
  }
  return out;
}

/** `NAME = [ ... ]` assignments at any level, last one wins before `before`. */
function assignedList(toks: Tok[], name: string, before: number): Tok[] | undefined {
  let found: Tok[] | undefined;
  for (let j = 0; j + 2 < before; j++) {
    const a = toks[j];
    const eq = toks[j + 1];
    const open = toks[j + 2];
    if (a?.kind === "name" && a.value === name && eq?.value === "=" && open && open.kind === "op" && open.value in OPEN) {
      if (toks[j - 1]?.value === ".") continue;
      found = elementStrings(toks, j + 2, groupEnd(toks, j + 2));
    }
  }
  return found;
}

export function parseSetupPy(text: string, locate: Locate): Requirement[] {
  const toks = tokenize(text);
  const out: Requirement[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const key = t?.kind === "name" ? t.value : t?.kind === "str" ? t.value : undefined;
    if (key === undefined || !(key in KEYWORDS)) continue;
    const sep = toks[i + 1];
    if (sep?.value !== "=" && sep?.value !== ":") continue;
    if (sep.value === "=" && toks[i + 2]?.value === "=") continue;
    const valueTok = toks[i + 2];
    if (!valueTok) continue;
    let strings: Tok[] | undefined;
    if (valueTok.kind === "op" && valueTok.value in OPEN) strings = elementStrings(toks, i + 2, groupEnd(toks, i + 2));
    else if (valueTok.kind === "name") strings = assignedList(toks, valueTok.value, i);
    if (!strings) continue;
    const extra = KEYWORDS[key]?.build ? { build: true } : {};
    for (const s of strings) {
      if (seen.has(s.start)) continue;
      seen.add(s.start);
      const req = s.plain
        ? requirementFromString(s.value, s.innerStart ?? s.start, "setup-py", locate, extra)
        : requirementFromString(s.value, 0, "setup-py", () => locate(s.start, s.end - s.start), extra);
      if (req) out.push(req);
    }
  }
  return out;
}
