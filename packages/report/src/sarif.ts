/**
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers.
 *
 * Locations: SARIF viewers only understand "file + line", so
 * - text files get their real line/column (1-based, UTF-16 code units: `run.columnKind`);
 * - notebook cells point into the .ipynb JSON: a source finding at cell line L maps to JSON line
 *   `jsonLine + L`, because `jsonLine` is the line of `"source": [` and nbformat writes one source
 *   line per JSON string, one string per line (an approximation: a source stored as one JSON string
 *   lands on its first line). Output findings map to the line where the output object starts (output
 *   text is split across MIME keys and tracebacks, so there is no reliable line mapping inside it).
 *   The cell index, cell id, part, output index and the cell-relative line:column are in the message
 *   and in `result.properties`;
 * - notebook metadata and binary files get `startLine: 1` (GitHub needs a line) with the metadata
 *   line or the member / byte offset in the message and properties.
 *
 * Severity: one mapping (`sarifLevel`) from our severities to SARIF levels, and GitHub's numeric
 * `security-severity` (`SECURITY_SEVERITY`).
 * coupling: the SARIF 2.1.0 schema (OASIS, errata 01), checked in test/sarif.test.ts.
 */
import type { Finding, Location, RuleMeta, Severity, StandardsMapping } from "@watchtower/types";
import { severityRank } from "@watchtower/types";

import type { Report } from "./model.js";

export const SARIF_SCHEMA_URL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const TOOL_INFORMATION_URI = "https://github.com/watchtower-hook/watchtower-hook";
/** Key of our fingerprint in `result.partialFingerprints` (bumped if the fingerprint recipe changes). */
export const FINGERPRINT_KEY = "watchtower/v1";

/** GitHub shows at most this many locations per result; more make the upload fail. */
const MAX_RELATED = 100;
/** GitHub keeps at most 20 tags per rule. */
const MAX_TAGS = 20;
/** Scan-log entries of one kind turned into notifications; the rest are counted in one more. */
const MAX_NOTIFICATIONS_PER_KIND = 1000;

// ---------------------------------------------------------------------------------------------
// The subset of the SARIF 2.1.0 object model we write (names as in the spec).

export type SarifLevel = "none" | "note" | "warning" | "error";
type PropertyBag = Record<string, unknown>;

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: SarifRegion;
}

export interface SarifLocation {
  id?: number;
  physicalLocation?: SarifPhysicalLocation;
  message?: SarifMessage;
  properties?: PropertyBag;
}

export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { enabled?: boolean; level?: SarifLevel };
  properties?: PropertyBag & { tags?: string[] };
}

export interface SarifSuppression {
  kind: "inSource" | "external";
  status?: "accepted" | "underReview" | "rejected";
  justification?: string;
  properties?: PropertyBag;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: "fail";
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties?: PropertyBag;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor?: { id: string };
  locations?: SarifLocation[];
  properties?: PropertyBag;
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  exitCode: number;
  startTimeUtc?: string;
  endTimeUtc?: string;
  toolExecutionNotifications?: SarifNotification[];
  properties?: PropertyBag;
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      semanticVersion?: string;
      informationUri: string;
      rules: SarifReportingDescriptor[];
    };
  };
  automationDetails?: { id: string; description?: SarifMessage };
  versionControlProvenance?: { repositoryUri: string; revisionId?: string; branch?: string }[];
  invocations: SarifInvocation[];
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
  properties?: PropertyBag;
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

export interface SarifOptions {
  /**
   * Prepended to every path, for a scan root below the repository root (GitHub resolves URIs
   * against the repository root): `--all examples` → `pathPrefix: "examples"`.
   */
  pathPrefix?: string;
}

// ---------------------------------------------------------------------------------------------
// Severity.

/** The one severity → SARIF level mapping: critical/high → error, medium → warning, low/info → note. */
export function sarifLevel(severity: Severity): "error" | "warning" | "note" {
  switch (severity) {
    case "critical":
    case "high":
      return "error";
    case "medium":
      return "warning";
    default:
      return "note";
  }
}

