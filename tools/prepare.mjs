#!/usr/bin/env node
// npm "prepare": bundle the CLI (fresh clones, `npm ci`, and the pre-commit framework's install),
// and install this repository's own git hooks when it is a git checkout with husky available.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

execFileSync(process.execPath, ["tools/bundle.mjs"], { stdio: "inherit" });
if (existsSync(".git") && existsSync("node_modules/husky") && !process.env.CI) {
  try {
    execFileSync(process.execPath, ["node_modules/husky/bin.js"], { stdio: "inherit" });
  } catch {
    // husky is a developer convenience; never fail an install over it.
  }
}
