/** The contract between the UI server and whoever runs the scans (the CLI injects `scan`). */

export type ScanKind = "folder" | "git" | "s3" | "hf";

export const SCAN_KINDS: readonly ScanKind[] = ["folder", "git", "s3", "hf"];

/**
 * What the user asked for, checked by `parseScanRequest` (shape, length, no control characters,
 * nothing that starts with "-", the right URL scheme per kind). The scan function still validates
 * the target the way the CLI does for `--all`, `--repo`, `--s3` and `--hf`.
 */
export interface ScanRequest {
  kind: ScanKind;
  /** folder: a path (relative to the CLI's working directory); git: an http(s) URL; s3: s3://bucket/prefix; hf: owner/name or datasets/owner/name. */
  target: string;
  /** git: branch, tag or commit; hf: revision. Absent for folder and s3. */
  ref?: string;
}

export interface ScanProgress {
  /** Files scanned so far. */
  files: number;
  /** Bytes of those files. */
  bytes: number;
  /** Findings so far. */
  findings: number;
  /** Files to scan, once known. */
  total?: number;
  /** A short phase label ("cloning", "listing objects", "scanning"), shown as is. */
  stage?: string;
}

export interface ScanResult {
  /** The JSON report (schemas/report.v1.schema.json), served as is for download. */
  reportJson: object;
  /** SARIF 2.1.0 text, offered for download when present. */
  sarif?: string;
  /**
   * The self-contained HTML report (`formatHtml(report, rules)` from @watchtower/report). When
   * absent the UI renders it from `reportJson` without rule metadata.
   */
  html?: string;
}

/**
 * Runs one scan. Call `onProgress` as often as you like (the UI throttles what it sends to the
 * page); stop promptly and reject when `signal` aborts. A rejection's message is shown to the
 * user, so keep secrets out of it.
 */
export type ScanFunction = (request: ScanRequest, onProgress: (progress: ScanProgress) => void, signal: AbortSignal) => Promise<ScanResult>;

export interface UiOptions {
  /** TCP port; 0 (the default) lets the system choose a free one. */
  port?: number;
  /** Only "127.0.0.1" is accepted; any other value throws before anything listens. */
  host?: string;
  scan: ScanFunction;
  /** One line per event (scan started/finished, refused requests); default: nothing. */
  log?: (line: string) => void;
}

export interface UiServer {
  /** `http://127.0.0.1:<port>/?token=<token>`: the only way in. */
  url: string;
  token: string;
  port: number;
  /** Cancels a running scan, ends every open connection and stops listening. Safe to call twice. */
  close(): Promise<void>;
}
