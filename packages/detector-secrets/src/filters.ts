/**
 * The false-positive layer shared by every rule: placeholders, masks, documented example keys,
 * template references, public material, hashes and ids, images, numbers and field names.
 * Each table entry says why it is not a credential. All checks are O(length of the value).
 */

// ---------------------------------------------------------------------------------------------
// Measures

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

export interface CharClasses {
  lower: number;
  upper: number;
  digit: number;
  other: number;
  /** How many of lower/upper/digit/other occur at least once. */
  kinds: number;
}

export function charClasses(s: string): CharClasses {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
    else other++;
  }
  const kinds = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
  return { lower, upper, digit, other, kinds };
}

/** Longest run of one repeated character ("xxxxx", "00000", "*****"). */
export function longestRepeat(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i) === s.charCodeAt(i - 1)) {
      run++;
      if (run > best) best = run;
    } else run = 1;
  }
  return best;
}

/** Longest run of consecutive characters ("abcdef", "123456", "ZYXWV"), either direction. */
export function longestSequence(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

/** `s` without trailing characters from `chars` (a linear-time stand-in for /[…]+$/). */
export function trimEnd(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && chars.includes(s[e - 1] ?? "")) e--;
  return s.slice(0, e);
}

const HEX = /^[0-9a-f]+$/i;
export const isHex = (s: string): boolean => HEX.test(s);

// ---------------------------------------------------------------------------------------------
// Placeholders, masks, templates

/**
 * Words that mark a value as a placeholder or an example when they appear inside it
 * (lower-cased substring check). Used for provider tokens, whose random bodies practically
 * never contain them.
 */
const TOKEN_PLACEHOLDER_WORDS: readonly string[] = [
  "your", // YOUR_API_KEY, hf_yourtokenhere
  "example", // documented example keys (AWS …EXAMPLE)
  "sample",
  "dummy",
  "fake",
  "placeholder",
  "redacted",
  "replace", // REPLACE_ME
  "insert",
  "xxxx", // hf_xxxxxxxx, sk-xxxx
  "changeme",
  "notreal",
  "notarealkey",
  "token_here",
  "tokenhere",
  "keyhere",
  "key_here",
];

/** Extra words for generic values (human-chosen values are placeholders much more often). */
const VALUE_PLACEHOLDER_WORDS: readonly string[] = [
  ...TOKEN_PLACEHOLDER_WORDS,
  "change_me",
  "change-me",
  "changeit",
  "enter_",
  "enter-",
  "todo",
  "fixme",
  "tbd",
  "here", // put-your-key-here
  "mykey",
  "my_key",
  "foobar",
  "foo_bar",
  "hunter2",
  "qwerty",
  "letmein",
  "abc123",
  "123456",
  "default",
  "invalid",
  "testing",
  "test123",
  "test_",
  "_test",
  "demo",
  "none",
  "null",
  "undefined",
  "missing",
  "unknown",
  "unset",
  "empty",
  "optional",
  "required",
];

/**
 * Credential words inside a value ("my-secret", "supersecret", "api_key_here"): placeholders when
 * the value is otherwise plain; a mixed value ("MySecretPass123!") is a weak but real password.
 */
const SOFT_PLACEHOLDER_WORDS: readonly string[] = ["secret", "password", "passwd", "passw0rd", "p@ss", "token", "apikey", "api_key", "api-key"];

/** A credential word inside a value that is otherwise made like a real password (3+ classes, 10+ chars). */
export function hasSoftWord(value: string): boolean {
  return hasPlaceholderWord(value.toLowerCase(), SOFT_PLACEHOLDER_WORDS);
}

/** Whole values that are placeholders (lower-cased, exact). */
const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set([
  "test",
  "pass",
  "admin",
  "root",
  "user",
  "guest",
  "xxx",
  "na",
  "n/a",
  "no",
  "yes",
  "true",
  "false",
  "on",
  "off",
  "key",
  "value",
  "string",
  "str",
  "bytes",
  "int",
  "bool",
  "optional[str]",
  "secretstr",
  "getpass",
  "prompt",
  "input",
  "env",
  "environ",
  "auto",
  "hidden",
  "masked",
  "sensitive",
  "private",
  "public",
  "bearer",
  "basic",
  "oauth",
  "oauth2",
  "jwt",
  "hmac",
  "sha256",
  "hs256",
  "rs256",
  "md5",
  "plain",
  "plaintext",
  "aes",
  "aes256",
]);

