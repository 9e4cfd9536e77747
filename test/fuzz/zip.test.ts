// Fuzzing zip reading: @watchtower/containers readZip itself, and the pickle and Keras detectors on
// mutated PyTorch archives, .npz files and quirky archives. See tools/fuzz/README.md.
import { ContainerError, readZip } from "@watchtower/containers";
import { writeZip } from "@watchtower/containers/testing";
import { detector as kerasDetector } from "@watchtower/detector-keras";
import { detector as pickleDetector } from "@watchtower/detector-pickle";
import type { Detector } from "@watchtower/types";
import { DEFAULT_LIMITS } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { evilPickle, torchZip } from "./seeds/pickles.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";
import { zipSeeds } from "./seeds/zips.js";

const pickle = pickleDetector as Detector<object>;
const keras = kerasDetector as Detector<object>;

/** Reads every member fully and by prefix; only ContainerError may come out of data(). */
function readAll(bytes: Uint8Array): { entries: number; problems: number } {
  const { entries, problems } = readZip(bytes, DEFAULT_LIMITS);
  for (const e of entries) {
    for (const options of [{ maxBytes: 64 }, undefined]) {
      try {
        e.data(options);
      } catch (error) {
        if (!(error instanceof ContainerError)) throw error;
      }
    }
  }
  return { entries: entries.length, problems: problems.length };
}

describe("fuzz: zip", () => {
  it("seeds read cleanly and the detectors agree with them", async () => {
    for (const seed of zipSeeds()) {
      const { problems } = readZip(seed.bytes, DEFAULT_LIMITS);
      expect(problems, seed.name).toEqual([]);
      const r = await scanBinary(pickle, "model.pt", seed.bytes, "zip");
      expect(r.incompletes, seed.name).toEqual([]);
      // The quirky seed starts with a shell stub: torch.load and np.load do not read such a file as a zip.
      expect(r.reports.some((d) => d.ruleId === "pickle/dangerous-global"), seed.name).toBe(/evil/.test(seed.name));
    }
  });

  it(
    "readZip never throws and data() throws only ContainerError",
    async () => {
      const seeds = zipSeeds();
      const fuzz = new Fuzzer("zip (readZip)");
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          await fuzz.run(input.label, input.bytes, () => readAll(input.bytes));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "pickle and Keras detectors on mutated archives: no exception, bounded time and memory",
    async () => {
      const seeds = zipSeeds();
      const fuzz = new Fuzzer("zip (pickle + keras detectors)");
      await fuzz.warm(seeds.map((s) => () => Promise.all([scanBinary(pickle, "model.pt", s.bytes, "zip"), scanBinary(keras, "model.keras", s.bytes, "zip")])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom("model.pt", "model.keras", "arrays.npz"), async (input, path) => {
          await fuzz.run(`${path} ${input.label}`, input.bytes, async () => {
            await scanBinary(pickle, path, input.bytes, "zip");
            await scanBinary(keras, path, input.bytes, "zip");
          });
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated archives through the full Scanner: no internal error or detector failure",
    async () => {
      const seeds = zipSeeds();
      const fuzz = new Fuzzer("zip (Scanner)");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: "models/model.pt", bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          assertNoBugs(await fuzz.run(input.label, input.bytes, () => scanFiles([{ path: "models/model.pt", bytes: input.bytes }])));
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("a torch archive cut inside a local header or the data.pkl member is incomplete or a finding", async () => {
    const fuzz = new Fuzzer("zip truncation");
    const silentCuts: string[] = [];
    for (const [name, bytes] of [
      ["torch-zip", torchZip()],
      ["torch-zip-deflate", torchZip({ dataPklEntry: { method: 8 } })],
      ["torch-zip-evil", torchZip({ dataPkl: evilPickle(2) })],
    ] as const) {
      const first = readZip(bytes, DEFAULT_LIMITS).entries.find((e) => e.name.endsWith("data.pkl"))!;
      const end = first.dataOffset + first.compressedSize;
      for (const cut of cutPoints(end, 400)) {
        if (cut < 4) continue; // fewer bytes than the signature: not a zip any more
        const part = bytes.subarray(0, cut);
        const r = await fuzz.run(`${name} cut at ${cut}`, part, () => scanBinary(pickle, "model.pt", part, "zip"));
        if (silent(r)) silentCuts.push(`${name} cut at ${cut} (data.pkl data ${first.dataOffset}..${end})`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });

  it("zips nested 100 deep stop at maxNestingDepth and say so", async () => {
    let bytes = torchZip({ dataPkl: evilPickle(2) });
    for (let i = 0; i < 100; i++) bytes = writeZip([{ name: `level${i}.zip`, data: bytes }]);
    const fuzz = new Fuzzer("zip nesting");
    const r = await fuzz.run("100 nested zips", bytes, () => scanBinary(pickle, "model.zip", bytes, "zip"));
    fuzz.finish();
    expect(r.incompletes.map((i) => i.details).join("\n")).toMatch(/nested deeper than 64/);
  });
});
