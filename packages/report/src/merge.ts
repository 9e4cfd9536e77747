/**
 * Combines the reports of `--shard i/n` runs into one report, as if one machine had scanned
 * everything: findings deduplicated by fingerprint and re-sorted, counts summed, scan logs joined,
 * verdict recomputed with the strictest settings of the inputs.
 */
import type { Finding, Severity } from "@watchtower/types";
import { atLeast, severityRank } from "@watchtower/types";

import { emptyBySeverity } from "./build.js";
import type { KindSummary, Report } from "./model.js";

function locKey(f: Finding): string {
  const l = f.location;
  const pad = (n: number | undefined): string => String(n ?? 0).padStart(10, "0");
  if (l.kind === "cell") return `${l.path}\u0000${pad(l.cell.index)}${l.cell.part}${pad(l.cell.outputIndex)}${pad(l.start.line)}${pad(l.start.column)}`;
  if (l.kind === "binary") return `${l.path}\u0000${l.member ?? ""}${pad(l.byteOffset)}`;
  return `${l.path}\u0000${pad(l.start.line)}${pad(l.start.column)}`;
}

export function mergeReports(reports: readonly Report[]): Report {
  if (reports.length === 0) throw new Error("no reports to merge");
  const first = reports[0]!;
  const failOn = reports.map((r) => r.settings.failOn).reduce((a: Severity, b) => (severityRank(b) < severityRank(a) ? b : a));
  const allowIncomplete = reports.every((r) => r.settings.allowIncomplete);
  const strictModels = reports.some((r) => r.settings.strictModels);

  const findings = new Map<string, Finding>();
  for (const r of reports) for (const f of r.findings) if (!findings.has(f.fingerprint)) findings.set(f.fingerprint, f);
  const merged = [...findings.values()].sort((a, b) => {
    const ka = locKey(a);
    const kb = locKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
  });
  const active = merged.filter((f) => !f.suppressed);
  const bySeverity = emptyBySeverity();
  const byCategory: Report["summary"]["findings"]["byCategory"] = {};
  const byRule: Record<string, number> = {};
  for (const f of active) {
    bySeverity[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  const byKind: Report["summary"]["files"]["byKind"] = {};
  for (const r of reports) {
    for (const [kind, s] of Object.entries(r.summary.files.byKind) as [keyof typeof byKind, KindSummary][]) {
      const k = (byKind[kind] ??= { found: 0, scanned: 0, findings: emptyBySeverity() });
      k.scanned += s.scanned;
      for (const sev of Object.keys(s.findings) as Severity[]) k.findings[sev] += s.findings[sev];
    }
  }
  const scanned = reports.reduce((n, r) => n + r.summary.files.scanned, 0);
  // Every shard walks the whole tree, so "found" is the same in each; scanned files are disjoint.
  const found = Math.max(...reports.map((r) => r.summary.files.found));
  for (const k of Object.values(byKind)) k.found = k.scanned;
  const incomplete = reports.flatMap((r) => r.scanLog.incomplete);
  const blocking = active.filter((f) => atLeast(f.severity, failOn)).length;
  const fail = blocking > 0 || (!allowIncomplete && incomplete.length > 0);
  const byDetector: Record<string, number> = {};
  for (const r of reports) for (const [d, ms] of Object.entries(r.scanLog.timings.byDetector)) byDetector[d] = (byDetector[d] ?? 0) + ms;
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const durationMs = Math.max(...reports.map((r) => r.durationMs));
  const { shard: _shard, ...settings } = first.settings;

  return {
    ...(first.$schema ? { $schema: first.$schema } : {}),
    schemaVersion: "1.0.0",
    tool: first.tool,
    mode: first.mode,
    origin: first.origin,
    startedAt,
    durationMs,
    settings: { ...settings, failOn, allowIncomplete, strictModels },
    ...(first.advisories ? { advisories: first.advisories } : {}),
    summary: {
      verdict: fail ? "fail" : "pass",
      exitCode: fail ? 1 : 0,
      files: {
        found,
        scanned,
        skipped: Math.max(0, found - scanned),
        bytes: reports.reduce((n, r) => n + (r.summary.files.bytes ?? 0), 0),
        byKind,
      },
      findings: { total: active.length, blocking, suppressed: merged.length - active.length, bySeverity, byCategory, byRule },
      incomplete: new Set(incomplete.map((i) => i.path)).size,
    },
    findings: merged,
    scanLog: {
      // Discovery-level entries (symlinks, unreadable directories) appear in every shard: keep one.
      skipped: unique(reports.flatMap((r) => r.scanLog.skipped)),
      errors: reports.flatMap((r) => r.scanLog.errors),
      incomplete,
      notes: unique(reports.flatMap((r) => r.scanLog.notes)),
      timings: { totalMs: durationMs, byDetector },
    },
  };
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
