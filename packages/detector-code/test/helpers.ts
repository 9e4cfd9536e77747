import type { CellSpec } from "@watchtower/tester";
import { notebookSource, runDetector, textAt, textSource } from "@watchtower/tester";
import type { Recorded } from "@watchtower/tester";
import type { Source } from "@watchtower/types";
import { detector } from "../src/index.js";

/** [ruleId, severity, text the finding covers] (plus the cell index for notebooks). */
export type Found = [string, string, string];

export interface Scan {
  found: Found[];
  recorded: Recorded;
  source: Source;
}

function summarise(source: Source, recorded: Recorded): Found[] {
  return recorded.reports
    .map((r): Found => [r.ruleId, r.severity ?? "?", textAt(source, r.at)])
    .sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1));
}

export async function scanPy(code: string, path = "src/example.py"): Promise<Scan> {
  const source = textSource(path, code);
  const recorded = await runDetector(detector, source);
  return { found: summarise(source, recorded), recorded, source };
}

export async function scanNb(cells: (string | CellSpec)[], language?: string): Promise<Scan> {
  const base = notebookSource(
    "notebooks/example.ipynb",
    cells.map((c) => (typeof c === "string" ? { source: c } : c)),
  );
  const source = language === undefined ? base : { ...base, language };
  const recorded = await runDetector(detector, source);
  return { found: summarise(source, recorded), recorded, source };
}

export function sorted(found: Found[]): Found[] {
  return [...found].sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1));
}
