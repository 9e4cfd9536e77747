/** Consistency of rule metadata, README and the generated name table. */
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { detector } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("rule metadata", () => {
  it("has unique pii/ ids, a README section per rule and one-sentence descriptions", () => {
    const ids = detector.meta.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(10);
    for (const r of detector.meta.rules) {
      expect(r.id.startsWith("pii/")).toBe(true);
      expect(readme).toContain(`\n## ${r.id}\n`);
      expect(r.docsUrl.endsWith(`#${r.id.replace("/", "")}`)).toBe(true);
      expect(r.description.endsWith(".")).toBe(true);
      expect(r.category).toBe("pii");
      expect(r.standards.cwe?.length).toBeGreaterThan(0);
    }
    expect(readme).toContain("\n## Dependencies\n");
  });

  it("uses the severities of DETECTION-POLICY.md", () => {
    const sev = Object.fromEntries(detector.meta.rules.map((r) => [r.id, r.defaultSeverity]));
    expect(sev).toEqual({
      "pii/credit-card": "high",
      "pii/date-of-birth": "low",
      "pii/email": "low",
      "pii/iban": "medium",
      "pii/ip-address": "low",
      "pii/passport-number": "medium",
      "pii/person-name": "low",
      "pii/phone": "low",
      "pii/street-address": "low",
      "pii/us-ssn": "high",
    });
  });

  it("declares every dependency it imports in package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
    for (const dep of ["libphonenumber-js", "ibantools", "card-validator", "ipaddr.js", "htmlparser2", "entities", "tlds"]) {
      expect(pkg.dependencies[dep], dep).toMatch(/^\d+\.\d+\.\d+$/);
      expect(readme).toContain(`\`${dep}\``);
    }
  });
});

describe("generated person-name table", () => {
  it("matches the lexicon of the installed compromise", async () => {
    // @ts-expect-error -- plain .mjs script without types
    const { renderNameTables } = (await import("../scripts/gen-person-names.mjs")) as { renderNameTables: () => string };
    const current = readFileSync(new URL("../src/generated/person-names.ts", import.meta.url), "utf8");
    expect(current).toBe(renderNameTables());
  }, 30_000);
});
