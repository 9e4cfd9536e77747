/**
 * OSV records → the compact database the dependencies detector reads. The same function builds the
 * embedded snapshot (tools/advisories/build-embedded-db.mjs) and the user cache (update.ts).
 *
 * What it does with each record:
 * - withdrawn records are dropped;
 * - malware (MAL- ids, or records from ossf/malicious-packages) goes to `malicious`;
 * - PyPI ECOSYSTEM ranges become `lo:hi` strings; listed versions already covered by a range are dropped;
 * - records that alias each other (a PYSEC record and its GHSA twin) are merged per package, keeping the
 *   GHSA id as canonical and the GHSA ranges, since GitHub reviews them;
 * - severity: CVSS v3 base score (>= 9 critical, >= 7 high, >= 4 medium, else low), else the database's
 *   own label, else CVSS v2, else an estimate from the text (text-severity.ts, marked `severityBasis:
 *   "text"`), else medium; disputed advisories are capped at medium.
 */
import type { AdvisorySeverity, CompactAdvisory, CompactDb, CompactMalicious } from "@watchtower/detector-dependencies";
import { ADVISORY_DB_FORMAT, compareVersions, inInterval, isValidVersion, normalizeName, parseCompactRange } from "@watchtower/detector-dependencies";
import { cvss2BaseScore, cvss3BaseScore, severityOfLabel, severityOfScore } from "./cvss.js";
import { severityFromText } from "./text-severity.js";
import type { OsvAffected, OsvEvent, OsvRecord } from "./osv.js";

export interface BuildOptions {
  /** Lines describing the inputs (repository@commit, URL), stored in the database. */
  sources: string[];
  /** Override the snapshot date (default: the newest `modified` date among the records). */
  snapshot?: string;
}

export interface BuildStats {
  records: number;
  withdrawn: number;
  vulnerabilities: number;
  malicious: number;
  packages: number;
  disputed: number;
}

const SEVERITY_RANK: Record<AdvisorySeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

function isMalware(r: OsvRecord): boolean {
  return r.id.startsWith("MAL-") || (r.database_specific !== undefined && "malicious-packages-origins" in r.database_specific);
}

export function isDisputed(r: OsvRecord): boolean {
  const text = `${r.summary ?? ""}\n${(r.details ?? "").slice(0, 2000)}`;
  return /\*\*\s{0,3}DISPUTED\s{0,3}\*\*/i.test(text) || /^\s{0,3}\[?disputed\]?\b/i.test(r.summary ?? "");
}

