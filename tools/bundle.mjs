#!/usr/bin/env node
// Bundles the CLI and every workspace package from their TypeScript sources into dist-bundle/ (one
// ESM entry plus lazily loaded chunks, one per detector), so that the published package and the
// pre-commit framework's `npm pack` need no workspace build and start fast.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist-bundle");
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await build({
  entryPoints: {
    cli: join(root, "packages/cli/src/cli.ts"),
    worker: join(root, "packages/cli/src/worker.ts"),
    "isolate-worker": join(root, "packages/cli/src/isolate-worker.ts"),
  },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  conditions: ["watchtower-source"],
  // CommonJS dependencies call require(); give the ESM bundle a real one.
  banner: { js: "import { createRequire as __wtCreateRequire } from 'node:module'; const require = __wtCreateRequire(import.meta.url);" },
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
  chunkNames: "chunks/[name]-[hash]",
});
console.log(`bundled dist-bundle/ in ${Math.round(performance.now() - started)} ms`);
