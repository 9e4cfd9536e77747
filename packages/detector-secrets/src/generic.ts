/**
 * Generic credentials: values assigned to names that mean password / secret / token / API key
 * (`password = "…"`, `"api_key": "…"`, `API_TOKEN=…`, `--token …`, `Authorization: Bearer …`),
 * and random-looking strings on lines that talk about credentials. The key-name vocabulary is
 * data (tables below); the value checks are the shared filters plus entropy and character classes.
 */
import type { RuleId, Severity } from "@watchtower/types";
import {
  charClasses,
  entropy,
  isDigestLike,
  isEmailLike,
  isEncryptedValue,
  isPasswordHash,
  hasSoftWord,
  isHex,
  isIdentifierLike,
  isImagePayload,
  isNotACredential,
  isNumericLike,
  isObjectId,
  isPathLike,
  isPlaceholderValue,
  isPublicMaterial,
  isTemplateRef,
  isUrlLike,
  isUuid,
  isWordLike,
  randomness,
  trimEnd,
  isWeakPassword,
} from "./filters.js";
import type { Candidate, LineContext, LineScanner, Segment } from "./model.js";

type KeyKind = "password" | "secret" | "token" | "apikey" | "privatekey" | "auth" | "credential" | "key";

/** Words in a key name that make its value a credential. */
const STEMS: Readonly<Record<string, KeyKind>> = {
  password: "password",
  passwd: "password",
  pwd: "password",
  pswd: "password",
  pass: "password",
  passphrase: "password",
  passcode: "password",
  secret: "secret",
  token: "token",
  bearer: "token",
  apikey: "apikey",
  key: "key",
  auth: "auth",
  authorization: "auth",
  credential: "credential",
  credentials: "credential",
  cred: "credential",
  creds: "credential",
};

/** Heads of one-word compounds with a short ending (apikey, secretkey, authtoken, adminpass …). */
const COMPOUND_HEADS: ReadonlySet<string> = new Set([
  "api", "access", "secret", "private", "priv", "auth", "client", "app", "master", "account", "db", "admin", "user",
  "root", "sudo", "mysql", "pg", "postgres", "redis", "smtp", "mail", "email", "ftp", "sftp", "ssh", "vault", "login",
  "web", "service", "bot", "bearer", "session", "refresh", "oauth", "jwt", "hf", "wandb", "kaggle", "signing", "license",
  "encryption", "deploy", "id", "dev", "prod", "test", "my", "openai", "github", "gitlab", "slack", "stripe", "aws",
  "gcp", "azure", "twilio", "sendgrid", "npm", "pypi", "docker", "registry", "ngrok", "personal", "project", "team",
]);

/** Two-word stems written as one word (apikey, secretkey, dbpassword …) are split on these endings. */
const STEM_ENDINGS: readonly string[] = ["password", "passwd", "passphrase", "secret", "token", "key", "pwd", "pass"];

/** Qualifiers that make `…_key` a credential name (api_key, secret_key, hf_key, stripe_key …). */
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  "api", "access", "secret", "private", "priv", "auth", "client", "app", "application", "master", "account", "signing",
  "sign", "signature", "encryption", "encrypt", "crypt", "crypto", "license", "licence", "subscription", "service",
  "admin", "write", "deploy", "consumer", "developer", "dev", "prod", "project", "personal", "bot", "webhook", "ssh",
  "hmac", "jwt", "session", "cookie", "aes", "fernet", "django", "flask", "rails", "app_secret", "server", "user",
  "openai", "anthropic", "claude", "hf", "huggingface", "hugging", "wandb", "kaggle", "cohere", "mistral", "groq",
  "together", "replicate", "pinecone", "stripe", "aws", "gcp", "google", "gemini", "palm", "vertex", "azure", "github",
  "gitlab", "slack", "twilio", "sendgrid", "mailgun", "databricks", "comet", "neptune", "langchain", "langsmith",
  "serpapi", "serper", "tavily", "weaviate", "qdrant", "elevenlabs", "assemblyai", "deepgram", "openrouter",
  "perplexity", "deepseek", "moonshot", "dashscope", "zhipu", "voyage", "jina", "fireworks", "anyscale", "ai21",
  "nvidia", "ngc", "clarifai", "roboflow", "labelbox", "supabase", "firebase", "mapbox", "maps", "youtube", "twitter",
  "telegram", "discord", "notion", "airtable", "algolia", "sentry", "datadog", "newrelic", "heroku", "vercel",
  "cloudflare", "digitalocean", "weather", "news", "finnhub", "polygon", "alpha", "vantage", "x", "xai", "grok",
]);

/** Qualifiers that make `…_key` a lookup key, a public key or an id (never a credential). */
const KEY_NON_QUALIFIERS: ReadonlySet<string> = new Set([
  "public", "pub", "publishable", "gpg", "pgp", "host", "primary", "foreign", "sort", "partition", "row", "hash",
  "range", "cache", "dict", "map", "lookup", "group", "join", "index", "unique", "natural", "composite", "surrogate",
  "idempotency", "request", "object", "s3", "blob", "file", "bucket", "hot", "short", "music", "state", "metric",
  "config", "prefix", "model", "feature", "column", "label", "input", "output", "text", "image", "audio", "target",
  "batch", "layer", "param", "weight", "checkpoint", "ckpt", "rng", "prng", "random", "seed", "query", "value", "attn",
  "attention", "dataset", "split", "experiment", "run", "sample", "data", "dataframe", "df", "field", "json", "yaml",
  "sorting", "dedup", "cluster", "routing", "shard", "lock", "registry", "mapping", "monkey", "turkey", "keyboard",
  "stroke", "press", "up", "down", "left", "right", "tab", "escape", "enter", "space", "context", "memory", "mem",
  "item", "entry", "node", "edge", "graph", "tree", "record", "result", "response", "payload", "event", "message",
  "msg", "topic", "stream", "channel", "queue", "tensor", "embedding", "embed", "vocab", "token", "tokens", "word",
  "sub", "task", "job", "step", "stage", "phase", "version", "env", "environment", "default", "fallback", "example",
  "dummy", "fake", "mock", "test", "sentinel", "resource", "share", "sharing", "link", "invite", "cursor", "page",
  "continuation", "sort", "order", "api_version",
]);

