import type { Recorded } from "@watchtower/tester";
import { binarySource, runDetector } from "@watchtower/tester";
import type { ReportDescriptor, ScanSettings, Severity } from "@watchtower/types";
import { atLeast } from "@watchtower/types";

import { detector } from "../src/index.js";

export async function scanH5(bytes: Uint8Array, settings: Partial<ScanSettings> = {}, path = "model.h5"): Promise<Recorded> {
  return runDetector(detector, binarySource(path, bytes, "hdf5"), { settings });
}

export async function scanZip(bytes: Uint8Array, settings: Partial<ScanSettings> = {}, path = "model.keras"): Promise<Recorded> {
  return runDetector(detector, binarySource(path, bytes, "zip"), { settings });
}

export function byRule(r: Recorded, ruleId: string): ReportDescriptor[] {
  return r.reports.filter((x) => x.ruleId === ruleId);
}

export function atOrAbove(r: Recorded, s: Severity): ReportDescriptor[] {
  return r.reports.filter((x) => atLeast(x.severity ?? "info", s));
}

/** Compact view for assertions: "rule severity evidence". */
export function summary(r: Recorded): string[] {
  return r.reports.map((x) => `${x.ruleId} ${x.severity ?? "?"} ${x.evidence ?? ""}`).sort();
}
