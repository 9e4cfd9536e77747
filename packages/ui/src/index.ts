/**
 * @watchtower/ui: `watchtower-hook ui`, a local web page to scan a folder, a git URL, an S3 prefix
 * or a Hugging Face repo and explore the reports. The CLI injects the scan function; this package
 * never imports the CLI and never starts processes.
 */
export { startUi, HOST } from "./server.js";
export { parseScanRequest, RequestError } from "./request.js";
export type { ScanFunction, ScanKind, ScanProgress, ScanRequest, ScanResult, UiOptions, UiServer } from "./types.js";
export type { ScanView, ScanStateName, ReportSummary } from "./scans.js";
