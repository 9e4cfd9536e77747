/**
 * Benchmark (not a test): time to scan a ~100 MB benign Keras `.h5` (a tf.keras 2.x Conv model
 * config plus 25 float32 weight datasets of 4 MiB, laid out like `model.save("x.h5")` writes them),
 * cold (h5wasm loaded on first use) and warm. The file is built once by a child process and cached
 * in the system temp directory, so the measuring process starts without h5wasm loaded.
 *
 *   npm run bench        (from packages/detector-keras)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { binarySource, runDetector } from "@watchtower/tester";

import { detector } from "../src/index.js";
import type { DatasetSpec } from "../test/fixtures/h5.js";

const TARGET_BYTES = 100 * 1024 * 1024;
const FLOATS = 1024 * 1024; // 4 MiB per dataset

async function build(): Promise<Uint8Array> {
  // Imported lazily so that the measuring process does not load h5wasm through the builder.
  const { buildH5 } = await import("../test/fixtures/h5.js");
  const { k2ConvModel, k2TrainingConfig } = await import("../test/fixtures/keras.js");
  const groups: Record<string, Record<string, { fixedArray: string[] }>> = { model_weights: { layer_names: { fixedArray: [] } } };
  const datasets: Record<string, DatasetSpec> = {};
  const names: string[] = [];
  for (let i = 0, total = 0; total < TARGET_BYTES; i++, total += FLOATS * 4) {
    const layer = `dense_${i}`;
    names.push(layer);
    groups[`model_weights/${layer}`] = { weight_names: { fixedArray: [`${layer}/kernel:0`, `${layer}/bias:0`] } };
    groups[`model_weights/${layer}/${layer}`] = {};
    const w = new Float32Array(FLOATS);
    for (let j = 0; j < w.length; j++) w[j] = Math.sin(j * 0.001 + i) * 0.05;
    datasets[`model_weights/${layer}/${layer}/kernel:0`] = { data: w, shape: [1024, 1024] };
    datasets[`model_weights/${layer}/${layer}/bias:0`] = { data: new Float32Array(1024) };
  }
  groups["model_weights"] = { layer_names: { fixedArray: names } };
  return buildH5({
    attrs: {
      keras_version: { fixed: "2.13.1" },
      backend: { fixed: "tensorflow" },
      model_config: { fixed: JSON.stringify(k2ConvModel()) },
      training_config: { fixed: JSON.stringify(k2TrainingConfig()) },
    },
    groups,
    datasets,
  });
}

const FILE = join(tmpdir(), "wt-bench-keras-100mb.h5");

if (process.argv.includes("--build")) {
  const t0 = performance.now();
  const bytes = await build();
  writeFileSync(FILE, bytes);
  console.log(`built ${(bytes.length / 1024 / 1024).toFixed(1)} MiB .h5 in ${(performance.now() - t0).toFixed(0)} ms`);
} else {
  if (!existsSync(FILE)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--build"], { stdio: "inherit" });
    if (child.status !== 0) throw new Error("build failed");
  }
  const bytes = new Uint8Array(readFileSync(FILE));
  const text = await runDetector(detector, binarySource("train.py", new TextEncoder().encode("print(1)\n"), "unknown"));
  console.log(`non-model file: ${text.reports.length} findings (h5wasm not loaded)`);
  for (const run of ["cold (includes h5wasm load)", "warm", "warm"]) {
    const s = performance.now();
    const r = await runDetector(detector, binarySource("model.h5", bytes, "hdf5"));
    console.log(`scan ${(bytes.length / 1024 / 1024).toFixed(1)} MiB .h5, ${run}: ${(performance.now() - s).toFixed(0)} ms, ${r.reports.length} findings, ${r.incompletes.length} incomplete`);
  }
}
