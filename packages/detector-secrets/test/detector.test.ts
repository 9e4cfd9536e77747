import type { Source } from "@watchtower/types";
import { atLeast } from "@watchtower/types";
import { notebookSource, runDetector, textAt, textSource } from "@watchtower/tester";
import { describe, expect, test } from "vitest";
import { detector } from "../src/index.js";
import type { Input } from "./cases.js";
import { CASES } from "./cases.js";

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

describe.each(["ng", "ok"] as const)("%s cases", (kind) => {
  const cases = CASES.filter((c) => c.kind === kind);
  test.each(cases.map((c) => [`${c.family}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    const { input, expect: expected } = c.build();
    const found = await scan(input);
    if (kind === "ok") {
      expect(found.filter((f) => atLeast(f.severity, "medium")).map((f) => `${f.rule} ${f.severity} ${f.secret}`)).toEqual([]);
      return;
    }
    const key = (x: { rule: string; severity: string; secret: string }) => `${x.rule} ${x.severity} ${x.secret}`;
    expect(found.map(key).sort()).toEqual(expected.map(key).sort());
    for (const f of found) {
      // the reported span is exactly the credential, and the message never carries it
      expect(f.raw).toBe(f.secret);
      expect(f.message).not.toContain(f.secret);
    }
  });
});
