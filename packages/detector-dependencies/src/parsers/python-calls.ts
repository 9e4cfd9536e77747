/**
 * Installs run from Python code in a notebook cell: `subprocess.check_call([sys.executable, "-m", "pip",
 * "install", "torch==2.0.1"])`, `os.system("pip install torch")`, `get_ipython().system("pip install …")`.
 * Only literal arguments are read; anything computed is skipped.
 */
import type { Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import type { Word } from "./shell.js";
import { commandRequirements, installRequirements } from "./shell.js";

const CALL = /\b(?:os\.system|subprocess\.(?:run|call|check_call|check_output|Popen)|get_ipython\(\)\.system)\s{0,5}\(\s{0,20}/g;

interface Literal {
  start: number;
  end: number;
  innerStart: number;
  value: string;
  /** The characters between the quotes are exactly `value` (no escapes, not an f-string). */
  plain: boolean;
  fString: boolean;
}

function readString(text: string, pos: number, limit: number): Literal | undefined {
  const prefix = /^[bfru]{0,2}(?=["'])/i.exec(text.slice(pos, pos + 3));
  if (!prefix) return undefined;
  const q0 = pos + prefix[0].length;
  const quote = text[q0] ?? '"';
  const triple = text.startsWith(quote.repeat(3), q0);
  const q = triple ? quote.repeat(3) : quote;
  const raw = /r/i.test(prefix[0]);
  let j = q0 + q.length;
  while (j < limit && !text.startsWith(q, j)) {
    if (!triple && text[j] === "\n") return undefined;
    j += !raw && text[j] === "\\" ? 2 : 1;
  }
  if (j >= limit) return undefined;
  const inner = text.slice(q0 + q.length, j);
  const value = raw ? inner : inner.replace(/\\(.)/g, "$1");
  return { start: pos, end: j + q.length, innerStart: q0 + q.length, value, plain: value === inner, fString: /f/i.test(prefix[0]) };
}

function wordOf(lit: Literal): Word {
  return {
    value: lit.fString ? `{${lit.value}}` : lit.value,
    start: lit.start,
    end: lit.end,
    valueStart: lit.plain ? lit.innerStart : lit.start,
    exact: lit.plain && !lit.fString,
  };
}

/** Items of a Python list/tuple literal starting after `[` or `(`, as command words. */
function listWords(text: string, pos: number, limit: number): Word[] {
  const words: Word[] = [];
  let i = pos;
  for (let guard = 0; guard < 200 && i < limit; guard++) {
    while (i < limit && /[\s,]/.test(text[i] ?? "")) i++;
    const ch = text[i];
    if (ch === undefined || ch === "]" || ch === ")") break;
    const lit = readString(text, i, limit);
    if (lit) {
      words.push(wordOf(lit));
      i = lit.end;
    } else {
      const ident = /^[a-z_][\w.]{0,100}/i.exec(text.slice(i, i + 101));
      const value = ident?.[0] === "sys.executable" ? "{sys.executable}" : "{expr}";
      words.push({ value, start: i, end: i + (ident?.[0].length ?? 1), valueStart: i, exact: false });
      i += ident?.[0].length ?? 1;
    }
    // Skip the rest of a computed item (`"a" + b`, `f(x)`) up to the next comma at this level.
    let depth = 0;
    while (i < limit) {
      const c = text[i];
      if (depth === 0 && (c === "," || c === "]" || c === ")")) break;
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
      i++;
    }
  }
  return words;
}

/** True when `at` is inside a string literal or a comment opened earlier on its line. */
function insideStringOrComment(text: string, at: number): boolean {
  let i = text.lastIndexOf("\n", at - 1) + 1;
  let quote: string | undefined;
  for (; i < at; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "#") return true;
    else if (c === '"' || c === "'") quote = c;
  }
  return quote !== undefined;
}

export function pythonCallRequirements(text: string, from: number, to: number, locate: Locate): Requirement[] {
  const out: Requirement[] = [];
  CALL.lastIndex = from;
  for (let m = CALL.exec(text); m !== null && m.index < to; m = CALL.exec(text)) {
    if (insideStringOrComment(text, m.index)) continue;
    const pos = m.index + m[0].length;
    const ch = text[pos];
    if (ch === "[" || ch === "(") {
      out.push(...commandRequirements(listWords(text, pos + 1, text.length), locate));
      continue;
    }
    const lit = readString(text, pos, text.length);
    if (!lit || lit.fString || !/\bpip\b|\bconda\b|\buv\b/.test(lit.value)) continue;
    if (lit.plain) out.push(...installRequirements(text, locate, lit.innerStart, lit.innerStart + lit.value.length));
  }
  return out;
}
