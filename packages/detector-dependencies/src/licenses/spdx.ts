/**
 * SPDX expression trees and the policy question "can this dependency be used without accepting a denied
 * licence?". Pure and dependency-free; parsing text into trees lives in spdx-parse.ts (loaded lazily).
 */

/** Same shape as spdx-expression-parse's result. */
export type SpdxNode =
  | { license: string; plus?: true; exception?: string }
  | { conjunction: "and" | "or"; left: SpdxNode; right: SpdxNode };

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
