// Keeps schemas/examples/valid/report.generated.json equal to what buildReport produces for a fixed input.
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { buildReport } from "../src/index.js";
import { findSchemaDir } from "../src/validate.js";

describe("schemas/examples/valid/report.generated.json", () => {
  it("matches the builder's output", async () => {
    const report = buildReport({
      version: "0.1.0",
      mode: "staged",
      origin: { type: "git-index", location: "/repo" },
      startedAt: new Date("2026-11-23T08:00:00Z"),
      durationMs: 42,
      failOn: "high",
      allowIncomplete: false,
      strictModels: false,
      findings: [],
      files: [{ path: "a.py", fileKind: "code", bytes: 10, ms: 1 }],
      skipped: [{ path: "logo.png", reason: "binary_not_scannable", details: "binary file of no known format" }],
      errors: [],
      incomplete: [],
      notes: [],
      timings: { code: 1, secrets: 1 },
    });
    await expect(JSON.stringify(report, null, 2) + "\n").toMatchFileSnapshot(
      join(findSchemaDir(), "examples", "valid", "report.generated.json"),
    );
  });
});
