// Found by the repository fuzz suite (test/fuzz/manifests.test.ts): a conda environment file with one
// line of 150 000 quote characters (75 000 YAML errors) took minutes, because yaml prettified every
// error with a line excerpt. Only the first error is described now.
import { runDetector, textSource } from "@watchtower/tester";
import { describe, expect, it } from "vitest";

import { detector } from "../src/index.js";
import { TEST_DB } from "./helpers.js";

const scan = (text: string) => runDetector(detector, textSource("environment.yml", text), { options: { advisoryDb: TEST_DB } });

describe("conda environment files with many YAML errors", () => {
  it("150 000 quote characters are rejected quickly and the file fails closed", async () => {
    const text = `dependencies:\n  - numpy\n${'"'.repeat(150_000)}\n`;
    const started = performance.now();
    const r = await scan(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.incompletes).toHaveLength(1);
    expect(r.incompletes[0]!.details).toMatch(/at line 3, column 1/);
  });

  it("the first error still says where it is", async () => {
    const r = await scan("dependencies:\n  - numpy\n   - bad: [indent\n");
    expect(r.incompletes.map((i) => i.details)).toEqual([expect.stringMatching(/at line \d+, column \d+/)]);
  });
});
