// The product's hook definition (.pre-commit-hooks.yaml) installed by the real pre-commit framework
// (Debian's `pre-commit`, installed by .ci/run) from a clone of this repository at HEAD.
import { execFileSync, spawnSync } from "node:child_process";

import { afterAll, describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, git, makeRepo, notebook, PROJECT_ROOT, tempDir, write } from "../helpers/repo.js";

afterAll(cleanupTemp);

function hasPreCommit(): boolean {
  return spawnSync("pre-commit", ["--version"]).status === 0;
}

describe.skipIf(!hasPreCommit())("pre-commit framework", () => {
  it("blocks `git commit` of a leaky notebook through the installed hook, and lets a clean one through", () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
    const home = tempDir("wt-precommit-home-");
    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1" };
    const repo = makeRepo();
    write(
      repo,
      ".pre-commit-config.yaml",
      `repos:\n  - repo: ${PROJECT_ROOT}\n    rev: ${head}\n    hooks:\n      - id: watchtower-hook\n`,
    );
    execFileSync("pre-commit", ["install"], { cwd: repo, env });
    write(repo, "nb.ipynb", notebook([{ source: "!env", outputs: [`AWS_ACCESS_KEY_ID=${FAKE.awsKeyId}\n`] }]));
    git(repo, "add", ".");
    const blocked = spawnSync("git", ["commit", "-m", "leak"], { cwd: repo, env, encoding: "utf8" });
    expect(blocked.stdout + blocked.stderr).toContain("secrets/aws-access-key-id");
    expect(blocked.status).not.toBe(0);
    write(repo, "nb.ipynb", notebook([{ source: "print(1)", outputs: ["1\n"] }]));
    git(repo, "add", ".");
    const ok = spawnSync("git", ["commit", "-m", "clean"], { cwd: repo, env, encoding: "utf8" });
    expect(ok.stdout + ok.stderr).toMatch(/watchtower-hook.*Passed/);
    expect(ok.status).toBe(0);
  }, 600_000);
});
