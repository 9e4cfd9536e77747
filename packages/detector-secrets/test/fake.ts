/**
 * Fake credentials, assembled at test time from a seeded PRNG so the repository itself never
 * contains a live-looking secret. Every builder follows the provider's published format.
 */

/** mulberry32: small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const HEX = "0123456789abcdef";
export const B64 = ALNUM + "+/";
export const B64URL = ALNUM + "-_";

let seed = 1;
/** Deterministic random string; each call advances a global seed so values differ. */
export function rand(alphabet: string, n: number, s = seed++): string {
  const r = rng(s * 7919);
  for (;;) {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(r() * alphabet.length)];
    // Avoid accidental runs that the placeholder filter rejects (aaaaa, abcdef).
    if (!/(.)\1{3}/.test(out)) return out;
  }
}

const b64 = (bytes: number[]): string => btoa(String.fromCharCode(...bytes));

export const fake = {
  awsKeyId: (prefix = "AKIA"): string => prefix + rand(UPPER_DIGITS, 16),
  awsSecret: (): string => rand(B64, 40),
  awsSessionToken: (): string => "IQoJb3JpZ2lu" + rand(B64, 300),
  bedrock: (): string => "ABSK" + rand(B64, 132),
  gcpApiKey: (): string => "AI" + "za" + rand(B64URL, 35),
  gcpOauthSecret: (): string => "GOC" + "SPX-" + rand(B64URL, 28),
  gcpAccessToken: (): string => "ya" + "29." + rand(B64URL, 150),
  azureAccountKey: (): string => rand(B64, 86) + "==",
  azureSharedAccessKey: (): string => rand(B64, 43) + "=",
  azureSasSig: (): string => rand(ALNUM, 43) + "%3D",
  azureAdSecret: (): string => rand(ALNUM, 3) + "8Q~" + rand(ALNUM + "_~.-", 31) + "a",
  githubClassic: (): string => "gh" + "p_" + rand(ALNUM, 36),
  githubOauth: (): string => "gh" + "o_" + rand(ALNUM, 36),
  githubApp: (): string => "gh" + "s_" + rand(ALNUM, 36),
  githubFineGrained: (): string => "github" + "_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59),
  gitlabPat: (): string => "gl" + "pat-" + rand(ALNUM + "_-", 20),
  gitlabDeploy: (): string => "gl" + "dt-" + rand(ALNUM, 20),
  slackBot: (): string => "xo" + "xb-" + rand("0123456789", 12) + "-" + rand("0123456789", 13) + "-" + rand(ALNUM, 24),
  slackUser: (): string => "xo" + "xp-" + rand("0123456789", 12) + "-" + rand("0123456789", 12) + "-" + rand("0123456789", 13) + "-" + rand(HEX, 32),
  slackApp: (): string => "xa" + "pp-1-A" + rand("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 10) + "-" + rand("0123456789", 13) + "-" + rand(HEX, 64),
  slackWebhook: (): string =>
    "https://hooks." + "slack.com/services/T" + rand("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8) + "/B" + rand("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 10) + "/" + rand(ALNUM, 24),
  stripeLive: (): string => "sk" + "_live_" + rand(ALNUM, 99),
  stripeRestricted: (): string => "rk" + "_live_" + rand(ALNUM, 99),
  stripeTest: (): string => "sk" + "_test_" + rand(ALNUM, 24),
  openaiProject: (): string => "sk-" + "proj-" + rand(B64URL, 74) + "T3Blbk" + "FJ" + rand(B64URL, 74),
  openaiLegacy: (): string => "sk-" + rand(ALNUM, 20) + "T3Blbk" + "FJ" + rand(ALNUM, 20),
  openaiLegacyPlain: (): string => "sk-" + rand(ALNUM, 48),
  anthropic: (): string => "sk-" + "ant-api03-" + rand(B64URL, 93) + "AA",
  hf: (): string => "hf" + "_" + rand(LETTERS, 34),
  hfOrg: (): string => "api" + "_org_" + rand(LETTERS, 34),
  wandbLegacy: (): string => rand(HEX, 40),
  wandbV1: (): string => "wandb" + "_v1_" + rand(ALNUM, 27) + "_" + rand(ALNUM, 49),
  kaggleKey: (): string => rand(HEX, 32),
  kaggleToken: (): string => "KG" + "AT_" + rand(HEX, 32),
  databricks: (): string => "da" + "pi" + rand(HEX, 32),
  twilioApiKey: (): string => "S" + "K" + rand(HEX, 32),
  twilioAccountSid: (): string => "A" + "C" + rand(HEX, 32),
  twilioAuthToken: (): string => rand(HEX, 32),
  sendgrid: (): string => "S" + "G." + rand(B64URL, 22) + "." + rand(B64URL, 43),
  npm: (): string => "np" + "m_" + rand(ALNUM, 36),
  pypi: (): string => "py" + "pi-AgEIcHlwaS5vcmc" + rand(B64URL, 150),
  replicate: (): string => "r8" + "_" + rand(ALNUM, 37),
  groq: (): string => "gs" + "k_" + rand(ALNUM, 52),
  langsmith: (): string => "lsv2" + "_pt_" + rand(HEX, 32) + "_" + rand(HEX, 10),
  pinecone: (): string => "pc" + "sk_" + rand(ALNUM, 5) + "_" + rand(ALNUM, 60),
  openrouter: (): string => "sk-" + "or-v1-" + rand(HEX, 64),
  perplexity: (): string => "pp" + "lx-" + rand(ALNUM, 48),
  xai: (): string => "xa" + "i-" + rand(ALNUM, 80),
  nvidia: (): string => "nv" + "api-" + rand(B64URL, 64),
  password: (): string => rand(ALNUM, 10) + "!" + rand("0123456789", 2),
  token: (n = 32): string => rand(ALNUM, n),
  jwt: (payload: Record<string, unknown> = { sub: "user-" + rand(HEX, 6), iat: 1700000000, exp: 1900000000 }): string => {
    const enc = (o: unknown): string => btoa(JSON.stringify(o)).replace(/={1,2}$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    return enc({ alg: "HS256", typ: "JWT" }) + "." + enc(payload) + "." + rand(B64URL, 43);
  },
  /** A PEM block with a random (not actually valid DER) body of `lines` 64-character lines. */
  pem: (label = "PRIVATE KEY", lines = 16, nl = "\n"): string => {
    const body: string[] = [];
    for (let i = 0; i < lines; i++) body.push(rand(B64, 64));
    return `-----BEGIN ${label}-----${nl}MIIE${body.join(nl)}${nl}-----END ${label}-----`;
  },
  opensshKey: (cipher = "none"): string => {
    const head = "openssh-key-v1\0\0\0\0" + String.fromCharCode(cipher.length) + cipher;
    const bytes = [...head].map((c) => c.charCodeAt(0));
    const r = rng(seed++);
    for (let i = 0; i < 300; i++) bytes.push(Math.floor(r() * 256));
    const b = b64(bytes);
    const lines = b.match(/.{1,70}/g) ?? [];
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----`;
  },
};
