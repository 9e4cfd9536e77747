/**
 * Triage: can a text hold any finding at all? Most bytes of a notebook are training logs, numeric
 * tables, arrays and tracebacks, where parsing every structure and running every entity finder finds
 * nothing. This answers "maybe" or "no" from cheap scans of the text, so that those texts skip the
 * full scan.
 *
 * "No" must only be said when no path of the scan could report: every condition below is a necessary
 * condition of one path (see each entity finder), and the text is scanned in full as soon as any of
 * them holds (HTML is judged on `compressHtml`'s text, whose markup shrinks to two blanks; every check
 * below finds at least as much there as in the masked text). The test `test/triage.test.ts` and
 * `bench/compare.mjs` check it. Known approximations
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

/** The words of the phone keyword check (phone.ts), as word starts. */
const PHONE_WORD = /\b(?:phone|tel|mobile|cell|fax|call|contact|whatsapp|sms|text|ph|mob|hotline|reach)/i;
/** A table cell with markup inside (its value is read with the tags stripped and spaces collapsed). */
const NESTED_CELL = /<t[dh]\b[^>]*>[^<]*<(?!\/t[dh]\b)/i;
/** The German and French street words the address finder gates its lines on. */
const STREET_WORD = /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee) \d| (?:rue|avenue|boulevard|bd|place|allée|impasse|chemin|quai|cours) /;
const ORDINAL = /^\d{1,3}(?:st|nd|rd|th)/;
/** Characters that lower-case to ASCII letters (İ → i + dot, K → k): texts with them are not judged by key words. */
const ODD_CASE = /[\u0130\u212a]/;

// ------------------------------------------------------------------------------------- key words

/** Groups of key kinds whose keys let a value be reported (see `FIELD_RULES` and `contextOf`). */
export type KeyGroup = "ssn" | "card" | "passport" | "dob" | "address" | "name" | "phone" | "ip";
const GROUPS: Readonly<Record<KeyGroup, readonly KeyKind[]>> = {
  ssn: ["ssn"],
  card: ["card"],
  passport: ["passport"],
  dob: ["dob"],
  address: ["address"],
  name: ["name", "name-generic"],
  phone: ["phone"],
  ip: ["ip"],
};
const GROUP_NAMES = Object.keys(GROUPS) as KeyGroup[];
const bit = (g: KeyGroup): number => 1 << GROUP_NAMES.indexOf(g);
/**
 * Keyword checks of the finders, as needles: findPassports (`passport` …) and findDobs (`dob`, `born`,
 * `date of birth` … are key needles already; `fecha de nacimiento`, `date de naissance` are not).
 */
const EXTRA_LONG: Partial<Record<KeyGroup, readonly string[]>> = { dob: ["nacimiento", "naissance"] };

/** Short needle → groups (bits), long needle → groups (bits). */
export const SHORT_NEEDLES = new Map<string, number>();
const LONG = new Map<string, number>();
for (const group of GROUP_NAMES) {
  const n = keyNeedles(GROUPS[group]);
  for (const w of n.short) SHORT_NEEDLES.set(w, (SHORT_NEEDLES.get(w) ?? 0) | bit(group));
  for (const w of [...n.long, ...(EXTRA_LONG[group] ?? [])]) LONG.set(w, (LONG.get(w) ?? 0) | bit(group));
}

/**
 * Short needles as key tokens. A key token's letters are contiguous in the letter stream, so each
 * place the stream holds a short needle is checked in the text: the needle's letters at most three
 * separators apart, not glued to a letter on the left unless a capital starts it (camel case splits
 * there; a `Label:` key may start right after digits, `27.5phone=…`), and followed by neither a
 * lower-case letter nor a digit (keys end at a separator).
 */
const SHORT_IN_STREAM = new RegExp([...SHORT_NEEDLES.keys()].sort((a, b) => b.length - a.length).join("|"), "g");
const SHORT_LIST = [...SHORT_NEEDLES];

