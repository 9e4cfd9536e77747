/**
 * Triage: can a text hold any finding at all? Most bytes of a notebook are training logs, numeric
 * tables, arrays and tracebacks, where parsing every structure and running every entity finder finds
 * nothing. This answers "maybe" or "no" from cheap scans of the text, so that those texts skip the
 * full scan.
 *
 * "No" must only be said when no path of the scan could report: every condition below is a necessary
 * condition of one path (see each entity finder), and the text is scanned in full as soon as any of
 * them holds. The test `test/triage.test.ts` and `bench/compare.mjs` check it. Known approximations
 * (texts that would be misjudged, none of them realistic): a keyword cut mid-word at the 40-character
 * window of the phone keyword check (`…graph` + 34 characters + a number), a value that a misaligned
 * DataFrame header cuts out of a longer number, and the one-letter key tokens noted in `keyNeedles`.
 */
import type { KeyKind } from "./context.js";
import { KEYWORDS, keyNeedles } from "./context.js";
import { addressPatterns } from "./entities/address.js";
import type { Scan } from "./entities/common.js";
import { findNames } from "./entities/name.js";
import type { Libs } from "./libs.js";
import type { Segment } from "./model.js";

interface KeyTest {
  long: RegExp | undefined;
  short: RegExp | undefined;
}

/**
 * A short needle as a key token in the text: its letters (either case, up to three separators between
 * them), not glued to a letter on the left unless a capital starts it (camel case splits there; a
 * `Label:` key may start right after digits, `27.5phone=…`), and not followed by a lower-case letter
 * or a digit (keys end at a separator).
 */
function tokenPattern(word: string): string {
  const letters = [...word].map((ch) => (/[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : ch));
  const first = word[0]!;
  const start = /[a-z]/.test(first) ? `(?:(?<![A-Za-z])[${first}${first.toUpperCase()}]|${first.toUpperCase()})` : `(?<![A-Za-z])${first}`;
  return `${start}${letters.slice(1).map((l) => `[^A-Za-z0-9]{0,3}${l}`).join("")}(?![a-z0-9])`;
}

function keyTest(kinds: readonly KeyKind[]): KeyTest {
  const n = keyNeedles(kinds);
  const long = n.long;
  return {
    long: long.length > 0 ? new RegExp(long.join("|")) : undefined,
    short: n.short.length > 0 ? new RegExp(n.short.map(tokenPattern).join("|")) : undefined,
  };
}

/** Needles per group of key kinds whose keys let a value be reported (see `FIELD_RULES` and `contextOf`). */
const KEYS: Readonly<Record<"ssn" | "card" | "passport" | "dob" | "address" | "name" | "phone" | "ip", KeyTest>> = {
  ssn: keyTest(["ssn"]),
  card: keyTest(["card"]),
  passport: keyTest(["passport"]),
  dob: keyTest(["dob"]),
  address: keyTest(["address"]),
  name: keyTest(["name", "name-generic"]),
  phone: keyTest(["phone"]),
  ip: keyTest(["ip"]),
};

/** Characters that lower-case to ASCII letters (İ → i + dot, K → k): texts with them are not judged by key tokens. */
const ODD_CASE = /[\u0130\u212a]/;

/** Context-free candidates (each is a superset of a finder's own pattern or of a field shape it tries). */
const IBAN = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8}/;
/** A dotted quad's middle (`.b.c.`): every IPv4 candidate has one. */
const IPV4 = /\.\d{1,3}\.\d{1,3}\./;
/** The words of the phone keyword check (phone.ts), as word starts. */
const PHONE_WORD = /\b(?:phone|tel|mobile|cell|fax|call|contact|whatsapp|sms|text|ph|mob|hotline|reach)/i;
/** A table cell with markup inside (its value is read with the tags stripped and spaces collapsed). */
const NESTED_CELL = /<t[dh]\b[^>]*>[^<]*<(?!\/t[dh]\b)/i;
/** The German and French street words the address finder gates its lines on. */
const STREET_WORD = /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee) \d| (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai|cours) /;
const PLAIN_DECIMAL = /^ ?\d+(?:\.\d+){1,2} ?$/;
const ORDINAL = /^\d{1,3}(?:st|nd|rd|th)/;

