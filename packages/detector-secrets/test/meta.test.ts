/**
 * Consistency of the tables: every rule has a README section, an ng fixture and sane metadata;
 * every table entry reports a declared rule and uses lower-case keywords; every family has a
 * hard-negative case.
 */
import { readFileSync } from "node:fs";
import { docsUrlFor } from "@watchtower/types";
import { describe, expect, test } from "vitest";
import { ENTRIES } from "../src/engine.js";
import { detector } from "../src/index.js";
import { CASES } from "./cases.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const rules = detector.meta.rules;

describe("rule metadata", () => {
  test("ids are unique, prefixed and kebab-case", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^secrets\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
  test.each(rules.map((r) => [r.id, r] as const))("%s: README section, docs URL, description, standards", (id, r) => {
    expect(README).toContain(`\n## ${id}\n`);
    expect(r.docsUrl).toBe(docsUrlFor("detector-secrets", id));
    expect(r.description).toMatch(/\.$/);
    expect(r.category).toBe("secrets");
    expect(r.standards.cwe).toContain("CWE-798");
    expect(r.standards.mitreAtlas).toContain("AML.T0055");
    expect(r.fix.length).toBeGreaterThan(20);
  });
});

describe("fixtures", () => {
  const expectedRules = new Set<string>();
  for (const c of CASES.filter((x) => x.kind === "ng")) for (const e of c.build().expect) expectedRules.add(e.rule);
  test.each(rules.map((r) => [r.id] as const))("%s has an ng case", (id) => {
    expect(expectedRules.has(id)).toBe(true);
  });
  test("every family has an ng and an ok (hard negative) case", () => {
    const families = new Set(CASES.map((c) => c.family));
    for (const f of families) {
      expect(CASES.some((c) => c.family === f && c.kind === "ng"), `${f} ng`).toBe(true);
      expect(CASES.some((c) => c.family === f && c.kind === "ok"), `${f} ok`).toBe(true);
    }
  });
});

describe("tables", () => {
  const declared = new Set(rules.map((r) => r.id));
  test("pattern entries report declared rules, with global regexes and lower-case keywords", () => {
    for (const e of ENTRIES) {
      for (const k of e.keywords) expect(k).toBe(k.toLowerCase());
      expect(e.keywords.length).toBeGreaterThan(0);
      if (e.kind !== "pattern") continue;
      expect(declared.has(e.rule), e.rule).toBe(true);
      expect(e.pattern.global, e.pattern.source).toBe(true);
      expect(e.why).toMatch(/\.$/);
    }
  });
  test("a pattern's secret group, when present, ends the match", () => {
    for (const e of ENTRIES) {
      if (e.kind !== "pattern") continue;
      const src = e.pattern.source;
      const at = src.indexOf("(?<secret>");
      if (at === -1) continue;
      // walk to the end of the named group, then only lookarounds may follow
      let depth = 0;
      let i = at;
      for (; i < src.length; i++) {
        if (src[i] === "\\") {
          i++;
          continue;
        }
        if (src[i] === "[") {
          while (i < src.length && src[i] !== "]") i += src[i] === "\\" ? 2 : 1;
          continue;
        }
        if (src[i] === "(") depth++;
        if (src[i] === ")" && --depth === 0) break;
      }
      const rest = src.slice(i + 1);
      expect(rest, src).toMatch(/^(?:\(\?<?[!=](?:[^()]|\([^()]*\))*\))*$/);
    }
  });
});
