/**
 * Questions asked of the compact database: which advisories affect a pinned version, which advisories
 * cover every version a range admits, and whether a name is a known malicious package.
 */
import type { CompactAdvisory, CompactDb, CompactMalicious } from "./format.js";
import type { Interval } from "../versions.js";
import { cmp, exactPin, inInterval, intervalWithin, parseCompactRange, specInterval } from "../versions.js";

export interface VulnMatch {
  advisory: CompactAdvisory;
  /** "pin": the pinned version is affected; "range": every version the range admits is affected. */
  kind: "pin" | "range";
  /** First release that fixes it for this requirement, when known. */
  fixed?: string;
}

function intervals(ranges: readonly string[] | undefined): Interval[] {
  return (ranges ?? []).map(parseCompactRange);
}

/** Smallest fixed (exclusive upper) version above `v` among the advisory's ranges. */
function nextFix(advisory: CompactAdvisory, v: string): string | undefined {
  let best: string | undefined;
  for (const iv of intervals(advisory.ranges)) {
    if (!iv.hi || iv.hi.incl) continue;
    const c = cmp(iv.hi.v, v);
    if (c === undefined || c <= 0) continue;
    if (best === undefined || (cmp(iv.hi.v, best) ?? 0) < 0) best = iv.hi.v;
  }
  return best;
}

function pinAffected(ranges: readonly string[] | undefined, versions: readonly string[] | undefined, v: string): boolean {
  if ((versions ?? []).some((x) => cmp(x, v) === 0)) return true;
  return intervals(ranges).some((iv) => inInterval(v, iv));
}

/** Advisories that affect `spec` (a PEP 440 specifier, already converted) of package `name`. */
export function matchVulns(db: CompactDb, name: string, spec: string): VulnMatch[] {
  const advisories = db.vulns[name];
  if (!advisories || spec === "") return [];
  const pin = exactPin(spec);
  const out: VulnMatch[] = [];
  if (pin !== undefined) {
    for (const advisory of advisories) {
      if (!pinAffected(advisory.ranges, advisory.versions, pin)) continue;
      const fixed = nextFix(advisory, pin);
      out.push({ advisory, kind: "pin", ...(fixed === undefined ? {} : { fixed }) });
    }
    return out;
  }
  const admitted = specInterval(spec);
  // Only ranges with an upper bound: an open range such as `>=1.0` still admits future fixed releases.
  if (!admitted?.hi) return out;
  for (const advisory of advisories) {
    const within = intervals(advisory.ranges).find((iv) => intervalWithin(admitted, iv));
    if (!within) continue;
    const fixed = within.hi && !within.hi.incl ? within.hi.v : undefined;
    out.push({ advisory, kind: "range", ...(fixed === undefined ? {} : { fixed }) });
  }
  return out;
}

/** True when the entry covers every version of the package. */
export function coversEveryVersion(entry: CompactMalicious): boolean {
  if ((entry.ranges ?? []).length === 0 && (entry.versions ?? []).length === 0) return true;
  return intervals(entry.ranges).some((iv) => !iv.lo && !iv.hi);
}

/**
 * The malicious-package entry that applies, if any. For a package that is otherwise legitimate
 * (`knownLegit`: popular or on the benign list) only an exact pin of a listed version counts, because
 * its other releases are fine; for any other name, the name itself is the threat.
 */
export function matchMalicious(
  db: CompactDb,
  name: string,
  spec: string | undefined,
  knownLegit: boolean,
): CompactMalicious | undefined {
  const entries = db.malicious[name];
  if (!entries || entries.length === 0) return undefined;
  const pin = spec ? exactPin(spec) : undefined;
  for (const entry of entries) {
    if (coversEveryVersion(entry)) return entry;
    if (pin !== undefined) {
      if (pinAffected(entry.ranges, entry.versions, pin)) return entry;
      continue;
    }
    if (!knownLegit) return entry;
  }
  // A pin of a version the entry does not list is not reported: the project may be a legitimate one
  // whose listed releases were compromised (num2words 0.5.15), and its other releases are clean.
  return undefined;
}