/** First sentence of the summary or details, on one line, at most 160 characters. */
export function oneLine(r: OsvRecord): string | undefined {
  const raw = (r.summary?.trim() || r.details?.trim() || "").replace(/\*\*\s{0,3}DISPUTED\s{0,3}\*\*\s{0,3}/gi, "");
  if (raw === "") return undefined;
  const flat = raw.replace(/\s+/g, " ").trim();
  const sentence = /^(.{20,}?[.!?])(?:\s|$)/.exec(flat)?.[1] ?? flat;
  if (sentence.length <= 160) return sentence;
  const cut = sentence.slice(0, 159);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 100))}…`;
}

function recordSeverity(
  r: OsvRecord,
  affected: OsvAffected | undefined,
): { severity: AdvisorySeverity; score?: number; basis: "vector" | "label" | "text" | "default" } {
  const all = [...(r.severity ?? []), ...(affected?.severity ?? [])];
  for (const s of all) {
    if (s.type !== "CVSS_V3") continue;
    const score = cvss3BaseScore(s.score);
    if (score !== undefined) return { severity: severityOfScore(score), score, basis: "vector" };
  }
  const label = severityOfLabel(r.database_specific?.severity) ?? severityOfLabel(affected?.database_specific?.severity);
  if (label) return { severity: label, basis: "label" };
  for (const s of all) {
    if (s.type !== "CVSS_V2") continue;
    const score = cvss2BaseScore(s.score);
    if (score !== undefined) return { severity: severityOfScore(score), score, basis: "vector" };
  }
  const estimate = severityFromText(`${r.summary ?? ""}\n${r.details ?? ""}`);
  if (estimate && estimate !== "medium") return { severity: estimate, basis: "text" };
  return { severity: "medium", basis: "default" };
}

function eventVersion(e: OsvEvent): string {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? "";
}

/** One ECOSYSTEM range's events → `lo:hi` intervals (OSV's evaluation: sort, then pair). */
export function eventsToRanges(events: readonly OsvEvent[]): string[] {
  const list = events.filter((e) => eventVersion(e) !== "" && e.limit === undefined);
  const sortable = list.every((e) => eventVersion(e) === "0" || isValidVersion(eventVersion(e)));
  const sorted = sortable
    ? [...list].sort((a, b) => {
        const va = eventVersion(a);
        const vb = eventVersion(b);
        if (va === "0" || vb === "0") return va === vb ? 0 : va === "0" ? -1 : 1;
        const c = compareVersions(va, vb) ?? 0;
        // At the same version an introduction comes after a fix (re-introduced), never before.
        return c !== 0 ? c : (a.introduced !== undefined ? 1 : 0) - (b.introduced !== undefined ? 1 : 0);
      })
    : list;
  const out: string[] = [];
  let open: string | undefined;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      open ??= e.introduced;
    } else if (e.fixed !== undefined && open !== undefined) {
      out.push(`${open}:${e.fixed}`);
      open = undefined;
    } else if (e.last_affected !== undefined && open !== undefined) {
      out.push(`${open}:=${e.last_affected}`);
      open = undefined;
    }
  }
  if (open !== undefined) out.push(`${open}:`);
  return out;
}

interface PackageEntry {
  ranges: string[];
  versions: string[];
}

function pypiEntries(r: OsvRecord): Map<string, PackageEntry & { affected: OsvAffected }> {
  const out = new Map<string, PackageEntry & { affected: OsvAffected }>();
  for (const a of r.affected ?? []) {
    if (a.package?.ecosystem?.toLowerCase() !== "pypi" || !a.package.name) continue;
    const name = normalizeName(a.package.name);
    const entry = out.get(name) ?? { ranges: [], versions: [], affected: a };
    for (const range of a.ranges ?? []) {
      if (range.type !== "ECOSYSTEM") continue;
      entry.ranges.push(...eventsToRanges(range.events ?? []));
    }
    entry.versions.push(...(a.versions ?? []));
    out.set(name, entry);
  }
  return out;
}

/** Versions not already inside one of the ranges (the ranges answer for them). */
function uncovered(ranges: readonly string[], versions: readonly string[]): string[] {
  const intervals = ranges.map(parseCompactRange);
  const out = new Set<string>();
  for (const v of versions) {
    if (isValidVersion(v) && intervals.some((iv) => inInterval(v, iv))) continue;
    out.add(v);
  }
  return [...out].sort((a, b) => compareVersions(a, b) ?? a.localeCompare(b));
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function idRank(id: string): number {
  if (id.startsWith("GHSA-")) return 0;
  if (id.startsWith("PYSEC-")) return 1;
  if (id.startsWith("CVE-")) return 3;
  return 2;
}

function byIdRank(a: string, b: string): number {
  return idRank(a) - idRank(b) || a.localeCompare(b);
}

/** Aliases read best CVE first, then PYSEC, then GHSA ("GHSA-… (CVE-…, PYSEC-…)"). */
function aliasRank(id: string): number {
  if (id.startsWith("CVE-")) return 0;
  if (id.startsWith("PYSEC-")) return 1;
  if (id.startsWith("GHSA-")) return 2;
  return 3;
}

interface Contribution {
  record: OsvRecord;
  entry: PackageEntry & { affected: OsvAffected };
}

function mergeGroup(group: readonly Contribution[]): CompactAdvisory {
  const recordIds = group.map((c) => c.record.id).sort(byIdRank);
  const id = recordIds[0] ?? "";
  const allIds = dedupe(group.flatMap((c) => [c.record.id, ...(c.record.aliases ?? [])]));
  const aliases = allIds.filter((x) => x !== id).sort((a, b) => aliasRank(a) - aliasRank(b) || a.localeCompare(b));
  // GitHub-reviewed ranges win; otherwise the union of what the records say.
  const ghsa = group.filter((c) => c.record.id.startsWith("GHSA-"));
  const rangeSource = ghsa.length > 0 ? ghsa : group;
  const ranges = dedupe(rangeSource.flatMap((c) => c.entry.ranges));
  const versions = uncovered(ranges, rangeSource.flatMap((c) => c.entry.versions));
  const severities = group.map((c) => recordSeverity(c.record, c.entry.affected));
  // A vector beats a label beats an estimate from the text beats the default.
  const basisOrder = ["vector", "label", "text", "default"] as const;
  const basis = basisOrder.find((b) => severities.some((s) => s.basis === b)) ?? "default";
  const pool = severities.filter((s) => s.basis === basis);
  const best = pool.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
  const disputed = group.some((c) => isDisputed(c.record));
  const severity: AdvisorySeverity = disputed && SEVERITY_RANK[best.severity] > SEVERITY_RANK.medium ? "medium" : best.severity;
  const summarySource = [...group].sort((a, b) => byIdRank(a.record.id, b.record.id)).map((c) => oneLine(c.record));
  const summary = summarySource.find((s) => s !== undefined);
  return {
    id,
    ...(aliases.length > 0 ? { aliases } : {}),
    severity,
    ...(best.score !== undefined ? { score: best.score } : {}),
    ...(best.basis === "text" && severity === best.severity ? { severityBasis: "text" as const } : {}),
    ...(disputed ? { disputed: true as const } : {}),
    ...(ranges.length > 0 ? { ranges } : {}),
    ...(versions.length > 0 ? { versions } : {}),
    ...(summary ? { summary } : {}),
  };
}

/** Groups contributions whose ids overlap (union-find over id + aliases). */
function groupByAlias(list: readonly Contribution[]): Contribution[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const c of list) {
    parent.set(c.record.id, find(c.record.id));
    for (const alias of c.record.aliases ?? []) {
      if (!parent.has(alias)) parent.set(alias, alias);
      union(c.record.id, alias);
    }
  }
  const groups = new Map<string, Contribution[]>();
  for (const c of list) {
    const root = find(c.record.id);
    const g = groups.get(root) ?? [];
    g.push(c);
    groups.set(root, g);
  }
  return [...groups.values()];
}

function sortObject<T>(obj: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...obj.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildCompactDb(records: Iterable<OsvRecord>, options: BuildOptions): { db: CompactDb; stats: BuildStats } {
  const stats: BuildStats = { records: 0, withdrawn: 0, vulnerabilities: 0, malicious: 0, packages: 0, disputed: 0 };
  const vulnContrib = new Map<string, Contribution[]>();
  const malicious = new Map<string, CompactMalicious[]>();
  let newest = "";
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    stats.records++;
    const modified = (record.modified ?? record.published ?? "").slice(0, 10);
    if (/^\d{4}-\d{2}-\d{2}$/.test(modified) && modified > newest) newest = modified;
    if (record.withdrawn) {
      stats.withdrawn++;
      continue;
    }
    const entries = pypiEntries(record);
    if (entries.size === 0) continue;
    if (isMalware(record)) {
      for (const [name, entry] of entries) {
        const list = malicious.get(name) ?? [];
        const ranges = dedupe(entry.ranges);
        const versions = uncovered(ranges, entry.versions);
        const summary = record.summary?.trim();
        const aliases = (record.aliases ?? []).filter((a) => a !== record.id);
        list.push({
          id: record.id,
          ...(aliases.length > 0 ? { aliases: [...aliases].sort() } : {}),
          ...(ranges.length > 0 ? { ranges } : {}),
          ...(versions.length > 0 ? { versions } : {}),
          ...(summary ? { summary: summary.slice(0, 160) } : {}),
        });
        malicious.set(name, list);
      }
      stats.malicious++;
      continue;
    }
    for (const [name, entry] of entries) {
      const list = vulnContrib.get(name) ?? [];
      list.push({ record, entry });
      vulnContrib.set(name, list);
    }
  }
  const vulns = new Map<string, CompactAdvisory[]>();
  for (const [name, list] of vulnContrib) {
    const merged = groupByAlias(list)
      .map(mergeGroup)
      .sort((a, b) => a.id.localeCompare(b.id));
    stats.vulnerabilities += merged.length;
    stats.disputed += merged.filter((a) => a.disputed).length;
    vulns.set(name, merged);
  }
  for (const list of malicious.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  stats.packages = new Set([...vulns.keys(), ...malicious.keys()]).size;
  const db: CompactDb = {
    format: ADVISORY_DB_FORMAT,
    snapshot: options.snapshot ?? (newest || "1970-01-01"),
    sources: options.sources,
    vulns: sortObject(vulns),
    malicious: sortObject(malicious),
  };
  return { db, stats };
}