/** Prefixes that make `…_token` a tokenizer / pagination / count term, not a credential. */
const TOKEN_NON_QUALIFIERS: ReadonlySet<string> = new Set([
  "pad", "bos", "eos", "unk", "sep", "cls", "mask", "special", "start", "end", "stop", "image", "img", "video",
  "audio", "vision", "max", "min", "num", "n", "total", "count", "new", "added", "extra", "additional", "prompt",
  "completion", "input", "output", "decoder", "encoder", "tokenizer", "model", "default", "sentinel", "reserved",
  "control", "ctrl", "page", "pagination", "next", "prev", "previous", "continuation", "cursor", "sync", "word",
  "sub", "subword", "byte", "char", "first", "last", "target", "source", "sos", "placeholder", "dummy", "fake",
  "example", "sample", "mock", "vocab", "split", "bpe", "think", "thinking", "tool", "system", "chat", "eot", "eom",
  "fim", "boi", "eoi", "media", "box", "ref", "quad", "cancel", "cancellation", "lexer", "parser", "string", "str",
  "generated", "gen", "reasoning", "cached", "image_pad", "video_pad", "eod", "doc", "sentence", "audio_pad", "csrf",
  "xsrf", "nonce", "instruction", "inst", "human", "assistant", "user_start", "bot_start", "class", "label", "mask_",
]);

/** Prefixes that make a password/secret/credential name a setting about passwords, not one. */
const GENERAL_NON_QUALIFIERS: ReadonlySet<string> = new Set([
  "is", "has", "use", "uses", "using", "no", "enable", "enabled", "disable", "show", "hide", "toggle", "mount", "volume",
  "k8s", "kube", "kubernetes", "vault", "manager", "store", "hashed", "hash", "forgot", "reset", "require", "requires",
  "required", "field", "placeholder", "label", "prompt", "policy", "regex", "pattern", "validator", "validate",
  "strength", "ask", "allow", "dummy", "fake", "example", "sample", "mock", "get", "set", "read", "load", "fetch",
  "retrieve", "generate", "gen", "create", "make", "check", "verify", "validate", "encode", "decode", "parse", "format",
  "print", "log", "save", "write", "store", "update", "rotate", "refresh_interval", "min", "max", "len", "num",
]);

/** Words after the stem that make the name a setting about the credential (its id, path, header …). */
const NON_SECRET_SUFFIX: ReadonlySet<string> = new Set([
  "id", "ids", "uid", "sid", "name", "names", "type", "types", "kind", "path", "paths", "file", "files", "filename",
  "filepath", "dir", "directory", "folder", "url", "urls", "uri", "endpoint", "host", "hostname", "port", "len",
  "length", "size", "bits", "count", "num", "number", "limit", "limits", "max", "min", "header", "headers", "field",
  "fields", "param", "params", "parameter", "arg", "args", "argument", "prefix", "suffix", "pattern", "regex", "re",
  "env", "envvar", "var", "variable", "label", "labels", "prompt", "hint", "placeholder", "policy", "mode", "method",
  "methods", "scheme", "schema", "format", "fmt", "version", "ver", "ref", "reference", "arn", "scope", "scopes",
  "manager", "store", "provider", "providers", "source", "location", "loc", "column", "col", "index", "idx",
  "position", "pos", "offset", "hash", "hashed", "sha", "sha1", "sha256", "md5", "digest", "checksum", "fingerprint",
  "expiry", "expires", "expire", "expiration", "exp", "ttl", "timeout", "lifetime", "age", "rotation", "rotate",
  "required", "enabled", "enable", "disabled", "disable", "valid", "validator", "validation", "validate", "check",
  "checker", "reset", "forgot", "strength", "callback", "handler", "class", "fn", "func", "function", "getter",
  "setter", "message", "msg", "error", "err", "description", "desc", "help", "title", "example", "sample", "template",
  "list", "dict", "map", "set", "table", "embedding", "embeddings", "embed", "logits", "probs", "prob", "score",
  "scores", "loss", "weight", "weights", "mask", "masks", "attention", "usage", "stats", "level", "cache", "tab",
  "button", "btn", "box", "input", "form", "widget", "dialog", "modal", "page", "view", "route", "status", "state",
  "link", "mapping", "owner", "user", "username", "login", "email", "account", "type_id", "namespace", "region", "zone",
  "bucket", "container", "vault", "keyvault", "secretsmanager", "ssm", "parameter_name", "exists", "present", "set",
  "missing", "provided", "given", "flag", "option", "options", "config", "conf", "cfg", "settings", "info", "meta",
  "metadata", "spec", "ids_", "counts", "tokens", "keys", "per", "budget", "usage_", "price", "cost", "rate",
  "ratio", "dropout", "dim", "dims", "shape", "embeds", "vocab", "fn_", "uri_", "doc", "docs", "note", "comment",
]);

/** Suffix words that keep the name a credential (api_key_value, token_str, password_b64). */
const SECRET_SUFFIX: ReadonlySet<string> = new Set(["value", "val", "str", "string", "b64", "base64", "raw", "plain", "plaintext", "encoded", "enc", "hex", "bytes", "secret", "text", "data"]);

type Strength = "strong" | "weak" | "bare";

interface KeyInfo {
  kind: KeyKind;
  /** "weak": only a very random value counts, at medium at most; "bare" (a lone `key`): at low. */
  strength: Strength;
}

