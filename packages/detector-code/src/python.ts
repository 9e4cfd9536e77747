/**
 * Python analysis on a Lezer syntax tree: import/alias resolution, simple constants, a small
 * download-taint flow, and the call checks driven by ./tables.ts. Loaded lazily (it pulls in the
 * parser). Names inside strings, comments and docstrings are never looked at: only CallExpression,
 * assignment, reference and dictionary nodes are.
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "@lezer/python";
import type { Severity } from "@watchtower/types";
import type { Emit, Hit } from "./finding.js";
import { evidenceOf } from "./finding.js";
import type { CodeRuleId } from "./rules.js";
import type { ShellState } from "./shell.js";
import { lexShell, programIndex, scanShell } from "./shell.js";
import { PACKAGE_INSTALLERS } from "./shell-tables.js";
import type { CallEntry, KeywordRule } from "./tables.js";
import {
  ATTRIBUTE_ASSIGNMENTS,
  BUILTINS,
  CALLS,
  CONVENTIONAL_NAMES,
  DICT_KEY_RULES,
  PARAM_DEFAULT_RULES,
  DOWNLOAD_SOURCES,
  KEYWORD_RULES,
  MODULE_ALIASES,
  REFERENCES,
  YAML_LOADERS,
} from "./tables.js";

/** One piece of Python: a .py file or a notebook cell (already masked by ./ipython.ts). */
export interface PyUnit {
  /** Python text; same length as the original so offsets carry over. */
  text: string;
  /** Names bound by `x = !cmd`, with the shell text when there is one. */
  magicAssignments?: readonly { names: readonly string[]; shell?: string }[];
}

interface ParsedUnit {
  unit: PyUnit;
  tree: Tree;
  /** Offset where parsing was cut short by the time budget (the rest of the unit is not analysed). */
  stoppedAt?: number;
}

export interface DeepNesting {
  /** Brackets nested deeper than MAX_BRACKET_DEPTH that were blanked before parsing. */
  regions: number;
}

type Binding =
  | { kind: "module"; name: string }
  | { kind: "alias"; node: SyntaxNode; u: ParsedUnit }
  | { kind: "local" }
  /** A file object opened from a constant path (`with open("version.py") as f`). */
  | { kind: "localfile" };

type Const = { kind: "str"; value: string } | { kind: "bool"; value: boolean } | { kind: "num"; value: number } | { kind: "none" };

interface Assignment {
  name: string;
  value: SyntaxNode;
  u: ParsedUnit;
}

interface Args {
  positional: SyntaxNode[];
  keywords: Map<string, { name: SyntaxNode; value: SyntaxNode }>;
  /** `*args` or `**kwargs` present: any parameter may be set. */
  hasStar: boolean;
  doubleStar: SyntaxNode[];
}

export interface ParseProblem {
  /** 0-based offset of the first syntax error in the unit. */
  offset: number;
  count: number;
}

const MAX_RESOLVE_DEPTH = 8;
/** Subtrees larger than this are not searched for taint (pathological generated code). */
const MAX_TAINT_NODES = 5000;

export function parsePython(text: string): Tree {
  return parsePythonBounded(text).tree;
}

/**
 * Lezer's error recovery costs 30-50 µs per invalid token, so token soup (60 000 `:` or `**`) takes
 * seconds and a megabyte of it would take a minute. Real code parses at 1-3 MB/s; the budget is 2 s
 * plus 10 µs per character, after which the parse stops where it is and the caller reports the rest
 * of the unit as not analysed (CPython would have refused the file at its first error anyway).
 */
export function parsePythonBounded(text: string, budgetMs = 2000 + text.length / 100): { tree: Tree; stoppedAt?: number } {
  const input = flattenDeepBrackets(patchTrailingDotFloats(text)).text;
  const parse = parser.startParse(input);
  const deadline = performance.now() + budgetMs;
  let stoppedAt: number | undefined;
  for (;;) {
    const tree = parse.advance();
    if (tree) return stoppedAt === undefined ? { tree } : { tree, stoppedAt };
    if (stoppedAt === undefined && performance.now() > deadline) {
      stoppedAt = parse.parsedPos;
      parse.stopAt(stoppedAt);
    }
  }
}

/** CPython's tokenizer refuses code nested deeper than this ("too many nested parentheses"). */
export const MAX_BRACKET_DEPTH = 200;
/** Unmatched closing brackets kept for the parser; later ones are blanked (see flattenDeepBrackets). */
const MAX_UNMATCHED_CLOSERS = 50;

/**
 * Blanks (to spaces; line breaks kept) every bracket nested deeper than MAX_BRACKET_DEPTH, with its
 * contents, outside strings and comments. CPython refuses such code, while Lezer's time and stack use
 * grow with the depth (100 000 levels: seconds, then a stack overflow). Offsets and line numbers of
 * everything else are unchanged, so the rest of the file is still analysed. Brackets still open more
 * than MAX_BRACKET_DEPTH deep at the end blank the rest of the text. Closing brackets with nothing
 * open beyond the first MAX_UNMATCHED_CLOSERS are blanked too. One pass, no backtracking.
 */
export function flattenDeepBrackets(text: string): { text: string; flattened: number } {
  let out: string[] | undefined;
  let flattened = 0;
  let unmatched = 0;
  const open: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const skipped = skipCommentOrString(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") open.push(i);
    else if (c === ")" || c === "]" || c === "}") {
      const at = open.pop();
      if (at === undefined && ++unmatched > MAX_UNMATCHED_CLOSERS) {
        // A closer with nothing open: CPython stops at the first ("unmatched ')'"), while Lezer's error
        // recovery costs ~50 µs for each (180 000 stray braces took 10 s). The first few still show
        // the syntax error; the rest are blanked.
        out ??= text.split("");
        out[i] = " ";
      } else if (at !== undefined && open.length === MAX_BRACKET_DEPTH) {
        out ??= text.split("");
        for (let k = at; k <= i; k++) if (out[k] !== "\n" && out[k] !== "\r") out[k] = " ";
        flattened++;
      }
    }
    i++;
  }
  const unclosed = open[MAX_BRACKET_DEPTH];
  if (unclosed !== undefined) {
    // Still too deep at the end: CPython's tokenizer stops the whole file there, so nothing after
    // that bracket can run. Blanked to the end (left alone, `eval(` x 26 000 took minutes to analyse).
    out ??= text.split("");
    for (let k = unclosed; k < n; k++) if (out[k] !== "\n" && out[k] !== "\r") out[k] = " ";
    flattened++;
  }
  return { text: out ? out.join("") : text, flattened };
}

