import { readFileSync } from "node:fs";
import { docsUrlFor } from "@watchtower/types";
import { describe, expect, it } from "vitest";
import { detector } from "../src/index.js";
import { CALLS, KEYWORD_RULES } from "../src/tables.js";
import { CASES } from "./cases.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ids = detector.meta.rules.map((r) => r.id);

describe("rule metadata", () => {
  it("ids are unique, prefixed with the detector id, and in the case table", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.startsWith(`${detector.meta.id}/`)).toBe(true);
    expect(Object.keys(CASES).sort()).toEqual([...ids].sort());
  });

  it.each(detector.meta.rules.map((r) => [r.id, r] as const))("%s is documented and tested", (id, rule) => {
    expect(readme).toContain(`\n## ${id}\n`);
    expect(rule.docsUrl).toBe(docsUrlFor("detector-code", id));
    expect(rule.description.endsWith(".")).toBe(true);
    expect(rule.title.endsWith(".")).toBe(false);
    expect(rule.category).toBe("code");
    expect(rule.fix.length).toBeGreaterThan(10);
    expect(rule.standards.cwe?.length).toBeGreaterThan(0);
    const cases = CASES[id];
    expect(cases?.positive.length).toBeGreaterThan(0);
    expect(cases?.negative.length).toBeGreaterThan(0);
    expect(cases?.positive.some((c) => c.expect.some((f) => f[0] === id))).toBe(true);
  });

  it("README has a Dependencies section naming every runtime dependency", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(readme).toContain("\n## Dependencies\n");
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      if (name.startsWith("@watchtower/")) continue;
      expect(readme).toContain(`\`${name}\` ${version}`);
    }
  });

  it("tables only name declared rules and say why", () => {
    for (const [, entry] of CALLS) {
      expect(entry.why.length).toBeGreaterThan(5);
      if (entry.check.kind === "always") expect(ids).toContain(entry.check.ruleId);
    }
    for (const rule of KEYWORD_RULES) expect(ids).toContain(rule.ruleId);
  });
});
