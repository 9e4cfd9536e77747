/**
 * The HTML report: one self-contained file (inline CSS and script, strict CSP, no network) that a
 * reviewer opens from a CI artifact. Rendered here, in TypeScript, with every report string escaped
 * by `h`; the inline script only filters the rendered rows. Usable without script (everything
 * shown) and with tens of thousands of findings (rows are plain `<details>`, filtering toggles
 * `hidden`; rows are not list items, whose numbering makes hiding many of them quadratic in Chromium).
 */
import type { Category, Finding, Location, RuleMeta, Severity } from "@watchtower/types";
import { atLeast, CATEGORIES, SEVERITIES, severityRank } from "@watchtower/types";

import { SCRIPT, STYLE } from "./html/assets.js";
import { h, safeHref, trusted, type Html, type Part } from "./html/escape.js";
import { standardGroups } from "./html/standards.js";
import type { Report } from "./model.js";

export { escapeHtml } from "./html/escape.js";

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface HtmlOptions {
  /**
   * Findings rendered at most (default 20,000); above it the most severe are kept, in report
   * order, and the page says how many were left out.
   */
  maxFindings?: number;
  /** Rows per scan-log table (default 2,000). */
  maxLogRows?: number;
}

const DESCENDING: readonly Severity[] = [...SEVERITIES].reverse();
const KIND_LABELS: Readonly<Record<string, string>> = {
  notebook: "Notebooks",
  manifest: "Requirement files",
  code: "Code",
  model: "Models",
  text: "Other text",
  other: "Other",
};
const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  directory: "directory",
  "git-index": "git index (staged files)",
  "git-url": "git repository",
  s3: "S3",
  huggingface: "Hugging Face",
};

// Values used in class names and data attributes come from fixed lists, whatever the report says.
const sev = (s: string): Severity => ((SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : "info");
const cat = (c: string): string => ((CATEGORIES as readonly string[]).includes(c) ? c : "other");

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
}

