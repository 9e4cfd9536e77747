// The package dependency table of ARCHITECTURE.md, enforced: detectors import only types (and pure
// helpers), nothing imports the CLI, and workspace dependencies match tsconfig references.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { PROJECT_ROOT } from "./helpers/repo.js";

const PACKAGES = join(PROJECT_ROOT, "packages");
const folders = readdirSync(PACKAGES).filter((f) => !f.startsWith("."));

/** folder → workspace folders it may depend on (runtime dependencies). */
const ALLOWED: Record<string, (dep: string) => boolean> = {
  types: () => false,
  source: (d) => d === "types",
  core: (d) => ["types", "source"].includes(d),
  report: (d) => d === "types",
  git: (d) => d === "types",
  tester: (d) => d === "types",
  containers: (d) => d === "types",
  "advisory-db": (d) => ["types", "detector-dependencies"].includes(d),
  "preset-recommended": (d) => d === "types" || d.startsWith("detector-"),
  cli: (d) => ["types", "source", "core", "report", "git", "preset-recommended", "advisory-db", "remote", "ui"].includes(d),
  remote: (d) => ["types"].includes(d),
  ui: (d) => ["types", "report"].includes(d),
};
const detectorAllowed = (d: string): boolean => ["types", "containers", "source"].includes(d);

function manifest(folder: string): { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(PACKAGES, folder, "package.json"), "utf8"));
}

const nameToFolder = new Map(folders.map((f) => [manifest(f).name, f]));

describe("package layering", () => {
  for (const folder of folders) {
    it(`${folder} depends only on packages below it`, () => {
      const deps = Object.keys(manifest(folder).dependencies ?? {})
        .map((n) => nameToFolder.get(n))
        .filter((f): f is string => f !== undefined);
      const allowed = folder.startsWith("detector-") ? detectorAllowed : ALLOWED[folder];
      expect(allowed, `no layering rule for packages/${folder}; add it to ARCHITECTURE.md and this table`).toBeDefined();
      expect(deps.filter((d) => !allowed!(d))).toEqual([]);
    });

    it(`${folder} tsconfig references match its workspace dependencies`, () => {
      const m = manifest(folder);
      const workspace = (names: Record<string, string> | undefined): string[] =>
        Object.keys({ ...names })
          .map((n) => nameToFolder.get(n))
          .filter((f): f is string => f !== undefined);
      const runtime = workspace(m.dependencies);
      const dev = workspace(m.devDependencies);
      const tsconfig = JSON.parse(readFileSync(join(PACKAGES, folder, "tsconfig.json"), "utf8")) as { references?: { path: string }[] };
      const refs = (tsconfig.references ?? []).map((r) => r.path.replace("../", ""));
      // Every runtime dependency is referenced; a reference may also name a dev-only helper (tester).
      expect(runtime.filter((d) => !refs.includes(d))).toEqual([]);
      expect(refs.filter((r) => !runtime.includes(r) && !dev.includes(r))).toEqual([]);
    });
  }

  it("detectors never import core, cli, git or another detector in their sources", () => {
    const bad: string[] = [];
    for (const folder of folders.filter((f) => f.startsWith("detector-"))) {
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/\.ts$/.test(e.name)) {
            for (const m of readFileSync(p, "utf8").matchAll(/from\s+"(@watchtower\/[\w-]+)/g)) {
              const target = nameToFolder.get(m[1]!);
              if (target && target !== folder && !detectorAllowed(target)) bad.push(`${p}: ${m[1]}`);
            }
            if (/from\s+"node:(?:fs|child_process|net|http|https)/.test(readFileSync(p, "utf8"))) bad.push(`${p}: node I/O import`);
          }
        }
      };
      walk(join(PACKAGES, folder, "src"));
    }
    expect(bad).toEqual([]);
  });

  it("the root tsconfig references every package", () => {
    const root = JSON.parse(readFileSync(join(PROJECT_ROOT, "tsconfig.json"), "utf8")) as { references: { path: string }[] };
    expect(root.references.map((r) => r.path.replace("packages/", "")).sort()).toEqual([...folders].sort());
  });
});
