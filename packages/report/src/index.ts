export { buildReport, emptyBySeverity, isBlocking, type ReportInput } from "./build.js";
export { REPORT_SCHEMA_URL, type BySeverity, type KindSummary, type Report } from "./model.js";
export { describeLocation, formatText, summaryLine, type TextOptions } from "./text.js";
export { mergeReports } from "./merge.js";
// Validation (ajv) lives at "@watchtower/report/validate" so that importing the formatters stays cheap.
