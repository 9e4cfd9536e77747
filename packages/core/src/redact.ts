/**
 * Redaction: the only place raw sensitive values are turned into something printable.
 * Secrets keep a short prefix (provider prefixes such as AKIA are not secret and help triage);
 * PII keeps nothing but its length.
 */
import type { Category } from "@watchtower/types";

export function redact(value: string, category: Category): string {
  const length = value.length;
  if (category === "pii") return `…(${length})`;
  const keep = length >= 16 ? 4 : length >= 10 ? 2 : 0;
  return `${value.slice(0, keep)}…(${length})`;
}

/** Replaces every occurrence of each secret (longest first, so overlapping secrets never leak a tail). */
export function redactAll(text: string, secrets: ReadonlyMap<string, string>): string {
  let out = text;
  const ordered = [...secrets.keys()].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(secrets.get(secret)!);
  }
  return out;
}