/** Groups whose short needles occur as key tokens (`stream` and `positions` from scanChars of `text`). */
function shortGroups(text: string, stream: string, positions: Int32Array): number {
  let found = 0;
  SHORT_IN_STREAM.lastIndex = 0;
  for (let m = SHORT_IN_STREAM.exec(stream); m !== null; m = SHORT_IN_STREAM.exec(stream)) {
    const q = m.index;
    // every short needle that starts here (one may be a prefix of another)
    for (const [w, groups] of SHORT_LIST) {
      if ((found & groups) === groups || !stream.startsWith(w, q)) continue;
      if (tokenAt(text, positions, q, w.length)) found |= groups;
    }
    SHORT_IN_STREAM.lastIndex = q + 1;
  }
  return found;
}

/** The stream characters [q, q+len) form a key token in the text (see above). */
function tokenAt(text: string, positions: Int32Array, q: number, len: number): boolean {
  const first = positions[q]!;
  const before = codeAt(text, first - 1);
  if (classOf(before) & (UPPER | LOWER) && classOf(text.charCodeAt(first)) !== UPPER) return false;
  for (let j = 1; j < len; j++) if (positions[q + j]! - positions[q + j - 1]! > 4) return false;
  const after = classOf(codeAt(text, positions[q + len - 1]! + 1));
  return after !== LOWER && after !== DIGIT;
}

const byLength = (a: string, b: string): number => b.length - a.length;
const LONG_RE = new RegExp([...LONG.keys()].sort(byLength).join("|"), "g");

/** Groups whose long needles occur in the letter stream (matches may overlap, so the scan resumes one character on). */
function longGroups(stream: string): number {
  let found = 0;
  LONG_RE.lastIndex = 0;
  for (let m = LONG_RE.exec(stream); m !== null; m = LONG_RE.exec(stream)) {
    found |= LONG.get(m[0]) ?? 0;
    LONG_RE.lastIndex = m.index + 1;
  }
  return found;
}

// ------------------------------------------------------------------------------ character pass

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
  /** `\.\d{1,3}\.\d{1,3}\.`: the middle of a dotted quad, which every IPv4 candidate has. */
  ipv4: boolean;
  /** `[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8}`: the start of an IBAN. */
  iban: boolean;
  /** A character outside ASCII. */
  nonAscii: boolean;
  /** An ASCII `[a-z'-] [A-Z]`: where a name pair (name.ts: PAIR) can start its second word. */
  pairGate: boolean;
  /** The text's letters and digits, lower-cased, separators dropped (as `toLowerCase().replace(/[^a-z0-9]+/g, "")` outside ODD_CASE). */
  stream: string;
}

const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
/** `( ) . + -`: characters of a phone number besides digits and spaces */
const PHONE_PUNCT = 8;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (const ch of "().+-") CLASS[ch.charCodeAt(0)]! |= PHONE_PUNCT;
const classOf = (c: number): number => (c >= 0 && c < 128 ? CLASS[c]! : 0);
const isPhoneSep = (c: number): boolean => c === 32 || c === 46 || c === 45;
const LATIN1 = new TextDecoder("latin1");
/** The letter stream is written here (grown when a text is longer). */
let letterBuffer = new Uint8Array(1 << 16);
/** Where each character of the letter stream is in the text (filled with the stream). */
let positionBuffer = new Int32Array(1 << 16);

/** The character code at `i`, or -1 outside the text (an out-of-range read would deoptimise the callers). */
const codeAt = (text: string, i: number): number => (i >= 0 && i < text.length ? text.charCodeAt(i) : -1);

const US_START = 1;
const SSN_SHAPE = 2;
const NANP_SHAPE = 4;
const IPV4_SHAPE = 8;
const IBAN_SHAPE = 16;
const IBAN_AT = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8}/y;

/**
 * Flags for a digit run [start, end) that just ended at `after` (the code of text[end], -1 at the end),
 * given the two runs before it ([s1, e1), [s2, e2), -1 when absent): a US house number start
 * (address.ts: usStarts), a formatted SSN or a NANP number ending with it, an IPv4 middle, an IBAN start.
 */