/** Masks: values that were already hidden ("***", "sk-...abcd", "XXXX", "••••"). */
export function isMasked(s: string): boolean {
  return (
    s.includes("***") ||
    s.includes("...") ||
    s.includes("…") ||
    s.includes("•") ||
    s.includes("●") ||
    s.includes("####") ||
    s.includes("XXXX") ||
    s.includes("xxxx") ||
    s.includes("<redacted>") ||
    s.includes("[REDACTED]") ||
    s.includes("[redacted]") ||
    s.includes("[MASKED]") ||
    s.includes("[HIDDEN]")
  );
}

/**
 * Template and variable references: `${VAR}`, `$VAR`, `{{ var }}`, `{var}` (f-strings),
 * `%(var)s`, `%VAR%`, `@VAR@`, `<token>`, `[token]`, `$(cmd)`, `<|special|>`.
 */
export function isTemplateRef(s: string): boolean {
  const c0 = s.charCodeAt(0);
  // $ { % @ < [ (
  if (c0 === 36 || c0 === 123 || c0 === 37 || c0 === 64 || c0 === 60 || c0 === 91 || c0 === 40) return true;
  return (
    s.includes("${") ||
    s.includes("{{") ||
    s.includes("}}") ||
    s.includes("$(") ||
    s.includes("%(") ||
    s.includes("<") ||
    s.includes(">") ||
    /\{\w{1,60}\}/.test(s) ||
    /^%\w{1,60}%$/.test(s)
  );
}

/**
 * Placeholder words inside a value. Short words ("tbd", "demo", "none") also occur by chance in
 * random strings, so they only count as whole words (delimited by non-letters) in long values.
 */
function hasPlaceholderWord(lower: string, words: readonly string[]): boolean {
  for (const w of words) {
    const i = lower.indexOf(w);
    if (i === -1) continue;
    if (w.length >= 5 || lower.length < 12 || /^[^a-z0-9]|[^a-z0-9]$/.test(w)) return true;
    for (let at = i; at !== -1; at = lower.indexOf(w, at + 1)) {
      const before = lower[at - 1] ?? " ";
      const after = lower[at + w.length] ?? " ";
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    }
  }
  return false;
}

/** A provider-format token whose body is a placeholder, a mask or plainly not random. */
export function isPlaceholderToken(token: string, body: string = token): boolean {
  if (isMasked(token) || isTemplateRef(body)) return true;
  const lower = body.toLowerCase();
  if (hasPlaceholderWord(lower, TOKEN_PLACEHOLDER_WORDS)) return true;
  if (longestRepeat(body) >= 5) return true;
  if (longestSequence(body) >= 6) return true;
  return isDocumentedExample(token);
}

/** A human-entered value that is a placeholder, an example or a well-known weak default. */
export function isPlaceholderValue(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (isMasked(value) || isTemplateRef(value)) return true;
  if (hasPlaceholderWord(lower, VALUE_PLACEHOLDER_WORDS)) return true;
  if (hasPlaceholderWord(lower, SOFT_PLACEHOLDER_WORDS)) {
    const c = charClasses(value);
    // "secure-password-123", "my_api_key": placeholders; "MySecretPass2024!": a weak real password
    if (!(value.length >= 10 && c.lower > 0 && c.upper > 0 && c.digit > 0)) return true;
  }
  if (longestRepeat(value) >= 4) return true;
  if (longestSequence(value) >= 5) return true;
  return isDocumentedExample(value);
}

