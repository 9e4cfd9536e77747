import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { discover, type Discovery } from "../src/discover.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function collect(root: string, extra?: string[]): Promise<Discovery[]> {
  const out: Discovery[] = [];
  for await (const d of discover(root, extra ? { extraIgnores: extra } : {})) out.push(d);
  return out;
}

describe("discover", () => {
  it("honours nested .gitignore files, skips .git and reports symlinks without following them", async () => {
    const root = mkdtempSync(join(tmpdir(), "wt-discover-"));
    dirs.push(root);
    mkdirSync(join(root, ".git"));
    writeFileSync(join(root, ".git", "config"), "");
    writeFileSync(join(root, ".gitignore"), "*.log\nbuild/\n");
    mkdirSync(join(root, "sub dir/ünï"), { recursive: true });
    writeFileSync(join(root, "sub dir", ".gitignore"), "secret.txt\n!keep.log\n");
    writeFileSync(join(root, "sub dir", "secret.txt"), "x");
    writeFileSync(join(root, "sub dir", "keep.log"), "x");
    writeFileSync(join(root, "sub dir/ünï", "a.py"), "x");
    writeFileSync(join(root, "top.log"), "x");
    mkdirSync(join(root, "build"));
    writeFileSync(join(root, "build", "out.py"), "x");
    symlinkSync(root, join(root, "loop"));
    const found = await collect(root);
    const files = found.flatMap((d) => ("file" in d ? [d.file.path] : []));
    expect(files).toEqual([".gitignore", "sub dir/.gitignore", "sub dir/keep.log", "sub dir/ünï/a.py"]);
    expect(found.flatMap((d) => ("skipped" in d ? [[d.skipped.path, d.skipped.reason]] : []))).toEqual([["loop", "symlink"]]);
    const extra = await collect(root, ["sub dir/"]);
    expect(extra.flatMap((d) => ("file" in d ? [d.file.path] : []))).toEqual([".gitignore"]);
    expect(extra.flatMap((d) => ("skipped" in d && d.skipped.reason === "ignored" ? [d.skipped.path] : []))).toEqual(["sub dir"]);
  });

  it("keeps tracked files that a .gitignore matches, and can ignore .gitignore altogether", async () => {
    const root = mkdtempSync(join(tmpdir(), "wt-discover-"));
    dirs.push(root);
    writeFileSync(join(root, ".gitignore"), "models/\n*.pkl\n");
    mkdirSync(join(root, "models"));
    writeFileSync(join(root, "models", "tracked.pkl"), "x");
    writeFileSync(join(root, "models", "untracked.pkl"), "x");
    writeFileSync(join(root, "evil.pkl"), "x");
    const paths = (ds: Discovery[]): string[] => ds.flatMap((d) => ("file" in d ? [d.file.path] : []));
    const tracked: Discovery[] = [];
    for await (const d of discover(root, { tracked: new Set(["models/tracked.pkl"]) })) tracked.push(d);
    expect(paths(tracked)).toEqual([".gitignore", "models/tracked.pkl"]);
    const untrusted: Discovery[] = [];
    for await (const d of discover(root, { gitignore: false })) untrusted.push(d);
    expect(paths(untrusted)).toEqual([".gitignore", "evil.pkl", "models/tracked.pkl", "models/untracked.pkl"]);
  });
});

