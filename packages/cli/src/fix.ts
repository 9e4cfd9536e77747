/**
 * --fix: clears the outputs of notebook cells that leak secrets or PII, on disk. Only the `outputs`
 * array of those cells is rewritten (to `[]`), so every other byte of the file stays as it was,
 * whatever JSON layout it uses. The git index is never touched: the user re-stages.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { locateCells } from "@watchtower/source";
import type { Finding, Location } from "@watchtower/types";

export interface FixOutcome {
  /** path → cell indexes cleared */
  cleared: Map<string, number[]>;
  problems: string[];
}

const FIXABLE = new Set(["secrets", "pii"]);

function outputCells(f: Finding): { path: string; index: number; id?: string }[] {
  const locations: Location[] = [f.location, ...(f.relatedLocations ?? [])];
  return locations.flatMap((l) =>
    l.kind === "cell" && l.cell.part === "output" ? [{ path: l.path, index: l.cell.index, ...(l.cell.id ? { id: l.cell.id } : {}) }] : [],
  );
}

export function fixNotebooks(root: string, findings: readonly Finding[]): FixOutcome {
  const targets = new Map<string, Map<number, string | undefined>>();
  for (const f of findings) {
    if (f.suppressed || !FIXABLE.has(f.category)) continue;
    for (const c of outputCells(f)) {
      let cells = targets.get(c.path);
      if (!cells) targets.set(c.path, (cells = new Map()));
      cells.set(c.index, c.id);
    }
  }
  const outcome: FixOutcome = { cleared: new Map(), problems: [] };
  for (const [path, cells] of targets) {
    const file = join(root, path);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      outcome.problems.push(`${path}: cannot read (${(error as Error).message})`);
      continue;
    }
    let located;
    try {
      located = locateCells(text);
    } catch {
      outcome.problems.push(`${path}: the file on disk is not a readable notebook; clear its outputs by hand`);
      continue;
    }
    // Cell ids (nbformat >= 4.5) find the cell even if cells moved since staging.
    const ids = new Map<string, number>();
    try {
      const nb = JSON.parse(text) as { cells?: { id?: unknown }[] };
      nb.cells?.forEach((c, i) => {
        if (typeof c?.id === "string") ids.set(c.id, i);
      });
    } catch {
      // locateCells accepted it, so ids are merely unavailable.
    }
    const spans: [number, number, number][] = [];
    for (const [index, id] of cells) {
      const at = id !== undefined ? ids.get(id) : index;
      const span = at === undefined ? undefined : located[at]?.outputsSpan;
      if (at === undefined || !span) {
        outcome.problems.push(`${path}: cell ${index} not found on disk; clear its outputs by hand`);
        continue;
      }
      spans.push([span[0], span[1], at]);
    }
    spans.sort((a, b) => b[0] - a[0]);
    let out = text;
    for (const [start, end] of spans) out = out.slice(0, start) + "[]" + out.slice(end);
    if (out !== text) writeFileSync(file, out);
    outcome.cleared.set(path, spans.map((s) => s[2]).sort((a, b) => a - b));
  }
  return outcome;
}
