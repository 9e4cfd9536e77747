// The per-file watchdog: a file whose native parser never returns must become a blocking
// models/incomplete finding after limits.maxFileSeconds, and the files after it must still be scanned.
// The stand-in worker below spins in real WebAssembly (a `loop br 0`), the way a libhdf5 bug would,
// so the test proves that stopping the thread interrupts wasm, not only JavaScript.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { Scanner } from "@watchtower/core";
import { DEFAULT_LIMITS, type FileFacts, type ScanSettings } from "@watchtower/types";
import { afterAll, describe, expect, it } from "vitest";

import { IsolatedScanner, runsNativeParser } from "../src/isolate.js";

// (module (func (export "spin") (loop (br 0))))
const SPIN_WASM = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x08, 0x01,
  0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
];

const dir = mkdtempSync(join(tmpdir(), "wt-isolate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for isolate-worker.js: files named hang* spin forever in wasm, the others get an empty result. */
function standInWorker(): URL {
  const file = join(dir, "stand-in-worker.mjs");
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
const spin = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(SPIN_WASM)}))).exports.spin;
parentPort.on("message", (m) => {
  if (m.path.startsWith("hang")) spin();
  const result = { findings: [], files: [{ path: m.path, fileKind: "model", bytes: m.bytes.length, detectors: ["keras"], ms: 1 }],
    skipped: [], errors: [], incomplete: [], notes: [{ path: m.path, message: "seen " + m.bytes.length }], timings: { keras: 1 }, rules: new Map() };
  parentPort.postMessage({ id: m.id, result });
  if (m.path.startsWith("die")) setTimeout(() => process.exit(3), 5);
});
`,
  );
  return pathToFileURL(file);
}

const settings: ScanSettings = { strictModels: false, online: false, limits: { ...DEFAULT_LIMITS, maxFileSeconds: 0.5 } };
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

describe("per-file watchdog", () => {
  it("stops a thread stuck in wasm, reports the file incomplete and scans the next one on a fresh thread", async () => {
    const isolation = new IsolatedScanner({ detectorIds: [], settings }, 500, standInWorker());
    const scanner = new Scanner({
      detectors: [],
      settings,
      project: { paths: () => [], readText: () => Promise.resolve(undefined) },
      offload: isolation,
      concurrency: 2,
    });
    const h5 = new Uint8Array([...HDF5_MAGIC, 0, 0, 0, 0]);
    const started = performance.now();
    const result = await scanner.scanAll([
      { path: "hang.h5", size: h5.length, read: () => Promise.resolve(h5) },
      { path: "ok.h5", size: h5.length, read: () => Promise.resolve(h5) },
    ]);
    await isolation.close();
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.findings.map((f) => [f.location.path, f.ruleId, f.severity])).toEqual([["hang.h5", "models/incomplete", "high"]]);
    expect(result.errors).toEqual([expect.objectContaining({ path: "hang.h5", code: "timeout" })]);
    expect(result.incomplete[0]?.details).toMatch(/not finished after 0\.5 s \(limits\.maxFileSeconds\)/);
    // The file after the stuck one went to a new thread and its result was merged.
    expect(result.notes).toEqual([{ path: "ok.h5", message: "seen 12" }]);
    expect(result.files.map((f) => [f.path, f.detectors])).toEqual([
      ["hang.h5", []],
      ["ok.h5", ["keras"]],
    ]);
  });

  it("replaces a thread that died while idle instead of waiting for it to answer", async () => {
    const isolation = new IsolatedScanner({ detectorIds: [], settings }, 5_000, standInWorker());
    const first = await isolation.scan("die.h5", new Uint8Array([1]));
    expect("result" in first).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const second = await isolation.scan("ok.h5", new Uint8Array([1, 2]));
    await isolation.close();
    expect(second).toMatchObject({ result: { notes: [{ path: "ok.h5", message: "seen 2" }] } });
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it("reports a worker that cannot start as a failure of that file, not a pass", async () => {
    const isolation = new IsolatedScanner({ detectorIds: [], settings }, 5_000, pathToFileURL(join(dir, "missing.mjs")));
    const outcome = await isolation.scan("m.h5", new Uint8Array([1]));
    await isolation.close();
    expect(outcome).toEqual({ failed: expect.stringMatching(/scan thread (crashed|exited)/) });
  });

  it("sends HDF5 files and archives that may hold one to the thread, and nothing else", () => {
    const facts = (path: string, format: FileFacts["format"]): FileFacts => ({ path, kind: "binary", fileKind: "model", format });
    const zipNamed = (name: string) => new TextEncoder().encode(`PK\x03\x04....PK\x01\x02${name}PK\x05\x06`);
    expect(runsNativeParser(facts("w.bin", "hdf5"), new Uint8Array(8))).toBe(true);
    expect(runsNativeParser(facts("model.keras", "zip"), zipNamed("config.json"))).toBe(true);
    expect(runsNativeParser(facts("renamed.zip", "zip"), zipNamed("model.weights.h5"))).toBe(true);
    expect(runsNativeParser(facts("model.pt", "zip"), zipNamed("archive/data.pkl"))).toBe(false);
    expect(runsNativeParser(facts("model.pkl", "pickle"), new Uint8Array(8))).toBe(false);
  });
});
