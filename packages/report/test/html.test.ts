import { describe, expect, it } from "vitest";

import { CSP, escapeHtml, formatHtml, whereLabel } from "../src/html.js";
import { h } from "../src/html/escape.js";
import { standardGroups } from "../src/html/standards.js";
import { hostileReport, manyFindingsReport, RULES, sampleReport, XSS } from "./fixtures/sample-report.js";

/** Text content of the page's markup with tags removed and entities decoded (enough for asserts). */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<script>[\s\S]*?<\/script>/g, "")
    .replace(/<[^<>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Every tag name and attribute name in the markup (outside the inline style and script). */
function markupShape(html: string): { tags: Set<string>; attributes: Set<string> } {
  const body = html.replace(/<style>[\s\S]*?<\/style>/g, "<style></style>").replace(/<script>[\s\S]*?<\/script>/g, "<script></script>");
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const m of body.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/gi)) {
    tags.add(m[1]!.toLowerCase());
    for (const a of m[2]!.matchAll(/\s([a-z-]+)(?:="[^"]*")?/gi)) attributes.add(a[1]!.toLowerCase());
  }
  return { tags, attributes };
}

describe("escaping", () => {
  it("escapes every interpolated value and makes invisible characters visible", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml("evil\u202Egpj.exe")).toBe("evil\u27E8U+202E\u27E9gpj.exe");
    expect(escapeHtml("a\u0000b\u200Bc\tok\n")).toBe("a\u27E8U+0000\u27E9b\u27E8U+200B\u27E9c\tok\n");
    expect(h`<p title="${'" onmouseover="x'}">${"<b>"}</p>`.value).toBe('<p title="&quot; onmouseover=&quot;x">&lt;b&gt;</p>');
    expect(h`<p>${[h`<i>${"<"}</i>`, "&"]}${undefined}${false}${0}</p>`.value).toBe("<p><i>&lt;</i>&amp;0</p>");
  });

  it("renders attacker-controlled paths, excerpts, messages, cell ids and reasons as text", () => {
    const html = formatHtml(hostileReport(), RULES);
    // No markup from the report: the only tags and attributes are the page's own.
    const { tags, attributes } = markupShape(html);
    for (const bad of ["img", "svg", "iframe", "b"]) expect(tags.has(bad)).toBe(false);
    for (const bad of ["onerror", "onload", "onmouseover", "src"]) expect(attributes.has(bad)).toBe(false);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    // …and the strings are all there, readable.
    const text = textOf(html);
    for (const s of [XSS.path, XSS.excerpt, XSS.message, XSS.reason, `<script>window.__pwned=9</script>`, `<img src=x onerror=window.__pwned=12>`]) {
      expect(text).toContain(s);
    }
    expect(text).toContain(`id ${XSS.cellId}`);
    // A docs URL that is not http(s) is shown, not linked.
    expect(html).not.toMatch(/href="javascript/i);
  });
});

describe("formatHtml", () => {
  const report = sampleReport();
  const html = formatHtml(report, RULES);
  const text = textOf(html);

  it("is one self-contained page with a strict CSP and nothing loaded from elsewhere", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP.replace(/'/g, "&#39;")}">`);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("img-src data:");
    // No external resources: every src/href that loads something is absent; links only open docs on click.
    expect(html).not.toMatch(/<(?:script|img|iframe|link)\b[^>]*\ssrc=/i);
    expect(html.match(/<link [^>]*>/g)).toEqual(['<link rel="icon" href="data:,">']);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|WebSocket|import\(/);
  });

  it("shows the verdict, origin, timings and counts by severity, category and file kind", () => {
    expect(text).toContain("FAIL: 5 findings block this scan (fail-on: high), 1 file scanned incompletely");
    expect(text).toContain("exit code 1");
    expect(text).toContain("Origin directory · .");
    expect(text).toContain("started 2026-11-23 08:00:00 UTC, took 1.23 s");
    expect(text).toContain("Advisory data snapshot of 2026-11-01 (OSV)");
    expect(text).toContain(".watchtower-baseline.json: 1 finding matched, 1 stale entry");
    const s = report.summary.findings.bySeverity;
    expect(html).toContain(`data-only="critical" title="Show only critical findings"><span class="n">${s.critical}</span>critical · blocking`);
    expect(html).toContain(`<span class="n">${s.medium}</span>medium</button>`);
    expect(html).toMatch(/id="wt-by-category"[\s\S]*<td>code<\/td><td class="num">2<\/td>/);
    expect(html).toMatch(/id="wt-by-kind"[\s\S]*<td>Models<\/td><td class="num">3<\/td><td class="num">3<\/td><td class="num">2<\/td>/);
  });

  it("shows each finding with its location, excerpt, explanation, fix, standards and docs", () => {
    expect(html.match(/<details class="f /g)).toHaveLength(report.findings.length);
    const at = html.indexOf('data-q="notebooks/train.ipynb\nsecrets/aws-access-key-id');
    const row = html.slice(html.lastIndexOf("<details", at));
    const one = row.slice(0, row.indexOf("</details>"));
    expect(one.startsWith('<details class="f sev-critical" data-sev="critical" data-cat="secrets" data-sup="0"')).toBe(true);
    const t = textOf(one);
    expect(t).toContain("secrets/aws-access-key-id notebooks/train.ipynb cell 4 [output 0] line 3:23 blocking");
    expect(t).toContain("AWS_ACCESS_KEY_ID=AKIA…(20)");
    expect(t).toContain("Cell id a1 · code cell · MIME text/plain · .ipynb JSON line 120");
    expect(t).toContain("Also at notebooks/train.ipynb cell 3 [source] line 2:5");
    expect(t).toContain("Why An AWS access key id (AKIA…) is in the file.");
    expect(t).toContain("Fix Remove it, clear the cell output and rotate the key.");
    expect(t).toContain("Standards CWE-798 · OWASP A07:2021 · ATLAS AML.T0055 · NIST AI RMF MANAGE");
    expect(t).toContain("Rule AWS access key id (secrets) · docs");
    expect(one).toContain('<a href="#rule-secrets-aws-access-key-id">');
    expect(one).toContain(`<a href="${RULES[0]!.docsUrl}" target="_blank" rel="noopener noreferrer">docs</a>`);

    // The rules table: one row per rule with findings, standards named and linked.
    const rules = html.slice(html.indexOf('<section id="rules">'), html.indexOf('<section id="log">'));
    expect(rules.match(/<tr id="rule-/g)).toHaveLength(6);
    const aws = rules.slice(rules.indexOf('<tr id="rule-secrets-aws-access-key-id">'));
    const awsRow = aws.slice(0, aws.indexOf("</tr>"));
    expect(textOf(awsRow)).toContain(
      "secrets/aws-access-key-id AWS access key id secrets, default critical 1 An AWS access key id (AKIA…) is in the file. Fix: Remove it, clear the cell output and rotate the key. documentation CWE: CWE-798 OWASP Top 10: A07:2021 Identification and Authentication Failures MITRE ATLAS: AML.T0055 NIST AI RMF: MANAGE risks are prioritised and acted upon",
    );
    expect(awsRow).toContain('<a href="https://cwe.mitre.org/data/definitions/798.html" target="_blank" rel="noopener noreferrer">CWE-798</a>');
    expect(awsRow).toContain('href="https://atlas.mitre.org/techniques/AML.T0055"');
    expect(awsRow).toContain('href="https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/"');
    expect(textOf(rules)).toContain("pii/email-address Email address pii, default medium, heuristic");

    // Other location kinds.
    expect(text).toContain("src/load model.py line 12:5");
    expect(text).toContain("Also at notebooks/train.ipynb cell 3 [source] line 2:5");
    expect(text).toContain("notebooks/train.ipynb notebook metadata line 7:12");
    expect(text).toContain("models/model.pt member archive/data.pkl, byte 40");
    expect(text).toContain("Bytes 12 from offset 2");
    // Per-finding facts, severity overrides and heuristic rules.
    expect(text).toContain("advisory: GHSA-53q9-r3pm-6pq6");
    expect(text).toContain("aliases: CVE-2025-32434, PYSEC-2025-41");
    expect(text).toContain("Pickle-based deserialisation (code, default severity high)");
    expect(html).toMatch(/data-sev="medium" data-cat="pii"[\s\S]*?<span class="tag">heuristic<\/span>/);
    // A rule not described by `rules` falls back to the finding's title.
    expect(text).toContain("Why Dependency with a known vulnerability");
  });

  it("marks suppressed findings with who suppressed them and why", () => {
    expect(html.match(/data-sup="1"/g)).toHaveLength(3);
    expect(text).toContain("suppressed (inline)");
    expect(text).toContain("Suppressed by inline: documented test key");
    expect(text).toContain("Suppressed by baseline");
    expect(text).toContain("Suppressed by config: docs/** is ignored");
    expect(text).toContain("show suppressed (3)");
  });

  it("has the filters: severity checkboxes with counts, categories, search", () => {
    for (const s of ["critical", "high", "medium", "low", "info"]) expect(html).toContain(`data-sev-filter value="${s}" checked>`);
    expect(text).toContain("critical (3)");
    expect(text).toContain("high (2)");
    expect(text).toContain("low (0)");
    expect(html).toContain('<option value="secrets">secrets</option>');
    expect(html).toContain('<option value="models">models</option>');
    expect(html).toContain('id="wt-q"');
  });

  it("has a collapsible scan log: incomplete and errors open, the rest closed", () => {
    expect(html).toContain('<details class="log" id="wt-incomplete" open><summary>Files scanned incompletely (1)</summary>');
    expect(html).toContain('<details class="log" id="wt-errors" open><summary>Errors (1)</summary>');
    expect(html).toContain('<details class="log" id="wt-skipped"><summary>Skipped files (1)</summary>');
    expect(html).toContain('<details class="log" id="wt-notes"><summary>Notes (2)</summary>');
    expect(html).toContain('<details class="log" id="wt-stale"><summary>Stale baseline entries (1)</summary>');
    expect(text).toContain("models/huge.h5 keras HDF5 superblock truncated at byte 10");
    expect(text).toContain("logo.png binary_not_scannable binary file of no known format");
    expect(text).toContain("Timings (1.23 s)");
    expect(text).toContain("code 11 ms");
  });

  it("says PASS when nothing blocks and 'No findings' when there are none", () => {
    const clean = formatHtml(sampleReport({ findings: [], incomplete: [], errors: [], allowIncomplete: true }));
    expect(textOf(clean)).toContain("PASS: nothing at or above high · exit code 0");
    expect(textOf(clean)).toContain("No findings.");
    expect(clean).not.toContain('id="wt-filters"');
    const incompleteOnly = formatHtml(sampleReport({ findings: [] }));
    expect(textOf(incompleteOnly)).toContain("FAIL: incomplete scan · exit code 1");
  });

  it("stays usable with thousands of findings and caps the page at maxFindings", () => {
    const big = manyFindingsReport(5000);
    const t = performance.now();
    const page = formatHtml(big, RULES);
    // Generous: a linear renderer takes well under a second; a quadratic one would take minutes.
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(page.match(/<details class="f /g)).toHaveLength(5000);
    expect(page.length).toBeLessThan(5000 * 4000);

    const capped = formatHtml(big, RULES, { maxFindings: 1000 });
    expect(capped.match(/<details class="f /g)).toHaveLength(1000);
    // The most severe are kept: all 625 critical findings are on the page.
    expect(capped.match(/data-sev="critical"/g)).toHaveLength(625);
    expect(capped.match(/data-sev="info"/g)).toBeNull();
    expect(textOf(capped)).toContain("4,000 less severe findings not shown here");
  });
});

describe("helpers", () => {
  it("labels every location kind", () => {
    const p = { line: 2, column: 3, offset: 0 };
    expect(whereLabel({ kind: "text", path: "a", start: p, end: p })).toBe("line 2:3");
    expect(whereLabel({ kind: "metadata", path: "a", start: p, end: p })).toBe("notebook metadata line 2:3");
    expect(whereLabel({ kind: "cell", path: "a", cell: { index: 1, cellType: "code", part: "output", outputIndex: 2 }, start: p, end: p })).toBe(
      "cell 1 [output 2] line 2:3",
    );
    expect(whereLabel({ kind: "binary", path: "a" })).toBe("whole file");
  });

  it("names and links standards only when the id is well-formed", () => {
    expect(standardGroups({ owaspTop10: ["A10:2021"], owaspMlTop10: ["ML06:2023"], cwe: ["CWE-94", "bogus"] })).toEqual([
      {
        label: "CWE",
        refs: [{ id: "CWE-94", url: "https://cwe.mitre.org/data/definitions/94.html" }, { id: "bogus" }],
      },
      {
        label: "OWASP Top 10",
        refs: [{ id: "A10:2021", name: "Server-Side Request Forgery (SSRF)", url: "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/" }],
      },
      {
        label: "OWASP ML Top 10",
        refs: [{ id: "ML06:2023", name: "AI Supply Chain Attacks", url: "https://owasp.org/www-project-machine-learning-security-top-10/" }],
      },
    ]);
    expect(standardGroups({})).toEqual([]);
  });
});
