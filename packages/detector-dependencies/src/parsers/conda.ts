/**
 * conda environment files (environment.yml): conda match specs with conda → PyPI name mapping, and the
 * `pip:` section in pip's requirement syntax.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Requirement } from "../model.js";
import { condaToPypi } from "../names.js";
import type { Locate } from "../requirement.js";
import { isTemplated } from "../requirement.js";
import { convertConda } from "../spec-convert.js";
import type { Include } from "./requirements-txt.js";
import { parseRequirementsTxt } from "./requirements-txt.js";

const MATCH_SPEC = /^(?:[\w./-]{1,200}::)?([\w.-]{1,200})(.{0,300})$/;

/** One conda match spec → Requirement (undefined for non-Python packages such as cudatoolkit). */
export function condaRequirement(spec: string, offset: number, locate: Locate, origin: "conda" | "conda-command"): Requirement | undefined {
  const text = spec.trim();
  if (text === "" || isTemplated(text)) return undefined;
  const lead = spec.length - spec.trimStart().length;
  const m = MATCH_SPEC.exec(text);
  if (!m?.[1]) return undefined;
  const condaName = m[1];
  const name = condaToPypi(condaName);
  if (!name) return undefined;
  let rest = (m[2] ?? "").trim();
  const bracket = /\[\s{0,10}version\s{0,10}=\s{0,10}['"]([^'"]{1,100})['"]/.exec(rest);
  if (bracket?.[1]) rest = bracket[1];
  else rest = rest.replace(/\[.{0,200}\]$/, "").trim();
  const req: Requirement = {
    name,
    displayName: condaName,
    text,
    at: locate(offset + lead, text.length),
    origin,
  };
  if (rest === "") return req;
  let fuzzy = false;
  let version = rest;
  if (rest.startsWith("=") && !rest.startsWith("==")) {
    fuzzy = true;
    version = rest.slice(1);
    // `name=1.2=build`: the build string is not a version.
    const eq = version.indexOf("=");
    if (eq > 0) version = version.slice(0, eq);
  } else if (/^[0-9*]/.test(rest)) {
    // Space form: `name 1.2.3 build` (exact) or `name 1.2.*`.
    version = rest.split(/\s+/)[0] ?? rest;
  }
  const converted = convertConda(version, fuzzy);
  if (!converted) return req;
  if (converted.star) req.star = true;
  if (converted.spec) req.spec = converted.spec;
  return req;
}

export interface CondaEnv {
  requirements: Requirement[];
  includes: Include[];
}

export function parseCondaEnv(text: string, locate: Locate): CondaEnv | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
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
