/**
 * Worker thread for parallel `--all`: pulls batches of files from the main thread, scans them with
 * its own Scanner (detectors load lazily per worker), and returns its partial result at the end.
 * coupling: pool.ts (message protocol).
 */
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";

import { Scanner, type ScanInput } from "@watchtower/core";
import { recommendedDetectors } from "@watchtower/preset-recommended";
import type { ProjectView } from "@watchtower/types";

import { detectorOptionsFor } from "./advisories.js";
import { isolationFor } from "./isolate.js";
import { resolveLfs } from "./lfs.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./pool.js";

const init = workerData as WorkerInit;
const port = parentPort!;
const known = new Set(init.allPaths);
const project: ProjectView = {
  paths: () => init.allPaths,
  readText: async (p) => {
    if (!known.has(p)) return undefined;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(await readFile(`${init.base}/${p}`));
    } catch {
      return undefined;
    }
  },
};
// Native parsers get their own watchdog thread here too (a worker may start workers).
const isolation = isolationFor(init, new URL("./isolate-worker.js", import.meta.url));
const scanner = new Scanner({
  detectors: recommendedDetectors.filter((d) => init.detectorIds.includes(d.id)),
  settings: init.settings,
  project,
  ...(init.severityOverrides ? { severityOverrides: init.severityOverrides } : {}),
  detectorOptions: detectorOptionsFor(process.env, init.licenses),
  onFile: (file, findings) => port.postMessage({ type: "file", path: file.path, bytes: file.bytes, findings } satisfies WorkerReply),
  ...(isolation ? { offload: isolation } : {}),
});

port.on("message", (msg: WorkerRequest) => {
  if (msg.type === "batch") {
    const inputs: ScanInput[] = msg.files.map((f) => ({
      path: f.path,
      size: f.size,
      read: async () => resolveLfs(await readFile(f.absPath), init.gitDir),
    }));
    void scanner.scanAll(inputs).then(
      () => port.postMessage({ type: "ready" } satisfies WorkerReply),
      (error: unknown) => port.postMessage({ type: "failed", message: String(error) } satisfies WorkerReply),
    );
  } else if (msg.type === "finish") {
    const result = scanner.finish();
    void (isolation?.close() ?? Promise.resolve()).finally(() => port.postMessage({ type: "result", result } satisfies WorkerReply));
  }
});
port.postMessage({ type: "ready" } satisfies WorkerReply);
