/**
 * A PEP 508 requirement parser (name, extras, version specifier, direct URL, marker) that keeps offsets,
 * so findings can point at the exact characters. Markers are kept as text, never evaluated.
 */

export interface Pep508 {
  name: string;
  /** Offsets of the name inside the parsed string. */
  nameStart: number;
  nameEnd: number;
  extras: string[];
  /** Specifier with whitespace and parentheses removed, e.g. ">=1.0,<2"; "" when none. */
  specifier: string;
  url?: string;
  marker?: string;
  /** End of the requirement proper (before trailing whitespace). */
  end: number;
}

const NAME = /^[A-Z0-9](?:[\w.-]{0,200}[A-Z0-9])?/i;
const EXTRAS = /^\[([^\]]{0,500})\]/;
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s{0,20}([\w*+!.-]{1,100})$/;

/** Parses `text` (already trimmed of comments and options); undefined when it is not a requirement. */
export function parsePep508(text: string): Pep508 | undefined {
  let i = skipWs(text, 0);
  const nameMatch = NAME.exec(text.slice(i));
  if (!nameMatch) return undefined;
  const nameStart = i;
  const name = nameMatch[0];
  i += name.length;
  const nameEnd = i;
  i = skipWs(text, i);
  let extras: string[] = [];
  const extrasMatch = EXTRAS.exec(text.slice(i));
  if (extrasMatch) {
    extras = (extrasMatch[1] ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter((e) => e !== "");
    i = skipWs(text, i + extrasMatch[0].length);
  }
  const semi = findMarkerStart(text, i);
  const body = text.slice(i, semi).trim();
  const marker = semi < text.length ? text.slice(semi + 1).trim() : undefined;
  let url: string | undefined;
  let specifier = "";
  if (body.startsWith("@")) {
    url = body.slice(1).trim().split(/\s/)[0];
    if (!url) return undefined;
  } else if (body !== "") {
    const inner = body.startsWith("(") && body.endsWith(")") ? body.slice(1, -1) : body;
    const clauses = splitSpecifier(inner);
    if (clauses === undefined) return undefined;
    specifier = clauses.join(",");
  }
  return {
    name,
    nameStart,
    nameEnd,
    extras,
    specifier,
    ...(url === undefined ? {} : { url }),
    ...(marker === undefined || marker === "" ? {} : { marker }),
    end: Math.max(nameEnd, text.trimEnd().length),
  };
}

/** `>= 1.0 , < 2` → [">=1.0", "<2"]; undefined when a clause is not PEP 440 syntax. */
export function splitSpecifier(spec: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of spec.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const m = CLAUSE.exec(part);
    if (!m) return undefined;
    out.push(`${m[1]}${m[2]}`);
  }
  return out;
}

/** Position of the `;` that starts a marker (a `;` inside a URL is only a marker start when followed by space). */
function findMarkerStart(text: string, from: number): number {
  const isUrl = text.slice(from).trimStart().startsWith("@");
  for (let i = from; i < text.length; i++) {
    if (text[i] !== ";") continue;
    if (!isUrl) return i;
    // In a URL requirement the marker needs whitespace before the semicolon (PEP 508).
    if (i > 0 && /\s/.test(text[i - 1] ?? "")) return i;
  }
  return text.length;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}
