/**
 * SPDX licence expressions: parsing (spdx-expression-parse, with spdx-correct for free-text licence
 * names such as "GPLv3"), and the policy question "can this dependency be used without accepting a
 * denied licence?".
 */
import correct from "spdx-correct";
import parseSpdx from "spdx-expression-parse";

export type SpdxNode = parseSpdx.Info;

function tryParse(text: string): SpdxNode | undefined {
  try {
    return parseSpdx(text);
  } catch {
    return undefined;
  }
}

/** Parses an SPDX expression or a free-text licence name; undefined when nothing recognisable. */
export function parseLicense(raw: string): SpdxNode | undefined {
  const text = raw.trim();
  if (text === "" || text.length > 200 || /^(?:unknown|none|n\/a|other|proprietary|unlicensed)$/i.test(text)) return undefined;
  const direct = tryParse(text);
  if (direct) return direct;
  const corrected = correct(text, { upgrade: true });
  if (corrected) {
    const node = tryParse(corrected);
    if (node) return node;
  }
  // "MIT or GPL-2.0", "Apache 2.0 / MIT", "BSD, GPL": correct each part.
  const orParts = text.split(/ or |[/|]/i).map((p) => p.trim());
  const andParts = text.split(/ and |[,&]/i).map((p) => p.trim());
  for (const [parts, op] of [
    [orParts, "OR"],
    [andParts, "AND"],
  ] as const) {
    if (parts.length < 2) continue;
    const ids = parts.map((p) => tryParse(p) ? p : correct(p, { upgrade: true }));
    if (ids.every((id): id is string => typeof id === "string")) {
      const node = tryParse(ids.map((id) => (/\s/.test(id) ? `(${id})` : id)).join(` ${op} `));
      if (node) return node;
    }
  }
  return undefined;
}

export function stringify(node: SpdxNode): string {
  if ("license" in node) return `${node.license}${node.plus ? "+" : ""}${node.exception ? ` WITH ${node.exception}` : ""}`;
  const side = (n: SpdxNode): string => ("conjunction" in n && n.conjunction !== node.conjunction ? `(${stringify(n)})` : stringify(n));
  return `${side(node.left)} ${node.conjunction.toUpperCase()} ${side(node.right)}`;
}

/** Licence id without version qualifiers: "GPL-3.0-or-later", "GPL-3.0+", "GPL-3.0-only" → "GPL-3.0". */
export function baseId(id: string): string {
  return id.replace(/\+$/, "").replace(/-(?:only|or-later)$/i, "").toUpperCase();
}

/**
 * Does licence `id` match a policy entry? Entries are SPDX ids (compared without -only/-or-later, so
 * "GPL-3.0-only" also matches "GPL-3.0-or-later") or prefixes ending in `*` ("GPL-*").
 */
export function matchesEntry(id: string, entry: string): boolean {
  const e = entry.trim();
  if (e.endsWith("*")) return id.toUpperCase().startsWith(e.slice(0, -1).toUpperCase());
  return baseId(id) === baseId(e);
}

/**
 * The licences of `node` the user cannot avoid that are in `deny` and not in `allow`, or undefined
 * when some choice (an OR branch) avoids every denied licence.
 */
export function unavoidable(node: SpdxNode, deny: readonly string[], allow: readonly string[]): string[] | undefined {
  if ("license" in node) {
    const id = node.plus ? `${node.license}+` : node.license;
    if (allow.some((a) => matchesEntry(id, a))) return undefined;
    return deny.some((d) => matchesEntry(id, d)) ? [id] : undefined;
  }
  const left = unavoidable(node.left, deny, allow);
  const right = unavoidable(node.right, deny, allow);
  if (node.conjunction === "or") return left && right ? [...left, ...right] : undefined;
  if (!left && !right) return undefined;
  return [...(left ?? []), ...(right ?? [])];
}