function splitWords(key: string): string[] {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]{1,40})([A-Z][a-z])/g, "$1_$2");
  const raw = spaced.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  const words: string[] = [];
  for (const w of raw) {
    if (STEMS[w] !== undefined) {
      words.push(w);
      continue;
    }
    const ending = STEM_ENDINGS.find((e) => w.length > e.length + 1 && w.endsWith(e));
    const head = ending === undefined ? "" : w.slice(0, w.length - ending.length);
    // Long endings are unambiguous (dbpassword); short ones need a known head: apikey, authtoken,
    // adminpass yes; bypass, compass, monkey, hotkey no.
    if (ending !== undefined && (ending.length >= 6 || COMPOUND_HEADS.has(head))) words.push(head, ending);
    else words.push(w);
  }
  return words;
}

const keyCache = new Map<string, KeyInfo | null>();

/** What a key name says about its value, or undefined when it is not a credential name (memoised). */
export function classifyKey(key: string): KeyInfo | undefined {
  let info = keyCache.get(key);
  if (info === undefined) {
    if (keyCache.size > 20_000) keyCache.clear();
    info = classifyKeyUncached(key) ?? null;
    keyCache.set(key, info);
  }
  return info ?? undefined;
}

function classifyKeyUncached(key: string): KeyInfo | undefined {
  const words = splitWords(key);
  let i = -1;
  for (let k = words.length - 1; k >= 0; k--) {
    if (STEMS[words[k] ?? ""] !== undefined) {
      i = k;
      break;
    }
  }
  if (i === -1) return undefined;
  const stem = words[i] ?? "";
  let kind = STEMS[stem] ?? "secret";
  const prefix = words.slice(0, i);
  const suffix = words.slice(i + 1);
  for (const s of suffix) if (NON_SECRET_SUFFIX.has(s) || (!SECRET_SUFFIX.has(s) && /^(?:is|has)$/.test(s))) return undefined;
  for (const p of prefix) if (GENERAL_NON_QUALIFIERS.has(p)) return undefined;
  if (prefix.includes("public") || prefix.includes("pub") || prefix.includes("publishable")) return undefined;
  const last = prefix[prefix.length - 1];
  if (kind === "key") {
    if (last === undefined) return { kind, strength: /^[A-Z]+$/.test(key) ? "weak" : "bare" };
    if (prefix.some((p) => KEY_NON_QUALIFIERS.has(p))) return undefined;
    if (last === "api" || last === "access") kind = "apikey";
    else if (last === "private" || last === "priv") kind = "privatekey";
    else if (last === "secret" || last === "signing" || last === "encryption" || last === "master") kind = "secret";
    // A service name in front (hf_key, stripe_key) makes it an API key; any other qualifier
    // (NEWSAPI_KEY, my_service_key) still names a key setting.
    if (kind === "key" && prefix.some((p) => KEY_QUALIFIERS.has(p))) kind = "apikey";
    return { kind, strength: "strong" };
  }
  if (kind === "token") {
    if (prefix.some((p) => TOKEN_NON_QUALIFIERS.has(p))) return undefined;
    return { kind, strength: "strong" };
  }
  if (kind === "password" && stem === "pass" && prefix.length === 0) {
    // "pass" alone is too common a word ("PASS: all tests"); DB_PASS / SMTP_PASS / adminpass are fine.
    return { kind, strength: "weak" };
  }
  if (kind === "auth" && prefix.length === 0 && suffix.length > 0) return undefined;
  return { kind, strength: "strong" };
}

// ---------------------------------------------------------------------------------------------
// Reading `key <op> value` from a line

