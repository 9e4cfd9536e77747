/**
 * Converts Poetry and conda version constraints into PEP 440 specifiers so one evaluator serves all
 * manifest kinds.
 */
import { splitSpecifier } from "./pep508.js";
import type { VersionSpec } from "./model.js";
import { explain } from "@renovatebot/pep440";

export interface Converted {
  spec?: VersionSpec;
  /** `*` / empty constraint: any version. */
  star?: boolean;
}

function release(v: string): number[] | undefined {
  try {
    const e = explain(v);
    return e ? [...e.release] : undefined;
  } catch {
    return undefined;
  }
}

/** One Poetry constraint (no `||`) → PEP 440 clauses, or undefined. */
function poetryClause(c: string): string[] | undefined {
  const t = c.trim();
  if (t === "" || t === "*") return [];
  if (t.startsWith("^")) {
    const v = t.slice(1).trim();
    const r = release(v);
    if (!r) return undefined;
    const major = r[0] ?? 0;
    const minor = r[1] ?? 0;
    let upper: string;
    if (major !== 0 || r.length === 1) upper = `${major + 1}.0.0`;
    else if (minor !== 0 || r.length === 2) upper = `0.${minor + 1}.0`;
    else upper = `0.0.${(r[2] ?? 0) + 1}`;
    return [`>=${v}`, `<${upper}`];
  }
  if (t.startsWith("~") && !t.startsWith("~=")) {
    const v = t.slice(1).trim();
    const r = release(v);
    if (!r) return undefined;
    const upper = r.length === 1 ? `${(r[0] ?? 0) + 1}.0.0` : `${r[0] ?? 0}.${(r[1] ?? 0) + 1}.0`;
    return [`>=${v}`, `<${upper}`];
  }
  if (/^\d/.test(t)) {
    if (t.endsWith(".*") || t.endsWith("*")) return [`==${t.replace(/\.?\*$/, "")}.*`];
    return release(t) ? [`==${t}`] : undefined;
  }
  // PEP 440-style clauses, separated by commas or (Poetry) by spaces.
  const parts = t.replace(/(~=|===|==|!=|<=|>=|<|>)\s+/g, "$1").split(/[\s,]+/);
  return splitSpecifier(parts.join(","));
}

/** Poetry / Pipfile version constraint ("^1.2", "~1.2", "1.2.3", ">=1,<2", "1.0 || 2.0", "*"). */
export function convertPoetry(constraint: string): Converted | undefined {
  const alts = constraint.split("||").map((a) => a.trim());
  const converted = alts.map(poetryClause);
  if (converted.some((c) => c === undefined)) return undefined;
  const specs = (converted as string[][]).map((c) => c.join(","));
  if (specs.some((s) => s === "")) return { star: constraint.trim() === "*" || constraint.trim() === "" };
  if (specs.length === 1) return { spec: { pep440: specs[0] ?? "" } };
  return { spec: { pep440: "", alternatives: specs } };
}

/** One conda version expression (no `|`) → PEP 440 clauses. `fuzzy` is the `name=1.2` form. */
function condaClause(expr: string, fuzzy: boolean): string[] | undefined {
  const t = expr.trim();
  if (t === "" || t === "*") return [];
  const clauses: string[] = [];
  for (const raw of t.split(",")) {
    const part = raw.trim();
    const m = /^(~=|===|==|!=|<=|>=|[<>=])?\s{0,5}(\d[\w.+!-]{0,80}?)(\.?\*)?$/.exec(part);
    if (!m) return undefined;
    const op = m[1];
    const v = m[2] ?? "";
    const star = m[3] !== undefined;
    if (star) {
      clauses.push(`==${v}.*`);
      continue;
    }
    if (op === undefined || op === "=") {
      const r = release(v);
      if (!r) return undefined;
      // `name=1.2` matches 1.2, 1.2.1, …; with three or more components it names one release (only builds differ).
      if ((fuzzy || op === "=") && r.length < 3) clauses.push(`==${v}.*`);
      else clauses.push(`==${v}`);
      continue;
    }
    if (!release(v)) return undefined;
    clauses.push(`${op}${v}`);
  }
  return clauses;
}

/** conda version constraint; `fuzzy` when it came from `name=version`. */
export function convertConda(expr: string, fuzzy: boolean): Converted | undefined {
  const alts = expr.split("|").map((a) => a.trim());
  const converted = alts.map((a) => condaClause(a, fuzzy));
  if (converted.some((c) => c === undefined)) return undefined;
  const specs = (converted as string[][]).map((c) => c.join(","));
  if (specs.some((s) => s === "")) return { star: expr.trim() === "*" };
  if (specs.length === 1) return { spec: { pep440: specs[0] ?? "" } };
  return { spec: { pep440: "", alternatives: specs } };
}
