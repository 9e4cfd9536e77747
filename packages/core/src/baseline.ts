/**
 * Baselines: accepted findings keyed by fingerprint. Matching never looks at lines or cell indexes
 * (fingerprints contain neither), so moving a cell or inserting lines keeps an entry matched;
 * entries that match nothing any more are stale and reported as such.
 * coupling: schemas/baseline.v1.schema.json
 */
import type { Baseline, BaselineEntry, Finding, Location } from "@watchtower/types";

function where(loc: Location): string | undefined {
  switch (loc.kind) {
    case "cell":
      return `cell ${loc.cell.index}${loc.cell.id ? ` (id ${loc.cell.id})` : ""} ${loc.cell.part === "source" ? "source" : `output ${loc.cell.outputIndex ?? 0}`}`;
    case "text":
    case "metadata":
      return `line ${loc.start.line}`;
    case "binary":
      return loc.member;
  }
}

/** Marks findings that the baseline accepts; returns how many matched and the stale entries. */
export function applyBaseline(findings: Finding[], baseline: Baseline): { matched: number; stale: BaselineEntry[] } {
  const byFingerprint = new Map(baseline.entries.map((e) => [e.fingerprint, e]));
  const used = new Set<string>();
  let matched = 0;
  for (const f of findings) {
    const entry = byFingerprint.get(f.fingerprint);
    if (!entry) continue;
    used.add(entry.fingerprint);
    if (f.suppressed) continue;
    f.suppressed = { by: "baseline", ...(entry.reason ? { reason: entry.reason } : {}) };
    matched++;
  }
  return { matched, stale: baseline.entries.filter((e) => !used.has(e.fingerprint)) };
}

/**
 * A baseline accepting every finding not already suppressed inline. Reasons of entries that are
 * still matched are kept, so updating a baseline does not lose the team's notes.
 */
export function createBaseline(findings: readonly Finding[], previous?: Baseline, now = new Date()): Baseline {
  const reasons = new Map(previous?.entries.map((e) => [e.fingerprint, e.reason]) ?? []);
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (f.suppressed && f.suppressed.by !== "baseline") continue;
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const w = where(f.location);
    const reason = reasons.get(f.fingerprint);
    entries.push({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      path: f.location.path,
      severity: f.severity,
      ...(w ? { where: w } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return {
    $schema: "https://raw.githubusercontent.com/watchtower-hook/watchtower-hook/main/schemas/baseline.v1.schema.json",
    schemaVersion: "1.0.0",
    generatedAt: now.toISOString(),
    entries,
  };
}
