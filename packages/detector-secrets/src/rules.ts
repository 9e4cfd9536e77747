/**
 * Rule metadata of the secrets detector: one entry per provider and kind of credential.
 * coupling: README.md has one `## <ruleId>` section per entry (checked by test/meta.test.ts).
 */
import type { RuleId, RuleMeta, Severity, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PACKAGE_FOLDER = "detector-secrets";
const SINCE = "0.1.0";

/**
 * Every secret is a hard-coded credential (CWE-798) stored in clear text (CWE-312); in notebook
 * outputs and logs it is also sensitive data written to a log (CWE-532). The finding's
 * `data.cwe` says which one fits the place where it was found.
 */
const CREDENTIAL: StandardsMapping = {
  cwe: ["CWE-798", "CWE-312", "CWE-532"],
  owaspTop10: ["A07:2021"],
  mitreAtlas: ["AML.T0055"],
};

/** Credentials that reach training data, model registries or model storage: theft and supply chain. */
const ML_ASSET: StandardsMapping = { ...CREDENTIAL, owaspMlTop10: ["ML05:2023", "ML06:2023"] };

/** Private keys also break the cryptography that relies on them. */
const KEY_MATERIAL: StandardsMapping = {
  cwe: ["CWE-798", "CWE-312", "CWE-321", "CWE-532"],
  owaspTop10: ["A02:2021", "A07:2021"],
  mitreAtlas: ["AML.T0055"],
};

const ROTATE = "clear the notebook output with watchtower-hook --fix when it was printed there, and load it from the environment or a secret manager";

interface RuleSpec {
  id: RuleId;
  title: string;
  description: string;
  severity: Severity;
  fix: string;
  standards: StandardsMapping;
  heuristic?: boolean;
}

const SPECS: readonly RuleSpec[] = [
  {
    id: "secrets/aws-access-key-id",
    title: "AWS access key id",
    description: "An AWS access key id (AKIA/ASIA/ABIA/ACCA…), the public half of an IAM access key pair.",
    severity: "critical",
    fix: `Deactivate and rotate the IAM access key, ${ROTATE} (an AWS profile or role).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/aws-secret-access-key",
    title: "AWS secret access key",
    description: "The 40-character secret half of an AWS IAM access key, found next to its usual names or its key id.",
    severity: "critical",
    fix: `Deactivate and rotate the IAM access key, ${ROTATE} (an AWS profile or role).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/aws-session-token",
    title: "AWS session token",
    description: "A temporary AWS STS session token, valid together with its key pair until it expires.",
    severity: "high",
    fix: `Revoke the role session (or wait for expiry and rotate the role's credentials), ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/aws-bedrock-api-key",
    title: "Amazon Bedrock API key",
    description: "A long-lived Amazon Bedrock API key (ABSK…), which calls Bedrock models on the account's bill.",
    severity: "high",
    fix: `Delete the Bedrock API key in IAM and create a new one, ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/gcp-service-account",
    title: "Google Cloud service-account key",
    description: "A Google Cloud service-account JSON key (its private key), which acts as the service account.",
    severity: "critical",
    fix: `Delete the key in IAM & Admin > Service accounts and create a new one, ${ROTATE} (workload identity or GOOGLE_APPLICATION_CREDENTIALS pointing outside the repository).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/gcp-api-key",
    title: "Google API key",
    description: "A Google Cloud / Gemini / Firebase API key (AIza…).",
    severity: "high",
    fix: `Delete or regenerate the key in APIs & Services > Credentials and restrict it, ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/gcp-oauth-credential",
    title: "Google OAuth client secret or token",
    description: "A Google OAuth client secret (GOCSPX-…), access token (ya29.…) or refresh token (1//…).",
    severity: "high",
    fix: `Reset the OAuth client secret or revoke the token in the Google Cloud console, ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/azure-storage-key",
    title: "Azure storage account key or connection string",
    description: "An Azure storage account key (AccountKey=…), a shared access key or a SAS signature in a connection string or URL.",
    severity: "critical",
    fix: `Rotate the storage account key (or revoke the SAS / shared access policy), ${ROTATE} (managed identity or Key Vault).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/azure-ad-client-secret",
    title: "Microsoft Entra ID (Azure AD) client secret",
    description: "A client secret of a Microsoft Entra ID app registration (…Q~…).",
    severity: "high",
    fix: `Delete the client secret under App registrations > Certificates & secrets and create a new one, ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/github-token",
    title: "GitHub token",
    description: "A GitHub personal access token (classic ghp_ or fine-grained github_pat_), OAuth, app or refresh token.",
    severity: "high",
    fix: `Revoke the token in GitHub Settings > Developer settings (or the app's installation), ${ROTATE}; for git remotes use a credential helper instead of a token in the URL.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/gitlab-token",
    title: "GitLab token",
    description: "A GitLab personal, project, deploy, runner, CI job, trigger or OAuth application token (glpat-…, gldt-…, glrt-…).",
    severity: "high",
    fix: `Revoke the token in GitLab (User/Project settings > Access tokens), ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/slack-token",
    title: "Slack token",
    description: "A Slack bot, user, app-level, workspace or configuration token (xoxb-, xoxp-, xapp-…).",
    severity: "high",
    fix: `Revoke the token at api.slack.com/apps (OAuth & Permissions), ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/slack-webhook",
    title: "Slack incoming webhook URL",
    description: "A Slack incoming-webhook or workflow URL, which lets anyone post into the channel.",
    severity: "high",
    fix: `Regenerate the webhook URL in the Slack app settings, ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/stripe-live-key",
    title: "Stripe live secret key",
    description: "A Stripe live-mode secret or restricted key (sk_live_, rk_live_), which moves real money.",
    severity: "critical",
    fix: `Roll the key in the Stripe dashboard (Developers > API keys), ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/stripe-test-key",
    title: "Stripe test secret key",
    description: "A Stripe test-mode secret or restricted key (sk_test_, rk_test_); it cannot move money but exposes test data.",
    severity: "low",
    fix: `Roll the test key in the Stripe dashboard if the test data matters, and load it from the environment.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/openai-api-key",
    title: "OpenAI API key",
    description: "An OpenAI API key: project (sk-proj-), service-account (sk-svcacct-), admin or legacy user key (sk-…).",
    severity: "high",
    fix: `Revoke the key at platform.openai.com/api-keys, ${ROTATE} (OPENAI_API_KEY).`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/anthropic-api-key",
    title: "Anthropic API key",
    description: "An Anthropic API or admin key (sk-ant-api03-…, sk-ant-admin01-…).",
    severity: "high",
    fix: `Delete the key in the Anthropic console (Settings > API keys), ${ROTATE} (ANTHROPIC_API_KEY).`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/huggingface-token",
    title: "Hugging Face token",
    description: "A Hugging Face user access token (hf_…) or organization API token (api_org_…).",
    severity: "high",
    fix: `Invalidate the token at huggingface.co/settings/tokens, ${ROTATE} (HF_TOKEN or huggingface-cli login).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/wandb-api-key",
    title: "Weights & Biases API key",
    description: "A Weights & Biases API key (wandb_v1_… or 40 hex characters next to wandb, WANDB_API_KEY or the api.wandb.ai .netrc entry).",
    severity: "high",
    fix: `Revoke the key at wandb.ai/authorize (User settings > API keys), ${ROTATE} (WANDB_API_KEY or wandb login).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/kaggle-key",
    title: "Kaggle API key",
    description: "A Kaggle API key from kaggle.json or KAGGLE_KEY, or a Kaggle API token (KGAT_…).",
    severity: "high",
    fix: `Expire the token on kaggle.com (Settings > API), ${ROTATE} (~/.kaggle/kaggle.json outside the repository, or Kaggle secrets).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/databricks-token",
    title: "Databricks token",
    description: "A Databricks personal access token (dapi…) or OAuth secret (dose…).",
    severity: "high",
    fix: `Revoke the token in the Databricks workspace (User settings > Developer > Access tokens), ${ROTATE} (dbutils.secrets or DATABRICKS_TOKEN).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/twilio",
    title: "Twilio API key or auth token",
    description: "A Twilio API key (SK…) or account auth token.",
    severity: "high",
    fix: `Delete the API key or rotate the auth token in the Twilio console, ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/sendgrid-api-key",
    title: "SendGrid API key",
    description: "A Twilio SendGrid API key (SG.….…).",
    severity: "high",
    fix: `Delete the key in SendGrid (Settings > API Keys), ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/npm-token",
    title: "npm access token",
    description: "An npm access token (npm_…), which can publish packages.",
    severity: "high",
    fix: `Revoke the token with npm token revoke or on npmjs.com, ${ROTATE}.`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/pypi-token",
    title: "PyPI upload token",
    description: "A PyPI or TestPyPI API token (pypi-AgE…), which can upload package releases.",
    severity: "high",
    fix: `Remove the token at pypi.org/manage/account/token, ${ROTATE} (trusted publishing needs no token).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/jwt",
    title: "JSON Web Token",
    description: "A signed JSON Web Token (eyJ….eyJ….…), a bearer credential for the service that issued it.",
    severity: "high",
    fix: `Revoke the session or rotate the signing key of the issuer if the token is still valid, ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/private-key",
    title: "Private key",
    description: "A PEM, OpenSSH, PGP or PuTTY private key block.",
    severity: "critical",
    fix: `Treat the key pair as compromised: revoke/replace it wherever its public key is trusted, remove the block from the file and its git history, ${ROTATE}.`,
    standards: KEY_MATERIAL,
  },
  {
    id: "secrets/database-url",
    title: "Database URL with a password",
    description: "A database or message-broker connection URL (postgres, mysql, mongodb+srv, redis, amqp…) that carries a password.",
    severity: "high",
    fix: `Change the database password, ${ROTATE} (build the URL from DATABASE_URL or separate variables).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/basic-auth-url",
    title: "URL with embedded credentials",
    description: "An http(s), ftp or git URL with user:password@ (or a token) in its authority part.",
    severity: "high",
    fix: `Change the password or revoke the token, ${ROTATE}; for git remotes use a credential helper.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/generic-assignment",
    title: "Hard-coded password, secret or API key",
    description: "A value assigned to a password, secret, token or API-key name that looks like a real credential (length, entropy, character classes).",
    severity: "high",
    fix: `Rotate the credential, ${ROTATE}.`,
    standards: CREDENTIAL,
    heuristic: true,
  },
  {
    id: "secrets/high-entropy-string",
    title: "High-entropy string near credential words",
    description: "A random-looking string on a line that talks about keys, tokens or passwords, without a recognised provider format.",
    severity: "medium",
    fix: `Check whether the string is a credential; if so rotate it and load it from the environment, otherwise suppress with # watchtower: ignore[secrets/high-entropy-string].`,
    standards: CREDENTIAL,
    heuristic: true,
  },
  {
    id: "secrets/replicate-api-token",
    title: "Replicate API token",
    description: "A Replicate API token (r8_…), which runs models on the account's bill.",
    severity: "high",
    fix: `Disable the token at replicate.com/account/api-tokens, ${ROTATE} (REPLICATE_API_TOKEN).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/groq-api-key",
    title: "Groq API key",
    description: "A Groq API key (gsk_…).",
    severity: "high",
    fix: `Delete the key in the Groq console, ${ROTATE} (GROQ_API_KEY).`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/langsmith-api-key",
    title: "LangSmith API key",
    description: "A LangSmith personal access token or service key (lsv2_pt_…, lsv2_sk_…), which reads traces of prompts and outputs.",
    severity: "high",
    fix: `Delete the key in LangSmith settings, ${ROTATE} (LANGSMITH_API_KEY).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/pinecone-api-key",
    title: "Pinecone API key",
    description: "A Pinecone API key (pcsk_…), which reads and writes vector indexes.",
    severity: "high",
    fix: `Delete the key in the Pinecone console, ${ROTATE} (PINECONE_API_KEY).`,
    standards: ML_ASSET,
  },
  {
    id: "secrets/openrouter-api-key",
    title: "OpenRouter API key",
    description: "An OpenRouter API key (sk-or-v1-…).",
    severity: "high",
    fix: `Delete the key at openrouter.ai/settings/keys, ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/perplexity-api-key",
    title: "Perplexity API key",
    description: "A Perplexity API key (pplx-…).",
    severity: "high",
    fix: `Revoke the key in the Perplexity API settings, ${ROTATE}.`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/xai-api-key",
    title: "xAI API key",
    description: "An xAI (Grok) API key (xai-…).",
    severity: "high",
    fix: `Delete the key in the xAI console, ${ROTATE} (XAI_API_KEY).`,
    standards: CREDENTIAL,
  },
  {
    id: "secrets/nvidia-api-key",
    title: "NVIDIA API key",
    description: "An NVIDIA NGC / build.nvidia.com API key (nvapi-…).",
    severity: "high",
    fix: `Revoke the key in the NGC or build.nvidia.com settings, ${ROTATE} (NVIDIA_API_KEY / NGC_API_KEY).`,
    standards: ML_ASSET,
  },
];

export const RULES: readonly RuleMeta[] = SPECS.map((s) => ({
  id: s.id,
  title: s.title,
  description: s.description,
  category: "secrets",
  defaultSeverity: s.severity,
  fix: s.fix,
  docsUrl: docsUrlFor(PACKAGE_FOLDER, s.id),
  since: SINCE,
  standards: s.standards,
  ...(s.heuristic ? { heuristic: true } : {}),
}));

/** Default severity of a rule id (for the engine). */
export const DEFAULT_SEVERITY: ReadonlyMap<RuleId, Severity> = new Map(RULES.map((r) => [r.id, r.defaultSeverity]));
