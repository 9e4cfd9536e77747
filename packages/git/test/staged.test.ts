import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
