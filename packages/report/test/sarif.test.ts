import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Finding, NotebookCell } from "@watchtower/types";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";

import { buildReport } from "../src/build.js";
import { validate } from "../src/validate.js";
import {
  FINGERPRINT_KEY,
  formatSarif,
  pathToUri,
  SARIF_SCHEMA_URL,
  sarifLevel,
  SECURITY_SEVERITY,
  toSarif,
  type SarifLog,
  type SarifResult,
} from "../src/sarif.js";
import { finding, hostileReport, manyFindingsReport, RULES, sampleInput, sampleReport } from "./fixtures/sample-report.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");

/**
 * The official SARIF 2.1.0 schema (OASIS, errata 01:
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json, also
 * github.com/oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json). It is third-party data,
 * so it is not committed here: the test reads it from $SARIF_SCHEMA, from the design folder beside
 * the project (shared/schemas/ or shared/data/), or from test/fixtures/ when a copy is put there, and
 * otherwise from the rtm.5 copy in node_modules, so CI always validates.
 */
const SCHEMA_CANDIDATES = [
  process.env.SARIF_SCHEMA,
  join(repoRoot, "..", "shared", "schemas", "sarif-schema-2.1.0.json"),
  join(repoRoot, "..", "shared", "data", "sarif-schema-2.1.0.json"),
  join(here, "fixtures", "sarif-2.1.0.schema.json"),
  // Always available: Microsoft's published copy of the 2.1.0 (rtm.5) schema, which errata 01
  // only refined; it ships in the @microsoft/jest-sarif devDependency.
  join(repoRoot, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"),
].filter((p): p is string => typeof p === "string" && p.length > 0);
const schemaPath = SCHEMA_CANDIDATES.find((p) => existsSync(p));

function officialValidator(path: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  // The OASIS file is draft-04; it uses no keyword whose meaning changed in draft-07 (no boolean
  // exclusiveMinimum), so renaming `id` and the meta-schema URI is an exact translation.
  if (String(schema.$schema).includes("draft-04")) {
    schema.$schema = "http://json-schema.org/draft-07/schema#";
    if (typeof schema.id === "string") schema.$id = schema.id;
    delete schema.id;
  }
  // unicodeRegExp off: the rtm.5 copy has a language pattern that is only valid without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(schema);
}

const roundTrip = (log: SarifLog): unknown => JSON.parse(JSON.stringify(log));

function results(log: SarifLog): SarifResult[] {
  return log.runs[0]!.results;
}

function resultAt(log: SarifLog, path: string, ruleId?: string): SarifResult {
  const uri = pathToUri(path);
  const r = results(log).find(
    (x) => x.locations[0]!.physicalLocation!.artifactLocation.uri === uri && (ruleId === undefined || x.ruleId === ruleId),
  );
  if (!r) throw new Error(`no result at ${path}`);
  return r;
}

describe("official SARIF 2.1.0 schema", () => {
  it.skipIf(!schemaPath)(
    `validates every log we write (schema: ${schemaPath ?? "not found; set SARIF_SCHEMA to the OASIS sarif-schema-2.1.0.json"})`,
    () => {
      const check = officialValidator(schemaPath!);
      const logs = {
        sample: toSarif(sampleReport(), RULES),
        "sample without rule metadata": toSarif(sampleReport()),
        "path prefix": toSarif(sampleReport(), RULES, { pathPrefix: "examples/" }),
        hostile: toSarif(hostileReport(), RULES),
        empty: toSarif(sampleReport({ findings: [], errors: [], incomplete: [], skipped: [], notes: [], baseline: undefined })),
        shard: toSarif(sampleReport({ shard: "2/4" }), RULES),
        "git url": toSarif(sampleReport({ origin: { type: "git-url", location: "https://github.com/org/repo", commit: "a".repeat(40) } }), RULES),
        many: toSarif(manyFindingsReport(300), RULES),
      };
      for (const [name, log] of Object.entries(logs)) {
        const ok = check(roundTrip(log));
        expect({ name, errors: ok ? [] : check.errors }).toEqual({ name, errors: [] });
      }
      // The validator is not a rubber stamp: a result without a message, and a bad level, fail.
      const broken = roundTrip(toSarif(sampleReport(), RULES)) as { runs: { results: Record<string, unknown>[] }[] };
      delete broken.runs[0]!.results[0]!.message;
      broken.runs[0]!.results[1]!.level = "critical";
      expect(check(broken)).toBe(false);
      expect(check.errors?.map((e) => e.instancePath)).toEqual(
        expect.arrayContaining(["/runs/0/results/0", "/runs/0/results/1/level"]),
      );
    },
  );
});

describe("formatSarif", () => {
  const report = sampleReport();
  const log = toSarif(report, RULES);
  const run = log.runs[0]!;

  it("writes SARIF 2.1.0 JSON text with the tool, one result per finding and the report still valid", () => {
    const text = formatSarif(report, RULES);
    expect(text.endsWith("\n")).toBe(true);
    const parsed = JSON.parse(text) as SarifLog;
    expect(parsed).toEqual(roundTrip(log));
    expect(parsed.version).toBe("2.1.0");
    expect(parsed.$schema).toBe(SARIF_SCHEMA_URL);
    expect(run.tool.driver).toMatchObject({
      name: "watchtower-hook",
      version: "0.1.0",
      semanticVersion: "0.1.0",
      informationUri: "https://github.com/watchtower-hook/watchtower-hook",
    });
    expect(results(log)).toHaveLength(report.findings.length);
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(validate("report", roundTrip(report as unknown as SarifLog)).errors).toEqual([]);
  });

  it("maps severities with one function and gives GitHub a security-severity in the right band", () => {
    expect(["critical", "high", "medium", "low", "info"].map((s) => sarifLevel(s as Finding["severity"]))).toEqual([
      "error",
      "error",
      "warning",
      "note",
      "note",
    ]);
    // GitHub bands: >= 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
    const n = (s: keyof typeof SECURITY_SEVERITY) => Number(SECURITY_SEVERITY[s]);
    expect(n("critical")).toBeGreaterThanOrEqual(9);
    expect(n("high")).toBeGreaterThanOrEqual(7);
    expect(n("high")).toBeLessThan(9);
    expect(n("medium")).toBeGreaterThanOrEqual(4);
    expect(n("medium")).toBeLessThan(7);
    expect(n("low")).toBeLessThan(4);
    expect(n("info")).toBeGreaterThan(0);
    for (const r of results(log)) expect(r.level).toBe(sarifLevel(report.findings[results(log).indexOf(r)]!.severity));
  });

  it("describes exactly the rules that fired, sorted, with help, docs, tags and severities", () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([
      "code/pickle-load",
      "dependencies/vulnerable",
      "licenses/denied",
      "pickle/dangerous-global",
      "pii/email-address",
      "secrets/aws-access-key-id",
    ]);
    for (const r of results(log)) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);

    const aws = run.tool.driver.rules.find((r) => r.id === "secrets/aws-access-key-id")!;
    expect(aws).toMatchObject({
      name: "SecretsAwsAccessKeyId",
      shortDescription: { text: "AWS access key id" },
      fullDescription: { text: "An AWS access key id (AKIA…) is in the file." },
      helpUri: RULES[0]!.docsUrl,
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5", category: "secrets", precision: "high" },
    });
    expect(aws.properties!.tags).toEqual(
      expect.arrayContaining(["security", "secrets", "CWE-798", "external/cwe/cwe-798", "OWASP-A07:2021", "ATLAS-AML.T0055", "NIST-AI-RMF-MANAGE"]),
    );
    expect(aws.help!.text).toContain("Fix: Remove it, clear the cell output and rotate the key.");
    expect(aws.help!.text).toContain("Standards: CWE: CWE-798; OWASP Top 10: A07:2021; MITRE ATLAS: AML.T0055; NIST AI RMF: MANAGE.");
    expect(aws.help!.markdown).toContain("**Fix:**");
    expect(aws.help!.markdown).toContain(`[Documentation](${RULES[0]!.docsUrl})`);

    const pickle = run.tool.driver.rules.find((r) => r.id === "code/pickle-load")!;
    // Markdown-significant characters of rule texts are escaped (no accidental bold on __reduce__).
    expect(pickle.help!.markdown).toContain("\\_\\_reduce\\_\\_");
    expect(pickle.properties!.tags).toEqual(expect.arrayContaining(["OWASP-ML06:2023", "ATLAS-AML.T0010.003", "ATLAS-AML.T0011.000", "CWE-502"]));

    const pii = run.tool.driver.rules.find((r) => r.id === "pii/email-address")!;
    expect(pii.properties).toMatchObject({ precision: "medium", "security-severity": "5.5" });
    expect(pii.properties!.tags).toContain("heuristic");
    expect(pii.defaultConfiguration!.level).toBe("warning");

    const licenses = run.tool.driver.rules.find((r) => r.id === "licenses/denied")!;
    // The only finding of this rule is at info (a config override): GitHub sees that, the default stays.
    expect(licenses.properties!["security-severity"]).toBe("1.0");
    expect(licenses.defaultConfiguration!.level).toBe("note");

    // Not in RULES: described from the finding.
    const dep = run.tool.driver.rules.find((r) => r.id === "dependencies/vulnerable")!;
    expect(dep).toMatchObject({
      shortDescription: { text: "Dependency with a known vulnerability" },
      fullDescription: { text: "Dependency with a known vulnerability." },
      helpUri: expect.stringContaining("#dependenciesvulnerable"),
      properties: { "security-severity": "8.0" },
    });
    expect(dep.properties!.tags).toEqual(expect.arrayContaining(["CWE-1395", "OWASP-A06:2021"]));
  });

  it("gives text findings their real line and column, with an exclusive end column", () => {
    const r = resultAt(log, "src/load model.py");
    expect(r.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "src/load%20model.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 19 },
    });
    expect(r.level).toBe("warning");
    // A per-finding fix hint that differs from the rule's is kept.
    expect(r.message.text).toContain("Fix: This call reads a cache written by this program; keep it local.");
    expect(r.properties).toMatchObject({ severity: "medium", "security-severity": "5.5", evidence: "pickle.load(f)", blocking: false });
  });

  it("maps notebook cells to the .ipynb JSON line and keeps the cell in the message and properties", () => {
    const out = resultAt(log, "notebooks/train.ipynb", "secrets/aws-access-key-id");
    // Output findings point at the output object's first line.
    expect(out.locations[0]!.physicalLocation!.region).toEqual({ startLine: 120 });
    expect(out.message.text).toBe(
      `An AWS access key id is printed in this cell's output. Location: cell 4 [output 0] line 3:23 (cell id "a1") of notebooks/train.ipynb. Evidence: AKIA…(20)`,
    );
    expect(out.properties).toMatchObject({
      notebook: { cellIndex: 4, cellId: "a1", part: "output", outputIndex: 0, mimeType: "text/plain", line: 3, column: 23, jsonLine: 120 },
      excerpt: "AWS_ACCESS_KEY_ID=AKIA…(20)",
      blocking: true,
    });
    expect(out.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: "notebooks/train.ipynb", uriBaseId: "%SRCROOT%" }, region: { startLine: 82 } },
        message: { text: `Also at notebooks/train.ipynb cell 3 [source] line 2:5 (cell id "z9")` },
        properties: { notebook: expect.objectContaining({ cellIndex: 3, part: "source", line: 2 }) },
      },
    ]);

    const src = resultAt(log, "notebooks/train.ipynb", "code/pickle-load");
    // Source findings: jsonLine is the `"source": [` line, cell line 5 is 5 lines below it.
    expect(src.locations[0]!.physicalLocation!.region).toEqual({ startLine: 90 });
    expect(src.message.text).toContain(`cell 5 [source] line 5:7 (cell id "model")`);
    expect(src.properties).toMatchObject({ data: { call: "pickle.load" } });
  });

  it("points notebook metadata and binary findings at line 1 with the member and byte offset in properties", () => {
    const meta = resultAt(log, "notebooks/train.ipynb", "pii/email-address");
    expect(meta.locations[0]!.physicalLocation!.region).toEqual({ startLine: 1 });
    expect(meta.message.text).toContain("Location: notebook metadata, line 7:12.");
    expect(meta.properties!.notebook).toEqual({ part: "metadata", line: 7, column: 12 });

    const pkl = resultAt(log, "models/classifier.pkl");
    expect(pkl.locations[0]!.physicalLocation!.region).toEqual({ startLine: 1 });
    expect(pkl.properties!.binary).toEqual({ byteOffset: 2, byteLength: 12 });
    expect(pkl.message.text).toContain("Location: byte 2.");

    const pt = resultAt(log, "models/model.pt");
    expect(pt.properties!.binary).toEqual({ member: "archive/data.pkl", byteOffset: 40 });
    expect(pt.message.text).toContain("Location: member archive/data.pkl, byte 40.");
  });

  it("percent-encodes spaces, unicode and URI delimiters in paths and can prefix them", () => {
    expect(pathToUri("données/requirements ü.txt")).toBe("donn%C3%A9es/requirements%20%C3%BC.txt");
    expect(pathToUri("a/b#c?d%e:f.ipynb")).toBe("a/b%23c%3Fd%25e%3Af.ipynb");
    expect(pathToUri("c:/x.py")).toBe("c%3A/x.py");
    expect(pathToUri("bad\uD800name.py")).toBe("bad%EF%BF%BDname.py");
    expect(pathToUri("nb.ipynb", "examples/")).toBe("examples/nb.ipynb");
    expect(pathToUri("nb.ipynb", "my examples")).toBe("my%20examples/nb.ipynb");
    const prefixed = toSarif(report, RULES, { pathPrefix: "examples" });
    expect(prefixed.runs[0]!.results.every((r) => r.locations[0]!.physicalLocation!.artifactLocation.uri.startsWith("examples/"))).toBe(true);
    // URIs stay relative references (no scheme), so GitHub resolves them against the repository.
    for (const r of results(log)) expect(r.locations[0]!.physicalLocation!.artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
  });

  it("carries stable partial fingerprints", () => {
    for (const [i, r] of results(log).entries()) {
      expect(r.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: report.findings[i]!.fingerprint });
    }
    // Same findings → same SARIF (nothing time- or order-dependent in results).
    expect(toSarif(sampleReport(), RULES).runs[0]!.results.map((r) => r.message.text)).toEqual(results(log).map((r) => r.message.text));
  });

  it("writes suppressed findings with SARIF suppressions (inline → inSource, baseline/config → external)", () => {
    const inline = resultAt(log, "tests/fixtures/keys.txt");
    expect(inline.suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "documented test key", properties: { by: "inline" } }]);
    expect(inline.properties!.blocking).toBe(false);
    expect(resultAt(log, "old/config.py").suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "accepted in the baseline", properties: { by: "baseline" } },
    ]);
    expect(resultAt(log, "docs/contact.md").suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "docs/** is ignored", properties: { by: "config" } },
    ]);
    expect(results(log).filter((r) => r.suppressions).length).toBe(report.summary.findings.suppressed);
  });

  it("records the invocation: exit code, times, success, scan log as notifications and the summary", () => {
    const inv = run.invocations[0]!;
    expect(inv).toMatchObject({
      exitCode: 1,
      executionSuccessful: false,
      startTimeUtc: "2026-11-23T08:00:00.000Z",
      endTimeUtc: "2026-11-23T08:00:01.234Z",
    });
    const notes = inv.toolExecutionNotifications!;
    expect(notes.find((n) => n.descriptor?.id === "error/detector_failed")).toMatchObject({
      level: "error",
      message: { text: "keras: unexpected end of data" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "models/huge.h5" } } }],
    });
    expect(notes.find((n) => n.descriptor?.id === "incomplete")).toMatchObject({ level: "error" });
    expect(notes.find((n) => n.descriptor?.id === "skipped/binary_not_scannable")).toMatchObject({ level: "note" });
    expect(notes.find((n) => n.descriptor?.id === "baseline/stale")!.message.text).toContain("secrets/aws-access-key-id at line 3");
    expect(notes.filter((n) => n.descriptor?.id === "note")).toHaveLength(2);
    expect(run.properties).toMatchObject({ summary: report.summary, origin: report.origin, advisories: report.advisories });

    const clean = toSarif(sampleReport({ findings: [], errors: [], incomplete: [], allowIncomplete: true }), RULES).runs[0]!;
    expect(clean.invocations[0]).toMatchObject({ exitCode: 0, executionSuccessful: true });
    expect(clean.results).toEqual([]);
    expect(clean.tool.driver.rules).toEqual([]);
    const allowed = toSarif(sampleReport({ allowIncomplete: true }), RULES).runs[0]!;
    expect(allowed.invocations[0]!.toolExecutionNotifications!.find((n) => n.descriptor?.id === "incomplete")!.level).toBe("warning");
  });

  it("keeps shards apart for GitHub and records the repository of a remote scan", () => {
    expect(toSarif(sampleReport({ shard: "2/4" }), RULES).runs[0]!.automationDetails).toEqual({ id: "watchtower-hook/shard-2-of-4/" });
    expect(run.automationDetails).toBeUndefined();
    const remote = toSarif(
      sampleReport({ origin: { type: "git-url", location: "https://github.com/org/repo", commit: "b".repeat(40) } }),
      RULES,
    ).runs[0]!;
    expect(remote.versionControlProvenance).toEqual([{ repositoryUri: "https://github.com/org/repo", revisionId: "b".repeat(40) }]);
  });

  it("caps related locations at GitHub's limit and says how many there were", () => {
    const loc = (line: number): Finding["location"] => ({ kind: "text", path: "a.py", start: { line, column: 1, offset: 0 }, end: { line, column: 2, offset: 1 } });
    const f = finding("secrets/aws-access-key-id", loc(1), { relatedLocations: Array.from({ length: 150 }, (_, i) => loc(i + 2)) });
    const r = toSarif(buildReport(sampleInput({ findings: [f] })), RULES).runs[0]!.results[0]!;
    expect(r.relatedLocations).toHaveLength(100);
    expect(r.relatedLocations!.map((l) => l.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(r.properties!.relatedLocationCount).toBe(150);
  });
});

