/**
 * The scanning engine. One case-insensitive pass of a combined keyword regex over each segment
 * finds the lines (and block starts) worth a closer look; only the entries whose keywords occur
 * on a line run their patterns on that line. Candidates then go through overlap resolution
 * (structure > provider format > URL > generic > entropy) and the public-material masks.
 */
import type { NotebookSource, ScanContext, Source, SourceRange } from "@watchtower/types";
import { charClasses, entropy, isPlaceholderToken } from "./filters.js";
import { GENERIC_SCANNER, isDotenvName, scanDotenv } from "./generic.js";
import { JWT_PATTERN } from "./jwt.js";
import type { KeywordAutomaton } from "./keywords.js";
import { compileKeywords, HIT } from "./keywords.js";
import type { Candidate, Entry, LineContext, Mode, PatternEntry, Place, Segment } from "./model.js";
import { PEM_SCANNER, PUTTY_SCANNER } from "./pem.js";
import { PROVIDER_PATTERNS } from "./providers.js";
import { DEFAULT_SEVERITY } from "./rules.js";
import { URL_SCANNER } from "./urls.js";

export const ENTRIES: readonly Entry[] = [PEM_SCANNER, PUTTY_SCANNER, ...PROVIDER_PATTERNS, JWT_PATTERN, URL_SCANNER, GENERIC_SCANNER];

// ---------------------------------------------------------------------------------------------
// Keyword prefilter

let automaton: KeywordAutomaton | undefined;

function buildAutomaton(): KeywordAutomaton {
  const byKeyword = new Map<string, number[]>();
  ENTRIES.forEach((e, i) => {
    for (const k of e.keywords) {
      const kw = k.toLowerCase();
      const list = byKeyword.get(kw) ?? [];
      if (!list.includes(i)) list.push(i);
      byKeyword.set(kw, list);
    }
  });
  return compileKeywords(byKeyword, (i) => ENTRIES[i]?.kind === "block");
}

// ---------------------------------------------------------------------------------------------
// Line patterns

function alnumKinds(s: string): number {
  const c = charClasses(s);
  return (c.lower > 0 ? 1 : 0) + (c.upper > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0);
}

function hasContext(seg: Segment, start: number, end: number, context: NonNullable<PatternEntry["context"]>): boolean {
  if (context.path?.test(seg.path)) return true;
  const around = seg.text.slice(Math.max(0, start - context.window), Math.min(seg.text.length, end + context.window)).toLowerCase();
  return context.words.some((w) => around.includes(w));
}

function runPattern(e: PatternEntry, ctx: LineContext): void {
  const re = e.pattern;
  re.lastIndex = 0;
  for (let m = re.exec(ctx.line); m !== null; m = re.exec(ctx.line)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const secret = m.groups?.["secret"] ?? m[0];
    // coupling: every pattern's `secret` group ends its match (checked by test/patterns.test.ts)
    const start = ctx.lineStart + m.index + m[0].length - secret.length;
    const body = secret.slice(e.prefixLength ?? 0);
    if (isPlaceholderToken(secret, body)) continue;
    if (e.minEntropy !== undefined && entropy(body) < e.minEntropy) continue;
    if (e.minKinds !== undefined && alnumKinds(body) < e.minKinds) continue;
    if (e.context && !hasContext(ctx.seg, start, start + secret.length, e.context)) continue;
    const v = e.check?.(secret, m, { ctx, start });
    if (v === false) continue;
    const rule = v?.rule ?? e.rule;
    const cand: Candidate = {
      rule,
      start,
      end: start + secret.length,
      secret,
      severity: v?.severity ?? e.severity ?? DEFAULT_SEVERITY.get(rule) ?? "high",
      label: v?.label ?? e.label,
      priority: e.priority ?? 1,
    };
    if (v?.note !== undefined) cand.note = v.note;
    ctx.out.push(cand);
  }
}

// ---------------------------------------------------------------------------------------------
// Segments

export interface SegmentResult {
  candidates: Candidate[];
  longLines: number;
}

const marks = { gen: 1, of: new Uint32Array(0) };

/** State of the automaton after the last `nextHit` (a module slot, so the hot loop allocates nothing). */
const walk = { state: 0 };

/**
 * Runs the keyword automaton from `from` in `state`; returns the index where a keyword ends (and
 * leaves the state in `walk.state`) or -1. Kept tiny so V8 optimises it on its own.
 */
function nextHit(text: string, from: number, state: number, delta: Uint16Array, symbol: Uint8Array, shift: number): number {
  const n = text.length;
  let s = state;
  for (let i = from; i < n; i++) {
    const x = delta[(s << shift) | symbol[text.charCodeAt(i)]!]!;
    if ((x & HIT) !== 0) {
      walk.state = x & ~HIT;
      return i;
    }
    s = x;
  }
  return -1;
}

