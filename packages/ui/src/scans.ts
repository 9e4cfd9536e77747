/**
 * One session's scans: at most one running at a time, cancelable through an AbortController,
 * progress kept as plain numbers, the last few results held in memory for the page and the
 * downloads. Nothing here touches the network or the file system; the injected scan function does.
 */
import { SEVERITIES } from "@watchtower/types";

import type { ScanFunction, ScanProgress, ScanRequest, ScanResult } from "./types.js";
import { displayTarget } from "./request.js";
import { newId } from "./security.js";

export type ScanStateName = "running" | "cancelling" | "done" | "failed" | "cancelled";

export interface ReportSummary {
  verdict?: string;
  exitCode?: number;
  findings?: number;
  blocking?: number;
  bySeverity?: Record<string, number>;
  filesScanned?: number;
  filesFound?: number;
  incomplete?: number;
}

/** What the page sees of a scan (no report bodies; those are separate downloads). */
export interface ScanView {
  /** Grows with every change, so the page can drop a reply that arrives after a newer event. */
  seq: number;
  id: string;
  kind: ScanRequest["kind"];
  target: string;
  ref?: string;
  state: ScanStateName;
  startedAt: string;
  elapsedMs: number;
  progress: ScanProgress;
  error?: string;
  summary?: ReportSummary;
  links?: { view: string; json: string; html: string; sarif?: string };
}

export interface ScanRecord {
  id: string;
  request: ScanRequest;
  state: ScanStateName;
  started: number;
  finished?: number;
  progress: ScanProgress;
  error?: string;
  controller: AbortController;
  settled: Promise<void>;
  result?: { json: string; sarif?: string; html?: string; report: object };
}

export class BusyError extends Error {}

const KEEP_RESULTS = 3;
const MAX_ERROR = 2000;

const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);

function cleanProgress(p: ScanProgress, previous: ScanProgress): ScanProgress {
  const out: ScanProgress = { files: count(p.files), bytes: count(p.bytes), findings: count(p.findings) };
  if (p.total !== undefined) out.total = count(p.total);
  else if (previous.total !== undefined) out.total = previous.total;
  const stage = typeof p.stage === "string" ? p.stage : previous.stage;
  if (stage) out.stage = stage.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200);
  return out;
}

/** The few numbers the page shows above the report, read defensively from the report JSON. */
export function summarize(report: object): ReportSummary {
  const s = (report as { summary?: unknown }).summary;
  if (typeof s !== "object" || s === null) return {};
  const sum = s as Record<string, unknown>;
  const findings = (sum.findings ?? {}) as Record<string, unknown>;
  const files = (sum.files ?? {}) as Record<string, unknown>;
  const by = (findings.bySeverity ?? {}) as Record<string, unknown>;
  return {
    ...(sum.verdict === "pass" || sum.verdict === "fail" ? { verdict: sum.verdict } : {}),
    ...(typeof sum.exitCode === "number" ? { exitCode: count(sum.exitCode) } : {}),
    findings: count(findings.total),
    blocking: count(findings.blocking),
    bySeverity: Object.fromEntries([...SEVERITIES].reverse().map((x) => [x, count(by[x])])),
    filesScanned: count(files.scanned),
    filesFound: count(files.found),
    incomplete: count(sum.incomplete),
  };
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "the scan failed";
  const clean = message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
  return clean.length > MAX_ERROR ? `${clean.slice(0, MAX_ERROR)}…` : clean || "the scan failed";
}

export class Session {
  private current: ScanRecord | undefined;
  private readonly records = new Map<string, ScanRecord>();
  private readonly listeners = new Set<(view: ScanView) => void>();
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(
    private readonly scanFn: ScanFunction,
    private readonly log: (line: string) => void,
    /** Minimum milliseconds between two progress broadcasts. */
    private readonly throttleMs = 100,
  ) {}

  get running(): ScanRecord | undefined {
    return this.current && (this.current.state === "running" || this.current.state === "cancelling") ? this.current : undefined;
  }

  latest(): ScanRecord | undefined {
    return this.current;
  }

  get(id: string): ScanRecord | undefined {
    return this.records.get(id);
  }

