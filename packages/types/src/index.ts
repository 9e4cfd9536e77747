/**
 * Shared types of watchtower-hook: the detector interface and the finding/report model.
 * coupling: schemas/finding.v1.schema.json and schemas/report.v1.schema.json mirror these types.
 */

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank of a severity (info = 0 … critical = 4), for comparisons. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** `<detector>/<kebab-case>`; never renamed once released (deprecate instead). */
export type RuleId = `${string}/${string}`;

/** What a finding is about; drives the summary and the report's grouping. */
export const CATEGORIES = ["secrets", "pii", "dependencies", "licenses", "code", "models"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Standards a rule maps to. Every list is optional because not every standard has a fitting entry.
 * Values are ids exactly as the standard writes them: "CWE-798", "A07:2021", "ML06:2023",
 * "AML.T0010.003", NIST AI RMF functions "GOVERN" | "MAP" | "MEASURE" | "MANAGE".
 */
export interface StandardsMapping {
  cwe?: readonly string[];
  /** OWASP Top 10 (2021) ids such as "A08:2021". */
  owaspTop10?: readonly string[];
  /** OWASP Machine Learning Security Top 10 (2023) ids such as "ML06:2023". */
  owaspMlTop10?: readonly string[];
  /** MITRE ATLAS technique ids such as "AML.T0010". */
  mitreAtlas?: readonly string[];
  nistAiRmf?: readonly string[];
}

export interface RuleMeta {
  id: RuleId;
  /** Short title (sentence case, no trailing period). */
  title: string;
  /** One sentence, ends with a period. Shown in --list-rules, --explain and SARIF. */
  description: string;
  category: Category;
  defaultSeverity: Severity;
  /** How to fix it, one or two sentences. Shown with every finding. */
  fix: string;
  /** README anchor, see {@link docsUrlFor}. */
  docsUrl: string;
  /** Version that introduced the rule. */
  since: string;
  standards: StandardsMapping;
  /** Rules that are heuristics say so (shown in reports). */
  heuristic?: boolean;
}

/** Base of the published docs; README anchors follow GitHub's slug rules. */
export const DOCS_BASE = "https://github.com/watchtower-hook/watchtower-hook/blob/main/packages";

/**
 * README anchor of a rule: `## secrets/aws-access-key-id` → `#secretsaws-access-key-id`
 * (GitHub drops `/` and keeps `-`).
 */
export function docsUrlFor(packageFolder: string, ruleId: string): string {
  const anchor = ruleId.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");
  return `${DOCS_BASE}/${packageFolder}/README.md#${anchor}`;
}

// ---------------------------------------------------------------------------------------------
// Sources: what a detector is given.

/**
 * Binary formats recognised by content (magic bytes), with the extension only as a tie-breaker.
 * "zip" covers PyTorch archives, .keras, .npz and any other zip; detectors look inside.
 */
export const BINARY_FORMATS = [
  "pickle",
  "zip",
  "numpy",
  "hdf5",
  "protobuf",
  "safetensors",
  "gguf",
  "onnx",
  "sevenzip",
  "gzip",
  "zlib",
  "bzip2",
  "xz",
  "lzma",
  "tar",
  "tflite",
  "unknown",
] as const;
export type BinaryFormat = (typeof BINARY_FORMATS)[number];

export interface TextSource {
  kind: "text";
  /** Repository-relative path with `/` separators. */
  path: string;
  text: string;
}

/** One output of a notebook cell, already reduced to scannable text. */
export interface NotebookOutput {
  /**
   * 0-based position in `NotebookCell.outputs` (this scannable list). `SourceRange.outputIndex` refers
   * to this number. One nbformat output with several text renders (text/plain + text/html) gives
   * several entries, each with its own `index` and the same `outputIndex`.
   */
  index: number;
  /** 0-based position in the notebook's own `outputs` array (what users and reports see). */
  outputIndex: number;
  /** nbformat output_type: "stream", "execute_result", "display_data", "error". */
  outputType: string;
  /** MIME type the text came from ("text/plain", "text/html", …); stream and error outputs use "text/plain". */
  mimeType: string;
  /**
   * Text as shown to the user. Error tracebacks are joined with "\n" and ANSI escapes are replaced
   * by spaces of the same length, so offsets into this text are offsets into the stored text too.
   */
  text: string;
}

export interface NotebookCell {
  /** 0-based position in nb.cells. */
  index: number;
  /** nbformat >= 4.5 cell id. */
  id?: string;
  cellType: "code" | "markdown" | "raw";
  /** Joined source lines. */
  source: string;
  /**
   * Scannable text outputs. Base64 payloads (images, widget state, application/vnd.*) are never
   * included: they are binary data, not text.
   */
  outputs: readonly NotebookOutput[];
  /** Tags from cell metadata (used for suppressions). */
  tags?: readonly string[];
}

export interface NotebookSource {
  kind: "notebook";
  path: string;
  cells: readonly NotebookCell[];
  /** Notebook-level metadata serialised as JSON text; scanned for secrets only. */
  metadataText?: string;
  /** e.g. "python", from metadata.kernelspec.language / language_info.name. */
  language?: string;
}

export interface BinarySource {
  kind: "binary";
  path: string;
  bytes: Uint8Array;
  format: BinaryFormat;
}

export type Source = TextSource | NotebookSource | BinarySource;
export type SourceKind = Source["kind"];

// ---------------------------------------------------------------------------------------------
// What a detector reports.

/** Where a reported match is. Offsets start at 0 and count UTF-16 code units. */
export type SourceRange =
  | { kind: "text"; offset: number; length: number }
  | {
      kind: "cell";
      /** 0-based cell index. */
      cellIndex: number;
      part: "source" | "output";
      /** `NotebookOutput.index` (position in `NotebookCell.outputs`); required when part is "output". */
      outputIndex?: number;
      offset: number;
      length: number;
    }
  | { kind: "metadata"; offset: number; length: number }
  | {
      kind: "binary";
      /** 0-based byte offset in the file (or in `member` when given). */
      byteOffset?: number;
      byteLength?: number;
      /** Zip entry name, HDF5 object path, pickle number, "graph/node" path … */
      member?: string;
    };

export interface ReportDescriptor {
  /** Must be one of the reporting detector's meta.rules. */
  ruleId: RuleId;
  /** Human-readable; may contain `secret`, which core replaces by its redaction. */
  message: string;
  at: SourceRange;
  /** Raw sensitive value (secret, PII). Never leaves core unredacted. */
  secret?: string;
  /**
   * Non-sensitive evidence to show as is (e.g. "os.system", "torch==1.13.0"). Ignored when
   * `secret` is given.
   */
  evidence?: string;
  /** Override of the rule's default severity. */
  severity?: Severity;
  /** Override of the rule's fix hint for this finding. */
  fix?: string;
  /**
   * Key used for fingerprints and for merging identical findings instead of the matched text
   * (e.g. "os.system" for a pickle global). Defaults to `secret ?? evidence ?? message`.
   */
  identity?: string;
  /** Extra facts shown in reports (advisory ids, module names …). */
  data?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export const SKIP_REASONS = [
  "too_large",
  "unsupported_format",
  "parse_error",
  "ignored",
  "binary_not_scannable",
  "unreadable",
  "symlink",
  "not_utf8",
  "lfs_pointer",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Resource limits; hitting one is reported, never a silent pass. */
export interface Limits {
  /** Files larger than this are skipped (and count as incomplete when they look like models). Bytes. */
  maxFileBytes: number;
  /** Total bytes a single file may decompress to (zip members, joblib streams). */
  maxDecompressedBytes: number;
  /** Largest allowed decompressed / compressed ratio per member (zip bombs). */
  maxCompressionRatio: number;
  /** Opcodes executed per pickle before giving up. */
  maxPickleOps: number;
  /** Pickle stack and memo entries. */
  maxPickleStack: number;
  /** Nesting depth for containers (zip in zip, JSON configs, pickle structures). */
  maxNestingDepth: number;
  /** Characters of one notebook output scanned by text rules; the rest is reported as truncated. */
  maxOutputChars: number;
  /** Characters of one line given to regex rules. */
  maxLineChars: number;
  /**
   * Wall-clock seconds one file may spend in detectors that run native (wasm) parsers, which are
   * scanned on a separate thread for this reason; past it the thread is stopped and the file is
   * reported incomplete.
   */
  maxFileSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 512 * 1024 * 1024,
  maxDecompressedBytes: 2 * 1024 * 1024 * 1024,
  // Deflate tops out near 1032:1; legitimate joblib/npz data with long zero runs reaches a few hundred.
  maxCompressionRatio: 1000,
  maxPickleOps: 50_000_000,
  maxPickleStack: 1_000_000,
  maxNestingDepth: 64,
  maxOutputChars: 2 * 1024 * 1024,
  maxLineChars: 64 * 1024,
  // Generous: a 100 MB Keras file takes well under a second; this only catches a parser that hangs.
  maxFileSeconds: 120,
};

/** Settings every detector sees, from the CLI and config. */
export interface ScanSettings {
  /** Unknown pickle globals and Keras modules are high instead of medium. */
  strictModels: boolean;
  limits: Limits;
  /** Network lookups allowed (licence lookups); false by default and always false in tests. */
  online: boolean;
}

/**
 * Read-only view of the other files in the scan (the git index in staged mode, the tree with --all).
 * Lets a detector resolve `-r other.txt` or read installed package metadata without touching fs.
 */
export interface ProjectView {
  /** Repository-relative paths of every file in the scan scope, sorted. */
  paths(): readonly string[];
  /** Text of a repository-relative path, or undefined when absent or not text. */
  readText(path: string): Promise<string | undefined>;
}

export interface ScanContext<Options extends object = Record<string, never>> {
  options: Readonly<Options>;
  settings: Readonly<ScanSettings>;
  project: ProjectView;
  signal: AbortSignal;
  report(descriptor: ReportDescriptor): void;
  /** The detector could not look at this file at all. */
  skip(reason: SkipReason, details?: string): void;
  /**
   * The file was only partly analysed (parse error, limit hit, unsupported member). Core turns this
   * into a `models/incomplete` finding for model files, or a scan-log entry for text files; it fails
   * the scan unless --allow-incomplete.
   */
  incomplete(details: string, at?: SourceRange): void;
  /** A scan-log note that is neither a finding nor a failure (e.g. "output truncated at 2 MiB"). */
  note(message: string): void;
}

export interface DetectorMeta {
  /** One word: "secrets", "pickle" … */
  id: string;
  /** Source kinds this detector wants; the runner never passes others. */
  accepts: readonly SourceKind[];
  /** For binary sources: the formats it understands. */
  formats?: readonly BinaryFormat[];
  rules: readonly RuleMeta[];
}

export interface Detector<Options extends object = Record<string, never>> {
  meta: DetectorMeta;
  defaultOptions: Options;
  /** Pure: no fs, no process, no console. Everything goes through ctx. */
  scan(source: Source, ctx: ScanContext<Options>): void | Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Findings and reports (what core produces).

/** line and column start at 1; offset starts at 0 (UTF-16 code units of the scanned text). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface CellRef {
  /** 0-based index over all cells. */
  index: number;
  id?: string;
  cellType: "code" | "markdown" | "raw";
  part: "source" | "output";
  /** 0-based output index when part is "output". */
  outputIndex?: number;
  mimeType?: string;
}

export type Location =
  | { kind: "text"; path: string; start: Position; end: Position }
  | {
      kind: "cell";
      path: string;
      cell: CellRef;
      /** Cell-relative positions (line 1 is the first line of the cell source or output). */
      start: Position;
      end: Position;
      /** 1-based line in the .ipynb JSON where this cell source/output starts (for SARIF viewers). */
      jsonLine?: number;
    }
  | { kind: "metadata"; path: string; start: Position; end: Position }
  | { kind: "binary"; path: string; byteOffset?: number; byteLength?: number; member?: string };

export interface Evidence {
  /** "AKIA…(20)" for secrets; plain text for non-sensitive evidence. */
  redacted: string;
  /** Length of the raw value in UTF-16 code units. */
  length: number;
}

export interface Suppression {
  by: "inline" | "baseline" | "config";
  reason?: string;
}

export interface Finding {
  ruleId: RuleId;
  detector: string;
  category: Category;
  severity: Severity;
  title: string;
  /** Already redacted. */
  message: string;
  location: Location;
  /** Other places of the same finding (same secret in a cell's source and its traceback …). */
  relatedLocations?: Location[];
  evidence?: Evidence;
  /** The line around the finding with every secret of the file redacted, trimmed to ~160 characters. */
  excerpt?: string;
  fix: string;
  /** "wt1:" + hex sha256; see core/fingerprint.ts. Contains no line numbers. */
  fingerprint: string;
  docsUrl: string;
  standards: StandardsMapping;
  data?: Record<string, string | number | boolean | readonly string[]>;
  suppressed?: Suppression;
}

export type FileKind = "notebook" | "manifest" | "code" | "model" | "text" | "other";

export interface ScanError {
  path?: string;
  detector?: string;
  code: string;
  message: string;
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detector?: string;
  details?: string;
}

export interface IncompleteScan {
  path: string;
  detector: string;
  details: string;
}

/** Where a report's files came from (Watchtower's "Repository Type" / "Repository URL"). */
export interface ScanOrigin {
  type: "directory" | "git-index" | "git-url" | "s3" | "huggingface";
  /** Path, URL, s3://bucket/prefix or owner/name; never carries credentials. */
  location: string;
  revision?: string;
  commit?: string;
}

/** What the runner knows about a file before any detector is loaded. */
export interface FileFacts {
  path: string;
  kind: SourceKind;
  /** For binary sources. */
  format?: BinaryFormat;
  fileKind: FileKind;
}

/**
 * A detector as the runner sees it before loading it: cheap routing plus a lazy loader, so a commit
 * touching one `.py` file never pays for HDF5 wasm or the advisory database.
 */
export interface DetectorEntry {
  id: string;
  wants(file: FileFacts): boolean;
  load(): Promise<Detector<object>>;
}

/** One accepted finding. coupling: schemas/baseline.v1.schema.json */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  severity?: Severity;
  /** Human hint only ("cell 4 output 0"); never used for matching. */
  where?: string;
  reason?: string;
}

export interface Baseline {
  $schema?: string;
  schemaVersion: "1.0.0";
  generatedAt?: string;
  entries: BaselineEntry[];
}
