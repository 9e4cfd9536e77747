/**
 * The PII scan: source → segments (cell sources, outputs, files) → labelled values (tables, CSV,
 * literals, `Label: value`) → validated hits per entity → overlaps resolved → ctx.report.
 */
import type { ScanContext, Severity, Source } from "@watchtower/types";
import { severityRank } from "@watchtower/types";

import { addressFromField, findAddresses } from "./entities/address.js";
import { cardFromField, findCards } from "./entities/card.js";
import type { Scan } from "./entities/common.js";
import { dobFromField, findDobs } from "./entities/dob.js";
import { findEmails } from "./entities/email.js";
import { findIbans } from "./entities/iban.js";
import { findIps, ipFromField } from "./entities/ip.js";
import { clearNameCache, findNames, nameFromField } from "./entities/name.js";
import { findPassports, passportFromField } from "./entities/passport.js";
import { clearPhoneCache, findPhones, phoneFromField } from "./entities/phone.js";
import { findSsns, ssnFromField } from "./entities/ssn.js";
import type { Libs } from "./libs.js";
import { ensureLibrary, libs, NeedLibrary } from "./libs.js";
import type { Field, Hit, Mode, Segment } from "./model.js";
import type { Entity } from "./rules.js";
import { RULES } from "./rules.js";
import { delimitedFields, pipeTableFields } from "./structure/delimited.js";
import { htmlTableFields } from "./structure/html-table.js";
import { keyValueFields } from "./structure/key-value.js";
import { literalFields } from "./structure/literal.js";
import { plainTableFields } from "./structure/plain-table.js";
import { compressHtml, maskHtml, splitLines } from "./text.js";
import { mayHoldPii } from "./triage.js";

export interface PiiOptions {
  /** Entities not to report at all (e.g. ["person-name"]). */
  disable?: readonly Entity[];
}

/** Files that hold no personal data but many lookalikes (versions, hashes, registry URLs). */
const SKIP_FILES = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|Cargo\.lock|Gemfile\.lock|composer\.lock|go\.sum|conda-lock\.ya?ml|requirements[\w.-]*\.(?:txt|in)|constraints[\w.-]*\.txt|[\w.-]+\.min\.(?:js|css)|[\w.-]+\.map|[\w.-]+\.svg)$/i;

const DATA_EXT = /\.(?:csv|tsv|tab|psv|json|jsonl|ndjson|geojson|log|xml|txt|dat|out|sql|vcf|ics|eml|mbox|xlsx?\.txt)$/i;
const DOCS_EXT = /\.(?:md|markdown|rst|adoc|asciidoc|org|tex|textile|wiki|mdx)$/i;
const HTML_EXT = /\.(?:html?|xhtml)$/i;
const DOC_NAMES = /(?:^|\/)(?:README|CHANGELOG|CHANGES|HISTORY|CONTRIBUTING|AUTHORS|CONTRIBUTORS|MAINTAINERS|CODE_OF_CONDUCT|SECURITY|SUPPORT|NOTICE|LICENSE|COPYING)(?:\.\w{1,8})?$/i;

function fileMode(path: string): { mode: Mode; html: boolean; delimiter?: string } {
  if (HTML_EXT.test(path)) return { mode: "data", html: true };
  if (DOC_NAMES.test(path) || DOCS_EXT.test(path)) return { mode: "docs", html: false };
  if (/\.tsv$|\.tab$/i.test(path)) return { mode: "data", html: false, delimiter: "\t" };
  if (/\.psv$/i.test(path)) return { mode: "data", html: false, delimiter: "|" };
  if (/\.csv$/i.test(path)) return { mode: "data", html: false, delimiter: "," };
  if (DATA_EXT.test(path)) return { mode: "data", html: false };
  return { mode: "code", html: false };
}

function outputMode(mime: string): { skip: boolean; html: boolean } {
  const m = mime.toLowerCase();
  // Pictures (SVG included: path data is numbers, not people), widget state, scripts.
  // pandas' table-schema display is a DataFrame render: scanned like one.
  if (m === "application/vnd.dataresource+json") return { skip: false, html: false };
  if (m.startsWith("image/") || m.startsWith("application/vnd.") || m.includes("javascript") || m === "application/pdf") return { skip: true, html: false };
  return { skip: false, html: m === "text/html" };
}

