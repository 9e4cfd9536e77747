/**
 * Code-pattern detector: unsafe deserialisation, code execution, shell pipes and disabled TLS
 * verification in Python files and notebook code cells. Works on a parsed syntax tree (Lezer), so
 * names in strings, comments, docstrings and outputs are never findings.
 */
import type { Detector, NotebookSource, ScanContext, TextSource } from "@watchtower/types";
import { RULES } from "./rules.js";

export { RULES } from "./rules.js";

export interface CodeOptions {
  /** Files (or notebooks' code, summed) longer than this many characters are skipped as too large. */
  maxSourceChars: number;
}

/** Python source paths this detector reads (`.ipy` files may contain IPython syntax). */
export function isPythonPath(path: string): boolean {
  return /\.(?:py|pyw|ipy)$/i.test(path);
}

function isPythonScript(source: TextSource): boolean {
  if (isPythonPath(source.path)) return true;
  const base = source.path.slice(source.path.lastIndexOf("/") + 1);
  return !base.includes(".") && /^#![^\n]{0,80}\bpython[0-9.]{0,5}\b/.test(source.text);
}

function notebookLanguageIsPython(source: NotebookSource): boolean {
  const lang = source.language?.toLowerCase();
  return lang === undefined || lang === "" || lang.startsWith("python") || lang === "ipython" || lang === "py";
}

export const detector: Detector<CodeOptions> = {
  meta: { id: "code", accepts: ["text", "notebook"], rules: RULES },
  defaultOptions: { maxSourceChars: 8 * 1024 * 1024 },
  async scan(source, ctx: ScanContext<CodeOptions>) {
    if (source.kind === "binary") return;
    if (source.kind === "text") {
      if (!isPythonScript(source)) return;
      if (source.text.length > ctx.options.maxSourceChars) {
        ctx.skip("too_large", `Python file of ${source.text.length} characters (limit ${ctx.options.maxSourceChars})`);
        return;
      }
      const { scanText } = await import("./analyze.js");
      scanText(source, ctx, /\.ipy$/i.test(source.path));
      return;
    }
    if (!notebookLanguageIsPython(source)) {
      ctx.skip("unsupported_format", `notebook language is ${source.language}: code cells are not Python and were not scanned`);
      return;
    }
    const size = source.cells.reduce((n, c) => n + (c.cellType === "code" ? c.source.length : 0), 0);
    if (size > ctx.options.maxSourceChars) {
      ctx.skip("too_large", `notebook with ${size} characters of code (limit ${ctx.options.maxSourceChars})`);
      return;
    }
    const { scanNotebook } = await import("./analyze.js");
    scanNotebook(source, ctx);
  },
};
