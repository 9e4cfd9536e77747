/**
 * Text → SPDX tree: spdx-expression-parse, with spdx-correct for free-text licence names such as
 * "GPLv3". Loaded only when a licence string has to be parsed (metadata files, the licenses option).
 */
import correct from "spdx-correct";
import parseSpdx from "spdx-expression-parse";
import type { SpdxNode } from "./spdx.js";

function tryParse(text: string): SpdxNode | undefined {
  try {
    return parseSpdx(text) as SpdxNode;
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

