/**
 * requirements.txt / constraints.txt in pip's own syntax: line continuations, comments, option lines,
 * `-r`/`-c` includes, `-e` editables, per-requirement options (`--hash`), URLs.
 */
import type { Origin, Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import { requirementFromString } from "../requirement.js";

export interface Include {
  kind: "requirement" | "constraint";
  path: string;
  offset: number;
  length: number;
}

export interface RequirementsTxt {
  requirements: Requirement[];
  includes: Include[];
}

interface LogicalLine {
  /** Offset of the first character in the text. */
  start: number;
  /** The line with every `\`+newline replaced by spaces (same length as the original span). */
  text: string;
}

/** Joins `\`-continued lines, keeping offsets (continuation characters become spaces). */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pos = 0;
  let current: LogicalLine | undefined;
  while (pos <= text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const physical = text.slice(pos, end).replace(/\r$/, "");
    const isComment = current === undefined && /^\s*#/.test(physical);
    const continues = !isComment && physical.endsWith("\\");
    const lineText = continues ? `${physical.slice(0, -1)} ` : physical;
    const fullSpan = text.slice(pos, nl < 0 ? end : end + 1);
    if (current === undefined) current = { start: pos, text: "" };
    if (continues) {
      // Keep the span length: the backslash and the line break (with \r) become spaces.
      current.text += lineText + " ".repeat(fullSpan.length - lineText.length);
    } else {
      current.text += physical;
      out.push(current);
      current = undefined;
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (current !== undefined) out.push(current);
  return out;
}

/** Removes a `#` comment (at the start or after whitespace), as pip does. */
function stripComment(line: string): string {
  const m = /(?:^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s{1,50}|=|(?=[^\s-]))(\S{1,1000})/;
const EDITABLE = /^(-e|--editable)(?:\s{1,50}|=)(\S{1,2000})/;
/** Start of a per-requirement option after the requirement (`--hash=…`, `--config-settings …`). */
const TRAILING_OPTION = /\s--?[A-Z]/i;

export function parseRequirementsTxt(text: string, origin: Origin, locate: Locate, base = 0): RequirementsTxt {
  const requirements: Requirement[] = [];
  const includes: Include[] = [];
  for (const line of logicalLines(text)) {
    const content = stripComment(line.text);
    const lead = content.length - content.trimStart().length;
    const body = content.trim();
    if (body === "") continue;
    const at = line.start + lead;
    if (body.startsWith("-")) {
      const inc = INCLUDE.exec(body);
      if (inc?.[1] && inc[2]) {
        const kind = inc[1] === "-c" || inc[1] === "--constraint" ? "constraint" : "requirement";
        const pathOffset = at + body.indexOf(inc[2], inc[1].length);
        includes.push({ kind, path: inc[2], offset: base + pathOffset, length: inc[2].length });
        continue;
      }
      const ed = EDITABLE.exec(body);
      if (ed?.[2]) {
        const valueOffset = at + body.indexOf(ed[2], ed[1]?.length ?? 2);
        const req = requirementFromString(ed[2], base + valueOffset, origin, locate);
        if (req) requirements.push(req);
      }
      // Any other option line (--index-url, --hash on its own, --pre …) declares no package.
      continue;
    }
    const opt = TRAILING_OPTION.exec(body);
    const reqText = opt ? body.slice(0, opt.index) : body;
    const req = requirementFromString(reqText, base + at, origin, locate);
    if (req) requirements.push(req);
  }
  return { requirements, includes };
}
