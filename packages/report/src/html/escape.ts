/**
 * HTML escaping for the report page. Every string that reaches the page goes through `h`, a tagged
 * template that escapes each interpolated value unless it is already `Html` (a fragment built by
 * `h` itself). Report strings are attacker-controlled (file names, excerpts, messages built from
 * file content), so there is no other way to put text into the page.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Characters that need an entity (& < > " ') or are invisible or reorder text (C0/C1 controls,
 * bidi overrides and isolates, zero-width spaces, BOM). The latter are shown as ⟨U+202E⟩ so a file
 * name cannot disguise itself ("Trojan Source"). Tab, LF and CR stay.
 */
const SPECIAL = /[&<>"'\u0000-\u0008\v\f\u000E-\u001F\u007F-\u009F\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

const replacement = (c: string): string =>
  ENTITIES[c] ?? `\u27E8U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}\u27E9`;

/** Text → HTML text or attribute value (quotes escaped), invisible characters made visible. */
export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, replacement);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join("");
  return escapeHtml(String(part));
}

/** Tagged template: literal HTML from the template, escaped values from the interpolations. */
export function h(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted, constant markup (our own CSS and script). Never pass report data here. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** An href for a report-provided URL: only http(s), otherwise none. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}
