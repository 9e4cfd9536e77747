/**
 * Chat-template (Jinja) analysis. Only the code inside `{{ … }}` and `{% … %}` is examined; literal
 * text, which is what the model sees, and `{# … #}` comments are not. Every construct is a table
 * entry with a severity and a reason; the patterns are plain substrings or bounded regexes.
 *
 * Benign templates (Llama 2/3/3.1, Mistral, ChatML, Qwen, Gemma, Phi) use `namespace(...)`,
 * `raise_exception`, `loop.*`, `tojson`, `selectattr`, `strftime_now`, string methods: none of
 * those are listed.
 */
import type { Severity } from "@watchtower/types";

export interface TemplateHit {
  severity: Severity;
  construct: string;
  reason: string;
  /** Offset of the construct in the template text. */
  offset: number;
}

interface Construct {
  /** Lower-case substring searched in code regions. */
  needle: string;
  /** Search in code with string literals blanked (identifiers) or raw (names written as strings). */
  where: "code" | "raw";
  severity: Severity;
  reason: string;
}

const DUNDER = "reaches Python object internals (sandbox-escape gadget chain)";
const CONSTRUCTS: readonly Construct[] = [
  { needle: "__class__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__subclasses__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__globals__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__builtins__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__import__", where: "raw", severity: "critical", reason: "imports a Python module" },
  { needle: "__mro__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__base__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__init__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__getattribute__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__dict__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__code__", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "__reduce", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "_templatereference__context", where: "raw", severity: "critical", reason: "reads the template's Python context" },
  { needle: "func_globals", where: "raw", severity: "critical", reason: DUNDER },
  { needle: "lipsum", where: "code", severity: "high", reason: "Jinja global whose __globals__ lead to os (classic SSTI entry point)" },
  { needle: "cycler", where: "code", severity: "high", reason: "Jinja global used as an SSTI entry point" },
  { needle: "joiner", where: "code", severity: "high", reason: "Jinja global used as an SSTI entry point" },
  { needle: "self.", where: "code", severity: "high", reason: "template self-reference used to reach the render context" },
  { needle: "|attr", where: "code", severity: "high", reason: "attr filter fetches attributes by computed name (sandbox-bypass idiom)" },
  { needle: "| attr", where: "code", severity: "high", reason: "attr filter fetches attributes by computed name (sandbox-bypass idiom)" },
  { needle: "os.", where: "code", severity: "high", reason: "refers to the os module" },
  { needle: "popen", where: "code", severity: "high", reason: "spawns a process" },
  { needle: "subprocess", where: "code", severity: "high", reason: "spawns a process" },
  { needle: "eval(", where: "code", severity: "high", reason: "evaluates code" },
  { needle: "exec(", where: "code", severity: "high", reason: "executes code" },
  { needle: "system(", where: "code", severity: "high", reason: "runs a shell command" },
  { needle: "request.", where: "code", severity: "high", reason: "web-framework global used in SSTI payloads" },
  { needle: "config.", where: "code", severity: "high", reason: "web-framework global used in SSTI payloads" },
  { needle: "url_for", where: "code", severity: "high", reason: "web-framework global used in SSTI payloads" },
  { needle: "get_flashed_messages", where: "code", severity: "high", reason: "web-framework global used in SSTI payloads" },
];

/** Statement keywords that load other templates or modules. */
const LOADER_STATEMENTS = /^[-+]?\s*(?:import|include|extends|from)\b/;

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /\w/.test(c);
}

interface Region {
  start: number;
  code: string;
  isStatement: boolean;
}

/** Code regions of a template; stops scanning after `maxRegions`. */
function codeRegions(text: string, maxRegions = 20000): Region[] {
  const out: Region[] = [];
  let i = 0;
  while (out.length < maxRegions) {
    const open = text.indexOf("{", i);
    if (open < 0 || open + 1 >= text.length) break;
    const kind = text[open + 1];
    if (kind !== "{" && kind !== "%" && kind !== "#") {
      i = open + 1;
      continue;
    }
    const close = text.indexOf(kind === "{" ? "}}" : kind + "}", open + 2);
    const end = close < 0 ? text.length : close;
    if (kind !== "#") out.push({ start: open + 2, code: text.slice(open + 2, end), isStatement: kind === "%" });
    i = close < 0 ? text.length : close + 2;
  }
  return out;
}

/** Replaces the contents of string literals with spaces (same length), keeping the quotes. */
function blankStrings(code: string): { blanked: string; literals: { text: string; offset: number }[] } {
  let out = "";
  const literals: { text: string; offset: number }[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      let lit = "";
      while (j < code.length && code[j] !== c) {
        if (code[j] === "\\" && j + 1 < code.length) {
          lit += code[j]! + code[j + 1]!;
          j += 2;
        } else lit += code[j++]!;
      }
      literals.push({ text: lit, offset: i + 1 });
      out += c + " ".repeat(Math.max(0, Math.min(j, code.length) - i - 1)) + (j < code.length ? c : "");
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return { blanked: out, literals };
}

const SEVERITY_ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Finds dangerous constructs; at most one hit per construct, most severe first. */
export function analyzeTemplate(text: string): TemplateHit[] {
  const hits = new Map<string, TemplateHit>();
  const add = (h: TemplateHit) => {
    if (!hits.has(h.construct)) hits.set(h.construct, h);
  };
  for (const region of codeRegions(text)) {
    const raw = region.code.toLowerCase();
    const { blanked, literals } = blankStrings(region.code);
    const code = blanked.toLowerCase();
    for (const c of CONSTRUCTS) {
      const hay = c.where === "raw" ? raw : code;
      let at = hay.indexOf(c.needle);
      // Identifier needles must not be the tail of a longer identifier (e.g. "bos." for "os.").
      while (at >= 0 && c.where === "code" && /^\w/.test(c.needle) && isIdentChar(hay[at - 1])) {
        at = hay.indexOf(c.needle, at + 1);
      }
      if (at >= 0) add({ severity: c.severity, construct: c.needle, reason: c.reason, offset: region.start + at });
    }
    if (region.isStatement && LOADER_STATEMENTS.test(region.code)) {
      add({ severity: "high", construct: "import/include/extends", reason: "loads another template or module", offset: region.start });
    }
    for (const lit of literals) {
      if (/\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[0-7]{3})/i.test(lit.text)) {
        add({ severity: "critical", construct: "escaped characters in a string", reason: "hex/unicode/octal escapes hide names such as __class__ from filters", offset: region.start + lit.offset });
      } else if (lit.text.includes("__")) {
        add({ severity: "high", construct: "'__' in a string", reason: "string fragment used to assemble a dunder name", offset: region.start + lit.offset });
      } else if (/%c/.test(lit.text) && /format/i.test(code)) {
        add({ severity: "high", construct: "%c format", reason: "builds characters from numbers to hide names", offset: region.start + lit.offset });
      }
    }
  }
  return [...hits.values()].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || a.offset - b.offset);
}

/** True when a string contains Jinja delimiters at all. */
export function looksLikeTemplate(text: string): boolean {
  return text.includes("{{") || text.includes("{%");
}
