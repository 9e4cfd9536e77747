/**
 * Helpers for detector tests: build sources without touching the file system and run a detector
 * with a context that records everything it is told.
 */
import type {
  BinaryFormat,
  Detector,
  NotebookCell,
  NotebookSource,
  ProjectView,
  ReportDescriptor,
  ScanSettings,
  SkipReason,
  SourceRange,
  TextSource,
  BinarySource,
  Source,
} from "@watchtower/types";
import { DEFAULT_LIMITS } from "@watchtower/types";

export interface Recorded {
  reports: ReportDescriptor[];
  skips: { reason: SkipReason; details?: string }[];
  incompletes: { details: string; at?: SourceRange }[];
  notes: string[];
}

export interface RunOptions<Options extends object> {
  options?: Partial<Options>;
  settings?: Partial<ScanSettings>;
  /** Other files of the pretend repository, path → text. */
  files?: Record<string, string>;
}

export function textSource(path: string, text: string): TextSource {
  return { kind: "text", path, text };
}

export function binarySource(path: string, bytes: Uint8Array, format: BinaryFormat): BinarySource {
  return { kind: "binary", path, bytes, format };
}

export interface CellSpec {
  cellType?: NotebookCell["cellType"];
  source: string;
  id?: string;
  /** Plain strings are stream outputs; objects choose the MIME type. */
  outputs?: (string | { text: string; mimeType?: string; outputType?: string; outputIndex?: number })[];
  tags?: string[];
}

/** A notebook built from cell specs (for tests that do not need the JSON layer). */
export function notebookSource(path: string, cells: CellSpec[]): NotebookSource {
  return {
    kind: "notebook",
    path,
    language: "python",
    cells: cells.map((c, index) => ({
      index,
      ...(c.id === undefined ? {} : { id: c.id }),
      cellType: c.cellType ?? "code",
      source: c.source,
      ...(c.tags === undefined ? {} : { tags: c.tags }),
      outputs: (c.outputs ?? []).map((o, i) =>
        typeof o === "string"
          ? { index: i, outputIndex: i, outputType: "stream", mimeType: "text/plain", text: o }
          : {
              index: i,
              outputIndex: o.outputIndex ?? i,
              outputType: o.outputType ?? "execute_result",
              mimeType: o.mimeType ?? "text/plain",
              text: o.text,
            },
      ),
    })),
  };
}

/** Runs `detector.scan` once with a recording context. */
export async function runDetector<Options extends object>(
  detector: Detector<Options>,
  source: Source,
  run: RunOptions<Options> = {},
): Promise<Recorded> {
  const recorded: Recorded = { reports: [], skips: [], incompletes: [], notes: [] };
  const files = run.files ?? {};
  const project: ProjectView = {
    paths: () => Object.keys(files).sort(),
    readText: (path) => Promise.resolve(files[path]),
  };
  const known = new Set(detector.meta.rules.map((r) => r.id));
  await detector.scan(source, {
    options: { ...detector.defaultOptions, ...run.options } as Options,
    settings: { strictModels: false, online: false, limits: DEFAULT_LIMITS, ...run.settings },
    project,
    signal: new AbortController().signal,
    report(d) {
      if (!known.has(d.ruleId)) throw new Error(`detector ${detector.meta.id} reported undeclared rule ${d.ruleId}`);
      recorded.reports.push(d);
    },
    skip(reason, details) {
      recorded.skips.push({ reason, ...(details === undefined ? {} : { details }) });
    },
    incomplete(details, at) {
      recorded.incompletes.push({ details, ...(at === undefined ? {} : { at }) });
    },
    note(message) {
      recorded.notes.push(message);
    },
  });
  return recorded;
}

/** The text a range points at, for assertions ("the finding covers exactly the key"). */
export function textAt(source: Source, at: SourceRange): string {
  if (at.kind === "text" && source.kind === "text") return source.text.slice(at.offset, at.offset + at.length);
  if (at.kind === "cell" && source.kind === "notebook") {
    const cell = source.cells[at.cellIndex];
    if (!cell) throw new Error(`no cell ${at.cellIndex}`);
    const text = at.part === "source" ? cell.source : cell.outputs[at.outputIndex ?? -1]?.text;
    if (text === undefined) throw new Error(`no output ${at.outputIndex} in cell ${at.cellIndex}`);
    return text.slice(at.offset, at.offset + at.length);
  }
  if (at.kind === "metadata" && source.kind === "notebook") {
    return (source.metadataText ?? "").slice(at.offset, at.offset + at.length);
  }
  throw new Error(`range kind ${at.kind} does not fit source kind ${source.kind}`);
}
