/** IBANs: country length, account format and mod-97 checksum (ibantools). */
import type { Severity } from "@watchtower/types";

import type { Scan } from "./common.js";
import { columnAt, contextOf, keyInfo } from "./common.js";

/** Examples from the IBAN registry, the ECBS and Wikipedia: real data only where data is printed. */
const EXAMPLE_IBANS: Readonly<Record<string, string>> = {
  DE89370400440532013000: "the usual German example",
  GB82WEST12345698765432: "ECBS / IBAN registry example",
  GB29NWBK60161331926819: "IBAN registry example",
  GB33BUKB20201555555555: "IBAN registry example",
  FR1420041010050500013M02606: "IBAN registry example",
  NL91ABNA0417164300: "IBAN registry example",
  BE68539007547034: "IBAN registry example",
  CH9300762011623852957: "IBAN registry example",
  ES9121000418450200051332: "IBAN registry example",
  IT60X0542811101000000123456: "IBAN registry example",
  AT611904300234573201: "IBAN registry example",
};

const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8,34}/g;

export function findIbans(scan: Scan): void {
  for (const m of scan.text.matchAll(CANDIDATE)) {
    const s = m[0];
    const country = s.slice(0, 2);
    const len = scan.libs.ibanLength(country);
    if (len === undefined) continue;
    // Take exactly the country's length, skipping single spaces; groups of four when spaced.
    let count = 0;
    let end = 0;
    while (end < s.length && count < len) {
      if (s[end] !== " ") count++;
      end++;
    }
    if (count < len) continue;
    const next = scan.text[m.index + end];
    if (next !== undefined && /[A-Z0-9]/i.test(next)) continue;
    const raw = s.slice(0, end);
    const groups = raw.split(" ");
    if (groups.length > 1 && groups.slice(0, -1).some((g) => g.length !== 4)) continue;
    const electronic = groups.join("");
    if (!scan.libs.isValidIban(electronic)) continue;
    const ctx = contextOf(scan, m.index, raw.length, "iban");
    const example = electronic in EXAMPLE_IBANS;
    const labelled = ctx.field !== undefined;
    let sev: Severity;
    if (scan.seg.mode === "code") sev = labelled && !example ? "medium" : "low";
    else sev = example && scan.seg.mode === "docs" ? "low" : "medium";
    scan.add({
      entity: "iban",
      offset: m.index,
      length: raw.length,
      normalized: electronic,
      severity: sev,
      basis: labelled ? "column or key" : "mod-97 checksum",
      ...columnAt(scan, m.index, raw.length),
      ...keyInfo(ctx),
      example,
      extra: { country },
    });
  }
}
