#!/usr/bin/env node
// The throughput floor: read every file of a tree once and run one regex over it. Any scanner has
// to do at least this much; watchtower-hook is reported as a ratio against it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
const withRegex = process.argv[3] !== "--read-only";
const KEY = /AKIA[0-9A-Z]{16}/g;
let bytes = 0;
let hits = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === ".git") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) {
      const data = readFileSync(p);
      bytes += data.length;
      if (withRegex) hits += (data.toString("latin1").match(KEY) ?? []).length;
    }
  }
};
walk(root);
console.log(JSON.stringify({ bytes, hits }));
