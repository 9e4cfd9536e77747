/**
 * Parallel `--all`: a pool of worker threads sized to the machine. Files go out in small batches to
 * whichever worker is free (large models do not stall the others); each worker returns its partial
 * result and core's mergeResults restores the stable order, so output is identical to a
 * single-threaded scan.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { mergeResults, type ScanResult } from "@watchtower/core";
import type { ScanSettings, Severity } from "@watchtower/types";

export interface WorkerInit {
  base: string;
  gitDir?: string;
  allPaths: string[];
  detectorIds: string[];
  settings: ScanSettings;
  severityOverrides?: Record<string, Severity | "off">;
  /** Licence policy; detector options are rebuilt in the worker (functions cannot be sent). */
  licenses?: { allow?: string[]; deny?: string[] };
}

export type WorkerRequest = { type: "batch"; files: { path: string; absPath: string; size: number }[] } | { type: "finish" };
export type WorkerReply =
  | { type: "ready" }
  | { type: "file"; path: string; bytes: number; findings: number }
  | { type: "result"; result: ScanResult }
  | { type: "failed"; message: string };

export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_FILES = 32;

export async function scanInPool(
  files: { path: string; absPath: string; size: number }[],
  init: WorkerInit,
  jobs: number,
  onFile: (path: string, bytes: number, findings: number) => void,
  signal?: AbortSignal,
): Promise<ScanResult> {
  const queue = [...files];
  const nextBatch = (): WorkerRequest | undefined => {
    // Cancelled: hand out no more work; workers finish their batch and return what they have.
    if (queue.length === 0 || signal?.aborted) return undefined;
    const batch: typeof files = [];
    let bytes = 0;
    while (queue.length > 0 && batch.length < BATCH_FILES && (batch.length === 0 || bytes + queue[0]!.size <= BATCH_BYTES)) {
      const f = queue.shift()!;
      bytes += f.size;
      batch.push(f);
    }
    return { type: "batch", files: batch };
  };
  const workerUrl = new URL("./worker.js", import.meta.url);
  // Each worker reports its own running count; the sum is the scan's.
  const counts: number[] = [];
  const results = await Promise.all(
    Array.from({ length: Math.min(jobs, Math.max(1, files.length)) }, (_, index) => {
      return new Promise<ScanResult>((resolvePromise, reject) => {
        const worker = new Worker(workerUrl, { workerData: init });
        worker.on("message", (msg: WorkerReply) => {
          if (msg.type === "ready") worker.postMessage(nextBatch() ?? { type: "finish" });
          else if (msg.type === "file") {
            counts[index] = msg.findings;
            onFile(msg.path, msg.bytes, counts.reduce((a, b) => a + b, 0));
          } else if (msg.type === "result") {
            resolvePromise(msg.result);
            void worker.terminate();
          } else reject(new Error(`worker failed: ${msg.message}`));
        });
        worker.on("error", reject);
      });
    }),
  );
  return mergeResults(results);
}
