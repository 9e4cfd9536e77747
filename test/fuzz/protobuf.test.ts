// Fuzzing the protobuf parsers (detector-tensorflow: SavedModel, GraphDef, keras_metadata.pb) with
// mutated messages, huge varints, cuts inside fields and deep nesting. See tools/fuzz/README.md.
import { detector as tensorflowDetector } from "@watchtower/detector-tensorflow";
import type { Detector } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { nestedMessage, tensorflowSeeds, topLevelFields } from "./seeds/protobuf.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";

const detector = tensorflowDetector as Detector<object>;
const PATHS = ["model/saved_model.pb", "frozen_graph.pb", "model/keras_metadata.pb", "model.ckpt.meta"] as const;

describe("fuzz: protobuf (TensorFlow)", () => {
  it("seeds: complete, and the evil ones are found at high or above", async () => {
    for (const seed of tensorflowSeeds()) {
      const r = await scanBinary(detector, seed.path, seed.bytes, "protobuf");
      expect(r.incompletes, seed.name).toEqual([]);
      expect(r.reports.some((d) => d.severity === "high" || d.severity === "critical" || d.ruleId === "tensorflow/keras-metadata-lambda"), seed.name).toBe(
        /evil/.test(seed.name),
      );
    }
  });

  it(
    "mutated protobufs under every TensorFlow file name: no exception, bounded time and memory",
    async () => {
      const seeds = tensorflowSeeds();
      const fuzz = new Fuzzer("protobuf (tensorflow)");
      await fuzz.warm(seeds.map((s) => () => scanBinary(detector, s.path, s.bytes, "protobuf")));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom(...PATHS), async (input, path) => {
          await fuzz.run(`${path} ${input.label}`, input.bytes, () => scanBinary(detector, path, input.bytes, "protobuf"));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated protobufs through the full Scanner: no internal error or detector failure",
    async () => {
      const seeds = tensorflowSeeds();
      const fuzz = new Fuzzer("protobuf (Scanner)");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: s.path, bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom(...PATHS), async (input, path) => {
          assertNoBugs(await fuzz.run(`${path} ${input.label}`, input.bytes, () => scanFiles([{ path, bytes: input.bytes }])));
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("a message cut inside a top-level field is incomplete or a finding", async () => {
    const fuzz = new Fuzzer("protobuf truncation");
    const silentCuts: string[] = [];
    for (const seed of tensorflowSeeds()) {
      const fields = topLevelFields(seed.bytes);
      expect(fields.at(-1)?.end, seed.name).toBe(seed.bytes.length);
      for (const cut of cutPoints(seed.bytes.length)) {
        // Inside a field's payload (a cut at a field boundary is a shorter valid message).
        if (!fields.some((f) => cut > f.start && cut < f.end)) continue;
        const bytes = seed.bytes.subarray(0, cut);
        const r = await fuzz.run(`${seed.name} cut at ${cut}`, bytes, () => scanBinary(detector, seed.path, bytes, "protobuf"));
        if (silent(r)) silentCuts.push(`${seed.name} cut at ${cut}/${seed.bytes.length}`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });

  it("messages nested 10 000 and 100 000 deep (AttrValue.func → NameAttrList.attr) end in time and are not silent", async () => {
    const fuzz = new Fuzzer("protobuf nesting");
    for (const depth of [10, 64, 10_000, 100_000]) {
      // GraphDef.node → NodeDef.attr{value} → (AttrValue.func → NameAttrList.attr{value})*
      const bytes = nestedMessage(depth, [10, 2, 2], [1, 5, 2]);
      const r = await fuzz.run(`GraphDef nested ${depth}`, bytes, () => scanBinary(detector, "frozen_graph.pb", bytes, "protobuf"));
      if (depth >= 64) expect(silent(r), `depth ${depth}`).toBe(false);
      const plain = nestedMessage(depth);
      await fuzz.run(`field 1 nested ${depth}`, plain, () => scanBinary(detector, "model/saved_model.pb", plain, "protobuf"));
    }
    fuzz.finish();
  });
});
