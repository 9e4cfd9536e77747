/**
 * Third-party validators and tables, each loaded the first time a scan needs it (not at import time
 * and not on every first scan: the hook loads every detector on every commit, and most commits hold
 * no phone number, IBAN or HTML table).
 *
 * The scan itself is synchronous. An accessor whose library is not loaded yet throws
 * {@link NeedLibrary}; `scanSource` then loads that library and scans the segment again (a segment
 * scan is pure: hits are reported only after it returns). So laziness never changes a result, and
 * the retry happens at most once per library per process.
 */
import type CardValidator from "card-validator";
import type * as Entities from "entities";
import type * as Htmlparser2 from "htmlparser2";
import type * as IbanTools from "ibantools";
import type IpAddr from "ipaddr.js";
import type { IPv6 } from "ipaddr.js";
import type { CountryCode, PhoneNumber } from "libphonenumber-js";
import type * as PhoneLib from "libphonenumber-js/max";

export interface HtmlLib {
  Parser: typeof Htmlparser2.Parser;
  decodeHTML: typeof Entities.decodeHTML;
}

export interface Libs {
  parsePhone(text: string, region?: CountryCode): PhoneNumber | undefined;
  isValidIban(electronic: string): boolean;
  ibanLength(country: string): number | undefined;
  /** ipaddr.js range name ("unicast", "private", "loopback", "reserved" …) or undefined when not an address. */
  ipRange(text: string): string | undefined;
  ipNormalize(text: string): string;
  cardType(digits: string): { valid: boolean; type: string | undefined };
  isTld(tld: string): boolean;
  readonly firstNames: ReadonlySet<string>;
  readonly lastNames: ReadonlySet<string>;
  /** htmlparser2's Parser and the entities decoder, for text/html tables. */
  readonly html: HtmlLib;
}

export type LibraryName = "phone" | "iban" | "ip" | "card" | "tlds" | "names" | "html";

/** Thrown by an accessor whose library is not loaded yet (see the module comment). */
export class NeedLibrary extends Error {
  constructor(readonly library: LibraryName) {
    super(`pii: library ${library} is not loaded yet`);
  }
}

interface Loaded {
  phone?: typeof PhoneLib;
  iban?: { lib: typeof IbanTools; specs: ReturnType<typeof IbanTools.getCountrySpecifications> };
  ip?: typeof IpAddr;
  card?: typeof CardValidator;
  tlds?: ReadonlySet<string>;
  names?: { first: ReadonlySet<string>; last: ReadonlySet<string> };
  html?: HtmlLib;
}

const loaded: Loaded = {};
const loading = new Map<LibraryName, Promise<void>>();

async function load(lib: LibraryName): Promise<void> {
  switch (lib) {
    case "phone":
      loaded.phone = await import("libphonenumber-js/max");
      return;
    case "iban": {
      const iban = await import("ibantools");
      loaded.iban = { lib: iban, specs: iban.getCountrySpecifications() };
      return;
    }
    case "ip":
      loaded.ip = (await import("ipaddr.js")).default;
      return;
    case "card":
      loaded.card = (await import("card-validator")).default;
      return;
    case "tlds":
      loaded.tlds = new Set<string>((await import("tlds", { with: { type: "json" } })).default);
      return;
    case "names": {
      const names = await import("./generated/person-names.js");
      loaded.names = { first: new Set(names.FIRST_NAMES.split("|")), last: new Set(names.LAST_NAMES.split("|")) };
      return;
    }
    case "html": {
      const [htmlparser2, entities] = await Promise.all([import("htmlparser2"), import("entities")]);
      loaded.html = { Parser: htmlparser2.Parser, decodeHTML: entities.decodeHTML };
      return;
    }
  }
}

/** Loads a library once (concurrent callers share the promise). */
export function ensureLibrary(lib: LibraryName): Promise<void> {
  let p = loading.get(lib);
  if (!p) {
    p = load(lib);
    loading.set(lib, p);
  }
  return p;
}

function need<T>(value: T | undefined, lib: LibraryName): T {
  if (value === undefined) throw new NeedLibrary(lib);
  return value;
}

export const libs: Libs = {
  parsePhone: (text, region) => need(loaded.phone, "phone").parsePhoneNumberFromString(text, region ?? "US"),
  isValidIban: (e) => need(loaded.iban, "iban").lib.isValidIBAN(e),
  ibanLength: (country) => need(loaded.iban, "iban").specs[country]?.chars ?? undefined,
  ipRange: (text) => {
    const ip = need(loaded.ip, "ip");
    if (!ip.isValid(text)) return undefined;
    const addr = ip.parse(text);
    if (addr.kind() === "ipv6") {
      const v6 = addr as IPv6;
      if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
    }
    return addr.range();
  },
  ipNormalize: (text) => need(loaded.ip, "ip").parse(text).toString(),
  cardType: (digits) => {
    const r = need(loaded.card, "card").number(digits, { luhnValidateUnionPay: true });
    return { valid: r.isValid, type: r.card?.type };
  },
  isTld: (t) => need(loaded.tlds, "tlds").has(t.toLowerCase()),
  get firstNames() {
    return need(loaded.names, "names").first;
  },
  get lastNames() {
    return need(loaded.names, "names").last;
  },
  get html() {
    return need(loaded.html, "html");
  },
};