/**
 * GitHub's `security-severity` (a CVSS-like score as a string): > 9.0 critical, 7.0–8.9 high,
 * 4.0–6.9 medium, 0.1–3.9 low. GitHub has no "info"; it shows as low.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

// ---------------------------------------------------------------------------------------------
// Paths and locations.

// Lone UTF-16 surrogates cannot be percent-encoded (encodeURIComponent throws on them).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function trimSlashes(text: string, side: "start" | "end"): string {
  let start = 0;
  let end = text.length;
  if (side === "start") while (start < end && text[start] === "/") start++;
  else while (end > start && text[end - 1] === "/") end--;
  return text.slice(start, end);
}

/**
 * A repository-relative path as a relative URI reference: each segment percent-encoded (spaces,
 * `#`, `?`, `%`, `:` and non-ASCII), `/` kept as the separator.
 */
export function pathToUri(path: string, prefix?: string): string {
  const full = prefix ? `${trimSlashes(prefix, "end")}/${trimSlashes(path, "start")}` : path;
  return full
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\\/g, "/")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function partLabel(loc: Extract<Location, { kind: "cell" }>): string {
  return loc.cell.part === "source" ? "source" : `output ${loc.cell.outputIndex ?? 0}`;
}

/** "cell 4 [output 0] line 3:23 (cell id "a1")", "line 7:1", "member data.pkl, byte 120" … without the path. */
export function describeWhere(loc: Location): string {
  switch (loc.kind) {
    case "text":
      return `line ${loc.start.line}:${loc.start.column}`;
    case "metadata":
      return `notebook metadata, line ${loc.start.line}:${loc.start.column}`;
    case "cell": {
      const id = loc.cell.id ? ` (cell id "${loc.cell.id}")` : "";
      return `cell ${loc.cell.index} [${partLabel(loc)}] line ${loc.start.line}:${loc.start.column}${id}`;
    }
    case "binary": {
      const parts = [loc.member !== undefined ? `member ${loc.member}` : "", loc.byteOffset !== undefined ? `byte ${loc.byteOffset}` : ""];
      return parts.filter(Boolean).join(", ") || "whole file";
    }
  }
}

function region(loc: Location): SarifRegion {
  switch (loc.kind) {
    case "text": {
      const r: SarifRegion = { startLine: loc.start.line, startColumn: loc.start.column };
      const endAfterStart = loc.end.line > loc.start.line || (loc.end.line === loc.start.line && loc.end.column > loc.start.column);
      if (endAfterStart) {
        r.endLine = loc.end.line;
        r.endColumn = loc.end.column;
      }
      return r;
    }
    case "cell":
      return { startLine: notebookJsonLine(loc) };
    case "metadata":
    case "binary":
      return { startLine: 1 };
  }
}

/** The .ipynb JSON line a cell finding is shown at (see the module comment for the approximation). */
export function notebookJsonLine(loc: Extract<Location, { kind: "cell" }>): number {
  if (loc.jsonLine === undefined) return 1;
  return loc.cell.part === "source" ? loc.jsonLine + Math.max(1, loc.start.line) : loc.jsonLine;
}

function locationProperties(loc: Location): PropertyBag | undefined {
  switch (loc.kind) {
    case "text":
      return undefined;
    case "cell":
      return {
        notebook: {
          cellIndex: loc.cell.index,
          ...(loc.cell.id !== undefined ? { cellId: loc.cell.id } : {}),
          cellType: loc.cell.cellType,
          part: loc.cell.part,
          ...(loc.cell.outputIndex !== undefined ? { outputIndex: loc.cell.outputIndex } : {}),
          ...(loc.cell.mimeType !== undefined ? { mimeType: loc.cell.mimeType } : {}),
          line: loc.start.line,
          column: loc.start.column,
          endLine: loc.end.line,
          endColumn: loc.end.column,
          ...(loc.jsonLine !== undefined ? { jsonLine: loc.jsonLine } : {}),
        },
      };
    case "metadata":
      return { notebook: { part: "metadata", line: loc.start.line, column: loc.start.column } };
    case "binary":
      return {
        binary: {
          ...(loc.member !== undefined ? { member: loc.member } : {}),
          ...(loc.byteOffset !== undefined ? { byteOffset: loc.byteOffset } : {}),
          ...(loc.byteLength !== undefined ? { byteLength: loc.byteLength } : {}),
        },
      };
  }
}

