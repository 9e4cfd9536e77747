// Benchmark (not a test): generates a tree of realistic notebooks (>= 50 MB by default), then
// measures in one run (a) reading every file, (b) reading every file and running one regex over
// it (the floor the CLI target is compared with), (c) reading + parsing the notebooks into
// cells, and (d) the secrets detector over the parsed sources. Prints MB/s for each.
//
//   npm run build -w packages/detector-secrets && node packages/detector-secrets/bench/bench.mjs [MB] [dir]
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detector } from "../dist/index.js";

const targetMb = Number(process.argv[2] ?? 60);
const dir = process.argv[3] ?? join(tmpdir(), "wt-secrets-bench");

// ------------------------------------------------------------------------------------------ corpus
let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const str = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64 = ALNUM + "+/";

const CODE = [
  "import torch\nimport torch.nn as nn\nfrom transformers import AutoTokenizer, AutoModelForCausalLM",
  "tokenizer = AutoTokenizer.from_pretrained(model_name, token=os.environ['HF_TOKEN'])\ntokenizer.pad_token = tokenizer.eos_token",
  "for epoch in range(num_epochs):\n    for batch in train_loader:\n        batch = {k: v.to(device) for k, v in batch.items()}\n        loss = model(**batch).loss\n        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()",
  "df = pd.read_csv('data/train.csv')\ndf.head()",
  "wandb.init(project='llm-finetune', config=config)",
  "!pip install -q transformers==4.44.0 peft accelerate bitsandbytes",
  "trainer = Trainer(model=model, args=training_args, train_dataset=ds['train'], eval_dataset=ds['test'])\ntrainer.train()",
  "plt.figure(figsize=(10, 6))\nplt.plot(history['loss'], label='train')\nplt.legend()\nplt.show()",
  "api_key = userdata.get('OPENAI_API_KEY')\nclient = OpenAI(api_key=api_key)",
  "def attention(query, key, value, mask=None):\n    scores = query @ key.transpose(-2, -1) / math.sqrt(query.size(-1))\n    return scores.softmax(-1) @ value",
];
const STREAMS = [
  () => Array.from({ length: 30 }, (_, i) => `Epoch ${i + 1}/30: 100%|██████████| 782/782 [01:02<00:00, 12.5it/s, loss=${(rnd() * 2).toFixed(4)}, acc=${rnd().toFixed(3)}]`).join("\n"),
  () => `wandb: Tracking run with wandb version 0.17.7\nwandb: Run data is saved locally in /content/wandb/run-20240611_101010-${str("abcdefghijklmnopqrstuvwxyz0123456789", 8)}\nwandb: Syncing run lively-sun-3\nwandb: ⭐️ View project at https://wandb.ai/acme/llm-finetune`,
  () => `config.json: 100%|██████████| 665/665 [00:00<00:00, 3.85MB/s]\nmodel.safetensors: 100%|██████████| 548M/548M [00:05<00:00, 97.4MB/s]\ngeneration_config.json: 100%|██████████| 124/124 [00:00<00:00, 1.1MB/s]`,
  () => `{'input_ids': tensor([[${Array.from({ length: 40 }, () => Math.floor(rnd() * 32000)).join(", ")}]]), 'attention_mask': tensor([[${Array(40).fill(1).join(", ")}]])}`,
  () => `commit ${str(HEX, 40)}\nAuthor: Jane Doe <jane@acme.io>\nrun_id: ${str(HEX, 32)}  sha256: ${str(HEX, 64)}`,
];
const html = () =>
  `<div><table border="1" class="dataframe"><thead><tr><th></th><th>text</th><th>label</th><th>score</th></tr></thead><tbody>${Array.from(
    { length: 20 },
    (_, i) => `<tr><th>${i}</th><td>${pick(["great movie", "terrible plot", "loved the acting", "not my cup of tea"])}</td><td>${Math.floor(rnd() * 2)}</td><td>${rnd().toFixed(4)}</td></tr>`,
  ).join("")}</tbody></table></div>`;