describe("notebook lines against a real .ipynb layout", () => {
  it("lands source findings on the JSON line that holds the flagged text", async () => {
    // nbformat writes JSON with indent=1, one source line per string; locate it with @watchtower/source.
    const { locateCells } = await import("@watchtower/source");
    const nb = {
      cells: [
        { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Title\n", "Some text."] },
        {
          cell_type: "code",
          execution_count: 1,
          id: "load",
          metadata: {},
          outputs: [{ name: "stdout", output_type: "stream", text: ["loaded\n"] }],
          source: ["import pickle\n", "\n", "clf = pickle.load(open('m.pkl', 'rb'))\n", "print('loaded')"],
        },
      ],
      metadata: { kernelspec: { name: "python3" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const text = JSON.stringify(nb, null, 1) + "\n";
    const lines = locateCells(text);
    const cell: Pick<NotebookCell, "index" | "id"> = { index: 1, id: "load" };
    const f = finding("code/pickle-load", {
      kind: "cell",
      path: "nb.ipynb",
      cell: { ...cell, cellType: "code", part: "source" },
      start: { line: 3, column: 7, offset: 0 },
      end: { line: 3, column: 40, offset: 0 },
      jsonLine: lines[1]!.source!,
    });
    const out = finding("code/pickle-load", {
      kind: "cell",
      path: "nb.ipynb",
      cell: { ...cell, cellType: "code", part: "output", outputIndex: 0, mimeType: "text/plain" },
      start: { line: 1, column: 1, offset: 0 },
      end: { line: 1, column: 7, offset: 0 },
      jsonLine: lines[1]!.outputs[0]!,
    });
    const log = toSarif(buildReport(sampleInput({ findings: [f, out] })), RULES);
    const jsonLines = text.split("\n");
    const [srcLine, outLine] = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation!.region!.startLine);
    expect(jsonLines[srcLine! - 1]).toContain("clf = pickle.load(open('m.pkl', 'rb'))");
    // The output object starts here; its text follows within a few lines.
    expect(jsonLines[outLine! - 1]!.trim()).toBe("{");
    expect(jsonLines.slice(outLine! - 1, outLine! + 5).join("\n")).toContain("loaded");
  });
});

describe("attacker-controlled strings", () => {
  it("stay data: SARIF is JSON, every string is JSON-escaped and paths are percent-encoded", () => {
    const log = toSarif(hostileReport(), RULES);
    const text = formatSarif(hostileReport(), RULES);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation!.artifactLocation.uri;
    expect(uri).not.toMatch(/[<>"\s]/);
    expect(decodeURIComponent(uri)).toBe(hostileReport().findings[0]!.location.path);
  });
});

describe("size", () => {
  it("writes 5,000 findings quickly", () => {
    const report = manyFindingsReport(5000);
    const t = performance.now();
    const text = formatSarif(report, RULES);
    expect(performance.now() - t).toBeLessThan(10_000);
    expect((JSON.parse(text) as SarifLog).runs[0]!.results).toHaveLength(5000);
  });
});
