/**
 * The scan pipeline: bytes → Source → the detectors that want it → findings.
 * Detectors report offsets and raw values; everything a user sees (positions, redaction,
 * fingerprints, merging, suppression, order) is decided here, once.
 */
import type {
  Detector,
  DetectorEntry,
  FileFacts,
  FileKind,
  Finding,
  IncompleteScan,
  ProjectView,
  ReportDescriptor,
  RuleMeta,
  ScanError,
  ScanSettings,
  Severity,
  SkippedFile,
  SkipReason,
  Source,
  SourceRange,
} from "@watchtower/types";
import { decodeText, fileKindOf, isModelLikePath, NotebookParseError, parseNotebook, sniff } from "@watchtower/source";
import type { CellJsonLines } from "@watchtower/source";

import { CORE_RULES, INCOMPLETE_RULE } from "./core-rules.js";
import { buildFindings } from "./findings.js";

export interface ScanInput {
  /** Repository-relative, `/`-separated. */
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface ScannedFile {
  path: string;
  fileKind: FileKind;
  bytes: number;
  /** Detector ids that looked at it. */
  detectors: string[];
  ms: number;
}

export interface ScanNote {
  path?: string;
  message: string;
}

export interface ScanResult {
  findings: Finding[];
  files: ScannedFile[];
  skipped: SkippedFile[];
  errors: ScanError[];
  incomplete: IncompleteScan[];
  notes: ScanNote[];
  /** Milliseconds spent in each detector (including its lazy load). */
  timings: Record<string, number>;
  /** Every rule of every detector that was loaded, plus core rules. */
  rules: Map<string, RuleMeta>;
}

export interface ScanOptions {
  detectors: readonly DetectorEntry[];
  settings: ScanSettings;
  project: ProjectView;
  /** Per-rule severity overrides from config; "off" drops the rule. */
  severityOverrides?: Readonly<Record<string, Severity | "off">>;
  /** Options per detector id, merged over the detector's defaults. */
  detectorOptions?: Readonly<Record<string, object>>;
  signal?: AbortSignal;
  /** Files handled at once (I/O overlap; detectors themselves run on this thread). */
  concurrency?: number;
  /** Bytes of files in flight at once (by their listed size; default 64 MiB); one file always goes. */
  maxInFlightBytes?: number;
  onFile?(file: ScannedFile, findingsSoFar: number): void;
  /**
   * Files scanned elsewhere (a worker thread the caller can stop): core hands over the bytes once it
   * knows the format, and merges what comes back, or records a timeout as an incomplete scan.
   */
  offload?: Offload;
}

/** What an offloaded scan returns: a one-file result, or why it has none (out of time, or the thread failed). */
export type OffloadOutcome = { result: ScanResult } | { timedOut: string } | { failed: string };

export interface Offload {
  wants(facts: FileFacts, bytes: Uint8Array): boolean;
  scan(path: string, bytes: Uint8Array): Promise<OffloadOutcome>;
}

const DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Text files beyond this size are not given to text rules (they are data dumps, not code). */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

interface LoadedDetector {
  detector: Detector<object>;
  rules: Map<string, RuleMeta>;
}

export class Scanner {
  private readonly loaded = new Map<string, Promise<LoadedDetector>>();
  private readonly result: ScanResult = {
    findings: [],
    files: [],
    skipped: [],
    errors: [],
    incomplete: [],
    notes: [],
    timings: {},
    rules: new Map(CORE_RULES.map((r) => [r.id, r])),
  };

  constructor(private readonly options: ScanOptions) {}

  private load(entry: DetectorEntry): Promise<LoadedDetector> {
    let promise = this.loaded.get(entry.id);
    if (!promise) {
      promise = entry.load().then((detector) => {
        const rules = new Map(detector.meta.rules.map((r) => [r.id, r]));
        for (const r of detector.meta.rules) this.result.rules.set(r.id, r);
        return { detector, rules };
      });
      this.loaded.set(entry.id, promise);
    }
    return promise;
  }