/** The scannable texts of a source (exported for the benchmark). */
export function segmentsOf(source: Source): Segment[] {
  const segs: Segment[] = [];
  if (source.kind === "text") {
    if (SKIP_FILES.test(source.path)) return segs;
    const fm = fileMode(source.path);
    segs.push({
      text: source.text,
      mode: fm.mode,
      html: fm.html,
      path: source.path,
      where: source.path,
      ...(fm.delimiter === undefined ? {} : { delimiter: fm.delimiter }),
      at: (offset, length) => ({ kind: "text", offset, length }),
    });
    return segs;
  }
  if (source.kind !== "notebook") return segs;
  for (const cell of source.cells) {
    segs.push({
      text: cell.source,
      mode: cell.cellType === "code" ? "code" : "docs",
      html: false,
      path: source.path,
      where: `${source.path} cell ${cell.index} source`,
      at: (offset, length) => ({ kind: "cell", cellIndex: cell.index, part: "source", offset, length }),
    });
    for (const out of cell.outputs) {
      const om = outputMode(out.mimeType);
      if (om.skip) continue;
      segs.push({
        text: out.text,
        mode: "data",
        html: om.html,
        path: source.path,
        where: `${source.path} cell ${cell.index} output ${out.index} (${out.mimeType})`,
        at: (offset, length) => ({ kind: "cell", cellIndex: cell.index, part: "output", outputIndex: out.index, offset, length }),
      });
    }
  }
  return segs;
}

/** Which entities resolve an overlap: validated identifiers before context-only kinds. */
const PRIORITY: Readonly<Record<Entity, number>> = {
  iban: 10,
  "credit-card": 9,
  "us-ssn": 8,
  email: 7,
  "passport-number": 6,
  phone: 5,
  "ip-address": 5,
  "date-of-birth": 4,
  "street-address": 3,
  "person-name": 2,
};

const LABEL: Readonly<Record<Entity, string>> = {
  email: "An e-mail address",
  phone: "A phone number",
  "us-ssn": "A US Social Security number",
  "credit-card": "A payment card number",
  iban: "An IBAN",
  "passport-number": "A passport number",
  "date-of-birth": "A date of birth",
  "street-address": "A street address",
  "person-name": "A person's name",
  "ip-address": "A public IP address",
};

function placeOf(seg: Segment): string {
  if (seg.where.endsWith(" source")) return seg.mode === "code" ? "this code cell" : "this markdown cell";
  if (seg.where.includes(" output ")) return "this notebook output";
  return "this file";
}

/** Digit shapes per entity, for the column-consistency check. */
const COLUMN_SHAPES: Partial<Record<Entity, RegExp>> = {
  "credit-card": /^\d[\d -]{10,22}\d$/,
  "us-ssn": /^\d{3}[- ]?\d{2}[- ]?\d{4}$/,
  phone: /^\+?[\d ().-]{7,24}$/,
};

/**
 * A table column where most values have the entity's shape but few validate is a column of ids that
 * happen to pass a checksum now and then (10 % of random 16-digit numbers pass Luhn): drop its hits
 * unless the header names the entity.
 */
function consistentColumns(hits: Hit[], fields: readonly Field[]): Hit[] {
  const byColumn = new Map<string, Field[]>();
  for (const f of fields) {
    if (f.column === undefined) continue;
    let list = byColumn.get(f.column);
    if (!list) byColumn.set(f.column, (list = []));
    list.push(f);
  }
  const verdict = new Map<string, boolean>();
  return hits.filter((h) => {
    const shape = COLUMN_SHAPES[h.entity];
    if (!shape || h.column === undefined || h.basis === "column or key") return true;
    const k = `${h.entity}|${h.column}`;
    let ok = verdict.get(k);
    if (ok === undefined) {
      const values = byColumn.get(h.column) ?? [];
      const shaped = values.filter((f) => shape.test(f.value.trim())).length;
      const valid = new Set(hits.filter((x) => x.entity === h.entity && x.column === h.column).map((x) => x.offset)).size;
      ok = shaped < 4 || valid / shaped >= 0.7;
      verdict.set(k, ok);
    }
    return ok;
  });
}

/** Overlapping hits: the strongest entity wins (then severity, then length). Linear in clusters. */
function resolve(hits: Hit[]): Hit[] {
  const byOffset = [...hits].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const kept: Hit[] = [];
  let cluster: Hit[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) kept.push(cluster[0]!);
    else if (cluster.length > 1) {
      cluster.sort((a, b) => PRIORITY[b.entity] - PRIORITY[a.entity] || severityRank(b.severity) - severityRank(a.severity) || b.length - a.length || a.offset - b.offset);
      const chosen: Hit[] = [];
      for (const h of cluster) {
        if (!chosen.some((k) => h.offset < k.offset + k.length && k.offset < h.offset + h.length)) chosen.push(h);
      }
      kept.push(...chosen);
    }
    cluster = [];
  };
  for (const h of byOffset) {
    if (h.offset >= clusterEnd) {
      flush();
      clusterEnd = -1;
    }
    cluster.push(h);
    clusterEnd = Math.max(clusterEnd, h.offset + h.length);
  }
  flush();
  return kept.sort((a, b) => a.offset - b.offset);
}