function digitRunFlags(text: string, start: number, end: number, after: number, s1: number, e1: number, s2: number, e2: number): number {
  let flags = 0;
  const len = end - start;
  const afterCls = classOf(after);
  // US house number: ≤ 6 digits, not after [\w.,/-], then an optional letter, a space and a capital or an ordinal
  if (len <= 6 && (after === 32 || (afterCls & (UPPER | LOWER)) !== 0)) {
    const before = codeAt(text, start - 1);
    if (!((classOf(before) & (DIGIT | UPPER | LOWER)) !== 0 || before === 95 || before === 46 || before === 44 || before === 47 || before === 45)) {
      const j = after === 32 ? end : end + 1;
      if (codeAt(text, j) === 32) {
        const next = classOf(codeAt(text, j + 1));
        if (next === UPPER || (next === DIGIT && ORDINAL.test(text.slice(j + 1, j + 7)))) flags |= US_START;
      }
    }
  }
  // IBAN: two capitals right before the run's first two digits, then eight more characters
  if (len >= 2 && start >= 2 && classOf(codeAt(text, start - 1)) === UPPER && classOf(codeAt(text, start - 2)) === UPPER) {
    IBAN_AT.lastIndex = start - 2;
    if (IBAN_AT.test(text)) flags |= IBAN_SHAPE;
  }
  if (s2 === -1 || e2 + 1 !== start) return flags;
  // IPv4 middle `.r1.r2.`: both runs of 1–3 digits between dots
  if (after === 46 && len <= 3 && e2 - s2 <= 3 && codeAt(text, e2) === 46 && codeAt(text, s2 - 1) === 46) flags |= IPV4_SHAPE;
  if (len >= 4) {
    const sep2 = codeAt(text, e2);
    const len2 = e2 - s2;
    // SSN: run1 ≥ 3, run2 = 2, run3 ≥ 4, the same `-` or ` ` twice
    if (len2 === 2 && s1 !== -1 && e1 + 1 === s2 && e1 - s1 >= 3 && (sep2 === 45 || sep2 === 32) && codeAt(text, e1) === sep2) flags |= SSN_SHAPE;
    // NANP: run2 = 3 after `ddd[ .-]` or `(ddd) ?`, then [ .-] and ≥ 4 digits
    if (len2 === 3 && isPhoneSep(sep2) && s1 !== -1) {
      if (e1 + 1 === s2 && e1 - s1 >= 3 && isPhoneSep(codeAt(text, e1))) flags |= NANP_SHAPE;
      else if (e1 - s1 === 3 && codeAt(text, s1 - 1) === 40 && codeAt(text, e1) === 41 && (s2 === e1 + 1 || (s2 === e1 + 2 && codeAt(text, e1 + 1) === 32))) flags |= NANP_SHAPE;
    }
  }
  return flags;
}