  subscribe(listener: (view: ScanView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(request: ScanRequest): ScanRecord {
    if (this.running) throw new BusyError("a scan is already running; cancel it or wait for it to finish");
    const controller = new AbortController();
    const record: ScanRecord = {
      id: newId(),
      request,
      state: "running",
      started: Date.now(),
      progress: { files: 0, bytes: 0, findings: 0 },
      controller,
      settled: Promise.resolve(),
    };
    this.current = record;
    this.seq++;
    this.records.set(record.id, record);
    this.log(`scan ${record.id} started: ${request.kind} ${displayTarget(request)}${request.ref ? ` @ ${request.ref}` : ""}`);
    const onProgress = (p: ScanProgress): void => {
      if (record.state !== "running" || typeof p !== "object" || p === null) return;
      record.progress = cleanProgress(p, record.progress);
      this.seq++;
      this.schedule();
    };
    record.settled = Promise.resolve()
      .then(() => this.scanFn(request, onProgress, controller.signal))
      .then(
        (result) => this.finish(record, result, undefined),
        (error: unknown) => this.finish(record, undefined, error),
      );
    this.broadcast();
    return record;
  }

  /** Aborts the running scan; it stays "cancelling" (and blocks a new scan) until the scan function returns. */
  cancel(): ScanRecord | undefined {
    const record = this.running;
    if (!record) return undefined;
    if (record.state === "running") {
      record.state = "cancelling";
      this.seq++;
      this.log(`scan ${record.id}: cancelling`);
      record.controller.abort(new Error("cancelled by the user"));
      this.broadcast();
    }
    return record;
  }

  private finish(record: ScanRecord, result: ScanResult | undefined, error: unknown): void {
    record.finished = Date.now();
    this.seq++;
    const secs = ((record.finished - record.started) / 1000).toFixed(1);
    if (record.controller.signal.aborted) {
      record.state = "cancelled";
      this.log(`scan ${record.id} cancelled after ${secs} s`);
    } else if (result && typeof result.reportJson === "object" && result.reportJson !== null) {
      try {
        record.result = {
          report: result.reportJson,
          json: `${JSON.stringify(result.reportJson, null, 2)}\n`,
          ...(typeof result.sarif === "string" ? { sarif: result.sarif } : {}),
          ...(typeof result.html === "string" ? { html: result.html } : {}),
        };
        record.state = "done";
        const s = summarize(result.reportJson);
        record.progress = { ...record.progress, findings: s.findings ?? record.progress.findings };
        this.log(`scan ${record.id} finished in ${secs} s: ${s.verdict ?? "?"}, ${s.findings ?? 0} findings`);
      } catch (e) {
        record.state = "failed";
        record.error = `the report could not be serialized: ${errorText(e)}`;
      }
    } else {
      record.state = "failed";
      record.error = error === undefined ? "the scan returned no report" : errorText(error);
      this.log(`scan ${record.id} failed after ${secs} s: ${record.error}`);
    }
    this.evict();
    this.broadcast();
  }

  /** Keeps the results of the last few scans only. */
  private evict(): void {
    const done = [...this.records.values()].filter((r) => r !== this.current);
    for (const r of done.slice(0, Math.max(0, done.length - (KEEP_RESULTS - 1)))) this.records.delete(r.id);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.broadcast();
    }, this.throttleMs);
  }

  broadcast(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const record = this.current;
    if (!record) return;
    const view = this.view(record);
    for (const l of this.listeners) l(view);
  }

  view(record: ScanRecord): ScanView {
    const base = `/api/scans/${record.id}`;
    return {
      seq: this.seq,
      id: record.id,
      kind: record.request.kind,
      target: displayTarget(record.request),
      ...(record.request.ref ? { ref: record.request.ref } : {}),
      state: record.state,
      startedAt: new Date(record.started).toISOString(),
      elapsedMs: (record.finished ?? Date.now()) - record.started,
      progress: record.progress,
      ...(record.error ? { error: record.error } : {}),
      ...(record.result
        ? {
            summary: summarize(record.result.report),
            links: {
              view: `${base}/view.html`,
              json: `${base}/report.json`,
              html: `${base}/report.html`,
              ...(record.result.sarif !== undefined ? { sarif: `${base}/report.sarif` } : {}),
            },
          }
        : {}),
    };
  }

  /** Aborts whatever runs and waits for it (at most `waitMs`). */
  async shutdown(waitMs: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    const record = this.running;
    if (!record) return;
    record.controller.abort(new Error("the UI server is shutting down"));
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([record.settled, new Promise<void>((r) => (timeout = setTimeout(r, waitMs)))]);
    clearTimeout(timeout);
  }
}
