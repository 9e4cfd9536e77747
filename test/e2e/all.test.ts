import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { validate } from "@watchtower/report/validate";
import { afterAll, describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, notebook, PROJECT_ROOT, runBin, tempDir, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

function expectValidReport(json: string): Record<string, unknown> {
  const report = JSON.parse(json);
  const result = validate("report", report);
  expect(result.errors).toEqual([]);
  return report;
}

describe("--all", () => {
  it("scans the bundled examples: findings, exit 1, schema-valid JSON", () => {
    const r = runBin(PROJECT_ROOT, ["--all", "examples", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = expectValidReport(r.stdout) as {
      findings: { ruleId: string; severity: string; location: { path: string } }[];
      summary: { files: { byKind: Record<string, { scanned: number }> } };
    };
    const rules = new Set(report.findings.map((f) => f.ruleId));
    expect(rules).toContain("secrets/aws-access-key-id");
    expect(report.findings.some((f) => f.location.path === "models/classifier.pkl" && f.severity === "critical")).toBe(true);
    expect(report.findings.some((f) => f.location.path === "models/tokenizer-config.pkl")).toBe(false);
    expect(report.summary.files.byKind.notebook?.scanned).toBe(1);
    expect(report.summary.files.byKind.model?.scanned).toBe(2);
    expect(r.stdout).not.toContain(FAKE.awsKeyId);
  });

  it("writes text and JSON reports into a directory", () => {
    const out = tempDir();
    const r = runBin(PROJECT_ROOT, ["--all", "examples", "--report-dir", out, "--format", "text,json"]);
    expect(r.code).toBe(1);
    expectValidReport(readFileSync(join(out, "report.json"), "utf8"));
    expect(readFileSync(join(out, "report.txt"), "utf8")).toContain("watchtower-hook failed");
  });

  it("lists and explains rules", () => {
    const list = runBin(PROJECT_ROOT, ["--list-rules"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/secrets\/aws-access-key-id\s+critical/);
    const explain = runBin(PROJECT_ROOT, ["--explain", "models/incomplete"]);
    expect(explain.stdout).toContain("CWE-502");
    expect(runBin(PROJECT_ROOT, ["--explain", "nope/nope"]).code).toBe(2);
  });

  it("fails closed on bad input, with clear scan-log entries and no stack traces", () => {
    const dir = tempDir();
    write(dir, "broken.ipynb", '{"cells": [');
    write(
      dir,
      "old.ipynb",
      JSON.stringify({ nbformat: 3, worksheets: [{ cells: [{ cell_type: "code", input: `k = "${FAKE.awsKeyId}"`, outputs: [] }] }] }),
    );
    write(dir, "no-outputs.ipynb", JSON.stringify({ nbformat: 4, nbformat_minor: 2, metadata: {}, cells: [{ cell_type: "code", source: "x" }] }));
    write(dir, "latin1.py", Buffer.from(`# caf\xe9\nk = "${FAKE.awsKeyId}"\n`, "latin1"));
    write(dir, "dir with space/ünïcode name.py", "print('ok')\n");
    mkdirSync(join(dir, "loop"));
    symlinkSync(join(dir, "loop"), join(dir, "loop", "again"));
    const big = join(dir, "big.bin");
    writeFileSync(big, "");
    truncateSync(big, 200 * 1024 * 1024);
    write(dir, ".watchtower.json", JSON.stringify({ limits: { maxFileBytes: 100 * 1024 * 1024 } }));
    const r = runBin(dir, ["--all", ".", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n {4}at /);
    const report = expectValidReport(r.stdout) as {
      findings: { ruleId: string; location: { path: string } }[];
      scanLog: { skipped: { path: string; reason: string }[]; errors: { path: string; code: string }[]; notes: { path: string; message: string }[] };
    };
    const skipped = Object.fromEntries(report.scanLog.skipped.map((s) => [s.path, s.reason]));
    expect(skipped["broken.ipynb"]).toBe("parse_error");
    expect(skipped["big.bin"]).toBe("too_large");
    expect(skipped["loop/again"]).toBe("symlink");
    expect(report.scanLog.errors.find((e) => e.path === "broken.ipynb")?.code).toBe("notebook_parse_error");
    const found = report.findings.map((f) => `${f.location.path} ${f.ruleId}`);
    expect(found).toContain("old.ipynb secrets/aws-access-key-id");
    expect(found).toContain("latin1.py secrets/aws-access-key-id");
    expect(found).toContain("big.bin models/incomplete");
    expect(report.scanLog.notes.some((n) => n.path === "latin1.py" && /latin1/.test(n.message))).toBe(true);
    expect(report.scanLog.notes.some((n) => n.path === "no-outputs.ipynb")).toBe(true);
  });

  it("allows incomplete scans only when asked", () => {
    const dir = tempDir();
    write(dir, "broken.ipynb", "{");
    expect(runBin(dir, ["--all", "."]).code).toBe(1);
    expect(runBin(dir, ["--all", ".", "--allow-incomplete"]).code).toBe(0);
  });

  it("scans a clean tree with exit 0 and keeps the self-scan of this repository clean", () => {
    const dir = tempDir();
    write(dir, "nb.ipynb", notebook([{ source: "print(1)", outputs: ["1\n"] }]));
    expect(runBin(dir, ["--all", "."]).code).toBe(0);
    const self = runBin(PROJECT_ROOT, ["--all", ".", "--format", "json"]);
    const report = expectValidReport(self.stdout) as {
      findings: { ruleId: string; severity: string; suppressed?: unknown; location: { path: string } }[];
    };
    // Documentation examples carry inline suppressions: they are accepted, not open findings.
    const open = report.findings.filter((f) => f.suppressed === undefined);
    expect(open.filter((f) => ["medium", "high", "critical"].includes(f.severity))).toEqual([]);
    expect(self.code).toBe(0);
  });
});