export function fieldIndex(fields: readonly Field[]): (offset: number, length: number) => Field[] {
  const sorted = [...fields].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const starts = sorted.map((f) => f.offset);
  return (offset, length) => {
    // last field starting at or before offset
    let lo = 0;
    let hi = starts.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= offset) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const out: Field[] = [];
    for (let i = idx; i >= 0 && i > idx - 64; i--) {
      const f = sorted[i]!;
      if (f.offset + f.length >= offset + length) out.push(f);
    }
    return out.sort((a, b) => a.length - b.length);
  };
}

/** Appends without spreading (a large CSV yields more fields than a call may have arguments). */
function append(to: Field[], from: readonly Field[]): void {
  for (const f of from) to.push(f);
}

function collectFields(seg: Segment, text: string, libs: Libs): Field[] {
  const lines = splitLines(text);
  const fields: Field[] = [];
  if (seg.html) append(fields, htmlTableFields(seg.text, () => libs.html));
  else {
    append(fields, plainTableFields(lines));
    append(fields, pipeTableFields(lines));
    append(fields, delimitedFields(lines, seg.delimiter));
  }
  append(fields, literalFields(text, seg.mode));
  append(fields, keyValueFields(lines));
  return fields;
}

const FIELD_RULES: Readonly<Partial<Record<NonNullable<Field["kind"]>, (scan: Scan, f: Field) => void>>> = {
  ssn: ssnFromField,
  card: cardFromField,
  passport: passportFromField,
  dob: dobFromField,
  address: addressFromField,
  name: nameFromField,
  "name-generic": nameFromField,
  phone: phoneFromField,
  ip: ipFromField,
};

/** The validated hits of one segment. `triage: false` skips the cheap "nothing to find" check (for tests). */
export function scanSegment(seg: Segment, libs: Libs, disabled: ReadonlySet<Entity>, triage = true): Hit[] {
  // Logs, numeric tables, arrays and tracebacks: a few cheap scans show nothing can be found.
  if (triage && !mayHoldPii(seg, seg.html ? compressHtml(seg.text) : seg.text, libs)) return [];
  const text = seg.html ? maskHtml(seg.text) : seg.text;
  const fields = collectFields(seg, text, libs);
  const hits: Hit[] = [];
  const scan: Scan = {
    seg,
    text,
    libs,
    fields,
    fieldsAt: fieldIndex(fields),
    add: (h) => {
      if (!disabled.has(h.entity)) hits.push(h);
    },
  };
  for (const f of fields) {
    const rule = f.kind === undefined ? undefined : FIELD_RULES[f.kind];
    rule?.(scan, f);
  }
  findIbans(scan);
  findCards(scan);
  findSsns(scan);
  findEmails(scan);
  findPassports(scan);
  findPhones(scan);
  findIps(scan);
  findDobs(scan);
  findAddresses(scan);
  findNames(scan);
  return resolve(consistentColumns(hits, fields));
}

export async function scanSource(source: Source, ctx: ScanContext<PiiOptions>): Promise<void> {
  const segments = segmentsOf(source);
  if (segments.length === 0) return;
  clearPhoneCache();
  clearNameCache();
  const disabled = new Set(ctx.options.disable ?? []);
  const cap = ctx.settings.limits.maxOutputChars;
  for (const seg0 of segments) {
    if (ctx.signal.aborted) return;
    let seg = seg0;
    if (seg.text.length > cap) {
      ctx.note(`pii: ${seg.where} has ${seg.text.length} characters; scanned the first ${cap} (limits.maxOutputChars), the rest was not checked for personal data`);
      seg = { ...seg, text: seg.text.slice(0, cap) };
    }
    if (seg.text.trim().length === 0) continue;
    let hits: Hit[] | undefined;
    for (let attempt = 0; hits === undefined; attempt++) {
      try {
        hits = scanSegment(seg, libs, disabled);
      } catch (e) {
        // A validator's library is loaded on first need; the segment is then scanned again.
        if (!(e instanceof NeedLibrary) || attempt > 8) throw e;
        await ensureLibrary(e.library);
        if (ctx.signal.aborted) return;
      }
    }
    for (const h of hits) {
      const raw = seg.text.slice(h.offset, h.offset + h.length);
      const keyText = h.key !== undefined && h.key.length <= 40 ? ` (labelled "${h.key}")` : "";
      const sev: Severity = h.severity;
      ctx.report({
        ruleId: RULES[h.entity].id,
        message: `${LABEL[h.entity]} appears in ${placeOf(seg)}${keyText}.`,
        at: seg.at(h.offset, h.length),
        secret: raw,
        identity: `${h.entity}:${h.normalized}`,
        severity: sev,
        data: {
          entity: h.entity,
          basis: h.basis,
          ...(h.example ? { example: true } : {}),
          ...(h.extra ?? {}),
        },
      });
    }
  }
}
