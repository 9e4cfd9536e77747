// Fuzzing detector-weights: safetensors headers, GGUF metadata, ONNX protobufs (subgraphs, deep
// nesting) and TFLite FlatBuffers, plus unrecognised files named like models. See tools/fuzz/README.md.
import { detector as weightsDetector } from "@watchtower/detector-weights";
import type { Detector } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { cutPoints, mutatedInputs } from "./seeds/mutate.js";
import { nestedMessage, topLevelFields } from "./seeds/protobuf.js";
import { assertNoBugs, scanBinary, scanFiles, silent } from "./seeds/run.js";
import type { FormatSeed } from "./seeds/weights.js";
import { ggufSeeds, onnxSeeds, safetensorsSeeds, tfliteSeeds, weightSeeds } from "./seeds/weights.js";

const detector = weightsDetector as Detector<object>;

const FAMILIES: [string, () => FormatSeed[]][] = [
  ["safetensors", safetensorsSeeds],
  ["gguf", ggufSeeds],
  ["onnx", onnxSeeds],
  ["tflite", tfliteSeeds],
];

describe("fuzz: weight formats", () => {
  it("seeds: complete, and the evil ones are found at medium or above", async () => {
    for (const seed of weightSeeds()) {
      const r = await scanBinary(detector, seed.path, seed.bytes, seed.format);
      expect(r.incompletes, seed.name).toEqual([]);
      const serious = r.reports.filter((d) => ["medium", "high", "critical"].includes(d.severity ?? "medium"));
      expect(serious.length > 0, `${seed.name}: ${JSON.stringify(r.reports.map((d) => d.ruleId))}`).toBe(/evil|custom/.test(seed.name));
    }
  });

  for (const [family, seedsOf] of FAMILIES) {
    it(
      `mutated ${family} files: no exception, bounded time and memory (declared, sniffed and unknown format)`,
      async () => {
        const seeds = seedsOf();
        const fuzz = new Fuzzer(family);
        await fuzz.warm(seeds.map((s) => () => scanBinary(detector, s.path, s.bytes, s.format)));
        const first = seeds[0]!;
        await fc.assert(
          fc.asyncProperty(mutatedInputs(seeds), fc.boolean(), async (input, unknown) => {
            // `unknown`: what the runner passes when sniffing failed for a file named like a model.
            await fuzz.run(`${unknown ? "unknown " : ""}${input.label}`, input.bytes, () =>
              scanBinary(detector, first.path, input.bytes, unknown ? "unknown" : first.format),
            );
          }),
          params(),
        );
        fuzz.finish();
      },
      timeoutFor(),
    );
  }

  it(
    "mutated weight files through the full Scanner: no internal error or detector failure",
    async () => {
      const seeds = weightSeeds();
      const fuzz = new Fuzzer("weights (Scanner)");
      await fuzz.warm(seeds.map((s) => () => scanFiles([{ path: s.path, bytes: s.bytes }])));
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom("model.safetensors", "model.gguf", "model.onnx", "model.tflite", "pytorch_model.bin"), async (input, path) => {
          assertNoBugs(await fuzz.run(`${path} ${input.label}`, input.bytes, () => scanFiles([{ path, bytes: input.bytes }])));
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("truncated safetensors, GGUF and TFLite files and ONNX cut inside a field are incomplete or a finding", async () => {
    const fuzz = new Fuzzer("weights truncation");
    const silentCuts: string[] = [];
    for (const seed of weightSeeds()) {
      const fields = seed.format === "onnx" ? topLevelFields(seed.bytes) : undefined;
      for (const cut of cutPoints(seed.bytes.length, 150)) {
        if (cut < 8) continue; // shorter than any magic or length prefix
        if (fields && !fields.some((f) => cut > f.start && cut < f.end)) continue;
        if (seed.validCuts?.includes(cut)) continue;
        const bytes = seed.bytes.subarray(0, cut);
        const r = await fuzz.run(`${seed.name} cut at ${cut}`, bytes, () => scanBinary(detector, seed.path, bytes, seed.format));
        if (silent(r)) silentCuts.push(`${seed.name} cut at ${cut}/${seed.bytes.length}`);
      }
    }
    fuzz.finish();
    expect(silentCuts).toEqual([]);
  });

  it("ONNX graphs nested 100 000 deep (Node.attribute.g) and huge safetensors headers end in time", async () => {
    const fuzz = new Fuzzer("weights nesting");
    for (const depth of [10, 1000, 100_000]) {
      // ModelProto.graph → (GraphProto.node → NodeProto.attribute → AttributeProto.g)*
      const bytes = nestedMessage(depth, [1, 5, 6], [7]);
      const r = await fuzz.run(`ONNX nested ${depth}`, bytes, () => scanBinary(detector, "model.onnx", bytes, "onnx"));
      if (depth >= 1000) expect(silent(r), `depth ${depth}`).toBe(false);
    }
    // A safetensors header of deeply nested JSON arrays in the metadata.
    const depth = 100_000;
    const header = new TextEncoder().encode(`{"__metadata__":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}`);
    const st = new Uint8Array(8 + header.length);
    new DataView(st.buffer).setBigUint64(0, BigInt(header.length), true);
    st.set(header, 8);
    const r = await fuzz.run("safetensors metadata nested 100 000 deep", st, () => scanBinary(detector, "model.safetensors", st, "safetensors"));
    expect(silent(r)).toBe(false);
    fuzz.finish();
  });
});
