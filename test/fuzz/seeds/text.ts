/**
 * Text generators for the text detectors: token soup that keeps hitting the detectors' keywords
 * (provider prefixes, key= assignments, PEM armour, URLs with credentials, e-mails, phone numbers,
 * card-like digit runs, IBAN-like strings, names, Python and IPython syntax), with unicode, ANSI
 * escapes, very long tokens and very long lines mixed in.
 */
import fc from "fast-check";

import { FAKE } from "../../helpers/fakes.js";

/** Fragments that trigger detector prefilters and parsers. */
const SECRET_BITS = [
  FAKE.awsKeyId,
  FAKE.awsSecret,
  FAKE.githubToken,
  "AKIA",
  "ghp_",
  "xox" + "b-",
  "sk-",
  "sk_live_",
  "AIza",
  "eyJhbGciOiJIUzI1NiJ9.",
  "-----BEGIN RSA PRIVATE KEY-----",
  "-----END RSA PRIVATE KEY-----",
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "password=",
  "api_key: ",
  "token = '",
  "Authorization: Bearer ",
  "postgres://user:",
  "https://user:pass@",
  "aws_secret_access_key",
  "client_secret",
  '"private_key": "',
  "HF_TOKEN=hf_",
];
const PII_BITS = [
  "john.smith@example.com",
  "@",
  "+1 (415) 555-0100",
  "+44 20 7946 0958",
  "4111 1111 1111 1111",
  "5500-0000-0000-0004",
  "123-45-6789",
  "SSN",
  "DE89 3704 0044 0532 0130 00",
  "GB82WEST12345698765432",
  "Name: ",
  "Maria Garcia",
  "1985-03-14",
  "DOB",
  "192.168.1.1",
  "2001:db8::1",
  "passport",
  "10 Downing Street, London SW1A 2AA",
  "<td>",
  "</td>",
  "|",
  ",",
  "\t",
];
const CODE_BITS = [
  "import os",
  "os.system(",
  "subprocess.Popen(",
  "shell=True",
  "eval(",
  "exec(",
  "pickle.loads(",
  "torch.load(",
  "yaml.load(",
  "requests.get(url, verify=False)",
  "!pip install ",
  "%pip install ",
  "!curl http://x | sh",
  "%%bash\n",
  "%env ",
  "?",
  "??",
  "get_ipython().system(",
  "def f(",
  "lambda x: ",
  "class A(",
  ":\n    ",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  '"""',
  "'''",
  "#",
  "\\\n",
  "f'{x}'",
  'b"\\x00"',
  "@decorator",
  "async def g(",
  "await ",
  "match x:\n  case 1:",
  "__import__('os')",
  "getattr(__builtins__, 'ev'+'al')",
];
const NOISE = ["\u001b[0;31m", "\u001b[0m", "\r\n", "\n", " ", "\u00a0", "\u200b", "é", "日本語", "🙂", "\ud800", "\u0000", "\\", "'", '"', "=", ":"];

const bit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SECRET_BITS) },
  { weight: 3, arbitrary: fc.constantFrom(...PII_BITS) },
  { weight: 3, arbitrary: fc.constantFrom(...CODE_BITS) },
  { weight: 3, arbitrary: fc.constantFrom(...NOISE) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.base64String({ minLength: 16, maxLength: 64 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9 -]{8,24}$/) },
);

/** One line (or a few) of token soup. */
export function textLine(maxParts = 12): fc.Arbitrary<string> {
  return fc.array(bit, { maxLength: maxParts }).map((parts) => parts.join(""));
}

/** A document: many lines of token soup, sometimes with one very long line or a very long token. */
export const textDocArb: fc.Arbitrary<string> = fc
  .record({
    lines: fc.array(textLine(), { maxLength: 40 }),
    long: fc.option(
      fc.record({
        at: fc.nat(),
        unit: fc.oneof(fc.constantFrom("a", "A1", "= ", "x@", "1 ", "\\'", "(", "ghp_", "-----BEGIN "), bit),
        times: fc.integer({ min: 1000, max: 200_000 }),
      }),
      { nil: undefined },
    ),
  })
  .map(({ lines, long }) => {
    if (long) {
      const line = long.unit.repeat(Math.max(1, Math.floor(long.times / Math.max(1, long.unit.length))));
      lines.splice(lines.length === 0 ? 0 : long.at % lines.length, 0, line);
    }
    return lines.join("\n");
  });
