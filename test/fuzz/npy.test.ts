// Fuzzing .npy reading (detector-pickle): header versions 1-3, object and structured dtypes, length
// fields, truncation. See tools/fuzz/README.md.
import { detector as pickleDetector } from "@watchtower/detector-pickle";
import type { Detector } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";
import { npySeeds } from "./seeds/zips.js";

const detector = pickleDetector as Detector<object>;

describe("fuzz: npy", () => {
  it("seeds: complete, and the evil ones are found", async () => {
    for (const seed of npySeeds()) {
      const r = await scanBinary(detector, "array.npy", seed.bytes, "numpy");
      expect(r.incompletes, seed.name).toEqual([]);
      expect(r.reports.some((d) => d.ruleId === "pickle/dangerous-global"), seed.name).toBe(/evil|structured/.test(seed.name));
    }
  });

  it(
    "mutated .npy files: no exception, bounded time and memory (detector and Scanner)",
    async () => {
      const seeds = npySeeds();
      const fuzz = new Fuzzer("npy");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: "data/array.npy", bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          await fuzz.run(input.label, input.bytes, async () => {
            await scanBinary(detector, "array.npy", input.bytes, "numpy");
            assertNoBugs(await scanFiles([{ path: "data/array.npy", bytes: input.bytes }]));
          });
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("a cut object array (header or pickle) and a cut header are incomplete or a finding", async () => {
    const fuzz = new Fuzzer("npy truncation");
    const silentCuts: string[] = [];
    for (const seed of npySeeds()) {
      const headerEnd = 10 + (seed.bytes[8]! | (seed.bytes[9]! << 8)) + (seed.bytes[6] === 1 ? 0 : 2);
      const object = /object|evil/.test(seed.name);
      for (const cut of cutPoints(object ? seed.bytes.length : headerEnd)) {
        if (cut < 6) continue; // no magic left: not an .npy file
        const bytes = seed.bytes.subarray(0, cut);
        const r = await fuzz.run(`${seed.name} cut at ${cut}`, bytes, () => scanBinary(detector, "array.npy", bytes, "numpy"));
        if (silent(r)) silentCuts.push(`${seed.name} cut at ${cut}/${seed.bytes.length}`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });
});