/** Default or weak passwords that demo compose files and tutorials use (reported at low). */
export const WEAK_PASSWORDS: ReadonlySet<string> = new Set([
  "postgres",
  "mysql",
  "root",
  "admin",
  "redis",
  "guest",
  "airflow",
  "mlflow",
  "minio",
  "minioadmin",
  "minio123",
  "rabbitmq",
  "mongo",
  "mongodb",
  "neo4j",
  "clickhouse",
  "superset",
  "grafana",
  "secret",
  "pass",
  "password",
  "pwd",
  "test",
  "testing",
  "example",
  "changeme",
  "123456",
  "12345678",
  "1234",
  "user",
  "dev",
  "local",
  "docker",
  "default",
  "tiger", // SQLAlchemy docs: scott:tiger
  "scott",
  "welcome",
  "qwerty",
  "letmein",
  "mysecretpassword", // postgres image docs
  "example", // mongo image docs: root:example
]);

/** Weak passwords with a short suffix (admin123, root!, password1). */
export function isWeakPassword(s: string): boolean {
  const lower = s.toLowerCase();
  if (/^p[a@4][s5$]{2}(?:w[o0]rd)?[\d!@#._-]{0,6}$/.test(lower)) return true; // pa55, p@ssw0rd1
  return WEAK_PASSWORDS.has(lower) || /^(?:admin|root|user|test|pass|password|passwd|qwerty|letmein|welcome|changeme|secret|guest|demo|postgres|mysql|redis)[\d!@#._-]{0,6}$/.test(lower);
}

// ---------------------------------------------------------------------------------------------
// Documented example keys (split so the repository itself stays clean under secret scanners)

/** Exact example values published in provider documentation. */
const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  // Stripe API reference test keys
  "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc",
  "sk_test_" + "BQokikJOvBiI2HlWgH4olfQ2",
  "sk_test_" + "26PHem9AhJZvU623DfE1x4sd",
  // GitHub REST docs example token
  "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a",
  // Slack API docs example bot token
  "xoxb-" + "17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
  // Google Maps / Firebase docs sample key
  "AIza" + "SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
  // Google Cloud SDK (gcloud) OAuth client secret, public in every gcloud install
  "d-FL95Q19q7" + "MQmFpd7hHD0Ty",
  // Azurite / Azure Storage Emulator well-known development account key (devstoreaccount1)
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/" + "K1SZFPTOtr/KBHBeksoGMGw==",
]);

/** AWS documentation keys all end in EXAMPLE / EXAMPLEKEY; other vendors copy the convention. */
export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.has(value) || value.endsWith("EXAMPLE") || value.endsWith("EXAMPLEKEY");
}

// ---------------------------------------------------------------------------------------------
// Hashes, ids, public material, data

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

/** Digest lengths in hex characters: md5, sha1/git, sha224, sha256, sha384, sha512. */
const DIGEST_HEX_LENGTHS: ReadonlySet<number> = new Set([32, 40, 56, 64, 96, 128]);

/** md5/sha1/sha256/… hex digests and git SHAs (only meaningful without a credential name). */
export function isDigestLike(s: string): boolean {
  return DIGEST_HEX_LENGTHS.has(s.length) && isHex(s);
}

/**
 * Object ids of chat, payment and tracking APIs, GPU UUIDs, run ids. They are printed in
 * outputs all the time (ChatCompletion(id='chatcmpl-…'), PaymentIntent pi_…) and are not secrets.
 */
const OBJECT_ID_PREFIXES: readonly string[] = [
  "chatcmpl-", // OpenAI chat completion
  "cmpl-",
  "resp_", // OpenAI responses
  "msg_", // Anthropic / OpenAI messages
  "toolu_", // Anthropic tool use
  "call_", // OpenAI tool call
  "asst_",
  "thread_",
  "run_",
  "step_",
  "batch_",
  "file-",
  "ftjob-",
  "ft:",
  "org-", // OpenAI organisation id (an id, not a key)
  "proj_", // OpenAI project id
  "pi_", // Stripe payment intent (its client_secret is meant for the browser)
  "pm_",
  "ch_",
  "cus_",
  "evt_",
  "in_",
  "ii_",
  "sub_",
  "si_",
  "seti_",
  "src_",
  "tok_",
  "txn_",
  "price_",
  "prod_",
  "acct_",
  "cs_test_",
  "cs_live_",
  "pk_test_", // Stripe publishable keys are public by design
  "pk_live_",
  "req_", // request ids
  "gpu-", // nvidia-smi GPU UUIDs
  "mig-",
  "sha256:", // container digests
  "sha512-", // lockfile integrity
  "sha384-",
  "sha1-",
];