function scanChars(text: string): CharScan {
  const n = text.length;
  if (letterBuffer.length < n) {
    letterBuffer = new Uint8Array(n);
    positionBuffer = new Int32Array(n);
  }
  const letters = letterBuffer;
  const positions = positionBuffer;
  let k = 0;
  let anyDigit = false;
  let dashSpace = 0;
  let card = false;
  let flags = 0;
  let phoneLike = false;
  let plusDigit = false;
  let ipv6 = false;
  let ds = 0;
  let chain = 0;
  let lastDigit = -10;
  // the current run of phone characters: digits and whether it is one unsigned decimal or version
  // (`\d+(?:\.\d+){1,2}`, a space allowed at each end), which cores (phone.ts) never are
  let pd = 0;
  let pStart = -1;
  let pPlain = true;
  let pDots = 0;
  let colonChain = 0;
  let lastColon = -10;
  // the last two completed digit runs [start, end)
  let s1 = -1;
  let e1 = -1;
  let s2 = -1;
  let e2 = -1;
  let runStart = -1;
  let prev = -1;
  let nonAscii = false;
  let pairGate = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // A space after a space (aligned tables, masked HTML): it only ends a run of phone characters.
    if (c === 32 && prev === 32) {
      if (pStart !== -1) {
        if (pd >= 7 && !(pPlain && pDots > 0)) phoneLike = true;
        pd = 0;
        pStart = -1;
      }
      continue;
    }
    const cls = c < 128 ? CLASS[c]! : 0;
    if (c >= 128) nonAscii = true;
    else if (c === 32 && !pairGate && (classOf(prev) === LOWER || prev === 39 || prev === 45) && classOf(codeAt(text, i + 1)) === UPPER) pairGate = true;
    // ---- digits, phone runs, letter stream
    if (cls === DIGIT) {
      positions[k] = i;
      letters[k++] = c;
      anyDigit = true;
      if (runStart === -1) runStart = i;
      ds++;
      if (pStart === -1) {
        pStart = i;
        pPlain = true;
        pDots = 0;
      } else if (prev === 32 && i - 1 !== pStart) pPlain = false;
      pd++;
      chain = lastDigit === i - 1 || (lastDigit === i - 2 && (prev === 32 || prev === 45)) ? chain + 1 : 1;
      // the rest of the digit run: each one only adds to the counts
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d < 48 || d > 57) break;
        positions[k] = j;
        letters[k++] = d;
      }
      const more = j - 1 - i;
      ds += more;
      pd += more;
      chain += more;
      if (chain >= 12) card = true;
      i = j - 1;
      lastDigit = i;
      prev = text.charCodeAt(i);
      continue;
    }
    if (runStart !== -1) {
      flags |= digitRunFlags(text, runStart, i, c, s1, e1, s2, e2);
      s1 = s2;
      e1 = e2;
      s2 = runStart;
      e2 = i;
      runStart = -1;
    }
    if (c !== 32 && c !== 45 && ds !== 0) {
      if (ds > dashSpace) dashSpace = ds;
      ds = 0;
    }
    if ((cls & (UPPER | LOWER)) !== 0) {
      // a letter ends a phone run; the letters after it only join the stream
      if (pStart !== -1) {
        if (pd >= 7 && !(pPlain && pDots > 0 && prev !== 46)) phoneLike = true;
        pd = 0;
        pStart = -1;
      }
      positions[k] = i;
      letters[k++] = c | 32;
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d >= 97 && d <= 122) letters[k++] = d;
        else if (d >= 65 && d <= 90) letters[k++] = d | 32;
        else break;
        positions[k - 1] = j;
      }
      i = j - 1;
      prev = text.charCodeAt(i);
      continue;
    }
    // a run of phone characters: digits, ( ) . + - and single spaces
    if ((cls & PHONE_PUNCT) !== 0 || (c === 32 && prev !== 32)) {
      if (pStart === -1) {
        pStart = i;
        pPlain = c === 32;
        pDots = 0;
      } else if (c === 46) {
        if (prev < 48 || prev > 57 || ++pDots > 2) pPlain = false;
      } else if (c === 32) {
        if (prev === 46) pPlain = false;
      } else pPlain = false;
    } else if (pStart !== -1) {
      if (pd >= 7 && !(pPlain && pDots > 0 && prev !== 46)) phoneLike = true;
      pd = 0;
      pStart = -1;
    }
    if (c === 43 /* + */) {
      if (classOf(codeAt(text, i + 1)) === DIGIT && prev !== 101 && prev !== 69) plusDigit = true;
    } else if (c === 58 /* : */) {
      const cg = i - lastColon;
      if (cg === 1) ipv6 = true;
      colonChain = cg >= 2 && cg <= 5 ? colonChain + 1 : 0;
      if (colonChain >= 6) ipv6 = true;
      lastColon = i;
    }
    prev = c;
  }
  if (runStart !== -1) flags |= digitRunFlags(text, runStart, n, -1, s1, e1, s2, e2);
  if (ds > dashSpace) dashSpace = ds;
  if (pStart !== -1 && pd >= 7 && !(pPlain && pDots > 0 && prev !== 46)) phoneLike = true;
  const stream = LATIN1.decode(letters.subarray(0, k));
  return {
    anyDigit,
    dashSpace,
    card,
    ssn: (flags & SSN_SHAPE) !== 0,
    nanp: (flags & NANP_SHAPE) !== 0,
    phoneLike,
    plusDigit,
    ipv6,
    usStart: (flags & US_START) !== 0,
    ipv4: (flags & IPV4_SHAPE) !== 0,
    iban: (flags & IBAN_SHAPE) !== 0,
    nonAscii,
    pairGate,
    stream,
  };
}

