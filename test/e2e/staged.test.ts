import { afterAll, describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, git, makeRepo, notebook, runBin, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

const leaky = notebook([
  { source: "import boto3" },
  { source: "!env | grep AWS", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\nAWS_DEFAULT_REGION=eu-west-1\n`] },
]);
const clean = notebook([{ source: "import boto3" }, { source: "print('hello')", outputs: ["hello\n"] }]);

describe("staged mode", () => {
  it("blocks a staged notebook whose output holds an AWS key, naming the cell", () => {
    const repo = makeRepo();
    write(repo, "notebooks/train.ipynb", leaky);
    git(repo, "add", ".");
    const r = runBin(repo, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("notebooks/train.ipynb  cell 1 [output 0] line 1:19");
    expect(r.stdout).toContain("secrets/aws-access-key-id");
    expect(r.stdout).toContain("AKIA…(20)");
    expect(r.stdout + r.stderr).not.toContain(FAKE.awsKeyId);
  });

  it("does not block when the secret is only in the unstaged working tree", () => {
    const repo = makeRepo();
    write(repo, "notebooks/train.ipynb", clean);
    git(repo, "add", ".");
    write(repo, "notebooks/train.ipynb", leaky); // edited after staging
    const r = runBin(repo, []);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("blocks when the secret is staged but removed from the working tree (partial staging)", () => {
    const repo = makeRepo();
    write(repo, "notebooks/train.ipynb", leaky);
    git(repo, "add", ".");
    write(repo, "notebooks/train.ipynb", clean);
    expect(runBin(repo, []).code).toBe(1);
  });

  it("passes a clean commit and an empty index", () => {
    const repo = makeRepo();
    expect(runBin(repo, []).code).toBe(0);
    write(repo, "src/app.py", "print('hello')\n");
    git(repo, "add", ".");
    const r = runBin(repo, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/watchtower-hook passed: 1 file scanned/);
  });

  it("scans only modified paths after the first commit, honours path arguments, ignores deletions", () => {
    const repo = makeRepo();
    write(repo, "a.py", `KEY = "${FAKE.awsKeyId}"  # watchtower: ignore[secrets/aws-access-key-id] rotated\n`);
    write(repo, "b.py", "x = 1\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "init");
    write(repo, "b.py", `SECRET = "${FAKE.awsKeyId}"\n`);
    git(repo, "add", "b.py");
    git(repo, "rm", "-q", "a.py");
    expect(runBin(repo, ["a.py"]).code).toBe(0);
    const r = runBin(repo, ["b.py", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.mode).toBe("staged");
    expect(report.findings.map((f: { location: { path: string } }) => f.location.path)).toEqual(["b.py"]);
  });

  it("scans a renamed file under its new name", () => {
    const repo = makeRepo();
    write(repo, "old.py", "x = 1\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "init");
    git(repo, "mv", "old.py", "new name ü.py");
    write(repo, "new name ü.py", `k = "${FAKE.awsKeyId}"\n`);
    git(repo, "add", ".");
    const r = runBin(repo, ["--format", "json"]);
    expect(JSON.parse(r.stdout).findings[0].location.path).toBe("new name ü.py");
  });

  it("exits 2 outside a git repository and on bad options", () => {
    const repo = makeRepo();
    expect(runBin(repo, ["--fail-on", "severe"]).code).toBe(2);
    expect(runBin(repo, ["--format", "pdf"]).stderr).toMatch(/unknown --format "pdf"/);
    write(repo, ".watchtower.json", '{"failon": "high"}');
    const r = runBin(repo, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "failon"');
  });
});
