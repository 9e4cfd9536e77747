/**
 * conda environment files (environment.yml): conda match specs with conda → PyPI name mapping, and the
 * `pip:` section in pip's requirement syntax.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import { condaRequirement } from "./conda-spec.js";
import type { Include } from "./requirements-txt.js";
import { parseRequirementsTxt } from "./requirements-txt.js";

export interface CondaEnv {
  requirements: Requirement[];
  includes: Include[];
}

export function parseCondaEnv(text: string, locate: Locate): CondaEnv | undefined {
  // prettyErrors: false — with it, yaml computes a line/context excerpt for every error, and a line of
  // 150 000 quote characters (75 000 errors) took minutes (found by test/fuzz). The first error's
  // position is added below instead.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A YAML file named like an environment may be something else entirely; only one that declares
    // dependencies is worth failing over.
    if (/^dependencies\s{0,10}:/m.test(text)) throw new Error(describeYamlError(text, doc.errors[0]));
    return undefined;
  }
  if (!isMap(doc.contents)) return undefined;
  const deps = doc.get("dependencies", true);
  if (!isSeq(deps)) return undefined;
  const requirements: Requirement[] = [];
  const includes: Include[] = [];
  for (const item of deps.items) {
    if (isScalar(item) && typeof item.value === "string" && item.range) {
      const [start, end] = item.range;
      const quoted = item.type === "QUOTE_DOUBLE" || item.type === "QUOTE_SINGLE";
      const raw = text.slice(start, end);
      const inner = quoted ? raw.slice(1, -1) : raw;
      const req = condaRequirement(inner, quoted ? start + 1 : start, locate, "conda");
      if (req) requirements.push(req);
      continue;
    }
    if (!isMap(item)) continue;
    const pip = item.get("pip", true);
    if (!isSeq(pip)) continue;
    for (const p of pip.items) {
      if (!isScalar(p) || typeof p.value !== "string" || !p.range) continue;
      const [start, end] = p.range;
      const quoted = p.type === "QUOTE_DOUBLE" || p.type === "QUOTE_SINGLE";
      const raw = text.slice(start, end);
      const inner = quoted ? raw.slice(1, -1) : raw;
      const parsed = parseRequirementsTxt(inner, "conda-pip", (o, l) => locate(o, l), quoted ? start + 1 : start);
      requirements.push(...parsed.requirements);
      includes.push(...parsed.includes);
    }
  }
  return { requirements, includes };
}

export { condaRequirement };

/** "message at line L, column C" for the first YAML error (what prettyErrors would have said). */
function describeYamlError(text: string, error: { message: string; pos: [number, number] } | undefined): string {
  if (!error) return "YAML syntax error";
  const at = Math.min(Math.max(0, error.pos[0]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${error.message} at line ${line}, column ${at - lineStart + 1}`;
}
