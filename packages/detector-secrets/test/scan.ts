/** Test helper: runs the detector on a case input and returns what it reported, with the text of each span. */
import type { Source } from "@watchtower/types";
import { notebookSource, runDetector, textAt, textSource } from "@watchtower/tester";
import { detector } from "../src/index.js";
import type { Input } from "./cases.js";

export function toSource(input: Input): Source {
  if ("text" in input) return textSource(input.path ?? "src/app.py", input.text);
  const nb = notebookSource(input.path ?? "notebooks/nb.ipynb", input.cells);
  return input.metadataText === undefined ? nb : { ...nb, metadataText: input.metadataText };
}

export async function scan(input: Input) {
  const source = toSource(input);
  const rec = await runDetector(detector, source);
  return rec.reports.map((r) => ({ rule: r.ruleId, severity: r.severity ?? "high", secret: textAt(source, r.at), raw: r.secret, message: r.message }));
}
