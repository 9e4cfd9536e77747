/** The terminal format: terse, located, actionable (USER-JOURNEYS.md §2). */
import type { Finding, Location, Severity } from "@watchtower/types";
import { atLeast, SEVERITIES } from "@watchtower/types";

import type { Report } from "./model.js";

export interface TextOptions {
  color: boolean;
  /** Print only blocking findings and the verdict. */
  quiet?: boolean;
  /** Non-blocking findings listed one per line, up to this many (default 20). */
  maxCompact?: number;
}

const CODES: Record<Severity, string> = {
  critical: "\x1b[1;31m",
  high: "\x1b[31m",
  medium: "\x1b[33m",
  low: "\x1b[36m",
  info: "\x1b[2m",
};

export function describeLocation(loc: Location): string {
  switch (loc.kind) {
    case "text":
      return `${loc.path}  line ${loc.start.line}:${loc.start.column}`;
    case "metadata":
      return `${loc.path}  notebook metadata line ${loc.start.line}:${loc.start.column}`;
    case "cell": {
      const part = loc.cell.part === "source" ? "source" : `output ${loc.cell.outputIndex ?? 0}`;
      return `${loc.path}  cell ${loc.cell.index} [${part}] line ${loc.start.line}:${loc.start.column}`;
    }
    case "binary": {
      const where = [loc.member ? `member ${loc.member}` : "", loc.byteOffset !== undefined ? `byte ${loc.byteOffset}` : ""]
        .filter(Boolean)
        .join(" ");
      return where ? `${loc.path}  ${where}` : loc.path;
    }
  }
}

function paint(text: string, code: string, color: boolean): string {
  return color ? `${code}${text}\x1b[0m` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function fullFinding(f: Finding, color: boolean): string[] {
  const sev = paint(f.severity.padEnd(8), CODES[f.severity], color);
  const lines = [`  ${describeLocation(f.location)}   ${sev} ${f.ruleId}`];
  const shown = f.excerpt ?? f.evidence?.redacted;
  if (shown) lines.push(`      ${shown}`);
  lines.push(`      ${f.message}`);
  if (f.relatedLocations?.length) {
    lines.push(`      also at: ${f.relatedLocations.map((l) => describeLocation(l).replace(`${l.path}  `, "")).join("; ")}`);
  }
  lines.push(`      Fix: ${f.fix}`);
  return lines;
}

export function formatText(report: Report, options: TextOptions): string {
  const { color } = options;
  const failOn = report.settings.failOn;
  const active = report.findings.filter((f) => !f.suppressed);
  const blocking = active.filter((f) => atLeast(f.severity, failOn));
  const rest = active.filter((f) => !atLeast(f.severity, failOn));
  const out: string[] = [];
  const what = report.mode === "staged" ? "this commit" : "this scan";

  if (blocking.length > 0) {
    out.push(`watchtower-hook: ${plural(blocking.length, "finding")} block ${what} (fail-on: ${failOn})`, "");
    for (const f of blocking) out.push(...fullFinding(f, color), "");
  }
  if (!options.quiet && rest.length > 0) {
    const max = options.maxCompact ?? 20;
    const counts = SEVERITIES.filter((s) => !atLeast(s, failOn))
      .map((s) => [s, rest.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} at ${s}`)
      .join(", ");
    out.push(`  ${counts} (not blocking):`);
    for (const f of rest.slice(0, max)) {
      out.push(`    ${describeLocation(f.location)}  ${f.severity}  ${f.ruleId}${f.evidence ? `  ${f.evidence.redacted}` : ""}`);
    }
    if (rest.length > max) out.push(`    … and ${rest.length - max} more (see --format json)`);
    out.push("");
  }
  if (report.scanLog.incomplete.length > 0) {
    const verdict = report.settings.allowIncomplete ? "allowed by --allow-incomplete" : "this fails the run";
    out.push(`  ${plural(report.summary.incomplete, "file")} could not be scanned fully (${verdict}):`);
    for (const i of report.scanLog.incomplete.slice(0, 20)) out.push(`    ${i.path}: ${i.details}`);
    out.push("");
  }
  if (!options.quiet && report.scanLog.errors.length > 0) {
    out.push(`  ${plural(report.scanLog.errors.length, "error")}:`);
    for (const e of report.scanLog.errors.slice(0, 20)) out.push(`    ${e.path ?? ""}${e.path ? ": " : ""}${e.message}`);
    out.push("");
  }
  if (blocking.length > 0) {
    out.push("  Suppress one: add  # watchtower: ignore[rule-id] reason  or record a baseline (--update-baseline).");
  }
  if (report.baseline?.stale.length) {
    out.push(`  ${plural(report.baseline.stale.length, "baseline entry")} no longer match anything (stale): run --update-baseline.`);
  }
  out.push(summaryLine(report));
  return out.join("\n") + "\n";
}

export function summaryLine(report: Report): string {
  const s = report.summary;
  const kinds = Object.entries(s.files.byKind)
    .filter(([k]) => k !== "other" && k !== "text")
    .map(([k, v]) => `${v.scanned} ${k}${v.scanned === 1 ? "" : "s"}`)
    .join(", ");
  const sev = SEVERITIES.slice()
    .reverse()
    .filter((x) => s.findings.bySeverity[x] > 0)
    .map((x) => `${s.findings.bySeverity[x]} ${x}`)
    .join(", ");
  const suppressed = s.findings.suppressed ? `, ${s.findings.suppressed} suppressed` : "";
  const secs = (report.durationMs / 1000).toFixed(2);
  return `watchtower-hook ${s.verdict === "pass" ? "passed" : "failed"}: ${plural(s.files.scanned, "file")} scanned${kinds ? ` (${kinds})` : ""} in ${secs} s; ${sev || "no findings"}${suppressed}.`;
}
