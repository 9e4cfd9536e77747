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
import { hdf5GlobalHeapHang, hdf5HangReproducer, hdf5Seeds } from "./seeds/hdf5.js";
import type { Seed } from "./seeds/mutate.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";

const keras = kerasDetector as Detector<object>;
const pickle = pickleDetector as Detector<object>;
let seeds: Seed[] = [];
/** Inputs set aside because they hit the known h5wasm hang (see hdf5GlobalHeapHang). */
let knownHangs = 0;

function setAsideKnownHang(bytes: Uint8Array): boolean {
  if (!hdf5GlobalHeapHang(bytes)) return false;
  knownHangs++;
  return true;
}

afterAll(() => {
  cleanupTemp();
  if (knownHangs > 0) console.log(`[fuzz] hdf5: ${knownHangs} input(s) set aside: known h5wasm global-heap hang`);
});

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
          if (setAsideKnownHang(input.bytes)) return;
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
          if (setAsideKnownHang(input.bytes)) return;
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
        if (setAsideKnownHang(bytes)) continue;
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

  // Opt-in (FUZZ_KNOWN_BUGS=1) until detector-keras guards h5wasm: the bundled bin must finish on the
  // reproducer. Today it never returns (h5wasm loops inside the HDF5 library).
  it.skipIf(process.env["FUZZ_KNOWN_BUGS"] !== "1")(
    "known bug: an .h5 whose global heap free-space object has size 0 must not hang the scan",
    async () => {
      const dir = tempDir("wt-fuzz-h5-");
      writeFileSync(join(dir, "model.h5"), await hdf5HangReproducer());
      const r = spawnSync(process.execPath, [BIN, "--all", dir, "--format", "json"], { encoding: "utf8", timeout: 20_000 });
      expect(r.signal, "the scan was killed after 20 s: it hangs").toBeNull();
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).findings.some((f: { ruleId: string }) => f.ruleId === "models/incomplete")).toBe(true);
    },
    60_000,
  );
});
