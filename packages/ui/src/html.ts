/**
 * The findings view is the HTML report of @watchtower/report, not a second renderer: the scan
 * function normally passes it (rendered with the rule metadata); otherwise it is rendered here
 * from the JSON report, once, on first request.
 */
import type { Report } from "@watchtower/report";

import type { ScanRecord } from "./scans.js";

type Formatter = (report: Report) => string;

export async function reportHtml(result: NonNullable<ScanRecord["result"]>): Promise<string> {
  if (result.html !== undefined) return result.html;
  const mod = (await import("@watchtower/report")) as unknown as { formatHtml?: Formatter };
  if (typeof mod.formatHtml !== "function") throw new Error("@watchtower/report does not export formatHtml");
  result.html = mod.formatHtml(result.report as Report);
  return result.html;
}
