/**
 * One conda match spec (`pytorch=1.13`, `conda-forge::numpy>=1.24`, `numpy 1.26.*`) → Requirement,
 * with conda → PyPI name mapping. Kept apart from the YAML parser so `%conda install` lines in notebooks
 * do not load it.
 */
import type { Requirement } from "../model.js";
import { condaToPypi } from "../names.js";
import type { Locate } from "../requirement.js";
import { isTemplated } from "../requirement.js";
import { convertConda } from "../spec-convert.js";

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

