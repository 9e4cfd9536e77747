/**
 * Worker thread behind the per-file watchdog (isolate.ts): scans one file at a time from bytes it is
 * sent, with the same detectors, settings and options as the calling thread, and returns that file's
 * result. It never reads the file system for the scanned file.
 * coupling: isolate.ts (message protocol).
 */
import { parentPort, workerData } from "node:worker_threads";

import { Scanner } from "@watchtower/core";
import { recommendedDetectors } from "@watchtower/preset-recommended";
import type { ProjectView } from "@watchtower/types";

import { detectorOptionsFor } from "./advisories.js";
import type { IsolateInit, IsolateReply, IsolateRequest } from "./isolate.js";

const init = workerData as IsolateInit;
const port = parentPort!;
const detectors = recommendedDetectors.filter((d) => init.detectorIds.includes(d.id));
const detectorOptions = detectorOptionsFor(process.env, init.licenses);
// Model formats never read other files of the project.
const project: ProjectView = { paths: () => [], readText: () => Promise.resolve(undefined) };

port.on("message", (msg: IsolateRequest) => {
  // A fresh Scanner per file keeps results apart; loaded detector modules (and h5wasm) are cached.
  const scanner = new Scanner({
    detectors,
    settings: init.settings,
    project,
    ...(init.severityOverrides ? { severityOverrides: init.severityOverrides } : {}),
    detectorOptions,
  });
  const bytes = msg.bytes;
  scanner.scanAll([{ path: msg.path, size: bytes.length, read: () => Promise.resolve(bytes) }]).then(
    (result) => port.postMessage({ id: msg.id, result } satisfies IsolateReply),
    (error: unknown) => port.postMessage({ id: msg.id, failed: String(error) } satisfies IsolateReply),
  );
});
