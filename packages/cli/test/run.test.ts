import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { run } from "../src/cli.js";
import { inShard } from "../src/scan.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), "wt-cli-"));
  dirs.push(d);
  return d;
};
const io = (cwd: string) => ({ cwd, env: {} });

describe("run (in-process)", () => {
  it("prints help and version with exit 0", async () => {
    const help = await run(["--help"], io(dir()));
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--all");
    expect((await run(["--version"], io(dir()))).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 with a short message on usage errors", async () => {
    for (const argv of [["--bogus"], ["--shard", "0/2", "--all"], ["--all", "a", "b"], ["--ref", "main"], ["--s3", "x", "--hf", "y/z"]]) {
      const r = await run(argv, io(dir()));
      expect(r.exitCode, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^watchtower-hook: /);
      expect(r.stderr).not.toMatch(/\n {4}at /);
    }
  });

  it("names the offending key of a bad config", async () => {
    const d = dir();
    writeFileSync(join(d, ".watchtower.json"), JSON.stringify({ severity: { "pii/email": "loud" } }));
    const r = await run(["--all", "."], io(d));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("/severity/pii~1email");
  });

  it("scans a clean folder with exit 0", async () => {
    const d = dir();
    writeFileSync(join(d, "a.py"), "print('hello')\n");
    const r = await run(["--all", ".", "--format", "json"], io(d));
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).summary.verdict).toBe("pass");
  });
});

describe("inShard", () => {
  it("puts every path in exactly one shard", () => {
    const paths = Array.from({ length: 200 }, (_, i) => `dir/file-${i}.py`);
    for (const p of paths) {
      expect([1, 2, 3].filter((index) => inShard(p, { index, count: 3 }))).toHaveLength(1);
    }
    const sizes = [1, 2, 3].map((index) => paths.filter((p) => inShard(p, { index, count: 3 })).length);
    expect(Math.min(...sizes)).toBeGreaterThan(40);
  });
});
