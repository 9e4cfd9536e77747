// Fuzzing the pickle VM (detector-pickle) with mutated protocol 0-5 pickles, memo and stack tricks,
// stacked streams, deep nesting and random bytes. See tools/fuzz/README.md.
import { detector as pickleDetector } from "@watchtower/detector-pickle";
import type { Detector } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { P, pickleSeeds, singlePickleSeeds } from "./seeds/pickles.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";

const detector = pickleDetector as Detector<object>;

describe("fuzz: pickle VM", () => {
  it("seeds: benign ones are complete and quiet at medium+, attack ones are found", async () => {
    for (const seed of pickleSeeds()) {
      const r = await scanBinary(detector, "model.pkl", seed.bytes, "pickle");
      expect(r.incompletes, seed.name).toEqual([]);
      const found = r.reports.some((d) => d.ruleId === "pickle/dangerous-global");
      expect(found, seed.name).toBe(seed.name.includes("evil") || seed.name.startsWith("stacked"));
    }
  });

  it(
    "mutated pickles: no exception, bounded time and memory (declared and sniffed formats, .pkl and .bin)",
    async () => {
      const seeds = pickleSeeds();
      const fuzz = new Fuzzer("pickle");
      await fuzz.warm(seeds.map((s) => () => scanBinary(detector, "model.pkl", s.bytes, "pickle")));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom("model.pkl", "pytorch_model.bin", "weights.joblib"), async (input, path) => {
          await fuzz.run(`${path} ${input.label}`, input.bytes, () => scanBinary(detector, path, input.bytes, "pickle"));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated pickles through the full Scanner: no internal error or detector failure",
    async () => {
      const seeds = pickleSeeds();
      const fuzz = new Fuzzer("pickle (Scanner)");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: "models/model.pkl", bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), async (input) => {
          const result = await fuzz.run(input.label, input.bytes, () => scanFiles([{ path: "models/model.pkl", bytes: input.bytes }]));
          assertNoBugs(result);
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("every truncation of a single pickle (no STOP) is incomplete or a finding, never silent", async () => {
    const fuzz = new Fuzzer("pickle truncation");
    const silentCuts: string[] = [];
    for (const seed of singlePickleSeeds()) {
      for (const cut of cutPoints(seed.bytes.length)) {
        if (cut === 0) continue; // an empty file is not a pickle
        const bytes = seed.bytes.subarray(0, cut);
        const r = await fuzz.run(`${seed.name} cut at ${cut}`, bytes, () => scanBinary(detector, "model.pkl", bytes, "pickle"));
        if (silent(r)) silentCuts.push(`${seed.name} cut at ${cut}/${seed.bytes.length}`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });

  it("deep nesting and long streams end within the time bound and say so", async () => {
    const fuzz = new Fuzzer("pickle nesting");
    const n = 100_000;
    const marks = new P().proto(2);
    for (let i = 0; i < n; i++) marks.mark();
    const lists = new P().proto(2);
    for (let i = 0; i < n; i++) lists.emptyList();
    for (let i = 0; i < n - 1; i++) lists.append();
    const dicts = new P().proto(4);
    for (let i = 0; i < n; i++) dicts.emptyDict().str("k");
    const tuples = new P().proto(2).none();
    for (let i = 0; i < n; i++) tuples.tuple1();
    const memo = new P().proto(4).none();
    for (let i = 0; i < n; i++) memo.memoize();
    const dups = new P().proto(2).emptyList();
    for (let i = 0; i < n; i++) dups.dup();
    const gets = new P().proto(2).emptyList().binput(0);
    for (let i = 0; i < n; i++) gets.binget(0).append();
    const cases: [string, Uint8Array, boolean][] = [
      ["100k MARK without STOP", marks.toBytes(), true],
      ["100k MARK then STOP", new P().then(marks).stop().toBytes(), false],
      ["100k nested EMPTY_LIST/APPEND", new P().then(lists).stop().toBytes(), false],
      ["100k EMPTY_DICT + key, never closed", new P().then(dicts).stop().toBytes(), false],
      ["100k TUPLE1 around None", new P().then(tuples).stop().toBytes(), false],
      ["100k MEMOIZE", new P().then(memo).stop().toBytes(), false],
      ["100k DUP", new P().then(dups).stop().toBytes(), false],
      ["100k self-appends via BINGET", new P().then(gets).stop().toBytes(), false],
    ];
    for (const [name, bytes, truncated] of cases) {
      const r = await fuzz.run(name, bytes, () => scanBinary(detector, "model.pkl", bytes, "pickle"));
      if (truncated) expect(silent(r), name).toBe(false);
    }
    fuzz.finish();
  });
});
