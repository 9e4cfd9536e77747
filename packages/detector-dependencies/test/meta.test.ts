import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docsUrlFor } from "@watchtower/types";
import { detector, licensesDetector } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const sections = [...readme.matchAll(/^## ([a-z]+\/[a-z-]+)$/gm)].map((m) => m[1]);

describe.each([detector, licensesDetector])("$meta.id rules", (d) => {
  it.each(d.meta.rules.map((r) => [r.id, r] as const))("%s is documented and well-formed", (id, rule) => {
    expect(id.startsWith(`${d.meta.id}/`)).toBe(true);
    expect(sections).toContain(id);
    expect(rule.docsUrl).toBe(docsUrlFor("detector-dependencies", id));
    expect(rule.description.endsWith(".")).toBe(true);
    expect(rule.title.endsWith(".")).toBe(false);
    expect(rule.since).toBe("0.1.0");
  });
});

it("documents no rule the detectors do not declare", () => {
  const declared = [...detector.meta.rules, ...licensesDetector.meta.rules].map((r) => r.id);
  expect(sections.sort()).toEqual([...declared].sort());
});