export function scanSegment(seg: Segment, maxLineChars: number): SegmentResult {
  automaton ??= buildAutomaton();
  if (marks.of.length !== ENTRIES.length) marks.of = new Uint32Array(ENTRIES.length);
  const { delta, symbol, shift, out: outputs, hits } = automaton;
  const text = seg.text;
  const n = text.length;
  const out: Candidate[] = [];
  const masks: Array<[number, number]> = [];
  const pending: number[] = [];
  let lineStart = 0;
  let lineEnd = -1;
  let capEnd = 0;
  let longLines = 0;

  const flush = (): void => {
    if (pending.length === 0) return;
    const ctx: LineContext = { seg, line: text.slice(lineStart, capEnd), lineStart, out };
    for (const id of pending) {
      const e = ENTRIES[id];
      if (e?.kind === "pattern") runPattern(e, ctx);
      else if (e?.kind === "line") e.scan(ctx);
    }
    pending.length = 0;
    marks.gen++;
    if (marks.gen === 0xffffffff) {
      marks.of.fill(0);
      marks.gen = 1;
    }
  };

  let state = 0;
  for (let i = 0; i < n; i++) {
    i = nextHit(text, i, state, delta, symbol, shift);
    if (i === -1) break;
    state = walk.state;
    const o = outputs[state] ?? -1;
    // a keyword ends at i
    if (i >= lineEnd) {
      flush();
      lineStart = text.lastIndexOf("\n", i) + 1;
      lineEnd = text.indexOf("\n", i);
      if (lineEnd === -1) lineEnd = n;
      capEnd = Math.min(lineEnd, lineStart + maxLineChars);
      if (lineEnd - lineStart > maxLineChars) longLines++;
    }
    if (i >= capEnd) {
      // the rest of an over-long line is not scanned (limits.maxLineChars)
      i = lineEnd;
      state = 0;
      continue;
    }
    const hit = hits[o];
    if (hit === undefined) continue;
    for (const id of hit.lineEntries) {
      if (marks.of[id] !== marks.gen) {
        marks.of[id] = marks.gen;
        pending.push(id);
      }
    }
    for (const { entry, length } of hit.blocks) {
      const e = ENTRIES[entry];
      if (e?.kind !== "block") continue;
      const resume = e.scan(seg, i - length + 1, out, masks, maxLineChars);
      if (resume > i + 1) {
        i = resume - 1;
        state = 0;
      }
    }
  }
  flush();
  // Dotenv files: values count without credential words; overlaps with stronger rules resolve below.
  if (seg.place === "file" && isDotenvName(seg.basename)) scanDotenv(seg, out);
  return { candidates: resolve(out, masks), longLines };
}

