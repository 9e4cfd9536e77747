/**
 * Turns one requirement string (PEP 508, a bare URL, or `name @ url`) found at some offset into a
 * Requirement with an exact location.
 */
import type { SourceRange } from "@watchtower/types";
import type { Origin, Requirement } from "./model.js";
import { normalizeName } from "./names.js";
import { parsePep508 } from "./pep508.js";
import { analyseUrl, looksLikeLocalPath, looksLikeUrl } from "./urls.js";

/** Maps an offset/length in the parsed text to a range of the scanned source. */
export type Locate = (offset: number, length: number) => SourceRange;

/** Strings with template syntax (`${VAR}`, `{var}`, `$VAR`) name no package we can check. */
export function isTemplated(s: string): boolean {
  return /[${}]/.test(s) || s.includes("%(");
}

export function requirementFromString(
  raw: string,
  offset: number,
  origin: Origin,
  locate: Locate,
  extra: Partial<Requirement> = {},
): Requirement | undefined {
  const lead = raw.length - raw.trimStart().length;
  const str = raw.trim();
  const start = offset + lead;
  if (str === "" || isTemplated(str)) return undefined;
  if (looksLikeUrl(str)) {
    const ref = analyseUrl(str);
    if (ref.kind === "local" || !ref.name) return undefined;
    const text = str.split(/\s/)[0] ?? str;
    return {
      name: ref.name,
      displayName: ref.name,
      text,
      at: locate(start, text.length),
      origin,
      url: text,
      ...(ref.kind === "vcs" ? { vcsRef: ref.ref ?? "" } : {}),
      ...(ref.version ? { spec: { pep440: `==${ref.version}` } } : {}),
      ...extra,
    };
  }
  if (looksLikeLocalPath(str)) return undefined;
  const pep = parsePep508(str);
  if (!pep) return undefined;
  const text = str.slice(0, pep.end);
  const req: Requirement = {
    name: normalizeName(pep.name),
    displayName: pep.name,
    text,
    at: locate(start, text.length),
    origin,
    ...extra,
  };
  if (pep.url !== undefined) {
    const ref = analyseUrl(pep.url);
    if (ref.kind === "local") return { ...req, url: pep.url };
    req.url = pep.url;
    if (ref.kind === "vcs") req.vcsRef = ref.ref ?? "";
    if (ref.version) req.spec = { pep440: `==${ref.version}` };
    return req;
  }
  const clauses = pep.specifier.split(",").filter((c) => c !== "");
  const stars = clauses.filter((c) => /^={2,3}\*$/.test(c));
  const rest = clauses.filter((c) => !/^={2,3}\*$/.test(c));
  if (stars.length > 0) req.star = true;
  if (rest.length > 0) req.spec = { pep440: rest.join(",") };
  return req;
}