function notebook(withSecret) {
  const cells = [];
  const n = 20 + Math.floor(rnd() * 20);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.2) {
      cells.push({ cell_type: "markdown", metadata: {}, source: [`## Step ${i}\n`, "We fine-tune the model with LoRA and log metrics to W&B. Set your `HF_TOKEN` in Colab secrets.\n"] });
      continue;
    }
    const outputs = [];
    const r = rnd();
    if (r < 0.4) outputs.push({ output_type: "stream", name: "stdout", text: STREAMS[Math.floor(rnd() * STREAMS.length)]().split(/(?<=\n)/) });
    else if (r < 0.55) outputs.push({ output_type: "execute_result", execution_count: i, metadata: {}, data: { "text/plain": ["   text  label\n0  great movie  1"], "text/html": [html()] } });
    else if (r < 0.75) outputs.push({ output_type: "display_data", metadata: {}, data: { "image/png": str(B64, 40000 + Math.floor(rnd() * 80000)), "text/plain": ["<Figure size 1000x600 with 1 Axes>"] } });
    const source = pick(CODE) + (withSecret && i === 3 ? `\nos.environ["WANDB_API_KEY"] = "${str(HEX, 40)}"` : "");
    cells.push({ cell_type: "code", execution_count: i, metadata: {}, source: source.split(/(?<=\n)/), outputs });
  }
  return { cells, metadata: { kernelspec: { name: "python3", display_name: "Python 3" }, language_info: { name: "python" } }, nbformat: 4, nbformat_minor: 5 };
}

const SCRIPT_LINES = [
  "import os\nimport json\nimport torch\nfrom pathlib import Path",
  "def load_config(path: str) -> dict:\n    with open(path) as f:\n        return json.load(f)",
  "api_key = os.environ.get('OPENAI_API_KEY')\nclient = OpenAI(api_key=api_key)",
  "for key, value in state_dict.items():\n    new_key = key.replace('module.', '')\n    new_state[new_key] = value",
  "tokenizer = AutoTokenizer.from_pretrained(args.model, use_fast=True)\ntokenizer.pad_token = tokenizer.eos_token",
  "logger.info('epoch %d loss %.4f token accuracy %.3f', epoch, loss, acc)",
  "parser.add_argument('--lr', type=float, default=3e-4)\nparser.add_argument('--token', type=str, default=None)",
  "password = getpass.getpass()\nengine = create_engine(f'postgresql://{user}:{password}@{host}/{db}')",
  "# compute attention scores\nscores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)",
  "CONFIG = {\n    'model': 'meta-llama/Llama-3.1-8B',\n    'max_tokens': 2048,\n    'run_id': '" + "0123abcd".repeat(4) + "',\n}",
];
const YAML_LINES = [
  "model:\n  name: bert-base-uncased\n  max_length: 512\n  pad_token: '[PAD]'",
  "training:\n  lr: 0.0003\n  epochs: 3\n  seed: 42",
  "env:\n  - name: HF_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: hf\n        key: token",
  "wandb:\n  project: llm\n  entity: acme\n  api_key: ${WANDB_API_KEY}",
];

