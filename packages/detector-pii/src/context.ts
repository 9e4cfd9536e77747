/**
 * Context vocabulary: which column headers, dict keys and field labels make the values under them
 * personal data, and which words near a value say what it is. Data tables, each entry with its reason.
 */

/** What a column header or key says about the values it labels. */
export type KeyKind =
  | "email"
  | "phone"
  | "ssn"
  | "card"
  | "iban"
  | "passport"
  | "dob"
  | "address"
  | "ip"
  /** A header naming a person specifically (first_name, customer_name, patient …). */
  | "name"
  /** The bare header `name` (or `customer`): person only when the value looks like one. */
  | "name-generic"
  /** Ids, timestamps, versions, counts: digits under it are not SSNs, cards or phones. */
  | "negative";

/** Splits a header or key into lower-case word tokens: `DateOfBirth` → date, of, birth; `passport_no` → passport, no. */
export function keyTokens(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

interface KeyRule {
  kind: KeyKind;
  /** Matches when the joined tokens (no separators) equal one of these. */
  compact?: readonly string[];
  /** Matches when every token of one of these groups is among the key's tokens. */
  all?: readonly (readonly string[])[];
  /** No match when any of these tokens is present. */
  unless?: readonly string[];
  why: string;
}

/** Tokens that turn a `…name` key into something other than a person's name. */
const NOT_A_PERSON = [
  "file", "model", "column", "col", "feature", "class", "dataset", "data", "layer", "run", "experiment", "project",
  "repo", "package", "pkg", "module", "function", "func", "method", "host", "server", "user", "username", "product",
  "item", "company", "org", "organization", "organisation", "business", "brand", "city", "country", "state", "street",
  "place", "location", "team", "group", "label", "tag", "field", "var", "variable", "table", "db", "database", "schema",
  "index", "key", "param", "parameter", "metric", "screen", "test", "task", "job", "node", "device", "app", "service",
  "bucket", "image", "font", "school", "hospital", "bank", "species", "breed", "pet", "drug", "disease", "song", "album",
  "movie", "title", "book", "event", "domain", "env", "environment", "branch", "commit", "tool", "category", "type",
  "kind", "display", "nick", "nickname", "handle", "login", "account", "store", "shop", "vendor", "merchant", "school",
  "university", "region", "county", "district", "sheet", "path", "dir", "folder", "stage", "step", "op", "tensor",
  "var", "attr", "attribute", "object", "entity", "channel", "topic", "queue", "container", "pod", "cluster", "plot",
  "series", "chart", "file", "stream", "signal", "sensor", "game", "team", "league", "ship", "plan", "policy", "role",
] as const;

/** First match wins, so specific kinds come before the broad ones they contain. */
const KEY_RULES: readonly KeyRule[] = [
  {
    kind: "email",
    compact: ["email", "emailaddress", "emailaddr", "mail", "mailaddress", "emailid", "useremail", "contactemail"],
    all: [["email"], ["e", "mail"]],
    unless: ["template", "subject", "body", "sent", "count", "verified", "domain", "opt", "optin", "is", "has"],
    why: "an e-mail column or key; e-mail values are validated on their own, the key only keeps placeholder domains in code",
  },
  {
    kind: "ip",
    compact: ["ip", "ipaddress", "ipaddr", "ipv4", "ipv6", "remoteaddr", "clientip", "srcip", "dstip", "sourceip", "hostip", "peerip", "xforwardedfor", "lastloginip", "loginip"],
    all: [["ip"]],
    unless: ["count", "version", "type"],
    why: "an IP column (checked before `address` so ip_address is not read as a street address)",
  },
  {
    kind: "negative",
    compact: ["macaddress", "macaddr", "walletaddress", "memoryaddress", "url", "website", "weburl", "link", "hostname"],
    why: "addresses that are not postal addresses",
  },
  {
    kind: "ssn",
    compact: ["ssn", "ssnumber", "socialsecurity", "socialsecuritynumber", "socialsecurityno", "socsec", "ssnlast4"],
    all: [["ssn"], ["social", "security"]],
    why: "a US Social Security number column",
  },
  {
    kind: "passport",
    all: [["passport"]],
    unless: ["country", "expiry", "expiration", "issued", "issue", "date", "type", "photo"],
    why: "a passport-number column (passport_no, passport_number, PassportID …)",
  },
  {
    kind: "dob",
    compact: ["dob", "dateofbirth", "birthdate", "birthday", "bday", "born", "bornon", "birthdt", "dtofbirth", "geburtsdatum"],
    all: [["birth", "date"], ["birth", "day"], ["d", "o", "b"], ["dob"]],
    unless: ["place", "city", "country", "year", "month", "weight", "order", "rate"],
    why: "a date-of-birth column",
  },
  {
    kind: "card",
    compact: ["card", "creditcard", "creditcardnumber", "creditcardno", "cardnumber", "cardno", "cardnum", "ccnum", "ccnumber", "ccno", "cc", "ccn", "pan", "debitcard", "debitcardnumber", "paymentcard"],
    all: [["credit", "card"], ["debit", "card"], ["card", "number"], ["card", "no"], ["card", "num"]],
    unless: ["type", "brand", "expiry", "exp", "expiration", "cvv", "cvc", "holder", "name", "count", "issuer"],
    why: "a payment-card column",
  },
  {
    kind: "iban",
    compact: ["iban", "ibannumber", "bankaccount", "bankaccountnumber", "accountiban"],
    all: [["iban"]],
    why: "an IBAN or bank-account column",
  },
  {
    kind: "phone",
    compact: ["phone", "phonenumber", "phoneno", "tel", "telephone", "telno", "mobile", "mobileno", "mobilenumber", "cell", "cellphone", "cellnumber", "fax", "msisdn", "contactnumber", "contactno", "whatsapp", "homephone", "workphone"],
    all: [["phone"], ["telephone"], ["mobile", "number"], ["mobile", "no"], ["fax"]],
    unless: ["model", "brand", "type", "os", "count", "verified", "make", "app"],
    why: "a phone column",
  },
  {
    kind: "address",
    compact: ["address", "addr", "street", "streetaddress", "address1", "address2", "addressline1", "addressline2", "homeaddress", "mailingaddress", "billingaddress", "shippingaddress", "postaladdress", "residence", "residentialaddress", "fulladdress", "streetname"],
    all: [["address"], ["street"]],
    unless: ["ip", "mac", "email", "mail", "web", "url", "memory", "wallet", "server", "host", "contract", "count", "type", "verified", "bitcoin", "btc", "eth", "bus", "base"],
    why: "a postal-address column",
  },
  {
    kind: "name",
    compact: ["firstname", "lastname", "fullname", "surname", "givenname", "familyname", "forename", "middlename", "fname", "lname", "maidenname", "customername", "clientname", "patientname", "employeename", "personname", "contactname", "membername", "cardholder", "cardholdername", "accountholder", "accountholdername", "studentname", "teachername", "doctorname", "physicianname", "applicantname", "candidatename", "passengername", "drivername", "recipientname", "sendername", "beneficiary", "beneficiaryname", "subscribername", "guardianname", "parentname", "mothername", "fathername", "spousename", "nextofkin", "emergencycontact", "emergencycontactname", "legalname", "realname", "ownername", "holdername", "insuredname", "policyholder", "nombre", "apellido", "vorname", "nachname", "prenom", "nom"],
    all: [["first", "name"], ["last", "name"], ["full", "name"], ["given", "name"], ["family", "name"], ["middle", "name"], ["customer", "name"], ["patient", "name"], ["employee", "name"], ["contact", "name"], ["person", "name"]],
    unless: NOT_A_PERSON.filter((t) => t !== "user"),
    why: "a column that names a person specifically",
  },
  {
    kind: "name-generic",
    compact: ["name", "customer", "patient", "employee", "person", "contact", "client", "passenger", "applicant", "member", "student", "names"],
    all: [["name"]],
    unless: NOT_A_PERSON,
    why: "the bare `name` header: a person only when the value looks like one",
  },
  {
    kind: "negative",
    compact: ["id", "uuid", "guid", "key", "ts", "time", "timestamp", "epoch", "date", "datetime", "version", "ver", "build", "seed", "step", "steps", "iter", "iteration", "shape", "size", "count", "hash", "sha", "md5", "checksum", "zip", "zipcode", "postcode", "postal", "postalcode", "lat", "lon", "lng", "latitude", "longitude", "price", "amount", "total", "score", "loss", "sku", "isbn", "ean", "upc", "barcode", "order", "invoice", "txn", "ref", "reference", "tracking", "trackingnumber", "nonce", "port", "pid", "offset", "length", "index", "idx", "row", "label", "target", "value", "values", "tweet", "tweetid", "statusid", "snowflake"],
    all: [["id"], ["order"], ["invoice"], ["transaction"], ["txn"], ["tracking"], ["timestamp"], ["time"], ["date"], ["version"], ["uuid"], ["hash"], ["epoch"], ["created"], ["updated"], ["modified"], ["number", "of"], ["num", "of"], ["zip"], ["postal"], ["sku"], ["serial"], ["account", "id"]],
    why: "identifiers, times, versions and measures: digit runs under them are not SSNs, cards or phone numbers",
  },
];

/** Needles (see keyNeedles): `long` ones are looked up in the text's letters and digits with separators dropped, `short` ones as key tokens. */
export interface KeyNeedles {
  long: string[];
  short: string[];
}

/**
 * What a text must contain for some key in it to be classified as one of `kinds`. A compact form is
 * the key's letters and digits, so it appears in the text's lower-cased letters and digits with the
 * separators dropped (`long`); a group needs each of its tokens, so one of them is enough (one that is
 * already needed, else the longest). Words of up to five letters (`ip`, `cc`, `tel`, `name`) are
 * in every text that way, so they are `short`: looked up as a whole token (letters possibly split by
 * separators, a camel-case boundary or a non-letter on each side). First-match order and `unless`
 * only remove matches, so they are ignored. One approximation: a group of one-letter tokens (`d`,
 * `o`, `b`) is taken as written together (`D.O.B`, `d_o_b`), not scattered through a longer key.
 */
export function keyNeedles(kinds: readonly KeyKind[]): KeyNeedles {
  const rules = KEY_RULES.filter((r) => kinds.includes(r.kind));
  const long = new Set<string>();
  const short = new Set<string>();
  const add = (w: string): void => void (w.length > 5 ? long : short).add(w);
  for (const r of rules) for (const c of r.compact ?? []) add(c);
  for (const r of rules) {
    for (const g of r.all ?? []) {
      if (g.every((t) => t.length === 1)) {
        short.add(g.join(""));
        continue;
      }
      // a token that is a short needle itself, or contains a long one, is already looked for
      if (g.some((t) => short.has(t) || [...long].some((n) => t.includes(n)))) continue;
      add([...g].sort((a, b) => b.length - a.length)[0]!);
    }
  }
  // A long needle that contains another long one adds nothing.
  const longs = [...long].filter((n) => ![...long].some((m) => m !== n && n.includes(m))).sort();
  return { long: longs, short: [...short].sort() };
}

const RULE_SETS = KEY_RULES.map((r) => ({
  kind: r.kind,
  all: r.all,
  compact: r.compact ? new Set(r.compact) : undefined,
  unless: r.unless ? new Set<string>(r.unless) : undefined,
}));

const KEY_CACHE = new Map<string, KeyKind | undefined>();

/** What a header or key says about its values, or undefined when it says nothing. */
export function classifyKey(key: string): KeyKind | undefined {
  const trimmed = key.trim();
  if (trimmed.length === 0 || trimmed.length > 60) return undefined;
  const cached = KEY_CACHE.get(trimmed);
  if (cached !== undefined || KEY_CACHE.has(trimmed)) return cached;
  const tokens = keyTokens(trimmed);
  const compact = tokens.join("");
  let result: KeyKind | undefined;
  for (const r of RULE_SETS) {
    if (r.unless && tokens.some((t) => r.unless!.has(t))) continue;
    const byCompact = r.compact?.has(compact) ?? false;
    const byAll = r.all?.some((group) => group.every((g) => tokens.includes(g))) ?? false;
    if (byCompact || byAll) {
      result = r.kind;
      break;
    }
  }
  if (KEY_CACHE.size > 5000) KEY_CACHE.clear();
  KEY_CACHE.set(trimmed, result);
  return result;
}

/**
 * Words that, shortly before a value on the same line, say what it is ("SSN: …", "born on …").
 * Each pattern is tested on at most 48 characters before the value.
 */
export const KEYWORDS: Readonly<Record<Exclude<KeyKind, "negative" | "name-generic">, RegExp>> = {
  ssn: /\b(?:ssn|ss#|social[ _-]?security(?:[ _-]?(?:number|no|num|#))?|soc\.? ?sec)\b/i,
  card: /\b(?:credit[ _-]?card|debit[ _-]?card|card[ _-]?(?:number|no|num|#)|cc[ _-]?(?:number|num|no)|ccn|pan|visa|mastercard|master card|amex|american express|discover|maestro|card)\b/i,
  passport: /\bpassport(?:[ _-]?(?:number|num|no|nr|id|#))?\b/i,
  dob: /\b(?:dob|d\.o\.b|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthday|born(?: on| in)?|geburtsdatum|fecha de nacimiento|date de naissance)\b/i,
  phone: /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|call(?: me)?(?: at)?|contact|whatsapp|sms|text me|ph|mob)\b/i,
  email: /\b(?:e-?mail|mail)\b/i,
  iban: /\b(?:iban|bank account|account)\b/i,
  address: /\b(?:address|addr|street|lives at|located at|residing at|resides at|ship to|bill to)\b/i,
  ip: /\b(?:ip|ip address|client|remote|from|src|dst|host)\b/i,
  name: /\b(?:name|customer|patient|employee|contact|applicant|passenger|cardholder)\b/i,
};

/** Words right before a bare digit run that make it an identifier of a record, not of a person. */
export const ID_BEFORE = /\b(?:order|orders|invoice|txn|transaction|tracking|ref|reference|id|ids|uuid|item|sku|serial|ticket|request|session|trace|span|job|run|build|seed|step|epoch|timestamp|ts|record|row|batch|shipment|parcel|isbn|ean|upc|barcode|hash|checksum|crc|nonce|fingerprint|oid|pid|uid|gid|inode|offset|size|bytes|count|total|sum|value)s?\b[\s#:=_-]{0,4}(?:no\.?|nr|number|num|id)?[\s#:=_-]{0,3}$/i;

/** Words right before a digit run that make it a version, a build or a count, not personal data. */
export const VERSION_BEFORE = /(?:\bv|\bversion|\bver|\brelease|\brev|\bbuild|\bpython|\btorch|\btensorflow|\bcuda|\bcudnn|\bdriver|\bnumpy|\bpandas|\bkeras|==|>=|<=|~=|!=|@)\s*(?:[:=]\s*)?$/i;
