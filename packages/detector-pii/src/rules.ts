import type { RuleId, RuleMeta, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

/** Entity kinds, one rule each. */
export type Entity =
  | "email"
  | "phone"
  | "us-ssn"
  | "credit-card"
  | "iban"
  | "passport-number"
  | "date-of-birth"
  | "street-address"
  | "person-name"
  | "ip-address";

const FOLDER = "detector-pii";

/**
 * Personal data shown to whoever can read the repository: CWE-359 (private personal information),
 * which OWASP A01:2021 (broken access control) lists. NIST AI RMF MEASURE 2.10 asks for privacy risk
 * to be examined and MANAGE for it to be acted on. No OWASP ML Top 10 entry fits a leak in a notebook
 * output (ML03/ML04 are attacks on a model, not on the repository), so none is claimed.
 */
const PERSONAL: StandardsMapping = {
  cwe: ["CWE-359"],
  owaspTop10: ["A01:2021"],
  nistAiRmf: ["MEASURE", "MANAGE"],
};

/** Financial and government identifiers stored in clear text: also CWE-312, which A02:2021 lists. */
const SENSITIVE_ID: StandardsMapping = {
  cwe: ["CWE-359", "CWE-312"],
  owaspTop10: ["A01:2021", "A02:2021"],
  nistAiRmf: ["MEASURE", "MANAGE"],
};

/** Network identifiers: information exposure in general (CWE-200). */
const NETWORK: StandardsMapping = {
  cwe: ["CWE-200", "CWE-359"],
  owaspTop10: ["A01:2021"],
  nistAiRmf: ["MEASURE", "MANAGE"],
};

const FIX_OUTPUT =
  "Clear the notebook output (or drop the column before displaying it) and keep personal data out of the repository; mask or synthesise it for examples.";

function rule(
  entity: Entity,
  title: string,
  description: string,
  defaultSeverity: RuleMeta["defaultSeverity"],
  standards: StandardsMapping,
  heuristic: boolean,
  fix: string = FIX_OUTPUT,
): RuleMeta {
  const id: RuleId = `pii/${entity}`;
  return {
    id,
    title,
    description,
    category: "pii",
    defaultSeverity,
    fix,
    docsUrl: docsUrlFor(FOLDER, id),
    since: "0.1.0",
    standards,
    ...(heuristic ? { heuristic: true } : {}),
  };
}

export const RULES: Readonly<Record<Entity, RuleMeta>> = {
  email: rule(
    "email",
    "E-mail address",
    "A personal e-mail address with valid syntax and a real top-level domain appears in a notebook output, data file or code.",
    "low",
    PERSONAL,
    false,
  ),
  phone: rule(
    "phone",
    "Phone number",
    "A telephone number that libphonenumber accepts as plausible, either formatted as a phone number or labelled as one by its column or key.",
    "low",
    PERSONAL,
    false,
  ),
  "us-ssn": rule(
    "us-ssn",
    "US Social Security number",
    "A US Social Security number that passes the area, group and serial rules, formatted as such or labelled by its column or key.",
    "high",
    SENSITIVE_ID,
    false,
    "Clear the output or remove the file from the commit, purge it from history if it was pushed, and treat the numbers as exposed.",
  ),
  "credit-card": rule(
    "credit-card",
    "Payment card number",
    "A payment card number that passes the Luhn check and the issuer's prefix and length rules.",
    "high",
    SENSITIVE_ID,
    false,
    "Clear the output or remove the file from the commit, purge it from history if it was pushed; card data must never sit in a repository (PCI DSS).",
  ),
  iban: rule(
    "iban",
    "IBAN",
    "An international bank account number with a valid mod-97 checksum, country length and account format.",
    "medium",
    SENSITIVE_ID,
    false,
  ),
  "passport-number": rule(
    "passport-number",
    "Passport number",
    "A passport-number-shaped value in a passport column, key or sentence.",
    "medium",
    SENSITIVE_ID,
    true,
  ),
  "date-of-birth": rule(
    "date-of-birth",
    "Date of birth",
    "A valid calendar date labelled as a date of birth by its column, key or sentence.",
    "low",
    PERSONAL,
    true,
  ),
  "street-address": rule(
    "street-address",
    "Street address",
    "A postal street address (house number, street name and street type, or an address column).",
    "low",
    PERSONAL,
    true,
  ),
  "person-name": rule(
    "person-name",
    "Person name",
    "A person's name found through a name column or key, a salutation or signature, or a known first name followed by a surname.",
    "low",
    PERSONAL,
    true,
  ),
  "ip-address": rule(
    "ip-address",
    "Public IP address",
    "A public (globally routable) IPv4 or IPv6 address; private, loopback, link-local and reserved ranges and version strings are ignored.",
    "low",
    NETWORK,
    false,
  ),
};

export const RULE_LIST: readonly RuleMeta[] = Object.values(RULES).sort((a, b) => a.id.localeCompare(b.id));
