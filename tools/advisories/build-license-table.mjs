#!/usr/bin/env node
// Builds the licence table embedded in @watchtower/detector-dependencies from tools/advisories/licenses.json.
//
//   node tools/advisories/build-license-table.mjs
//
// Each entry of licenses.json names its source. "checked": true entries were confirmed against the cited
// page while building; the others were compiled by hand from the projects' published licence
// declarations (PyPI metadata) and are the first to review when a licence changes. Every expression is
// validated with spdx-expression-parse, so a typo fails the build.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(ROOT, "packages", "detector-dependencies", "package.json"));
const parse = require("spdx-expression-parse");

const entries = JSON.parse(readFileSync(join(ROOT, "tools", "advisories", "licenses.json"), "utf8"));
const table = {};
for (const e of entries) {
  const name = e.name.toLowerCase().replace(/[-_.]+/g, "-");
  // Parsed here (throws on an invalid expression) so the detector needs no SPDX parser for table entries.
  const tree = parse(e.license);
  if (!e.source) throw new Error(`${e.name}: no source`);
  if (table[name]) throw new Error(`${e.name}: listed twice`);
  table[name] = tree;
}
const body = Object.entries(table)
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
  .join("\n");
writeFileSync(
  join(ROOT, "packages", "detector-dependencies", "src", "generated", "license-table.ts"),
  `// generated — do not edit; run \`node tools/advisories/build-license-table.mjs\` (sources: tools/advisories/licenses.json).\n` +
    `import type { SpdxNode } from "../licenses/spdx.js";\n\n` +
    `/** PEP 503 name → parsed SPDX expression of the current release, for popular ML/data packages. */\n` +
    `export const LICENSE_TABLE: Readonly<Record<string, SpdxNode>> = {\n${body}\n};\n`,
);
console.log(`${Object.keys(table).length} licences`);
