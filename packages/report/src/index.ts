export { buildReport, emptyBySeverity, isBlocking, type ReportInput } from "./build.js";
export { REPORT_SCHEMA_URL, type BySeverity, type KindSummary, type Report } from "./model.js";
export { describeLocation, formatText, summaryLine, type TextOptions } from "./text.js";
export { formatHtml, type HtmlOptions } from "./html.js";
export { mergeReports } from "./merge.js";
export { formatSarif, toSarif, sarifLevel, type SarifLog } from "./sarif.js";
// Validation (ajv) lives at "@watchtower/report/validate" so that importing the formatters stays cheap.