/** Exported for tests. */
export { scanChars };

/** Exported for tests: the short-needle groups of a text. */
export function shortGroupsOf(text: string): number {
  return shortGroups(text, scanChars(text).stream, positionBuffer);
}

// ----------------------------------------------------------------------------------------- triage

/** An `@` between a local-part character and a domain character (email.ts: CANDIDATE); decorators and `a @ b` have none. */
function emailShape(text: string): boolean {
  for (let a = text.indexOf("@"); a !== -1; a = text.indexOf("@", a + 1)) {
    const before = codeAt(text, a - 1);
    const after = codeAt(text, a + 1);
    const local = (classOf(before) & (DIGIT | UPPER | LOWER)) !== 0 || before === 95 || before === 46 || before === 37 || before === 43 || before === 45;
    if (local && ((classOf(after) & (DIGIT | UPPER | LOWER)) !== 0 || after === 46 || after === 45)) return true;
  }
  return false;
}

/** False when no finding can come from this text (see the module comment). */
export function mayHoldPii(seg: Segment, text: string, libs: Libs): boolean {
  return triageReason(seg, text, libs) !== undefined;
}

/** Why the text may hold a finding (the first condition that holds), or undefined when it cannot. */
export function triageReason(seg: Segment, text: string, libs: Libs): string | undefined {
  // HTML entities and nested markup change values and keys from what the text shows.
  if (seg.html && (seg.text.includes("&") || NESTED_CELL.test(seg.text))) return "html entities or nested markup";
  if (emailShape(text)) return "e-mail shape";
  const c = scanChars(text);
  if (c.card) return "card shape";
  if (c.ssn) return "ssn shape";
  if (c.nanp) return "phone shape";
  if (c.plusDigit) return "+digit";
  if (c.ipv6) return "ipv6 shape";
  if (c.ipv4) return "ipv4 shape";
  if (c.iban) return "iban shape";
  // Key words (texts with İ or K, which lower-case to ASCII letters, are not judged by them).
  if (ODD_CASE.test(text)) return "İ or K";
  const keys = shortGroups(text, c.stream, positionBuffer) | longGroups(c.stream);
  const has = (g: KeyGroup): boolean => (keys & bit(g)) !== 0;
  if (has("passport")) return "passport key or word";
  if (has("name")) return "name key";
  if (c.anyDigit) {
    if (has("dob")) return "dob key or word";
    if (has("address")) return "address key";
    if (has("ip")) return "ip key";
    if (c.dashSpace >= 9 && (has("ssn") || KEYWORDS.ssn.test(text))) return "ssn key or word";
    if (c.dashSpace >= 12 && has("card")) return "card key";
    if (c.phoneLike && (has("phone") || PHONE_WORD.test(text))) return "phone key or word";
    if ((c.usStart || STREET_WORD.test(text)) && addressPatterns(text, seg.mode === "code").length > 0) return "address pattern";
  }
  return namesPossible(seg, text, libs, c.nonAscii || c.pairGate) ? "name pattern" : undefined;
}

/** The name patterns (salutations, titles, role words, known first names) depend on the text only. */
function namesPossible(seg: Segment, text: string, libs: Libs, pairGate: boolean): boolean {
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
  findNames(probe, pairGate);
  return found;
}