/** Keeps the best candidate for every span: lower priority value wins, then the longer one. */
function resolve(cands: Candidate[], masks: ReadonlyArray<[number, number]>): Candidate[] {
  if (cands.length <= 1 && masks.length === 0) return cands;
  cands.sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const accepted: Candidate[] = []; // sorted by start, non-overlapping
  for (const c of cands) {
    if (c.priority > 0 && masks.some(([s, e]) => c.start < e && c.end > s)) continue;
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((accepted[mid]?.start ?? 0) < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = accepted[lo - 1];
    const next = accepted[lo];
    if ((prev && prev.end > c.start) || (next && next.start < c.end)) continue;
    accepted.splice(lo, 0, c);
  }
  return accepted;
}

// ---------------------------------------------------------------------------------------------
// Sources → segments → reports

const CODE_EXTENSIONS: ReadonlySet<string> = new Set([
  "py", "pyw", "pyi", "pyx", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "scala", "sc", "go", "rs",
  "rb", "php", "cs", "cpp", "cc", "cxx", "c", "h", "hpp", "swift", "m", "mm", "r", "jl", "lua", "pl", "pm", "dart",
  "groovy", "ex", "exs", "clj", "fs", "vb",
]);

function fileMode(path: string): Mode {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 && CODE_EXTENSIONS.has(base.slice(dot + 1)) ? "code" : "config";
}

const CELL_MAGIC_CONFIG = /^\s{0,8}%%(?:bash|sh|script|system|capture|html|markdown|latex|javascript|js|writefile\s+\S{0,200}\.(?!py\b)\w{1,10}|file)\b/;

function cellMode(source: string): Mode {
  return CELL_MAGIC_CONFIG.test(source) ? "config" : "code";
}

const PLACE_PHRASE: Readonly<Record<Place, string>> = {
  file: "in this file",
  source: "in this cell's source",
  markdown: "in this markdown cell",
  output: "in this cell's output",
  metadata: "in the notebook metadata",
};

function cweFor(seg: Segment): string {
  if (seg.place === "output") return "CWE-532";
  return seg.mode === "code" ? "CWE-798" : "CWE-312";
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function* segments(source: Source, maxOutputChars: number, truncated: (what: string) => void): Generator<Segment> {
  const path = source.path.toLowerCase();
  const basename = path.slice(path.lastIndexOf("/") + 1);
  if (source.kind === "text") {
    yield {
      text: source.text,
      place: "file",
      mode: fileMode(path),
      path,
      basename,
      highEntropy: true,
      facts: {},
      range: (offset, length): SourceRange => ({ kind: "text", offset, length }),
    };
    return;
  }
  if (source.kind !== "notebook") return;
  yield* notebookSegments(source, path, basename, maxOutputChars, truncated);
}

function* notebookSegments(
  nb: NotebookSource,
  path: string,
  basename: string,
  maxOutputChars: number,
  truncated: (what: string) => void,
): Generator<Segment> {
  for (const cell of nb.cells) {
    const cellIndex = cell.index;
    yield {
      text: cell.source,
      place: cell.cellType === "code" ? "source" : "markdown",
      mode: cell.cellType === "code" ? cellMode(cell.source) : "config",
      path,
      basename,
      highEntropy: true,
      facts: {},
      range: (offset, length): SourceRange => ({ kind: "cell", cellIndex, part: "source", offset, length }),
    };
    for (const output of cell.outputs) {
      let text = output.text;
      if (text.length > maxOutputChars) {
        truncated(`cell ${cellIndex} output ${output.index}`);
        text = text.slice(0, maxOutputChars);
      }
      const outputIndex = output.index;
      yield {
        text,
        place: "output",
        mode: "config",
        path,
        basename,
        highEntropy: true,
        facts: {},
        range: (offset, length): SourceRange => ({ kind: "cell", cellIndex, part: "output", outputIndex, offset, length }),
      };
    }
  }
  if (nb.metadataText !== undefined && nb.metadataText.length > 0) {
    yield {
      text: nb.metadataText,
      place: "metadata",
      mode: "config",
      path,
      basename,
      highEntropy: false,
      facts: {},
      range: (offset, length): SourceRange => ({ kind: "metadata", offset, length }),
    };
  }
}

/** Secrets this short are not searched for again elsewhere (too many chance matches). */
const MIN_ECHO_CHARS = 16;
/** Distinct secrets of one file searched for echoes, and echoes reported per secret. */
const MAX_ECHO_SECRETS = 50;
const MAX_ECHOES_PER_SECRET = 20;

function describeRange(range: SourceRange): string {
  if (range.kind === "cell") return `cell ${range.cellIndex} ${range.part === "output" ? "output" : "source"}`;
  return range.kind === "metadata" ? "the notebook metadata" : "this file";
}

export function scanSource(source: Source, ctx: ScanContext<object>): void {
  const { maxLineChars, maxOutputChars } = ctx.settings.limits;
  const truncatedOutputs: string[] = [];
  let longLines = 0;
  const scanned: Segment[] = [];
  /** Where each secret was found first, and every (segment, offset) already reported. */
  const found = new Map<string, { c: Candidate; where: string }>();
  const reported = new Set<string>();
  for (const seg of segments(source, maxOutputChars, (w) => truncatedOutputs.push(w))) {
    if (ctx.signal.aborted) return;
    const segIndex = scanned.push(seg) - 1;
    const result = scanSegment(seg, maxLineChars);
    longLines += result.longLines;
    for (const c of result.candidates) {
      const message = `${capitalize(c.label)} is ${PLACE_PHRASE[seg.place]}.${c.note === undefined ? "" : ` ${c.note}`}`;
      const at = seg.range(c.start, c.end - c.start);
      ctx.report({ ruleId: c.rule, message, at, secret: c.secret, severity: c.severity, data: { ...c.data, cwe: cweFor(seg) } });
      reported.add(`${segIndex}:${c.start}`);
      if (!found.has(c.secret)) found.set(c.secret, { c, where: describeRange(at) });
    }
  }
  // A credential found once (a key assigned in a cell) is found again wherever its exact value
  // appears, even bare: `client_secret` echoed as an execute_result, a token in a traceback. Alone
  // those are indistinguishable from hashes and are not reported; next to the assignment they are the leak.
  let searched = 0;
  for (const [secret, { c, where }] of found) {
    if (secret.length < MIN_ECHO_CHARS || c.severity === "low" || c.severity === "info") continue;
    if (++searched > MAX_ECHO_SECRETS) break;
    let echoes = 0;
    scanned.forEach((seg, segIndex) => {
      for (let at = seg.text.indexOf(secret); at >= 0 && echoes < MAX_ECHOES_PER_SECRET; at = seg.text.indexOf(secret, at + secret.length)) {
        if (reported.has(`${segIndex}:${at}`)) continue;
        reported.add(`${segIndex}:${at}`);
        echoes++;
        ctx.report({
          ruleId: c.rule,
          message: `${capitalize(c.label)} is ${PLACE_PHRASE[seg.place]}: the same value as the one found in ${where}.`,
          at: seg.range(at, secret.length),
          secret,
          severity: c.severity,
          data: { ...c.data, cwe: cweFor(seg), repeatOf: where },
        });
      }
    });
  }
  if (longLines > 0) {
    ctx.note(
      `secrets: ${longLines} line(s) of ${source.path} are longer than ${maxLineChars} characters; only their first ${maxLineChars} characters were scanned (limits.maxLineChars).`,
    );
  }
  if (truncatedOutputs.length > 0) {
    ctx.note(
      `secrets: ${truncatedOutputs.length} output(s) of ${source.path} are longer than ${maxOutputChars} characters and were scanned only up to that size (limits.maxOutputChars): ${truncatedOutputs.slice(0, 5).join(", ")}${truncatedOutputs.length > 5 ? ", …" : ""}.`,
    );
  }
}
