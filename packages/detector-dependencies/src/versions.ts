/**
 * PEP 440 helpers on top of @renovatebot/pep440: comparisons that never throw, exact-pin detection, and
 * interval arithmetic (a specifier set as one interval) so that "every version this range admits is
 * affected" can be decided without a list of published versions.
 */
import { compare, explain } from "@renovatebot/pep440";

export interface Bound {
  v: string;
  incl: boolean;
}
/** A version interval; a missing bound is unbounded. */
export interface Interval {
  lo?: Bound;
  hi?: Bound;
}

/** Local version labels (`+cu118`) do not change which release a pin is. */
export function publicVersion(v: string): string {
  const plus = v.indexOf("+");
  return (plus >= 0 ? v.slice(0, plus) : v).trim();
}

export function isValidVersion(v: string): boolean {
  try {
    return explain(v) !== null;
  } catch {
    return false;
  }
}

/** Sign of a − b, or undefined when either is not a PEP 440 version. */
export function cmp(a: string, b: string): number | undefined {
  try {
    const r = compare(publicVersion(a), publicVersion(b));
    return Number.isNaN(r) ? undefined : Math.sign(r);
  } catch {
    return undefined;
  }
}

/** The version of an exact pin (`==1.2.3`, `===1.2.3`), else undefined. */
export function exactPin(spec: string): string | undefined {
  const clauses = spec.split(",").filter((c) => c !== "");
  const pins = clauses.filter((c) => c.startsWith("===") || (c.startsWith("==") && !c.includes("*")));
  if (pins.length !== 1) return undefined;
  const pin = pins[0] ?? "";
  const v = pin.startsWith("===") ? pin.slice(3) : pin.slice(2);
  // Other clauses next to a pin (`==1.2,!=1.3`) do not widen it.
  return isValidVersion(publicVersion(v)) ? v : undefined;
}

/** `1.2` → `1.3.dev0` (the first version after every 1.2.*); undefined for an unparseable version. */
function bumpLast(release: readonly number[], keep: number): string | undefined {
  if (keep < 1 || keep > release.length) return undefined;
  const parts = release.slice(0, keep);
  const last = parts.length - 1;
  parts[last] = (parts[last] ?? 0) + 1;
  return `${parts.join(".")}.dev0`;
}

function releaseOf(v: string): { epoch: number; release: number[] } | undefined {
  try {
    const e = explain(v);
    return e ? { epoch: e.epoch, release: [...e.release] } : undefined;
  } catch {
    return undefined;
  }
}

function withEpoch(epoch: number, v: string): string {
  return epoch > 0 ? `${epoch}!${v}` : v;
}

/** One specifier clause as an interval; undefined when unparseable, null when it does not narrow (`!=`). */
export function clauseInterval(clause: string): Interval | null | undefined {
  const m = /^(~=|===|==|!=|<=|>=|<|>)(.{1,100})$/.exec(clause);
  if (!m) return undefined;
  const op = m[1] ?? "";
  const raw = publicVersion(m[2] ?? "");
  if (op === "!=") return null;
  if (raw === "*") return op === "==" ? {} : undefined;
  if (raw.endsWith(".*")) {
    if (op !== "==") return undefined;
    const base = raw.slice(0, -2);
    const r = releaseOf(base);
    if (!r) return undefined;
    const hi = bumpLast(r.release, r.release.length);
    if (!hi) return undefined;
    return { lo: { v: base, incl: true }, hi: { v: withEpoch(r.epoch, hi), incl: false } };
  }
  if (!isValidVersion(raw)) return undefined;
  switch (op) {
    case "==":
    case "===":
      return { lo: { v: raw, incl: true }, hi: { v: raw, incl: true } };
    case ">=":
      return { lo: { v: raw, incl: true } };
    case ">":
      return { lo: { v: raw, incl: false } };
    case "<=":
      return { hi: { v: raw, incl: true } };
    case "<":
      return { hi: { v: raw, incl: false } };
    case "~=": {
      const r = releaseOf(raw);
      if (!r || r.release.length < 2) return undefined;
      const hi = bumpLast(r.release, r.release.length - 1);
      if (!hi) return undefined;
      return { lo: { v: raw, incl: true }, hi: { v: withEpoch(r.epoch, hi), incl: false } };
    }
    default:
      return undefined;
  }
}

