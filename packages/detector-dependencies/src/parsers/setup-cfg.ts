/**
 * setup.cfg: `[options] install_requires / setup_requires / tests_require` and `[options.extras_require]`,
 * INI values with indented continuation lines.
 */
import type { Requirement } from "../model.js";
import type { Locate } from "../requirement.js";
import { requirementFromString } from "../requirement.js";

const LIST_KEYS: Record<string, { build?: boolean }> = {
  install_requires: {},
  tests_require: {},
  setup_requires: { build: true },
};
const MARKER_START = /^\s{0,10}(?:python_version|python_full_version|sys_platform|platform_|os_name|implementation_|extra\b)/;

export function parseSetupCfg(text: string, locate: Locate): Requirement[] {
  const out: Requirement[] = [];
  let section = "";
  let currentKey: string | undefined;
  let pos = 0;
  const lines = text.split("\n");
  for (const rawLine of lines) {
    const lineStart = pos;
    pos += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, "");
    if (/^\s*[#;]/.test(line) || line.trim() === "") continue;
    const header = /^\[([^\]]{1,200})\]/.exec(line);
    if (header?.[1]) {
      section = header[1].trim().toLowerCase();
      currentKey = undefined;
      continue;
    }
    const continuation = /^\s/.test(line);
    let valueText: string;
    let valueOffset: number;
    if (!continuation) {
      const kv = /^([\w.-]{1,200})\s{0,20}[=:]/.exec(line);
      if (!kv?.[1]) {
        currentKey = undefined;
        continue;
      }
      const key = kv[1].toLowerCase().replace(/-/g, "_");
      const wanted = (section === "options" && key in LIST_KEYS) || section === "options.extras_require";
      currentKey = wanted ? key : undefined;
      valueText = line.slice(kv[0].length);
      valueOffset = lineStart + kv[0].length;
    } else {
      valueText = line;
      valueOffset = lineStart;
    }
    if (currentKey === undefined) continue;
    const extra = LIST_KEYS[currentKey]?.build ? { build: true } : {};
    // An inline value may hold several requirements separated by `;` (not a marker's `;`).
    let parts: { text: string; offset: number }[] = [{ text: valueText, offset: valueOffset }];
    if (!continuation && valueText.includes(";")) {
      parts = [];
      let acc = "";
      let accOffset = valueOffset;
      let cursor = valueOffset;
      for (const piece of valueText.split(";")) {
        if (acc !== "" && !MARKER_START.test(piece)) {
          parts.push({ text: acc, offset: accOffset });
          acc = piece;
          accOffset = cursor;
        } else {
          acc = acc === "" ? piece : `${acc};${piece}`;
        }
        cursor += piece.length + 1;
      }
      if (acc !== "") parts.push({ text: acc, offset: accOffset });
    }
    for (const part of parts) {
      const noComment = part.text.replace(/\s[#;].*$/, (m) => (MARKER_START.test(m.slice(2)) ? m : ""));
      const req = requirementFromString(noComment, part.offset, "setup-cfg", locate, extra);
      if (req) out.push(req);
    }
  }
  return out;
}
