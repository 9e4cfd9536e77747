// Meta-tests over every rule of every detector: unique ids of the right shape, a README section per
// rule that the docs URL points at, a complete standards mapping, and preset routing that matches
// what each detector says it accepts.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { CORE_RULES } from "@watchtower/core";
import { loadAllDetectors, recommendedDetectors } from "@watchtower/preset-recommended";
import { DOCS_BASE } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { PROJECT_ROOT } from "./helpers/repo.js";

const detectors = await loadAllDetectors();
const rules = [...CORE_RULES, ...detectors.flatMap((d) => d.meta.rules)];

describe("rules", () => {
  it("have unique ids of the form <detector>/<kebab-case>", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  for (const d of detectors) {
    it(`${d.meta.id}: every rule id starts with the detector id`, () => {
      for (const r of d.meta.rules) expect(r.id.startsWith(`${d.meta.id}/`)).toBe(true);
    });
  }

  for (const rule of rules) {
    it(`${rule.id} has a README section, a description sentence, a fix and a standards mapping`, () => {
      expect(rule.docsUrl.startsWith(DOCS_BASE)).toBe(true);
      const [file, anchor] = rule.docsUrl.slice(DOCS_BASE.length + 1).split("#");
      const readme = readFileSync(join(PROJECT_ROOT, "packages", file!), "utf8");
      const headings = [...readme.matchAll(/^##+ (.+)$/gm)].map((m) =>
        m[1]!.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-"),
      );
      expect(headings).toContain(anchor);
      expect(rule.description).toMatch(/\.$/);
      expect(rule.fix.length).toBeGreaterThan(10);
      // A security weakness maps to a CWE; policy rules (licences) at least to a framework function.
      const mapped = Object.values(rule.standards).reduce((n, list) => n + (list?.length ?? 0), 0);
      expect(mapped).toBeGreaterThan(0);
      if (rule.category !== "licenses") expect(rule.standards.cwe?.length ?? 0).toBeGreaterThan(0);
    });
  }

  it("every detector is in the preset and routed as it declares", () => {
    expect(recommendedDetectors.map((e) => e.id).sort()).toEqual(detectors.map((d) => d.meta.id).sort());
    for (const d of detectors) {
      const entry = recommendedDetectors.find((e) => e.id === d.meta.id)!;
      for (const format of d.meta.formats ?? []) {
        expect(entry.wants({ path: "x", kind: "binary", format, fileKind: "model" }), `${d.meta.id} ${format}`).toBe(true);
      }
      for (const kind of d.meta.accepts.filter((k) => k === "notebook")) {
        expect(entry.wants({ path: "x.ipynb", kind, fileKind: "notebook" })).toBe(true);
      }
    }
  });
});