function generateText() {
  const root = dir + "-text";
  rmSync(root, { recursive: true, force: true });
  let bytes = 0;
  let i = 0;
  while (bytes < (targetMb / 3) * 1e6) {
    const sub = join(root, `pkg-${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const yaml = i % 4 === 0;
    const lines = [];
    for (let k = 0; k < 400; k++) lines.push(pick(yaml ? YAML_LINES : SCRIPT_LINES));
    const text = lines.join("\n") + "\n";
    writeFileSync(join(sub, yaml ? `config-${i}.yaml` : `module_${i}.py`), text);
    bytes += Buffer.byteLength(text);
    i++;
  }
  return root;
}

function generate() {
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let i = 0;
  while (bytes < targetMb * 1e6) {
    const sub = join(dir, `project-${Math.floor(i / 25)}`, "notebooks");
    mkdirSync(sub, { recursive: true });
    const text = JSON.stringify(notebook(i % 10 === 0), null, 1);
    writeFileSync(join(sub, `nb-${i}.ipynb`), text);
    bytes += Buffer.byteLength(text);
    i++;
  }
}

// ------------------------------------------------------------------------------------------ measuring
function files(root) {
  const out = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out.sort();
}

const joinText = (v) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : undefined);
const TEXT_MIME = ["text/plain", "text/html", "text/markdown", "application/json"];

/** Minimal ipynb → NotebookSource (the CLI uses @watchtower/source; this keeps the bench standalone). */
function toSource(path, text) {
  const nb = JSON.parse(text);
  return {
    kind: "notebook",
    path,
    cells: nb.cells.map((c, index) => {
      const outputs = [];
      for (const o of c.outputs ?? []) {
        if (o.output_type === "stream") outputs.push({ index: outputs.length, outputIndex: 0, outputType: "stream", mimeType: "text/plain", text: joinText(o.text) ?? "" });
        else if (o.output_type === "error") outputs.push({ index: outputs.length, outputIndex: 0, outputType: "error", mimeType: "text/plain", text: (o.traceback ?? []).join("\n") });
        else for (const m of TEXT_MIME) if (o.data?.[m] !== undefined) outputs.push({ index: outputs.length, outputIndex: 0, outputType: o.output_type, mimeType: m, text: joinText(o.data[m]) ?? "" });
      }
      return { index, cellType: c.cell_type, source: joinText(c.source) ?? "", outputs };
    }),
    metadataText: JSON.stringify(nb.metadata ?? {}),
  };
}

function ctxFor(counter) {
  return {
    options: {},
    settings: { strictModels: false, online: false, limits: { maxLineChars: 64 * 1024, maxOutputChars: 2 * 1024 * 1024 } },
    project: { paths: () => [], readText: async () => undefined },
    signal: new AbortController().signal,
    report: () => counter.findings++,
    skip() {},
    incomplete() {},
    note() {},
  };
}

async function main() {
  const t0 = performance.now();
  generate();
  const textRoot = generateText();
  const paths = files(dir);
  const textPaths = files(textRoot);
  const size = (ps) => ps.reduce((sum, p) => sum + statSync(p).size, 0) / 1e6;
  const mb = size(paths);
  const textMb = size(textPaths);
  console.log(`generated ${paths.length} notebooks (${mb.toFixed(1)} MB, ${dir}) and ${textPaths.length} scripts/configs (${textMb.toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`node ${process.version}, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}; best of 3, wall and CPU time`);

  const time = async (label, size, fn, reps = 3) => {
    let best = Infinity;
    let bestCpu = Infinity;
    let result;
    for (let r = 0; r < reps; r++) {
      const s = performance.now();
      const c0 = process.cpuUsage();
      result = await fn();
      const c = process.cpuUsage(c0);
      best = Math.min(best, performance.now() - s);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    }
    console.log(
      `${label.padEnd(46)} ${(best / 1000).toFixed(2)} s wall ${(size / (best / 1000)).toFixed(0).padStart(5)} MB/s | ${(bestCpu / 1000).toFixed(2)} s cpu ${(size / (bestCpu / 1000)).toFixed(0).padStart(5)} MB/s ${result === undefined ? "" : ` (${result})`}`,
    );
  };
  const readAll = (ps) => {
    let n = 0;
    for (const p of ps) n += readFileSync(p, "utf8").length;
    return `${n} chars`;
  };
  const readRegex = (ps) => {
    let n = 0;
    const re = /AKIA[0-9A-Z]{16}/g;
    for (const p of ps) n += (readFileSync(p, "utf8").match(re) ?? []).length;
    return `${n} matches`;
  };
  const counter = { findings: 0 };

  console.log("-- notebooks");
  await time("read every file", mb, () => readAll(paths));
  await time("read + one regex (/AKIA[0-9A-Z]{16}/g)", mb, () => readRegex(paths));
  await time("read + parse notebooks", mb, () => {
    let n = 0;
    for (const p of paths) n += toSource(p, readFileSync(p, "utf8")).cells.length;
    return `${n} cells`;
  });
  const sources = paths.map((p) => toSource(p, readFileSync(p, "utf8")));
  const scanned = sources.reduce((s, src) => s + src.cells.reduce((c, cell) => c + cell.source.length + cell.outputs.reduce((o, x) => o + x.text.length, 0), 0), 0) / 1e6;
  console.log(`   text handed to the detector: ${scanned.toFixed(1)} MB (base64 images are dropped by the source layer)`);
  await time("secrets detector alone (MB/s of that text)", scanned, async () => {
    counter.findings = 0;
    for (const s of sources) await detector.scan(s, ctxFor(counter));
    return `${counter.findings} findings`;
  });
  await time("read + parse + secrets detector", mb, async () => {
    counter.findings = 0;
    for (const p of paths) await detector.scan(toSource(p, readFileSync(p, "utf8")), ctxFor(counter));
    return `${counter.findings} findings`;
  });

  console.log("-- scripts and configs");
  await time("read every file", textMb, () => readAll(textPaths));
  await time("read + one regex (/AKIA[0-9A-Z]{16}/g)", textMb, () => readRegex(textPaths));
  await time("read + secrets detector", textMb, async () => {
    counter.findings = 0;
    for (const p of textPaths) await detector.scan({ kind: "text", path: p, text: readFileSync(p, "utf8") }, ctxFor(counter));
    return `${counter.findings} findings`;
  });
}

await main();
