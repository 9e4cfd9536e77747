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

describe("evidence a detector shortened never keeps a piece of a secret", () => {
  it("masks the prefix of a secret cut at the end of the evidence, and a suffix cut at its start", () => {
    const token = ["sk-proj-", "Nq8x2Lm4Nv7Rt1Ws5Yb3Kd6Fh9Jp0Ac2Ee4Gi6Hk8Ll"].join("");
    const line = `requests.get(url, headers={"Authorization": "Bearer ${token}"}, verify=False)`;
    const source: Source = { kind: "text", path: "x.py", text: `${line}\n` };
    const cutEnd = `${line.slice(0, line.indexOf(token) + 20)}…`;
    const cutStart = `…${line.slice(line.indexOf(token) + 30)}`;
    const findings = buildFindings(source, [
      { descriptor: { ruleId: "fake/key", message: "m", at: { kind: "text", offset: line.indexOf(token), length: token.length }, secret: token }, rule, detector: "fake" },
      { descriptor: { ruleId: "fake/key", message: "a", at: { kind: "text", offset: 0, length: 12 }, evidence: cutEnd, identity: "a" }, rule, detector: "code" },
      { descriptor: { ruleId: "fake/key", message: "b", at: { kind: "text", offset: 0, length: 12 }, evidence: cutStart, identity: "b" }, rule, detector: "code" },
    ]);
    const shown = findings.map((f) => `${f.evidence?.redacted ?? ""}\n${f.excerpt ?? ""}`).join("\n");
    for (let i = 0; i + 8 <= token.length; i++) expect(shown).not.toContain(token.slice(i, i + 8));
    expect(shown).toContain("Bearer sk-p…(");
  });
});
