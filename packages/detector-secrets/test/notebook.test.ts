/**
 * A realistic training notebook: credentials leak through `!env`, `!cat ~/.aws/credentials`,
 * `!git remote -v`, a traceback that prints a connection URL and `print(config)`; the same
 * outputs carry the usual lookalikes (paths, run ids, hashes, tokenizer terms).
 */
import { atLeast } from "@watchtower/types";
import { notebookSource, runDetector, textAt } from "@watchtower/tester";
import { expect, test } from "vitest";
import { detector } from "../src/index.js";
import { fake, HEX, rand } from "./fake.js";

test("realistic notebook: every leaked credential is found once, at its severity, and nothing else", async () => {
  const awsId = fake.awsKeyId();
  const awsSecret = fake.awsSecret();
  const hf = fake.hf();
  const wandbKey = fake.wandbLegacy();
  const openai = fake.openaiProject();
  const gh = fake.githubClassic();
  const pgPassword = fake.password();
  const dbPassword = fake.password();
  const apiKey = fake.token(32);
  const kaggleToken = fake.jwt({ iss: "kaggle", sub: "kernel-123", exp: 1900000000 });

  const envOutput = [
    "SHELL=/bin/bash",
    "COLAB_JUPYTER_TOKEN=",
    "HOSTNAME=7f3c2a9e1b4d",
    "LANG=en_US.UTF-8",
    `PYTHON_SHA256=${rand(HEX, 64)}`,
    "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
    "TBE_CREDS_ADDR=172.28.0.1:8008",
    "USE_AUTH_EPHEM=1",
    "NV_CUDNN_PACKAGE=libcudnn8=8.9.6.50-1+cuda12.2",
    "NVIDIA_REQUIRE_CUDA=cuda>=12.2 brand=tesla,driver>=470,driver<471",
    `HF_TOKEN=${hf}`,
    `WANDB_API_KEY=${wandbKey}`,
    `KAGGLE_DATA_PROXY_TOKEN=${kaggleToken}`,
    "CLOUDSDK_CONFIG=/content/.config",
    "PATH=/opt/bin:/usr/local/nvidia/bin:/usr/local/cuda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
    "LD_LIBRARY_PATH=/usr/local/nvidia/lib:/usr/local/nvidia/lib64",
    "TF_FORCE_GPU_ALLOW_GROWTH=true",
  ].join("\n");

  const traceback = [
    "\u001b[0;31m---------------------------------------------------------------------------\u001b[0m".replace(/\u001b\[[0-9;]*m/g, (m) => " ".repeat(m.length)),
    "OperationalError                          Traceback (most recent call last)",
    "File /usr/local/lib/python3.10/dist-packages/sqlalchemy/engine/base.py:3280, in Engine.connect(self)",
    `OperationalError: (psycopg2.OperationalError) connection to server at "10.0.3.7", port 5432 failed: FATAL:  password authentication failed for user "trainer"`,
    `(Background on this error at: https://sqlalche.me/e/20/e3q8) [url: postgresql://trainer:${pgPassword}@10.0.3.7:5432/features]`,
  ].join("\n");

  const config = `{'model_name': 'meta-llama/Llama-3.1-8B', 'lr': 0.0002, 'batch_size': 16, 'db_password': '${dbPassword}', 'openai_api_key': '${openai}', 'api_key': '${apiKey}', 'run_id': '${rand(HEX, 32)}', 'pad_token': '<|finetune_right_pad_id|>', 'output_dir': '/content/drive/MyDrive/ckpt'}`;

  const source = notebookSource("notebooks/train.ipynb", [
    { source: "!pip install -q transformers==4.44.0 peft accelerate wandb", outputs: ["Successfully installed peft-0.12.0 wandb-0.17.7"] },
    { source: "!env", outputs: [envOutput] },
    { source: "!cat ~/.aws/credentials", outputs: [`[default]\naws_access_key_id = ${awsId}\naws_secret_access_key = ${awsSecret}\n`] },
    {
      source: "!git remote -v",
      outputs: [`origin\thttps://${gh}@github.com/acme/llm-finetune.git (fetch)\norigin\thttps://${gh}@github.com/acme/llm-finetune.git (push)\n`],
    },
    { source: "engine = create_engine(os.environ['DATABASE_URL'])\nengine.connect()", outputs: [{ outputType: "error", text: traceback }] },
    { source: "print(config)", outputs: [config] },
    {
      source: "tokenizer = AutoTokenizer.from_pretrained(model_name, token=os.environ['HF_TOKEN'])\ntokenizer.pad_token = tokenizer.eos_token\nenc = tokenizer('hello', return_tensors='pt')\nenc",
      outputs: [{ text: "{'input_ids': tensor([[128000,  15339]]), 'attention_mask': tensor([[1, 1]])}" }],
    },
    {
      source: "wandb.init(project='llm-finetune')",
      outputs: [
        "wandb: Currently logged in as: jdoe. Use `wandb login --relogin` to force relogin\nwandb: Run data is saved locally in /content/wandb/run-20240611_101010-3h2k1l9x\nwandb: 🚀 View run at https://wandb.ai/jdoe/llm-finetune/runs/3h2k1l9x",
      ],
    },
    { cellType: "markdown", source: "Set `WANDB_API_KEY` and `HF_TOKEN` in Colab secrets (`userdata.get('HF_TOKEN')`), never in the notebook." },
  ]);

  const rec = await runDetector(detector, source);
  const found = rec.reports.map((r) => `${r.ruleId} ${r.severity} ${textAt(source, r.at)} @${r.at.kind === "cell" ? `${r.at.cellIndex}/${r.at.part}` : r.at.kind}`);
  expect(found.sort()).toEqual(
    [
      `secrets/huggingface-token high ${hf} @1/output`,
      `secrets/wandb-api-key high ${wandbKey} @1/output`,
      `secrets/jwt high ${kaggleToken} @1/output`,
      `secrets/aws-access-key-id critical ${awsId} @2/output`,
      `secrets/aws-secret-access-key critical ${awsSecret} @2/output`,
      `secrets/github-token high ${gh} @3/output`,
      `secrets/github-token high ${gh} @3/output`,
      `secrets/database-url high ${pgPassword} @4/output`,
      `secrets/generic-assignment high ${dbPassword} @5/output`,
      `secrets/openai-api-key high ${openai} @5/output`,
      `secrets/generic-assignment high ${apiKey} @5/output`,
    ].sort(),
  );
  for (const r of rec.reports) {
    expect(atLeast(r.severity ?? "info", "high")).toBe(true);
    expect(r.message).toMatch(/in this cell's output\./);
    expect(r.message).not.toContain(r.secret ?? "\u0000");
  }
  expect(rec.incompletes).toEqual([]);
});

test("metadata is scanned for secrets and reported as metadata", async () => {
  const hf = fake.hf();
  const source = {
    ...notebookSource("nb.ipynb", [{ source: "x = 1" }]),
    metadataText: JSON.stringify({ kernelspec: { name: "python3" }, env: { HF_TOKEN: hf }, widgets: { state: { [rand(HEX, 32)]: { model_name: "LayoutModel" } } } }),
  };
  const rec = await runDetector(detector, source);
  expect(rec.reports.map((r) => [r.ruleId, r.at.kind, textAt(source, r.at)])).toEqual([["secrets/huggingface-token", "metadata", hf]]);
});

test("lines longer than maxLineChars are scanned up to the cap and a note says so", async () => {
  const early = fake.githubClassic();
  const late = fake.githubClassic();
  const line = `token=${early} ` + "x".repeat(5000) + ` ${late}`;
  const source = notebookSource("nb.ipynb", [{ source: "print(blob)", outputs: [line] }]);
  const defaults = (await import("@watchtower/types")).DEFAULT_LIMITS;
  const rec = await runDetector(detector, source, { settings: { limits: { ...defaults, maxLineChars: 1000 } } });
  expect(rec.reports.map((r) => textAt(source, r.at))).toEqual([early]);
  expect(rec.notes.join("\n")).toMatch(/longer than 1000 characters/);
});

test("outputs longer than maxOutputChars are cut and noted", async () => {
  const late = fake.githubClassic();
  const source = notebookSource("nb.ipynb", [{ source: "print(log)", outputs: ["ok\n".repeat(2000) + late] }]);
  const defaults = (await import("@watchtower/types")).DEFAULT_LIMITS;
  const rec = await runDetector(detector, source, { settings: { limits: { ...defaults, maxOutputChars: 1000 } } });
  expect(rec.reports).toEqual([]);
  expect(rec.notes.join("\n")).toMatch(/maxOutputChars/);
});

test("a credential found once is found again where its bare value is echoed; a bare hash alone is not", async () => {
  const secret = rand(HEX, 40);
  const hash = rand(HEX, 40);
  const source = notebookSource("nb.ipynb", [
    { source: `import pandas\nclient_secret = "${secret}"\nprint("output")`, outputs: ["output\n"] },
    { source: "client_secret", outputs: [`'${secret}'`] },
    { source: "commit", outputs: [`'${hash}'`] },
  ]);
  const rec = await runDetector(detector, source);
  const where = rec.reports.map((r) => [r.ruleId, r.at.kind === "cell" ? `${r.at.cellIndex}:${r.at.part}` : r.at.kind, textAt(source, r.at)]);
  expect(where).toEqual([
    ["secrets/generic-assignment", "0:source", secret],
    ["secrets/generic-assignment", "1:output", secret],
  ]);
  expect(rec.reports[1]!.message).toMatch(/same value as the one found in cell 0 source/);
});