/** What one pass over the characters shows (each flag is a necessary condition of some finder). */
interface CharScan {
  anyDigit: boolean;
  /** Most digits in a run of digits, spaces and hyphens (no tabs or line breaks): card and SSN cells. */
  dashSpace: number;
  /** Twelve digits with at most one space or hyphen between neighbours (`\d(?:[ -]?\d){11}`): card candidates. */
  card: boolean;
  /** `\d{3}([- ])\d{2}\1\d{4}`: a formatted SSN. */
  ssn: boolean;
  /** `(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}`: the NANP shape an unlabelled phone number needs. */
  nanp: boolean;
  /** A run of digits and `( ) . + -` with single spaces holding 7+ digits, other than one unsigned decimal or version. */
  phoneLike: boolean;
  /** `+` and a digit, not an exponent (`1e+05`): the international format. */
  plusDigit: boolean;
  /** `::`, or seven colons 2–5 apart: an IPv6 candidate. */
  ipv6: boolean;
  /** A US house number start (address.ts: usStarts). */
  usStart: boolean;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[ .-]` */
const isPhoneSep = (c: number): boolean => c === 32 || c === 46 || c === 45;

function scanChars(text: string): CharScan {
  const r: CharScan = { anyDigit: false, dashSpace: 0, card: false, ssn: false, nanp: false, phoneLike: false, plusDigit: false, ipv6: false, usStart: false };
  const n = text.length;
  let ds = 0;
  let chain = 0;
  let lastDigit = -10;
  let pd = 0;
  let pStart = -1;
  let colonChain = 0;
  let lastColon = -10;
  // the last two completed digit runs [start, end)
  let s1 = -1;
  let e1 = -1;
  let s2 = -1;
  let e2 = -1;
  let runStart = -1;
  const endPhoneRun = (end: number): void => {
    // cores (phone.ts) never hold two spaces, and an unsigned decimal or version is rejected there
    if (pd >= 7 && !r.phoneLike) r.phoneLike = !PLAIN_DECIMAL.test(text.slice(pStart, end));
    pd = 0;
    pStart = -1;
  };
  const endDigitRun = (start: number, end: number): void => {
    const len = end - start;
    // US house number: ≤ 6 digits, not after [\w.,/-], then an optional letter, a space and a capital or an ordinal
    if (!r.usStart && len <= 6) {
      const before = start > 0 ? text.charCodeAt(start - 1) : -1;
      if (!(isWordChar(before) || before === 46 || before === 44 || before === 47 || before === 45)) {
        let k = end;
        if (isLetter(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === 32) {
          const next = text.charCodeAt(k + 1);
          if ((next >= 65 && next <= 90) || (isDigit(next) && ORDINAL.test(text.slice(k + 1, k + 7)))) r.usStart = true;
        }
      }
    }
    if (len >= 4 && s2 !== -1 && e2 + 1 === start) {
      const sep2 = text.charCodeAt(e2);
      const len2 = e2 - s2;
      // SSN: run1 ≥ 3, run2 = 2, run3 ≥ 4, the same `-` or ` ` twice
      if (len2 === 2 && s1 !== -1 && e1 + 1 === s2 && e1 - s1 >= 3 && (sep2 === 45 || sep2 === 32) && text.charCodeAt(e1) === sep2) r.ssn = true;
      // NANP: run2 = 3 after `ddd[ .-]` or `(ddd) ?`, then [ .-] and ≥ 4 digits
      if (len2 === 3 && isPhoneSep(sep2) && s1 !== -1) {
        if (e1 + 1 === s2 && e1 - s1 >= 3 && isPhoneSep(text.charCodeAt(e1))) r.nanp = true;
        else if (e1 - s1 === 3 && text.charCodeAt(s1 - 1) === 40 && text.charCodeAt(e1) === 41 && (s2 === e1 + 1 || (s2 === e1 + 2 && text.charCodeAt(e1 + 1) === 32))) r.nanp = true;
      }
    }
    s1 = s2;
    e1 = e2;
    s2 = start;
    e2 = end;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      r.anyDigit = true;
      if (runStart === -1) runStart = i;
      ds++;
      if (pStart === -1) pStart = i;
      pd++;
      chain = lastDigit === i - 1 || (lastDigit === i - 2 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 45)) ? chain + 1 : 1;
      if (chain >= 12) r.card = true;
      lastDigit = i;
      continue;
    }
    if (runStart !== -1) {
      endDigitRun(runStart, i);
      runStart = -1;
    }
    if (c !== 32 && c !== 45) {
      if (ds > r.dashSpace) r.dashSpace = ds;
      ds = 0;
    }
    // a run of phone characters: digits, ( ) . + - and single spaces
    const phoneChar = c === 40 || c === 41 || c === 46 || c === 43 || c === 45 || (c === 32 && text.charCodeAt(i - 1) !== 32);
    if (phoneChar) {
      if (pStart === -1) pStart = i;
    } else if (pStart !== -1) endPhoneRun(i);
    if (c === 43 /* + */) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
      if (isDigit(text.charCodeAt(i + 1)) && prev !== 101 && prev !== 69) r.plusDigit = true;
    } else if (c === 58 /* : */) {
      const gap = i - lastColon;
      if (gap === 1) r.ipv6 = true;
      colonChain = gap >= 2 && gap <= 5 ? colonChain + 1 : 0;
      if (colonChain >= 6) r.ipv6 = true;
      lastColon = i;
    }
  }
  if (runStart !== -1) endDigitRun(runStart, n);
  if (ds > r.dashSpace) r.dashSpace = ds;
  if (pStart !== -1) endPhoneRun(n);
  return r;
}

/**
 * Lower-case letters and digits of the text, separators dropped (keys are looked up in this), as
 * `text.toLowerCase().replace(/[^a-z0-9]+/g, "")` computes it, several times faster. Only two
 * characters lower-case to an ASCII letter (İ → i + dot, K → k); texts with them take the slow way.
 */
function letterStream(text: string): string {
  if (ODD_CASE.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
  const out = new Uint8Array(text.length);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out[k++] = c;
  }
  return LATIN1.decode(out.subarray(0, k));
}
const LATIN1 = new TextDecoder("latin1");

/** False when no finding can come from this text (see the module comment). */
export function mayHoldPii(seg: Segment, text: string, libs: Libs): boolean {
  return triageReason(seg, text, libs) !== undefined;
}

/** Why the text may hold a finding (the first condition that holds), or undefined when it cannot. */
export function triageReason(seg: Segment, text: string, libs: Libs): string | undefined {
  // HTML entities and nested markup change values and keys from what the text shows.
  if (seg.html && (seg.text.includes("&") || NESTED_CELL.test(seg.text))) return "html entities or nested markup";
  if (text.includes("@")) return "@";
  const c = scanChars(text);
  if (c.card) return "card shape";
  if (c.ssn) return "ssn shape";
  if (c.nanp) return "phone shape";
  if (c.plusDigit) return "+digit";
  if (c.ipv6) return "ipv6 shape";
  if (c.anyDigit && IPV4.test(text)) return "ipv4 shape";
  if (c.anyDigit && IBAN.test(text)) return "iban shape";
  let stream: string | undefined;
  const has = (k: KeyTest): boolean => {
    if (k.short !== undefined && (k.short.test(text) || oddCase)) return true;
    if (k.long === undefined) return false;
    stream ??= letterStream(text);
    return k.long.test(stream);
  };
  const oddCase = ODD_CASE.test(text);
  if (has(KEYS.passport) || KEYWORDS.passport.test(text)) return "passport key or word";
  if (has(KEYS.name)) return "name key";
  if (c.anyDigit) {
    if (has(KEYS.dob) || KEYWORDS.dob.test(text)) return "dob key or word";
    if (has(KEYS.address)) return "address key";
    if (has(KEYS.ip)) return "ip key";
    if (c.dashSpace >= 9 && (has(KEYS.ssn) || KEYWORDS.ssn.test(text))) return "ssn key";
    if (c.dashSpace >= 12 && has(KEYS.card)) return "card key";
    if (c.phoneLike && (has(KEYS.phone) || PHONE_WORD.test(text))) return "phone key or word";
    if ((c.usStart || STREET_WORD.test(text)) && addressPatterns(text, seg.mode === "code").length > 0) return "address pattern";
  }
  return namesPossible(seg, text, libs) ? "name pattern" : undefined;
}

/** The name patterns (salutations, titles, role words, known first names) depend on the text only. */
function namesPossible(seg: Segment, text: string, libs: Libs): boolean {
  if (seg.mode === "code") return false;
  let found = false;
  const probe: Scan = {
    seg,
    text,
    libs,
    fields: [],
    fieldsAt: () => [],
    add: () => {
      found = true;
    },
  };
  findNames(probe);
  return found;
}