  async scanAll(inputs: AsyncIterable<ScanInput> | Iterable<ScanInput>): Promise<ScanResult> {
    const limit = Math.max(1, this.options.concurrency ?? 4);
    const budget = this.options.maxInFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES;
    const running = new Set<Promise<void>>();
    let inFlight = 0;
    for await (const input of inputs) {
      if (this.options.signal?.aborted) break;
      // Files are read whole: four 64 MB checkpoints at once were most of the peak memory of a 1 GB
      // scan. A file larger than the budget still goes, alone.
      while (running.size > 0 && (running.size >= limit || inFlight + input.size > budget)) await Promise.race(running);
      inFlight += input.size;
      const p: Promise<void> = this.scanFile(input).finally(() => {
        running.delete(p);
        inFlight -= input.size;
      });
      running.add(p);
    }
    await Promise.all(running);
    return this.finish();
  }

  addSkipped(skipped: SkippedFile): void {
    this.result.skipped.push(skipped);
  }

  addError(error: ScanError): void {
    this.result.errors.push(error);
  }

  finish(): ScanResult {
    const r = this.result;
    r.findings.sort(compareFindings);
    r.files.sort((a, b) => cmp(a.path, b.path));
    r.skipped.sort((a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason));
    r.incomplete.sort((a, b) => cmp(a.path, b.path) || cmp(a.detector, b.detector));
    r.errors.sort((a, b) => cmp(a.path ?? "", b.path ?? "") || cmp(a.code, b.code));
    return r;
  }