/** Finds candidate key words on a line (the expansion to the whole key happens in code). */
const KEY_WORD = /pass|pwd|pswd|secret|token|key|auth|cred|bearer/gi;
/** [A-Za-z0-9_.-] */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}
const TYPE_ANNOTATION = /:\s{0,4}[A-Z_][\w.[\], |]{0,60}?\s{0,4}=(?!=)/iy;
const STRING_PREFIX = /[rbuf]{1,2}(?=["'])/iy;
const AUTH_SCHEME = /^(?:Bearer|bearer|BEARER|Token|token|Basic|basic|Bot|JWT|Key|ApiKey|OAuth|Digest)\s+/;
/** Characters that end an unquoted value: whitespace , ; ) } ] ' " ` < > | # \ & */
function isUnquotedEnd(c: number): boolean {
  return (
    c <= 32 || c === 44 || c === 59 || c === 41 || c === 125 || c === 93 || c === 39 || c === 34 || c === 96 ||
    c === 60 || c === 62 || c === 124 || c === 35 || c === 92 || c === 38
  );
}
const SHELL_LINE = /^\s{0,16}(?:!|%env\b|%set_env\b|%%bash|%%sh|export\s|set\s|setx\s|ENV\s|ARG\s|RUN\s|\$\s|[A-Z_][A-Z0-9_]{1,60}=)/;

interface Value {
  text: string;
  start: number;
  quoted: boolean;
  fString: boolean;
}

/**
 * Quote parity of a line, advanced incrementally (keys are visited left to right), so asking
 * "is position p inside a string literal?" for every key of a line stays linear.
 */
class QuoteParity {
  private pos = 0;
  private single = 0;
  private double = 0;
  constructor(private readonly line: string) {}
  /** Odd number of unescaped quotes before `p` means `p` is inside a string literal. */
  inside(p: number): boolean {
    if (p < this.pos) {
      this.pos = 0;
      this.single = 0;
      this.double = 0;
    }
    const line = this.line;
    let i = this.pos;
    for (; i < p; i++) {
      const c = line.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) this.double++;
      else if (c === 39) this.single++;
    }
    this.pos = Math.max(i, p);
    return this.double % 2 === 1 || this.single % 2 === 1;
  }
}

function readValue(line: string, j: number, allowUnquoted: boolean, auth: boolean): Value | undefined {
  let fString = false;
  STRING_PREFIX.lastIndex = j;
  const pm = STRING_PREFIX.exec(line);
  if (pm) {
    fString = /f/i.test(pm[0]);
    j += pm[0].length;
  }
  let q = line[j];
  let qlen = 1;
  if (q === "\\" && line[j + 1] === '"') {
    q = '\\"';
    qlen = 2;
  } else if (q === '"' || q === "'" || q === "`") {
    if (line.startsWith(q.repeat(3), j)) qlen = 3;
  } else q = undefined;
  if (q !== undefined) {
    const close = qlen === 3 ? q.repeat(3) : q;
    const s = j + qlen;
    let e = s;
    const stop = Math.min(line.length, s + 8192);
    while (e < stop) {
      if (line.startsWith(close, e)) break;
      if (line[e] === "\\" && q !== '\\"') e++;
      e++;
    }
    if (e >= stop) return undefined;
    return { text: line.slice(s, e), start: s, quoted: true, fString };
  }
  if (!allowUnquoted) return undefined;
  const s = j;
  let e = s;
  if (auth) {
    // "Bearer <token>" / "Basic <b64>": the scheme and its credential are one value
    const m = AUTH_SCHEME.exec(line.slice(j, j + 20));
    if (m) e = j + m[0].length;
  }
  const stop = Math.min(line.length, s + 8192);
  while (e < stop && !isUnquotedEnd(line.charCodeAt(e))) e++;
  let text = line.slice(s, e);
  text = trimEnd(text, ".:");
  if (text.length === 0) return undefined;
  // name(…) / module.attr / name[…]: an expression, not a value
  if (/^[A-Z_][\w.]{0,80}(?:[([]|$)/i.test(text) && (/[([]/.test(text) || /[(.[]/.test(line[s + text.length] ?? ""))) return undefined;
  return { text, start: s, quoted: false, fString: false };
}

// ---------------------------------------------------------------------------------------------
// Verdicts

interface Judged {
  severity: Severity;
  note?: string;
  rule?: RuleId;
  label?: string;
}

function decodeBase64(s: string): string | undefined {
  try {
    return atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
}

/** Shapes that identify a provider even without its usual keywords (a value under a generic name). */
function providerShape(value: string): Judged | false | undefined {
  if (/^SK[0-9a-fA-F]{32}$/.test(value)) return { severity: "high", rule: "secrets/twilio", label: "a Twilio API key" };
  if (/^AC[0-9a-f]{32}$/.test(value)) return false; // Twilio account SID: an id
  if (value.length > 120 && /^[A-Z0-9+/]+={0,2}$/i.test(value)) {
    const head = decodeBase64(value.slice(0, 156));
    if (head !== undefined && head.includes("service_account")) {
      return { severity: "critical", rule: "secrets/gcp-service-account", label: "a base64-encoded Google Cloud service-account key" };
    }
  }
  return undefined;
}

function judgePassword(value: string, user: string | undefined): Judged | undefined {
  const lower = value.toLowerCase();
  // "password", "changeme", "<password>": placeholders, not findings; "postgres", "admin123",
  // user == password: real but default credentials, worth a low
  if (isPlaceholderValue(value) && !/^(?:postgres|mysql|redis|guest|airflow|mlflow|minio\w{0,8}|rabbitmq|neo4j|root|admin)\d{0,6}$/.test(lower)) return undefined;
  if (isWeakPassword(value) || (user !== undefined && lower === user.toLowerCase())) {
    return { severity: "low", note: "It looks like a default or example password." };
  }
  if (value.length < 6 || /\s/.test(value) && value.length < 12) return undefined;
  if (isNumericLike(value)) return value.length >= 6 ? { severity: "low", note: "It is all digits (a PIN or an example)." } : undefined;
  if (isUrlLike(value) || isEmailLike(value) || isPathLike(value) || isObjectId(value) || isPublicMaterial(value)) return undefined;
  if (isEncryptedValue(value) || isPasswordHash(value)) return undefined;
  // Names of fields, variables and settings (password_field = "password", PASSWORD_ENV = "DB_PASSWORD").
  if (/^[A-Z][A-Z0-9]{0,40}(?:_[A-Z0-9]{1,40}){1,12}$/.test(value) || /^[a-z][a-z0-9]{0,40}(?:[_.][a-z0-9]{1,40}){1,12}$/.test(value)) return undefined;
  if (hasSoftWord(value)) return { severity: "medium", note: "It is built around a dictionary word, which makes it weak as well as exposed." };
  const cls = charClasses(value);
  if (randomness(value) === "strong" || (value.length >= 8 && cls.kinds >= 2)) return { severity: "high" };
  return { severity: "medium" };
}

function judgeToken(value: string, strength: Strength, kind: KeyKind = "token"): Judged | undefined {
  if (isPlaceholderValue(value) || isNotACredential(value)) return undefined;
  if (/\s/.test(value)) return undefined;
  if (isImagePayload(value)) return undefined;
  let v = value;
  let note: string | undefined;
  if (v.startsWith("django-insecure-")) {
    v = v.slice(16);
    note = "Django marks it as an insecure development key; it still signs sessions.";
  }
  if (isUuid(v)) {
    // UUIDs are ids far more often than keys; only an API-key or secret name makes one worth a look
    if (strength !== "strong") return undefined;
    return { severity: kind === "apikey" || kind === "secret" ? "medium" : "low", note: "It is UUID-shaped, which some services use for API keys." };
  }
  const r = randomness(v);
  if (r === "none") return undefined;
  if (strength !== "strong") return r === "strong" && entropy(v) >= 3.5 ? { severity: strength === "weak" ? "medium" : "low" } : undefined;
  if (note !== undefined) return { severity: "medium", note };
  return { severity: r === "strong" ? "high" : "medium" };
}

const LABELS: Readonly<Record<KeyKind, string>> = {
  password: "a password",
  secret: "a secret",
  token: "a token",
  apikey: "an API key",
  privatekey: "a private key value",
  auth: "an authorization credential",
  credential: "a credential",
  key: "a key",
};

// ---------------------------------------------------------------------------------------------
// The scanner

function push(ctx: LineContext, key: string, value: Value, j: Judged, kind: KeyKind): void {
  const start = ctx.lineStart + value.start;
  const shortKey = key.length > 60 ? `${key.slice(0, 57)}…` : key;
  const cand: Candidate = {
    rule: j.rule ?? "secrets/generic-assignment",
    start,
    end: start + value.text.length,
    secret: value.text,
    severity: j.severity,
    label: j.label ?? `${LABELS[kind]} assigned to ${shortKey}`,
    priority: j.rule === undefined ? 3 : 1,
    data: { key: shortKey },
  };
  if (j.note !== undefined) cand.note = j.note;
  ctx.out.push(cand);
}

function judge(kind: KeyKind, strength: Strength, value: string): Judged | undefined {
  const shape = providerShape(value);
  if (shape === false) return undefined;
  if (shape !== undefined) return shape;
  if (kind === "password") return strength === "strong" ? judgePassword(value, undefined) : undefined;
  return judgeToken(value, strength, kind);
}

/** `Authorization: Bearer …` / `Basic …` values. */
function judgeAuthValue(raw: string): { value: string; offset: number; judged: Judged; kind: KeyKind } | undefined {
  const m = AUTH_SCHEME.exec(raw);
  const scheme = m ? m[0].trim().toLowerCase() : "";
  const rest = m ? raw.slice(m[0].length) : raw;
  const offset = m ? m[0].length : 0;
  if (scheme === "basic") {
    const decoded = decodeBase64(rest);
    const colon = decoded?.indexOf(":") ?? -1;
    if (decoded === undefined || colon < 0 || /[^\x20-\x7e]/.test(decoded)) return undefined;
    const j = judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon));
    return j ? { value: rest, offset, judged: { ...j, label: "HTTP basic-auth credentials" }, kind: "password" } : undefined;
  }
  if (scheme === "") {
    // ~/.docker/config.json "auth": base64("user:password") without a scheme
    const decoded = /^[A-Z0-9+/]{8,}={0,2}$/i.test(rest) ? decodeBase64(rest) : undefined;
    const colon = decoded?.indexOf(":") ?? -1;
    if (decoded !== undefined && colon > 0 && /^[\x20-\x7e]+$/.test(decoded)) {
      const j = judgePassword(decoded.slice(colon + 1), decoded.slice(0, colon));
      return j ? { value: rest, offset, judged: { ...j, label: "base64-encoded user:password credentials" }, kind: "password" } : undefined;
    }
  }
  const j = judgeToken(rest, "strong");
  return j ? { value: rest, offset, judged: j, kind: "token" } : undefined;
}

/** A .netrc entry on one line, or its `password …` line (printed by `!cat ~/.netrc`). */
const NETRC_LINE = /^\s{0,8}(?:(?:machine|default)\s{1,8}\S{1,200}\s{1,8})?(?:login\s{1,8}\S{1,200}\s{1,8})?password\s{1,8}\S{1,512}\s{0,8}$/;

/** Verbs of setter calls, removed before classifying `set_auth_token(…)`. */
const SETTER_VERBS = /^(?:set|with|use|add|update|configure|register|put)[_-]?(?=[A-Z])/i;

function stripVerbs(key: string): string {
  const last = key.slice(key.lastIndexOf(".") + 1);
  return last.replace(SETTER_VERBS, "");
}

/** `…://localhost:8888/?token=…`: the key sits in the query of a local URL. */
function isLocalServerQuery(line: string, ks: number): boolean {
  if (!/[?&]/.test(line[ks - 1] ?? "")) return false;
  const head = line.slice(Math.max(0, ks - 200), ks);
  const scheme = head.lastIndexOf("://");
  return scheme !== -1 && /^:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])[:/]/.test(head.slice(scheme)) && !/\s/.test(head.slice(scheme));
}

/** Values under `data:` of a Kubernetes Secret are base64: judge what they decode to. */
function kubernetesSecret(seg: Segment, value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Z0-9+/]+={0,2}$/i.test(value)) return undefined;
  seg.facts.k8sSecret ??= /kind:\s{0,4}Secret\b/.test(seg.text);
  if (!seg.facts.k8sSecret) return undefined;
  const decoded = decodeBase64(value);
  return decoded !== undefined && /^[\x20-\x7e]{3,}$/.test(decoded) ? decoded : undefined;
}

const AUTH_TUPLE = /(?:auth\s{0,3}=\s{0,3}\(|BasicAuth\(|\.login\()\s{0,3}["']([^"'\n]{1,64})["']\s{0,3},\s{0,3}(?:password\s{0,3}=\s{0,3})?["'](?<secret>[^"'\n]{3,128})["']/g;
/** SQL: IDENTIFIED BY '…', CREATE/ALTER USER … WITH PASSWORD '…', PASSWORD '…'. */
const SQL_PASSWORD = /(?:IDENTIFIED\s{1,4}BY|\bPASSWORD)\s{1,4}'(?<secret>[^'\n]{3,128})'/gi;
/** curl -u user:password, docker/helm/podman login -p password, mysql -pPASSWORD, sshpass -p password. */
const CLI_PASSWORDS: readonly RegExp[] = [
  /\bcurl\b[^\n]{0,200}?\s(?:-u|--user)[\s=]{1,3}["']?(?<user>[^\s:"'$]{1,64}):(?<secret>[^\s"'$]{3,128})/g,
  /\blogin\b[^\n]{0,120}?\s(?:-p|--password)[\s=]{1,3}["']?(?<secret>[^\s"'$]{3,128})/g,
  /\bmysql(?:dump|admin)?\b[^\n]{0,120}?\s-p["']?(?<secret>[^\s"'$-][^\s"'$]{2,127})/g,
  /\bsshpass\s{1,3}-p\s{1,3}["']?(?<secret>[^\s"'$]{3,128})/g,
];

/** Line-level patterns, each behind a cheap substring gate so most lines never run them. */
const LINE_PATTERNS: ReadonlyArray<{ re: RegExp; gate: (line: string) => boolean; name: string; quoted: boolean }> = [
  { re: AUTH_TUPLE, gate: (l) => l.includes("auth") || l.includes("Auth(") || l.includes(".login("), name: "auth", quoted: true },
  { re: SQL_PASSWORD, gate: (l) => /identified|password\s/i.test(l), name: "SQL PASSWORD", quoted: true },
  { re: CLI_PASSWORDS[0]!, gate: (l) => l.includes("curl"), name: "curl -u", quoted: false },
  { re: CLI_PASSWORDS[1]!, gate: (l) => l.includes("login"), name: "login -p", quoted: false },
  { re: CLI_PASSWORDS[2]!, gate: (l) => l.includes("mysql"), name: "mysql -p", quoted: false },
  { re: CLI_PASSWORDS[3]!, gate: (l) => l.includes("sshpass"), name: "sshpass -p", quoted: false },
];

interface LineFacts {
  shell?: boolean;
  dockerEnv?: boolean;
  netrc?: boolean;
}

/** `- name: API_KEY` (Kubernetes env, Compose, Helm); the value sits on the next line. */
const NAME_LINE = /^\s{0,40}-?\s{0,4}name:\s{0,4}["']?([\w.-]{2,100})["']?\s{0,4}$/;
const VALUE_LINE = /^\s{0,40}value:\s{0,4}/;
/** `{"name": "API_KEY", "value": "…"}` (ECS task definitions, Terraform, JSON env lists). */
const NAME_VALUE_JSON = /["']?name["']?\s{0,4}[:=]\s{0,4}["']([\w.-]{2,100})["']\s{0,4},\s{0,4}["']?value["']?\s{0,4}[:=]\s{0,4}/g;

/** Name/value pairs: the credential name is the value of `name`, the credential that of `value`. */
function scanNameValue(ctx: LineContext): void {
  const { line, seg, lineStart } = ctx;
  const pairs: Array<{ name: string; valueLine: string; valueAt: number }> = [];
  const nl = NAME_LINE.exec(line);
  if (nl) {
    const nextStart = lineStart + line.length + 1;
    const nextEnd = seg.text.indexOf("\n", nextStart);
    const next = seg.text.slice(nextStart, nextEnd === -1 ? Math.min(seg.text.length, nextStart + 8192) : Math.min(nextEnd, nextStart + 8192));
    const vl = VALUE_LINE.exec(next);
    if (vl) pairs.push({ name: nl[1] ?? "", valueLine: next, valueAt: vl[0].length });
  }
  if (line.includes("name")) {
    NAME_VALUE_JSON.lastIndex = 0;
    for (let m = NAME_VALUE_JSON.exec(line); m !== null; m = NAME_VALUE_JSON.exec(line)) {
      pairs.push({ name: m[1] ?? "", valueLine: line, valueAt: m.index + m[0].length });
    }
  }
  for (const p of pairs) {
    const info = classifyKey(p.name);
    if (info === undefined) continue;
    const value = readValue(p.valueLine, p.valueAt, seg.mode === "config", info.kind === "auth");
    if (value === undefined || value.text.length < 3 || value.text.length > 1024) continue;
    const judged = judge(info.kind, info.strength, value.text);
    if (judged === undefined) continue;
    const base = p.valueLine === line ? lineStart : lineStart + line.length + 1;
    const start = base + value.start;
    const cand: Candidate = {
      rule: judged.rule ?? "secrets/generic-assignment",
      start,
      end: start + value.text.length,
      secret: value.text,
      severity: judged.severity,
      label: judged.label ?? `${LABELS[info.kind]} assigned to ${p.name.slice(0, 60)}`,
      priority: judged.rule === undefined ? 3 : 1,
      data: { key: p.name.slice(0, 60) },
    };
    if (judged.note !== undefined) cand.note = judged.note;
    ctx.out.push(cand);
  }
}

function scanGeneric(ctx: LineContext): void {
  const { line, seg } = ctx;
  if (line.includes("name")) scanNameValue(ctx);
  const facts: LineFacts = {};
  let parity: QuoteParity | undefined;
  const isShell = (): boolean => (facts.shell ??= SHELL_LINE.test(line));
  let lastKeyEnd = -1;
  KEY_WORD.lastIndex = 0;
  for (let m = KEY_WORD.exec(line); m !== null; m = KEY_WORD.exec(line)) {
    let ks = m.index;
    while (ks > 0 && m.index - ks < 100 && isKeyChar(line.charCodeAt(ks - 1))) ks--;
    if (ks < lastKeyEnd) continue;
    let ke = m.index + m[0].length;
    while (ke < line.length && ke - ks < 120 && isKeyChar(line.charCodeAt(ke))) ke++;
    lastKeyEnd = ke;
    KEY_WORD.lastIndex = ke;
    const before = line[ks - 1];
    if (before === "%" || before === "{") continue; // %API_KEY%, ${API_KEY}, {api_key} templates

    // 1. operator (cheap character checks first: most key words are not followed by one)
    const call = line[ke] === "(" && /^\s{0,4}["'`]/.test(line.slice(ke + 1, ke + 8));
    let j = ke;
    let quotedKey = false;
    for (let k = 0; k < 2 && j < line.length; k++) {
      const q = line[j];
      if (q !== '"' && q !== "'" && q !== "]" && q !== "`") break;
      quotedKey = quotedKey || q !== "]";
      j++;
    }
    if (line[j] === "\\" && line[j + 1] === '"') j += 2; // JSON-escaped key quote
    const afterKey = j;
    while (j < line.length && j - afterKey < 8 && (line[j] === " " || line[j] === "\t")) j++;
    const c = line[j];
    let op = "";
    if (call) {
      op = "(";
      j = ke + 1;
    } else if (c === "=" && line[j + 1] !== "=" && line[j + 1] !== "~") {
      op = "=";
      j += line[j + 1] === ">" ? 2 : 1;
    } else if (c === ":" && line[j + 1] === "=") {
      op = "=";
      j += 2;
    } else if (c === ":" && line[j + 1] !== ":") {
      TYPE_ANNOTATION.lastIndex = j;
      const ann = quotedKey ? null : TYPE_ANNOTATION.exec(line);
      op = ann ? "=" : ":";
      j += ann ? ann[0].length : 1;
    } else if (c === "<" && line[j + 1] === "-") {
      op = "=";
      j += 2;
    } else if (c === "," && quotedKey && /\(\s{0,3}["'`]$/.test(line.slice(Math.max(0, ks - 6), ks))) {
      op = ",";
      j += 1;
    } else if (c === ">" && before === "<") {
      op = ">";
      j += 1;
    } else if (j > afterKey && c !== undefined && c !== "(" && c !== "=") {
      op = " ";
    } else continue;

    // 2. the key name
    const rawKey = line.slice(ks, ke);
    const cliFlag = rawKey.charCodeAt(0) === 45 && /^--?[a-z]/i.test(rawKey);
    const key = trimEnd(cliFlag ? rawKey.replace(/^-{1,2}/, "") : rawKey, ".-");
    let info = call ? classifyKey(stripVerbs(key)) : classifyKey(key);
    // auth_header / authorization_value: only an "Authorization: <scheme> <credential>" value counts
    let schemeOnly = false;
    if (info === undefined && !call && /auth|bearer/i.test(key)) {
      info = { kind: "auth", strength: "strong" };
      schemeOnly = true;
    }
    if (info === undefined) continue;
    let requireStrong = false;
    if (op === " ") {
      // `--password x`, Dockerfile `ENV NAME value`, .netrc `password x`, `!ngrok authtoken x`
      if (cliFlag) requireStrong = false;
      else if (info.kind === "password" && (facts.netrc ??= seg.basename === ".netrc" || seg.basename === "_netrc" || NETRC_LINE.test(line))) requireStrong = false;
      else if ((facts.dockerEnv ??= /^\s{0,8}ENV\s/i.test(line))) requireStrong = false;
      else if (info.kind !== "password" && isShell()) requireStrong = true;
      else continue;
    }
    while (j < line.length && (line[j] === " " || line[j] === "\t")) j++;

    // 3. the value
    // Inside a string literal, only query strings and connection strings count (?token=…, ;Password=…).
    const allowUnquoted =
      seg.mode === "config" || op === ">" || isShell() || (/[?&;\s"'`]/.test(before ?? "") && (parity ??= new QuoteParity(line)).inside(ks));
    const value = readValue(line, j, allowUnquoted, info.kind === "auth");
    if (value === undefined) continue;
    // key words inside a value that was read are part of it, not new keys (keeps "key=key=…" linear)
    KEY_WORD.lastIndex = Math.max(KEY_WORD.lastIndex, value.start + value.text.length);
    if (value.fString && value.text.includes("{")) continue;
    let text = value.text;
    if (op === ">" && text.includes("<")) text = text.slice(0, text.indexOf("<"));
    if (text.length < 3) continue;
    if (text.length > 1024) {
      const shape = providerShape(text);
      if (shape) push(ctx, key, { ...value, text }, shape, info.kind);
      continue;
    }
    if (schemeOnly && !AUTH_SCHEME.test(text)) continue;
    if (info.kind === "auth" || AUTH_SCHEME.test(text)) {
      const a = judgeAuthValue(text);
      if (a) push(ctx, key, { ...value, text: a.value, start: value.start + a.offset }, a.judged, a.kind);
      continue;
    }
    // ?token=<uuid> in image and download URLs (Firebase, GitBook) is a file capability id
    if ((before === "?" || before === "&") && isUuid(text)) continue;
    const decoded = kubernetesSecret(seg, text);
    let judged = judge(info.kind, info.strength, decoded ?? text);
    if (judged === undefined) continue;
    if (requireStrong && (judged.severity !== "high" || randomness(text) !== "strong")) continue;
    if (isLocalServerQuery(line, ks)) {
      judged = { ...judged, severity: "low", note: "It is the access token of a server on this machine (Jupyter, TensorBoard)." };
    }
    push(ctx, key, { ...value, text }, judged, info.kind);
  }
  for (const { re, gate, name, quoted } of LINE_PATTERNS) {
    if (!gate(line)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      const secret = m.groups?.["secret"] ?? "";
      const user = re === AUTH_TUPLE ? m[1] : m.groups?.["user"];
      const j = judgePassword(secret, user);
      if (!j) continue;
      // the secret group ends the match, except before the closing quote of the quoted forms
      const end = quoted ? m.index + m[0].length - 1 : m.index + m[0].length;
      push(ctx, name, { text: secret, start: end - secret.length, quoted: true, fString: false }, j, "password");
    }
  }
  if (seg.highEntropy) scanHighEntropy(ctx);
}

// ---------------------------------------------------------------------------------------------
// High-entropy strings with context

/** Words that make a random string on the same line likely to be a credential. */
const STRONG_CONTEXT = /api[_ -]?key|secret|passw|credential|bearer|authorization|access[_-]?token|auth[_-]?token|private[_-]?key|client[_-]?secret/i;
const WEAK_CONTEXT = /token|\bkey\b|_key\b|\bauth|login|\bpass\b/i;
/** Runs of token characters; the lookbehind makes each run start once (linear in the line). */
const RUN = /(?<![\w+/.~-])[\w+/.~-]{20,4096}={0,2}/g;

/** The key a value is assigned to (`"x-amz-id-2": "…"`, `etag=…`), read backwards from the value. */
const KEY_BEFORE_VALUE = /["']?([\w.-]{1,80})["']?\s{0,3}(?:=|:|=>)\s{0,3}[bfru]{0,2}["']?$/i;

/**
 * A token that is random the way keys are and not a hash, uuid, image payload, word, identifier,
 * placeholder or org/repo path. Cheapest and most selective checks first.
 */
export function looksLikeRandomCredential(run: string): boolean {
  if (run.length < 20 || run.length > 300) return false;
  const cls = charClasses(run);
  const alnumKinds = (cls.lower > 0 ? 1 : 0) + (cls.upper > 0 ? 1 : 0) + (cls.digit > 0 ? 1 : 0);
  if (alnumKinds < 2) return false;
  const h = entropy(run);
  if (!(alnumKinds === 3 && h >= 4.0) && !(h >= 4.4)) return false;
  if (run.includes("//") || isHex(run) || isDigestLike(run) || isUuid(run)) return false;
  if (isNotACredential(run) || isImagePayload(run) || isWordLike(run) || isIdentifierLike(run)) return false;
  if (isPlaceholderValue(run) || isTemplateRef(run)) return false;
  if (randomness(run) !== "strong") return false;
  if (/\//.test(run) && /^[\w.-]{1,40}\/[\w.-]{1,80}/.test(run) && isWordLike(run.split("/")[0] ?? "")) return false; // org/repo paths
  return true;
}

/** `.env`, `.env.local`, `prod.env`, `.envrc`: files that exist to hold configuration secrets. */
export function isDotenvName(basename: string): boolean {
  return /^\.env(?:rc)?(?:\.[\w-]{1,40}){0,3}$/.test(basename) || /\.env$/.test(basename);
}

/** `KEY=value` / `export KEY="value"` lines of a dotenv file. */
const DOTENV_LINE = /^[ \t]{0,8}(?:export[ \t]{1,4})?([A-Za-z_][\w.]{0,100})[ \t]{0,4}=[ \t]{0,4}(["']?)([^\s"'#]{20,300})\2[ \t]{0,8}(?:#.{0,200})?$/gm;

/**
 * In a dotenv file every value is configuration handed to a program, so a random-looking value is a
 * credential even under a name without credential words (`MIMI=gX69YO4C…`); names that say what
 * else it is (ids, hashes, URLs …) are skipped as everywhere else.
 */
export function scanDotenv(seg: { text: string }, out: Candidate[]): void {
  DOTENV_LINE.lastIndex = 0;
  for (let m = DOTENV_LINE.exec(seg.text); m !== null; m = DOTENV_LINE.exec(seg.text)) {
    const key = m[1] ?? "";
    const value = m[3] ?? "";
    if (!looksLikeRandomCredential(value)) continue;
    if (NON_SECRET_KEY.test(key)) continue;
    const start = m.index + m[0].indexOf(value, m[0].indexOf("=") + 1);
    out.push({
      rule: "secrets/high-entropy-string",
      start,
      end: start + value.length,
      secret: value,
      severity: "medium",
      label: `a random-looking value of ${key} in a dotenv file`,
      priority: 4,
    });
  }
}

/** Dotenv names that say the value is not a credential. */
const NON_SECRET_KEY = /(?:^|_)(?:id|ids|uuid|hash|sha|sha1|sha256|md5|digest|checksum|etag|url|uri|path|dir|file|host|region|bucket|version|commit|ref|branch|model|dataset|name)$/i;

function scanHighEntropy(ctx: LineContext): void {
  const { line } = ctx;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(line); m !== null; m = RUN.exec(line)) {
    let run = m[0];
    let start = m.index;
    const prev = line[start - 1] ?? "";
    if (prev === "/" || prev === ":" || prev === "@" || prev === "$" || prev === "%" || prev === "&" || prev === "?") continue; // URL parts, $VARS, hashes
    // trim punctuation that belongs to the sentence, keep base64 padding
    while (run.length > 0 && ".~-".includes(run[0] ?? "")) {
      run = run.slice(1);
      start++;
    }
    run = trimEnd(run, ".~-");
    if (!looksLikeRandomCredential(run)) continue;
    // The value of a key that is not about credentials (ETag, request ids, x-amz-id-2 …) is data.
    const head = line.slice(Math.max(0, start - 100), start);
    const keyed = KEY_BEFORE_VALUE.exec(head);
    if (keyed && classifyKey(keyed[1] ?? "") === undefined) continue;
    // Context: credential words shortly before the string, or in a trailing comment.
    const beforeText = line.slice(Math.max(0, start - 60), start);
    const tail = line.slice(start + run.length);
    const comment = /(?:#|\/\/)(.{0,60})/.exec(tail)?.[1] ?? "";
    // "e.g. <value>", "for example": a sample in documentation
    const example = /\be\.g\.|\bexample\b|\bsample\b|\blike\s{1,3}["'`]?$/i.test(beforeText.slice(-30));
    const strong = !example && (STRONG_CONTEXT.test(beforeText) || STRONG_CONTEXT.test(comment));
    if (!strong && !WEAK_CONTEXT.test(beforeText) && !WEAK_CONTEXT.test(comment)) continue;
    ctx.out.push({
      rule: "secrets/high-entropy-string",
      start: ctx.lineStart + start,
      end: ctx.lineStart + start + run.length,
      secret: run,
      severity: strong ? "medium" : "low",
      label: "a random-looking string next to credential words",
      priority: 4,
    });
  }
}

export const GENERIC_SCANNER: LineScanner = {
  kind: "line",
  name: "generic",
  keywords: ["pass", "pwd", "pswd", "secret", "token", "key", "auth", "cred", "bearer", "identified by", "login", "curl", "mysql", "sshpass"],
  scan: scanGeneric,
};
