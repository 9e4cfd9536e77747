import type { BinaryFormat, ReportDescriptor, Severity } from "@watchtower/types";
import { DEFAULT_LIMITS, severityRank } from "@watchtower/types";
import type { Recorded } from "@watchtower/tester";
import { binarySource, runDetector } from "@watchtower/tester";
import { sniff } from "@watchtower/containers";

import { detector } from "../src/index.js";

export interface ScanOptions {
  path?: string;
  format?: BinaryFormat;
  strict?: boolean;
  limits?: Partial<typeof DEFAULT_LIMITS>;
}

const FORMAT_OF: Record<string, BinaryFormat> = {
  pickle: "pickle",
  zip: "zip",
  tar: "tar",
  numpy: "numpy",
  sevenzip: "sevenzip",
  gzip: "gzip",
  bzip2: "bzip2",
  xz: "xz",
  zlib: "zlib",
  lzma: "lzma",
  hdf5: "hdf5",
  unknown: "unknown",
};

export async function scan(bytes: Uint8Array, options: ScanOptions = {}): Promise<Recorded> {
  const format = options.format ?? FORMAT_OF[sniff(bytes)] ?? "unknown";
  return runDetector(detector, binarySource(options.path ?? "model.pkl", bytes, format), {
    settings: { strictModels: options.strict ?? false, limits: { ...DEFAULT_LIMITS, ...options.limits } },
  });
}

const DEFAULTS = new Map(detector.meta.rules.map((r) => [r.id, r.defaultSeverity]));

export function severityOf(d: ReportDescriptor): Severity {
  return d.severity ?? DEFAULTS.get(d.ruleId) ?? "info";
}

/** Reports at or above `min` as "ruleId severity evidence" strings (sorted, for readable asserts). */
export function summary(rec: Recorded, min: Severity = "info"): string[] {
  return rec.reports
    .filter((d) => severityRank(severityOf(d)) >= severityRank(min))
    .map((d) => `${d.ruleId} ${severityOf(d)} ${d.evidence ?? ""}`.trim())
    .sort();
}

/** The highest severity reported (or "none"). */
export function worst(rec: Recorded): Severity | "none" {
  let best: Severity | "none" = "none";
  for (const d of rec.reports) if (best === "none" || severityRank(severityOf(d)) > severityRank(best)) best = severityOf(d);
  return best;
}

export function blocking(rec: Recorded): boolean {
  return rec.reports.some((d) => severityRank(severityOf(d)) >= severityRank("high"));
}

/** Evidence strings of dangerous-global reports. */
export function dangerous(rec: Recorded): string[] {
  return rec.reports.filter((d) => d.ruleId === "pickle/dangerous-global").map((d) => d.evidence ?? "");
}
