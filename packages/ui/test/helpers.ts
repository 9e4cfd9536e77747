/** Shared by the UI tests: the fixture report, fake scan functions and a raw HTTP client. */
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Report } from "@watchtower/report";

// coupling: until @watchtower/report exports formatHtml from its index, the tests take it from source.
import { formatHtml } from "../../report/src/html.js";
import type { ScanFunction, ScanProgress, ScanRequest, ScanResult } from "../src/types.js";

const here = dirname(fileURLToPath(import.meta.url));

/** `watchtower-hook --all examples --format json`, rebuilt by fixtures/build-examples-report.mjs. */
export function examplesReport(): Report {
  return JSON.parse(readFileSync(join(here, "fixtures", "examples-report.json"), "utf8")) as Report;
}

/** A small SARIF log: the UI only stores and serves it. */
export function sarifFor(report: Report): string {
  return `${JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "watchtower-hook" } }, results: report.findings.map((f) => ({ ruleId: f.ruleId })) }] }, null, 2)}\n`;
}

export function resultFor(report: Report): ScanResult {
  return { reportJson: report, sarif: sarifFor(report), html: formatHtml(report) };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export interface FakeScan {
  scan: ScanFunction;
  calls: ScanRequest[];
  signals: AbortSignal[];
  progress: ScanProgress[];
}

/**
 * Replays the examples scan: one progress event per file of the fixture (`stepMs` apart), findings
 * growing to the report's total, then the report. Honours the abort signal between files.
 * `options` is read at every step, so a test may slow a later scan down by changing `stepMs`.
 */
export function fakeScan(options: { stepMs?: number; report?: Report; fail?: string } = {}): FakeScan {
  const report = options.report ?? examplesReport();
  const calls: ScanRequest[] = [];
  const signals: AbortSignal[] = [];
  const progress: ScanProgress[] = [];
  const scan: ScanFunction = async (request, onProgress, signal) => {
    calls.push(request);
    signals.push(signal);
    const files = report.summary.files.scanned;
    const totalBytes = report.summary.files.bytes ?? 0;
    const findings = report.findings.length;
    onProgress({ files: 0, bytes: 0, findings: 0, stage: "listing files" });
    for (let i = 1; i <= files; i++) {
      await sleep(options.stepMs ?? 0, signal);
      const p = { files: i, bytes: Math.round((totalBytes * i) / files), findings: Math.round((findings * i) / files), total: files, stage: "scanning" };
      progress.push(p);
      onProgress(p);
    }
    if (options.fail) throw new Error(options.fail);
    return resultFor(report);
  };
  return { scan, calls, signals, progress };
}

/** A scan that runs until aborted (or until `release()`), to test busy and cancel. */
export function heldScan(options: { ignoreAbort?: boolean } = {}): FakeScan & { release(): void } {
  const calls: ScanRequest[] = [];
  const signals: AbortSignal[] = [];
  let release = (): void => {};
  const scan: ScanFunction = (request, onProgress, signal) => {
    calls.push(request);
    signals.push(signal);
    onProgress({ files: 1, bytes: 10, findings: 0 });
    return new Promise((resolve, reject) => {
      release = () => resolve(resultFor(examplesReport()));
      if (!options.ignoreAbort) signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  };
  return { scan, calls, signals, progress: [], release: () => release() };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request with full control over the headers (Host included; `host: null` sends none).
 * Paths are sent exactly as given.
 */
export function http(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; host?: string | null; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.host !== null) headers.Host = options.host ?? `127.0.0.1:${port}`;
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Sends raw bytes (for request targets no HTTP client would produce) and returns the status line. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("connect", () => socket.write(text));
    socket.on("data", (c) => {
      data += c.toString("latin1");
    });
    socket.on("end", () => resolve(data.split("\r\n")[0] ?? ""));
    socket.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("raw request timed out")));
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
