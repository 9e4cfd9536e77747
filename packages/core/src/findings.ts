/**
 * Report descriptors → findings: positions, redaction, excerpts, fingerprints, suppression and merging.
 */
import type {
  Finding,
  Location,
  NotebookCell,
  ReportDescriptor,
  RuleMeta,
  Severity,
  Source,
  Suppression,
} from "@watchtower/types";
import { severityRank } from "@watchtower/types";
import { LineIndex } from "@watchtower/source";
import type { CellJsonLines } from "@watchtower/source";

import { fingerprint } from "./fingerprint.js";
import { redact, redactAll, redactAllWithEdges } from "./redact.js";
import { cellSuppression, lineSuppression } from "./suppress.js";

export interface Reported {
  descriptor: ReportDescriptor;
  rule: RuleMeta;
  detector: string;
}

export interface BuildOptions {
  jsonLines?: readonly CellJsonLines[];
  severityOverrides?: Readonly<Record<string, Severity | "off">>;
}

const EXCERPT_WIDTH = 160;

/** The text a range indexes into, with a cache key, or undefined for binary ranges. */
function textOf(source: Source, at: ReportDescriptor["at"]): { key: string; text: string; cell?: NotebookCell } | undefined {
  if (at.kind === "text" && source.kind === "text") return { key: "t", text: source.text };
  if (at.kind === "metadata" && source.kind === "notebook") return { key: "m", text: source.metadataText ?? "" };
  if (at.kind === "cell" && source.kind === "notebook") {
    const cell = source.cells[at.cellIndex];
    if (!cell) return undefined;
    if (at.part === "source") return { key: `c${at.cellIndex}s`, text: cell.source, cell };
    const output = cell.outputs[at.outputIndex ?? -1];
    return output ? { key: `c${at.cellIndex}o${at.outputIndex}`, text: output.text, cell } : undefined;
  }
  return undefined;
}

function excerptOf(index: LineIndex, line: number, column: number, secrets: ReadonlyMap<string, string>): string {
  const raw = index.lineText(line);
  // Cut around the match first (on the raw line), then redact, so the cut never splits a redaction;
  // the cut is widened so it never splits a secret either (a secret cut in two is not recognised by
  // redaction: 38 of the 40 characters of an AWS secret key showed in the excerpt of the next key).
  let start = Math.max(0, column - 1 - 60);
  let end = Math.min(raw.length, start + EXCERPT_WIDTH + 200);
  for (let pass = 0; pass < 2; pass++) {
    for (const secret of secrets.keys()) {
      const n = secret.length;
      if (n === 0) continue;
      for (let at = raw.indexOf(secret, Math.max(0, start - n + 1)); at !== -1 && at < start; at = raw.indexOf(secret, at + 1)) {
        if (at + n > start) start = at;
      }
      for (let at = raw.indexOf(secret, Math.max(0, end - n + 1)); at !== -1 && at < end; at = raw.indexOf(secret, at + 1)) {
        if (at + n > end) end = at + n;
      }
    }
  }
  const window = raw.slice(start, end);
  let text = redactAll(window, secrets).trim();
  if (text.length > EXCERPT_WIDTH) text = text.slice(0, EXCERPT_WIDTH) + "…";
  return (start > 0 ? "…" : "") + text;
}

