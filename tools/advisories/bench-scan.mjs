#!/usr/bin/env node
// Measures what a pre-commit run pays for one staged requirements file: Node start → detector import →
// first scan (which parses the embedded advisory database) → second scan.
//
//   npx tsc -b packages/detector-dependencies && node tools/advisories/bench-scan.mjs
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// Wall time (performance.now, ms since process start) and CPU time (process.cpuUsage): on a busy machine
// the CPU figures are the fairer measure of what the code costs.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now(); // ms since the process started (performance.timeOrigin)
const c0 = cpu();
const { detector, licensesDetector } = await import(join(ROOT, "packages", "detector-dependencies", "dist", "index.js"));
const tImport = performance.now();
const cImport = cpu();

const text = [
  "torch==2.1.0",
  "torchvision==0.16.0",
  "transformers==4.35.2",
  "accelerate>=0.24",
  "datasets==2.14.6",
  "numpy==1.26.2",
  "pandas==2.1.3",
  "scikit-learn==1.3.2",
  "Pillow==10.0.1",
  "PyYAML==6.0.1",
  "requests==2.31.0",
  "tqdm",
  "matplotlib>=3.7,<3.9",
  "git+https://github.com/huggingface/peft.git@main",
  "jinja2==3.1.2",
].join("\n");
const ctx = (options) => ({
  options,
  settings: { online: false, strictModels: false },
  project: { paths: () => [], readText: async () => undefined },
  signal: new AbortController().signal,
  reports: [],
  report(d) {
    this.reports.push(d);
  },
  skip() {},
  incomplete() {},
  note() {},
});
const c1 = ctx(detector.defaultOptions);
await detector.scan({ kind: "text", path: "requirements.txt", text }, c1);
const tFirst = performance.now();
const cFirst = cpu();
const c2 = ctx(licensesDetector.defaultOptions);
await licensesDetector.scan({ kind: "text", path: "requirements.txt", text }, c2);
const tLicenses = performance.now();
const c3 = ctx(detector.defaultOptions);
await detector.scan({ kind: "text", path: "requirements.txt", text: text + "\n" }, c3);
const tSecond = performance.now();
const r = (x) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    nodeStartToScriptMs: r(t0),
    importMs: r(tImport - t0),
    firstScanMs: r(tFirst - tImport),
    licenceScanMs: r(tLicenses - tFirst),
    secondScanMs: r(tSecond - tLicenses),
    nodeStartToFirstResultMs: r(tFirst),
    cpuNodeStartMs: r(c0),
    cpuImportMs: r(cImport - c0),
    cpuFirstScanMs: r(cFirst - cImport),
    cpuNodeStartToFirstResultMs: r(cFirst),
    findings: c1.reports.length,
    licenceFindings: c2.reports.length,
  }),
);