function bytes(n: number | undefined): string {
  if (n === undefined) return "";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "cell 4 [output 0] line 3:23", "line 7:1", "member data.pkl, byte 120" … (no path). */
export function whereLabel(loc: Location): string {
  switch (loc.kind) {
    case "text":
      return `line ${loc.start.line}:${loc.start.column}`;
    case "metadata":
      return `notebook metadata line ${loc.start.line}:${loc.start.column}`;
    case "cell": {
      const part = loc.cell.part === "source" ? "source" : `output ${loc.cell.outputIndex ?? 0}`;
      return `cell ${loc.cell.index} [${part}] line ${loc.start.line}:${loc.start.column}`;
    }
    case "binary": {
      const parts = [loc.member !== undefined ? `member ${loc.member}` : "", loc.byteOffset !== undefined ? `byte ${loc.byteOffset}` : ""];
      return parts.filter(Boolean).join(", ") || "whole file";
    }
  }
}

function link(url: string | undefined, text: Part): Html {
  const href = safeHref(url);
  return href ? h`<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>` : h`<span>${text}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Header and summary.

function header(report: Report): Html {
  const s = report.summary;
  const o = report.origin;
  const what = report.mode === "staged" ? "this commit" : "this scan";
  const verdict =
    s.verdict === "fail"
      ? `FAIL: ${s.findings.blocking > 0 ? `${plural(s.findings.blocking, "finding")} ${s.findings.blocking === 1 ? "blocks" : "block"} ${what} (fail-on: ${report.settings.failOn})` : "incomplete scan"}${s.incomplete > 0 && s.findings.blocking > 0 ? `, ${plural(s.incomplete, "file")} scanned incompletely` : ""}`
      : `PASS: nothing at or above ${report.settings.failOn}`;
  const originText = [ORIGIN_LABELS[o.type] ?? o.type, o.location, o.revision ? `revision ${o.revision}` : "", o.commit ? `commit ${o.commit}` : ""]
    .filter(Boolean)
    .join(" · ");
  const settings = [
    `fail-on ${report.settings.failOn}`,
    report.settings.strictModels ? "strict models" : "",
    report.settings.allowIncomplete ? "incomplete scans allowed" : "",
    report.settings.shard ? `shard ${report.settings.shard}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const started = new Date(report.startedAt);
  const startedText = Number.isNaN(started.getTime()) ? report.startedAt : started.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
  return h`<header class="top">
<h1>watchtower-hook report</h1>
<div class="verdict ${s.verdict === "fail" ? "fail" : "pass"}" id="wt-verdict">${verdict} · exit code ${s.exitCode}</div>
<dl class="meta">
<dt>Origin</dt><dd>${originText}</dd>
<dt>Scan</dt><dd>${report.mode === "staged" ? "staged files" : "all files"}, started ${startedText}, took ${seconds(report.durationMs)}</dd>
<dt>Files</dt><dd>${plural(s.files.scanned, "file")} scanned of ${s.files.found.toLocaleString("en-US")} found${s.files.bytes !== undefined ? ` (${bytes(s.files.bytes)})` : ""}${s.files.skipped ? `, ${s.files.skipped.toLocaleString("en-US")} skipped` : ""}</dd>
<dt>Settings</dt><dd>${settings}</dd>
${report.advisories ? h`<dt>Advisory data</dt><dd>snapshot of ${report.advisories.snapshotDate}${report.advisories.source ? ` (${report.advisories.source})` : ""}</dd>` : ""}
${report.baseline ? h`<dt>Baseline</dt><dd>${report.baseline.path}: ${plural(report.baseline.matched, "finding")} matched, ${plural(report.baseline.stale.length, "stale entry", "stale entries")}</dd>` : ""}
</dl>
</header>`;
}

function countCell(n: number): Html {
  return h`<td class="num${n === 0 ? " zero" : ""}">${n.toLocaleString("en-US")}</td>`;
}

function summary(report: Report, active: readonly Finding[]): Html {
  const s = report.summary;
  const cards = DESCENDING.map(
    (x) =>
      h`<button type="button" class="card sev-${x}" data-only="${x}" title="Show only ${x} findings"><span class="n">${s.findings.bySeverity[x].toLocaleString("en-US")}</span>${x}${atLeast(x, report.settings.failOn) ? " · blocking" : ""}</button>`,
  );
  const extra = [
    h`<div class="card plain"><span class="n">${s.findings.suppressed.toLocaleString("en-US")}</span>suppressed</div>`,
    h`<div class="card plain${s.incomplete ? " sev-critical" : ""}"><span class="n">${s.incomplete.toLocaleString("en-US")}</span>incomplete files</div>`,
  ];

  const byCat = new Map<string, Record<Severity, number>>();
  for (const f of active) {
    const row = byCat.get(cat(f.category)) ?? { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
    row[sev(f.severity)]++;
    byCat.set(cat(f.category), row);
  }
  const cats = [...CATEGORIES, "other"].filter((c) => byCat.has(c));
  const sevHead = DESCENDING.map((x) => h`<th class="num">${x}</th>`);
  const catTable = h`<table id="wt-by-category"><caption class="muted">By category</caption>
<thead><tr><th>Category</th><th class="num">total</th>${sevHead}</tr></thead>
<tbody>${cats.map((c) => {
    const row = byCat.get(c)!;
    const total = SEVERITIES.reduce((n, x) => n + row[x], 0);
    return h`<tr><td>${c}</td>${countCell(total)}${DESCENDING.map((x) => countCell(row[x]))}</tr>`;
  })}${cats.length === 0 ? h`<tr><td colspan="7" class="muted">no findings</td></tr>` : ""}</tbody></table>`;

  const kinds = Object.entries(s.files.byKind);
  const kindTable = h`<table id="wt-by-kind"><caption class="muted">By file kind</caption>
<thead><tr><th>Files</th><th class="num">found</th><th class="num">scanned</th>${sevHead}</tr></thead>
<tbody>${kinds.map(
    ([k, v]) => h`<tr><td>${KIND_LABELS[k] ?? k}</td>${countCell(v.found)}${countCell(v.scanned)}${DESCENDING.map((x) => countCell(v.findings[x]))}</tr>`,
  )}</tbody></table>`;

  return h`<section id="summary"><h2>Summary</h2>
<div class="cards">${cards}${extra}</div>
<div class="tables">${catTable}${kindTable}</div>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Findings.

function cellDetails(loc: Location): Html {
  if (loc.kind === "cell") {
    const c = loc.cell;
    const facts = [
      c.id !== undefined ? `id ${c.id}` : "",
      `${c.cellType} cell`,
      c.mimeType ? `MIME ${c.mimeType}` : "",
      loc.jsonLine !== undefined ? `.ipynb JSON line ${loc.jsonLine}` : "",
    ].filter(Boolean);
    return h`<dt>Cell</dt><dd>${facts.join(" · ")}</dd>`;
  }
  if (loc.kind === "binary" && loc.byteLength !== undefined) return h`<dt>Bytes</dt><dd>${loc.byteLength} from offset ${loc.byteOffset ?? 0}</dd>`;
  return h``;
}

/** Compact standards line for a finding ("CWE-798 · OWASP A07:2021 · ATLAS AML.T0055"); names and links are in the rules table. */
function standardsInline(f: Finding): string {
  const s = f.standards;
  return [
    ...(s.cwe ?? []),
    ...(s.owaspTop10 ?? []).map((x) => `OWASP ${x}`),
    ...(s.owaspMlTop10 ?? []).map((x) => `OWASP ${x}`),
    ...(s.mitreAtlas ?? []).map((x) => `ATLAS ${x}`),
    ...(s.nistAiRmf ?? []).map((x) => `NIST AI RMF ${x}`),
  ].join(" · ");
}

function standardsFull(standards: Finding["standards"]): Html {
  return h`${standardGroups(standards).map(
    (g) => h`<div><span class="muted">${g.label}:</span> ${g.refs.map((r) => link(r.url, r.name ? `${r.id} ${r.name}` : r.id))}</div>`,
  )}`;
}

function dataDetails(f: Finding): Html {
  const entries = Object.entries(f.data ?? {});
  if (entries.length === 0) return h``;
  return h`<dt>Details</dt><dd>${entries.map(
    ([k, v]) => h`<div><span class="muted">${k}:</span> ${Array.isArray(v) ? (v as readonly string[]).join(", ") : String(v)}</div>`,
  )}</dd>`;
}

function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`;
}

function findingRow(f: Finding, rule: RuleMeta | undefined, failOn: Severity): Html {
  const s = sev(f.severity);
  const c = cat(f.category);
  const where = whereLabel(f.location);
  const blocking = !f.suppressed && atLeast(s, failOn);
  const cellId = f.location.kind === "cell" ? (f.location.cell.id ?? "") : "";
  const query = [f.location.path, f.ruleId, f.title, f.message, where, cellId].join("\n").toLowerCase();
  const evidence = f.evidence?.redacted;
  const showEvidence = evidence !== undefined && !(f.excerpt ?? "").includes(evidence);
  const related = f.relatedLocations ?? [];
  const standards = standardsInline(f);
  const docs = safeHref(f.docsUrl);
  return h`<details class="f sev-${s}${f.suppressed ? " sup" : ""}" data-sev="${s}" data-cat="${c}" data-sup="${f.suppressed ? "1" : "0"}" data-q="${query}"><summary>
<span class="badge">${s}</span><span class="rule">${f.ruleId}</span><span class="path mono">${f.location.path}</span><span class="where">${where}</span>${blocking ? h`<span class="tag block">blocking</span>` : ""}${f.suppressed ? h`<span class="tag">suppressed (${f.suppressed.by})</span>` : ""}${rule?.heuristic ? h`<span class="tag">heuristic</span>` : ""}
<span class="title">${f.message}</span></summary><div class="body">
${f.excerpt ? h`<pre class="excerpt"><code>${f.excerpt}</code></pre>` : ""}<dl>
${cellDetails(f.location)}${related.length ? h`<dt>Also at</dt><dd>${related.map((l) => h`<div><span class="mono">${l.path}</span> ${whereLabel(l)}</div>`)}</dd>` : ""}${showEvidence ? h`<dt>Evidence</dt><dd><code>${evidence}</code> <span class="muted">(${f.evidence!.length} characters)</span></dd>` : ""}
<dt>Why</dt><dd>${rule?.description ?? f.title}</dd>
<dt>Fix</dt><dd>${f.fix}</dd>
${standards ? h`<dt>Standards</dt><dd>${standards}</dd>` : ""}${dataDetails(f)}${f.suppressed ? h`<dt>Suppressed</dt><dd>by ${f.suppressed.by}${f.suppressed.reason ? h`: ${f.suppressed.reason}` : ""}</dd>` : ""}
<dt>Rule</dt><dd><a href="#${ruleAnchor(f.ruleId)}">${f.title}</a> <span class="muted">(${c}${rule && rule.defaultSeverity !== s ? `, default severity ${rule.defaultSeverity}` : ""})</span>${docs ? h` · <a href="${docs}" target="_blank" rel="noopener noreferrer">docs</a>` : ""}</dd>
<dt>Fingerprint</dt><dd class="mono muted">${f.fingerprint}</dd>
</dl></div></details>`;
}

/** The findings to render: all of them, or the `max` most severe in report order. */
function pick(findings: readonly Finding[], max: number): Finding[] {
  if (findings.length <= max) return [...findings];
  const order = findings.map((f, i) => ({ i, r: severityRank(sev(f.severity)), sup: f.suppressed ? 1 : 0 }));
  order.sort((a, b) => a.sup - b.sup || b.r - a.r || a.i - b.i);
  const keep = new Set(order.slice(0, max).map((x) => x.i));
  return findings.filter((_, i) => keep.has(i));
}

function findingsSection(report: Report, rules: ReadonlyMap<string, RuleMeta>, options: Required<HtmlOptions>): Html {
  const all = report.findings;
  const shown = pick(all, options.maxFindings);
  const counts = new Map<Severity, number>();
  for (const f of all) if (!f.suppressed) counts.set(sev(f.severity), (counts.get(sev(f.severity)) ?? 0) + 1);
  const cats = [...new Set(all.map((f) => cat(f.category)))].sort(
    (a, b) => [...CATEGORIES, "other"].indexOf(a as Category) - [...CATEGORIES, "other"].indexOf(b as Category),
  );
  const suppressed = all.filter((f) => f.suppressed).length;
  const filters = h`<div class="filters" id="wt-filters">
<fieldset><legend>Severity</legend>${DESCENDING.map(
    (x) =>
      h`<label class="sevbox sev-${x}"><input type="checkbox" data-sev-filter value="${x}" checked> ${x} (${(counts.get(x) ?? 0).toLocaleString("en-US")})</label>`,
  )}</fieldset>
<label>Category <select id="wt-cat"><option value="">all</option>${cats.map((c) => h`<option value="${c}">${c}</option>`)}</select></label>
<label>Search <input type="search" id="wt-q" placeholder="path, rule, message, cell id" autocomplete="off"></label>
<label><input type="checkbox" id="wt-sup"> show suppressed (${suppressed.toLocaleString("en-US")})</label>
<button type="button" id="wt-expand">Expand all</button><button type="button" id="wt-collapse">Collapse all</button>
</div>`;
  const omitted = all.length - shown.length;
  return h`<section id="findings"><h2>Findings <span id="wt-count">${plural(all.length, "finding")}</span></h2>
${all.length ? filters : h`<p class="muted">No findings.</p>`}
${omitted > 0 ? h`<p class="muted" id="wt-omitted">${plural(omitted, "less severe finding")} not shown here (the page shows ${shown.length.toLocaleString("en-US")}); every finding is in the JSON and SARIF reports.</p>` : ""}
<p id="wt-empty" class="muted" hidden>No finding matches the filters.</p>
<div class="findings" id="wt-list">${shown.map((f) => findingRow(f, rules.get(f.ruleId), report.settings.failOn))}</div>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Rules and their standards mapping (one row per rule with findings).

function rulesSection(report: Report, rules: ReadonlyMap<string, RuleMeta>): Html {
  const first = new Map<string, Finding>();
  const counts = new Map<string, number>();
  for (const f of report.findings) {
    if (!first.has(f.ruleId)) first.set(f.ruleId, f);
    if (!f.suppressed) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  }
  if (first.size === 0) return h``;
  const ids = [...first.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return h`<section id="rules"><h2>Rules and standards</h2>
<table class="rules"><thead><tr><th>Rule</th><th class="num">findings</th><th>Explanation and fix</th><th>Standards</th></tr></thead><tbody>${ids.map((id) => {
    const f = first.get(id)!;
    const rule = rules.get(id);
    const standards = rule?.standards ?? f.standards;
    const docs = rule?.docsUrl ?? f.docsUrl;
    return h`<tr id="${ruleAnchor(id)}"><td><span class="rule">${id}</span><br>${rule?.title ?? f.title}<br><span class="muted">${rule ? `${rule.category}, default ${rule.defaultSeverity}${rule.heuristic ? ", heuristic" : ""}` : cat(f.category)}</span></td>
${countCell(counts.get(id) ?? 0)}<td>${rule?.description ?? f.title}<br><span class="muted">Fix:</span> ${rule?.fix ?? f.fix}<br>${link(docs, "documentation")}</td><td class="std">${standardsFull(standards)}</td></tr>`;
  })}</tbody></table>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Scan log.

function logTable<T>(id: string, title: string, items: readonly T[], head: string[], row: (item: T) => Part[], max: number, open = false): Html {
  if (items.length === 0) return h`<details class="log" id="${id}"><summary>${title} (0)</summary><p class="muted">None.</p></details>`;
  const rows = items.slice(0, max).map((item) => h`<tr>${row(item).map((cell) => h`<td>${cell}</td>`)}</tr>`);
  const more = items.length > max ? h`<p class="muted">${plural(items.length - max, "more entry", "more entries")} in the JSON report.</p>` : "";
  return h`<details class="log" id="${id}"${open ? trusted(" open") : ""}><summary>${title} (${items.length.toLocaleString("en-US")})</summary>
<table class="log"><thead><tr>${head.map((x) => h`<th>${x}</th>`)}</tr></thead><tbody>${rows}</tbody></table>${more}</details>`;
}

function scanLog(report: Report, max: number): Html {
  const log = report.scanLog;
  const t = log.timings;
  const detectors = Object.entries(t.byDetector).sort((a, b) => b[1] - a[1]);
  return h`<section id="log"><h2>Scan log</h2>
${logTable("wt-incomplete", "Files scanned incompletely", log.incomplete, ["File", "Detector", "Details"], (i) => [h`<span class="mono">${i.path}</span>`, i.detector, i.details], max, log.incomplete.length > 0)}
${logTable("wt-errors", "Errors", log.errors, ["File", "Detector", "Code", "Message"], (e) => [h`<span class="mono">${e.path ?? ""}</span>`, e.detector ?? "", e.code, e.message], max, log.errors.length > 0)}
${logTable("wt-skipped", "Skipped files", log.skipped, ["File", "Reason", "Detector", "Details"], (s) => [h`<span class="mono">${s.path}</span>`, s.reason, s.detector ?? "", s.details ?? ""], max)}
${logTable("wt-notes", "Notes", log.notes, ["File", "Note"], (n) => [h`<span class="mono">${n.path ?? ""}</span>`, n.message], max)}
${report.baseline ? logTable("wt-stale", "Stale baseline entries", report.baseline.stale, ["File", "Rule", "Where", "Reason", "Fingerprint"], (e) => [h`<span class="mono">${e.path}</span>`, e.ruleId, e.where ?? "", e.reason ?? "", h`<span class="mono">${e.fingerprint}</span>`], max) : ""}
<details class="log" id="wt-timings"><summary>Timings (${seconds(t.totalMs)})</summary>
<div class="tables">
<table><caption class="muted">By detector</caption><thead><tr><th>Detector</th><th class="num">time</th></tr></thead><tbody>${detectors.map(([d, ms]) => h`<tr><td>${d}</td><td class="num">${seconds(ms)}</td></tr>`)}</tbody></table>
${t.slowestFiles?.length ? h`<table><caption class="muted">Slowest files</caption><thead><tr><th>File</th><th class="num">time</th></tr></thead><tbody>${t.slowestFiles.map((f) => h`<tr><td class="mono">${f.path}</td><td class="num">${seconds(f.ms)}</td></tr>`)}</tbody></table>` : ""}
</div></details>
</section>`;
}

// ---------------------------------------------------------------------------------------------

/**
 * The report as one self-contained HTML page. `rules` (optional) adds each rule's description as
 * the explanation and marks heuristic rules.
 */
export function formatHtml(report: Report, rules: readonly RuleMeta[] = [], options: HtmlOptions = {}): string {
  const opts: Required<HtmlOptions> = { maxFindings: options.maxFindings ?? 20_000, maxLogRows: options.maxLogRows ?? 2_000 };
  const byId = new Map(rules.map((r) => [r.id as string, r]));
  const active = report.findings.filter((f) => !f.suppressed);
  const title = `watchtower-hook: ${report.summary.verdict === "fail" ? "FAIL" : "PASS"} · ${report.origin.location}`;
  const page = h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="watchtower-hook ${report.tool.version}">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
<noscript><style>.filters{display:none}</style></noscript>
</head>
<body>
${header(report)}
<main>
${summary(report, active)}
${findingsSection(report, byId, opts)}
${rulesSection(report, byId)}
${scanLog(report, opts.maxLogRows)}
</main>
<footer>Generated by watchtower-hook ${report.tool.version} (report schema ${report.schemaVersion}). This page is self-contained: it loads nothing from the network. Secrets and personal data are redacted as in every other report format.</footer>
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
