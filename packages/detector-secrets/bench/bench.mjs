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
  const paths = files(dir);
  const totalBytes = paths.reduce((s, p) => s + statSync(p).size, 0);
  const mb = totalBytes / 1e6;
  console.log(`generated ${paths.length} notebooks, ${mb.toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);

  const time = async (label, fn, reps = 3) => {
    let best = Infinity;
    let result;
    for (let r = 0; r < reps; r++) {
      const s = performance.now();
      result = await fn();
      best = Math.min(best, performance.now() - s);
    }
    console.log(`${label.padEnd(44)} ${(best / 1000).toFixed(2)} s  ${(mb / (best / 1000)).toFixed(0).padStart(5)} MB/s ${result === undefined ? "" : ` (${result})`}`);
    return best;
  };

  await time("read every file", () => {
    let n = 0;
    for (const p of paths) n += readFileSync(p, "utf8").length;
    return `${n} chars`;
  });
  await time("read + one regex (/AKIA[0-9A-Z]{16}/g)", () => {
    let n = 0;
    const re = /AKIA[0-9A-Z]{16}/g;
    for (const p of paths) n += (readFileSync(p, "utf8").match(re) ?? []).length;
    return `${n} matches`;
  });
  await time("read + parse notebooks", () => {
    let n = 0;
    for (const p of paths) n += toSource(p, readFileSync(p, "utf8")).cells.length;
    return `${n} cells`;
  });
  const sources = paths.map((p) => toSource(p, readFileSync(p, "utf8")));
  const scanned = sources.reduce((s, src) => s + src.cells.reduce((c, cell) => c + cell.source.length + cell.outputs.reduce((o, x) => o + x.text.length, 0), 0), 0) / 1e6;
  console.log(`text handed to the detector: ${scanned.toFixed(1)} MB (base64 images dropped)`);
  const counter = { findings: 0 };
  await time("secrets detector (parsed sources)", async () => {
    counter.findings = 0;
    for (const s of sources) await detector.scan(s, ctxFor(counter));
    return `${counter.findings} findings`;
  });
  await time("read + parse + secrets detector", async () => {
    counter.findings = 0;
    for (const p of paths) await detector.scan(toSource(p, readFileSync(p, "utf8")), ctxFor(counter));
    return `${counter.findings} findings`;
  });
}

await main();
