#!/usr/bin/env node
// Scaffolds packages/<folder> with the layout every package shares (see ARCHITECTURE.md).
// Usage: node tools/new-package/create.mjs <folder> "<description>" [dep ...]
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [folder, description, ...deps] = process.argv.slice(2);
if (!folder || !description) {
  console.error('usage: create.mjs <folder> "<description>" [workspace-dep ...]');
  process.exit(2);
}
const root = join(import.meta.dirname, "..", "..", "packages", folder);
if (existsSync(root)) {
  console.error(`packages/${folder} already exists`);
  process.exit(2);
}
const name = folder === "cli" ? "watchtower-hook-cli" : `@watchtower/${folder}`;
mkdirSync(join(root, "src"), { recursive: true });
mkdirSync(join(root, "test"), { recursive: true });
const pkg = {
  name,
  version: "0.1.0",
  private: true,
  description,
  type: "module",
  license: "Apache-2.0",
  exports: {
    ".": { "watchtower-source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
  },
  scripts: { build: "tsc -b", test: "vitest run" },
  dependencies: Object.fromEntries(deps.map((d) => [`@watchtower/${d}`, "*"])),
};
writeFileSync(join(root, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(
  join(root, "tsconfig.json"),
  JSON.stringify(
    {
      extends: "../../tsconfig.base.json",
      compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/.tsbuildinfo" },
      include: ["src"],
      exclude: ["src/**/*.test.ts"],
      references: deps.map((d) => ({ path: `../${d}` })),
    },
    null,
    2,
  ) + "\n",
);
writeFileSync(
  join(root, "vitest.config.ts"),
  `import { sourceConditions } from "../../tools/vitest-conditions.js";\nimport { defineProject } from "vitest/config";\n\nexport default defineProject(sourceConditions({ test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"] } }));\n`,
);
writeFileSync(join(root, "src", "index.ts"), "export {};\n");
writeFileSync(join(root, "README.md"), `# ${name}\n\n${description}\n`);
console.log(`created packages/${folder}`);
