/**
 * Running detectors on fuzz inputs: directly (the declared format, so the parser sees the broken
 * bytes even when sniffing would route them elsewhere), through content sniffing as core does, and
 * through the full Scanner with the recommended preset.
 */
import type { ScanResult } from "@watchtower/core";
import { Scanner } from "@watchtower/core";
import { recommendedDetectors } from "@watchtower/preset-recommended";
import { sniff } from "@watchtower/source";
import type { Recorded } from "@watchtower/tester";
import { binarySource, runDetector } from "@watchtower/tester";
import type { BinaryFormat, Detector, Limits, ScanSettings } from "@watchtower/types";
import { DEFAULT_LIMITS } from "@watchtower/types";

export function settingsWith(limits: Partial<Limits> = {}): ScanSettings {
  return { strictModels: false, online: false, limits: { ...DEFAULT_LIMITS, ...limits } };
}

/** Runs `detector` with the declared format, then again with the sniffed one when that differs. */
export async function scanBinary(
  detector: Detector<object>,
  path: string,
  bytes: Uint8Array,
  format: BinaryFormat,
  limits: Partial<Limits> = {},
): Promise<Recorded> {
  const settings = settingsWith(limits);
  const declared = await runDetector(detector, binarySource(path, bytes, format), { settings });
  const sniffed = sniff(bytes, path);
  if (sniffed.kind === "binary" && sniffed.format !== undefined && sniffed.format !== format && detector.meta.formats?.includes(sniffed.format)) {
    await runDetector(detector, binarySource(path, bytes, sniffed.format), { settings });
  }
  return declared;
}

/** A model-format verdict: silent means neither a finding nor an incomplete. */
export function silent(r: Recorded): boolean {
  return r.reports.length === 0 && r.incompletes.length === 0;
}

export interface ScanFile {
  path: string;
  bytes: Uint8Array;
}

/** The full pipeline (sniffing, routing, every recommended detector, findings) on in-memory files. */
export async function scanFiles(files: readonly ScanFile[], limits: Partial<Limits> = {}): Promise<ScanResult> {
  const texts = new Map<string, string>();
  const scanner = new Scanner({
    detectors: recommendedDetectors,
    settings: settingsWith(limits),
    project: {
      paths: () => files.map((f) => f.path).sort(),
      readText: (path) => {
        const f = files.find((x) => x.path === path);
        if (!f) return Promise.resolve(undefined);
        let t = texts.get(path);
        if (t === undefined) {
          t = new TextDecoder("utf-8", { fatal: false }).decode(f.bytes);
          texts.set(path, t);
        }
        return Promise.resolve(t);
      },
    },
    concurrency: 1,
  });
  return scanner.scanAll(files.map((f) => ({ path: f.path, size: f.bytes.length, read: () => Promise.resolve(f.bytes) })));
}

/** Errors that mean a bug (an exception in core or a detector), not a property of the input. */
export function bugs(result: ScanResult): string[] {
  return result.errors
    .filter((e) => e.code === "internal_error" || e.code === "detector_failed" || e.code === "undeclared_rule")
    .map((e) => `${e.path ?? ""} ${e.detector ?? "core"} ${e.code}: ${e.message}`);
}

/** Throws when the scan hit a bug (fast-check then reports the input that caused it). */
export function assertNoBugs(result: ScanResult): void {
  const found = bugs(result);
  if (found.length > 0) throw new Error(`scan errors:\n${found.join("\n")}`);
}
