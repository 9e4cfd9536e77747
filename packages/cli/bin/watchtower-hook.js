#!/usr/bin/env node
// Thin bin: exit codes 0 (pass), 1 (findings at/above --fail-on or incomplete scan), 2 (usage/fatal).
import { run } from "../dist/cli.js";

const io = { cwd: process.cwd(), env: process.env, isTTY: process.stderr.isTTY === true };
if (io.isTTY) io.progress = (line) => process.stderr.write(`\r\x1b[K${line}`);
run(process.argv.slice(2), io).then(
  (r) => {
    if (io.isTTY) process.stderr.write("\r\x1b[K");
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.exitCode;
  },
  (error) => {
    process.stderr.write(`watchtower-hook: internal error: ${error?.message ?? error}\n`);
    process.exitCode = 2;
  },
);
