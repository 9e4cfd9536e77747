import { describe, expect, it } from "vitest";

import { buildCompactDb } from "../src/index.js";
import { severityFromText } from "../src/text-severity.js";

describe("severity estimated from advisory text (records without CVSS or label)", () => {
  it.each([
    ["An issue was discovered in Django 1.11.x before 1.11.23: SQL injection via key and index lookups", "critical"],
    ["allows remote attackers to execute arbitrary code via a crafted serialized object", "critical"],
    ["PyYAML before 5.4 is susceptible to arbitrary code execution because it processes untrusted YAML", "critical"],
    ["Server-side template injection in the chat template renderer", "critical"],
    ["A regular expression denial of service (ReDoS) in the URL parser", "high"],
    ["Directory traversal in send_file allows reading arbitrary files", "high"],
    ["Heap buffer overflow in the XLA compiler", "high"],
    ["Cross-site scripting in the admin page", undefined],
    ["Improper input validation in the session cookie parser", undefined],
  ])("%s → %s", (text, expected) => {
    expect(severityFromText(text)).toBe(expected);
  });

  it("is used only when no record of the vulnerability has a vector or a label, and is marked", () => {
    const rec = (id: string, extra: object) => ({
      id,
      modified: "2024-01-01T00:00:00Z",
      summary: "SQL injection in the ORM",
      affected: [{ package: { ecosystem: "PyPI", name: "demo" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0" }] }] }],
      ...extra,
    });
    const estimated = buildCompactDb([rec("PYSEC-2024-1", {})], { sources: [] }).db.vulns["demo"]![0]!;
    expect(estimated).toMatchObject({ severity: "critical", severityBasis: "text" });
    const labelled = buildCompactDb([rec("PYSEC-2024-1", { aliases: ["GHSA-aaaa-bbbb-cccc"] }), rec("GHSA-aaaa-bbbb-cccc", { aliases: ["PYSEC-2024-1"], database_specific: { severity: "MODERATE" } })], {
      sources: [],
    }).db.vulns["demo"]![0]!;
    expect(labelled.severity).toBe("medium");
    expect(labelled.severityBasis).toBeUndefined();
  });
});