/** End of the comment or string literal starting at `i`, or `i` when none starts there. */
function skipCommentOrString(text: string, i: number): number {
  const c = text[i];
  if (c === "#") {
    const nl = text.indexOf("\n", i);
    return nl < 0 ? text.length : nl;
  }
  if (c !== '"' && c !== "'") return i;
  const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
  let j = i + quote.length;
  while (j < text.length && !text.startsWith(quote, j)) {
    if (text[j] === "\\") j++;
    else if (quote.length === 1 && text[j] === "\n") break;
    j++;
  }
  return Math.min(text.length, j + quote.length);
}

/**
 * The Lezer grammar rejects floats written with a trailing dot (`1.`, `255.`, `f(3., 4.)`), which are
 * everywhere in numeric notebooks, and a bare `yield`. Outside strings and comments, such a dot
 * becomes a space and such a `yield` becomes `0` (same length, so offsets hold; no check cares about
 * either value).
 */
export function patchTrailingDotFloats(text: string): string {
  let out: string[] | undefined;
  let i = 0;
  const n = text.length;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w.]/.test(c);
  while (i < n) {
    const c = text[i] as string;
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < n && !text.startsWith(quote, j)) {
        if (text[j] === "\\") j++;
        else if (quote.length === 1 && text[j] === "\n") break;
        j++;
      }
      i = j + quote.length;
      continue;
    }
    if (c === "y" && text.startsWith("yield", i) && !isWord(text[i - 1]) && !isWord(text[i + 5])) {
      // A bare `yield` (no value) is also rejected: `yield` → `0    ` keeps it an expression.
      let j = i + 5;
      while (text[j] === " " || text[j] === "\t") j++;
      if (j >= n || "\r\n);#]},".includes(text[j] as string)) {
        out ??= text.split("");
        out.splice(i, 5, "0", " ", " ", " ", " ");
      }
      i += 5;
      continue;
    }
    if (isDigit(c) && !isWord(text[i - 1])) {
      let j = i;
      while (j < n && (isDigit(text[j]) || text[j] === "_")) j++;
      const after = text[j + 1];
      if (text[j] === "." && !isDigit(after) && !(after !== undefined && /[\w.]/.test(after))) {
        out ??= text.split("");
        out[j] = " ";
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return out ? out.join("") : text;
}

function text(u: ParsedUnit, n: SyntaxNode): string {
  return u.unit.text.slice(n.from, n.to);
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Decodes a Python string literal (prefix, quotes, common escapes). */
export function decodeString(literal: string): string {
  const m = /^([rbuf]{0,2})('''|"""|'|")/i.exec(literal);
  if (!m) return literal;
  const prefix = (m[1] ?? "").toLowerCase();
  const quote = m[2] ?? "";
  let body = literal.slice(m[0].length);
  if (body.endsWith(quote)) body = body.slice(0, body.length - quote.length);
  if (prefix.includes("r")) return body;
  return body.replace(/\\(\r?\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2})/g, (_all, e: string) => {
    if (e.startsWith("x")) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "a":
      case "b":
      case "f":
      case "v":
        return " ";
      case "\n":
      case "\r\n":
        return "";
      default:
        return e;
    }
  });
}

/** `f"…"` / `rf"…"` → `"…"` / `r"…"`, so {@link decodeString} treats it as a plain literal. */
function dropFormatPrefix(literal: string): string {
  const quote = literal.search(/['"]/);
  if (quote < 0) return literal;
  return literal.slice(0, quote).replace(/f/i, "") + literal.slice(quote);
}

function canonical(name: string): string {
  for (const [from, to] of MODULE_ALIASES) {
    if (name === from) return to;
    if (name.startsWith(`${from}.`)) return to + name.slice(from.length);
  }
  return name;
}

function isDownloadSource(name: string): boolean {
  return DOWNLOAD_SOURCES.some(([p]) => (p.endsWith(".") ? name.startsWith(p) : name === p || name.startsWith(`${p}(`)));
}

function firstError(tree: Tree): ParseProblem | undefined {
  let offset = -1;
  let count = 0;
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        if (offset < 0) offset = n.from;
        count++;
      }
    },
  });
  return offset < 0 ? undefined : { offset, count };
}

/**
 * The whole program: every unit of a file (all cells of a notebook, in order). Bindings are
 * collected over all units first, because notebooks import in one cell and call in another.
 */
export class PyProgram {
  private readonly units: ParsedUnit[];
  private readonly bindings = new Map<string, Binding[]>();
  private readonly bindingKeys = new Map<string, Set<string>>();
  private readonly constants = new Map<string, Const | null>();
  private readonly starModules: string[] = [];
  private readonly classBases = new Map<string, { node: SyntaxNode; u: ParsedUnit }[]>();
  private readonly assignments: Assignment[] = [];
  private readonly tainted = new Set<string>();

  constructor(units: readonly PyUnit[]) {
    this.units = units.map((unit) => ({ unit, ...parsePythonBounded(unit.text) }));
    for (const u of this.units) this.collect(u);
    this.propagateTaint();
  }

  /** Code of unit `i` nested too deeply to parse (blanked, see flattenDeepBrackets), if any. */
  deepNesting(i: number): DeepNesting | undefined {
    const u = this.units[i];
    if (!u) return undefined;
    const { flattened } = flattenDeepBrackets(u.unit.text);
    return flattened > 0 ? { regions: flattened } : undefined;
  }

  /** Where the parse of unit `i` was cut short by the time budget, if it was. */
  stoppedAt(i: number): number | undefined {
    return this.units[i]?.stoppedAt;
  }

  /** First syntax error of unit `i`, if any. */
  problem(i: number): ParseProblem | undefined {
    const u = this.units[i];
    return u ? firstError(u.tree) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 1: bindings, constants, assignments.

  private bind(name: string, b: Binding, u?: ParsedUnit): void {
    // Deduplicated: a notebook that re-imports torch in every cell keeps one binding.
    const key = b.kind === "module" ? `m:${b.name}` : b.kind === "alias" && u ? `a:${text(u, b.node)}` : b.kind;
    let keys = this.bindingKeys.get(name);
    if (!keys) {
      keys = new Set();
      this.bindingKeys.set(name, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    const list = this.bindings.get(name);
    if (list) list.push(b);
    else this.bindings.set(name, [b]);
  }

  private setConst(name: string, c: Const | undefined): void {
    if (c === undefined) {
      this.constants.set(name, null);
      return;
    }
    const prev = this.constants.get(name);
    if (prev === undefined) this.constants.set(name, c);
    else if (prev !== null && (prev.kind !== c.kind || ("value" in prev && "value" in c && prev.value !== c.value))) {
      this.constants.set(name, null);
    }
  }

  private collect(u: ParsedUnit): void {
    for (const ma of u.unit.magicAssignments ?? []) {
      for (const name of ma.names) {
        this.bind(name, { kind: "local" });
        this.setConst(name, undefined);
        if (ma.shell !== undefined && /\b(?:curl|wget)\b/.test(ma.shell)) this.tainted.add(name);
      }
    }
    const cursor = u.tree.cursor();
    do {
      switch (cursor.name) {
        case "ImportStatement":
          this.collectImport(u, cursor.node);
          break;
        case "AssignStatement":
          this.collectAssign(u, cursor.node);
          break;
        case "WithStatement":
          this.collectWith(u, cursor.node);
          break;
        case "ForStatement": {
          for (const c of children(cursor.node)) {
            if (c.name === "in") break;
            if (c.name === "VariableName") this.bindLocal(text(u, c));
          }
          break;
        }
        case "NamedExpression": {
          const target = cursor.node.firstChild;
          const value = cursor.node.lastChild;
          if (target?.name === "VariableName" && value) {
            this.bindLocal(text(u, target));
            this.assignments.push({ name: text(u, target), value, u });
          }
          break;
        }
        case "FunctionDefinition":
        case "ClassDefinition": {
          const node = cursor.node;
          const nameNode = node.getChild("VariableName");
          if (nameNode && !this.inClass(node)) {
            const name = text(u, nameNode);
            this.bindLocal(name);
            if (cursor.name === "ClassDefinition") {
              const bases = node.getChild("ArgList");
              if (bases) {
                const list = children(bases).filter((c) => c.name === "VariableName" || c.name === "MemberExpression");
                this.classBases.set(name, [...(this.classBases.get(name) ?? []), ...list.map((node) => ({ node, u }))]);
              }
            }
          }
          break;
        }
        default:
          break;
      }
    } while (cursor.next());
  }

  private inClass(node: SyntaxNode): boolean {
    for (let p = node.parent; p; p = p.parent) {
      if (p.name === "ClassDefinition") return true;
      if (p.name === "FunctionDefinition") return false;
    }
    return false;
  }

  private bindLocal(name: string): void {
    this.bind(name, { kind: "local" });
    this.setConst(name, undefined);
  }

  private collectImport(u: ParsedUnit, node: SyntaxNode): void {
    const parts = children(node);
    if (parts[0]?.name === "from") {
      let module = "";
      let i = 1;
      for (; i < parts.length && parts[i]?.name !== "import"; i++) {
        const p = parts[i] as SyntaxNode;
        if (p.name === ".") module += ".";
        else if (p.name === "Ellipsis") module += "...";
        else if (p.name === "VariableName") module += (module === "" || module.endsWith(".") ? "" : ".") + text(u, p);
      }
      const relative = module.startsWith(".");
      for (i++; i < parts.length; i++) {
        const p = parts[i] as SyntaxNode;
        if (p.name === "*") {
          if (!relative) this.starModules.push(canonical(module));
          continue;
        }
        if (p.name !== "VariableName") continue;
        const imported = text(u, p);
        let local = imported;
        if (parts[i + 1]?.name === "as" && parts[i + 2]?.name === "VariableName") {
          local = text(u, parts[i + 2] as SyntaxNode);
          i += 2;
        }
        if (relative) this.bindLocal(local);
        else this.bind(local, { kind: "module", name: `${module}.${imported}` });
      }
      return;
    }
    // import a.b.c [as x], d
    let dotted: string[] = [];
    const flush = (alias?: string): void => {
      if (dotted.length === 0) return;
      if (alias !== undefined) this.bind(alias, { kind: "module", name: dotted.join(".") });
      else this.bind(dotted[0] as string, { kind: "module", name: dotted[0] as string });
      dotted = [];
    };
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === "VariableName") dotted.push(text(u, p));
      else if (p.name === "as" && parts[i + 1]?.name === "VariableName") {
        flush(text(u, parts[i + 1] as SyntaxNode));
        i++;
      } else if (p.name === ",") flush();
    }
    flush();
  }

  private collectAssign(u: ParsedUnit, node: SyntaxNode): void {
    const parts = children(node).filter((c) => c.name !== "TypeDef");
    const segments: SyntaxNode[][] = [[]];
    for (const p of parts) {
      if (p.name === "AssignOp") segments.push([]);
      else (segments[segments.length - 1] as SyntaxNode[]).push(p);
    }
    if (segments.length < 2) return;
    const valueSeg = segments[segments.length - 1] as SyntaxNode[];
    const value = valueSeg.length === 1 ? valueSeg[0] : undefined;
    for (const targets of segments.slice(0, -1)) {
      const names = targets.filter((t) => t.name === "VariableName");
      for (const t of names) {
        const name = text(u, t);
        if (value) this.assignments.push({ name, value, u });
        const single = names.length === 1 && targets.length === 1 && value !== undefined;
        if (!single) {
          this.bindLocal(name);
          continue;
        }
        const c = this.constOf(u, value);
        if (c) {
          // `torch = None` in an ImportError fallback does not hide the module.
          this.setConst(name, c);
          if (c.kind !== "none" && c.kind !== "bool") this.bind(name, { kind: "local" });
          continue;
        }
        this.setConst(name, undefined);
        if (value.name === "VariableName" || value.name === "MemberExpression") this.bind(name, { kind: "alias", node: value, u }, u);
        else this.bind(name, { kind: "local" });
      }
    }
  }

  private collectWith(u: ParsedUnit, node: SyntaxNode): void {
    const parts = children(node);
    for (let i = 0; i + 2 < parts.length; i++) {
      const expr = parts[i] as SyntaxNode;
      if (parts[i + 1]?.name !== "as" || parts[i + 2]?.name !== "VariableName") continue;
      const name = text(u, parts[i + 2] as SyntaxNode);
      if (this.isLocalFileOpen(u, expr)) this.bind(name, { kind: "localfile" });
      else this.bind(name, { kind: "local" });
      this.setConst(name, undefined);
      this.assignments.push({ name, value: expr, u });
    }
  }

  private propagateTaint(): void {
    for (let round = 0; round < 6; round++) {
      let changed = false;
      for (const a of this.assignments) {
        if (this.tainted.has(a.name)) continue;
        if (this.isTainted(a.u, a.value)) {
          this.tainted.add(a.name);
          changed = true;
        }
      }
      if (!changed) return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Resolution.

  /** Canonical dotted names an expression may refer to ([] when it is a local value). */
  qualify(u: ParsedUnit, node: SyntaxNode, depth = 0): string[] {
    if (depth > MAX_RESOLVE_DEPTH) return [];
    switch (node.name) {
      case "VariableName": {
        const name = text(u, node);
        const bound = this.bindings.get(name);
        if (!bound) {
          const out = [canonical(BUILTINS.has(name) ? `builtins.${name}` : (CONVENTIONAL_NAMES.get(name) ?? name))];
          for (const m of this.starModules) out.push(canonical(`${m}.${name}`));
          return out;
        }
        const out: string[] = [];
        for (const b of bound) {
          if (b.kind === "module") out.push(canonical(b.name));
          else if (b.kind === "alias") out.push(...this.qualify(b.u, b.node, depth + 1));
        }
        return [...new Set(out)];
      }
      case "MemberExpression": {
        const obj = node.firstChild;
        const prop = node.lastChild;
        if (!obj || prop?.name !== "PropertyName" || node.getChild("[")) return [];
        const p = text(u, prop);
        if (obj.name === "CallExpression") {
          const callee = obj.firstChild;
          if (!callee) return [];
          const calleeNames = this.qualify(u, callee, depth + 1);
          // __import__("os").system / importlib.import_module("pickle").loads
          const imported = calleeNames.some((q) => q === "builtins.__import__" || q === "importlib.import_module")
            ? this.constOf(u, parseArgs(u.unit.text, obj.getChild("ArgList") ?? obj).positional[0] ?? obj, depth + 1)
            : undefined;
          if (imported?.kind === "str") return [canonical(`${imported.value}.${p}`)];
          return calleeNames.map((q) => canonical(`${q}().${p}`));
        }
        return this.qualify(u, obj, depth + 1).map((q) => canonical(`${q}.${p}`));
      }
      case "ParenthesizedExpression": {
        const inner = children(node).find((c) => c.name !== "(" && c.name !== ")");
        return inner ? this.qualify(u, inner, depth + 1) : [];
      }
      default:
        return [];
    }
  }

  constOf(u: ParsedUnit, node: SyntaxNode, depth = 0): Const | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (node.name) {
      case "String":
        return { kind: "str", value: decodeString(text(u, node)) };
      case "FormatString":
        return node.getChild("FormatReplacement") ? undefined : { kind: "str", value: decodeString(dropFormatPrefix(text(u, node))) };
      case "ContinuedString": {
        let value = "";
        for (const c of children(node)) {
          const v = this.constOf(u, c, depth + 1);
          if (v?.kind !== "str") return undefined;
          value += v.value;
        }
        return { kind: "str", value };
      }
      case "Number":
        return { kind: "num", value: Number(text(u, node).replace(/_/g, "")) };
      case "Boolean":
        return { kind: "bool", value: text(u, node) === "True" };
      case "None":
        return { kind: "none" };
      case "ParenthesizedExpression": {
        const inner = children(node).filter((c) => c.name !== "(" && c.name !== ")");
        return inner.length === 1 ? this.constOf(u, inner[0] as SyntaxNode, depth + 1) : undefined;
      }
      case "UnaryExpression": {
        const [op, arg] = children(node);
        if (!op || !arg) return undefined;
        const v = this.constOf(u, arg, depth + 1);
        if (text(u, op) === "not" && v?.kind === "bool") return { kind: "bool", value: !v.value };
        if (text(u, op) === "-" && v?.kind === "num") return { kind: "num", value: -v.value };
        return undefined;
      }
      case "BinaryExpression": {
        const operands = plusOperands(u, node);
        if (!operands) return undefined;
        let value = "";
        for (const o of operands) {
          const v = this.constOf(u, o, depth + 1);
          if (v?.kind !== "str") return undefined;
          value += v.value;
        }
        return { kind: "str", value };
      }
      case "VariableName": {
        const c = this.constants.get(text(u, node));
        const bound = this.bindings.get(text(u, node));
        if (!c || bound?.some((b) => b.kind !== "local")) return undefined;
        return c;
      }
      default:
        return undefined;
    }
  }

  /** Text of a string-ish expression with unknown parts replaced by `X` (for shell rules). */
  shapeOf(u: ParsedUnit, node: SyntaxNode, depth = 0): string | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const c = this.constOf(u, node, depth);
    if (c) return c.kind === "str" ? c.value : undefined;
    switch (node.name) {
      case "FormatString": {
        const whole = text(u, node);
        let out = "";
        let at = node.from;
        for (const r of node.getChildren("FormatReplacement")) {
          out += u.unit.text.slice(at, r.from) + "X";
          at = r.to;
        }
        out += u.unit.text.slice(at, node.to);
        return whole === out ? decodeString(out) : decodeString(dropFormatPrefix(out));
      }
      case "ContinuedString": {
        const parts = children(node).map((c2) => this.shapeOf(u, c2, depth + 1) ?? "X");
        return parts.join("");
      }
      case "BinaryExpression": {
        const [l, op, r] = children(node);
        if (!l || !op || !r) return undefined;
        const o = text(u, op);
        if (o === "%") return this.shapeOf(u, l, depth + 1);
        const operands = plusOperands(u, node);
        if (!operands) return undefined;
        const shapes = operands.map((x) => this.shapeOf(u, x, depth + 1));
        return shapes.every((x) => x === undefined) ? undefined : shapes.map((x) => x ?? "X").join("");
      }
      case "CallExpression": {
        const callee = node.firstChild;
        if (callee?.name === "MemberExpression" && callee.lastChild && text(u, callee.lastChild) === "format" && callee.firstChild) {
          return this.shapeOf(u, callee.firstChild, depth + 1);
        }
        return undefined;
      }
      case "ParenthesizedExpression": {
        const inner = children(node).filter((c2) => c2.name !== "(" && c2.name !== ")");
        return inner.length === 1 ? this.shapeOf(u, inner[0] as SyntaxNode, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Does the expression contain network content (a download call or a tainted name)? */
  isTainted(u: ParsedUnit, node: SyntaxNode): boolean {
    const cursor = node.cursor();
    let seen = 0;
    const end = node.to;
    do {
      if (cursor.from >= end && seen > 0) break;
      if (++seen > MAX_TAINT_NODES) return false;
      if (cursor.name === "VariableName" && this.tainted.has(text(u, cursor.node))) return true;
      if (cursor.name === "CallExpression") {
        const callee = cursor.node.firstChild;
        if (callee && this.qualify(u, callee).some(isDownloadSource)) return true;
      }
    } while (cursor.next() && cursor.from < end);
    return false;
  }

  /** `open("x.py")`, `io.open(...)`, `Path("x").open()` with a constant or os.path.join(..., "const") path. */
  private isLocalFileOpen(u: ParsedUnit, node: SyntaxNode): boolean {
    if (node.name !== "CallExpression") return false;
    const callee = node.firstChild;
    const args = node.getChild("ArgList");
    if (!callee || !args) return false;
    const names = this.qualify(u, callee);
    if (!names.some((q) => q === "builtins.open" || q === "io.open" || q === "codecs.open" || /(?:^|\.)Path$/.test(q))) return false;
    const first = parseArgs(u.unit.text, args).positional[0];
    return first !== undefined && this.isConstantPath(u, first);
  }

  private isConstantPath(u: ParsedUnit, node: SyntaxNode): boolean {
    if (this.constOf(u, node)?.kind === "str") return true;
    if (node.name === "CallExpression") {
      const callee = node.firstChild;
      const args = node.getChild("ArgList");
      if (!callee || !args) return false;
      if (!this.qualify(u, callee).some((q) => q === "os.path.join" || /(?:^|\.)Path$/.test(q))) return false;
      const pos = parseArgs(u.unit.text, args).positional;
      const last = pos[pos.length - 1];
      return last !== undefined && this.constOf(u, last)?.kind === "str";
    }
    if (node.name === "BinaryExpression") {
      const [, op, r] = children(node);
      return op !== undefined && r !== undefined && text(u, op) === "/" && this.constOf(u, r)?.kind === "str";
    }
    return false;
  }

  /** `open("version.py").read()`, `f.read()` on such a file, `Path("x.py").read_text()`. */
  private isLocalFileRead(u: ParsedUnit, node: SyntaxNode): boolean {
    if (node.name !== "CallExpression") return false;
    const callee = node.firstChild;
    if (callee?.name !== "MemberExpression") return false;
    const prop = callee.lastChild;
    const obj = callee.firstChild;
    if (!prop || !obj || !["read", "read_text", "read_bytes"].includes(text(u, prop))) return false;
    if (this.isLocalFileOpen(u, obj)) return true;
    if (obj.name === "VariableName") {
      const b = this.bindings.get(text(u, obj));
      return b !== undefined && b.length > 0 && b.every((x) => x.kind === "localfile");
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 2: checks.

  /** Runs every check over unit `i`; hits are relative to that unit's text. */
  check(i: number, shellState: ShellState, emit: Emit): void {
    const u = this.units[i];
    if (!u) return;
    const seen = new Set<string>();
    const once: Emit = (hit) => {
      const key = `${hit.ruleId}:${hit.from}:${hit.to}`;
      if (seen.has(key)) return;
      seen.add(key);
      emit(hit);
    };
    const cursor = u.tree.cursor();
    do {
      switch (cursor.name) {
        case "CallExpression":
          this.checkCall(u, cursor.node, shellState, once);
          break;
        case "AssignStatement":
          this.checkAttributeAssign(u, cursor.node, once);
          break;
        case "MemberExpression":
          this.checkReference(u, cursor.node, once);
          break;
        case "DictionaryExpression":
          this.checkDict(u, cursor.node, once);
          break;
        case "ParamList":
          this.checkParamDefaults(u, cursor.node, once);
          break;
        case "VariableName":
          if (cursor.from + 4 <= cursor.to && cursor.to - cursor.from <= 4) this.checkExecReference(u, cursor.node, once);
          break;
        default:
          break;
      }
    } while (cursor.next());
  }

  private hitAt(u: ParsedUnit, node: SyntaxNode, at: SyntaxNode | { from: number; to: number }, ruleId: CodeRuleId, severity: Severity, message: string, extra: Partial<Hit> = {}): Hit {
    return { ruleId, severity, message, from: at.from, to: at.to, evidence: evidenceOf(text(u, node)), ...extra };
  }

  private checkCall(u: ParsedUnit, node: SyntaxNode, shellState: ShellState, emit: Emit): void {
    const callee = node.firstChild;
    const argList = node.getChild("ArgList");
    if (!callee || !argList || callee.name === "ArgList") return;
    const names = this.qualify(u, callee);
    const args = parseArgs(u.unit.text, argList);

    for (const name of names) {
      const entry = CALLS.get(name);
      if (entry) {
        this.applyCall(u, node, name, entry, args, shellState, emit);
        break;
      }
    }
    this.checkKeywords(u, node, names, args, emit);
  }

  private checkKeywords(u: ParsedUnit, node: SyntaxNode, names: readonly string[], args: Args, emit: Emit): void {
    for (const rule of KEYWORD_RULES) {
      const kw = args.keywords.get(rule.keyword);
      if (!kw || !appliesTo(rule, names)) continue;
      const c = this.constOf(u, kw.value);
      const value = c?.kind === "str" || c?.kind === "bool" ? c.value : undefined;
      if (value !== rule.value) continue;
      emit(
        this.hitAt(u, node, { from: kw.name.from, to: kw.value.to }, rule.ruleId, rule.severity, keywordMessage(rule, text(u, kw.name), text(u, kw.value))),
      );
    }
  }

  private applyCall(u: ParsedUnit, node: SyntaxNode, name: string, entry: CallEntry, args: Args, shellState: ShellState, emit: Emit): void {
    const check = entry.check;
    const at = node;
    const hit = (ruleId: CodeRuleId, severity: Severity, message: string, extra: Partial<Hit> = {}): void =>
      emit(this.hitAt(u, node, at, ruleId, severity, message, { data: { call: name }, ...extra }));
    switch (check.kind) {
      case "always":
        hit(check.ruleId, check.severity, `${name}: ${entry.why}.`);
        return;
      case "torch-load": {
        const wo = args.keywords.get("weights_only");
        if (wo) {
          const c = this.constOf(u, wo.value);
          if (c?.kind === "bool" && c.value) return;
          if (c?.kind === "bool" && !c.value) {
            hit("code/torch-load-unsafe", "high", `${name} with weights_only=False unpickles arbitrary objects: loading an untrusted checkpoint runs its code.`);
            return;
          }
          hit(
            "code/torch-load-without-weights-only",
            "medium",
            `${name} with weights_only=${evidenceOf(text(u, wo.value))}: unless that is True, the checkpoint is unpickled with full pickle on torch < 2.6.`,
          );
          return;
        }
        hit(
          "code/torch-load-without-weights-only",
          "medium",
          `${name} without weights_only: before torch 2.6 this unpickles arbitrary objects, so an untrusted checkpoint runs its code.`,
        );
        return;
      }
      case "numpy-load": {
        const ap = args.keywords.get("allow_pickle")?.value ?? args.positional[2];
        if (!ap) return;
        const c = this.constOf(u, ap);
        if (c?.kind === "bool" && c.value) {
          emit(this.hitAt(u, node, node, "code/numpy-allow-pickle", "high", `${name} with allow_pickle=True unpickles object arrays: a crafted .npy/.npz file runs code.`, { data: { call: name } }));
        } else if (!c) {
          emit(this.hitAt(u, node, node, "code/numpy-allow-pickle", "low", `${name} with allow_pickle=${evidenceOf(text(u, ap))}: pickles are allowed when that value is true.`, { data: { call: name } }));
        }
        return;
      }
      case "yaml-load": {
        const loader = args.keywords.get("Loader")?.value ?? args.positional[1];
        if (!loader) {
          if (args.hasStar) return;
          hit("code/yaml-unsafe-load", "high", `${name} without a Loader: older PyYAML uses an unsafe loader that builds arbitrary Python objects from tags.`);
          return;
        }
        const verdict = this.yamlLoader(u, loader);
        if (verdict === "safe") return;
        const loaderText = evidenceOf(text(u, loader));
        if (verdict === undefined) {
          hit("code/yaml-unsafe-load", "low", `${name} with Loader=${loaderText}: not a known safe loader.`);
          return;
        }
        hit(
          "code/yaml-unsafe-load",
          verdict,
          /Full/.test(loaderText)
            ? `${name} with Loader=${loaderText}: FullLoader is not meant for untrusted input (it ran code before PyYAML 5.4).`
            : `${name} with Loader=${loaderText}: this loader builds arbitrary Python objects from YAML tags.`,
        );
        return;
      }
      case "ruamel-yaml": {
        const typ = args.keywords.get("typ");
        const c = typ ? this.constOf(u, typ.value) : undefined;
        if (c?.kind === "str" && c.value === "unsafe") hit("code/yaml-unsafe-load", "high", `${name}(typ="unsafe") builds arbitrary Python objects from YAML tags.`);
        return;
      }
      case "subprocess": {
        const shell = args.keywords.get("shell");
        const command = args.positional[0] ?? args.keywords.get("args")?.value;
        if (!command) return;
        const sc = shell ? this.constOf(u, shell.value) : undefined;
        const shellOn = sc !== undefined && sc.kind !== "none" && ("value" in sc ? Boolean(sc.value) : false);
        if (shellOn) {
          this.shellCommand(u, node, name, command, "low", shellState, emit);
          return;
        }
        // An argv list: only `sh -c "…"`-like lists are shell, but every list is checked for sudo/curl|sh.
        if (command.name === "ArrayExpression" || command.name === "TupleExpression") {
          const words = children(command)
            .filter((c) => !["[", "]", "(", ")", ","].includes(c.name))
            .map((c) => this.shapeOf(u, c) ?? "X");
          const line = words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(" ");
          this.shellHits(u, node, line, shellState, emit);
        }
        return;
      }
      case "shell-string": {
        const command = args.positional[0] ?? args.keywords.get("command")?.value ?? args.keywords.get("cmd")?.value;
        if (command) this.shellCommand(u, node, name, command, check.constantSeverity, shellState, emit);
        return;
      }
      case "popen": {
        const command = args.positional[0] ?? args.keywords.get("cmd")?.value;
        const shape = command ? this.shapeOf(u, command) : undefined;
        const found = shape !== undefined && this.shellHits(u, node, shape, shellState, emit);
        if (!found) hit("code/os-popen", "medium", `${name} runs its command through a shell.`);
        return;
      }
      case "exec": {
        let arg = args.positional[0] ?? args.keywords.get("source")?.value ?? args.keywords.get("expression")?.value;
        if (!arg) return;
        arg = this.unwrapCompile(u, arg);
        const fn = name.replace(/^builtins\./, "");
        if (this.isTainted(u, arg)) {
          hit("code/exec-downloaded-content", "critical", `${fn} runs content downloaded from the network: whoever controls the server (or the connection) runs code here.`);
          return;
        }
        if (this.constOf(u, arg)) return;
        if (this.isLocalFileRead(u, arg)) {
          hit("code/dynamic-exec", "low", `${fn} runs the contents of a file from the repository.`);
          return;
        }
        hit("code/dynamic-exec", "high", `${fn} runs a non-literal value (${evidenceOf(text(u, arg))}): whoever controls it controls the code.`);
        return;
      }
      case "ipython-system": {
        const command = args.positional[0];
        const shape = command ? this.shapeOf(u, command) : undefined;
        if (shape !== undefined) this.shellHits(u, node, shape, shellState, emit);
        return;
      }
      case "ipython-magic": {
        const magic = args.positional[0] ? this.constOf(u, args.positional[0]) : undefined;
        if (magic?.kind !== "str") return;
        const cell = name.endsWith("run_cell_magic");
        const lineArg = args.positional[1];
        const body = cell ? args.positional[2] : lineArg;
        const lineShape = lineArg ? (this.shapeOf(u, lineArg) ?? "") : "";
        const isShell = cell
          ? ["bash", "sh", "zsh", "sx", "system"].includes(magic.value) ||
            (magic.value === "script" && /^\s*(?:\S*\/)?(?:ba|z|da|k)?sh\b/.test(lineShape))
          : ["system", "sx", "sc"].includes(magic.value);
        const shape = isShell && body ? this.shapeOf(u, body) : undefined;
        if (shape !== undefined) this.shellHits(u, node, shape, shellState, emit);
        return;
      }
      case "torch-hub": {
        const source = args.keywords.get("source");
        const sc = source ? this.constOf(u, source.value) : undefined;
        if (sc?.kind === "str" && sc.value === "local") return;
        const trust = args.keywords.get("trust_repo");
        const tc = trust ? this.constOf(u, trust.value) : undefined;
        const trusted = tc?.kind === "bool" && tc.value;
        hit(
          "code/torch-hub-load",
          trusted ? "medium" : "low",
          trusted
            ? `${name} with trust_repo=True imports and runs hubconf.py from the repository without asking.`
            : `${name} imports and runs hubconf.py from the repository.`,
        );
        return;
      }
    }
  }

  /** compile(src, …) passed straight to exec/eval: judge `src`. */
  private unwrapCompile(u: ParsedUnit, node: SyntaxNode): SyntaxNode {
    if (node.name !== "CallExpression") return node;
    const callee = node.firstChild;
    const args = node.getChild("ArgList");
    if (!callee || !args || !this.qualify(u, callee).includes("builtins.compile")) return node;
    return parseArgs(u.unit.text, args).positional[0] ?? node;
  }

  /** A command string run by a shell: shell rules first, then shell-injection by constness. */
  private shellCommand(u: ParsedUnit, node: SyntaxNode, name: string, command: SyntaxNode, constantSeverity: Severity, shellState: ShellState, emit: Emit): void {
    const constant = this.constOf(u, command);
    const shape = this.shapeOf(u, command);
    const found = shape !== undefined && this.shellHits(u, node, shape, shellState, emit);
    if (constant) {
      if (found || constant.kind !== "str") return;
      // A constant pip/conda line is the dependency detector's, unless the call itself is high-risk.
      if (constantSeverity !== "high" && isInstallerLine(constant.value)) return;
      emit(
        this.hitAt(u, node, node, "code/shell-injection", constantSeverity, `${name} runs a constant command through a shell; prefer an argument list without a shell.`, {
          data: { call: name, constant: true },
        }),
      );
      return;
    }
    emit(
      this.hitAt(u, node, node, "code/shell-injection", "high", `${name} runs a command built at run time (${evidenceOf(text(u, command))}) through a shell: shell metacharacters in it become commands.`, {
        data: { call: name, constant: false },
      }),
    );
  }

  /** Shell rules on a command string from Python; hits cover the whole call. Returns whether any fired. */
  private shellHits(u: ParsedUnit, node: SyntaxNode, shell: string, shellState: ShellState, emit: Emit): boolean {
    let found = false;
    scanShell(shell, 0, shellState, (h) => {
      found = true;
      emit({ ...h, from: node.from, to: node.to, evidence: evidenceOf(text(u, node)) });
    });
    return found;
  }

  private yamlLoader(u: ParsedUnit, loader: SyntaxNode, depth = 0): Severity | "safe" | undefined {
    if (depth > 4) return undefined;
    const names = this.qualify(u, loader);
    if (names.length > 0) return worstLoader(names.map(classifyLoader));
    if (loader.name !== "VariableName") return undefined;
    // A loader class defined here: judge its bases (class MyLoader(yaml.SafeLoader)).
    const bases = this.classBases.get(text(u, loader));
    if (!bases || bases.length === 0) return undefined;
    return worstLoader(bases.map((b) => this.yamlLoader(b.u, b.node, depth + 1)));
  }

  private checkAttributeAssign(u: ParsedUnit, node: SyntaxNode, emit: Emit): void {
    const target = node.firstChild;
    const value = node.lastChild;
    if (target?.name !== "MemberExpression" || !value || target.getChild("[")) return;
    const prop = target.lastChild;
    if (!prop) return;
    const rule = ATTRIBUTE_ASSIGNMENTS.get(text(u, prop));
    if (!rule) return;
    const c = this.constOf(u, value);
    if (c?.kind !== "bool" || c.value !== rule.value) return;
    const obj = target.firstChild;
    if (rule.receiver === "http-client" && (!obj || !this.isHttpClient(u, obj))) return;
    emit(this.hitAt(u, node, node, rule.ruleId, rule.severity, `${evidenceOf(text(u, node))}: ${rule.why}.`));
  }

  /** A requests/httpx session or client: assigned from one, or named like one. */
  private isHttpClient(u: ParsedUnit, obj: SyntaxNode): boolean {
    const last = obj.name === "MemberExpression" ? obj.lastChild : obj;
    if (!last) return false;
    const name = text(u, last);
    if (/sess|client|http/i.test(name)) return true;
    if (obj.name !== "VariableName") return false;
    return this.assignments.some((a) => a.name === name && a.value.name === "CallExpression" && this.isTainted(a.u, a.value));
  }

  /** `df.col.apply(eval)`, `map(eval, rows)`, `read_csv(converters={"c": eval})`: eval of every value. */
  private checkExecReference(u: ParsedUnit, node: SyntaxNode, emit: Emit): void {
    const name = text(u, node);
    if (name !== "eval" && name !== "exec") return;
    const parent = node.parent;
    if (!parent || (parent.name !== "ArgList" && parent.name !== "DictionaryExpression")) return;
    // A keyword name (`f(eval=True)`) or a dict key is not a use of the builtin.
    const next = node.nextSibling;
    if (next?.name === "AssignOp" || next?.name === ":") return;
    if (!this.qualify(u, node).includes(`builtins.${name}`)) return;
    const owner = parent.name === "ArgList" ? (parent.parent ?? parent) : parent;
    emit({
      ruleId: "code/dynamic-exec",
      severity: "high",
      message: `${name} is passed as a function, so every value it is applied to runs as Python code; use ast.literal_eval or json.loads.`,
      from: node.from,
      to: node.to,
      evidence: evidenceOf(text(u, owner)),
    });
  }

  /** `def load(name, trust_remote_code=True)`: the default turns remote code on for every caller. */
  private checkParamDefaults(u: ParsedUnit, node: SyntaxNode, emit: Emit): void {
    const parts = children(node).filter((c) => c.name !== "TypeDef");
    for (let i = 0; i + 2 < parts.length; i++) {
      const name = parts[i] as SyntaxNode;
      if (name.name !== "VariableName" || parts[i + 1]?.name !== "AssignOp") continue;
      const rule = PARAM_DEFAULT_RULES.find((r) => r.keyword === text(u, name));
      if (!rule) continue;
      const value = parts[i + 2] as SyntaxNode;
      const c = this.constOf(u, value);
      if (c?.kind !== "bool" || c.value !== rule.value) continue;
      const owner = node.parent ?? node;
      emit({
        ruleId: rule.ruleId,
        severity: rule.severity,
        message: `${text(u, name)}=${text(u, value)} as a parameter default: ${rule.why}.`,
        from: name.from,
        to: value.to,
        evidence: evidenceOf(u.unit.text.slice(owner.from, node.to)),
      });
    }
  }

  private checkReference(u: ParsedUnit, node: SyntaxNode, emit: Emit): void {
    const prop = node.lastChild;
    if (prop?.name !== "PropertyName") return;
    const p = text(u, prop);
    if (p !== "CERT_NONE" && p !== "_create_unverified_context") return;
    const ref = this.qualify(u, node).find((q) => REFERENCES.has(q));
    if (!ref) return;
    const parent = node.parent;
    if (parent?.name === "BinaryExpression" && parent.getChild("CompareOp")) return;
    const rule = REFERENCES.get(ref);
    if (!rule) return;
    const at = parent?.name === "CallExpression" && parent.firstChild?.from === node.from ? parent : node;
    emit(this.hitAt(u, at, at, rule.ruleId, rule.severity, `${ref}: ${rule.why}.`));
  }

  private checkDict(u: ParsedUnit, node: SyntaxNode, emit: Emit): void {
    const parts = children(node);
    for (let i = 0; i + 2 < parts.length; i++) {
      const key = parts[i] as SyntaxNode;
      if (key.name !== "String" || parts[i + 1]?.name !== ":") continue;
      const value = parts[i + 2] as SyntaxNode;
      const k = decodeString(text(u, key));
      const rule = DICT_KEY_RULES.find((r) => r.keyword === k);
      if (!rule) continue;
      const c = this.constOf(u, value);
      if (c?.kind !== "bool" || c.value !== rule.value) continue;
      emit(this.hitAt(u, node, { from: key.from, to: value.to }, rule.ruleId, rule.severity, keywordMessage(rule, k, text(u, value))));
    }
  }
}

/** Operands of a left-nested `a + b + c …` chain, walked iteratively (long concatenations are common). */
function plusOperands(u: ParsedUnit, node: SyntaxNode): SyntaxNode[] | undefined {
  const right: SyntaxNode[] = [];
  let cur: SyntaxNode = node;
  for (let guard = 0; guard < 100_000 && cur.name === "BinaryExpression"; guard++) {
    const [l, op, r] = children(cur);
    if (!l || !op || !r || text(u, op) !== "+") return right.length === 0 ? undefined : [cur, ...right.reverse()];
    right.push(r);
    cur = l;
  }
  return [cur, ...right.reverse()];
}

function appliesTo(rule: KeywordRule, names: readonly string[]): boolean {
  if (rule.except && names.some((n) => rule.except?.some((p) => n.startsWith(p)))) return false;
  if (!rule.onlyFor) return true;
  const only = rule.onlyFor;
  return names.some((n) => only.prefixes.some((p) => n.startsWith(p)) || only.lastNames.includes(n.slice(n.lastIndexOf(".") + 1)));
}

function keywordMessage(rule: KeywordRule, keyword: string, value: string): string {
  return `${keyword}=${evidenceOf(value)}: ${rule.why}.`;
}

function isInstallerLine(command: string): boolean {
  const first = lexShell(command)[0]?.[0];
  if (!first) return false;
  const w = first.words[programIndex(first.words)];
  return w !== undefined && PACKAGE_INSTALLERS.has(w.text.replace(/^.*\//, ""));
}

export function parseArgs(source: string, argList: SyntaxNode): Args {
  const args: Args = { positional: [], keywords: new Map(), hasStar: false, doubleStar: [] };
  let group: SyntaxNode[] = [];
  const flush = (): void => {
    const [a, b, c] = group;
    if (a?.name === "VariableName" && b?.name === "AssignOp" && c) args.keywords.set(source.slice(a.from, a.to), { name: a, value: c });
    else if (a?.name === "*" || a?.name === "**") {
      args.hasStar = true;
      if (a.name === "**" && b) args.doubleStar.push(b);
    } else if (a) args.positional.push(a);
    group = [];
  };
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.name === "(" || c.name === ")") continue;
    if (c.name === ",") flush();
    else group.push(c);
  }
  flush();
  return args;
}

type LoaderVerdict = Severity | "safe" | undefined;

function classifyLoader(name: string): LoaderVerdict {
  const last = name.slice(name.lastIndexOf(".") + 1);
  const known = name.startsWith("yaml.") || name.startsWith("ruamel.yaml.") || !name.includes(".");
  return known ? YAML_LOADERS.get(last) : undefined;
}

/** Alternatives (try/except imports): any unsafe one wins, then unknown, then safe. */
function worstLoader(verdicts: readonly LoaderVerdict[]): LoaderVerdict {
  if (verdicts.includes("high")) return "high";
  if (verdicts.includes("medium")) return "medium";
  if (verdicts.length === 0 || verdicts.includes(undefined)) return undefined;
  return "safe";
}
