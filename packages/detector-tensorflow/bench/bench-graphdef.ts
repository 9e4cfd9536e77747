/**
 * Benchmark (not a test): time to scan a ~100 MB benign frozen GraphDef, the shape of a
 * SavedModel-ish graph whose weights are baked into Const tensors.
 *
 *   npm run bench        (from packages/detector-tensorflow)
 */
import { binarySource, runDetector } from "@watchtower/tester";

import { detector } from "../src/index.js";
import { constWeights, encodeGraphDef, graphDef, node } from "../test/fixtures/build.js";
import type { NodeSpec } from "../test/fixtures/build.js";

const TARGET_BYTES = 100 * 1024 * 1024;
const TENSOR_BYTES = 4 * 1024 * 1024;

function buildGraph(): Uint8Array {
  const nodes: NodeSpec[] = [node("input", "Placeholder")];
  let prev = "input";
  let i = 0;
  for (let total = 0; total < TARGET_BYTES; total += TENSOR_BYTES, i++) {
    const w = new Uint8Array(TENSOR_BYTES);
    for (let j = 0; j < w.length; j += 4096) w[j] = j & 0xff;
    nodes.push(constWeights(`layer${i}/kernel`, w, [1024, 1024]));
    nodes.push(node(`layer${i}/MatMul`, "MatMul", [prev, `layer${i}/kernel`]));
    nodes.push(node(`layer${i}/BiasAdd`, "BiasAdd", [`layer${i}/MatMul`, `layer${i}/bias`]));
    nodes.push(node(`layer${i}/Relu`, "Relu", [`layer${i}/BiasAdd`]));
    prev = `layer${i}/Relu`;
  }
  // Plenty of small ordinary nodes too, so the per-node cost shows.
  for (let k = 0; k < 20000; k++) nodes.push(node(`post/add_${k}`, "AddV2", [prev, prev]));
  return encodeGraphDef(graphDef(nodes));
}

const bytes = buildGraph();
const source = binarySource("frozen_inference_graph.pb", bytes, "protobuf");
// Warm-up: loads protobufjs, builds the descriptors and the op set once.
await runDetector(detector, binarySource("warm.pb", encodeGraphDef(graphDef([node("a", "Relu")])), "protobuf"));
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  const rec = await runDetector(detector, source);
  times.push(performance.now() - t0);
  if (rec.reports.length > 0 || rec.incompletes.length > 0) throw new Error("benign bench graph produced findings");
}
times.sort((a, b) => a - b);
const mb = bytes.length / (1024 * 1024);
console.log(
  `GraphDef ${mb.toFixed(1)} MB, ${20000 + 4 * Math.ceil(TARGET_BYTES / TENSOR_BYTES) + 1} nodes: ` +
    `median ${times[2]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms ` +
    `(${((mb / times[2]!) * 1000).toFixed(0)} MB/s)`,
);