/** Intersection of every clause of a PEP 440 specifier; undefined when unparseable or empty. */
export function specInterval(spec: string): Interval | undefined {
  let acc: Interval = {};
  for (const clause of spec.split(",")) {
    if (clause === "") continue;
    const iv = clauseInterval(clause);
    if (iv === undefined) return undefined;
    if (iv === null) continue;
    acc = intersect(acc, iv);
  }
  return isEmpty(acc) ? undefined : acc;
}

function maxLo(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.v, b.v) ?? 0;
  if (c !== 0) return c > 0 ? a : b;
  return a.incl ? b : a;
}

function minHi(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.v, b.v) ?? 0;
  if (c !== 0) return c < 0 ? a : b;
  return a.incl ? b : a;
}

export function intersect(a: Interval, b: Interval): Interval {
  const lo = maxLo(a.lo, b.lo);
  const hi = minHi(a.hi, b.hi);
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

export function isEmpty(iv: Interval): boolean {
  if (!iv.lo || !iv.hi) return false;
  const c = cmp(iv.lo.v, iv.hi.v);
  if (c === undefined) return false;
  return c > 0 || (c === 0 && !(iv.lo.incl && iv.hi.incl));
}

export function inInterval(v: string, iv: Interval): boolean {
  if (iv.lo) {
    const c = cmp(v, iv.lo.v);
    if (c === undefined || c < 0 || (c === 0 && !iv.lo.incl)) return false;
  }
  if (iv.hi) {
    const c = cmp(v, iv.hi.v);
    if (c === undefined || c > 0 || (c === 0 && !iv.hi.incl)) return false;
  }
  return true;
}

/** True when every version in `inner` lies in `outer`. `inner` must be bounded above to be contained in a bounded `outer`. */
export function intervalWithin(inner: Interval, outer: Interval): boolean {
  if (outer.lo) {
    if (!inner.lo) return false;
    const c = cmp(inner.lo.v, outer.lo.v);
    if (c === undefined || c < 0 || (c === 0 && inner.lo.incl && !outer.lo.incl)) return false;
  }
  if (outer.hi) {
    if (!inner.hi) return false;
    const c = cmp(inner.hi.v, outer.hi.v);
    if (c === undefined || c > 0 || (c === 0 && inner.hi.incl && !outer.hi.incl)) return false;
  }
  return true;
}

/**
 * Compact OSV range `lo:hi` (see db/format.ts): lo "0" or "" = unbounded, hi "" = unbounded,
 * hi "=v" = last_affected (inclusive), otherwise fixed (exclusive).
 */
export function parseCompactRange(r: string): Interval {
  const colon = r.indexOf(":");
  const lo = colon < 0 ? r : r.slice(0, colon);
  const hi = colon < 0 ? "" : r.slice(colon + 1);
  const iv: Interval = {};
  if (lo !== "" && lo !== "0") iv.lo = { v: lo, incl: true };
  if (hi.startsWith("=")) iv.hi = { v: hi.slice(1), incl: true };
  else if (hi !== "") iv.hi = { v: hi, incl: false };
  return iv;
}

/** `>=1.0,<2` for messages. */
export function describeInterval(iv: Interval): string {
  const parts: string[] = [];
  if (iv.lo) parts.push(`${iv.lo.incl ? ">=" : ">"}${iv.lo.v}`);
  if (iv.hi) parts.push(`${iv.hi.incl ? "<=" : "<"}${iv.hi.v}`);
  return parts.join(",") || "any version";
}
