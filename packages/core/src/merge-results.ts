/** Joins the partial results of several scanners (worker threads) into one, in the stable order. */
import { appendResult, compareFindings, type ScanResult } from "./runner.js";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function mergeResults(parts: readonly ScanResult[]): ScanResult {
  const out: ScanResult = { findings: [], files: [], skipped: [], errors: [], incomplete: [], notes: [], timings: {}, rules: new Map() };
  for (const p of parts) appendResult(out, p);
  out.findings.sort(compareFindings);
  out.files.sort((a, b) => cmp(a.path, b.path));
  out.skipped.sort((a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason));
  out.incomplete.sort((a, b) => cmp(a.path, b.path) || cmp(a.detector, b.detector));
  out.errors.sort((a, b) => cmp(a.path ?? "", b.path ?? "") || cmp(a.code, b.code));
  return out;
}
