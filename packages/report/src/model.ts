/**
 * The JSON report model. coupling: schemas/report.v1.schema.json (validated in tests).
 */
import type {
  BaselineEntry,
  Category,
  FileKind,
  Finding,
  IncompleteScan,
  ScanError,
  ScanOrigin,
  Severity,
  SkippedFile,
} from "@watchtower/types";

export type BySeverity = Record<Severity, number>;

export interface KindSummary {
  found: number;
  scanned: number;
  findings: BySeverity;
}

export interface Report {
  $schema?: string;
  schemaVersion: "1.0.0";
  tool: { name: "watchtower-hook"; version: string };
  mode: "staged" | "all";
  origin: ScanOrigin;
  startedAt: string;
  durationMs: number;
  settings: { failOn: Severity; allowIncomplete: boolean; strictModels: boolean; shard?: string };
  advisories?: { snapshotDate: string; source?: string };
  summary: {
    verdict: "pass" | "fail";
    exitCode: 0 | 1;
    files: { found: number; scanned: number; skipped: number; bytes?: number; byKind: Partial<Record<FileKind, KindSummary>> };
    findings: {
      total: number;
      blocking: number;
      suppressed: number;
      bySeverity: BySeverity;
      byCategory: Partial<Record<Category, number>>;
      byRule: Record<string, number>;
    };
    incomplete: number;
  };
  findings: Finding[];
  baseline?: { path: string; matched: number; stale: BaselineEntry[] };
  scanLog: {
    skipped: SkippedFile[];
    errors: ScanError[];
    incomplete: IncompleteScan[];
    notes: { path?: string; message: string }[];
    timings: { totalMs: number; byDetector: Record<string, number>; slowestFiles?: { path: string; ms: number }[] };
  };
}

export const REPORT_SCHEMA_URL =
  "https://raw.githubusercontent.com/watchtower-hook/watchtower-hook/main/schemas/report.v1.schema.json";
