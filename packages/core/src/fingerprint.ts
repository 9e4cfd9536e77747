/**
 * Fingerprints identify a finding across commits. They leave out line numbers and cell positions so
 * that inserting lines or moving a cell does not resurrect a baselined finding, and they hash the
 * hash of the secret so a baseline never holds a raw value. "wt1:" versions the format.
 * Known weakness: low-entropy PII (phone numbers) can be brute-forced from the inner hash; baselines
 * should stay inside the repository they describe.
 */
import { createHash } from "node:crypto";

export interface FingerprintParts {
  ruleId: string;
  path: string;
  /** Cell id (nbformat >= 4.5) when present; never the cell index, which changes when cells move. */
  cellId?: string;
  /** "source" | "output" | "metadata" | "" */
  part: string;
  member?: string;
  /** Secret, or the detector's identity for the finding. */
  identity: string;
  /** 0-based count of earlier findings with the same other parts in the same file. */
  occurrence: number;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function fingerprint(parts: FingerprintParts): string {
  const fields = [
    parts.ruleId,
    parts.path,
    parts.cellId ?? "",
    parts.part,
    parts.member ?? "",
    sha256(parts.identity),
    String(parts.occurrence),
  ];
  return `wt1:${sha256(fields.join("\u0000"))}`;
}
