/**
 * Benchmark (not a test): scan a large benign torch.save-style zip (~200 MB of tensor data) and
 * report MB/s next to a plain "read every byte once" baseline measured in the same run.
 * Run: npm run bench -w packages/detector-pickle
 */
import { DEFAULT_LIMITS } from "@watchtower/types";
import { binarySource, runDetector } from "@watchtower/tester";
import { writeZip } from "@watchtower/containers/testing";

import { detector } from "../src/index.js";
import { concat, P } from "../test/builders/pickle.js";
import { torchStateDictPickle } from "../test/builders/models.js";

const MB = 1024 * 1024;
const TOTAL = Number(process.env.BENCH_MB ?? 200) * MB;
const STORAGES = 40;

/** Float32 noise: a 1 MiB random block repeated (building 200 MB of fresh noise would dominate the run). */
function storage(bytes: number, seed: number): Uint8Array {
  const block = new Float32Array(MB / 4);
  let x = seed >>> 0;
  for (let i = 0; i < block.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    block[i] = (x / 0x1_0000_0000 - 0.5) * 0.02;
  }
  const out = new Uint8Array(bytes);
  const raw = new Uint8Array(block.buffer);
  for (let at = 0; at < bytes; at += raw.length) out.set(raw.subarray(0, Math.min(raw.length, bytes - at)), at);
  return out;
}

function build(): Uint8Array {
  const per = Math.floor(TOTAL / STORAGES / 64) * 64;
  const entries = [{ name: "archive/data.pkl", data: torchStateDictPickle(), align: 64 }];
  for (let i = 0; i < STORAGES; i++) entries.push({ name: `archive/data/${i}`, data: storage(per, i + 1), align: 64 });
  entries.push({ name: "archive/version", data: new TextEncoder().encode("3\n"), align: 64 });
  return writeZip(entries);
}

function baseline(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] ?? 0)) | 0;
  return sum;
}

async function time(name: string, bytes: Uint8Array, path: string, format: "zip" | "pickle"): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const s0 = performance.now();
    const rec = await runDetector(detector, binarySource(path, bytes, format), { settings: { strictModels: false, limits: DEFAULT_LIMITS } });
    best = Math.min(best, performance.now() - s0);
    if (rec.reports.length > 0) throw new Error(`${name}: benign file reported: ${JSON.stringify(rec.reports)}`);
  }
  return best;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const zip = build();
  const buildMs = performance.now() - t0;
  const size = zip.length / MB;
  const runs = 3;
  let best = Infinity;
  let bestBase = Infinity;
  let checksum = 0;
  for (let i = 0; i < runs; i++) {
    const b0 = performance.now();
    checksum ^= baseline(zip);
    bestBase = Math.min(bestBase, performance.now() - b0);
    const s0 = performance.now();
    const rec = await runDetector(detector, binarySource("pytorch_model.bin", zip, "zip"), {
      settings: { strictModels: false, limits: DEFAULT_LIMITS },
    });
    best = Math.min(best, performance.now() - s0);
    if (rec.reports.length > 0 || rec.incompletes.length > 0) throw new Error(`benign file reported: ${JSON.stringify(rec)}`);
  }
  const mbps = (ms: number): string => (size / (ms / 1000)).toFixed(0);
  console.log(`file: ${size.toFixed(1)} MB torch zip, ${STORAGES} storages (built in ${buildMs.toFixed(0)} ms)`);
  console.log(`baseline (read every byte once): ${bestBase.toFixed(1)} ms = ${mbps(bestBase)} MB/s (checksum ${checksum})`);
  console.log(`pickle detector scan:            ${best.toFixed(1)} ms = ${mbps(best)} MB/s (best of ${runs})`);
  // Worst realistic path: a pickle followed by the same amount of raw float data that is not a known
  // layout, so every byte is searched for hidden pickles (F6).
  const trailing = concat(P.proto(2).emptyDict().stop().toBytes(), storage(Math.floor(TOTAL / 64) * 64, 99));
  const t = await time("trailing", trailing, "model.pkl", "pickle");
  console.log(`pickle + ${size.toFixed(0)} MB of unparsed trailing data (hidden-pickle search): ${t.toFixed(1)} ms = ${mbps(t)} MB/s`);
}

await main();
