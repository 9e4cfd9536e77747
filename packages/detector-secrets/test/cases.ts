/**
 * Fixture cases, one family per block: `ng` cases must report exactly the listed credentials
 * (rule, severity, exact span); `ok` cases are hard negatives and must report nothing at medium
 * or above. Inputs are built at test time from test/fake.ts so no live-looking secret is committed.
 */
import type { RuleId, Severity } from "@watchtower/types";
import type { CellSpec } from "@watchtower/tester";
import { fake, HEX, rand } from "./fake.js";

export interface Expect {
  rule: RuleId;
  severity: Severity;
  secret: string;
}

export type Input = { path?: string; text: string } | { path?: string; cells: CellSpec[]; metadataText?: string };

export interface Case {
  family: string;
  kind: "ng" | "ok";
  name: string;
  build: () => { input: Input; expect: Expect[] };
}

const cases: Case[] = [];
/** The gcloud SDK's public OAuth client secret (split so this file is clean under secret scanners). */
const GCLOUD_CLIENT_SECRET = ["d-FL95Q19q7", "MQmFpd7hHD0Ty"].join("");
const e = (rule: RuleId, severity: Severity, secret: string): Expect => ({ rule, severity, secret });

function ng(family: string, name: string, build: () => { input: Input; expect: Expect[] }): void {
  cases.push({ family, kind: "ng", name, build });
}
function ok(family: string, name: string, input: () => Input): void {
  cases.push({ family, kind: "ok", name, build: () => ({ input: input(), expect: [] }) });
}
const text = (path: string, t: string): Input => ({ path, text: t });