export function isObjectId(s: string): boolean {
  const lower = s.toLowerCase();
  for (const p of OBJECT_ID_PREFIXES) if (lower.startsWith(p)) return true;
  return false;
}

/** Values encrypted at rest: SOPS, Ansible Vault, HashiCorp Vault transit, Sealed Secrets. */
export function isEncryptedValue(s: string): boolean {
  return s.startsWith("ENC[") || s.startsWith("$ANSIBLE_VAULT") || /^vault:v\d/.test(s) || /^AgB[A-Za-z0-9+/]{200}/.test(s);
}

/** Password hashes (bcrypt, sha-crypt, argon2, pbkdf2, Django): stored hashes, not the password. */
export function isPasswordHash(s: string): boolean {
  // Jupyter's c.NotebookApp.password = "sha1:<salt>:<hash>" / "argon2:$argon2id$…"
  if (/^(?:sha1|sha256|sha512|md5|argon2):[\w$]/.test(s)) return true;
  return /^\$(?:2[abxy]?|[156y]|argon2(?:id|i|d)|pbkdf2[\w-]{0,10}|scrypt)\$/.test(s) || /^(?:pbkdf2_sha256|argon2|bcrypt_sha256|scrypt)\$/.test(s);
}

/** Public keys, certificates and key fingerprints: public material, not secrets. */
export function isPublicMaterial(s: string): boolean {
  return (
    /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) /.test(s) ||
    s.includes("BEGIN PUBLIC KEY") ||
    s.includes("BEGIN RSA PUBLIC KEY") ||
    s.includes("BEGIN CERTIFICATE") ||
    s.includes("BEGIN PGP PUBLIC KEY") ||
    s.startsWith("AAAAB3NzaC1") || // bare OpenSSH public key blob
    s.startsWith("AAAAC3NzaC1")
  );
}

/** Base64 payloads of images and fonts (data URIs and raw PNG/JPEG/GIF/WebP/SVG bodies). */
export function isImagePayload(s: string): boolean {
  return (
    s.startsWith("data:") ||
    s.startsWith("iVBORw0KGgo") || // PNG
    s.startsWith("/9j/") || // JPEG
    s.startsWith("R0lGOD") || // GIF
    s.startsWith("UklGR") || // WebP
    s.startsWith("PHN2Zy") || // SVG
    s.startsWith("PD94bWwg") // XML
  );
}

/** Numbers, number lists, versions, dates, sizes, IPs: numeric data, never a credential. */
export function isNumericLike(s: string): boolean {
  return /^[\d\s.,:;+\-eE_/x%()[\]]+$/.test(s);
}

const PATH_ROOTS = /^(?:~|\.{1,2})?\/(?:root|home|users|content|tmp|etc|var|usr|opt|mnt|data|datasets|workspace|kaggle|dbfs|run|secrets|app|srv|media|volumes|gcs|s3|models|checkpoints|drive|notebooks|config)\b/i;

/** Paths and file names (`/root/.kaggle/kaggle.json`, `./sa.json`, `C:\keys\id_rsa`, `token.txt`). */
export function isPathLike(s: string): boolean {
  if (/^[A-Z]:\\/i.test(s) || PATH_ROOTS.test(s)) return true;
  if (/\.(?:json|ya?ml|toml|ini|cfg|conf|txt|env|pem|key|crt|cer|p12|pfx|pub|csv|py|ipynb|sh|md|log|pkl|pt|bin|h5|onnx|gz|zip)$/i.test(s)) return true;
  // word/word/word style paths, absolute or relative (random base64 with "/" is not word-like)
  const rest = s.replace(/^(?:~|\.{1,2})?\//, "");
  return /^[\w.@-]{1,64}(?:\/[\w.@-]{0,64}){0,20}$/.test(rest) && (rest !== s || rest.includes("/")) && isWordLike(rest);
}

export const isUrlLike = (s: string): boolean => /^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(s) || s.startsWith("www.");
export const isEmailLike = (s: string): boolean => /^[^@\s]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}$/.test(s);

