/**
 * The fuzz harness: sample sizes from the environment, a per-input time bound, a heap bound over the
 * whole run, and a watchdog thread that catches hangs (a synchronous infinite loop never lets vitest's
 * own timeout fire, so a second thread saves the input and kills the process instead).
 *
 * Environment:
 *   FUZZ_RUNS      inputs per property (default 100; the dedicated run `npm run fuzz` uses 10 000)
 *   FUZZ_SEED      fast-check seed, to replay a failure printed by a previous run. `npm test` pins one
 *                  (its 20-input sample must not fail CI by chance); `npm run fuzz` leaves it random so
 *                  each run explores new inputs
 *   FUZZ_INPUT_MS  CPU-time bound per input in ms (default 2000). CPU time, not wall time, because the
 *                  machine is shared (parallel test files, other jobs); wall time is bounded by
 *                  FUZZ_WALL_MS (default 10 x FUZZ_INPUT_MS) and by the watchdog.
 *   FUZZ_HEAP_MB   bound on heap + ArrayBuffer growth over one property run (default 768)
 *   FUZZ_RSS_MB    bound on resident-set growth (wasm heaps live outside the JS heap; default 2048)
 *   FUZZ_HANG_MS   watchdog threshold in ms (default 30 000)
 *   FUZZ_TRACE     a file path: every input is written there before it runs (post-mortem of a crash)
 *   FUZZ_SHRINK    1 to let fast-check shrink a failing input (off by default: shrinking megabyte inputs
 *                  through slow detectors can take longer than the run; labels and the watchdog's
 *                  saved input already identify the case)
 */
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

import type { Parameters } from "fast-check";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return Math.floor(n);
}

export const FUZZ_RUNS = intEnv("FUZZ_RUNS", 100);
export const INPUT_MS = intEnv("FUZZ_INPUT_MS", 2000);
export const WALL_MS = intEnv("FUZZ_WALL_MS", 10 * INPUT_MS);
export const HEAP_CAP_BYTES = intEnv("FUZZ_HEAP_MB", 768) * 1024 * 1024;
export const RSS_CAP_BYTES = intEnv("FUZZ_RSS_MB", 2048) * 1024 * 1024;
export const HANG_MS = intEnv("FUZZ_HANG_MS", 30_000);
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const TRACE = process.env["FUZZ_TRACE"];

/** Vitest timeout for a property of `runs` inputs: generous, the per-input bound is the real check. */
export function timeoutFor(runs = FUZZ_RUNS, perInputMs = 250): number {
  return 60_000 + runs * perInputMs;
}

/** fast-check parameters shared by every property. */
export function params<T>(runs = FUZZ_RUNS): Parameters<T> {
  return { numRuns: runs, endOnFailure: process.env["FUZZ_SHRINK"] !== "1", ...(SEED === undefined ? {} : { seed: SEED }) };
}

// ---------------------------------------------------------------------------------------------
// Watchdog