// ------------------------------------------------------------------------------------------ AWS
ng("aws", "credentials file printed by !cat", () => {
  const id = fake.awsKeyId();
  const secret = fake.awsSecret();
  const tok = fake.awsSessionToken();
  return {
    input: {
      cells: [
        {
          source: "!cat ~/.aws/credentials",
          outputs: [`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\naws_session_token = ${tok}\nregion = us-east-1\n`],
        },
      ],
    },
    expect: [
      e("secrets/aws-access-key-id", "critical", id),
      e("secrets/aws-secret-access-key", "critical", secret),
      e("secrets/aws-session-token", "high", tok),
    ],
  };
});
ng("aws", "boto3 client with literal keys", () => {
  const id = fake.awsKeyId("ASIA");
  const secret = fake.awsSecret();
  return {
    input: text("train.py", `s3 = boto3.client("s3", aws_access_key_id="${id}", aws_secret_access_key="${secret}")\n`),
    expect: [e("secrets/aws-access-key-id", "critical", id), e("secrets/aws-secret-access-key", "critical", secret)],
  };
});
ng("aws", "console credentials.csv", () => {
  const id = fake.awsKeyId();
  const secret = fake.awsSecret();
  return {
    input: text("keys/credentials.csv", `User name,Access key ID,Secret access key\nml-bot,${id},${secret}\n`),
    expect: [e("secrets/aws-access-key-id", "critical", id), e("secrets/aws-secret-access-key", "critical", secret)],
  };
});
ng("aws", "sts JSON and secret_key next to an id", () => {
  const id = fake.awsKeyId("ASIA");
  const secret = fake.awsSecret();
  const secret2 = fake.awsSecret();
  return {
    input: text(
      "out.json",
      `{"Credentials": {"AccessKeyId": "${id}", "SecretAccessKey": "${secret}"}}\nminio = Minio("s3.amazonaws.com", access_key=KEY, secret_key="${secret2}")\n`,
    ),
    expect: [
      e("secrets/aws-access-key-id", "critical", id),
      e("secrets/aws-secret-access-key", "critical", secret),
      e("secrets/aws-secret-access-key", "critical", secret2),
    ],
  };
});
ng("aws", "bedrock key in .env", () => {
  const k = fake.bedrock();
  return { input: text(".env", `AWS_BEARER_TOKEN_BEDROCK=${k}\n`), expect: [e("secrets/aws-bedrock-api-key", "high", k)] };
});
ok("aws", "documented example keys and env reads", () =>
  text(
    "docs/setup.md",
    [
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
      "aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']",
      'aws_secret_access_key_sha1 = "3f786850e387550fdab836ed7e6dc881de23001b"',
      "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}",
      "aws_secret_access_key = <your-secret-key>",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ Google
ng("gcp", "service-account JSON file", () => {
  const pem = fake.pem("PRIVATE KEY", 20, "\\n");
  const json = JSON.stringify(
    {
      type: "service_account",
      project_id: "ml-prod-1234",
      private_key_id: rand(HEX, 40),
      private_key: "PLACEHOLDER",
      client_email: "trainer@ml-prod-1234.iam.gserviceaccount.com",
    },
    null,
    2,
  ).replace('"PLACEHOLDER"', `"${pem}\\n"`);
  return { input: text("keys/sa.json", json), expect: [e("secrets/gcp-service-account", "critical", pem)] };
});
ng("gcp", "service-account dict printed in a notebook output (Python repr)", () => {
  const pem = fake.pem("PRIVATE KEY", 20, "\\n");
  const out = `{'type': 'service_account', 'project_id': 'p', 'private_key_id': '${rand(HEX, 40)}', 'private_key': '${pem}\\n', 'client_email': 'x@p.iam.gserviceaccount.com'}`;
  return {
    input: { cells: [{ source: "print(creds_info)", outputs: [out] }] },
    expect: [e("secrets/gcp-service-account", "critical", pem)],
  };
});
ng("gcp", "base64 service-account key in an environment variable", () => {
  const json = JSON.stringify({ type: "service_account", project_id: "p", private_key: fake.pem("PRIVATE KEY", 16, "\n") });
  const b64 = btoa(json);
  return { input: text("deploy/.env", `GCP_CREDENTIALS_JSON=${b64}\n`), expect: [e("secrets/gcp-service-account", "critical", b64)] };
});
ng("gcp", "API key and OAuth secrets", () => {
  const k = fake.gcpApiKey();
  const s = fake.gcpOauthSecret();
  const t = fake.gcpAccessToken();
  return {
    input: text("app.py", `genai.configure(api_key="${k}")\nCLIENT_SECRET = "${s}"\n# token: ${t}\n`),
    expect: [e("secrets/gcp-api-key", "high", k), e("secrets/gcp-oauth-credential", "high", s), e("secrets/gcp-oauth-credential", "high", t)],
  };
});
ok("gcp", "service-account JSON without a key, ids and env reads", () =>
  text(
    "notebook.py",
    [
      'info = {"type": "service_account", "project_id": "p", "private_key_id": "' + rand(HEX, 40) + '", "client_email": "a@p.iam.gserviceaccount.com"}',
      'creds = service_account.Credentials.from_service_account_file(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])',
      'GOOGLE_API_KEY = userdata.get("GOOGLE_API_KEY")',
      'api_key = "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
      '"private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"',
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ Azure
ng("azure", "storage connection string, SAS URL, shared access key", () => {
  const key = fake.azureAccountKey();
  const sig = fake.azureSasSig();
  const sak = fake.azureSharedAccessKey();
  return {
    input: text(
      "config/azure.yaml",
      [
        `connection_string: "DefaultEndpointsProtocol=https;AccountName=mldata;AccountKey=${key};EndpointSuffix=core.windows.net"`,
        `sas_url: https://mldata.blob.core.windows.net/train?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&sig=${sig}`,
        `eventhub: Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sak}`,
      ].join("\n"),
    ),
    expect: [
      e("secrets/azure-storage-key", "critical", key),
      e("secrets/azure-storage-key", "high", sig),
      e("secrets/azure-storage-key", "high", sak),
    ],
  };
});
ng("azure", "account key passed as credential and an Entra ID client secret", () => {
  const key = fake.azureAccountKey();
  const ad = fake.azureAdSecret();
  return {
    input: text(
      "upload.py",
      `client = BlobServiceClient(\n    account_url="https://mldata.blob.core.windows.net",\n    credential="${key}",\n)\nAZURE_CLIENT_SECRET = "${ad}"\n`,
    ),
    expect: [e("secrets/azure-storage-key", "critical", key), e("secrets/azure-ad-client-secret", "high", ad)],
  };
});
ok("azure", "connection string placeholders", () =>
  text(
    "README.md",
    [
      "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net",
      "sas = container_url + '?' + sas_token",
      "credential = DefaultAzureCredential()",
      "UseDevelopmentStorage=true",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ GitHub / GitLab
ng("vcs", "git remote -v with token URLs", () => {
  const gh = fake.githubClassic();
  const gl = fake.gitlabPat();
  return {
    input: {
      cells: [
        {
          source: "!git remote -v",
          outputs: [`origin\thttps://${gh}@github.com/acme/llm-finetune.git (fetch)\norigin\thttps://oauth2:${gl}@gitlab.com/acme/data.git (push)\n`],
        },
      ],
    },
    expect: [e("secrets/github-token", "high", gh), e("secrets/gitlab-token", "high", gl)],
  };
});
ng("vcs", "fine-grained, OAuth and app tokens; GitLab deploy token", () => {
  const a = fake.githubFineGrained();
  const b = fake.githubOauth();
  const c = fake.githubApp();
  const d = fake.gitlabDeploy();
  return {
    input: text(".github/scripts/env.sh", `export GH_TOKEN=${a}\nGITHUB_OAUTH=${b}\nINSTALL_TOKEN="${c}"\nGITLAB_DEPLOY=${d}\n`),
    expect: [
      e("secrets/github-token", "high", a),
      e("secrets/github-token", "high", b),
      e("secrets/github-token", "high", c),
      e("secrets/gitlab-token", "high", d),
    ],
  };
});
ok("vcs", "placeholders and GitHub Actions expressions", () =>
  text(
    "ci.yml",
    [
      "token: ${{ secrets.GITHUB_TOKEN }}",
      "GH_TOKEN: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "git clone https://${GITHUB_TOKEN}@github.com/acme/repo.git",
      "git clone https://oauth2:$CI_JOB_TOKEN@gitlab.com/acme/repo.git",
      "export GITLAB_TOKEN=glpat-<your token>",
      "repo: git@github.com:acme/repo.git",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ Slack
ng("slack", "bot, user and app tokens and a webhook", () => {
  const bot = fake.slackBot();
  const user = fake.slackUser();
  const app = fake.slackApp();
  const hook = fake.slackWebhook();
  return {
    input: text(
      "notify.py",
      `SLACK_BOT_TOKEN = "${bot}"\nclient = WebClient(token="${user}")\nSLACK_APP_TOKEN = "${app}"\nrequests.post("${hook}", json={"text": "training done"})\n`,
    ),
    expect: [
      e("secrets/slack-token", "high", bot),
      e("secrets/slack-token", "high", user),
      e("secrets/slack-token", "high", app),
      e("secrets/slack-webhook", "high", hook),
    ],
  };
});
ok("slack", "documented and placeholder webhooks and tokens", () =>
  text(
    "docs/slack.md",
    [
      "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      'SLACK_BOT_TOKEN = "xoxb-your-bot-token"',
      'token = os.environ["SLACK_BOT_TOKEN"]',
      "webhook: https://hooks.slack.com/services/...",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ Payments & messaging
ng("payments", "Stripe live and test keys, Twilio, SendGrid", () => {
  const live = fake.stripeLive();
  const rk = fake.stripeRestricted();
  const test = fake.stripeTest();
  const sk = fake.twilioApiKey();
  const sid = fake.twilioAccountSid();
  const auth = fake.twilioAuthToken();
  const sg = fake.sendgrid();
  return {
    input: text(
      "billing/settings.py",
      [
        `STRIPE_SECRET_KEY = "${live}"`,
        `STRIPE_RESTRICTED = "${rk}"`,
        `stripe.api_key = "${test}"`,
        `TWILIO_API_KEY = "${sk}"`,
        `TWILIO_ACCOUNT_SID = "${sid}"`,
        `TWILIO_AUTH_TOKEN = "${auth}"`,
        `sg = SendGridAPIClient("${sg}")`,
      ].join("\n"),
    ),
    expect: [
      e("secrets/stripe-live-key", "critical", live),
      e("secrets/stripe-live-key", "critical", rk),
      e("secrets/stripe-test-key", "low", test),
      e("secrets/twilio", "high", sk),
      e("secrets/twilio", "high", auth),
      e("secrets/sendgrid-api-key", "high", sg),
    ],
  };
});
ng("payments", "Twilio client with positional credentials", () => {
  const sid = fake.twilioAccountSid();
  const auth = fake.twilioAuthToken();
  return { input: text("sms.py", `from twilio.rest import Client\nclient = Client("${sid}", "${auth}")\n`), expect: [e("secrets/twilio", "high", auth)] };
});
ok("payments", "publishable keys, object ids and client secrets of payment objects", () =>
  text(
    "checkout.ipynb.txt",
    [
      'STRIPE_PUBLISHABLE_KEY = "pk_live_' + rand("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24) + '"',
      "PaymentIntent(id='pi_3MtwBwLkdIwHu7ix28a3tqPa', client_secret='pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH')",
      "stripe.api_key = os.getenv('STRIPE_SECRET_KEY')",
      "TWILIO_ACCOUNT_SID = 'AC" + rand(HEX, 32) + "'",
      "sk_live_...4242",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ AI providers
ng("ai", "OpenAI, Anthropic and Hugging Face keys in a notebook", () => {
  const oa = fake.openaiProject();
  const legacy = fake.openaiLegacy();
  const an = fake.anthropic();
  const hf = fake.hf();
  const org = fake.hfOrg();
  return {
    input: {
      cells: [
        { source: `import openai\nclient = OpenAI(api_key="${oa}")` },
        { source: `os.environ["OPENAI_API_KEY"] = "${legacy}"\nclient = anthropic.Anthropic(api_key='${an}')` },
        { source: `!huggingface-cli login --token ${hf}`, outputs: ["Token is valid (permission: write).\nLogin successful"] },
        { source: `HF_ORG_TOKEN = "${org}"` },
      ],
    },
    expect: [
      e("secrets/openai-api-key", "high", oa),
      e("secrets/openai-api-key", "high", legacy),
      e("secrets/anthropic-api-key", "high", an),
      e("secrets/huggingface-token", "high", hf),
      e("secrets/huggingface-token", "high", org),
    ],
  };
});
ng("ai", "plain legacy OpenAI key and other model APIs", () => {
  const plain = fake.openaiLegacyPlain();
  const keys = {
    r8: fake.replicate(),
    groq: fake.groq(),
    ls: fake.langsmith(),
    pc: fake.pinecone(),
    or: fake.openrouter(),
    pplx: fake.perplexity(),
    xai: fake.xai(),
    nv: fake.nvidia(),
  };
  return {
    input: text(
      ".env",
      [
        `OPENAI_API_KEY=${plain}`,
        `REPLICATE_API_TOKEN=${keys.r8}`,
        `GROQ_API_KEY=${keys.groq}`,
        `LANGSMITH_API_KEY=${keys.ls}`,
        `PINECONE_API_KEY=${keys.pc}`,
        `OPENROUTER_API_KEY=${keys.or}`,
        `PPLX_API_KEY=${keys.pplx}`,
        `XAI_API_KEY=${keys.xai}`,
        `NVIDIA_API_KEY=${keys.nv}`,
      ].join("\n"),
    ),
    expect: [
      e("secrets/openai-api-key", "high", plain),
      e("secrets/replicate-api-token", "high", keys.r8),
      e("secrets/groq-api-key", "high", keys.groq),
      e("secrets/langsmith-api-key", "high", keys.ls),
      e("secrets/pinecone-api-key", "high", keys.pc),
      e("secrets/openrouter-api-key", "high", keys.or),
      e("secrets/perplexity-api-key", "high", keys.pplx),
      e("secrets/xai-api-key", "high", keys.xai),
      e("secrets/nvidia-api-key", "high", keys.nv),
    ],
  };
});
ok("ai", "placeholders, masks, env reads and chat object ids", () => ({
  path: "chat.ipynb",
  cells: [
    { source: 'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nkey = getpass("OpenAI key: ")' },
    { source: 'from google.colab import userdata\nHF_TOKEN = userdata.get("HF_TOKEN")\nlogin(token=HF_TOKEN)' },
    { source: 'OPENAI_API_KEY = "sk-..."\nANTHROPIC_API_KEY = "sk-ant-xxxxxxxx"\nhf_token = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\napi_key="sk-proj-************************abcd"' },
    {
      source: "resp = client.chat.completions.create(model='gpt-4o', messages=msgs)\nresp",
      outputs: [
        {
          text: "ChatCompletion(id='chatcmpl-9xYzAbCdEfGhIjKlMnOpQrStUvWx', choices=[Choice(finish_reason='stop', index=0, message=ChatCompletionMessage(content='Hi', role='assistant'))], created=1718000000, model='gpt-4o-2024-05-13', object='chat.completion', system_fingerprint='fp_3aa7262c27', usage=CompletionUsage(completion_tokens=9, prompt_tokens=20, total_tokens=29))",
        },
        { text: "Message(id='msg_01XFDUDYJgAACzvnptvVoYEL', content=[TextBlock(text='Hello', type='text')], model='claude-3-5-sonnet-20241022', role='assistant', stop_reason='end_turn', usage=Usage(input_tokens=10, output_tokens=25))" },
      ],
    },
    { source: "tokenizer = AutoTokenizer.from_pretrained('meta-llama/Llama-2-7b-hf', token=True)\ntokenizer.pad_token = tokenizer.eos_token\nhf_hub_download(repo_id='bert-base-uncased', filename='config.json')" },
  ],
}));

// ------------------------------------------------------------------------------------------ ML platforms
ng("ml", "W&B keys: env, login call, netrc, new format", () => {
  const a = fake.wandbLegacy();
  const b = fake.wandbLegacy();
  const c = fake.wandbLegacy();
  const d = fake.wandbV1();
  return {
    input: {
      cells: [
        { source: `import wandb\nwandb.login(key="${a}")` },
        { source: `%env WANDB_API_KEY=${d}` },
        { source: "!cat ~/.netrc", outputs: [`machine api.wandb.ai\n  login user\n  password ${b}\n`] },
        { source: `!wandb login ${c}` },
      ],
    },
    expect: [
      e("secrets/wandb-api-key", "high", a),
      e("secrets/wandb-api-key", "high", d),
      e("secrets/wandb-api-key", "high", b),
      e("secrets/wandb-api-key", "high", c),
    ],
  };
});
ng("ml", "kaggle.json, KAGGLE_KEY and Databricks tokens", () => {
  const k = fake.kaggleKey();
  const k2 = fake.kaggleKey();
  const kt = fake.kaggleToken();
  const db = fake.databricks();
  return {
    input: {
      cells: [
        { source: `!mkdir -p ~/.kaggle\n!echo '{"username":"jdoe","key":"${k}"}' > ~/.kaggle/kaggle.json` },
        { source: `os.environ['KAGGLE_USERNAME'] = 'jdoe'\nos.environ['KAGGLE_KEY'] = '${k2}'\nKAGGLE_API_TOKEN = "${kt}"` },
        { source: `w = WorkspaceClient(host="https://adb-123.azuredatabricks.net", token="${db}")` },
      ],
    },
    expect: [
      e("secrets/kaggle-key", "high", k),
      e("secrets/kaggle-key", "high", k2),
      e("secrets/kaggle-key", "high", kt),
      e("secrets/databricks-token", "high", db),
    ],
  };
});
ng("ml", "kaggle.json file on its own", () => {
  const k = fake.kaggleKey();
  return { input: text("kaggle.json", `{\n  "username": "jdoe",\n  "key": "${k}"\n}\n`), expect: [e("secrets/kaggle-key", "high", k)] };
});
ok("ml", "run ids, git SHAs in W&B metadata, MLflow and widget ids", () => ({
  path: "train.ipynb",
  cells: [
    {
      source: "wandb.init(project='llm')",
      outputs: [
        "wandb: Currently logged in as: jdoe. Use `wandb login --relogin` to force relogin\nwandb: Tracking run with wandb version 0.17.0\nwandb: Run data is saved locally in /content/wandb/run-20240611_101010-3h2k1l9x\nwandb: 🚀 View run at https://wandb.ai/jdoe/llm/runs/3h2k1l9x\nwandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc",
      ],
    },
    { source: `# wandb metadata\ngit = {"commit": "${rand(HEX, 40)}", "remote": "https://github.com/acme/llm.git"}` },
    { source: "mlflow.start_run()", outputs: [`run_id: ${rand(HEX, 32)}\nartifact_uri: s3://mlflow/0/${rand(HEX, 32)}/artifacts`] },
    { source: "api.dataset_download_files('jdoe/titanic')\nkaggle_key = os.environ['KAGGLE_KEY']\nDATABRICKS_TOKEN = dbutils.secrets.get(scope='ml', key='token')" },
  ],
  metadataText: JSON.stringify({ widgets: { "application/vnd.jupyter.widget-state+json": { state: { [rand(HEX, 32)]: { model_name: "HBoxModel", model_module_version: "1.5.0" } }, version_major: 2 } } }),
}));

// ------------------------------------------------------------------------------------------ Registries
ng("registries", "npm and PyPI tokens in rc files", () => {
  const npm = fake.npm();
  const pypi = fake.pypi();
  return {
    input: text(".pypirc", `[pypi]\nusername = __token__\npassword = ${pypi}\n\n# .npmrc\n//registry.npmjs.org/:_authToken=${npm}\n`),
    expect: [e("secrets/pypi-token", "high", pypi), e("secrets/npm-token", "high", npm)],
  };
});
ok("registries", "token references", () =>
  text(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n[pypi]\nusername = __token__\npassword = <your PyPI token>\nTWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}\n"),
);

// ------------------------------------------------------------------------------------------ JWT
ng("jwt", "bearer JWT in a request and a service-role key", () => {
  const t = fake.jwt();
  const sr = fake.jwt({ iss: "supabase", ref: "abcd", role: "service_role", iat: 1700000000, exp: 2000000000 });
  return {
    input: text("client.py", `headers = {"Authorization": "Bearer ${t}"}\nSUPABASE_SERVICE_KEY = "${sr}"\n`),
    expect: [e("secrets/jwt", "high", t), e("secrets/jwt", "critical", sr)],
  };
});
ok("jwt", "jwt.io sample, anon key and truncated tokens", () => {
  const sample = fake.jwt({ sub: "1234567890", name: "John Doe", iat: 1516239022 });
  const anon = fake.jwt({ iss: "supabase", role: "anon", iat: 1700000000 });
  return text("docs/auth.md", `Example: ${sample}\nSUPABASE_ANON_KEY=${anon}\ntoken = "eyJhbGciOiJIUzI1NiJ9..."\n`);
});

// ------------------------------------------------------------------------------------------ Private keys
ng("keys", "PEM, OpenSSH and encrypted keys", () => {
  const rsa = fake.pem("RSA PRIVATE KEY");
  const ssh = fake.opensshKey();
  const enc = fake.opensshKey("aes256-ctr");
  const p8 = fake.pem("ENCRYPTED PRIVATE KEY");
  return {
    input: text("deploy/keys.txt", `${rsa}\n\n${ssh}\n\n${enc}\n\n${p8}\n`),
    expect: [
      e("secrets/private-key", "critical", rsa),
      e("secrets/private-key", "critical", ssh),
      e("secrets/private-key", "high", enc),
      e("secrets/private-key", "high", p8),
    ],
  };
});
ng("keys", "JSON-escaped key in a notebook source string and a cut-off key in an output", () => {
  const escaped = fake.pem("EC PRIVATE KEY", 4, "\\n");
  const full = fake.pem("PRIVATE KEY", 10);
  const cut = full.slice(0, full.indexOf("-----END") - 70).trimEnd();
  return {
    input: {
      cells: [{ source: `KEY = "${escaped}"` }, { source: "!head -5 ~/.ssh/id_rsa", outputs: [cut + "\n"] }],
    },
    expect: [e("secrets/private-key", "critical", escaped), e("secrets/private-key", "high", cut)],
  };
});
ok("keys", "public keys, certificates and placeholder blocks", () =>
  text(
    "certs/README.md",
    [
      fake.pem("PUBLIC KEY"),
      fake.pem("CERTIFICATE"),
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 43) + " jdoe@laptop",
      "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----",
      'if line.startswith("-----BEGIN OPENSSH PRIVATE KEY-----"):',
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ URLs
ng("urls", "database URLs in a traceback and a compose file", () => {
  const pw = fake.password();
  const pw2 = rand("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16);
  const pw3 = fake.password();
  return {
    input: {
      cells: [
        {
          source: "engine = create_engine(DB_URL)\nengine.connect()",
          outputs: [
            {
              outputType: "error",
              text: `OperationalError                          Traceback (most recent call last)\n----> 2 engine.connect()\nOperationalError: (psycopg2.OperationalError) could not connect to server\n(Background on this error at: https://sqlalche.me/e/14/e3q8)\nURL: postgresql+psycopg2://ml_user:${pw}@10.0.3.7:5432/features`,
            },
          ],
        },
        { source: `MONGO_URI = "mongodb+srv://app:${pw2}@cluster0.ab1cd.mongodb.net/?retryWrites=true"\nr = redis.from_url("redis://:${pw3}@cache:6379/0")` },
      ],
    },
    expect: [e("secrets/database-url", "high", pw), e("secrets/database-url", "high", pw2), e("secrets/database-url", "high", pw3)],
  };
});
ng("urls", "basic-auth URLs and default passwords", () => {
  const pw = fake.password();
  const tok = rand(HEX, 40);
  return {
    input: text(
      "scripts/fetch.sh",
      `pip install --extra-index-url https://ci:${pw}@pypi.internal.example.org/simple torch\ngit clone https://${tok}@github.com/acme/private.git\nBROKER_URL=amqp://guest:guest@localhost:5672//\n`,
    ),
    expect: [e("secrets/basic-auth-url", "high", pw), e("secrets/basic-auth-url", "high", tok), e("secrets/database-url", "low", "guest")],
  };
});
ok("urls", "placeholders and templated URLs", () =>
  text(
    "docs/db.md",
    [
      "DATABASE_URL=postgresql://user:password@localhost:5432/db",
      'url = f"postgresql://{user}:{password}@{host}:{port}/{db}"',
      "MONGO_URI=mongodb+srv://<username>:<password>@cluster0.mongodb.net",
      "redis://:${REDIS_PASSWORD}@redis:6379",
      "mysql://root:****@db/app",
      "https://user:pass@example.com/",
      "postgresql://%s:%s@%s/%s",
      "ssh://git@github.com/acme/repo.git",
      "https://huggingface.co/bert-base-uncased/resolve/main/config.json",
    ].join("\n"),
  ),
);

// ------------------------------------------------------------------------------------------ Generic assignments
ng("generic", "passwords and API keys under generic names", () => {
  const p1 = fake.password();
  const k1 = fake.token(32);
  const k2 = rand(HEX, 32);
  const p2 = "Tr0ub4dor&3x";
  const t1 = fake.token(40);
  const b1 = fake.token(28);
  const basicPw = "S3cure-" + rand("abcdefghij", 5);
  return {
    input: text(
      "config/settings.yaml",
      [
        `db_password: ${p1}`,
        `weather_api_key: "${k1}"`,
        `NEWSAPI_KEY = "${k2}"`,
        `smtp:\n  password: '${p2}'`,
        `internal_token = "${t1}"`,
        `curl -H "Authorization: Bearer ${b1}" https://api.internal.example.com/v1/models`,
        `auth_header: Basic ${btoa("svc:" + basicPw)}`,
      ].join("\n"),
    ),
    expect: [
      e("secrets/generic-assignment", "high", p1),
      e("secrets/generic-assignment", "high", k1),
      e("secrets/generic-assignment", "high", k2),
      e("secrets/generic-assignment", "high", p2),
      e("secrets/generic-assignment", "high", t1),
      e("secrets/generic-assignment", "high", b1),
      e("secrets/generic-assignment", "high", btoa("svc:" + basicPw)),
    ],
  };
});
ng("generic", "Python forms: kwargs, dict, subscript, auth tuple, type annotations", () => {
  const a = fake.password();
  const b = fake.token(24);
  const c = fake.password();
  const d = fake.token(30);
  const f = fake.password();
  return {
    input: text(
      "etl.py",
      [
        `conn = psycopg2.connect(host="db", user="etl", password="${a}")`,
        `config = {"client_secret": "${b}", "timeout": 30}`,
        `settings['db_pass'] = '${c}'`,
        `class Settings(BaseSettings):\n    api_token: str = "${d}"`,
        `r = requests.get(url, auth=("admin", "${f}"))`,
      ].join("\n"),
    ),
    expect: [
      e("secrets/generic-assignment", "high", a),
      e("secrets/generic-assignment", "high", b),
      e("secrets/generic-assignment", "high", c),
      e("secrets/generic-assignment", "high", d),
      e("secrets/generic-assignment", "high", f),
    ],
  };
});
ng("generic", "Dockerfile ENV, CLI flags and weak passwords", () => {
  const a = fake.token(32);
  const b = fake.password();
  return {
    input: text("Dockerfile", `FROM python:3.11\nENV SERVICE_API_KEY ${a}\nRUN python train.py --password ${b}\nENV POSTGRES_PASSWORD=postgres\n`),
    expect: [e("secrets/generic-assignment", "high", a), e("secrets/generic-assignment", "high", b), e("secrets/generic-assignment", "low", "postgres")],
  };
});
ok("generic", "field names, header names, tokenizer terms, env reads, placeholders", () =>
  text(
    "app/config.py",
    [
      'API_KEY_HEADER = "X-API-Key"',
      'password_field = "password"',
      'TOKEN_KEY = "access_token"',
      'SECRET_NAME = "prod/ml/db"',
      'PASSWORD_ENV = "DB_PASSWORD"',
      'api_key = os.environ["API_KEY"]',
      'password = os.getenv("DB_PASSWORD")',
      "password = getpass.getpass()",
      'token = userdata.get("HF_TOKEN")',
      'secret = dbutils.secrets.get(scope="ml", key="db-password")',
      'secret = client.get_secret_value(SecretId="prod/db")["SecretString"]',
      'tokenizer.pad_token = "<pad>"',
      'bos_token = "<|begin_of_text|>"',
      "max_tokens = 4096",
      'special_tokens = {"additional_special_tokens": ["[CLS]", "[SEP]"]}',
      'password = "your_password_here"',
      'api_key = "YOUR_API_KEY"',
      'API_KEY = "<token>"',
      'SECRET_KEY = "changeme"',
      'token = "REPLACE_ME"',
      'password = "********"',
      'auth_type = "bearer"',
      'token_type = "Bearer"',
      'key = "model.layers.0.self_attn.q_proj.weight"',
      'cache_key = "' + rand(HEX, 32) + '"',
      'public_key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ' + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40) + ' me@host"',
      'secret_key_path = "/etc/secrets/key.pem"',
      'credentials_file = "service_account.json"',
      'if password == "":',
      "tokens = tokenizer(text)['input_ids']",
      'GPG_KEY = "A035C8C19219BA821ECEA86B64E628F8D684696D"',
      'password_hash = "$2b$12$' + rand("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./", 53) + '"',
      'SECRET_KEY = "my-super-secret-key"',
      "token = tokenizer.eos_token",
      "token = f'{prefix}_token'",
      'api_key = st.secrets["api_key"]',
      'os.environ["OPENAI_API_KEY"] = getpass("key")',
    ].join("\n"),
  ),
);

ng("generic", "command lines: curl -u, docker login -p, mysql -p, ngrok authtoken, setter calls", () => {
  const a = fake.password();
  const b = fake.password();
  const c = fake.password();
  const d = fake.token(40);
  const f = fake.token(36);
  return {
    input: {
      cells: [
        { source: `!curl -u deploy:${a} https://nexus.example.com/repository/ml/`, cellType: "code" },
        { source: `!docker login -u ci -p ${b} registry.example.com\n!mysql -h db -u root -p${c} features < schema.sql` },
        { source: `!ngrok authtoken ${d}` },
        { source: `from pyngrok import ngrok\nngrok.set_auth_token("${f}")` },
      ],
    },
    expect: [
      e("secrets/generic-assignment", "high", a),
      e("secrets/generic-assignment", "high", b),
      e("secrets/generic-assignment", "high", c),
      e("secrets/generic-assignment", "high", d),
      e("secrets/generic-assignment", "high", f),
    ],
  };
});
ng("generic", "docker config auth and Kubernetes Secret data (base64)", () => {
  const pw = fake.password();
  const auth = btoa("ci-bot:" + pw);
  const data = btoa(fake.password());
  return {
    input: text(
      "k8s/registry.yaml",
      `apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  password: ${data}\n---\n# .dockerconfigjson\n{"auths": {"ghcr.io": {"auth": "${auth}"}}}\n`,
    ),
    expect: [e("secrets/generic-assignment", "high", data), e("secrets/generic-assignment", "high", auth)],
  };
});
ok("generic", "encrypted values, base64 placeholders in Secrets, local server tokens", () =>
  text(
    "deploy/secrets.enc.yaml",
    [
      "apiVersion: v1",
      "kind: Secret",
      "data:",
      `  password: ${btoa("changeme")}`,
      `  api_key: ${btoa("your-api-key")}`,
      "sops_password: ENC[AES256_GCM,data:" + rand("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24) + "=,iv:abc=,tag:def=,type:str]",
      "db_password: $ANSIBLE_VAULT;1.1;AES256",
      "    http://127.0.0.1:8888/lab?token=" + rand(HEX, 48),
      ["client", "secret: "].join("_") + GCLOUD_CLIENT_SECRET,
    ].join("\n"),
  ),
);

ng("generic", "SQL, PowerShell and PHP assignments", () => {
  const a = fake.password();
  const b = fake.token(32);
  const c = fake.token(28);
  return {
    input: text(
      "deploy/setup.sql.txt",
      `CREATE USER ml_reader WITH PASSWORD '${a}';\n$env:SERVICE_TOKEN = "${b}"\n$api_key = '${c}';\n`,
    ),
    expect: [e("secrets/generic-assignment", "high", a), e("secrets/generic-assignment", "high", b), e("secrets/generic-assignment", "high", c)],
  };
});
ok("aws", "presigned URLs and SigV4 headers carry the key id at low at most", () => ({
  path: "notebooks/s3.ipynb",
  cells: [
    {
      source: "s3.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': k}, ExpiresIn=3600)",
      outputs: [
        {
          text: `'https://ml-data.s3.amazonaws.com/train.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${fake.awsKeyId()}%2F20240611%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240611T101010Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${rand(HEX, 64)}'`,
        },
      ],
    },
    { source: "req.headers", outputs: [{ text: `{'Authorization': 'AWS4-HMAC-SHA256 Credential=${fake.awsKeyId()}/20240611/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${rand(HEX, 64)}'}` }] },
  ],
}));
ok("slack", "short demo tokens and Sentry DSNs", () =>
  text("docs/integrations.md", `SLACK_TOKEN=xoxb-1234-5678-abcd\nSENTRY_DSN=https://${rand(HEX, 32)}@o123456.ingest.sentry.io/4505\n`),
);

ng("aws", "s3fs / pandas storage options", () => {
  const id = fake.awsKeyId();
  const secret = fake.awsSecret();
  return {
    input: text("load.py", `fs = s3fs.S3FileSystem(key="${id}", secret="${secret}")\ndf = pd.read_parquet("s3://ml-data/train.parquet", filesystem=fs)\n`),
    expect: [e("secrets/aws-access-key-id", "critical", id), e("secrets/aws-secret-access-key", "critical", secret)],
  };
});
ng("generic", "passwords built around words are medium, not dropped", () => {
  const a = ["My", "Secret", "Pass", "2024!"].join("");
  const b = ["Super", "Secret", "-", "91x"].join("");
  return {
    input: text("app/db.py", `DB_PASSWORD = "${a}"\nengine = create_engine("postgresql://app:${b}@db.internal/app")\n`),
    expect: [e("secrets/generic-assignment", "medium", a), e("secrets/database-url", "medium", b)],
  };
});

ng("generic", "name/value pairs: Kubernetes env and ECS task definitions", () => {
  const a = fake.token(40);
  const b = fake.password();
  return {
    input: text(
      "deploy/k8s.yaml",
      `spec:\n  containers:\n    - name: trainer\n      env:\n        - name: SERVICE_API_KEY\n          value: "${a}"\n        - name: LOG_LEVEL\n          value: info\n# task definition\n{"environment": [{"name": "DB_PASSWORD", "value": "${b}"}, {"name": "RUN_ID", "value": "${rand(HEX, 32)}"}]}\n`,
    ),
    expect: [e("secrets/generic-assignment", "high", a), e("secrets/generic-assignment", "high", b)],
  };
});

// ------------------------------------------------------------------------------------------ High-entropy strings
ng("entropy", "random strings next to credential words", () => {
  const a = fake.token(40);
  const b = fake.token(32);
  return {
    input: text("client.py", `client = ServiceClient("${a}")  # api key\nprint("your secret:", "${b}")\n`),
    expect: [e("secrets/high-entropy-string", "medium", a), e("secrets/high-entropy-string", "medium", b)],
  };
});
ok("entropy", "hashes, ids, base64 images and numbers near credential words", () => ({
  path: "eda.ipynb",
  cells: [
    {
      source: "hashlib.sha256(api_key.encode()).hexdigest()",
      outputs: [{ text: "'" + rand(HEX, 64) + "'" }],
    },
    { source: "uuid.uuid4()  # request token", outputs: [{ text: "UUID('" + "3b241101-e2bb-4255-8caf-4136c566a962" + "')" }] },
    { source: "token_ids", outputs: [{ text: "tensor([[  101,  2023,  2003,  1037,  3231,   102]])" }] },
    { source: "![img](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==) api key demo", cellType: "markdown" },
    { source: "!nvidia-smi -L", outputs: ["GPU 0: Tesla T4 (UUID: GPU-5f1b2c3d-4e5f-6789-abcd-ef0123456789)  # auth ok"] },
    { source: "s3.head_object(Bucket=b, Key=k)", outputs: [{ text: `{'ETag': '"${rand(HEX, 32)}"', 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=', 'Key': 'secret/data.csv'}` }] },
  ],
}));

export const CASES: readonly Case[] = cases;
