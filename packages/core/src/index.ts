export { CORE_RULES, INCOMPLETE_RULE } from "./core-rules.js";
export { buildFindings, type BuildOptions, type Reported } from "./findings.js";
export { fingerprint, type FingerprintParts } from "./fingerprint.js";
export { redact, redactAll } from "./redact.js";
export {
  compareFindings,
  type Offload,
  type OffloadOutcome,
  Scanner,
  type ScanInput,
  type ScannedFile,
  type ScanNote,
  type ScanOptions,
  type ScanResult,
} from "./runner.js";
export { cellSuppression, lineSuppression, parseDirectives } from "./suppress.js";
export { applyBaseline, createBaseline } from "./baseline.js";
export { mergeResults } from "./merge-results.js";
