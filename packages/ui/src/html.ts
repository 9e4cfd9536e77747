/**
 * The findings view is the HTML report of @watchtower/report, not a second renderer: the scan
 * function normally passes it (rendered with the rule metadata); otherwise it is rendered here
 * from the JSON report, once, on first request. If that is impossible the frame says so and
 * points at the downloads.
 */
import type { Report } from "@watchtower/report";

import type { ScanRecord } from "./scans.js";

type Formatter = (report: Report) => string;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unavailable(reason: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>HTML report unavailable</title></head><body><p>The HTML report could not be rendered (${escape(reason)}). The JSON report holds every finding; download it above.</p></body></html>\n`;
}

export async function reportHtml(result: NonNullable<ScanRecord["result"]>): Promise<string> {
  if (result.html !== undefined) return result.html;
  try {
    const mod = (await import("@watchtower/report")) as unknown as { formatHtml?: Formatter };
    if (typeof mod.formatHtml !== "function") return unavailable("this build of @watchtower/report has no HTML formatter");
    result.html = mod.formatHtml(result.report as Report);
    return result.html;
  } catch (error) {
    return unavailable(error instanceof Error ? error.message : String(error));
  }
}
