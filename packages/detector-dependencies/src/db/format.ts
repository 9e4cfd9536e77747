/**
 * The compact advisory database: only what the rules need, keyed by PEP 503 name.
 * coupling: packages/advisory-db/src/build.ts writes this format; bump ADVISORY_DB_FORMAT on any change.
 */
export const ADVISORY_DB_FORMAT = 1;

export type AdvisorySeverity = "low" | "medium" | "high" | "critical";

export interface CompactAdvisory {
  /** Canonical id: the GHSA id when one exists, else the PYSEC id, else the record id. */
  id: string;
  /** Every other id of the same vulnerability (CVE, PYSEC, GHSA …), sorted. */
  aliases?: string[];
  /** Already capped for disputed advisories. */
  severity: AdvisorySeverity;
  /** CVSS base score when a vector was available. */
  score?: number;
  /** "text": no vector or label in the records, so the severity was estimated from the advisory text. */
  severityBasis?: "text";
  disputed?: true;
  /**
   * Affected ranges as `lo:hi`: `lo` is the introduced version ("0" = every earlier version), `hi` the
   * fixed version (exclusive), `=v` a last_affected version (inclusive), "" when nothing fixes it.
   */
  ranges?: string[];
  /** Affected versions listed explicitly and not covered by `ranges`. */
  versions?: string[];
  /** One line (≤ 160 characters). */
  summary?: string;
}

export interface CompactMalicious {
  /** MAL-… id (or another malware advisory id). */
  id: string;
  aliases?: string[];
  /** Same encoding as CompactAdvisory.ranges; absent with `versions` absent means every version. */
  ranges?: string[];
  versions?: string[];
  summary?: string;
}

export interface CompactDb {
  format: typeof ADVISORY_DB_FORMAT;
  /** ISO date (YYYY-MM-DD) of the data: the newest `modified` among the records. */
  snapshot: string;
  /** Human-readable list of what went in (repository@commit, URL, record counts). */
  sources: string[];
  vulns: Record<string, CompactAdvisory[]>;
  malicious: Record<string, CompactMalicious[]>;
}

/** Structural check for a database handed in through options (from the user cache). */
export function isCompactDb(value: unknown): value is CompactDb {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<CompactDb>;
  return (
    v.format === ADVISORY_DB_FORMAT &&
    typeof v.snapshot === "string" &&
    typeof v.vulns === "object" &&
    v.vulns !== null &&
    typeof v.malicious === "object" &&
    v.malicious !== null
  );
}
