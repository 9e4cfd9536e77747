/**
 * Test helpers. Personal-data values are assembled at test time (check digits computed here), so the
 * repository's own sources hold no complete card numbers, SSNs or IBANs for scanners to trip on.
 */
import type { Detector, ReportDescriptor, Source } from "@watchtower/types";
import { severityRank } from "@watchtower/types";
import { runDetector, textAt } from "@watchtower/tester";

import { detector } from "../src/index.js";
import type { PiiOptions } from "../src/scan.js";

/** Completes `prefix` to `length` digits with a valid Luhn check digit. */
export function luhnCard(prefix: string, length: number, fill = "7"): string {
  let body = prefix;
  let k = 0;
  while (body.length < length - 1) body += String((Number(fill) + k++ * 3) % 10);
  for (let d = 0; d <= 9; d++) if (luhnOk(body + d)) return body + d;
  throw new Error("unreachable");
}

/** The same digits with a wrong check digit. */
export function luhnBroken(card: string): string {
  const last = Number(card.at(-1));
  return card.slice(0, -1) + String((last + 1) % 10);
}

export function luhnOk(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let v = Number(d[i]);
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

export function grouped(digits: string, sizes: readonly number[], sep = " "): string {
  const out: string[] = [];
  let i = 0;
  for (const s of sizes) {
    out.push(digits.slice(i, i + s));
    i += s;
  }
  return out.join(sep);
}

export const ssn = (area: string, group: string, serial: string, sep = "-"): string => [area, group, serial].join(sep);

/** An IBAN with correct mod-97 check digits for `country` + `bban`. */
export function iban(country: string, bban: string): string {
  const numeric = (s: string): string => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const rearranged = numeric(bban + country + "00");
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + Number(ch)) % 97;
  const check = String(98 - rem).padStart(2, "0");
  return country + check + bban;
}

export function ibanBroken(valid: string): string {
  const check = Number(valid.slice(2, 4));
  return valid.slice(0, 2) + String(((check + 1) % 97) + 2).padStart(2, "0") + valid.slice(4);
}

export const mail = (local: string, domain: string): string => `${local}@${domain}`;

/**
 * A pandas-style `text/plain` DataFrame render: index column left-aligned, every column right-aligned
 * to max(header, values) and joined by two spaces (what `repr(df)` prints for object columns).
 */
export function renderPlain(headers: readonly string[], rows: readonly (readonly string[])[], index?: readonly string[]): string {
  const idx = index ?? rows.map((_, i) => String(i));
  const idxW = Math.max(...idx.map((s) => s.length));
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (first: string, cells: readonly string[]): string =>
    first.padEnd(idxW) + cells.map((v, c) => "  " + v.padStart(widths[c]!)).join("");
  return [line("", headers), ...rows.map((r, i) => line(idx[i]!, r))].join("\n");
}

/** A pandas-style `text/html` DataFrame render (`df.to_html()` / the notebook's rich display). */
export function renderHtml(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const out = ['<div>', '<table border="1" class="dataframe">', "  <thead>", '    <tr style="text-align: right;">', "      <th></th>"];
  for (const h of headers) out.push(`      <th>${esc(h)}</th>`);
  out.push("    </tr>", "  </thead>", "  <tbody>");
  rows.forEach((r, i) => {
    out.push("    <tr>", `      <th>${i}</th>`);
    for (const v of r) out.push(`      <td>${esc(v)}</td>`);
    out.push("    </tr>");
  });
  out.push("  </tbody>", "</table>", "</div>");
  return out.join("\n");
}

export interface Found {
  ruleId: string;
  severity: string;
  text: string;
  identity: string | undefined;
  report: ReportDescriptor;
}

export async function scan(source: Source, options: Partial<PiiOptions> = {}, settings = {}): Promise<{ found: Found[]; notes: string[] }> {
  const rec = await runDetector(detector as Detector<PiiOptions>, source, { options, settings });
  const found = rec.reports.map((r) => ({
    ruleId: r.ruleId,
    severity: r.severity ?? "low",
    text: textAt(source, r.at),
    identity: r.identity,
    report: r,
  }));
  return { found, notes: rec.notes };
}

export const atOrAbove = (found: readonly Found[], sev: "medium" | "high"): Found[] =>
  found.filter((f) => severityRank(f.severity as "low") >= severityRank(sev));

export const texts = (found: readonly Found[], ruleId?: string): string[] =>
  found.filter((f) => ruleId === undefined || f.ruleId === ruleId).map((f) => f.text);
