#!/usr/bin/env node
// Builds the advisory snapshot embedded in @watchtower/detector-dependencies.
//
//   npx tsc -b packages/advisory-db
//   node tools/advisories/build-embedded-db.mjs --pypa <git dir or clone of pypa/advisory-database> [--commit <sha>]
//
// Inputs (all OSV format):
//   1. every vulns/**/*.yaml of pypa/advisory-database at --commit (default: the pinned PYPA_COMMIT below);
//   2. every *.json under tools/advisories/records/ (GitHub advisories and OpenSSF malicious-packages
//      records copied verbatim; tools/advisories/records/SOURCES.md says where each came from).
// Output: packages/detector-dependencies/src/generated/{advisory-db,snapshot}.ts (deterministic:
// the same inputs give byte-identical files).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYPA_COMMIT = "3ccb612573e2511ab5cad7dafecd838605c80cda"; // pypa/advisory-database, 2024-10-10
const OUT = join(ROOT, "packages", "detector-dependencies", "src", "generated");
const RECORDS = join(ROOT, "tools", "advisories", "records");

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pypa = arg("--pypa");
const commit = arg("--commit") ?? PYPA_COMMIT;
if (!pypa) {
  console.error("usage: build-embedded-db.mjs --pypa <git dir of pypa/advisory-database> [--commit <sha>]");
  process.exit(2);
}

const { buildCompactDb } = await import(join(ROOT, "packages", "advisory-db", "dist", "index.js"));

function git(...args) {
  return execFileSync("git", ["--git-dir", gitDir(pypa), ...args], { maxBuffer: 1 << 30 });
}
function gitDir(p) {
  try {
    statSync(join(p, ".git"));
    return join(p, ".git");
  } catch {
    return p;
  }
}

// 1. pypa/advisory-database at the pinned commit.
const paths = git("ls-tree", "-r", "--name-only", commit, "vulns")
  .toString("utf8")
  .split("\n")
  .filter((p) => p.endsWith(".yaml"))
  .sort();
const blobInput = paths.map((p) => `${commit}:${p}`).join("\n") + "\n";
const out = execFileSync("git", ["--git-dir", gitDir(pypa), "cat-file", "--batch"], { input: blobInput, maxBuffer: 1 << 30 });
const records = [];
let pos = 0;
for (const p of paths) {
  const nl = out.indexOf(10, pos);
  const header = out.subarray(pos, nl).toString("utf8");
  const size = Number(header.split(" ")[2]);
  if (!Number.isFinite(size)) throw new Error(`cannot read ${p}: ${header}`);
  const body = out.subarray(nl + 1, nl + 1 + size).toString("utf8");
  pos = nl + 1 + size + 1;
  records.push(parseYaml(body));
}
const pypaCount = records.length;

// 2. Vendored OSV records (GHSA and MAL), newest first wins on duplicate ids.
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}
const vendored = walk(RECORDS).sort();
const vendoredRecords = vendored.map((f) => JSON.parse(readFileSync(f, "utf8")));
// Vendored records go first: a GHSA record supersedes nothing, but a newer copy of a PYSEC record would.
const all = [...vendoredRecords, ...records];

const { db, stats } = buildCompactDb(all, {
  sources: [
    `pypa/advisory-database@${commit} (${pypaCount} PYSEC records)`,
    `tools/advisories/records (${vendored.length} records from github/advisory-database and ossf/malicious-packages, see SOURCES.md)`,
  ],
});

const json = JSON.stringify(db);
const header = "// generated — do not edit; run `node tools/advisories/build-embedded-db.mjs` (see tools/advisories/README.md).\n";
writeFileSync(
  join(OUT, "advisory-db.ts"),
  `${header}// ${stats.vulnerabilities} advisories and ${stats.malicious} malicious-package records over ${stats.packages} packages.\nexport const ADVISORY_DB_JSON: string = ${JSON.stringify(json)};\n`,
);
writeFileSync(join(OUT, "snapshot.ts"), `${header}export const EMBEDDED_SNAPSHOT = ${JSON.stringify(db.snapshot)};\n`);
console.log(
  JSON.stringify({ ...stats, snapshot: db.snapshot, bytes: json.length, out: relative(ROOT, OUT), vendored: vendored.length }, null, 2),
);
