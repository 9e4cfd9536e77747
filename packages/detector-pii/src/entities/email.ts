/** E-mail addresses: syntax, a real top-level domain, and the addresses that are not personal. */
import { textBefore, trimEndChars } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, contextOf, inDataLiteral, keyInfo } from "./common.js";

/** Tried (sticky) only at the start of the run of local-part characters before each `@`. */
const CANDIDATE = /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Z0-9.-]{1,253}/iy;

/** `[\w.%+-]`: a character of the local part. */
function localChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 37 || c === 43 || c === 45;
}

/**
 * The matches a global scan with CANDIDATE would find: a match ends its local part right before an
 * `@` and starts where the run of local-part characters before it starts (at most 64 back), so only
 * those places are tried.
 */
function candidates(text: string): { index: number; raw: string }[] {
  const out: { index: number; raw: string }[] = [];
  let from = 0;
  for (let a = text.indexOf("@"); a !== -1; a = text.indexOf("@", a + 1)) {
    let s = a;
    while (s > 0 && a - s < 65 && localChar(text.charCodeAt(s - 1))) s--;
    if (s === a || s < from || a - s > 64) continue;
    CANDIDATE.lastIndex = s;
    const m = CANDIDATE.exec(text);
    if (m === null) continue;
    out.push({ index: s, raw: m[0] });
    from = s + m[0].length;
  }
  return out;
}

/** Never a person's mailbox, wherever printed. */
const NOT_PERSONAL_LOCAL = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|notifications?|git)$/i;
const NOT_PERSONAL_DOMAIN = /(?:^|\.)(?:users\.noreply\.github\.com|noreply\.github\.com|localhost|local|internal|lan|home\.arpa)$/i;

/** Role and list mailboxes: contacts of a team, not of a person (skipped outside data). */
const ROLE_LOCAL = new Set([
  "support", "info", "admin", "administrator", "contact", "help", "helpdesk", "sales", "security", "secure", "team",
  "hello", "privacy", "abuse", "webmaster", "hostmaster", "dev", "devs", "developers", "maintainers", "maintainer",
  "opensource", "oss", "community", "feedback", "press", "media", "marketing", "billing", "legal", "compliance", "hr",
  "jobs", "careers", "office", "ops", "it", "root", "noc", "service", "services", "enquiries", "inquiries",
  "customerservice", "accounts", "mail", "email", "list", "lists", "announce", "news", "newsletter", "alerts", "bot",
  "ci", "build", "data", "research", "ml", "ai", "questions", "issues", "bugs", "report", "reports", "dpo", "gdpr",
  "partners", "partnerships", "events", "team-ml", "everyone", "all", "staff",
]);
const ROLE_SUFFIX = /[-_.](?:team|dev|devs|list|users|announce|discuss|owner|owners|request|help|support|core|maintainers|security|bot|group|committers|commits|general|interest)$/i;

/** Placeholder domains and mailboxes used in examples and tests (skipped outside data). */
const PLACEHOLDER_DOMAIN = /^(?:(?:[\w-]+\.)*example(?:\.[a-z]{2,6}){1,2}|[\w.-]+\.(?:example|test|invalid|localhost)|(?:test|domain|yourdomain|mydomain|yourcompany|company|email|foo|bar|foobar|acme|sample|somewhere|someone|xyz|abc|website|host|server|site|mysite|yoursite|org|corp)\.(?:com|org|net|io))$/i;
const PLACEHOLDER_LOCAL = /^(?:user|username|name|e-?mail|you|your[._-]?name|your[._-]?email|test|tester|testuser|foo|bar|foobar|me|someone|somebody|first[._-]?last|firstname[._-]?lastname|john[._-]?doe|jane[._-]?doe|john|jane|alice|bob|x+|abc|sample|example|demo|admin)$/i;

/** Lines that attribute work (git trailers, `git log`, package authors) rather than leak data. */
const ATTRIBUTION_LINE = /^\s*(?:[-*]\s*)?(?:author|authors|commit|committer|co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|cc|maintainer|maintainers|maintained by|contributors?|copyright|__author__|__email__|author_email|maintainer_email)\b/i;
const ATTRIBUTION_KEY = /\b(?:author|authors|maintainer|maintainers|author_email|maintainer_email|__email__|__author__|copyright|contributors?)\b/i;

/** Text before a local part that puts it in a URL's userinfo: `scheme://` or `scheme://user:`. */
const URL_USERINFO_BEFORE = /[a-z][\w+.-]{0,20}:\/\/(?:[^\s/@:]{0,100}:)?$/i;

function validSyntax(local: string, domain: string, isTld: (t: string) => boolean): boolean {
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  if (!/[A-Z0-9]/i.test(local)) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith("-") || l.endsWith("-"))) return false;
  const tld = labels[labels.length - 1]!;
  return /^[A-Z]{2,24}$|^xn--[a-z0-9-]{1,59}$/i.test(tld) && isTld(tld);
}

export function findEmails(scan: Scan): void {
  const text = scan.text;
  const mode = scan.seg.mode;
  const attributionFile = /(?:^|\/)(?:AUTHORS|CONTRIBUTORS|MAINTAINERS|CODEOWNERS|CITATION\.cff|\.mailmap|NOTICE|COPYING|LICENSE)(?:\.[a-z]{1,4})?$/i.test(scan.seg.path);
  if (attributionFile) return;
  for (const m of candidates(text)) {
    const raw = m.raw;
    const at = raw.indexOf("@");
    let local = raw.slice(0, at);
    let start = m.index;
    // `'jane@x.com'` in a repr: the regex stops before quotes; a leading `+`/`.` is not part of it.
    while (local.length > 0 && /^[.+%-]/.test(local)) {
      local = local.slice(1);
      start++;
    }
    const domain = trimEndChars(raw.slice(at + 1), ".-");
    if (local.length === 0 || !validSyntax(local, domain, scan.libs.isTld)) continue;
    if (NOT_PERSONAL_LOCAL.test(local) || NOT_PERSONAL_DOMAIN.test(domain)) continue;
    // `https://user:token@host/…` and `https://token@host`: URL credentials (the secrets detector's
    // business), not a mailbox.
    if (URL_USERINFO_BEFORE.test(text.slice(Math.max(0, start - 200), start))) continue;
    const lineStart = text.lastIndexOf("\n", start) + 1;
    const line = text.slice(lineStart, text.indexOf("\n", start) === -1 ? text.length : text.indexOf("\n", start));
    if (ATTRIBUTION_LINE.test(line)) continue;
    const address = `${local}@${domain}`;
    const length = address.length;
    const ctx = contextOf(scan, start, length, "email");
    if (mode !== "data" && !(mode === "code" && inDataLiteral(scan, start, length))) {
      const lowerLocal = local.toLowerCase();
      if (ROLE_LOCAL.has(lowerLocal) || ROLE_SUFFIX.test(local)) continue;
      if (PLACEHOLDER_DOMAIN.test(domain)) continue;
      if (mode === "code" && PLACEHOLDER_LOCAL.test(local)) continue;
      if (ATTRIBUTION_KEY.test(textBefore(text, start, 40)) || (ctx.field && ATTRIBUTION_KEY.test(ctx.field.key))) continue;
    }
    scan.add({
      entity: "email",
      offset: start,
      length,
      normalized: address.toLowerCase(),
      severity: "low",
      basis: ctx.field ? "column or key" : "address syntax",
      ...columnAt(scan, start, length),
      ...keyInfo(ctx),
      example: PLACEHOLDER_DOMAIN.test(domain),
    });
  }
}