/**
 * Identifier-shaped values: names of environment variables, fields, headers and settings
 * (`OPENAI_API_KEY`, `password`, `X-API-Key`, `db.password`, `access_token`, `secretKeyRef`).
 */
export function isIdentifierLike(s: string): boolean {
  if (/^[A-Z][A-Z0-9]{0,40}(?:_[A-Z0-9]{1,40}){0,12}$/.test(s) && /[A-Z]{2}/.test(s)) return true; // ENV_VAR
  if (/^[a-z][a-z0-9]{0,40}(?:[_.-][a-z0-9]{1,40}){0,12}$/.test(s) && isWordLike(s)) return true; // snake/kebab/dotted
  if (/^(?:[A-Z][a-z]{1,20}|[A-Z]{1,6})(?:-(?:[A-Z][a-z]{1,20}|[A-Z]{1,6})){1,6}$/.test(s)) return true; // X-API-Key
  if (/^[a-z]{2,20}(?:[A-Z][a-z]{1,20}){1,6}$/.test(s)) return true; // camelCase
  if (/^[a-z][a-z\d]{0,30}(?:\.[A-Za-z_][\w$]{0,40}){2,12}$/.test(s)) return true; // com.example.pkg.Class
  // attribute chains: S3RVER_CREDENTIALS.secretAccessKey, config.auth.apiKey
  if (/^[A-Z_$][\w$]{0,40}(?:\.[A-Z_$][\w$]{0,40}){1,12}$/i.test(s)) {
    const parts = s.split(".");
    if (parts.some((p) => /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(p) || (p.length >= 3 && isWordLike(p)))) return true;
  }
  return false;
}

const WORD_SEGMENT = /^(?:[a-z]{1,30}|[A-Z][a-z]{1,30}|[A-Z]{1,8}|\d{1,4}|\d{1,3}[A-Za-z]{1,2}|[a-z]{1,30}\d{1,4}[a-z]{0,3})$/;
/**
 * camelCase / PascalCase identifiers made of words, acronyms and short numbers
 * (AutoModelForCausalLM, HTTPServer, Llama3). Parsed by hand: a regex like
 * /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,6}|\d)+$/ backtracks exponentially on a failing lowercase run.
 */
function isCamelWords(p: string): boolean {
  const n = p.length;
  let i = 0;
  const kind = (k: number): "u" | "l" | "d" | "x" => {
    const c = p.charCodeAt(k);
    if (c >= 97 && c <= 122) return "l";
    if (c >= 65 && c <= 90) return "u";
    if (c >= 48 && c <= 57) return "d";
    return "x";
  };
  let letters = 0;
  let wordy = 0;
  // Real words have long lower-case runs with vowels; random strings have short consonant runs.
  const run = (from: number, to: number): void => {
    if (to - from >= 2 && /[aeiouy]/i.test(p.slice(from, to))) wordy += to - from;
  };
  for (let k = 0; k < n; k++) if (kind(k) === "l" || kind(k) === "u") letters++;
  while (i < n) {
    const k = kind(i);
    if (k === "d") {
      let j = i;
      while (j < n && kind(j) === "d") j++;
      if (j - i > 4) return false;
      i = j;
    } else if (k === "l") {
      let j = i;
      while (j < n && kind(j) === "l") j++;
      if (j - i < 2) return false;
      run(i, j);
      i = j;
    } else if (k === "u") {
      let j = i;
      while (j < n && kind(j) === "u") j++;
      const caps = j - i;
      if (j < n && kind(j) === "l") {
        // "Word", "HTTPServer" (acronym, then a capitalised word), "ABcd" (acronym, then lower-case)
        let acronym = caps - 1;
        if (acronym === 1) acronym = 2;
        if (acronym > 6) return false;
        i += acronym;
        let l = caps - acronym === 1 ? i + 1 : i;
        const s = l;
        while (l < n && kind(l) === "l") l++;
        if (l - s < 2) return false;
        run(l - s < 3 ? i : s, l);
        i = l;
      } else {
        if (caps < 2 || caps > 6) return false;
        i = j;
      }
    } else return false;
  }
  return wordy * 2 >= letters;
}

