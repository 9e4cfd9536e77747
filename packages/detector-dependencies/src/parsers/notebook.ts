/**
 * Install lines in notebook code cells: `!pip install`, `%pip install`, `!python -m pip install`,
 * `%conda install`, `!uv pip install`, whole `%%bash` / `%%sh` / `%%script bash` cells, and
 * `%%writefile requirements.txt` cells (parsed as the requirements file they write).
 */
import type { NotebookCell, SourceRange } from "@watchtower/types";
import type { Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import { parseRequirementsTxt } from "./requirements-txt.js";
import { pythonCallRequirements } from "./python-calls.js";
import { installRequirements } from "./shell.js";

type CellMode = "python" | "shell" | "requirements" | "skip";

const SHELL_MAGICS = /^%%(?:bash|sh|shell|system|script\s{1,20}(?:ba|z)?sh)\b/;
const PYTHON_MAGICS = /^%%(?:capture|time|timeit|prun|debug|memit|px)\b/;
const WRITEFILE = /^%%writefile(?:\s{1,20}-a)?\s{1,20}(\S{1,300})/;

/** Line starts of `text` (offsets). */
function lines(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let pos = 0;
  for (;;) {
    const nl = text.indexOf("\n", pos);
    out.push({ start: pos, end: nl < 0 ? text.length : nl });
    if (nl < 0) break;
    pos = nl + 1;
  }
  return out;
}

/** Offset after a line and its `\` continuations. */
function logicalEnd(text: string, all: { start: number; end: number }[], k: number): { end: number; next: number } {
  let j = k;
  while (j < all.length - 1) {
    const l = all[j];
    if (!l) break;
    const body = text.slice(l.start, l.end).replace(/\r$/, "");
    if (!body.endsWith("\\")) break;
    j++;
  }
  return { end: all[j]?.end ?? text.length, next: j + 1 };
}

function isRequirementsFileName(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? path;
  return /(?:^|[-_.])(?:requirements?|constraints?|reqs)(?:[-_.][\w.-]{0,60})?\.(?:txt|in)$/i.test(base);
}

export function parseCell(cell: NotebookCell): Requirement[] {
  if (cell.cellType !== "code") return [];
  const text = cell.source;
  const locate: Locate = (offset, length): SourceRange => ({ kind: "cell", cellIndex: cell.index, part: "source", offset, length });
  const all = lines(text);
  let mode: CellMode = "python";
  let firstLine = 0;
  const head = all.findIndex((l) => text.slice(l.start, l.end).trim() !== "");
  if (head >= 0) {
    const l = all[head];
    const first = l ? text.slice(l.start, l.end).trim() : "";
    if (first.startsWith("%%")) {
      firstLine = head + 1;
      const wf = WRITEFILE.exec(first);
      if (SHELL_MAGICS.test(first)) mode = "shell";
      else if (PYTHON_MAGICS.test(first)) mode = "python";
      else if (wf?.[1] && isRequirementsFileName(wf[1])) mode = "requirements";
      else mode = "skip";
    }
  }
  if (mode === "skip") return [];
  const bodyStart = all[firstLine]?.start ?? text.length;
  if (mode === "requirements") {
    return parseRequirementsTxt(text.slice(bodyStart), "requirements", locate, bodyStart).requirements;
  }
  if (mode === "shell") return installRequirements(text, locate, bodyStart, text.length);
  const out: Requirement[] = [];
  for (let k = firstLine; k < all.length; ) {
    const l = all[k];
    if (!l) break;
    const { end, next } = logicalEnd(text, all, k);
    k = next;
    const line = text.slice(l.start, end);
    const lead = line.length - line.trimStart().length;
    const body = line.trimStart();
    let cmdStart: number | undefined;
    if (body.startsWith("!")) cmdStart = l.start + lead + (body.startsWith("!!") ? 2 : 1);
    else if (/^%(?:pip|conda|mamba|micromamba|uv)\s/.test(body)) cmdStart = l.start + lead + 1;
    else if (/^%(?:sx|system)\s/.test(body)) cmdStart = l.start + lead + body.indexOf(" ");
    else {
      // `out = !pip install x` (IPython captures the output of a shell command).
      const m = /^[A-Z_]\w{0,100}\s{0,10}=\s{0,10}!/i.exec(body);
      if (m) cmdStart = l.start + lead + m[0].length;
    }
    if (cmdStart === undefined) {
      if (!body.startsWith("#") && /\b(?:os\.system|subprocess\.|get_ipython\(\)\.system)/.test(line)) {
        out.push(...pythonCallRequirements(text, l.start, end, locate));
      }
      continue;
    }
    out.push(...installRequirements(text, locate, cmdStart, end));
  }
  return out;
}
