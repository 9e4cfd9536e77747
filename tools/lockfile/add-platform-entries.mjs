#!/usr/bin/env node
// Adds lockfile entries for nx's native binaries of other platforms.
// Why: the npm registry mirror this project builds against only carries the linux-gnu builds of
// @nx/nx-*, so `npm install` cannot record the others, and `npm ci` then refuses the lockfile
// ("Missing: @nx/nx-darwin-arm64@ from lock file"). With these entries npm ci skips them on Linux by
// their os/cpu fields (nothing is fetched), and on a real registry they resolve by name@version.
// Run after `npm install` changes package-lock.json: node tools/lockfile/add-platform-entries.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = process.argv[2] ?? join(import.meta.dirname, "..", "..", "package-lock.json");
const lock = JSON.parse(readFileSync(file, "utf8"));
const nx = lock.packages["node_modules/nx"];
if (!nx?.optionalDependencies) throw new Error("nx is not in the lockfile");
const PLATFORM = {
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "freebsd-x64": { os: ["freebsd"], cpu: ["x64"] },
  "linux-arm-gnueabihf": { os: ["linux"], cpu: ["arm"] },
  "linux-arm64-gnu": { os: ["linux"], cpu: ["arm64"], libc: ["glibc"] },
  "linux-arm64-musl": { os: ["linux"], cpu: ["arm64"], libc: ["musl"] },
  "linux-x64-gnu": { os: ["linux"], cpu: ["x64"], libc: ["glibc"] },
  "linux-x64-musl": { os: ["linux"], cpu: ["x64"], libc: ["musl"] },
  "win32-arm64-msvc": { os: ["win32"], cpu: ["arm64"] },
  "win32-x64-msvc": { os: ["win32"], cpu: ["x64"] },
};
let added = 0;
for (const [name, version] of Object.entries(nx.optionalDependencies)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const platform = PLATFORM[name.replace("@nx/nx-", "")];
  if (!platform) throw new Error(`unknown nx platform package ${name}`);
  lock.packages[key] = { version, ...platform, dev: true, license: "MIT", optional: true };
  added++;
}
// npm keeps `packages` sorted by key.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} platform entr${added === 1 ? "y" : "ies"}`);