  /** Scans one file; never throws (every failure becomes an error/skip/incomplete entry). */
  async scanFile(input: ScanInput): Promise<void> {
    const started = performance.now();
    const { settings } = this.options;
    const modelLike = isModelLikePath(input.path);
    const file: ScannedFile = { path: input.path, fileKind: "other", bytes: input.size, detectors: [], ms: 0 };
    try {
      if (input.size > settings.limits.maxFileBytes) {
        const details = `${input.size} bytes is over the ${settings.limits.maxFileBytes}-byte file limit`;
        this.result.skipped.push({ path: input.path, reason: "too_large", details });
        this.markIncomplete(input.path, "core", details, modelLike);
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = await input.read();
      } catch (error) {
        const message = (error as Error).message;
        if ((error as { skipReason?: string }).skipReason === "lfs_pointer") {
          // An LFS object that is not here: a model must not pass unread; other data is only logged.
          this.result.skipped.push({ path: input.path, reason: "lfs_pointer", details: message });
          if (modelLike) this.markIncomplete(input.path, "core", message, true);
          return;
        }
        this.result.skipped.push({ path: input.path, reason: "unreadable", details: message });
        this.markIncomplete(input.path, "core", `could not be read: ${message}`, modelLike);
        return;
      }
      if (bytes.length > settings.limits.maxFileBytes) {
        // Sizes of staged blobs and LFS objects are only known once read.
        const details = `${bytes.length} bytes is over the ${settings.limits.maxFileBytes}-byte file limit`;
        this.result.skipped.push({ path: input.path, reason: "too_large", details });
        this.markIncomplete(input.path, "core", details, modelLike);
        return;
      }
      file.bytes = bytes.length;
      const sniffed = sniff(bytes, input.path);
      file.fileKind = fileKindOf(input.path, sniffed);
      let source: Source;
      let locateJsonLines: (() => { lines: CellJsonLines[]; note?: string }) | undefined;
      if (sniffed.kind === "binary") {
        source = { kind: "binary", path: input.path, bytes, format: sniffed.format ?? "unknown" };
      } else {
        if (bytes.length > MAX_TEXT_BYTES) {
          const details = `text file of ${bytes.length} bytes is over the ${MAX_TEXT_BYTES}-byte text limit`;
          this.result.skipped.push({ path: input.path, reason: "too_large", details });
          this.markIncomplete(input.path, "core", details, false);
          return;
        }
        const decoded = decodeText(bytes);
        if (decoded.encoding !== "utf-8") {
          this.result.notes.push({ path: input.path, message: `not UTF-8: decoded as ${decoded.encoding}` });
        }
        if (sniffed.kind === "notebook") {
          try {
            const parsed = parseNotebook(input.path, decoded.text);
            source = parsed.source;
            locateJsonLines = parsed.locateJsonLines;
            for (const message of parsed.notes) this.result.notes.push({ path: input.path, message });
          } catch (error) {
            const message = error instanceof NotebookParseError ? error.message : String(error);
            this.result.skipped.push({ path: input.path, reason: "parse_error", details: `notebook: ${message}` });
            this.result.errors.push({ path: input.path, code: "notebook_parse_error", message: `invalid notebook: ${message}` });
            this.markIncomplete(input.path, "core", `invalid notebook: ${message}`, false);
            return;
          }
        } else {
          source = { kind: "text", path: input.path, text: decoded.text };
        }
      }

      const facts: FileFacts = {
        path: input.path,
        kind: source.kind,
        fileKind: file.fileKind,
        ...(source.kind === "binary" ? { format: source.format } : {}),
      };
      const offload = this.options.offload;
      if (source.kind === "binary" && offload?.wants(facts, bytes)) {
        file.detectors.push(...(await this.runOffloaded(offload, input.path, bytes)));
        return;
      }
      const wanted = this.options.detectors.filter((d) => d.wants(facts));
      if (wanted.length === 0 && source.kind === "binary") {
        const reason: SkipReason = source.format === "unknown" ? "binary_not_scannable" : "unsupported_format";
        this.result.skipped.push({
          path: input.path,
          reason,
          details: source.format === "unknown" ? "binary file of no known format" : `no detector reads ${source.format} files`,
        });
        if (file.fileKind === "model") {
          this.markIncomplete(input.path, "core", `model-like file in a format no detector reads (${source.format})`, true);
        }
      }
      const descriptors: { descriptor: ReportDescriptor; rule: RuleMeta; detector: string }[] = [];
      for (const entry of wanted) {
        file.detectors.push(entry.id);
        const t0 = performance.now();
        try {
          const loaded = await this.load(entry);
          await this.runDetector(loaded, source, descriptors);
        } catch (error) {
          const message = (error as Error)?.message ?? String(error);
          this.result.errors.push({ path: input.path, detector: entry.id, code: "detector_failed", message });
          this.markIncomplete(input.path, entry.id, `detector ${entry.id} failed: ${message}`, file.fileKind === "model");
        } finally {
          this.result.timings[entry.id] = (this.result.timings[entry.id] ?? 0) + (performance.now() - t0);
        }
      }
      const located = descriptors.length > 0 ? locateJsonLines?.() : undefined;
      if (located?.note) this.result.notes.push({ path: input.path, message: located.note });
      const findings = buildFindings(source, descriptors, {
        ...(located ? { jsonLines: located.lines } : {}),
        ...(this.options.severityOverrides ? { severityOverrides: this.options.severityOverrides } : {}),
      });
      this.result.findings.push(...findings);
    } catch (error) {
      // A bug in core itself: still never a silent pass.
      this.result.errors.push({ path: input.path, code: "internal_error", message: (error as Error)?.message ?? String(error) });
      this.markIncomplete(input.path, "core", "internal error while scanning", modelLike);
    } finally {
      file.ms = performance.now() - started;
      this.result.files.push(file);
      this.options.onFile?.(file, this.result.findings.length);
    }
  }

  /** Runs one file through the offload and merges its result; returns the detectors that ran. */
  private async runOffloaded(offload: Offload, path: string, bytes: Uint8Array): Promise<string[]> {
    const outcome = await offload.scan(path, bytes);
    if (!("result" in outcome)) {
      const message = "timedOut" in outcome ? outcome.timedOut : outcome.failed;
      this.result.errors.push({ path, code: "timedOut" in outcome ? "timeout" : "scan_thread_failed", message });
      // Only binary (model-format) files are offloaded: either way a blocking models/incomplete finding.
      this.markIncomplete(path, "core", message, true);
      return [];
    }
    // This scanner records the file itself (scanFile's finally): everything else is merged.
    appendResult(this.result, outcome.result, { files: false });
    return outcome.result.files.flatMap((f) => f.detectors);
  }