export function buildFindings(source: Source, reported: readonly Reported[], options: BuildOptions = {}): Finding[] {
  const secrets = new Map<string, string>();
  for (const { descriptor, rule } of reported) {
    if (descriptor.secret) secrets.set(descriptor.secret, redact(descriptor.secret, rule.category));
  }
  const indexes = new Map<string, LineIndex>();
  const indexFor = (key: string, text: string): LineIndex => {
    let idx = indexes.get(key);
    if (!idx) indexes.set(key, (idx = new LineIndex(text)));
    return idx;
  };

  const merged = new Map<string, Finding>();
  const order: Finding[] = [];
  const occurrences = new Map<string, number>();

  for (const { descriptor: d, rule, detector } of reported) {
    const override = options.severityOverrides?.[rule.id];
    if (override === "off") continue;
    const severity: Severity = override ?? d.severity ?? rule.defaultSeverity;
    const identity = d.identity ?? d.secret ?? d.evidence ?? d.message;
    let location: Location;
    let excerpt: string | undefined;
    let suppressed: Suppression | undefined;
    const target = textOf(source, d.at);
    if (target && d.at.kind !== "binary") {
      const idx = indexFor(target.key, target.text);
      const start = idx.position(d.at.offset);
      const end = idx.position(d.at.offset + d.at.length);
      excerpt = excerptOf(idx, start.line, start.column, secrets);
      suppressed = lineSuppression(rule.id, start.line, (n) => idx.lineText(n));
      if (d.at.kind === "cell" && target.cell) {
        const output = d.at.part === "output" ? target.cell.outputs[d.at.outputIndex ?? -1] : undefined;
        const lines = options.jsonLines?.[d.at.cellIndex];
        const jsonLine = output ? lines?.outputs[output.outputIndex] : lines?.source;
        location = {
          kind: "cell",
          path: source.path,
          cell: {
            index: target.cell.index,
            ...(target.cell.id === undefined ? {} : { id: target.cell.id }),
            cellType: target.cell.cellType,
            part: d.at.part,
            ...(output ? { outputIndex: output.outputIndex, mimeType: output.mimeType } : {}),
          },
          start,
          end,
          ...(jsonLine === undefined ? {} : { jsonLine }),
        };
        suppressed ??= cellSuppression(rule.id, target.cell, d.at.part);
      } else {
        location = { kind: d.at.kind === "metadata" ? "metadata" : "text", path: source.path, start, end };
      }
    } else if (d.at.kind === "binary") {
      location = {
        kind: "binary",
        path: source.path,
        ...(d.at.byteOffset === undefined ? {} : { byteOffset: d.at.byteOffset }),
        ...(d.at.byteLength === undefined ? {} : { byteLength: d.at.byteLength }),
        ...(d.at.member === undefined ? {} : { member: d.at.member }),
      };
    } else {
      // A range that does not fit the source is a detector bug; keep the finding at file level.
      location = { kind: "binary", path: source.path };
    }

    // Same rule + same value in the same cell (or member, or text file line-independent) → one finding.
    const scope =
      location.kind === "cell"
        ? `cell:${location.cell.index}`
        : location.kind === "binary"
          ? `member:${location.member ?? ""}`
          : `${location.kind}:${location.start.line}`;
    const mergeKey = `${rule.id}\u0000${scope}\u0000${identity}`;
    const existing = merged.get(mergeKey);
    if (existing) {
      (existing.relatedLocations ??= []).push(location);
      if (severityRank(severity) > severityRank(existing.severity)) existing.severity = severity;
      continue;
    }

    const cellId = location.kind === "cell" ? location.cell.id : undefined;
    const part = location.kind === "cell" ? location.cell.part : location.kind === "metadata" ? "metadata" : "";
    const member = location.kind === "binary" ? location.member : undefined;
    const occurrenceKey = [rule.id, cellId ?? "", part, member ?? "", identity].join("\u0000");
    const occurrence = occurrences.get(occurrenceKey) ?? 0;
    occurrences.set(occurrenceKey, occurrence + 1);

    const redactedValue = d.secret ? secrets.get(d.secret)! : undefined;
    const finding: Finding = {
      ruleId: rule.id,
      detector,
      category: rule.category,
      severity,
      title: rule.title,
      message: redactAll(d.message, secrets),
      location,
      ...(d.secret
        ? { evidence: { redacted: redactedValue!, length: d.secret.length } }
        : d.evidence
          ? { evidence: { redacted: redactAllWithEdges(d.evidence, secrets), length: d.evidence.length } }
          : {}),
      ...(excerpt ? { excerpt } : {}),
      fix: d.fix ?? rule.fix,
      fingerprint: fingerprint({
        ruleId: rule.id,
        path: source.path,
        ...(cellId === undefined ? {} : { cellId }),
        part,
        ...(member === undefined ? {} : { member }),
        identity,
        occurrence,
      }),
      docsUrl: rule.docsUrl,
      standards: rule.standards,
      ...(d.data ? { data: redactData(d.data, secrets) } : {}),
      ...(suppressed ? { suppressed } : {}),
    };
    merged.set(mergeKey, finding);
    order.push(finding);
  }
  return order;
}

function redactData(
  data: NonNullable<ReportDescriptor["data"]>,
  secrets: ReadonlyMap<string, string>,
): Record<string, string | number | boolean | readonly string[]> {
  const out: Record<string, string | number | boolean | readonly string[]> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = typeof v === "string" ? redactAll(v, secrets) : Array.isArray(v) ? v.map((x: string) => redactAll(x, secrets)) : v;
  }
  return out;
}
