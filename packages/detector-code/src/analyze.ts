/**
 * Runs the Python and shell analysis over a .py file or a notebook and reports through ctx.
 * Loaded lazily by ./index.ts (it pulls in the Lezer parser).
 */
import type { NotebookSource, ScanContext, SourceRange, TextSource } from "@watchtower/types";
import type { Hit } from "./finding.js";
import type { CodeOptions } from "./index.js";
import type { SplitCell } from "./ipython.js";
import { splitIPython } from "./ipython.js";
import type { PyUnit } from "./python.js";
import { MAX_BRACKET_DEPTH, PyProgram } from "./python.js";
import { newShellState, scanShell } from "./shell.js";

interface Piece {
  /** Where hits of this piece go. */
  at: (from: number, to: number) => SourceRange;
  split: SplitCell;
  /** Original text (for line numbers in notes). */
  original: string;
  label: string;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function report(ctx: ScanContext<CodeOptions>, piece: Piece, hit: Hit): void {
  ctx.report({
    ruleId: hit.ruleId,
    message: hit.message,
    at: piece.at(hit.from, Math.max(hit.to, hit.from + 1)),
    evidence: hit.evidence,
    identity: hit.evidence,
    severity: hit.severity,
    ...(hit.fix ? { fix: hit.fix } : {}),
    ...(hit.data ? { data: hit.data } : {}),
  });
}

/** A TypeError thrown inside @lezer/common (a tree node without a type), not one of ours. */
function isParserTreeError(error: TypeError): boolean {
  return /@lezer[\\/]common/.test(error.stack ?? "") || /reading '(?:name|id|isError|is)'/.test(error.message);
}

function run(pieces: readonly Piece[], ctx: ScanContext<CodeOptions>, what: string): void {
  try {
    analyse(pieces, ctx, what);
  } catch (error) {
    // Pathological code (e.g. 10 000 chained unary operators) can exhaust the stack in the parser or
    // the tree walks; CPython refuses such code too. Findings already reported stand.
    if (error instanceof RangeError) {
      ctx.incomplete(`Python analysis stopped: ${error.message} (code nested or chained too deeply to analyse)`);
      return;
    }
    // Lezer can build a tree with a node of no type from megabytes of error recovery (40 000 characters
    // of `f(x)f(x)…` on one line; found by test/fuzz): reading that node throws a TypeError.
    if (error instanceof TypeError && isParserTreeError(error)) {
      ctx.incomplete(`Python analysis stopped: the parser produced an unreadable syntax tree for this code (${error.message})`);
      return;
    }
    throw error;
  }
}

function analyse(pieces: readonly Piece[], ctx: ScanContext<CodeOptions>, what: string): void {
  const units: PyUnit[] = pieces.map((p) => ({ text: p.split.python, magicAssignments: p.split.assignments }));
  const program = new PyProgram(units);
  const shellState = newShellState();
  const problems: string[] = [];
  const deep: string[] = [];
  pieces.forEach((piece, i) => {
    const emit = (hit: Hit): void => report(ctx, piece, hit);
    for (const fragment of piece.split.shell) scanShell(fragment.text, fragment.offset, shellState, emit);
    program.check(i, shellState, emit);
    const problem = program.problem(i);
    if (problem) problems.push(`${piece.label}line ${lineOf(piece.original, problem.offset)}`);
    const stopped = program.stoppedAt(i);
    if (stopped !== undefined) {
      // Fail closed: code after this point was not looked at.
      ctx.incomplete(
        `Python parsing of ${piece.label || "the file "}stopped at line ${lineOf(piece.original, stopped)}: the code there is so malformed that error recovery exceeded its time budget; what follows was not analysed`,
      );
    }
    if (program.deepNesting(i)) deep.push(piece.label.trim() || "the file");
  });
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (${problems.length} ${what}s with errors)` : "";
    ctx.note(`Python syntax error at ${problems[0]}${more}; the parser recovered and the rest was scanned`);
  }
  if (deep.length > 0) {
    ctx.note(
      `Python nested deeper than ${MAX_BRACKET_DEPTH} brackets in ${deep.slice(0, 5).join(", ")}${deep.length > 5 ? ", …" : ""} ` +
        "(CPython refuses such code); what is inside that depth was not analysed, the rest was",
    );
  }
}

export function scanText(source: TextSource, ctx: ScanContext<CodeOptions>, ipython: boolean): void {
  const split: SplitCell = ipython ? splitIPython(source.text) : { python: source.text, shell: [], assignments: [] };
  run([{ at: (from, to) => ({ kind: "text", offset: from, length: to - from }), split, original: source.text, label: "" }], ctx, "file");
}

export function scanNotebook(source: NotebookSource, ctx: ScanContext<CodeOptions>): void {
  const pieces: Piece[] = [];
  for (const cell of source.cells) {
    if (cell.cellType !== "code" || cell.source.trim() === "") continue;
    const cellIndex = cell.index;
    pieces.push({
      at: (from, to) => ({ kind: "cell", cellIndex, part: "source", offset: from, length: to - from }),
      split: splitIPython(cell.source),
      original: cell.source,
      label: `cell ${cellIndex} `,
    });
  }
  run(pieces, ctx, "cell");
}