/**
 * Values made of words: model names (`bert-base-uncased`), settings (`my-secret-name`),
 * identifiers (`AutoModelForCausalLM`). Random credentials almost never decompose this way.
 */
export function isWordLike(s: string): boolean {
  const parts = s.split(/[-_./: ]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return true;
  let letters = 0;
  for (const p of parts) {
    if (!WORD_SEGMENT.test(p) && !(p.length <= 40 && isCamelWords(p))) return false;
    if (/[a-z]{3}/i.test(p)) letters++;
  }
  return letters > 0;
}

// ---------------------------------------------------------------------------------------------
// Randomness verdicts

export type Strength = "strong" | "weak" | "none";

/**
 * How much a value looks like a machine-generated credential. Strong: long, mixed, high entropy.
 * Weak: shorter or less mixed but still not a word.
 */
export function randomness(value: string): Strength {
  const n = value.length;
  if (n < 8) return "none";
  if (/\s/.test(value) || isWordLike(value)) return "none";
  const cls = charClasses(value);
  const h = entropy(value);
  if (isHex(value)) {
    if (cls.digit === 0 || cls.lower + cls.upper === 0) return "none";
    if (n >= 16 && h >= 3.0) return "strong";
    return n >= 10 && h >= 2.8 ? "weak" : "none";
  }
  const alnumKinds = (cls.lower > 0 ? 1 : 0) + (cls.upper > 0 ? 1 : 0) + (cls.digit > 0 ? 1 : 0);
  if (n >= 16 && alnumKinds >= 2 && h >= 3.3) return "strong";
  if (n >= 24 && alnumKinds >= 1 && cls.other > 0 && h >= 3.5) return "strong";
  if (n >= 10 && alnumKinds >= 2 && h >= 3.0) return "weak";
  if (n >= 8 && cls.kinds >= 3 && h >= 2.75) return "weak";
  return "none";
}

/**
 * Shared verdict on a value found next to a credential name: undefined when it should not be
 * reported at all, otherwise its randomness.
 */
/**
 * Hugging Face / GitHub repository ids (`HuggingFaceH4/zephyr-7b-beta`, `CompVis/stable-diffusion-v1-4`):
 * an owner and a name made of word-ish or short pieces separated by - _ .
 */
export function isRepoId(s: string): boolean {
  const m = /^([A-Z0-9][\w.-]{0,39})\/([\w.-]{1,100})$/i.exec(s);
  if (!m) return false;
  const pieces = (m[2] ?? "").split(/[-_.]/).filter((x) => x.length > 0);
  if (pieces.length < 2) return isWordLike(m[2] ?? "") && isWordLike(m[1] ?? "");
  const ok = pieces.filter((x) => x.length <= 4 || isWordLike(x)).length;
  return ok * 4 >= pieces.length * 3;
}

/** Credential scopes of signed URLs and SigV4/GOOG4 headers (`<key id or account>/<date>/<region>/s3/aws4_request`). */
export function isCredentialScope(s: string): boolean {
  return /(?:aws4|goog4)_request/i.test(s);
}

export function isNotACredential(value: string): boolean {
  return (
    value.length === 0 ||
    isCredentialScope(value) ||
    isRepoId(value) ||
    isEncryptedValue(value) ||
    isPasswordHash(value) ||
    isNumericLike(value) ||
    isUrlLike(value) ||
    isEmailLike(value) ||
    isPathLike(value) ||
    isPublicMaterial(value) ||
    isImagePayload(value) ||
    isObjectId(value) ||
    isIdentifierLike(value)
  );
}
