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

/** Shortest piece of a secret that is masked when it sits at the cut edge of a shortened text. */
const MIN_PARTIAL = 6;

/**
 * `redactAll`, plus the pieces of a secret left at either end of a text a detector shortened
 * (`…Bearer sk-proj-Nq` cut at 120 characters): a cut secret is no longer found whole, so its
 * surviving prefix or suffix is masked too.
 */
export function redactAllWithEdges(text: string, secrets: ReadonlyMap<string, string>): string {
  let out = redactAll(text, secrets);
  const trailing = out.endsWith("…") ? "…" : "";
  const leading = out.startsWith("…") ? "…" : "";
  let body = out.slice(leading.length, out.length - trailing.length);
  for (const [secret, masked] of secrets) {
    for (let k = Math.min(secret.length - 1, body.length); k >= MIN_PARTIAL; k--) {
      if (body.endsWith(secret.slice(0, k))) {
        body = body.slice(0, body.length - k) + masked;
        break;
      }
    }
    for (let k = Math.min(secret.length - 1, body.length); k >= MIN_PARTIAL; k--) {
      if (body.startsWith(secret.slice(secret.length - k))) {
        body = masked + body.slice(k);
        break;
      }
    }
  }
  out = leading + body + trailing;
  return out;
}
