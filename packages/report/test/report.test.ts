import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { Finding } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { buildReport, formatText, type ReportInput } from "../src/index.js";
import { findSchemaDir, validate } from "../src/validate.js";

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: "secrets/aws-access-key-id",
  detector: "secrets",
  category: "secrets",
  severity: "critical",
  title: "AWS access key id",
  message: "An AWS access key id is printed in this cell's output.",
  location: {
    kind: "cell",
    path: "notebooks/train.ipynb",
    cell: { index: 4, id: "a1", cellType: "code", part: "output", outputIndex: 0, mimeType: "text/plain" },
    start: { line: 3, column: 23, offset: 40 },
    end: { line: 3, column: 43, offset: 60 },
    jsonLine: 120,
  },
  evidence: { redacted: "AKIA…(20)", length: 20 },
  excerpt: "AWS_ACCESS_KEY_ID=AKIA…(20)",
  fix: "Clear the output and rotate the key.",
  fingerprint: `wt1:${"a".repeat(64)}`,
  docsUrl: "https://github.com/watchtower-hook/watchtower-hook/blob/main/packages/detector-secrets/README.md#secretsaws-access-key-id",
  standards: { cwe: ["CWE-798"], owaspTop10: ["A07:2021"], mitreAtlas: ["AML.T0055"], nistAiRmf: ["MANAGE"] },
  ...over,
});

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  version: "0.1.0",
  mode: "all",
  origin: { type: "directory", location: "examples" },
  startedAt: new Date("2026-11-23T08:00:00Z"),
  durationMs: 123.456,
  failOn: "high",
  allowIncomplete: false,
  strictModels: false,
  findings: [
    finding(),
    finding({ severity: "medium", ruleId: "code/torch-load-without-weights-only", category: "code", fingerprint: `wt1:${"b".repeat(64)}` }),
    finding({ severity: "critical", suppressed: { by: "inline", reason: "fixture" }, fingerprint: `wt1:${"c".repeat(64)}` }),
  ],
  files: [
    { path: "notebooks/train.ipynb", fileKind: "notebook", bytes: 1000, ms: 5 },
    { path: "requirements.txt", fileKind: "manifest", bytes: 100, ms: 1 },
    { path: "models/m.pkl", fileKind: "model", bytes: 10, ms: 1 },
  ],
  skipped: [],
  errors: [],
  incomplete: [],
  notes: [{ path: "notebooks/train.ipynb", message: "cell 2: code cell without outputs" }],
  timings: { secrets: 3.21 },
  ...over,
});

describe("buildReport", () => {
  it("summarises by kind and severity, ignores suppressed findings for the verdict, and validates", () => {
    const report = buildReport(input());
    expect(report.summary.verdict).toBe("fail");
    expect(report.summary.findings).toMatchObject({ total: 2, blocking: 1, suppressed: 1 });
    expect(report.summary.files.byKind.notebook).toEqual({ found: 1, scanned: 1, findings: { info: 0, low: 0, medium: 1, high: 0, critical: 1 } });
    expect(report.summary.files.byKind.model?.findings.critical).toBe(0);
    const v = validate("report", JSON.parse(JSON.stringify(report)));
    expect(v.errors).toEqual([]);
  });

  it("fails an incomplete scan unless allowed", () => {
    const incomplete = [{ path: "models/m.pkl", detector: "pickle", details: "truncated" }];
    expect(buildReport(input({ findings: [], incomplete })).summary.exitCode).toBe(1);
    expect(buildReport(input({ findings: [], incomplete, allowIncomplete: true })).summary.exitCode).toBe(0);
    expect(buildReport(input({ findings: [] })).summary.verdict).toBe("pass");
  });

  it("prints a located, redacted text report", () => {
    const text = formatText(buildReport(input()), { color: false });
    expect(text).toContain("watchtower-hook: 1 finding block this scan (fail-on: high)");
    expect(text).toContain("notebooks/train.ipynb  cell 4 [output 0] line 3:23   critical");
    expect(text).toContain("AWS_ACCESS_KEY_ID=AKIA…(20)");
    expect(text).toContain("1 at medium (not blocking):");
    expect(text).toMatch(/watchtower-hook failed: 3 files scanned \(1 notebook, 1 manifest, 1 model\)/);
  });
});

describe("schemas/examples", () => {
  const dir = join(findSchemaDir(), "examples");
  for (const verdict of ["valid", "invalid"] as const) {
    for (const file of readdirSync(join(dir, verdict)).filter((f) => f.endsWith(".json"))) {
      it(`${verdict}/${file}`, () => {
        const schema = file.split(".")[0] as "report" | "finding" | "baseline" | "config";
        const result = validate(schema, JSON.parse(readFileSync(join(dir, verdict, file), "utf8")));
        expect(result.valid).toBe(verdict === "valid");
      });
    }
  }
});
