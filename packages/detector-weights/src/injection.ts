/**
 * Payload checks for free-form metadata strings (safetensors __metadata__, GGUF string values,
 * ONNX metadata_props/doc_string). Every entry says why. Benign Hugging Face metadata such as
 * {"format": "pt"}, LoRA training metadata (ss_* keys with JSON values), modelspec thumbnails
 * (data: URIs) and long licence texts match nothing at medium or above.
 */
import type { Severity } from "@watchtower/types";

import { analyzeTemplate, looksLikeTemplate } from "./jinja.js";

export interface InjectionHit {
  severity: Severity;
  what: string;
}

interface Pattern {
  re: RegExp;
  severity: Severity;
  what: string;
}

// Bounded quantifiers only: these run on untrusted strings.
const PATTERNS: readonly Pattern[] = [
  { re: /__import__\s{0,4}\(/, severity: "high", what: "Python __import__ call" },
  { re: /\bos\s{0,4}\.\s{0,4}(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s{0,4}\(/, severity: "high", what: "os command execution" },
  { re: /\bsubprocess\s{0,4}\.\s{0,4}(?:Popen|run|call|check_call|check_output|getoutput|getstatusoutput)\b/, severity: "high", what: "subprocess call" },
  { re: /\b(?:exec|eval)\s{0,4}\(\s{0,4}(?:compile|base64|bytes|__import__|open|input|['"])/, severity: "high", what: "exec/eval of code" },
  { re: /\b(?:pickle|cPickle|dill|marshal)\s{0,4}\.\s{0,4}loads?\s{0,4}\(/, severity: "high", what: "deserialisation call" },
  { re: /\b(?:curl|wget)\s[^|;\n]{0,200}\|\s{0,4}(?:ba|z|da)?sh\b/, severity: "high", what: "download piped to a shell" },
  { re: /\/dev\/tcp\/|\bnc\s{1,4}-e\s|\bbash\s{1,4}-i\b/, severity: "high", what: "reverse shell" },
  { re: /<\s{0,4}script\b|\bjavascript\s{0,4}:|<\s{0,4}iframe\b/i, severity: "medium", what: "HTML script content (XSS in model viewers)" },
  // Shell command lines in metadata: harmless until a setup script or agent runs them, so medium.
  { re: /\brm\s{1,4}-[a-zA-Z]{0,4}[rR][a-zA-Z]{0,4}\s/, severity: "medium", what: "recursive delete shell command" },
  { re: /\bchmod\s{1,4}(?:-R\s{1,4})?(?:[0-7]?777|\+x|a\+[rwx]{1,3})\b/, severity: "medium", what: "chmod shell command" },
  { re: /\b(?:curl|wget)\s{1,4}(?:-{1,2}[\w-]{1,20}\s{1,4}){0,4}["']?https?:\/\//, severity: "medium", what: "download shell command" },
  { re: /<[a-z][a-z0-9]{0,10}\s[^>]{0,200}\bon(?:error|load|click|mouseover|focus)\s{0,4}=/i, severity: "medium", what: "HTML event handler (XSS in model viewers)" },
  { re: /\u001b\[|\u001b\]/, severity: "medium", what: "terminal escape sequence (log and terminal injection)" },
];

/** Values longer than this are reported at low (very long metadata hides payloads in UIs). */
export const LONG_VALUE_CHARS = 1024 * 1024;
/** Only the first part of huge values is searched. */
const SEARCH_CHARS = 4 * 1024 * 1024;

/** Checks one metadata string; returns the worst hits (at most a few). */
export function checkMetadataString(value: string): InjectionHit[] {
  const text = value.length > SEARCH_CHARS ? value.slice(0, SEARCH_CHARS) : value;
  const hits: InjectionHit[] = [];
  for (const p of PATTERNS) if (p.re.test(text)) hits.push({ severity: p.severity, what: p.what });
  if (looksLikeTemplate(text)) {
    const t = analyzeTemplate(text);
    const worst = t[0];
    if (worst) hits.push({ severity: worst.severity, what: `Jinja ${worst.construct} (${worst.reason})` });
    else hits.push({ severity: "low", what: "Jinja/template syntax (rendered by some tools)" });
  }
  if (value.length > LONG_VALUE_CHARS && !/^data:[\w/+.-]{1,80};base64,/.test(value)) {
    hits.push({ severity: "low", what: `very long value (${value.length} characters)` });
  }
  // One value, one story: the worst kind of hit (a command line with \`os.system(…rm -rf…)\` is the
  // os.system finding, not also a medium shell-command one).
  const rank = (h: InjectionHit): number => ["info", "low", "medium", "high", "critical"].indexOf(h.severity);
  const top = Math.max(-1, ...hits.map(rank));
  return hits.filter((h) => rank(h) === top);
}
