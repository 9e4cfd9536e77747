/**
 * Recall / precision evaluation over a generated corpus: every credential kind placed in every
 * common way an ML repository holds it (code, .env, YAML, JSON, TOML, Dockerfile, magics, env
 * dumps, printed configs, logs), and lookalikes placed the same ways. The thresholds are the
 * product targets: >= 95 % of secrets at or above their severity, <= 3 % of lookalikes at medium+.
 */
import type { RuleId, Severity } from "@watchtower/types";
import { atLeast } from "@watchtower/types";
import { expect, test } from "vitest";
import type { Input } from "./cases.js";
import { scan } from "./scan.js";
import { ALNUM, B64, fake, HEX, rand } from "./fake.js";

interface Kind {
  name: string;
  /** Variable names people use for it. */
  names: string[];
  severity: Severity;
  rule?: RuleId;
  make: () => string;
}

const KINDS: Kind[] = [
  { name: "aws id", names: ["AWS_ACCESS_KEY_ID", "aws_access_key_id"], severity: "critical", make: () => fake.awsKeyId() },
  { name: "aws secret", names: ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"], severity: "critical", make: () => fake.awsSecret() },
  { name: "gcp api key", names: ["GOOGLE_API_KEY", "GEMINI_API_KEY", "maps_key"], severity: "high", make: () => fake.gcpApiKey() },
  { name: "github classic", names: ["GITHUB_TOKEN", "GH_PAT", "token"], severity: "high", make: () => fake.githubClassic() },
  { name: "github fine-grained", names: ["GH_TOKEN", "github_token"], severity: "high", make: () => fake.githubFineGrained() },
  { name: "gitlab", names: ["GITLAB_TOKEN", "CI_TOKEN"], severity: "high", make: () => fake.gitlabPat() },
  { name: "slack bot", names: ["SLACK_BOT_TOKEN", "slack_token"], severity: "high", make: () => fake.slackBot() },
  { name: "slack webhook", names: ["SLACK_WEBHOOK_URL", "webhook_url"], severity: "high", make: () => fake.slackWebhook() },
  { name: "stripe live", names: ["STRIPE_SECRET_KEY", "stripe_key"], severity: "critical", make: () => fake.stripeLive() },
  { name: "stripe test", names: ["STRIPE_TEST_KEY"], severity: "low", make: () => fake.stripeTest() },
  { name: "openai project", names: ["OPENAI_API_KEY", "openai_key", "api_key"], severity: "high", make: () => fake.openaiProject() },
  { name: "openai legacy", names: ["OPENAI_API_KEY", "OPENAI_KEY"], severity: "high", make: () => fake.openaiLegacyPlain() },
  { name: "anthropic", names: ["ANTHROPIC_API_KEY", "claude_key"], severity: "high", make: () => fake.anthropic() },
  { name: "huggingface", names: ["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN", "hf_token", "token"], severity: "high", make: () => fake.hf() },
  { name: "wandb legacy", names: ["WANDB_API_KEY", "wandb_key"], severity: "high", make: () => fake.wandbLegacy() },
  { name: "wandb v1", names: ["WANDB_API_KEY"], severity: "high", make: () => fake.wandbV1() },
  { name: "kaggle", names: ["KAGGLE_KEY", "kaggle_key"], severity: "high", make: () => fake.kaggleKey() },
  { name: "databricks", names: ["DATABRICKS_TOKEN", "db_token"], severity: "high", make: () => fake.databricks() },
  { name: "twilio api key", names: ["TWILIO_API_KEY", "twilio_key"], severity: "high", make: () => fake.twilioApiKey() },
  { name: "twilio auth token", names: ["TWILIO_AUTH_TOKEN", "twilio_auth_token"], severity: "high", make: () => fake.twilioAuthToken() },
  { name: "sendgrid", names: ["SENDGRID_API_KEY", "sg_key"], severity: "high", make: () => fake.sendgrid() },
  { name: "npm", names: ["NPM_TOKEN"], severity: "high", make: () => fake.npm() },
  { name: "pypi", names: ["PYPI_TOKEN", "TWINE_PASSWORD"], severity: "high", make: () => fake.pypi() },
  { name: "jwt", names: ["ACCESS_TOKEN", "jwt", "id_token"], severity: "high", make: () => fake.jwt() },
  { name: "azure ad secret", names: ["AZURE_CLIENT_SECRET", "client_secret"], severity: "high", make: () => fake.azureAdSecret() },
  { name: "db password", names: ["DB_PASSWORD", "POSTGRES_PASSWORD", "password", "MYSQL_PWD"], severity: "high", make: () => fake.password() },
  { name: "cohere", names: ["COHERE_API_KEY", "CO_API_KEY"], severity: "high", make: () => rand(ALNUM, 40) },
  { name: "mistral", names: ["MISTRAL_API_KEY"], severity: "high", make: () => rand(ALNUM, 32) },
  { name: "azure openai", names: ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_KEY"], severity: "high", make: () => rand(HEX, 32) },
  { name: "serpapi", names: ["SERPAPI_API_KEY"], severity: "high", make: () => rand(HEX, 64) },
  { name: "comet", names: ["COMET_API_KEY"], severity: "high", make: () => rand(ALNUM, 25) },
  { name: "generic secret", names: ["SECRET_KEY", "JWT_SECRET", "app_secret", "CLIENT_SECRET"], severity: "high", make: () => rand(B64, 44) },
  { name: "generic token", names: ["API_TOKEN", "auth_token", "access_token", "BEARER_TOKEN"], severity: "high", make: () => rand(ALNUM, 36) },
];

type Place = (name: string, value: string) => Input;

const lower = (n: string): string => n.toLowerCase();
const PLACES: Record<string, Place> = {
  "py assign": (n, v) => ({ path: "src/settings.py", text: `import os\n\n${n} = "${v}"\nMODEL = "gpt-4o"\n` }),
  "py environ": (n, v) => ({ path: "train.py", text: `os.environ["${n}"] = "${v}"\n` }),
  "py dict": (n, v) => ({ path: "config.py", text: `CONFIG = {\n    "${lower(n)}": "${v}",\n    "lr": 3e-4,\n}\n` }),
  "py kwarg": (n, v) => ({ path: "client.py", text: `client = make_client(${lower(n)}="${v}", timeout=30)\n` }),
  ".env": (n, v) => ({ path: ".env", text: `# local settings\n${n}=${v}\nDEBUG=1\n` }),
  ".env quoted": (n, v) => ({ path: "deploy/.env.production", text: `${n}="${v}"\n` }),
  "shell export": (n, v) => ({ path: "scripts/train.sh", text: `#!/bin/bash\nexport ${n}=${v}\npython train.py --epochs 3\n` }),
  yaml: (n, v) => ({ path: "configs/service.yaml", text: `service:\n  name: trainer\n  ${lower(n)}: ${v}\n  replicas: 2\n` }),
  "yaml quoted": (n, v) => ({ path: "configs/app.yml", text: `${lower(n)}: "${v}"\n` }),
  json: (n, v) => ({ path: "config/settings.json", text: JSON.stringify({ project: "llm", [lower(n)]: v, epochs: 3 }, null, 2) }),
  toml: (n, v) => ({ path: "pyproject.toml", text: `[tool.app]\n${lower(n)} = "${v}"\n` }),
  ini: (n, v) => ({ path: "setup.cfg", text: `[service]\n${lower(n)} = ${v}\n` }),
  dockerfile: (n, v) => ({ path: "Dockerfile", text: `FROM python:3.11-slim\nENV ${n}=${v}\nCMD ["python", "serve.py"]\n` }),
  "k8s stringData": (n, v) => ({ path: "k8s/secret.yaml", text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  ${n}: ${v}\n` }),
  "%env magic": (n, v) => ({ cells: [{ source: `%env ${n}=${v}\nimport os` }] }),
  "!env output": (n, v) => ({ cells: [{ source: "!env | sort", outputs: [`HOME=/root\nHOSTNAME=a1b2c3\n${n}=${v}\nLANG=C.UTF-8\nPATH=/usr/local/bin:/usr/bin\n`] }] }),
  "os.environ repr": (n, v) => ({ cells: [{ source: "os.environ", outputs: [{ text: `environ({'HOME': '/root', '${n}': '${v}', 'PYTHONPATH': '/env/python'})` }] }] }),
  "print(config)": (n, v) => ({ cells: [{ source: "print(config)", outputs: [`{'model': 'llama-3-8b', '${lower(n)}': '${v}', 'batch_size': 8}`] }] }),
  "cat .env output": (n, v) => ({ cells: [{ source: "!cat .env", outputs: [`${n}=${v}\nLOG_LEVEL=info\n`] }] }),
  "json output": (n, v) => ({ cells: [{ source: "settings", outputs: [{ mimeType: "application/json", text: JSON.stringify({ [lower(n)]: v, region: "us-east-1" }, null, 1) }] }] }),
};

interface Lookalike {
  name: string;
  names: string[];
  make: () => string;
}

const uuid = (): string => `${rand(HEX, 8)}-${rand(HEX, 4)}-4${rand(HEX, 3)}-8${rand(HEX, 3)}-${rand(HEX, 12)}`;
const LOOKS: Lookalike[] = [
  { name: "run id", names: ["RUN_ID", "run_id", "mlflow_run_id"], make: () => rand(HEX, 32) },
  { name: "git sha", names: ["GIT_COMMIT", "commit_sha", "revision"], make: () => rand(HEX, 40) },
  { name: "sha256", names: ["MODEL_SHA256", "checksum", "digest"], make: () => rand(HEX, 64) },
  { name: "md5", names: ["md5", "etag", "ETag"], make: () => rand(HEX, 32) },
  { name: "uuid", names: ["session_id", "request_id", "trace_id", "experiment_id"], make: uuid },
  { name: "gpu uuid", names: ["CUDA_VISIBLE_DEVICES", "gpu"], make: () => `GPU-${uuid()}` },
  { name: "chat id", names: ["completion_id", "id"], make: () => `chatcmpl-${rand(ALNUM, 29)}` },
  { name: "stripe object", names: ["payment_intent", "customer"], make: () => `pi_3${rand(ALNUM, 23)}` },
  { name: "placeholder api key", names: ["OPENAI_API_KEY", "api_key", "API_TOKEN"], make: () => "your-api-key-here" },
  { name: "placeholder hf", names: ["HF_TOKEN", "hf_token"], make: () => "hf_" + "x".repeat(34) },
  { name: "masked openai", names: ["OPENAI_API_KEY"], make: () => "sk-proj-" + "*".repeat(20) + rand(ALNUM, 4) },
  { name: "masked generic", names: ["password", "DB_PASSWORD", "api_key"], make: () => "********" },
  { name: "template", names: ["DB_PASSWORD", "API_KEY", "token"], make: () => "${SECRET_FROM_VAULT}" },
  { name: "jinja", names: ["password", "api_key"], make: () => "{{ vault_api_key }}" },
  { name: "changeme", names: ["SECRET_KEY", "password"], make: () => "changeme" },
  { name: "env var name", names: ["API_KEY_ENV", "TOKEN_VAR", "SECRET_NAME"], make: () => "OPENAI_API_KEY" },
  { name: "header name", names: ["API_KEY_HEADER", "AUTH_HEADER"], make: () => "X-API-Key" },
  { name: "field name", names: ["password_field", "token_param"], make: () => "password" },
  { name: "secret path", names: ["SECRET_PATH", "credentials_file", "KEY_FILE"], make: () => "/var/run/secrets/sa.json" },
  { name: "public key", names: ["PUBLIC_KEY", "ssh_public_key"], make: () => "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rand(B64, 43) },
  { name: "publishable key", names: ["STRIPE_PUBLISHABLE_KEY"], make: () => "pk_live_" + rand(ALNUM, 40) },
  { name: "model name", names: ["model_key", "MODEL", "tokenizer_name"], make: () => "meta-llama/Llama-3.1-8B-Instruct" },
  { name: "special token", names: ["pad_token", "eos_token", "bos_token"], make: () => "<|end_of_text|>" },
  { name: "number", names: ["max_tokens", "token_limit", "key_dim"], make: () => String(4096) },
  { name: "widget id", names: ["model_id", "IPY_MODEL"], make: () => rand(HEX, 32) },
  { name: "aws example", names: ["AWS_ACCESS_KEY_ID"], make: () => "AKIAIOSFODNN7EXAMPLE" },
  { name: "aws example secret", names: ["AWS_SECRET_ACCESS_KEY"], make: () => "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  { name: "empty", names: ["PASSWORD", "API_KEY"], make: () => "" },
  { name: "boolean", names: ["use_auth_token", "PASSWORD_AUTH"], make: () => "true" },
  { name: "gpg key fingerprint", names: ["GPG_KEY"], make: () => rand(HEX, 40).toUpperCase() },
  { name: "image", names: ["logo", "thumbnail"], make: () => "data:image/png;base64,iVBORw0KGgo" + rand(B64, 200) },
  { name: "wandb run path", names: ["WANDB_RUN", "run_path"], make: () => `acme/llm/${rand("abcdefghijklmnopqrstuvwxyz0123456789", 8)}` },
  { name: "localhost url", names: ["DATABASE_URL", "MLFLOW_TRACKING_URI"], make: () => "postgresql://localhost:5432/mlflow" },
  { name: "default compose pw", names: ["POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD"], make: () => "postgres" },
];

test("generated corpus: recall >= 95 % at expected severity, lookalikes at medium+ <= 3 %", { timeout: 120_000 }, async () => {
  let secrets = 0;
  let found = 0;
  const misses: string[] = [];
  for (const kind of KINDS) {
    for (const [place, build] of Object.entries(PLACES)) {
      for (const name of kind.names) {
        const value = kind.make();
        secrets++;
        const reports = await scan(build(name, value));
        const hit = reports.some((r) => atLeast(r.severity, kind.severity) && (value.includes(r.secret) || r.secret.includes(value)) && r.secret.length >= Math.min(8, value.length));
        if (hit) found++;
        else misses.push(`${kind.name} / ${place} / ${name} [${value.slice(0, 60)}]: ${reports.map((r) => `${r.rule}:${r.severity}`).join(",") || "nothing"}`);
      }
    }
  }
  let looks = 0;
  let flagged = 0;
  const fps: string[] = [];
  for (const look of LOOKS) {
    for (const [place, build] of Object.entries(PLACES)) {
      for (const name of look.names) {
        looks++;
        const reports = (await scan(build(name, look.make()))).filter((r) => atLeast(r.severity, "medium"));
        if (reports.length > 0) {
          flagged++;
          fps.push(`${look.name} / ${place} / ${name}: ${reports.map((r) => `${r.rule}:${r.severity}:${r.secret.slice(0, 24)}`).join(",")}`);
        }
      }
    }
  }
  const recall = found / secrets;
  const fpRate = flagged / looks;
  console.log(`eval: recall ${(recall * 100).toFixed(1)} % (${found}/${secrets}), lookalikes at medium+ ${(fpRate * 100).toFixed(2)} % (${flagged}/${looks})`);
  if (misses.length > 0) console.log("misses:\n  " + misses.join("\n  "));
  if (fps.length > 0) console.log("lookalikes flagged:\n  " + fps.join("\n  "));
  expect(recall).toBeGreaterThanOrEqual(0.95);
  expect(fpRate).toBeLessThanOrEqual(0.03);
});
