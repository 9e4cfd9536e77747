/**
 * `watchtower-hook merge-reports shard-*.json -o report.json`: combines the JSON reports of
 * `--shard i/n` CI jobs into one schema-valid report; exits like a scan (0 pass, 1 fail, 2 error).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import type { Report } from "@watchtower/report";
import { formatText, mergeReports } from "@watchtower/report";

import { UsageError } from "./config.js";
import type { Io, RunResult } from "./cli.js";

export async function mergeCommand(files: readonly string[], output: string | undefined, format: string, io: Io): Promise<RunResult> {
  if (files.length === 0) throw new UsageError("merge-reports needs at least one report file");
  if (format !== "json" && format !== "text") throw new UsageError(`merge-reports writes json or text, not "${format}"`);
  const { validate } = await import("@watchtower/report/validate");
  const reports = files.map((file) => {
    const path = resolve(io.cwd, file);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new UsageError(`${file}: cannot read a JSON report (${(error as Error).message})`);
    }
    const result = validate("report", value);
    if (!result.valid) throw new UsageError(`${file} is not a watchtower-hook report:\n  ${result.errors.slice(0, 5).join("\n  ")}`);
    return value as Report;
  });
  const merged = mergeReports(reports);
  const text = format === "json" ? JSON.stringify(merged, null, 2) + "\n" : formatText(merged, { color: false });
  if (output) {
    const path = resolve(io.cwd, output);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return { exitCode: merged.summary.exitCode, stdout: "", stderr: `watchtower-hook: merged ${files.length} reports into ${output}\n` };
  }
  return { exitCode: merged.summary.exitCode, stdout: text, stderr: "" };
}
