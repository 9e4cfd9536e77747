import { readFileSync } from "node:fs";

import { docsUrlFor } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { detector } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const index = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");

describe("rule metadata", () => {
  it("ids are unique, namespaced and documented in the README", () => {
    const ids = detector.meta.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of detector.meta.rules) {
      expect(r.id.startsWith("keras/")).toBe(true);
      expect(readme).toContain(`\n## ${r.id}\n`);
      expect(r.docsUrl).toBe(docsUrlFor("detector-keras", r.id));
      expect(r.description.endsWith(".")).toBe(true);
      expect(r.title.endsWith(".")).toBe(false);
      expect(r.category).toBe("models");
    }
    expect(readme).toContain("\n## Dependencies\n");
  });

  it("accepts binary hdf5 and zip sources only", () => {
    expect(detector.meta.accepts).toEqual(["binary"]);
    expect(detector.meta.formats).toEqual(["hdf5", "zip"]);
  });

  it("keeps module top level cheap: index.ts statically imports only the rule metadata", () => {
    const staticImports = [...index.matchAll(/^import (?!type)[^;]*? from "([^"]+)";/gm)].map((m) => m[1]);
    expect(staticImports).toEqual(["./rules.js"]);
    expect(index).toContain('await import("./scan.js")');
  });
});