const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const state = new Int32Array(workerData.sab);
let current;
parentPort.on("message", (m) => { current = m; });
setInterval(() => {
  if (!current || Atomics.load(state, 0) !== current.seq) return;
  if (Date.now() - current.started < workerData.hangMs) return;
  const file = path.join(os.tmpdir(), "wt-fuzz-hang-" + process.pid + "-" + current.seq + ".bin");
  fs.writeFileSync(file, current.bytes);
  fs.writeFileSync(file + ".txt", current.label + "\\n");
  fs.writeSync(2, "\\n[fuzz watchdog] " + current.label + " still running after " + workerData.hangMs +
    " ms: hang. Input saved to " + file + "; killing the test process.\\n");
  process.kill(process.pid, "SIGKILL");
}, 200);
`;

let watchdog: { worker: Worker; state: Int32Array } | undefined;
let seq = 0;

function startWatchdog(): { worker: Worker; state: Int32Array } {
  if (!watchdog) {
    const sab = new SharedArrayBuffer(4);
    const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { sab, hangMs: HANG_MS } });
    worker.unref();
    watchdog = { worker, state: new Int32Array(sab) };
  }
  return watchdog;
}

const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Per-parser statistics and bounds

export interface FuzzStats {
  parser: string;
  inputs: number;
  /** Wall time over all inputs. */
  totalMs: number;
  /** CPU time (user + system) over all inputs. */
  cpuMs: number;
  slowestMs: number;
  slowestLabel: string;
  heapGrowthBytes: number;
  rssGrowthBytes: number;
}

const allStats: FuzzStats[] = [];

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * One parser under test. `run` wraps each input: it enforces the time bound, tracks memory, and arms
 * the watchdog; `finish` checks the memory bound and prints one summary line.
 */
export class Fuzzer {
  readonly stats: FuzzStats;
  private readonly baseline = memory();
  private peak = this.baseline;
  private readonly rssBaseline = process.memoryUsage.rss();
  private rssPeak = this.rssBaseline;

  constructor(parser: string) {
    this.stats = { parser, inputs: 0, totalMs: 0, cpuMs: 0, slowestMs: 0, slowestLabel: "", heapGrowthBytes: 0, rssGrowthBytes: 0 };
    allStats.push(this.stats);
  }

  /** Runs `fn` on one input; throws (failing the property) when it is too slow. */
  async run<T>(label: string, input: Uint8Array | string, fn: () => Promise<T> | T, boundMs = INPUT_MS): Promise<T> {
    const cpu0 = process.cpuUsage();
    const dog = startWatchdog();
    const id = ++seq;
    const bytes = typeof input === "string" ? enc.encode(input) : input;
    if (TRACE) writeFileSync(TRACE, bytes);
    dog.worker.postMessage({ seq: id, label: `${this.stats.parser} ${label}`, bytes, started: Date.now() });
    Atomics.store(dog.state, 0, id);
    const t0 = performance.now();
    let result: T;
    try {
      result = await fn();
    } finally {
      Atomics.store(dog.state, 0, 0);
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    this.stats.inputs++;
    this.stats.totalMs += ms;
    this.stats.cpuMs += cpuMs;
    if (cpuMs > this.stats.slowestMs) {
      this.stats.slowestMs = cpuMs;
      this.stats.slowestLabel = label;
    }
    const now = memory();
    if (now > this.peak) this.peak = now;
    const rss = process.memoryUsage.rss();
    if (rss > this.rssPeak) this.rssPeak = rss;
    if (cpuMs > boundMs) {
      throw new Error(`${this.stats.parser}: ${label} (${bytes.length} bytes) took ${cpuMs.toFixed(0)} ms of CPU, over the ${boundMs} ms bound`);
    }
    if (ms > Math.max(WALL_MS, 10 * boundMs)) {
      throw new Error(`${this.stats.parser}: ${label} (${bytes.length} bytes) took ${ms.toFixed(0)} ms of wall time, over the ${WALL_MS} ms bound`);
    }
    if (now - this.baseline > HEAP_CAP_BYTES) {
      throw new Error(`${this.stats.parser}: memory grew by ${mb(now - this.baseline)} MB after ${label}, over the ${mb(HEAP_CAP_BYTES)} MB bound`);
    }
    if (rss - this.rssBaseline > RSS_CAP_BYTES) {
      throw new Error(`${this.stats.parser}: RSS grew by ${mb(rss - this.rssBaseline)} MB after ${label}, over the ${mb(RSS_CAP_BYTES)} MB bound`);
    }
    return result;
  }

  /** Runs `fn` once per warm-up input, unmeasured (lazy imports, wasm start-up, JIT). */
  async warm(inputs: readonly (() => Promise<unknown> | unknown)[]): Promise<void> {
    for (const fn of inputs) await fn();
  }

  /** Call once at the end of the property: prints the figures the README table is made of. */
  finish(): FuzzStats {
    this.stats.heapGrowthBytes = this.peak - this.baseline;
    this.stats.rssGrowthBytes = this.rssPeak - this.rssBaseline;
    const s = this.stats;
    console.log(
      `[fuzz] ${s.parser}: ${s.inputs} inputs in ${(s.totalMs / 1000).toFixed(1)} s wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU ` +
        `(mean ${(s.cpuMs / Math.max(1, s.inputs)).toFixed(1)} ms CPU, slowest ${s.slowestMs.toFixed(0)} ms: ${s.slowestLabel.slice(0, 200)}), ` +
        `peak heap+buffers +${mb(s.heapGrowthBytes)} MB, peak RSS +${mb(s.rssGrowthBytes)} MB`,
    );
    return s;
  }
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(0);
}

/** Every Fuzzer created in this process (for summaries). */
export function fuzzStats(): readonly FuzzStats[] {
  return allStats;
}
