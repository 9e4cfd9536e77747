/**
 * Lookalike corpus: text that resembles credentials in real ML repositories but is not one
 * (DETECTION-POLICY.md "must not be reported at medium or above"). Each entry names its category.
 */
import type { Input } from "./cases.js";
import { ALNUM, B64, HEX, rand } from "./fake.js";

export interface Lookalike {
  category: string;
  input: () => Input;
}

const t = (category: string, path: string, text: () => string): Lookalike => ({ category, input: () => ({ path, text: text() }) });
const out = (category: string, source: string, outputs: () => string[]): Lookalike => ({
  category,
  input: () => ({ path: "notebooks/eda.ipynb", cells: [{ source, outputs: outputs() }] }),
});

const uuid = (): string => `${rand(HEX, 8)}-${rand(HEX, 4)}-4${rand(HEX, 3)}-a${rand(HEX, 3)}-${rand(HEX, 12)}`;

export const LOOKALIKES: readonly Lookalike[] = [
  // ----------------------------------------------------------------- hashes and digests
  t("git sha", "CHANGELOG.md", () => `- Fix tokenizer padding (${rand(HEX, 40)})\n- commit ${rand(HEX, 40)}\nMerge: ${rand(HEX, 7)} ${rand(HEX, 7)}`),
  out("git log", "!git log -3", () => [`commit ${rand(HEX, 40)} (HEAD -> main, origin/main)\nAuthor: Jane Doe <jane@acme.io>\nDate:   Tue Jun 11 10:10:10 2024 +0200\n\n    Add auth token refresh\n\ncommit ${rand(HEX, 40)}\n`]),
  t("pip hashes", "requirements.txt", () => `torch==2.3.1 \\\n    --hash=sha256:${rand(HEX, 64)} \\\n    --hash=sha256:${rand(HEX, 64)}\ntokenizers==0.19.1 --hash=sha256:${rand(HEX, 64)}`),
  t("lockfile integrity", "package-lock.json", () => `"node_modules/jwt-decode": {\n  "version": "4.0.0",\n  "resolved": "https://registry.npmjs.org/jwt-decode/-/jwt-decode-4.0.0.tgz",\n  "integrity": "sha512-${rand(B64, 86)}=="\n}`),
  t("poetry lock", "poetry.lock", () => `[[package]]\nname = "pyjwt"\nversion = "2.8.0"\nfiles = [\n    {file = "PyJWT-2.8.0-py3-none-any.whl", hash = "sha256:${rand(HEX, 64)}"},\n]\ncontent-hash = "${rand(HEX, 64)}"`),
  out("md5 and sha outputs", "print(hashlib.md5(data).hexdigest(), hashlib.sha1(token.encode()).hexdigest())", () => [`${rand(HEX, 32)} ${rand(HEX, 40)}\nsha256(password) = ${rand(HEX, 64)}`]),
  t("model checksums", "models/MANIFEST.yaml", () => `files:\n  - name: model.safetensors\n    sha256: ${rand(HEX, 64)}\n    md5: ${rand(HEX, 32)}\n  - name: tokenizer.json\n    etag: "${rand(HEX, 32)}"\n    oid: ${rand(HEX, 40)}`),
  t("docker digests", "docker-compose.yml", () => `services:\n  trainer:\n    image: pytorch/pytorch@sha256:${rand(HEX, 64)}\n    environment:\n      - WANDB_API_KEY=\${WANDB_API_KEY}\n      - HF_TOKEN=\${HF_TOKEN:-}\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n    secrets:\n      - db_password`),
  t("hf cache refs", "cache/refs.txt", () => `models--bert-base-uncased/snapshots/${rand(HEX, 40)}/config.json\nblobs/${rand(HEX, 64)}`),
  t("dvc files", "data.dvc", () => `outs:\n- md5: ${rand(HEX, 32)}.dir\n  size: 1048576\n  nfiles: 12\n  path: data\n  hash: md5`),

  // ----------------------------------------------------------------- UUIDs and ids
  out("uuids", "print(run.info)", () => [`<RunInfo: artifact_uri='mlflow-artifacts:/1/${rand(HEX, 32)}/artifacts', end_time=None, experiment_id='1', lifecycle_stage='active', run_id='${rand(HEX, 32)}', run_name='bright-owl-42', run_uuid='${rand(HEX, 32)}', status='RUNNING'>`]),
  out("gpu uuids", "!nvidia-smi -L", () => [`GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-${uuid()})\nGPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-${uuid()})`]),
  out("request ids", "resp.headers", () => [`{'x-request-id': '${uuid()}', 'x-amz-request-id': '${rand(HEX, 16).toUpperCase()}', 'x-amz-id-2': '${rand(B64, 76)}=', 'ETag': '"${rand(HEX, 32)}"', 'openai-organization': 'user-${rand(ALNUM, 24).toLowerCase()}', 'cf-ray': '${rand(HEX, 16)}-FRA'}`]),
  out("session and trace ids", "print(session)", () => [`session_id=${uuid()} trace_id=${rand(HEX, 32)} span_id=${rand(HEX, 16)} token_count=1834`]),
  t("idempotency and cache keys", "pipeline.py", () => `idempotency_key = "${uuid()}"\ncache_key = "${rand(HEX, 64)}"\npartition_key = "${rand(HEX, 16)}"\nexperiment_key = "${rand(HEX, 32)}"`),
  out("chat completion objects", "response", () => [`ChatCompletion(id='chatcmpl-${rand(ALNUM, 29)}', choices=[Choice(finish_reason='stop', index=0, logprobs=None, message=ChatCompletionMessage(content='The capital is Paris.', role='assistant', function_call=None, tool_calls=None))], created=1718100000, model='gpt-4o-mini-2024-07-18', object='chat.completion', service_tier=None, system_fingerprint='fp_${rand(HEX, 10)}', usage=CompletionUsage(completion_tokens=7, prompt_tokens=14, total_tokens=21))`]),
  out("anthropic message objects", "msg", () => [`Message(id='msg_01${rand(ALNUM, 22)}', content=[TextBlock(text='Bonjour', type='text')], model='claude-3-5-sonnet-20241022', role='assistant', stop_reason='end_turn', stop_sequence=None, type='message', usage=Usage(input_tokens=12, output_tokens=6))`]),
  out("stripe objects", "print(intent)", () => [`{\n  "id": "pi_3${rand(ALNUM, 23)}",\n  "object": "payment_intent",\n  "amount": 2000,\n  "client_secret": "pi_3${rand(ALNUM, 23)}_secret_${rand(ALNUM, 25)}",\n  "customer": "cus_${rand(ALNUM, 14)}",\n  "payment_method": "pm_${rand(ALNUM, 24)}",\n  "latest_charge": "ch_3${rand(ALNUM, 23)}"\n}`]),
  out("openai files and batches", "client.files.list()", () => [`SyncPage[FileObject](data=[FileObject(id='file-${rand(ALNUM, 24)}', bytes=120, filename='train.jsonl', purpose='fine-tune'), Batch(id='batch_${rand(HEX, 32)}'), FineTuningJob(id='ftjob-${rand(ALNUM, 24)}', organization_id='org-${rand(ALNUM, 24)}')])`]),
  t("widget model ids", "notebooks/w.ipynb.meta.json", () => `{"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"${rand(HEX, 32)}": {"model_module": "@jupyter-widgets/controls", "model_name": "FloatProgressModel", "state": {"layout": "IPY_MODEL_${rand(HEX, 32)}", "style": "IPY_MODEL_${rand(HEX, 32)}"}}}, "version_major": 2}}}`),
  out("wandb run output", "wandb.finish()", () => [`wandb: Synced 5 W&B file(s), 0 media file(s)\nwandb: Find logs at: ./wandb/run-20240611_101010-${rand("abcdefghijklmnopqrstuvwxyz0123456789", 8)}/logs\nwandb: run summary:\nwandb:   train/loss 0.3412\nwandb:   eval/token_accuracy 0.871\nwandb: 🚀 View run lively-sun-3 at: https://wandb.ai/acme/llm/runs/${rand("abcdefghijklmnopqrstuvwxyz0123456789", 8)}`]),
  out("hf hub outputs", "upload_folder(...)", () => [`CommitInfo(commit_url='https://huggingface.co/acme/llama-ft/commit/${rand(HEX, 40)}', commit_message='Upload folder using huggingface_hub', commit_description='', oid='${rand(HEX, 40)}', pr_url=None)`]),

  // ----------------------------------------------------------------- placeholders and masks
  t("placeholders in .env.example", ".env.example", () =>
    [
      "OPENAI_API_KEY=sk-...",
      "ANTHROPIC_API_KEY=your-anthropic-key",
      "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "WANDB_API_KEY=<your wandb key>",
      "AWS_ACCESS_KEY_ID=",
      "AWS_SECRET_ACCESS_KEY=",
      "DATABASE_URL=postgresql://user:password@localhost:5432/app",
      "REDIS_URL=redis://localhost:6379/0",
      "SECRET_KEY=change-me",
      "JWT_SECRET=replace-with-a-long-random-string",
      "STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
      "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXX/YYY/ZZZ",
      "KAGGLE_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "PASSWORD=********",
      "API_TOKEN={{ api_token }}",
      "DB_PASSWORD=${DB_PASSWORD}",
      "SMTP_PASSWORD=%SMTP_PASSWORD%",
      "MLFLOW_TRACKING_PASSWORD=<password>",
      "PINECONE_API_KEY=YOUR_API_KEY",
    ].join("\n"),
  ),
  t("masked values in logs", "logs/run.log", () =>
    [
      "INFO Using OpenAI key sk-proj-****************************abcd",
      "INFO HF token: hf_***************************wxyz",
      "DEBUG password=****** user=trainer",
      "WARNING api_key=[REDACTED] endpoint=https://api.example.com",
      "token: <redacted>",
      "Authorization: Bearer ***",
      "aws_secret_access_key = ****************************************",
    ].join("\n"),
  ),
  t("docs with example keys", "docs/quickstart.md", () =>
    [
      "```bash",
      "export OPENAI_API_KEY='sk-proj-...'",
      "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
      "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "huggingface-cli login --token hf_YOUR_TOKEN_HERE",
      "wandb login YOUR_WANDB_API_KEY",
      "```",
      "Replace `<token>` with your token and `{password}` with the password.",
      'Set `api_key="..."` in `config.yaml`.',
    ].join("\n"),
  ),
  t("templates", "deploy/values.yaml", () =>
    [
      "env:",
      "  - name: OPENAI_API_KEY",
      "    valueFrom:",
      "      secretKeyRef:",
      "        name: openai",
      "        key: api-key",
      "  - name: DB_PASSWORD",
      "    value: {{ .Values.db.password | quote }}",
      "password: ${{ secrets.DB_PASSWORD }}",
      "token: !vault |",
      "api_key: !ENV ${API_KEY}",
      "secret: $(cat /run/secrets/token)",
    ].join("\n"),
  ),
  t("github actions", ".github/workflows/train.yml", () =>
    [
      "env:",
      "  HF_TOKEN: ${{ secrets.HF_TOKEN }}",
      "  WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}",
      "steps:",
      "  - uses: actions/checkout@" + rand(HEX, 40),
      "  - run: echo \"$GITHUB_TOKEN\" | gh auth login --with-token",
      "  - uses: docker/login-action@v3",
      "    with:",
      "      password: ${{ secrets.GITHUB_TOKEN }}",
    ].join("\n"),
  ),
  t("terraform variables", "infra/main.tf", () =>
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}\nresource "aws_db_instance" "db" {\n  password = var.db_password\n  username = "admin"\n}\nsecret_string = jsonencode({ password = random_password.db.result })',
  ),

  // ----------------------------------------------------------------- environment and secret-manager reads
  t("env reads in python", "src/clients.py", () =>
    [
      'openai.api_key = os.environ["OPENAI_API_KEY"]',
      'client = Anthropic(api_key=os.getenv("ANTHROPIC_API_KEY"))',
      "hf_token = os.environ.get('HF_TOKEN', None)",
      "password = getpass.getpass('DB password: ')",
      "from google.colab import userdata",
      "HF_TOKEN = userdata.get('HF_TOKEN')",
      "token = dbutils.secrets.get(scope='kv', key='databricks-token')",
      "secret = boto3.client('secretsmanager').get_secret_value(SecretId='prod/db')['SecretString']",
      "api_key = st.secrets['OPENAI_API_KEY']",
      "from kaggle_secrets import UserSecretsClient",
      "wandb_key = UserSecretsClient().get_secret('wandb')",
      "password = keyring.get_password('mlflow', 'trainer')",
      "token = Variable.get('slack_token')",
      "api_key = config('API_KEY')",
      "secret = vault_client.secrets.kv.read_secret_version(path='ml')['data']",
      "api_key: str = Field(..., env='OPENAI_API_KEY')",
      "password: SecretStr",
      "token = request.headers.get('Authorization')",
      "self.api_key = api_key or os.environ['API_KEY']",
      "credentials = service_account.Credentials.from_service_account_info(json.loads(os.environ['GCP_SA']))",
    ].join("\n"),
  ),
  t("env reads in js and shell", "scripts/run.sh", () =>
    [
      'export OPENAI_API_KEY="$(pass show openai)"',
      'export HF_TOKEN="${HF_TOKEN:?set HF_TOKEN}"',
      "TOKEN=$(gcloud auth print-access-token)",
      'curl -H "Authorization: Bearer $TOKEN" https://example.com',
      'curl -u "$USER:$PASSWORD" https://nexus.example.com',
      "const apiKey = process.env.OPENAI_API_KEY;",
      "read -s -p 'Password: ' PASSWORD",
      "docker login -u $DOCKER_USER -p $DOCKER_PASSWORD",
    ].join("\n"),
  ),

  // ----------------------------------------------------------------- public material
  t("ssh public keys", "deploy/authorized_keys", () => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${rand(B64, 360)} ci@build\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rand(B64, 43)} jane@laptop`),
  t("pem public key and certificate", "certs/ca.pem", () =>
    `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 12 }, () => rand(B64, 64)).join("\n")}\n-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\n${Array.from({ length: 6 }, () => rand(B64, 64)).join("\n")}\n-----END PUBLIC KEY-----\n`,
  ),
  t("pgp public key", "KEYS", () => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${Array.from({ length: 10 }, () => rand(B64, 64)).join("\n")}\n=${rand(B64, 4)}\n-----END PGP PUBLIC KEY BLOCK-----`),
  t("public key variables", "crypto.py", () => `PUBLIC_KEY = "${rand(B64, 60)}"\npublic_key_pem = b"-----BEGIN PUBLIC KEY-----\\n${rand(B64, 64)}\\n-----END PUBLIC KEY-----"\nSTRIPE_PUBLISHABLE_KEY = "pk_live_${rand(ALNUM, 40)}"\nFIREBASE_VAPID_PUBLIC = "${rand(B64, 60)}"`),
  t("key fingerprints", "SECURITY.md", () => `Release signing key fingerprint: ${rand(HEX, 40).toUpperCase()}\nGPG_KEY=${rand(HEX, 40).toUpperCase()}\nssh host key SHA256:${rand(B64, 43)}`),

  // ----------------------------------------------------------------- images, numbers, data
  out("base64 png in html output", "display(HTML(img))", () => [`<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAoAAAAHgCAYAAAA10dzkAAAAOXRFWHRTb2Z0d2FyZQBNYXRwbG90bGliIHZlcnNpb24zLjcuMSwgaHR0cHM6Ly9tYXRwbG90bGliLm9yZy/bCgiHAAAACXBIWXMAAA9hAAAPYQGoP6dpAAB${rand(B64, 2000)}" alt="loss curve, auth ok"/>`]),
  out("token id lists and embeddings", "tokenizer(text)", () => [
    `{'input_ids': [101, 7592, 1010, 2088, 999, 102], 'token_type_ids': [0, 0, 0, 0, 0, 0], 'attention_mask': [1, 1, 1, 1, 1, 1]}\ntensor([[-0.0123,  0.4561, -0.7890,  0.1111],\n        [ 0.2222, -0.3333,  0.4444, -0.5555]])\narray([3.1415926, 2.7182818, 1.4142135])`,
  ]),
  out("dataframe render", "df.head()", () => [
    `<table border="1" class="dataframe">\n<thead><tr><th>user_id</th><th>session_token_hash</th><th>api_key_id</th></tr></thead>\n<tbody><tr><td>${uuid()}</td><td>${rand(HEX, 64)}</td><td>key_${rand(HEX, 8)}</td></tr></tbody></table>`,
  ]),
  out("tqdm and download logs", "model = AutoModel.from_pretrained(name, token=True)", () => [
    "config.json: 100%|██████████| 665/665 [00:00<00:00, 3.85MB/s]\nmodel.safetensors: 100%|██████████| 548M/548M [00:05<00:00, 97.4MB/s]\nSpecial tokens have been added in the vocabulary, make sure the associated word embeddings are fine-tuned or trained.\nThe token has not been saved to the git credentials helper.\nToken is valid (permission: read).\nYour token has been saved to /root/.cache/huggingface/token\nLogin successful",
  ]),
  t("tokenizer configs", "tokenizer_config.json", () =>
    JSON.stringify(
      {
        added_tokens_decoder: { "128000": { content: "<|begin_of_text|>", special: true }, "128001": { content: "<|end_of_text|>", special: true } },
        bos_token: "<|begin_of_text|>",
        eos_token: "<|eot_id|>",
        pad_token: "<|finetune_right_pad_id|>",
        unk_token: null,
        model_max_length: 131072,
        tokenizer_class: "PreTrainedTokenizerFast",
        chat_template: "{% for message in messages %}{{ '<|start_header_id|>' + message['role'] }}{% endfor %}",
      },
      null,
      2,
    ),
  ),
  t("model config", "config.json", () => JSON.stringify({ architectures: ["LlamaForCausalLM"], hidden_size: 4096, num_key_value_heads: 8, rope_theta: 500000, pad_token_id: 128004, torch_dtype: "bfloat16", _name_or_path: "meta-llama/Llama-3.1-8B", key_dim: 128 }, null, 2)),

  // ----------------------------------------------------------------- field, header and setting names
  t("field and header names", "api/constants.py", () =>
    [
      'API_KEY_HEADER = "X-API-Key"',
      'AUTH_HEADER = "Authorization"',
      'password_field = "password"',
      'TOKEN_PARAM = "access_token"',
      'SECRET_ENV_VAR = "OPENAI_API_KEY"',
      'PASSWORD_KEY = "db.password"',
      'token_url = "https://oauth2.googleapis.com/token"',
      'KEY_FILE = "service_account.json"',
      'api_key_name = "openai-prod"',
      'secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"',
      'auth_scheme = "Bearer"',
      'password_regex = r"^(?=.*[A-Z])(?=.*\\d).{12,}$"',
      'PASSWORD_MIN_LENGTH = 12',
      'credentials_path = "~/.config/gcloud/application_default_credentials.json"',
      'token_type_ids = "token_type_ids"',
      "if token == tokenizer.eos_token_id:",
      'LABEL_TOKEN = "[LABEL]"',
      'SEP_TOKEN = "</s>"',
      'secret_scope = "ml-prod"',
      'api_key_prefix = "sk-"',
    ].join("\n"),
  ),
  t("forms and html", "templates/login.html", () => '<input type="password" name="password" placeholder="Password" autocomplete="current-password">\n<label for="api_key">API key</label>\n<input id="api_key" name="api_key" value="">'),
  t("identifiers containing key words", "model.py", () =>
    [
      "self.key_proj = nn.Linear(d_model, d_k)",
      "keys = self.key(x)",
      "attn = torch.softmax(query @ key.transpose(-2, -1) / math.sqrt(d_k), dim=-1)",
      "past_key_values = outputs.past_key_values",
      "for key, value in state_dict.items():",
      'new_key = key.replace("model.", "")',
      'token = "[MASK]"',
      "rng_key, subkey = jax.random.split(rng_key)",
      'sort_key = lambda x: x["score"]',
      "passes = 3",
      "bypass_cache = True",
      "password_protected = False",
      "secrets_dir = Path('/run/secrets')",
      'PRIMARY_KEY = "user_id"',
    ].join("\n"),
  ),

  // ----------------------------------------------------------------- URLs that are not credentials
  t("urls without credentials", "README.md", () =>
    [
      "Clone: git clone git@github.com:acme/llm.git",
      "https://huggingface.co/datasets/acme/corpus/resolve/main/data/train-00000-of-00010.parquet",
      "s3://acme-ml/checkpoints/run-42/model.safetensors",
      "gs://acme-data/tfrecords/train-*.tfrecord",
      "https://github.com/acme/llm/blob/" + rand(HEX, 40) + "/train.py#L42",
      "postgresql://localhost:5432/mlflow",
      "mongodb://mongo:27017/?replicaSet=rs0",
      "https://www.kaggle.com/competitions/titanic/data",
      "http://localhost:8888/lab",
      "ftp://ftp.ncbi.nlm.nih.gov/pub/",
      "https://user@bitbucket.org/acme/repo.git",
      "Contact: jane@acme.io",
    ].join("\n"),
  ),
  t("default demo passwords in compose", "docker-compose.yml", () =>
    "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: mlflow\n      POSTGRES_PASSWORD: mlflow\n  minio:\n    environment:\n      MINIO_ROOT_USER: minioadmin\n      MINIO_ROOT_PASSWORD: minioadmin\n  mlflow:\n    command: mlflow server --backend-store-uri postgresql://mlflow:mlflow@db:5432/mlflow\n  rabbit:\n    environment:\n      RABBITMQ_DEFAULT_PASS: guest",
  ),

  // ----------------------------------------------------------------- misc realistic outputs
  out("pip freeze and conda", "!pip freeze | head", () => [`pyjwt==2.8.0\npython-jose==3.3.0\nkeyring==24.3.1\nsecretstorage==3.3.3\ntokenizers==0.19.1\nauth0-python @ file:///tmp/auth0_python-4.7.1-py3-none-any.whl#sha256=${rand(HEX, 64)}`]),
  out("sklearn and torch reprs", "model", () => [
    "LlamaForCausalLM(\n  (model): LlamaModel(\n    (embed_tokens): Embedding(128256, 4096)\n    (layers): ModuleList(\n      (0-31): 32 x LlamaDecoderLayer(\n        (self_attn): LlamaSdpaAttention(\n          (q_proj): Linear(in_features=4096, out_features=4096, bias=False)\n          (k_proj): Linear(in_features=4096, out_features=1024, bias=False)\n",
  ]),
  out("warnings mentioning tokens", "trainer.train()", () => [
    "/usr/local/lib/python3.10/dist-packages/huggingface_hub/utils/_token.py:89: UserWarning: \nThe secret `HF_TOKEN` does not exist in your Colab secrets.\nTo authenticate with the Hugging Face Hub, create a token in your settings tab (https://huggingface.co/settings/tokens), set it as secret in your Google Colab and restart your session.\nYou will be able to reuse this secret in all of your notebooks.\nPlease note that authentication is recommended but still optional to access public models or datasets.\n  warnings.warn(\n`use_cache=True` is incompatible with gradient checkpointing. Setting `use_cache=False`.",
  ]),
  out("jupyter and colab messages", "drive.mount('/content/drive')", () => ["Mounted at /content/drive\nGo to this URL in a browser: https://accounts.google.com/o/oauth2/auth?client_id=947318989803-6bn6qk8qdgf4n4g3pfee6491hc0brc4i.apps.googleusercontent.com&redirect_uri=urn%3aietf%3awg%3aoauth%3a2.0%3aoob&scope=email&response_type=code\nEnter your authorization code:"]),
  out("random seeds and shapes", "print(cfg)", () => [`Namespace(seed=1337, lr=0.0003, max_tokens=2048, key_dim=64, num_key_value_heads=8, token_budget=1000000, auth=None, password=None, api_key=None, output_dir='runs/${rand("abcdefghijklmnopqrstuvwxyz0123456789", 8)}')`]),
  out("s3 listing", "!aws s3 ls s3://acme-ml/secrets-free/", () => [`2024-06-11 10:10:10   52428800 model-${rand(HEX, 12)}.safetensors\n2024-06-11 10:10:11       1024 tokenizer.json`]),
];
