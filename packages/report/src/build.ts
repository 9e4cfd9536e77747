/** Assembles a Report from what a scan produced; the verdict and exit code are decided here only. */
import type {
  BaselineEntry,
  FileKind,
  Finding,
  IncompleteScan,
  ScanError,
  ScanOrigin,
  Severity,
  SkippedFile,
} from "@watchtower/types";
import { atLeast, SEVERITIES } from "@watchtower/types";

import type { BySeverity, KindSummary, Report } from "./model.js";
import { REPORT_SCHEMA_URL } from "./model.js";

export interface ReportInput {
  version: string;
  mode: "staged" | "all";
  origin: ScanOrigin;
  startedAt: Date;
  durationMs: number;
  failOn: Severity;
  allowIncomplete: boolean;
  strictModels: boolean;
  shard?: string;
  advisories?: { snapshotDate: string; source?: string };
  findings: Finding[];
  files: { path: string; fileKind: FileKind; bytes: number; ms: number }[];
  /** Files known but not handed to the scanner at all (found = files + these). */
  notScanned?: { path: string; fileKind: FileKind }[];
  skipped: SkippedFile[];
  errors: ScanError[];
  incomplete: IncompleteScan[];
  notes: { path?: string; message: string }[];
  timings: Record<string, number>;
  baseline?: { path: string; matched: number; stale: BaselineEntry[] };
}

export function emptyBySeverity(): BySeverity {
  return { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

export function isBlocking(f: Finding, failOn: Severity): boolean {
  return !f.suppressed && atLeast(f.severity, failOn);
}

export function buildReport(input: ReportInput): Report {
  const active = input.findings.filter((f) => !f.suppressed);
  const bySeverity = emptyBySeverity();
  const byCategory: Report["summary"]["findings"]["byCategory"] = {};
  const byRule: Record<string, number> = {};
  for (const f of active) {
    bySeverity[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  const blocking = active.filter((f) => atLeast(f.severity, input.failOn)).length;
  const incompletePaths = new Set(input.incomplete.map((i) => i.path));
  const fail = blocking > 0 || (!input.allowIncomplete && incompletePaths.size > 0);

  const kindOf = new Map<string, FileKind>();
  const byKind: Partial<Record<FileKind, KindSummary>> = {};
  const kind = (k: FileKind): KindSummary => (byKind[k] ??= { found: 0, scanned: 0, findings: emptyBySeverity() });
  const skippedPaths = new Set(input.skipped.filter((s) => s.detector === undefined).map((s) => s.path));
  for (const f of input.files) {
    kindOf.set(f.path, f.fileKind);
    const k = kind(f.fileKind);
    k.found++;
    if (!skippedPaths.has(f.path)) k.scanned++;
  }
  for (const f of input.notScanned ?? []) kind(f.fileKind).found++;
  for (const f of active) {
    const k = kindOf.get(f.location.path);
    if (k) kind(k).findings[f.severity]++;
  }
  const ordered: Partial<Record<FileKind, KindSummary>> = {};
  for (const k of ["notebook", "manifest", "code", "model", "text", "other"] as const) if (byKind[k]) ordered[k] = byKind[k];

  const scanned = input.files.filter((f) => !skippedPaths.has(f.path)).length;
  const byDetector: Record<string, number> = {};
  for (const [k, v] of Object.entries(input.timings).sort(([a], [b]) => (a < b ? -1 : 1))) byDetector[k] = round(v);
  const slowestFiles = [...input.files]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((f) => ({ path: f.path, ms: round(f.ms) }));

  return {
    $schema: REPORT_SCHEMA_URL,
    schemaVersion: "1.0.0",
    tool: { name: "watchtower-hook", version: input.version },
    mode: input.mode,
    origin: input.origin,
    startedAt: input.startedAt.toISOString(),
    durationMs: round(input.durationMs),
    settings: {
      failOn: input.failOn,
      allowIncomplete: input.allowIncomplete,
      strictModels: input.strictModels,
      ...(input.shard ? { shard: input.shard } : {}),
    },
    ...(input.advisories ? { advisories: input.advisories } : {}),
    summary: {
      verdict: fail ? "fail" : "pass",
      exitCode: fail ? 1 : 0,
      files: {
        found: input.files.length + (input.notScanned?.length ?? 0),
        scanned,
        skipped: input.files.length - scanned + (input.notScanned?.length ?? 0),
        bytes: input.files.reduce((n, f) => n + f.bytes, 0),
        byKind: ordered,
      },
      findings: {
        total: active.length,
        blocking,
        suppressed: input.findings.length - active.length,
        bySeverity,
        byCategory,
        byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      },
      incomplete: incompletePaths.size,
    },
    findings: input.findings,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    scanLog: {
      skipped: input.skipped,
      errors: input.errors,
      incomplete: input.incomplete,
      notes: input.notes,
      timings: { totalMs: round(input.durationMs), byDetector, slowestFiles },
    },
  };
}

export { SEVERITIES };
