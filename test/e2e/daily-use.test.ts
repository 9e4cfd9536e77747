import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { validate } from "@watchtower/report/validate";
import { afterAll, describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, git, makeRepo, notebook, runBin, tempDir, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

interface JsonReport {
  findings: { ruleId: string; fingerprint: string; suppressed?: { by: string }; location: { path: string } }[];
  baseline?: { matched: number; stale: { fingerprint: string }[] };
  summary: { exitCode: number; files: { scanned: number } };
}

const json = (stdout: string): JsonReport => {
  const report = JSON.parse(stdout);
  expect(validate("report", report).errors).toEqual([]);
  return report;
};

describe("baseline", () => {
  it("survives a moved cell and inserted lines, and reports stale entries once fixed", () => {
    const dir = tempDir();
    const cells = [
      { id: "setup", source: "import os" },
      { id: "leak", source: "!env", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\n`] },
    ];
    write(dir, "nb.ipynb", notebook(cells));
    write(dir, "cfg.py", `KEY = "${FAKE.awsKeyId}"\n`);
    const created = runBin(dir, ["--all", ".", "--baseline", ".watchtower-baseline.json", "--update-baseline"]);
    expect(created.code).toBe(0);
    const baselineText = readFileSync(join(dir, ".watchtower-baseline.json"), "utf8");
    expect(validate("baseline", JSON.parse(baselineText)).errors).toEqual([]);
    expect(baselineText).not.toContain(FAKE.awsKeyId);

    // Move the leaking cell to the top, insert lines above the key in cfg.py.
    write(dir, "nb.ipynb", notebook([{ ...cells[1]!, source: "# rerun\n!env" }, cells[0]!]));
    write(dir, "cfg.py", `"""Config."""\n\nimport os\n\nKEY = "${FAKE.awsKeyId}"\n`);
    const after = runBin(dir, ["--all", ".", "--baseline", ".watchtower-baseline.json", "--format", "json"]);
    expect(after.code).toBe(0);
    const report = json(after.stdout);
    expect(report.findings.filter((f) => f.ruleId.startsWith("secrets/")).every((f) => f.suppressed?.by === "baseline")).toBe(true);
    expect(report.baseline?.stale).toEqual([]);

    // A new leak still blocks; removing the old one makes its entry stale.
    write(dir, "cfg.py", `KEY = os.environ["KEY"]\nTOKEN = "${FAKE.githubToken}"\n`);
    const later = runBin(dir, ["--all", ".", "--baseline", ".watchtower-baseline.json", "--format", "json"]);
    expect(later.code).toBe(1);
    const laterReport = json(later.stdout);
    expect(laterReport.baseline!.stale.length).toBeGreaterThan(0);
    expect(laterReport.findings.some((f) => f.ruleId === "secrets/github-token" && !f.suppressed)).toBe(true);
  });

  it("rejects a baseline that does not validate", () => {
    const dir = tempDir();
    write(dir, "a.py", "x = 1\n");
    write(dir, "b.json", '{"schemaVersion": "1.0.0", "entries": [{"fingerprint": "nope"}]}');
    const r = runBin(dir, ["--all", ".", "--baseline", "b.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("baseline");
  });
});

describe("--fix", () => {
  it("clears only the leaking outputs and keeps every other byte; the index is untouched", () => {
    const repo = makeRepo();
    const original = notebook([
      { id: "a", source: "print('hi')", outputs: ["hi\n"] },
      { id: "b", source: "!env", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\n`] },
      { id: "c", source: "x = 1" },
    ]);
    write(repo, "nb.ipynb", original);
    git(repo, "add", ".");
    const r = runBin(repo, ["--fix"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cleared the outputs of cell 1 in nb.ipynb");
    expect(r.stderr).toContain("git add nb.ipynb");
    const fixed = readFileSync(join(repo, "nb.ipynb"), "utf8");
    expect(fixed).not.toContain(FAKE.awsKeyId);
    const nb = JSON.parse(fixed);
    expect(nb.cells[1].outputs).toEqual([]);
    expect(nb.cells[0].outputs).toHaveLength(1);
    // Byte-identical apart from the cleared array.
    const start = original.indexOf('"outputs"', original.indexOf('"id": "b"'));
    expect(fixed.slice(0, start)).toBe(original.slice(0, start));
    expect(fixed.endsWith(original.slice(original.indexOf('"source"', start)).slice(-200))).toBe(true);
    expect(git(repo, "diff", "--cached", "--name-only").trim()).toBe("nb.ipynb");
    expect(runBin(repo, []).code).toBe(1); // still staged with the secret
    git(repo, "add", "nb.ipynb");
    expect(runBin(repo, []).code).toBe(0);
  });
});

describe("--shard and merge-reports", () => {
  it("splits a tree deterministically and merges shard reports into one valid report", () => {
    const dir = tempDir();
    // Distinct 20-character key ids (the format is fixed-length) in every fourth file.
    const key = (i: number): string => `${FAKE.awsKeyId.slice(0, 18)}${String.fromCharCode(65 + i)}Q`;
    for (let i = 0; i < 12; i++) write(dir, `src/m${i}.py`, i % 4 === 0 ? `K = "${key(i)}"\n` : "x = 1\n");
    const whole = json(runBin(dir, ["--all", ".", "--format", "json"]).stdout);
    expect(whole.findings.length).toBe(3);
    const out = tempDir();
    const shards = [1, 2, 3].map((i) => {
      const file = join(out, `shard-${i}.json`);
      runBin(dir, ["--all", ".", "--shard", `${i}/3`, "--format", "json", "-o", file]);
      return file;
    });
    const scanned = shards.map((f) => json(readFileSync(f, "utf8")).summary.files.scanned);
    expect(scanned.reduce((a, b) => a + b, 0)).toBe(12);
    const merged = runBin(out, ["merge-reports", ...shards, "-o", "merged.json"]);
    expect(merged.code).toBe(1);
    const report = json(readFileSync(join(out, "merged.json"), "utf8"));
    expect(report.findings.map((f) => f.fingerprint).sort()).toEqual(whole.findings.map((f) => f.fingerprint).sort());
    expect(runBin(out, ["merge-reports", join(out, "nope.json")]).code).toBe(2);
    expect(runBin(dir, ["--all", ".", "--shard", "4/3"]).code).toBe(2);
  });
});

describe("Git LFS", () => {
  it("scans the real object from the local LFS store and fails closed when it is absent", () => {
    const repo = makeRepo();
    const model = Uint8Array.from([0x80, 0x02, ...Buffer.from("cposix\nsystem\n"), 0x58, 2, 0, 0, 0, ...Buffer.from("id"), 0x85, 0x52, 0x2e]);
    const oid = createHash("sha256").update(model).digest("hex");
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${model.length}\n`;
    write(repo, "models/evil.pkl", pointer);
    git(repo, "add", ".");
    const missing = runBin(repo, ["--format", "json"]);
    expect(missing.code).toBe(1);
    expect(json(missing.stdout).findings.map((f) => f.ruleId)).toEqual(["models/incomplete"]);
    const store = join(repo, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4));
    mkdirSync(store, { recursive: true });
    writeFileSync(join(store, oid), model);
    const found = json(runBin(repo, ["--format", "json"]).stdout);
    expect(found.findings.map((f) => f.ruleId)).toContain("pickle/dangerous-global");
    // The same in --all mode, where the working tree holds the pointer.
    expect(json(runBin(repo, ["--all", ".", "--format", "json"]).stdout).findings.map((f) => f.ruleId)).toContain("pickle/dangerous-global");
  });
});
