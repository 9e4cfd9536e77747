#!/usr/bin/env node
// npm "prepare": bundle the CLI (fresh clones, `npm ci`, and the pre-commit framework's install).
// This repository's own hooks (husky + lint-staged) are opt-in: `npm run hooks:install`.
// A failed bundle is reported but does not fail the install: `npm test` bundles again and fails
// loudly there, while a half-edited workspace can still `npm install`.
import { execFileSync } from "node:child_process";

try {
  // stdout stays silent: the pre-commit framework reads `npm pack`'s stdout as the tarball name.
  execFileSync(process.execPath, ["tools/bundle.mjs"], { stdio: ["ignore", 2, 2] });
} catch {
  console.error("prepare: bundling the CLI failed; fix the error above and run `npm run bundle`.");
}
