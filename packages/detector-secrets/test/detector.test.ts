import { atLeast } from "@watchtower/types";
import { describe, expect, test } from "vitest";
import { CASES } from "./cases.js";
import { scan } from "./scan.js";

describe.each(["ng", "ok"] as const)("%s cases", (kind) => {
  const cases = CASES.filter((c) => c.kind === kind);
  test.each(cases.map((c) => [`${c.family}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    const { input, expect: expected } = c.build();
    const found = await scan(input);
    if (kind === "ok") {
      expect(found.filter((f) => atLeast(f.severity, "medium")).map((f) => `${f.rule} ${f.severity} ${f.secret}`)).toEqual([]);
      return;
    }
    const key = (x: { rule: string; severity: string; secret: string }) => `${x.rule} ${x.severity} ${x.secret}`;
    expect(found.map(key).sort()).toEqual(expected.map(key).sort());
    for (const f of found) {
      // the reported span is exactly the credential, and the message never carries it
      expect(f.raw).toBe(f.secret);
      expect(f.message).not.toContain(f.secret);
    }
  });
});
