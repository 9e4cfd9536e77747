import type { RuleMeta, Source } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { buildFindings } from "../src/index.js";

const rule: RuleMeta = {
  id: "fake/key",
  title: "fake",
  description: "Test rule.",
  category: "secrets",
  defaultSeverity: "high",
  fix: "Rotate it.",
  docsUrl: "https://example.invalid/#fake-key",
  since: "0.1.0",
  standards: {},
};

describe("excerpts never show a secret, even one the excerpt window would cut in two", () => {
  it("widens the window over a secret that straddles its start or end", () => {
    const first = ["wJalr", "XUtnFEMI", "K7MDENG", "bPxRfiCY", "zzqrstuvwx1234"].join("");
    const second = ["sk-", "Zq8x2Lm4Nv7Rt1Ws5Yb3Kd6Fh9Jp0Ac2Ee4Gi6Hk8Ll"].join("");
    // The excerpt of `second` starts 60 characters before it: inside `first`.
    const line = `${"a".repeat(10)}'${first}', ${"b".repeat(25)} '${second}' ${"c".repeat(300)}${first}tail`;
    const source: Source = { kind: "text", path: "env.txt", text: `${line}\n` };
    const at = (secret: string, from = 0) => ({ kind: "text" as const, offset: line.indexOf(secret, from), length: secret.length });
    const findings = buildFindings(source, [
      { descriptor: { ruleId: "fake/key", message: "m", at: at(first), secret: first }, rule, detector: "fake" },
      { descriptor: { ruleId: "fake/key", message: "m", at: at(second), secret: second }, rule, detector: "fake" },
    ]);
    const shown = findings.map((f) => f.excerpt ?? "").join("\n");
    for (const secret of [first, second]) {
      for (let i = 0; i + 8 <= secret.length; i++) expect(shown).not.toContain(secret.slice(i, i + 8));
    }
  });
});
