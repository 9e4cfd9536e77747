/**
 * Inline suppressions, read from the scanned text itself:
 * - `# watchtower: ignore[rule-id, other-rule] reason` on the finding's line, or alone on the line above;
 *   without `[...]` it applies to every rule;
 * - `# watchtower: ignore-cell[rule-id] reason` anywhere in a notebook cell's source: the whole cell,
 *   source and outputs;
 * - a cell metadata tag `watchtower-ignore` (all rules) or `watchtower-ignore:<rule-id>`: the cell's outputs.
 */
import type { NotebookCell, Suppression } from "@watchtower/types";

const DIRECTIVE = /watchtower:[ \t]?ignore(-cell)?(?:\[([^\]\n]{1,300})\])?[ \t]*([^\n]{0,200})/g;

interface Directive {
  cell: boolean;
  rules?: string[];
  reason?: string;
}

export function parseDirectives(line: string): Directive[] {
  if (!line.includes("watchtower:")) return [];
  const found: Directive[] = [];
  for (const m of line.matchAll(DIRECTIVE)) {
    const rules = m[2]
      ?.split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    // Trailing comment closers (`-->` in Markdown/HTML, `*/`) are not part of the reason.
    const reason = withoutCommentCloser(m[3]?.trim() ?? "").replace(/^[-–—:]\s*/, "");
    found.push({
      cell: m[1] !== undefined,
      ...(rules && rules.length > 0 ? { rules } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  return found;
}

function applies(d: Directive, ruleId: string): boolean {
  return !d.rules || d.rules.includes(ruleId) || d.rules.some((r) => r.endsWith("/*") && ruleId.startsWith(r.slice(0, -1)));
}

function toSuppression(d: Directive): Suppression {
  return { by: "inline", ...(d.reason ? { reason: d.reason } : {}) };
}

/** `lineText(n)` gives the 1-based line n of the text the finding is in. */
export function lineSuppression(ruleId: string, line: number, lineText: (n: number) => string): Suppression | undefined {
  for (const d of parseDirectives(lineText(line))) if (!d.cell && applies(d, ruleId)) return toSuppression(d);
  if (line > 1) {
    const above = lineText(line - 1);
    // Only a comment-only line above counts, so a directive at the end of code does not leak downwards.
    if (/^\s*(?:#|\/\/|--|;|<!--|\/\*)/.test(above)) {
      for (const d of parseDirectives(above)) if (!d.cell && applies(d, ruleId)) return toSuppression(d);
    }
  }
  return undefined;
}

export function cellSuppression(ruleId: string, cell: NotebookCell, part: "source" | "output"): Suppression | undefined {
  if (cell.source.includes("watchtower:")) {
    for (const line of cell.source.split("\n")) {
      for (const d of parseDirectives(line)) if (d.cell && applies(d, ruleId)) return toSuppression(d);
    }
  }
  if (part === "output" && cell.tags) {
    for (const tag of cell.tags) {
      if (tag === "watchtower-ignore" || tag === `watchtower-ignore:${ruleId}`) {
        return { by: "inline", reason: `cell tag ${tag}` };
      }
    }
  }
  return undefined;
}

/** Drops a trailing `-->` (Markdown/HTML) or `*\/` comment closer: it is not part of the reason. */
function withoutCommentCloser(text: string): string {
  for (const closer of ["-->", "*/"]) if (text.endsWith(closer)) return text.slice(0, -closer.length).trimEnd();
  return text;
}