function sarifLocation(loc: Location, options: SarifOptions, id?: number, message?: string): SarifLocation {
  const props = locationProperties(loc);
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri: pathToUri(loc.path, options.pathPrefix), uriBaseId: "%SRCROOT%" },
      region: region(loc),
    },
    ...(message ? { message: { text: message } } : {}),
    ...(props ? { properties: props } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rules.

const STANDARD_LABELS: readonly [keyof StandardsMapping, string][] = [
  ["cwe", "CWE"],
  ["owaspTop10", "OWASP Top 10"],
  ["owaspMlTop10", "OWASP ML Top 10"],
  ["mitreAtlas", "MITRE ATLAS"],
  ["nistAiRmf", "NIST AI RMF"],
];

/** "CWE: CWE-798; OWASP Top 10: A07:2021; …" (empty when there is no mapping). */
export function standardsLine(standards: StandardsMapping): string {
  return STANDARD_LABELS.filter(([key]) => standards[key]?.length)
    .map(([key, label]) => `${label}: ${standards[key]!.join(", ")}`)
    .join("; ");
}

/** Rule tags: "security", the category, CWE ids (also in CodeQL's external/cwe form), OWASP, ATLAS, NIST. */
export function standardTags(rule: Pick<RuleMeta, "category" | "standards" | "heuristic">): string[] {
  const s = rule.standards;
  const tags = ["security", rule.category];
  for (const cwe of s.cwe ?? []) {
    tags.push(cwe);
    const n = /^CWE-(\d{1,6})$/i.exec(cwe)?.[1];
    if (n) tags.push(`external/cwe/cwe-${n}`);
  }
  for (const id of s.owaspTop10 ?? []) tags.push(`OWASP-${id}`);
  for (const id of s.owaspMlTop10 ?? []) tags.push(`OWASP-${id}`);
  for (const id of s.mitreAtlas ?? []) tags.push(`ATLAS-${id}`);
  for (const fn of s.nistAiRmf ?? []) tags.push(`NIST-AI-RMF-${fn}`);
  if (rule.heuristic) tags.push("heuristic");
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

// Markdown help is built from our own rule texts, which still may contain `__reduce__` or `*`.
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

/** "secrets/aws-access-key-id" → "SecretsAwsAccessKeyId" (SARIF's `name` is an identifier-like label). */
function ruleName(id: string): string {
  return id
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function maxSeverity(list: readonly Severity[]): Severity | undefined {
  let best: Severity | undefined;
  for (const s of list) if (best === undefined || severityRank(s) > severityRank(best)) best = s;
  return best;
}

/** Rule metadata for a rule the caller did not describe, taken from its findings. */
function ruleFromFindings(findings: readonly Finding[]): RuleMeta {
  const first = findings[0]!;
  return {
    id: first.ruleId,
    title: first.title,
    description: /[.!?]$/.test(first.title) ? first.title : `${first.title}.`,
    category: first.category,
    defaultSeverity: maxSeverity(findings.map((f) => f.severity)) ?? first.severity,
    fix: first.fix,
    docsUrl: first.docsUrl,
    since: "",
    standards: first.standards,
  };
}

function reportingDescriptor(rule: RuleMeta, findings: readonly Finding[]): SarifReportingDescriptor {
  const active = findings.filter((f) => !f.suppressed);
  // GitHub reads security-severity from the rule only: use the highest severity this rule had in the
  // run (config overrides and per-advisory severities included), falling back to the default.
  const effective = maxSeverity((active.length ? active : findings).map((f) => f.severity)) ?? rule.defaultSeverity;
  const standards = standardsLine(rule.standards);
  const text = [
    rule.description,
    `Fix: ${rule.fix}`,
    standards ? `Standards: ${standards}.` : "",
    rule.heuristic ? "This rule is a heuristic." : "",
    `Documentation: ${rule.docsUrl}`,
  ].filter(Boolean);
  const markdown = [
    md(rule.description),
    `**Fix:** ${md(rule.fix)}`,
    standards ? `**Standards:** ${md(standards)}.` : "",
    rule.heuristic ? "_This rule is a heuristic._" : "",
    `[Documentation](${rule.docsUrl.replace(/[()\s]/g, encodeURIComponent)})`,
  ].filter(Boolean);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: text.join("\n\n"), markdown: markdown.join("\n\n") },
    helpUri: rule.docsUrl,
    defaultConfiguration: { enabled: true, level: sarifLevel(rule.defaultSeverity) },
    properties: {
      tags: standardTags(rule),
      "security-severity": SECURITY_SEVERITY[effective],
      precision: rule.heuristic ? "medium" : "high",
      category: rule.category,
      defaultSeverity: rule.defaultSeverity,
      standards: rule.standards,
      ...(rule.since ? { since: rule.since } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Results.

function resultMessage(f: Finding, rule: RuleMeta): string {
  const loc = f.location;
  const parts = [f.message.trim()];
  if (loc.kind !== "text") parts.push(`Location: ${describeWhere(loc)}${loc.kind === "cell" ? ` of ${loc.path}` : ""}.`);
  const shown = f.evidence?.redacted;
  if (shown && !f.message.includes(shown)) parts.push(`Evidence: ${shown}`);
  if (f.fix && f.fix !== rule.fix) parts.push(`Fix: ${f.fix}`);
  return parts.join(" ");
}

function suppressionOf(f: Finding): SarifSuppression[] | undefined {
  const s = f.suppressed;
  if (!s) return undefined;
  const fallback = s.by === "inline" ? "suppressed by an inline comment" : s.by === "baseline" ? "accepted in the baseline" : "ignored by configuration";
  return [
    {
      kind: s.by === "inline" ? "inSource" : "external",
      status: "accepted",
      justification: s.reason?.trim() || fallback,
      properties: { by: s.by },
    },
  ];
}

function sarifResult(f: Finding, rule: RuleMeta, ruleIndex: number, failOn: Severity, options: SarifOptions): SarifResult {
  const related = f.relatedLocations ?? [];
  const props: PropertyBag = {
    severity: f.severity,
    "security-severity": SECURITY_SEVERITY[f.severity],
    category: f.category,
    detector: f.detector,
    blocking: !f.suppressed && severityRank(f.severity) >= severityRank(failOn),
    ...(f.evidence ? { evidence: f.evidence.redacted } : {}),
    ...(f.excerpt !== undefined ? { excerpt: f.excerpt } : {}),
    ...(f.fix !== rule.fix ? { fix: f.fix } : {}),
    ...(f.data ? { data: f.data } : {}),
    ...locationProperties(f.location),
    ...(related.length > MAX_RELATED ? { relatedLocationCount: related.length } : {}),
  };
  const result: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    kind: "fail",
    level: sarifLevel(f.severity),
    message: { text: resultMessage(f, rule) },
    locations: [sarifLocation(f.location, options)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: props,
  };
  if (related.length) {
    result.relatedLocations = related
      .slice(0, MAX_RELATED)
      .map((loc, i) => sarifLocation(loc, options, i + 1, `Also at ${loc.path} ${describeWhere(loc)}`));
  }
  const suppressions = suppressionOf(f);
  if (suppressions) result.suppressions = suppressions;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Invocation: exit code, timings and the scan log as notifications.

function notificationsOf(report: Report, options: SarifOptions): SarifNotification[] {
  const out: SarifNotification[] = [];
  const at = (path: string | undefined): SarifLocation[] | undefined =>
    path ? [{ physicalLocation: { artifactLocation: { uri: pathToUri(path, options.pathPrefix), uriBaseId: "%SRCROOT%" } } }] : undefined;
  const push = <T>(list: readonly T[], kind: string, make: (item: T) => SarifNotification): void => {
    for (const item of list.slice(0, MAX_NOTIFICATIONS_PER_KIND)) out.push(make(item));
    if (list.length > MAX_NOTIFICATIONS_PER_KIND) {
      out.push({
        level: "note",
        message: { text: `${list.length - MAX_NOTIFICATIONS_PER_KIND} more ${kind} entries are in the JSON report.` },
        descriptor: { id: `${kind}/truncated` },
      });
    }
  };
  const log = report.scanLog;
  push(log.errors, "error", (e) => ({
    level: "error",
    message: { text: `${e.detector ? `${e.detector}: ` : ""}${e.message}` },
    descriptor: { id: `error/${e.code}` },
    ...(at(e.path) ? { locations: at(e.path) } : {}),
  }));
  push(log.incomplete, "incomplete", (i) => ({
    level: report.settings.allowIncomplete ? "warning" : "error",
    message: { text: `Scanned incompletely by ${i.detector}: ${i.details}` },
    descriptor: { id: "incomplete" },
    locations: at(i.path)!,
  }));
  push(log.skipped, "skipped", (s) => ({
    level: "note",
    message: { text: `Skipped (${s.reason})${s.detector ? ` by ${s.detector}` : ""}${s.details ? `: ${s.details}` : ""}` },
    descriptor: { id: `skipped/${s.reason}` },
    locations: at(s.path)!,
  }));
  push(log.notes, "note", (n) => ({
    level: "note",
    message: { text: n.message },
    descriptor: { id: "note" },
    ...(at(n.path) ? { locations: at(n.path) } : {}),
  }));
  for (const stale of report.baseline?.stale.slice(0, MAX_NOTIFICATIONS_PER_KIND) ?? []) {
    out.push({
      level: "note",
      message: { text: `Stale baseline entry: ${stale.ruleId}${stale.where ? ` at ${stale.where}` : ""} no longer matches anything.` },
      descriptor: { id: "baseline/stale" },
      locations: at(stale.path)!,
      properties: { fingerprint: stale.fingerprint },
    });
  }
  return out;
}

function endTime(report: Report): string | undefined {
  const start = Date.parse(report.startedAt);
  return Number.isNaN(start) ? undefined : new Date(start + report.durationMs).toISOString();
}

function versionControl(report: Report): SarifRun["versionControlProvenance"] {
  const o = report.origin;
  if (o.type !== "git-url" || !/^https?:\/\//i.test(o.location)) return undefined;
  return [{ repositoryUri: o.location, ...(o.commit ? { revisionId: o.commit } : {}) }];
}

// ---------------------------------------------------------------------------------------------

/**
 * The report as a SARIF 2.1.0 log object. `rules` describes the rules (the CLI passes every rule
 * it knows; only the ones with results are written); a rule missing from it is described from its
 * findings.
 */
export function toSarif(report: Report, rules: readonly RuleMeta[] = [], options: SarifOptions = {}): SarifLog {
  const known = new Map(rules.map((r) => [r.id as string, r]));
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const ids = [...byRule.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const metas = ids.map((id) => known.get(id) ?? ruleFromFindings(byRule.get(id)!));
  const index = new Map(ids.map((id, i) => [id, i]));
  const descriptors = metas.map((meta, i) => reportingDescriptor(meta, byRule.get(ids[i]!)!));

  const results = report.findings.map((f) => {
    const i = index.get(f.ruleId)!;
    return sarifResult(f, metas[i]!, i, report.settings.failOn, options);
  });

  const notifications = notificationsOf(report, options);
  const end = endTime(report);
  const invocation: SarifInvocation = {
    // Findings do not make a run unsuccessful; a detector that crashed does.
    executionSuccessful: report.scanLog.errors.length === 0,
    exitCode: report.summary.exitCode,
    startTimeUtc: report.startedAt,
    ...(end ? { endTimeUtc: end } : {}),
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
    properties: {
      mode: report.mode,
      settings: report.settings,
      verdict: report.summary.verdict,
      durationMs: report.durationMs,
      timings: report.scanLog.timings,
    },
  };

  const shard = report.settings.shard;
  const vcs = versionControl(report);
  const run: SarifRun = {
    tool: {
      driver: {
        name: "watchtower-hook",
        version: report.tool.version,
        ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
        informationUri: TOOL_INFORMATION_URI,
        rules: descriptors,
      },
    },
    // One category per shard, so GitHub keeps every shard's alerts instead of replacing them.
    ...(shard ? { automationDetails: { id: `watchtower-hook/shard-${shard.replace(/\//g, "-of-")}/` } } : {}),
    ...(vcs ? { versionControlProvenance: vcs } : {}),
    invocations: [invocation],
    columnKind: "utf16CodeUnits",
    results,
    properties: {
      schemaVersion: report.schemaVersion,
      origin: report.origin,
      summary: report.summary,
      ...(report.advisories ? { advisories: report.advisories } : {}),
      ...(report.baseline ? { baseline: { path: report.baseline.path, matched: report.baseline.matched, stale: report.baseline.stale.length } } : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URL, version: "2.1.0", runs: [run] };
}

/** The report as SARIF 2.1.0 JSON text (what `--format sarif` writes). */
export function formatSarif(report: Report, rules: readonly RuleMeta[] = [], options: SarifOptions = {}): string {
  return JSON.stringify(toSarif(report, rules, options), null, 2) + "\n";
}
