#!/usr/bin/env node
// Builds the advisory snapshot embedded in @watchtower/detector-dependencies.
//
//   npx tsc -b packages/advisory-db
//   node tools/advisories/build-embedded-db.mjs --pypa <git dir or clone of pypa/advisory-database> [--commit <sha>]
//
// Inputs:
//   1. every vulns/**/*.yaml of pypa/advisory-database at --commit (default: the pinned PYPA_COMMIT below);
//   2. every *.json under tools/advisories/records/: curated advisory facts, each naming its source file
//      and commit (see tools/advisories/README.md), or plain OSV records.
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

// 2. Curated records (facts transcribed from github/advisory-database, aquasecurity/vuln-list's GitHub
//    advisory mirror and ossf/malicious-packages; each entry names its source file and commit), turned
//    into OSV. Plain OSV JSON objects are accepted as they are.
/** GitHub's "VulnerableVersionRange" (">= 2.0, < 2.3.1", "<= 1.13.0", "= 1.0") + first patched version → OSV events. */
export function githubRangeToEvents(range, fixed) {
  const events = [];
  let introduced = "0";
  let upper;
  for (const raw of range.split(",")) {
    const m = /^\s*(>=|>|<=|[<=])\s*(\S+)\s*$/.exec(raw);
    if (!m) throw new Error(`unreadable range "${range}"`);
    const [, op, v] = m;
    if (op === ">=" || op === ">") introduced = v;
    else if (op === "=") {
      introduced = v;
      upper = { last: v };
    } else if (op === "<") upper = { fixed: v };
    else if (op === "<=") upper = { last: v };
  }
  events.push({ introduced });
  if (fixed) events.push({ fixed });
  else if (upper?.fixed) events.push({ fixed: upper.fixed });
  else if (upper?.last) events.push({ last_affected: upper.last });
  return events;
}

function curatedToOsv(e) {
  if (!e.id || !e.pkg || !e.source) throw new Error(`curated record without id/pkg/source: ${JSON.stringify(e)}`);
  const affected = { package: { ecosystem: "PyPI", name: e.pkg } };
  if (e.kind === "malicious") {
    if (e.all) affected.ranges = [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }];
    if (e.versions) affected.versions = e.versions;
  } else {
    affected.ranges = e.ranges.map((r) => ({ type: "ECOSYSTEM", events: githubRangeToEvents(r.range, r.fixed) }));
  }
  return {
    id: e.id,
    ...(e.aliases?.length ? { aliases: e.aliases } : {}),
    summary: e.summary,
    published: `${e.published}T00:00:00Z`,
    modified: `${e.modified}T00:00:00Z`,
    ...(e.withdrawn ? { withdrawn: `${e.withdrawn}T00:00:00Z` } : {}),
    ...(e.cvss ? { severity: [{ type: "CVSS_V3", score: e.cvss }] } : {}),
    affected: [affected],
    database_specific: {
      ...(e.severity ? { severity: e.severity } : {}),
      ...(e.kind === "malicious" ? { "malicious-packages-origins": [{ source: e.source }] } : {}),
      source: e.source,
    },
  };
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}
const vendored = walk(RECORDS).sort();
const vendoredRecords = vendored.flatMap((f) => {
  const value = JSON.parse(readFileSync(f, "utf8"));
  return Array.isArray(value) ? value.map(curatedToOsv) : [value];
});
// Curated records go first, so their copy of an id (e.g. a newer PYSEC record) wins over the pypa snapshot's.
const all = [...vendoredRecords, ...records];

// The snapshot date is the date of the complete source (the pypa commit), not of the newest curated
// record: coverage is complete only up to that day.
const pypaDate = git("log", "-1", "--format=%cs", commit).toString("utf8").trim();
const { db, stats } = buildCompactDb(all, {
  snapshot: arg("--snapshot") ?? pypaDate,
  sources: [
    `pypa/advisory-database@${commit} of ${pypaDate} (${pypaCount} PYSEC records)`,
    `tools/advisories/records (${vendoredRecords.length} records transcribed from github/advisory-database, aquasecurity/vuln-list and ossf/malicious-packages; each names its source file and commit)`,
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
  JSON.stringify({ ...stats, snapshot: db.snapshot, bytes: json.length, out: relative(ROOT, OUT), curated: vendoredRecords.length }, null, 2),
);
