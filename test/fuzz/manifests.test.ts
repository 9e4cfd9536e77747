// Fuzzing the manifest parsers of detector-dependencies (requirements.txt, pyproject.toml, Pipfile,
// Pipfile.lock, environment.yml, setup.py, setup.cfg) and the licence detector that shares them.
// See tools/fuzz/README.md.
import { detector as dependenciesDetector, licensesDetector } from "@watchtower/detector-dependencies";
import { runDetector, textSource } from "@watchtower/tester";
import type { Detector } from "@watchtower/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { FUZZ_RUNS, Fuzzer, params, timeoutFor } from "./seeds/harness.js";
import { deepManifests, MANIFEST_PATHS, manifestSeeds } from "./seeds/manifests.js";
import { mutatedInputs } from "./seeds/mutate.js";
import { assertNoBugs, scanFiles } from "./seeds/run.js";
import { textDocArb } from "./seeds/text.js";

const dependencies = dependenciesDetector as Detector<object>;
const licenses = licensesDetector as Detector<object>;
const dec = new TextDecoder("utf-8", { fatal: false });
const enc = new TextEncoder();

/** The other manifests of the pretend repository (for `-r` includes). */
const files = Object.fromEntries(manifestSeeds().map((s) => [s.path, dec.decode(s.bytes)]));

async function scanManifest(path: string, text: string): Promise<void> {
  await runDetector(dependencies, textSource(path, text), { files });
  await runDetector(licenses, textSource(path, text), { files });
}

describe("fuzz: manifests", () => {
  it("seeds: every kind parses completely and finds what it should", async () => {
    for (const seed of manifestSeeds()) {
      const r = await runDetector(dependencies, textSource(seed.path, dec.decode(seed.bytes)), { files });
      expect(r.incompletes, seed.name).toEqual([]);
      if (seed.name !== "requirements-include") expect(r.reports.length, seed.name).toBeGreaterThan(0);
    }
  });

  it(
    "mutated manifests under every manifest name: no exception, bounded time and memory",
    async () => {
      const seeds = manifestSeeds();
      const fuzz = new Fuzzer("manifests");
      await fuzz.warm(seeds.map((s) => () => scanManifest(s.path, dec.decode(s.bytes))));
      const inputs = fc.oneof(
        { weight: 4, arbitrary: mutatedInputs(seeds).map((i) => ({ label: i.label, text: dec.decode(i.bytes) })) },
        { weight: 1, arbitrary: textDocArb.map((text) => ({ label: `token soup ${text.length} chars`, text })) },
      );
      await fc.assert(
        fc.asyncProperty(inputs, fc.constantFrom(...MANIFEST_PATHS), async (input, path) => {
          await fuzz.run(`${path} ${input.label}`, input.text, () => scanManifest(path, input.text));
        }),
        params(),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it(
    "mutated manifests through the full Scanner: no internal error or detector failure",
    async () => {
      const seeds = manifestSeeds();
      const fuzz = new Fuzzer("manifests (Scanner)");
      await fuzz.warm([() => scanFiles(seeds.map((s) => ({ path: s.path === "base.txt" ? "requirements/base.txt" : s.path, bytes: s.bytes })))]);
      await fc.assert(
        fc.asyncProperty(mutatedInputs(seeds), fc.constantFrom(...MANIFEST_PATHS), async (input, path) => {
          assertNoBugs(await fuzz.run(`${path} ${input.label}`, input.bytes, () => scanFiles([{ path, bytes: input.bytes }])));
        }),
        params(Math.max(20, Math.floor(FUZZ_RUNS / 4))),
      );
      fuzz.finish();
    },
    timeoutFor(),
  );

  it("deep nesting (100 000 levels) and long lines in every manifest syntax end in time", async () => {
    const fuzz = new Fuzzer("manifests nesting");
    for (const depth of [100, 100_000]) {
      for (const { path, text } of deepManifests(depth)) {
        const label = `${path} nested ${depth}: ${JSON.stringify(text.slice(0, 40))}`;
        // One bound per detector: each parses the file on its own.
        await fuzz.run(`${label} (dependencies)`, text, () => runDetector(dependencies, textSource(path, text), { files }));
        await fuzz.run(`${label} (licenses)`, text, () => runDetector(licenses, textSource(path, text), { files }));
        if (depth === 100) assertNoBugs(await scanFiles([{ path, bytes: enc.encode(text) }]));
      }
    }
    const long = `torch==1.0 ; ${"python_version >= '3' and ".repeat(40_000)}os_name == 'nt'\n${"x".repeat(1_000_000)}==1\n`;
    await fuzz.run("requirements.txt with 1 MB lines", long, () => scanManifest("requirements.txt", long));
    fuzz.finish();
  });
});
