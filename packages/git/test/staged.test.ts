import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { readBlob, stagedChanges, toRepoPaths } from "../src/index.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8" });

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "wt-git-"));
  dirs.push(dir);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.email", "t@example.invalid");
  git(dir, "config", "user.name", "T");
  return dir;
}

describe("stagedChanges", () => {
  it("lists added files before the first commit, with their index blobs", async () => {
    const dir = repo();
    writeFileSync(join(dir, "a.py"), "one\n");
    git(dir, "add", "a.py");
    writeFileSync(join(dir, "a.py"), "two\n"); // unstaged edit: not what we read
    const changes = await stagedChanges(dir);
    expect(changes.files.map((f) => f.path)).toEqual(["a.py"]);
    expect(new TextDecoder().decode(await readBlob(dir, changes.files[0]!.oid))).toBe("one\n");
  });

  it("reports modified, renamed (new side) and deleted entries against HEAD, filtered by path", async () => {
    const dir = repo();
    for (const f of ["keep.py", "mod.py", "old.py", "gone.py"]) writeFileSync(join(dir, f), `${f}\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "init");
    writeFileSync(join(dir, "mod.py"), "changed\n");
    git(dir, "add", "mod.py");
    git(dir, "mv", "old.py", "new.py");
    git(dir, "rm", "-q", "gone.py");
    const changes = await stagedChanges(dir);
    expect(changes.files.map((f) => f.path)).toEqual(["mod.py", "new.py"]);
    expect(changes.deleted).toEqual(["gone.py", "old.py"]);
    expect((await stagedChanges(dir, ["new.py"])).files.map((f) => f.path)).toEqual(["new.py"]);
    expect((await stagedChanges(dir, ["keep.py"])).files).toEqual([]);
  });

  it("maps command-line paths to repository paths", () => {
    expect(toRepoPaths("/r", "/r/sub", ["a.py", "../b.py"])).toEqual(["sub/a.py", "b.py"]);
  });
});

describe("readBlob", () => {
  it("reads loose objects (native inflate) and packed ones (after git gc) byte for byte", async () => {
    const dir = repo();
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
    writeFileSync(join(dir, "model.bin"), data);
    git(dir, "add", "model.bin");
    const oid = git(dir, "rev-parse", ":model.bin").trim();
    expect(Buffer.from(await readBlob(dir, oid)).equals(data)).toBe(true);
    git(dir, "commit", "-q", "-m", "x");
    git(dir, "gc", "-q", "--prune=now");
    expect(git(dir, "count-objects", "-v")).toMatch(/^count: 0$/m);
    expect(Buffer.from(await readBlob(dir, oid)).equals(data)).toBe(true);
  });

  it("refuses a loose object whose content does not match its id", async () => {
    const dir = repo();
    writeFileSync(join(dir, "a.py"), "print(1)\n");
    git(dir, "add", "a.py");
    const oid = git(dir, "rev-parse", ":a.py").trim();
    // Replace the object with another valid one (a different blob) under the same name.
    writeFileSync(join(dir, "b.py"), "print(2)\n");
    const other = git(dir, "hash-object", "-w", "b.py").trim();
    const objects = join(dir, ".git", "objects");
    const target = join(objects, oid.slice(0, 2), oid.slice(2));
    rmSync(target, { force: true });
    writeFileSync(target, readFileSync(join(objects, other.slice(0, 2), other.slice(2))));
    await expect(readBlob(dir, oid)).rejects.toThrow(/corrupt/);
  });
});
