/**
 * Chat templates shipped with Hugging Face tokenizers: `chat_template` in tokenizer_config.json or
 * chat_template.json (a string, or a list of {name, template}), and chat_template.jinja files. They
 * are rendered by inference servers for every request, so a template that escapes the Jinja sandbox
 * is code execution on the server. The same analyser as GGUF chat templates decides.
 */
import type { ScanContext } from "@watchtower/types";

import { analyzeTemplate } from "./jinja.js";
import { HF_CHAT_TEMPLATE_INJECTION } from "./rules.js";

/** Files whose chat templates this reads (the routing in preset-recommended mirrors it). */
export function isChatTemplateFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return base.endsWith(".json") || /^chat_template[\w.-]{0,80}\.jinja$/.test(base) || (/\.jinja$/.test(base) && path.includes("additional_chat_templates/"));
}

interface Template {
  name: string;
  text: string;
  /** Where it starts in the file (the key for JSON, 0 for .jinja). */
  offset: number;
  length: number;
}

function templatesOf(text: string, path: string): Template[] {
  if (path.toLowerCase().endsWith(".jinja")) return [{ name: path.slice(path.lastIndexOf("/") + 1), text, offset: 0, length: Math.min(text.length, 1) }];
  // Most JSON files have no chat template: a substring test before parsing keeps them free.
  const key = text.indexOf('"chat_template"');
  if (key < 0) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const value = (doc as { chat_template?: unknown } | null)?.chat_template;
  const at = { offset: key, length: '"chat_template"'.length };
  if (typeof value === "string") return [{ name: "chat_template", text: value, ...at }];
  if (Array.isArray(value)) {
    return value.flatMap((entry: unknown, i) => {
      const e = entry as { name?: unknown; template?: unknown } | null;
      return typeof e?.template === "string" ? [{ name: `chat_template[${typeof e.name === "string" ? e.name : i}]`, text: e.template, ...at }] : [];
    });
  }
  return [];
}

export function scanChatTemplates(text: string, path: string, ctx: ScanContext<object>): void {
  for (const t of templatesOf(text, path)) {
    const hits = analyzeTemplate(t.text);
    const worst = hits[0];
    if (!worst) continue;
    const more = hits.length > 1 ? ` (and ${hits.slice(1, 4).map((h) => h.construct).join(", ")})` : "";
    const offset = t.offset === 0 && path.toLowerCase().endsWith(".jinja") ? worst.offset : t.offset;
    ctx.report({
      ruleId: HF_CHAT_TEMPLATE_INJECTION.id,
      message: `The chat template ${t.name} uses ${worst.construct}: ${worst.reason}${more}. Inference servers render it for every request.`,
      at: { kind: "text", offset, length: Math.max(1, Math.min(worst.construct.length, text.length - offset)) },
      evidence: `${t.name}: ${worst.construct}`,
      identity: `${t.name}:${worst.construct}`,
      severity: worst.severity,
    });
  }
}
