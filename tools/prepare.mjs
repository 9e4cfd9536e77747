#!/usr/bin/env node
// npm "prepare": bundle the CLI (fresh clones, `npm ci`, and the pre-commit framework's install),
// and install this repository's own git hooks when it is a git checkout with husky available.
// A failed bundle is reported but does not fail the install: `npm test` bundles again and fails
// loudly there, while a half-edited workspace can still `npm install`.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

try {
  // stdout stays silent: the pre-commit framework reads `npm pack`'s stdout as the tarball name.
  execFileSync(process.execPath, ["tools/bundle.mjs"], { stdio: ["ignore", 2, 2] });
} catch {
  console.error("prepare: bundling the CLI failed; fix the error above and run `npm run bundle`.");
}
const installing = ["ci", "install"].includes(process.env.npm_command ?? "");
if (installing && existsSync(".git") && existsSync("node_modules/husky") && !process.env.CI) {
  try {
    execFileSync(process.execPath, ["node_modules/husky/bin.js"], { stdio: ["ignore", 2, 2] });
  } catch {
    // husky is a developer convenience; never fail an install over it.
  }
}
