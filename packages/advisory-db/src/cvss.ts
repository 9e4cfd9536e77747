/**
 * CVSS base scores from vector strings (v3.0/v3.1 and v2), and score → severity.
 * Formulas: FIRST CVSS v3.1 specification §7 and CVSS v2 guide §3.2.1. CVSS v4 vectors are not scored
 * here (the v4 score needs its macro-vector table); records carrying only v4 fall back to the
 * database's own severity label.
 */
import type { AdvisorySeverity } from "@watchtower/detector-dependencies";

function metrics(vector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of vector.split("/")) {
    const [k, v] = part.split(":");
    if (k && v !== undefined) out.set(k, v);
  }
  return out;
}

/** CVSS v3.1 Roundup: the smallest number with one decimal ≥ x, robust to floating point. */
function roundup(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

const V3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Base score of a `CVSS:3.x/AV:…` vector, or undefined when it is not a complete v3 vector. */
export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector)) return undefined;
  const m = metrics(vector);
  const av = V3.AV[m.get("AV") as keyof typeof V3.AV];
  const ac = V3.AC[m.get("AC") as keyof typeof V3.AC];
  const ui = V3.UI[m.get("UI") as keyof typeof V3.UI];
  const scope = m.get("S");
  const c = V3.CIA[m.get("C") as keyof typeof V3.CIA];
  const i = V3.CIA[m.get("I") as keyof typeof V3.CIA];
  const a = V3.CIA[m.get("A") as keyof typeof V3.CIA];
  const prKey = m.get("PR");
  if (av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  if (scope !== "U" && scope !== "C") return undefined;
  const changed = scope === "C";
  const pr = prKey === "N" ? 0.85 : prKey === "L" ? (changed ? 0.68 : 0.62) : prKey === "H" ? (changed ? 0.5 : 0.27) : undefined;
  if (pr === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return changed ? roundup(Math.min(1.08 * (impact + exploitability), 10)) : roundup(Math.min(impact + exploitability, 10));
}

const V2 = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0, P: 0.275, C: 0.66 },
} as const;

/** Base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`), or undefined. */
export function cvss2BaseScore(vector: string): number | undefined {
  const m = metrics(vector.replace(/^\(|\)$/g, ""));
  const av = V2.AV[m.get("AV") as keyof typeof V2.AV];
  const ac = V2.AC[m.get("AC") as keyof typeof V2.AC];
  const au = V2.Au[m.get("Au") as keyof typeof V2.Au];
  const c = V2.CIA[m.get("C") as keyof typeof V2.CIA];
  const i = V2.CIA[m.get("I") as keyof typeof V2.CIA];
  const a = V2.CIA[m.get("A") as keyof typeof V2.CIA];
  if (av === undefined || ac === undefined || au === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

/** >= 9 critical, >= 7 high, >= 4 medium, else low (the detection policy's thresholds). */
export function severityOfScore(score: number): AdvisorySeverity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

/** GitHub's labels (database_specific.severity) → severity. */
export function severityOfLabel(label: unknown): AdvisorySeverity | undefined {
  if (typeof label !== "string") return undefined;
  switch (label.toUpperCase()) {
    case "CRITICAL":
      return "critical";
    case "HIGH":
      return "high";
    case "MODERATE":
    case "MEDIUM":
      return "medium";
    case "LOW":
      return "low";
    default:
      return undefined;
  }
}
