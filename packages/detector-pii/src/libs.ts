/**
 * Third-party validators, loaded on the first scan (not at import time: the hook loads every detector
 * on every commit).
 */
import type { IPv6 } from "ipaddr.js";
import type { CountryCode, PhoneNumber } from "libphonenumber-js";

export interface Libs {
  parsePhone(text: string, region?: CountryCode): PhoneNumber | undefined;
  isValidIban(electronic: string): boolean;
  ibanLength(country: string): number | undefined;
  /** ipaddr.js range name ("unicast", "private", "loopback", "reserved" …) or undefined when not an address. */
  ipRange(text: string): string | undefined;
  ipNormalize(text: string): string;
  cardType(digits: string): { valid: boolean; type: string | undefined };
  isTld(tld: string): boolean;
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
}

let loading: Promise<Libs> | undefined;

export function loadLibs(): Promise<Libs> {
  loading ??= load();
  return loading;
}

async function load(): Promise<Libs> {
  const [phone, iban, ipaddr, card, tlds, names] = await Promise.all([
    import("libphonenumber-js/max"),
    import("ibantools"),
    import("ipaddr.js"),
    import("card-validator"),
    import("tlds", { with: { type: "json" } }),
    import("./generated/person-names.js"),
  ]);
  const ip = ipaddr.default;
  const cardValidator = card.default;
  const specs = iban.getCountrySpecifications();
  const tldSet = new Set<string>(tlds.default);
  return {
    parsePhone: (text, region) => phone.parsePhoneNumberFromString(text, region ?? "US"),
    isValidIban: (e) => iban.isValidIBAN(e),
    ibanLength: (country) => {
      const spec = specs[country];
      return spec?.chars ?? undefined;
    },
    ipRange: (text) => {
      if (!ip.isValid(text)) return undefined;
      const addr = ip.parse(text);
      if (addr.kind() === "ipv6") {
        const v6 = addr as IPv6;
        if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
      }
      return addr.range();
    },
    ipNormalize: (text) => ip.parse(text).toString(),
    cardType: (digits) => {
      const r = cardValidator.number(digits, { luhnValidateUnionPay: true });
      return { valid: r.isValid, type: r.card?.type };
    },
    isTld: (t) => tldSet.has(t.toLowerCase()),
    firstNames: new Set(names.FIRST_NAMES.split("|")),
    lastNames: new Set(names.LAST_NAMES.split("|")),
  };
}
