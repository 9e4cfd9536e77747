#!/usr/bin/env node
// Generates a synthetic but realistic ML repository for benchmarks (never committed):
// notebooks with code, DataFrame renders, tracebacks and base64 plots; requirements; torch-style
// zip checkpoints with large tensor payloads; plain pickles and .npy arrays.
// Usage: node tools/bench/generate.mjs <dir> [--mb 500] [--notebook-share 0.5] [--notebook-kb N] [--seed 1]
// Notebooks are 1-4 MB (output-heavy) unless --notebook-kb sets N..2N KB.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) {
  console.error("usage: generate.mjs <dir> [--mb N] [--notebook-share F]");
  process.exit(2);
}
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const totalBytes = opt("mb", 500) * 1024 * 1024;
const notebookShare = opt("notebook-share", 0.5);
const notebookKb = opt("notebook-kb", 0);
let seed = opt("seed", 1);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const words = ["loss", "accuracy", "epoch", "batch", "model", "train", "eval", "feature", "label", "score"];
function codeCell(i) {
  const src = [
    "import numpy as np\n",
    "import pandas as pd\n",
    `df_${i} = pd.read_csv('data/part_${i}.csv')\n`,
    `model.fit(df_${i}[features], df_${i}['${pick(words)}'], epochs=${1 + Math.floor(rand() * 20)})\n`,
    `print(f"${pick(words)}: {model.${pick(words)}:.4f}")\n`,
  ];
  return src;
}
function dataframe(rows) {
  const head = "      id   feature_a   feature_b    label     score";
  const lines = [head];
  for (let r = 0; r < rows; r++) lines.push(`${String(r).padStart(4)}  ${String(100000 + r).padStart(6)}  ${rand().toFixed(6).padStart(10)}  ${rand().toFixed(6).padStart(10)}  ${pick(["cat", "dog", "bird"]).padStart(6)}  ${rand().toFixed(4)}`);
  return lines.join("\n");
}
function html(rows) {
  let s = '<table border="1" class="dataframe"><thead><tr><th></th><th>feature_a</th><th>label</th></tr></thead><tbody>';
  for (let r = 0; r < rows; r++) s += `<tr><th>${r}</th><td>${rand().toFixed(6)}</td><td>${pick(["cat", "dog"])}</td></tr>`;
  return s + "</tbody></table>";
}
function png(bytes) {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Math.floor(rand() * 256);
  return b.toString("base64");
}
function notebook(i, target) {
  const cells = [];
  let size = 0;
  let c = 0;
  while (size < target) {
    const outputs = [
      { output_type: "stream", name: "stdout", text: [`epoch ${c}: loss=${rand().toFixed(4)}\n`.repeat(20)] },
      { output_type: "execute_result", execution_count: c, metadata: {}, data: { "text/plain": [dataframe(30)], "text/html": [html(30)] } },
    ];
    if (c % 3 === 0) outputs.push({ output_type: "display_data", metadata: {}, data: { "image/png": png(40000), "text/plain": ["<Figure size 640x480 with 1 Axes>"] } });
    if (c % 7 === 0) {
      outputs.push({ output_type: "error", ename: "KeyError", evalue: "'label'", traceback: ["\u001b[0;31m---------------------------------------------------------------------------\u001b[0m", `\u001b[0;31mKeyError\u001b[0m: 'label'`] });
    }
    const cell = { cell_type: "code", execution_count: c, id: `c${i}-${c}`, metadata: {}, source: codeCell(c), outputs };
    size += JSON.stringify(cell).length;
    cells.push(cell);
    c++;
  }
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3", language: "python" } }, cells }, null, 1);
}
function torchZip(bytes) {
  const pkl = Uint8Array.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]);
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = i & 0xff;
  return zipSync({ "archive/data.pkl": [pkl, { level: 0 }], "archive/data/0": [data, { level: 0 }], "archive/version": [Uint8Array.from([0x33, 0x0a]), { level: 0 }] });
}

mkdirSync(join(dir, "notebooks"), { recursive: true });
mkdirSync(join(dir, "models"), { recursive: true });
mkdirSync(join(dir, "src"), { recursive: true });
writeFileSync(join(dir, "requirements.txt"), "numpy==1.26.4\npandas==2.2.2\ntorch==2.5.1\nscikit-learn==1.5.0\nmatplotlib>=3.8\n");
let written = 0;
let n = 0;
while (written < totalBytes * notebookShare) {
  const text = notebook(n, notebookKb > 0 ? notebookKb * 1024 * (1 + rand()) : 1_000_000 + Math.floor(rand() * 3_000_000));
  writeFileSync(join(dir, "notebooks", `nb${String(n).padStart(4, "0")}.ipynb`), text);
  written += text.length;
  n++;
}
for (let i = 0; written < totalBytes * notebookShare + 200_000; i++) {
  const text = codeCell(i).join("").repeat(50);
  writeFileSync(join(dir, "src", `mod${i}.py`), text);
  written += text.length;
}
let m = 0;
while (written < totalBytes) {
  const size = Math.min(64 * 1024 * 1024, totalBytes - written);
  const zip = torchZip(Math.max(1024, size));
  writeFileSync(join(dir, "models", `ckpt${m}.pt`), zip);
  written += zip.length;
  m++;
}
console.log(`generated ${(written / 1048576).toFixed(0)} MB: ${n} notebooks, ${m} checkpoints in ${dir}`);