  private async runDetector(
    loaded: LoadedDetector,
    source: Source,
    out: { descriptor: ReportDescriptor; rule: RuleMeta; detector: string }[],
  ): Promise<void> {
    const { detector, rules } = loaded;
    const id = detector.meta.id;
    const path = source.path;
    const isModel = source.kind === "binary";
    await detector.scan(source, {
      options: { ...detector.defaultOptions, ...this.options.detectorOptions?.[id] },
      settings: this.options.settings,
      project: this.options.project,
      signal: this.options.signal ?? new AbortController().signal,
      report: (descriptor) => {
        const rule = rules.get(descriptor.ruleId);
        if (!rule) {
          this.result.errors.push({ path, detector: id, code: "undeclared_rule", message: `reported undeclared rule ${descriptor.ruleId}` });
          return;
        }
        out.push({ descriptor, rule, detector: id });
      },
      skip: (reason, details) => {
        this.result.skipped.push({ path, reason, detector: id, ...(details === undefined ? {} : { details }) });
      },
      incomplete: (details, at) => {
        this.markIncomplete(path, id, details, isModel);
        if (isModel) {
          out.push({
            descriptor: {
              ruleId: INCOMPLETE_RULE.id,
              message: `Not fully analysed by the ${id} detector: ${details}`,
              at: at ?? { kind: "binary" },
              evidence: details.slice(0, 160),
              identity: `${id}:${details}`,
            },
            rule: INCOMPLETE_RULE,
            detector: id,
          });
        }
      },
      note: (message) => {
        this.result.notes.push({ path, message: `${id}: ${message}` });
      },
    });
  }

  /** Records an incomplete scan; for models also a blocking `models/incomplete` finding. */
  private markIncomplete(path: string, detector: string, details: string, asFinding: boolean): void {
    this.result.incomplete.push({ path, detector, details });
    if (asFinding && detector === "core") {
      const source: Source = { kind: "binary", path, bytes: new Uint8Array(), format: "unknown" };
      const at: SourceRange = { kind: "binary" };
      this.result.findings.push(
        ...buildFindings(source, [
          {
            descriptor: { ruleId: INCOMPLETE_RULE.id, message: `Not analysed: ${details}`, at, evidence: details.slice(0, 160) },
            rule: INCOMPLETE_RULE,
            detector: "core",
          },
        ]),
      );
    }
  }
}

/** Adds `part` to `into` (unsorted): findings, scan-log entries, timings and rules; files unless told not to. */
export function appendResult(into: ScanResult, part: ScanResult, options: { files?: boolean } = {}): void {
  into.findings.push(...part.findings);
  if (options.files !== false) into.files.push(...part.files);
  into.skipped.push(...part.skipped);
  into.errors.push(...part.errors);
  into.incomplete.push(...part.incomplete);
  into.notes.push(...part.notes);
  for (const [id, ms] of Object.entries(part.timings)) into.timings[id] = (into.timings[id] ?? 0) + ms;
  for (const [id, rule] of part.rules) into.rules.set(id, rule);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PART_ORDER = { source: 0, output: 1 } as const;

function locationKey(f: Finding): number[] {
  const l = f.location;
  switch (l.kind) {
    case "text":
    case "metadata":
      return [l.kind === "metadata" ? -1 : 0, l.start.line, l.start.column];
    case "cell":
      return [l.cell.index, PART_ORDER[l.cell.part], l.cell.outputIndex ?? -1, l.start.line, l.start.column];
    case "binary":
      return [0, l.byteOffset ?? -1];
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  const byPath = cmp(a.location.path, b.location.path);
  if (byPath) return byPath;
  const ka = locationKey(a);
  const kb = locationKey(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -2) - (kb[i] ?? -2);
    if (d) return d;
  }
  const memberOrder = cmp(
    a.location.kind === "binary" ? (a.location.member ?? "") : "",
    b.location.kind === "binary" ? (b.location.member ?? "") : "",
  );
  return memberOrder || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}
