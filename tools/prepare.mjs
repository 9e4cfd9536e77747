#!/usr/bin/env node
// npm "postinstall" of this repository: bundle the CLI into dist-bundle/ (fresh clones, `npm ci`,
// and the pre-commit framework's `npm install` in its clone of this repository).
// Why postinstall and not prepare: `npm pack` runs prepare and prints its banner on stdout, and
// the pre-commit framework reads that stdout as the tarball's file name.
// In an installed package (tarball without tools/bundle.mjs) there is nothing to do.
// A failed bundle is reported but does not fail the install: `npm test` bundles again and fails
// loudly there, while a half-edited workspace can still `npm install`.
// This repository's own hooks (husky + lint-staged) are opt-in: `npm run hooks:install`.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync("tools/bundle.mjs")) {
  try {
    execFileSync(process.execPath, ["tools/bundle.mjs"], { stdio: ["ignore", 2, 2] });
  } catch {
    console.error("postinstall: bundling the CLI failed; fix the error above and run `npm run bundle`.");
  }
}
