/**
 * Provider token formats: one table entry per format. Formats are facts taken from the gitleaks
 * rule set (config/gitleaks.toml) and the providers' documentation. Every pattern uses bounded
 * quantifiers, and its `secret` group (when present) ends the match.
 */
import { entropy, isHex } from "./filters.js";
import type { PatternEntry } from "./model.js";

type P = Omit<PatternEntry, "kind">;
const pattern = (p: P): PatternEntry => ({ kind: "pattern", ...p });

/** Text before the match on the same line (up to `n` characters), lower-cased. */
function before(at: { ctx: { line: string; lineStart: number }; start: number }, n: number): string {
  const i = at.start - at.ctx.lineStart;
  return at.ctx.line.slice(Math.max(0, i - n), i).toLowerCase();
}

/** Assignment-ish text right before a value: `key = "`, `"key": "`, `password `, `--key `. */
const KEYISH_BEFORE = /(?:api[_-]?key|key|token|password|passwd|secret|login|auth)["'\]]{0,2}\s{0,4}(?:=|:=|=>|[:,\s])\s{0,4}["'(]?$/;
/** Words that make a 40-hex value a commit, digest or run id. */
const HASH_WORDS = /commit|sha|hash|digest|revision|\brev\b|checksum|etag|md5|run_?id|model_id|fingerprint/;

export const PROVIDER_PATTERNS: readonly PatternEntry[] = [
  // ---------------------------------------------------------------- AWS
  pattern({
    rule: "secrets/aws-access-key-id",
    label: "an AWS access key id",
    why: "AKIA (long-term), ASIA (STS temporary), ABIA (STS bearer), ACCA (context) and A3T prefixes followed by 16 base32 characters identify IAM access keys.",
    keywords: ["akia", "asia", "abia", "acca", "a3t"],
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    prefixLength: 4,
    minEntropy: 2.5,
    check: (_s, _m, at) =>
      // presigned URLs and SigV4 headers carry the key id by design, next to a time-limited signature
      /(?:x-amz-credential=|credential=)$/.test(before(at, 20))
        ? {
            severity: "low",
            label: "an AWS access key id inside a presigned URL or signed request",
            note: "The key id is not secret here, but the signature grants access until it expires; avoid committing presigned URLs.",
          }
        : undefined,
  }),
  pattern({
    rule: "secrets/aws-secret-access-key",
    label: "an AWS secret access key",
    why: "40 base64 characters assigned to aws_secret_access_key / SecretAccessKey are the secret half of an IAM key pair.",
    keywords: ["aws_secret", "awssecret", "aws-secret", "secret_access", "secretaccess", "secret-access"],
    pattern:
      /(?:aws[_-]?secret(?:[_-]?access)?(?:[_-]?key)?|secret[_-]?access[_-]?key)["'\]]{0,2}\s{0,4}(?:=|:=|=>|[:,])?\s{0,4}["']?(?<secret>[A-Z0-9/+]{40})(?![A-Z0-9/+=])/gi,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/aws-secret-access-key",
    label: "an AWS secret access key",
    why: "An access key id followed by a 40-character base64 value is the credentials.csv / console layout of a key pair.",
    keywords: ["akia", "asia"],
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}["']?[ \t]{0,3}[,;:|\t ][ \t]{0,3}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/aws-secret-access-key",
    label: "an AWS secret access key",
    why: "A 40-character base64 value named secret / secret_key next to an AWS key id, boto3 or s3fs is the secret half of the pair.",
    keywords: ["secret_key", "secretkey", "secret-key", "aws_key", "secret"],
    pattern: /(?:secret[_-]?key|aws[_-]?key|secret)["'\]]{0,2}\s{0,4}(?:=|:=|=>|:)\s{0,4}["']?(?<secret>[A-Z0-9/+]{40})(?![A-Z0-9/+=])/gi,
    minEntropy: 3.5,
    minKinds: 2,
    context: { words: ["akia", "asia", "aws", "boto", "s3"], window: 400 },
    check: (s) => (isHex(s) ? false : undefined),
  }),
  pattern({
    rule: "secrets/aws-session-token",
    label: "an AWS session token",
    why: "STS session tokens (IQoJb3JpZ2lu…, FwoGZXIvYXdz…) grant the role's permissions until they expire.",
    keywords: ["session_token", "sessiontoken", "security_token", "securitytoken", "session-token"],
    pattern:
      /(?:aws[_-]?session[_-]?token|aws[_-]?security[_-]?token|session[_-]?token|security[_-]?token)["'\]]{0,2}\s{0,4}(?:=|:=|=>|[:,])?\s{0,4}["']?(?<secret>[A-Z0-9/+]{100,4096}={0,2})(?![A-Z0-9/+=])/gi,
    minEntropy: 4,
    check: (s, m, at) =>
      /^(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)/.test(s) || /aws/.test(before(at, 60)) || /aws|akia|asia|boto/i.test(at.ctx.line)
        ? undefined
        : false,
  }),
  pattern({
    rule: "secrets/aws-bedrock-api-key",
    label: "an Amazon Bedrock API key",
    why: "Long-lived Bedrock API keys are ABSK followed by base64 of the key id and secret.",
    keywords: ["absk"],
    pattern: /(?<![A-Za-z0-9+/])ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])/g,
    prefixLength: 4,
    minEntropy: 4,
  }),

  // ---------------------------------------------------------------- Google
  pattern({
    rule: "secrets/gcp-api-key",
    label: "a Google API key",
    why: "AIza followed by 35 URL-safe characters is the format of Google Cloud, Gemini and Firebase API keys.",
    keywords: ["aiza"],
    pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g,
    prefixLength: 4,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/gcp-oauth-credential",
    label: "a Google OAuth client secret",
    why: "GOCSPX- prefixes every Google OAuth client secret issued since 2021.",
    keywords: ["gocspx-"],
    pattern: /(?<![\w-])GOCSPX-[\w-]{28}(?![\w-])/g,
    prefixLength: 7,
    minEntropy: 3.3,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/gcp-oauth-credential",
    label: "a Google OAuth access token",
    why: "ya29. prefixes Google OAuth 2.0 access tokens (gcloud auth print-access-token, Colab auth).",
    keywords: ["ya29."],
    pattern: /(?<![\w.-])ya29\.[\w-]{30,2048}(?![\w-])/g,
    prefixLength: 5,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/gcp-oauth-credential",
    label: "a Google OAuth refresh token",
    why: "Google refresh tokens start with 1//0 and stay valid until revoked.",
    keywords: ["1//0"],
    pattern: /(?<![\w/:])1\/\/0[\w-]{40,512}(?![\w-])/g,
    prefixLength: 4,
    minEntropy: 3.8,
    minKinds: 2,
    context: { words: ["refresh", "oauth", "token", "google"], window: 200 },
  }),

  // ---------------------------------------------------------------- Azure
  pattern({
    rule: "secrets/azure-storage-key",
    label: "an Azure storage account key",
    why: "AccountKey= in a storage or Cosmos DB connection string is an 88-character base64 account key with full access.",
    keywords: ["accountkey"],
    pattern: /AccountKey=(?<secret>[A-Z0-9+/]{86}==)/gi,
    minEntropy: 4,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/azure-storage-key",
    label: "an Azure storage account key",
    why: "An 88-character base64 value ending in == next to Azure storage words is an account key.",
    keywords: ["azure", "windows.net", "account_key", "account-key", "storage_key", "credential", "blob"],
    pattern: /(?<![A-Z0-9+/])[A-Z0-9+/]{86}==(?![A-Z0-9+/=])/gi,
    minEntropy: 4,
    minKinds: 2,
    context: { words: ["azure", "windows.net", "blob", "storage", "account_key", "accountkey", "credential", "container"], window: 400 },
  }),
  pattern({
    rule: "secrets/azure-storage-key",
    label: "an Azure shared access key",
    why: "SharedAccessKey= in a Service Bus, Event Hubs or IoT Hub connection string is a 44-character base64 key.",
    keywords: ["sharedaccesskey"],
    pattern: /SharedAccessKey=(?<secret>[A-Z0-9+/]{42,44}=?)(?![A-Z0-9+/=])/gi,
    severity: "high",
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/azure-storage-key",
    label: "an Azure SAS token signature",
    why: "sig= next to sv= / se= / sp= is the HMAC signature of a shared access signature URL, valid until it expires.",
    keywords: ["sig="],
    pattern: /[?&;]sig=(?<secret>[A-Z0-9%+/]{30,120}={0,2}(?:%3D){0,2})/gi,
    severity: "high",
    minEntropy: 3.8,
    check: (_s, _m, at) => (/[?&;]s[vpre]=/.test(at.ctx.line) ? undefined : false),
  }),
  pattern({
    rule: "secrets/azure-ad-client-secret",
    label: "a Microsoft Entra ID client secret",
    why: "Entra ID client secrets have three characters, a digit and Q~ followed by 31–34 characters.",
    keywords: ["q~"],
    pattern: /(?<![\w~.-])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/g,
    minEntropy: 3.5,
    minKinds: 2,
  }),

  // ---------------------------------------------------------------- GitHub / GitLab
  pattern({
    rule: "secrets/github-token",
    label: "a GitHub token",
    why: "ghp_ (classic PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (app installation) and ghr_ (refresh) followed by 36+ base62 characters.",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: /\bgh[oprsu]_[A-Za-z0-9]{36,251}\b/g,
    prefixLength: 4,
    minEntropy: 3.5,
    minKinds: 2,
    check: (s) => ({ label: GITHUB_LABELS[s.slice(0, 4)] ?? "a GitHub token" }),
  }),
  pattern({
    rule: "secrets/github-token",
    label: "a GitHub fine-grained personal access token",
    why: "github_pat_ followed by 82 characters is a fine-grained personal access token.",
    keywords: ["github_pat_"],
    pattern: /\bgithub_pat_\w{70,120}\b/g,
    prefixLength: 11,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/gitlab-token",
    label: "a GitLab token",
    why: "glpat- (personal/project/group), gldt- (deploy), glrt- (runner), glcbt- (CI job), glptt- (trigger), glft- (feed), gloas- (OAuth app) and friends are GitLab's token prefixes.",
    keywords: ["glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "glimt-", "glagent-", "gloas-", "glsoat-", "glffct-"],
    pattern: /(?<![\w-])(?:glpat|gldt|glrt|glcbt|glptt|glft|glimt|glagent|gloas|glsoat|glffct)-[\w-]{20,300}(?:\.[0-9a-z]{2,12}){0,2}(?![\w-])/g,
    minEntropy: 3.3,
    minKinds: 2,
    check: (s) => ({ label: s.startsWith("glpat-") ? "a GitLab personal access token" : "a GitLab token" }),
  }),
  pattern({
    rule: "secrets/gitlab-token",
    label: "a GitLab runner registration token",
    why: "GR1348941 prefixes legacy GitLab runner registration tokens.",
    keywords: ["gr1348941"],
    pattern: /(?<![\w-])GR1348941[\w-]{20}(?![\w-])/g,
    prefixLength: 9,
    minEntropy: 3,
    minKinds: 2,
  }),

  // ---------------------------------------------------------------- Slack
  pattern({
    rule: "secrets/slack-token",
    label: "a Slack token",
    why: "xoxb- (bot), xoxp- (user), xoxa-/xoxr- (workspace), xoxs-/xoxo- (legacy) tokens are numeric ids followed by a random part of 18+ characters.",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-"],
    pattern: /(?<![\w-])xox[abeoprs]-(?:\d{1,2}-)?\d{6,15}-[\dA-Za-z-]{8,250}(?![\w-])/g,
    prefixLength: 5,
    minEntropy: 3,
    check: (s) => {
      // the random part (after the last "-") of real tokens is 18+ characters (24 alnum / 32 hex)
      const last = s.slice(s.lastIndexOf("-") + 1);
      if (last.length < 16 || entropy(last) < 3.3) return false;
      return { label: SLACK_LABELS[s.slice(0, 4)] ?? "a Slack token" };
    },
  }),
  pattern({
    rule: "secrets/slack-token",
    label: "a Slack refresh or configuration token",
    why: "xoxe- refresh tokens and xoxe.xoxp-/xoxe.xoxb- configuration tokens carry a digit and 140+ characters.",
    keywords: ["xoxe-", "xoxe."],
    pattern: /(?<![\w-])(?:xoxe\.xox[bp]|xoxe)-\d-[\dA-Za-z]{140,200}(?![\w-])/g,
    prefixLength: 7,
    minEntropy: 3.5,
  }),
  pattern({
    rule: "secrets/slack-token",
    label: "a Slack app-level token",
    why: "xapp- followed by a digit, the app id, a number and a 64-character hex secret is an app-level token.",
    keywords: ["xapp-"],
    pattern: /(?<![\w-])xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[a-z0-9]{32,80}(?![\w-])/gi,
    prefixLength: 5,
    minEntropy: 3,
  }),
  pattern({
    rule: "secrets/slack-webhook",
    label: "a Slack webhook URL",
    why: "hooks.slack.com/services|workflows|triggers/… URLs accept posts from anyone who has them.",
    keywords: ["hooks.slack.com"],
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,120}/g,
    check: (s) => {
      const body = s.slice(s.indexOf("slack.com/") + 10).replace(/^(?:services|workflows|triggers)\//, "");
      return entropy(body) >= 3.2 ? undefined : false;
    },
  }),

  // ---------------------------------------------------------------- Payments
  pattern({
    rule: "secrets/stripe-live-key",
    label: "a Stripe live secret key",
    why: "sk_live_ (secret) and rk_live_ (restricted) keys act on the live Stripe account.",
    keywords: ["sk_live_", "rk_live_"],
    pattern: /\b[rs]k_live_[A-Za-z0-9]{10,247}\b/g,
    prefixLength: 8,
    minEntropy: 3,
    minKinds: 2,
    check: (s) => (s.startsWith("rk_") ? { label: "a Stripe live restricted key" } : undefined),
  }),
  pattern({
    rule: "secrets/stripe-test-key",
    label: "a Stripe test secret key",
    why: "sk_test_ / rk_test_ keys only reach Stripe's test mode.",
    keywords: ["sk_test_", "rk_test_"],
    pattern: /\b[rs]k_test_[A-Za-z0-9]{10,247}\b/g,
    prefixLength: 8,
    minEntropy: 3,
    minKinds: 2,
  }),

  // ---------------------------------------------------------------- AI providers
  pattern({
    rule: "secrets/openai-api-key",
    label: "an OpenAI project API key",
    why: "sk-proj- (project), sk-svcacct- (service account), sk-admin- and sk-None- prefix OpenAI keys issued since 2024.",
    keywords: ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-none-"],
    pattern: /(?<![\w-])sk-(?:proj|svcacct|admin|None)-[\w-]{20,250}(?![\w-])/g,
    minEntropy: 3.8,
    minKinds: 2,
    check: (s) => ({ label: OPENAI_LABELS[s.slice(0, s.indexOf("-", 3) + 1)] ?? "an OpenAI API key" }),
  }),
  pattern({
    rule: "secrets/openai-api-key",
    label: "an OpenAI API key",
    why: "Legacy OpenAI user keys are sk- followed by 48 base62 characters with T3BlbkFJ in the middle.",
    keywords: ["t3blbkfj"],
    pattern: /(?<![\w-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/openai-api-key",
    label: "an OpenAI-format API key",
    why: "sk- followed by 32–64 base62 characters is the OpenAI key shape, also used by OpenAI-compatible providers (DeepSeek, Moonshot, DashScope).",
    keywords: ["sk-"],
    pattern: /(?<![\w-])sk-[A-Za-z0-9]{32,64}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.5,
    minKinds: 2,
    check: (s) => (s.length === 51 ? { label: "an OpenAI API key" } : undefined),
  }),
  pattern({
    rule: "secrets/anthropic-api-key",
    label: "an Anthropic API key",
    why: "sk-ant-api03- (API) and sk-ant-admin01- (admin) prefix Anthropic keys.",
    keywords: ["sk-ant-"],
    pattern: /(?<![\w-])sk-ant-(?:api|admin|oat|ort|sid)\d{2}-[\w-]{20,200}(?![\w-])/g,
    minEntropy: 3.8,
    minKinds: 2,
    check: (s) => (s.startsWith("sk-ant-admin") ? { label: "an Anthropic admin API key" } : undefined),
  }),
  pattern({
    rule: "secrets/huggingface-token",
    label: "a Hugging Face access token",
    why: "hf_ followed by 34 letters is a Hugging Face user access token (read, write or fine-grained).",
    keywords: ["hf_"],
    pattern: /\bhf_[A-Za-z0-9]{30,40}\b/g,
    prefixLength: 3,
    minEntropy: 3.6,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/huggingface-token",
    label: "a Hugging Face organization API token",
    why: "api_org_ followed by 34 letters is a (legacy) Hugging Face organization token.",
    keywords: ["api_org_"],
    pattern: /\bapi_org_[A-Za-z0-9]{30,40}\b/g,
    prefixLength: 8,
    minEntropy: 3.6,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/wandb-api-key",
    label: "a Weights & Biases API key",
    why: "wandb_v1_ prefixes the 86-character W&B API keys issued since 2025.",
    keywords: ["wandb_v1_"],
    pattern: /\bwandb_v1_\w{60,100}\b/g,
    prefixLength: 9,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/wandb-api-key",
    label: "a Weights & Biases API key",
    why: "Legacy W&B API keys are 40 hex characters (local- prefixed on W&B Server); they are recognised next to wandb / WANDB_API_KEY / api.wandb.ai.",
    keywords: ["wandb", "password"],
    pattern: /(?<![0-9A-Za-z])(?:local-)?[0-9a-f]{40}(?![0-9A-Za-z])/g,
    minEntropy: 3,
    context: { words: ["wandb"], window: 300 },
    check: (s, _m, at) => {
      const b = before(at, 48);
      if (HASH_WORDS.test(b)) return false;
      if (!KEYISH_BEFORE.test(b) && !/wandb[\s.]{1,3}login\b[^\n]{0,30}$/.test(b)) return false;
      return /[a-f]/.test(s) && /\d/.test(s) ? undefined : false;
    },
  }),
  pattern({
    rule: "secrets/kaggle-key",
    label: "a Kaggle API token",
    why: "KGAT_ prefixes Kaggle API tokens issued since 2025.",
    keywords: ["kgat_"],
    pattern: /\bKGAT_[A-Za-z0-9]{32,64}\b/g,
    prefixLength: 5,
    minEntropy: 3,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/kaggle-key",
    label: "a Kaggle API key",
    why: "kaggle.json holds {\"username\": …, \"key\": <32 hex>}; the key is the account's API secret.",
    keywords: ['"key"', "'key'"],
    pattern: /["']key["']\s{0,3}:\s{0,3}["'](?<secret>[0-9a-f]{32})(?=["'])/g,
    minEntropy: 2.8,
    context: { words: ["username", "kaggle"], window: 300, path: /(?:^|\/)kaggle\.json$/ },
    check: (s) => (/\d/.test(s) && /[a-f]/.test(s) ? undefined : false),
  }),
  pattern({
    rule: "secrets/kaggle-key",
    label: "a Kaggle API key",
    why: "KAGGLE_KEY (the environment form of kaggle.json) is the account's 32-hex API secret.",
    keywords: ["kaggle"],
    pattern: /kaggle[_-]?(?:api[_-]?)?(?:key|token)["'\]]{0,2}\s{0,4}(?:=|:=|=>|[:,])?\s{0,4}["']?(?<secret>[0-9a-f]{32})(?![0-9A-Z])/gi,
    minEntropy: 2.8,
    check: (s) => (/\d/.test(s) && /[a-f]/.test(s) ? undefined : false),
  }),
  pattern({
    rule: "secrets/databricks-token",
    label: "a Databricks personal access token",
    why: "dapi followed by 32 hex characters (optionally -N) is a Databricks personal access token.",
    keywords: ["dapi"],
    pattern: /\bdapi[0-9a-f]{32}(?:-\d)?\b/g,
    prefixLength: 4,
    minEntropy: 2.8,
    check: (s) => (/\d/.test(s.slice(4)) && /[a-f]/.test(s.slice(4)) ? undefined : false),
  }),
  pattern({
    rule: "secrets/databricks-token",
    label: "a Databricks OAuth secret",
    why: "dose followed by 32 hex characters is a Databricks service-principal OAuth secret.",
    keywords: ["dose"],
    pattern: /\bdose[0-9a-f]{32}\b/g,
    prefixLength: 4,
    minEntropy: 2.8,
    check: (s) => (/\d/.test(s.slice(4)) && /[a-f]/.test(s.slice(4)) ? undefined : false),
  }),
  pattern({
    rule: "secrets/twilio",
    label: "a Twilio API key",
    why: "SK followed by 32 hex characters is a Twilio API key SID, used with its secret as credentials.",
    keywords: ["twilio"],
    pattern: /\bSK[0-9a-fA-F]{32}\b/g,
    prefixLength: 2,
    minEntropy: 2.8,
  }),
  pattern({
    rule: "secrets/twilio",
    label: "a Twilio auth token",
    why: "The 32-hex auth token of a Twilio account, named auth_token / TWILIO_AUTH_TOKEN.",
    keywords: ["twilio", "auth_token", "authtoken", "auth-token"],
    pattern: /(?:twilio\w{0,20}?token|auth[_-]?token)["'\]]{0,2}\s{0,4}(?:=|:=|=>|[:,])?\s{0,4}["']?(?<secret>[0-9a-f]{32})(?![0-9A-Z])/gi,
    minEntropy: 2.8,
    context: { words: ["twilio"], window: 600 },
  }),
  pattern({
    rule: "secrets/twilio",
    label: "a Twilio auth token",
    why: "Client(\"AC…\", \"<32 hex>\") passes the account SID and its auth token.",
    keywords: ["twilio", "client("],
    pattern: /AC[0-9a-f]{32}["']\s{0,3},\s{0,3}["'](?<secret>[0-9a-f]{32})(?=["'])/g,
    minEntropy: 2.8,
  }),
  pattern({
    rule: "secrets/sendgrid-api-key",
    label: "a SendGrid API key",
    why: "SG. followed by a 22-character id, a dot and a 43-character secret is a SendGrid API key.",
    keywords: ["sg."],
    pattern: /(?<![\w.-])SG\.[\w-]{22}\.[\w-]{43}(?![\w-])/g,
    prefixLength: 3,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/npm-token",
    label: "an npm access token",
    why: "npm_ followed by 36 base62 characters is a granular or classic npm access token.",
    keywords: ["npm_"],
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    prefixLength: 4,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/pypi-token",
    label: "a PyPI API token",
    why: "pypi-AgE… is a macaroon issued by pypi.org (pypi-AgEIcHlwaS5vcmc) or test.pypi.org (pypi-AgENdGVzdC5weXBpLm9yZw).",
    keywords: ["pypi-age"],
    pattern: /(?<![\w-])pypi-AgE[\w-]{50,1000}(?![\w-])/g,
    prefixLength: 8,
    minEntropy: 3.8,
  }),
  pattern({
    rule: "secrets/replicate-api-token",
    label: "a Replicate API token",
    why: "r8_ followed by 37 base62 characters is a Replicate API token.",
    keywords: ["r8_"],
    pattern: /\br8_[A-Za-z0-9]{37}\b/g,
    prefixLength: 3,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/groq-api-key",
    label: "a Groq API key",
    why: "gsk_ followed by 52 base62 characters is a Groq API key.",
    keywords: ["gsk_"],
    pattern: /\bgsk_[A-Za-z0-9]{48,56}\b/g,
    prefixLength: 4,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/langsmith-api-key",
    label: "a LangSmith API key",
    why: "lsv2_pt_ (personal) and lsv2_sk_ (service) followed by 32 hex, _ and 10 hex are LangSmith keys.",
    keywords: ["lsv2_"],
    pattern: /\blsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}\b/g,
    prefixLength: 8,
    minEntropy: 3,
  }),
  pattern({
    rule: "secrets/pinecone-api-key",
    label: "a Pinecone API key",
    why: "pcsk_ prefixes Pinecone API keys.",
    keywords: ["pcsk_"],
    pattern: /\bpcsk_\w{40,100}\b/g,
    prefixLength: 5,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/openrouter-api-key",
    label: "an OpenRouter API key",
    why: "sk-or-v1- followed by 64 hex characters is an OpenRouter API key.",
    keywords: ["sk-or-"],
    pattern: /(?<![\w-])sk-or-v1-[0-9a-f]{64}(?![\w-])/g,
    prefixLength: 9,
    minEntropy: 3,
  }),
  pattern({
    rule: "secrets/perplexity-api-key",
    label: "a Perplexity API key",
    why: "pplx- followed by 48 base62 characters is a Perplexity API key.",
    keywords: ["pplx-"],
    pattern: /(?<![\w-])pplx-[A-Za-z0-9]{48}(?![\w-])/g,
    prefixLength: 5,
    minEntropy: 3.5,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/xai-api-key",
    label: "an xAI API key",
    why: "xai- followed by 80 base62 characters is an xAI API key.",
    keywords: ["xai-"],
    pattern: /(?<![\w-])xai-[A-Za-z0-9]{70,90}(?![\w-])/g,
    prefixLength: 4,
    minEntropy: 3.8,
    minKinds: 2,
  }),
  pattern({
    rule: "secrets/nvidia-api-key",
    label: "an NVIDIA API key",
    why: "nvapi- followed by 64 URL-safe characters is an NVIDIA NGC / build.nvidia.com API key.",
    keywords: ["nvapi-"],
    pattern: /(?<![\w-])nvapi-[\w-]{60,70}(?![\w-])/g,
    prefixLength: 6,
    minEntropy: 3.8,
    minKinds: 2,
  }),
];

const GITHUB_LABELS: Readonly<Record<string, string>> = {
  ghp_: "a GitHub classic personal access token",
  gho_: "a GitHub OAuth access token",
  ghu_: "a GitHub user-to-server token",
  ghs_: "a GitHub app installation token",
  ghr_: "a GitHub refresh token",
};

const SLACK_LABELS: Readonly<Record<string, string>> = {
  xoxb: "a Slack bot token",
  xoxp: "a Slack user token",
  xoxa: "a Slack workspace access token",
  xoxr: "a Slack workspace refresh token",
  xoxs: "a Slack legacy session token",
  xoxo: "a Slack legacy token",
  xoxe: "a Slack refresh or configuration token",
};

const OPENAI_LABELS: Readonly<Record<string, string>> = {
  "sk-proj-": "an OpenAI project API key",
  "sk-svcacct-": "an OpenAI service-account API key",
  "sk-admin-": "an OpenAI admin API key",
  "sk-None-": "an OpenAI API key",
};
