/** Payment card numbers: Luhn, issuer prefix and length (card-validator), grouping and context. */
import type { Severity } from "@watchtower/types";

import type { Field } from "../model.js";
import { ID_BEFORE } from "../context.js";
import { isTrivialDigits, textBefore } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, contextOf, inNumericList, keyInfo } from "./common.js";

/** Test numbers published by payment providers: real data only where data is printed. */
const TEST_PANS: Readonly<Record<string, string>> = {
  "4242424242424242": "Stripe test Visa",
  "4000056655665556": "Stripe test Visa debit",
  "5555555555554444": "Stripe/Braintree test Mastercard",
  "2223003122003222": "Stripe test Mastercard 2-series",
  "5200828282828210": "Stripe test Mastercard debit",
  "5105105105105100": "Stripe/PayPal test Mastercard prepaid",
  "378282246310005": "Stripe/Braintree test American Express",
  "371449635398431": "Stripe/Braintree test American Express",
  "6011111111111117": "Stripe/Braintree test Discover",
  "6011000990139424": "Stripe/Braintree test Discover",
  "3056930009020004": "Stripe test Diners Club",
  "36227206271667": "Stripe test Diners Club 14-digit",
  "30569309025904": "PayPal test Diners Club",
  "38520000023237": "PayPal test Diners Club",
  "3566002020360505": "Stripe test JCB",
  "3530111333300000": "PayPal test JCB",
  "6200000000000005": "Stripe test UnionPay",
  "4111111111111111": "the usual Visa test number (PayPal, Braintree, Adyen)",
  "4012888888881881": "PayPal/Braintree test Visa",
  "4222222222222": "PayPal test Visa 13-digit",
  "4005519200000004": "Braintree test Visa",
  "4009348888881881": "Braintree test Visa",
  "4012000033330026": "Braintree test Visa",
  "4012000077777777": "Braintree test Visa",
  "4217651111111119": "Braintree test Visa",
  "4500600000000061": "Braintree test Visa",
  "5431111111111111": "Braintree test Mastercard",
  "6011601160116611": "Braintree test Discover",
};

/** Groupings people and systems print card numbers in (digits per group). */
const GROUPINGS = new Set(["4-4-4-4", "4-4-4-4-3", "4-4-4-4-2", "4-4-4-4-1", "4-6-5", "4-6-4", "4-4-4-3", "4-4-4-2", "4-4-4-1"]);

const CANDIDATE = /(?<![\w.,-])\d(?:[ -]?\d){11,18}(?![\w-]|[.,]\d)/g;

export function luhn(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let v = d.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

interface Shape {
  digits: string;
  formatted: boolean;
}

/** Digits and whether they are grouped like a card; undefined for any other shape. */
function shapeOf(s: string): Shape | undefined {
  if (/^\d+$/.test(s)) return s.length >= 12 && s.length <= 19 ? { digits: s, formatted: false } : undefined;
  const seps = s.replace(/\d/g, "");
  if (!/^(?: +|-+)$/.test(seps) || /[ -]{2}/.test(s)) return undefined;
  const groups = s.split(/[ -]/);
  if (!GROUPINGS.has(groups.map((g) => g.length).join("-"))) return undefined;
  return { digits: groups.join(""), formatted: true };
}

function checks(scan: Scan, digits: string): { type: string } | undefined {
  if (isTrivialDigits(digits) || !luhn(digits)) return undefined;
  const r = scan.libs.cardType(digits);
  return r.valid && r.type !== undefined ? { type: r.type } : undefined;
}

function severity(scan: Scan, labelled: boolean, formatted: boolean, example: boolean): Severity | undefined {
  const mode = scan.seg.mode;
  if (mode === "code") {
    if (example) return "low";
    return labelled || formatted ? "high" : "low";
  }
  if (example && mode === "docs") return "low";
  return "high";
}

function consider(scan: Scan, offset: number, raw: string): void {
  const shape = shapeOf(raw);
  if (!shape) return;
  const card = checks(scan, shape.digits);
  if (!card) return;
  const ctx = contextOf(scan, offset, raw.length, "card");
  if (ctx.other !== undefined && ctx.field === undefined) return;
  const labelled = ctx.field !== undefined || ctx.keyword;
  if (!labelled && !shape.formatted) {
    // A bare digit run is a card only at 15/16 digits, outside numeric lists, not named as an id.
    if (shape.digits.length < 15 || shape.digits.length > 16) return;
    if (inNumericList(scan.text, offset, raw.length)) return;
    if (ID_BEFORE.test(textBefore(scan.text, offset, 32))) return;
  }
  const example = shape.digits in TEST_PANS;
  const sev = severity(scan, labelled, shape.formatted, example);
  if (!sev) return;
  scan.add({
    entity: "credit-card",
    offset,
    length: raw.length,
    normalized: shape.digits,
    severity: sev,
    basis: ctx.field ? "column or key" : ctx.keyword ? "keyword" : shape.formatted ? "card grouping" : "Luhn and issuer prefix",
    ...columnAt(scan, offset, raw.length),
    ...keyInfo(ctx),
    example,
    extra: { brand: card.type },
  });
}

export function findCards(scan: Scan): void {
  for (const m of scan.text.matchAll(CANDIDATE)) consider(scan, m.index, m[0]);
  // Table cells one by one: a neighbouring column one space away must not spoil the grouping.
  for (const f of scan.fields) if (!f.decoded && f.length >= 12 && f.length <= 25 && /^\d[\d -]+\d$/.test(f.value)) consider(scan, f.offset, f.value);
}

/** A value under a card column/key (any grouping). */
export function cardFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  if (!/^[\d -]{12,25}$/.test(v)) return;
  const digits = v.replace(/\D/g, "");
  if (digits.length < 12 || digits.length > 19) return;
  const card = checks(scan, digits);
  if (!card) return;
  const example = digits in TEST_PANS;
  const sev = severity(scan, true, true, example);
  if (!sev) return;
  scan.add({ entity: "credit-card", offset: f.offset, length: f.length, normalized: digits, severity: sev, basis: "column or key", key: f.key, ...(f.column === undefined ? {} : { column: f.column }), example, extra: { brand: card.type } });
}
