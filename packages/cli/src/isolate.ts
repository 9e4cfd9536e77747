/**
 * The per-file watchdog. Files whose detectors run native parsers compiled to wasm (libhdf5 through
 * h5wasm, for .h5 and Keras archives) are scanned on a separate worker thread: a crafted file that
 * sends such a parser into an endless loop blocks that thread, not the hook, and after
 * `limits.maxFileSeconds` the thread is stopped and the file reported incomplete (which blocks).
 * JavaScript parsers need no thread: they are bounded by the limits in their own loops and fuzzed.
 *
 * One worker is started on the first such file and kept for the next ones (h5wasm loads once), then
 * closed with the scan. coupling: isolate-worker.ts (message protocol).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import type { Offload, OffloadOutcome, ScanResult } from "@watchtower/core";
import type { FileFacts } from "@watchtower/types";

import type { WorkerInit } from "./pool.js";

export type IsolateInit = Omit<WorkerInit, "base" | "gitDir" | "allPaths">;

export type IsolateRequest = { id: number; path: string; bytes: Uint8Array };
export type IsolateReply = { id: number; result: ScanResult } | { id: number; failed: string };

/**
 * Member-name endings that mean HDF5 inside a zip, as bytes (lower and upper case): searched with
 * Buffer.indexOf (memchr speed) in the central directory at the end of the archive, instead of
 * decoding megabytes of a torch checkpoint's tail into a string for every zip of every scan.
 */
const HDF5_NAME_ENDINGS = [".h5", ".H5", ".hdf5", ".HDF5", ".he5", ".keras"].map((e) => Buffer.from(e, "latin1"));
const CENTRAL_DIRECTORY_WINDOW = 4 * 1024 * 1024;

/**
 * HDF5 files, and zip archives that may hold one (a `.keras` file, or a member name like
 * `model.weights.h5` in the central directory at the end of the archive). Torch zips and other
 * archives stay on the calling thread, so a commit with a `.pt` file never pays for a thread.
 */
export function runsNativeParser(facts: FileFacts, bytes: Uint8Array): boolean {
  if (facts.format === "hdf5") return true;
  if (facts.format !== "zip") return false;
  if (/\.keras$/i.test(facts.path)) return true;
  const from = Math.max(0, bytes.length - CENTRAL_DIRECTORY_WINDOW);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from);
  return HDF5_NAME_ENDINGS.some((ending) => tail.indexOf(ending) !== -1);
}

export function isolationFor(init: IsolateInit, workerUrl: URL): IsolatedScanner | undefined {
  if (!existsSync(fileURLToPath(workerUrl))) return undefined;
  const bare: IsolateInit = {
    detectorIds: init.detectorIds,
    settings: init.settings,
    ...(init.severityOverrides ? { severityOverrides: init.severityOverrides } : {}),
    ...(init.licenses ? { licenses: init.licenses } : {}),
  };
  return new IsolatedScanner(bare, init.settings.limits.maxFileSeconds * 1000, workerUrl);
}

export class IsolatedScanner implements Offload {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Files go one at a time, so the clock measures the file on the thread and nothing else. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly init: IsolateInit,
    private readonly timeoutMs: number,
    private readonly workerUrl: URL,
    private readonly wantsFile: (facts: FileFacts, bytes: Uint8Array) => boolean = runsNativeParser,
  ) {}

  wants(facts: FileFacts, bytes: Uint8Array): boolean {
    return this.wantsFile(facts, bytes);
  }

  scan(path: string, bytes: Uint8Array): Promise<OffloadOutcome> {
    const run = this.queue.then(() => this.scanNow(path, bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the thread; call when the scan is over (an idle worker would keep the process alive). */
  async close(): Promise<void> {
    await this.queue;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(this.workerUrl, { workerData: this.init });
      // Idle between files it must not keep the process alive; a crash while idle is reported by
      // the next file's listeners (an 'error' event without any listener would throw).
      const worker = this.worker;
      worker.unref();
      worker.on("error", () => undefined);
      worker.once("exit", () => {
        if (this.worker === worker) this.worker = undefined;
      });
    }
    return this.worker;
  }

  private scanNow(path: string, bytes: Uint8Array): Promise<OffloadOutcome> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<OffloadOutcome>((resolvePromise) => {
      const done = (outcome: OffloadOutcome): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolvePromise(outcome);
      };
      const stop = (outcome: { timedOut: string } | { failed: string }): void => {
        // The thread may be stuck in wasm: terminate() interrupts it; the next file gets a fresh one.
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        done(outcome);
      };
      const onMessage = (reply: IsolateReply): void => {
        if (reply.id !== id) return;
        if ("result" in reply) done({ result: reply.result });
        else stop({ failed: `the scan thread failed: ${reply.failed}` });
      };
      const onError = (error: Error): void => stop({ failed: `the scan thread crashed: ${error.message}` });
      const onExit = (code: number): void => stop({ failed: `the scan thread exited (code ${code})` });
      const seconds = Math.round(this.timeoutMs / 100) / 10;
      const timer = setTimeout(
        () => stop({ timedOut: `not finished after ${seconds} s (limits.maxFileSeconds); the scan thread was stopped` }),
        this.timeoutMs,
      );
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      // A copy is sent: the caller's bytes stay usable (and the copy is the worker's to keep).
      worker.postMessage({ id, path, bytes } satisfies IsolateRequest);
    });
  }
}
