#!/usr/bin/env node
// watchtower-hook. Exit codes: 0 pass; 1 findings at or above --fail-on, or an incomplete scan;
// 2 usage, configuration or internal error. Runs the bundle (dist-bundle/, built by `npm run bundle`).
const { run } = await import("../dist-bundle/cli.js");
const isTTY = process.stderr.isTTY === true;
const io = { cwd: process.cwd(), env: process.env, isTTY, log: (line) => process.stderr.write(line + "\n") };
if (isTTY) io.tty = process.stderr;
try {
  const r = await run(process.argv.slice(2), io);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.exitCode;
} catch (error) {
  process.stderr.write(`watchtower-hook: internal error: ${error?.message ?? error}\n`);
  process.exitCode = 2;
}
