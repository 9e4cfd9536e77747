// Fuzzing the HDF5 entry points (detector-keras with h5wasm): mutated Keras .h5 files, weights files,
// pickles in attributes, superblock length fields, truncation. See tools/fuzz/README.md.
import { detector as kerasDetector } from "@watchtower/detector-keras";
import { detector as pickleDetector } from "@watchtower/detector-pickle";
import type { Detector } from "@watchtower/types";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BIN, cleanupTemp, tempDir } from "../helpers/repo.js";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { hdf5HangReproducer, hdf5Seeds } from "./seeds/hdf5.js";
import type { Seed } from "./seeds/mutate.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";

const keras = kerasDetector as Detector<object>;
const pickle = pickleDetector as Detector<object>;
let seeds: Seed[] = [];
afterAll(cleanupTemp);

beforeAll(async () => {
  seeds = await hdf5Seeds();
});

describe("fuzz: HDF5", () => {
  it("seeds: complete, and the evil ones are found", async () => {
    for (const seed of seeds) {
      const r = await scanBinary(keras, "model.h5", seed.bytes, "hdf5");
      expect(r.incompletes, seed.name).toEqual([]);
      expect(r.reports.some((d) => d.severity === "critical"), seed.name).toBe(/evil/.test(seed.name));
    }
  });

  it(
    "mutated .h5 files: no exception, bounded time and memory (wasm heap included in RSS)",
    async () => {
      const fuzz = new Fuzzer("hdf5");
      await fuzz.warm(seeds.map((s) => () => scanBinary(keras, "model.h5", s.bytes, "hdf5")));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          await fuzz.run(input.label, input.bytes, () => scanBinary(keras, "model.h5", input.bytes, "hdf5"));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated .h5 files through the full Scanner: no internal error or detector failure",
    async () => {
      const fuzz = new Fuzzer("hdf5 (Scanner)");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: "models/model.h5", bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          assertNoBugs(await fuzz.run(input.label, input.bytes, () => scanFiles([{ path: "models/model.h5", bytes: input.bytes }])));
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("every truncation of a Keras .h5 file is incomplete or a finding", async () => {
    const fuzz = new Fuzzer("hdf5 truncation");
    const silentCuts: string[] = [];
    for (const seed of seeds) {
      for (const cut of cutPoints(seed.bytes.length, 60)) {
        if (cut < 8) continue; // no HDF5 signature left
        const bytes = seed.bytes.subarray(0, cut);
        const r = await fuzz.run(`${seed.name} cut at ${cut}`, bytes, () => scanBinary(keras, "model.h5", bytes, "hdf5"));
        if (silent(r)) silentCuts.push(`${seed.name} cut at ${cut}/${seed.bytes.length}`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });

  it("HDF5 bytes given to the pickle detector (zip members, .bin names) do not throw", async () => {
    const fuzz = new Fuzzer("hdf5 (pickle detector)");
    await fc.assert(
      fc.asyncProperty(mutatedInputs(seeds), async (input) => {
        await fuzz.run(input.label, input.bytes, () => scanBinary(pickle, "pytorch_model.bin", input.bytes, "unknown"));
      }),
      params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
    );
    fuzz.finish();
  });

  // Found by this suite: h5wasm's HDF5 library loops forever on a global heap whose free-space object
  // has size 0. detector-keras now checks global heaps before reading variable-length data.
  it(
    "a global heap whose free-space object has size 0 is incomplete, in process and in the bundled bin",
    async () => {
      const bytes = await hdf5HangReproducer();
      const fuzz = new Fuzzer("hdf5 hang reproducer");
      const r = await fuzz.run("free-space object of size 0", bytes, () => scanBinary(keras, "model.h5", bytes, "hdf5"));
      fuzz.finish();
      expect(r.incompletes.map((i) => i.details).join("\n")).toMatch(/global heap/);
      const dir = tempDir("wt-fuzz-h5-");
      writeFileSync(join(dir, "model.h5"), bytes);
      const bin = spawnSync(process.execPath, [BIN, "--all", dir, "--format", "json"], { encoding: "utf8", timeout: 20_000 });
      expect(bin.signal, "the scan was killed after 20 s: it hangs").toBeNull();
      expect(bin.status).toBe(1);
      expect(JSON.parse(bin.stdout).findings.some((f: { ruleId: string }) => f.ruleId === "models/incomplete")).toBe(true);
    },
    60_000,
  );
});
