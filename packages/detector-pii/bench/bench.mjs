// Micro-benchmark of the PII detector (not a test). Measures, in one run:
//   (a) cold first scan: a fresh `node` process imports the detector and scans a tiny notebook
//       (import + lazy library loading + first scan), wall and CPU time, median of N processes;
//   (b) throughput in MB/s on realistic notebook outputs (pandas text/plain and text/html tables,
//       training logs, tracebacks, model summaries, numpy prints, a few customer tables), on a large
//       Python module, on a trivial 120 KB Python file and on CSV files;
//   (c) the floor: read the same bytes from disk and run one regex over them, in the same run.
// CPU time (process.cpuUsage) is reported next to wall time because the dev machine is shared.
// Several builds can be compared in the same run (`--compare <dist dir>`), and the findings of each
// are compared with those of the first build (same rule, range and severity), so a speed-up that
// changes results shows up here as well as in the tests.
//
//   npx tsc -b packages/detector-pii && node packages/detector-pii/bench/bench.mjs [--mb 6] [--cold 5] [--compare /path/to/other/dist]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};

// ------------------------------------------------------------------------- cold child process
if (args[0] === "--cold-child") {
  const dist = args[1];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { DEFAULT_LIMITS } = await import("@watchtower/types");
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const { detector } = await import(pathToFileURL(join(dist, "index.js")).href);
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  const src = tinyNotebook();
  let n = 0;
  await detector.scan(src, ctxFor(DEFAULT_LIMITS, () => n++));
  const c3 = process.cpuUsage();
  const t3 = performance.now();
  await detector.scan(src, ctxFor(DEFAULT_LIMITS, () => n++));
  const c4 = process.cpuUsage();
  const t4 = performance.now();
  const cpu = (a, b) => (b.user - a.user + b.system - a.system) / 1000;
  process.stdout.write(
    JSON.stringify({
      boot: t0,
      typesWall: t1 - t0,
      typesCpu: cpu(c0, c1),
      importWall: t2 - t1,
      importCpu: cpu(c1, c2),
      firstWall: t3 - t2,
      firstCpu: cpu(c2, c3),
      secondWall: t4 - t3,
      secondCpu: cpu(c3, c4),
      findings: n,
    }),
  );
  process.exit(0);
}

function ctxFor(limits, onReport) {
  return {
    options: {},
    settings: { strictModels: false, online: false, limits },
    project: { paths: () => [], readText: () => Promise.resolve(undefined) },
    signal: new AbortController().signal,
    report: onReport,
    skip() {},
    incomplete() {},
    note() {},
  };
}

function notebook(path, cells) {
  return {
    kind: "notebook",
    path,
    language: "python",
    cells: cells.map((c, index) => ({
      index,
      cellType: c.cellType ?? "code",
      source: c.source,
      outputs: (c.outputs ?? []).map((o, i) => ({ index: i, outputIndex: i, outputType: o.outputType ?? "execute_result", mimeType: o.mimeType ?? "text/plain", text: o.text })),
    })),
  };
}

function tinyNotebook() {
  return notebook("tiny.ipynb", [
    { cellType: "markdown", source: "# Churn model\nLoad the data and train a baseline." },
    {
      source: "import pandas as pd\ndf = pd.read_csv('data/churn.csv')\ndf.head()",
      outputs: [
        { text: "   customer_id  tenure  monthly_charges  churn\n0         1001      12            70.35      0\n1         1002      48            99.10      1\n2         1003       3            20.05      0" },
      ],
    },
    { source: "model.fit(X_train, y_train)", outputs: [{ outputType: "stream", text: "epoch 1: loss=0.6931 acc=0.5120\nepoch 2: loss=0.4812 acc=0.7710\n" }] },
  ]);
}

// ------------------------------------------------------------------------------------ corpus
let seed = 1234;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const num = () => (rnd() < 0.3 ? -1 : 1) * rnd() * 10 ** int(0, 3);
const fmt = (x, d = 6) => x.toFixed(d);

const COLS = ["age", "income", "score", "tenure", "balance", "sepal_length", "sepal_width", "petal_length", "feature_0", "feature_1", "feature_2", "loss", "accuracy", "lr", "weight", "height", "bmi", "glucose", "price", "quantity", "rating", "clicks", "latency_ms", "user_id", "timestamp", "category", "label", "target"];
const CATS = ["electronics", "books", "clothing", "home", "toys", "sports", "Iris-setosa", "Iris-versicolor", "positive", "negative", "neutral", "train", "test"];

function cellValue(col) {
  if (col === "user_id") return String(100000 + int(0, 899999));
  if (col === "timestamp") return `2023-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")} ${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}`;
  if (col === "category") return pick(CATS);
  if (col === "label" || col === "target") return String(int(0, 1));
  if (col === "quantity" || col === "clicks") return String(int(0, 5000));
  return fmt(num(), pick([2, 4, 6]));
}

function frame(rowsN) {
  const cols = Array.from({ length: int(3, 9) }, () => pick(COLS)).filter((c, i, a) => a.indexOf(c) === i);
  const rows = Array.from({ length: rowsN }, (_, i) => [String(i), ...cols.map((c) => cellValue(c))]);
  return { cols, rows };
}

function plain({ cols, rows }, footer) {
  const header = ["", ...cols];
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells) => cells.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join("  ");
  let s = [line(header), ...rows.map(line)].join("\n");
  if (footer) s += `\n\n[${rows.length} rows x ${cols.length} columns]`;
  return s;
}

function html({ cols, rows }) {
  const head = `<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n      <th></th>\n${cols.map((c) => `      <th>${c}</th>\n`).join("")}    </tr>\n  </thead>\n  <tbody>\n`;
  const body = rows.map((r) => `    <tr>\n      <th>${r[0]}</th>\n${r.slice(1).map((v) => `      <td>${v}</td>\n`).join("")}    </tr>\n`).join("");
  return `${head}${body}  </tbody>\n</table>\n<p>${rows.length} rows × ${cols.length} columns</p>\n</div>`;
}

const FIRST = ["Priya", "Chidi", "Olga", "Mateo", "Yuki", "Fatima", "Sven", "Emma", "Noah", "Sofia", "Carlos", "Ana", "Hannah", "Arjun"];
const LAST = ["Natarajan", "Okeke", "Ivanova", "Rossi", "Tanaka", "Olsen", "Murphy", "Chen", "Garcia", "Souza", "Patel", "Fischer", "Kowalski"];
const STREETS = ["Maple Street", "Oak Ave", "Cedar Road", "Elm Lane", "Sunset Blvd", "Hillcrest Drive"];

function customers(n) {
  const cols = ["name", "email", "phone", "address", "signup_date", "plan"];
  const rows = Array.from({ length: n }, (_, i) => {
    const f = pick(FIRST);
    const l = pick(LAST);
    return [String(i), `${f} ${l}`, `${f.toLowerCase()}.${l.toLowerCase()}@${pick(["gmail.com", "outlook.com", "yahoo.com"])}`, `(${pick(["212", "415", "312", "617"])}) 555-01${String(int(0, 99)).padStart(2, "0")}`, `${int(1, 9800)} ${pick(STREETS)}`, `2022-0${int(1, 9)}-1${int(0, 9)}`, pick(["basic", "pro", "team"])];
  });
  return { cols, rows };
}

function trainingLog() {
  const kind = int(0, 3);
  const epochs = int(5, 60);
  const out = [];
  for (let e = 1; e <= epochs; e++) {
    if (kind === 0) out.push(`epoch ${e}: loss=${fmt(rnd(), 4)} acc=${fmt(rnd(), 4)} val_loss=${fmt(rnd(), 4)} val_acc=${fmt(rnd(), 4)}`);
    else if (kind === 1) out.push(`Epoch ${e}/${epochs}\n${int(100, 2000)}/${int(100, 2000)} [==============================] - ${int(1, 60)}s ${int(1, 90)}ms/step - loss: ${fmt(rnd(), 4)} - accuracy: ${fmt(rnd(), 4)} - val_loss: ${fmt(rnd(), 4)} - val_accuracy: ${fmt(rnd(), 4)}`);
    else if (kind === 2) out.push(`{'loss': ${fmt(rnd(), 4)}, 'grad_norm': ${fmt(rnd() * 5, 6)}, 'learning_rate': ${(rnd() * 5e-5).toExponential(2)}, 'epoch': ${fmt(e / epochs, 2)}}`);
    else out.push(`Epoch ${e}: 100%|██████████| ${int(100, 900)}/${int(100, 900)} [01:${String(int(0, 59)).padStart(2, "0")}<00:00, ${fmt(rnd() * 20, 2)}it/s, loss=${fmt(rnd(), 4)}]\n[${e}] train_loss: ${fmt(rnd(), 4)} | val_loss: ${fmt(rnd(), 4)} | val_f1: ${fmt(rnd(), 4)} | time: ${fmt(rnd() * 100, 1)}s`);
  }
  return out.join("\n");
}

function traceback() {
  const frames = Array.from({ length: int(2, 6) }, () => {
    const line = int(10, 2000);
    return `File /usr/local/lib/python3.10/dist-packages/torch/nn/modules/${pick(["module", "linear", "conv", "activation"])}.py:${line}, in ${pick(["Module._call_impl", "Linear.forward", "Conv2d._conv_forward", "Module._wrapped_call_impl"])}(self, *args, **kwargs)\n   ${line - 2} # If we don't have any hooks, we want to skip the rest of the logic in\n   ${line - 1} # this function, and just call forward.\n-> ${line} return forward_call(*args, **kwargs)\n   ${line + 1} try:\n   ${line + 2}     result = None`;
  });
  return `---------------------------------------------------------------------------\nRuntimeError                              Traceback (most recent call last)\nCell In[${int(1, 80)}], line ${int(1, 20)}\n      1 x = torch.randn(${int(1, 64)}, ${int(1, 784)})\n----> 2 y = model(x)\n\n${frames.join("\n\n")}\n\nRuntimeError: mat1 and mat2 shapes cannot be multiplied (${int(1, 64)}x${int(1, 784)} and ${int(1, 784)}x${int(1, 512)})`;
}

function arrayPrint() {
  const rows = int(3, 40);
  const cols = int(3, 8);
  const body = Array.from({ length: rows }, () => `[${Array.from({ length: cols }, () => fmt(num(), 8).padStart(14)).join(", ")}]`).join(",\n       ");
  return pick(["array", "tensor"]) + `([${body}])`;
}

function modelSummary() {
  const layers = Array.from({ length: int(4, 20) }, (_, i) => `│ ${`${pick(["dense", "conv2d", "dropout", "batch_normalization", "max_pooling2d"])}_${i} (${pick(["Dense", "Conv2D", "Dropout", "BatchNormalization", "MaxPooling2D"])})`.padEnd(32)}│ ${`(None, ${int(1, 512)})`.padEnd(22)} │ ${String(int(0, 999999).toLocaleString("en-US")).padStart(14)} │`);
  return `Model: "sequential"\n┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓\n┃ Layer (type)                    ┃ Output Shape           ┃        Param # ┃\n┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩\n${layers.join("\n")}\n└─────────────────────────────────┴────────────────────────┴────────────────┘\n Total params: ${int(1000, 9999999).toLocaleString("en-US")} (${fmt(rnd() * 40, 2)} MB)\n Trainable params: ${int(1000, 9999999).toLocaleString("en-US")}`;
}

function classificationReport() {
  const labels = Array.from({ length: int(2, 10) }, (_, i) => `${String(i).padStart(12)}       ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${String(int(10, 2000)).padStart(5)}`);
  return `              precision    recall  f1-score   support\n\n${labels.join("\n")}\n\n    accuracy                           ${fmt(rnd(), 2)}      ${int(1000, 9000)}\n   macro avg       ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${int(1000, 9000)}\nweighted avg       ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${fmt(rnd(), 2)}      ${int(1000, 9000)}`;
}

const CODE = [
  "import numpy as np\nimport pandas as pd\nimport torch\nfrom sklearn.model_selection import train_test_split",
  "df = pd.read_csv('data/train.csv', parse_dates=['timestamp'])\ndf.head()",
  "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)",
  "for epoch in range(num_epochs):\n    model.train()\n    for xb, yb in loader:\n        loss = criterion(model(xb), yb)\n        opt.zero_grad(); loss.backward(); opt.step()\n    print(f'epoch {epoch}: loss={loss.item():.4f}')",
  "print(classification_report(y_test, model.predict(X_test)))",
  "model.summary()",
  "df.describe()",
  "config = {'lr': 3e-4, 'batch_size': 64, 'epochs': 20, 'weight_decay': 0.01}",
];

function output() {
  const r = rnd();
  if (r < 0.22) {
    const f = frame(pick([5, 5, 8, 10, 60]));
    return [{ mimeType: "text/plain", text: plain(f, f.rows.length > 10) }, { mimeType: "text/html", text: html(f) }];
  }
  if (r < 0.24) {
    const f = customers(int(5, 10));
    return [{ mimeType: "text/plain", text: plain(f, false) }, { mimeType: "text/html", text: html(f) }];
  }
  if (r < 0.46) return [{ outputType: "stream", text: trainingLog() }];
  if (r < 0.56) return [{ outputType: "error", text: traceback() }];
  if (r < 0.68) return [{ text: arrayPrint() }];
  if (r < 0.76) return [{ outputType: "stream", text: modelSummary() }];
  if (r < 0.86) return [{ outputType: "stream", text: classificationReport() }];
  return [{ text: pick(["<Figure size 1000x600 with 1 Axes>", "0.9312", "(60000, 28, 28)", "device(type='cuda', index=0)", "LinearRegression()"]) }];
}

function notebookFiles(targetBytes) {
  const out = [];
  let bytes = 0;
  for (let k = 0; bytes < targetBytes; k++) {
    const cells = [];
    const n = int(15, 40);
    for (let i = 0; i < n; i++) {
      if (rnd() < 0.2) cells.push({ cellType: "markdown", source: `## Step ${i}\nWe train a baseline and compare it with gradient boosting. See the [docs](https://scikit-learn.org/stable/) for details.` });
      else cells.push({ source: pick(CODE), outputs: rnd() < 0.85 ? output() : [] });
    }
    const src = notebook(`notebooks/nb${k}.ipynb`, cells);
    for (const c of src.cells) {
      bytes += Buffer.byteLength(c.source);
      for (const o of c.outputs) bytes += Buffer.byteLength(o.text);
    }
    out.push(src);
  }
  return out;
}

const PY_BLOCKS = [
  (i) => `def train_epoch_${i}(model, loader, optimizer, scheduler=None, device="cuda"):\n    """Train the model for one epoch and return the mean loss."""\n    model.train()\n    total = 0.0\n    for step, (inputs, targets) in enumerate(loader):\n        inputs, targets = inputs.to(device), targets.to(device)\n        optimizer.zero_grad(set_to_none=True)\n        loss = F.cross_entropy(model(inputs), targets, label_smoothing=0.1)\n        loss.backward()\n        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)\n        optimizer.step()\n        if scheduler is not None:\n            scheduler.step()\n        total += loss.item()\n        if step % 100 == 0:\n            logger.info("step %d loss %.4f lr %.2e", step, loss.item(), optimizer.param_groups[0]["lr"])\n    return total / max(1, len(loader))\n`,
  (i) => `class Block${i}(nn.Module):\n    def __init__(self, dim: int = 768, heads: int = 12, dropout: float = 0.1) -> None:\n        super().__init__()\n        self.attn = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True)\n        self.norm1 = nn.LayerNorm(dim, eps=1e-6)\n        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))\n        self.norm2 = nn.LayerNorm(dim, eps=1e-6)\n\n    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:\n        h = self.norm1(x)\n        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]\n        return x + self.mlp(self.norm2(x))\n`,
  (i) => `CONFIG_${i} = {\n    "model_name": "bert-base-uncased",\n    "max_length": 512,\n    "learning_rate": 2e-5,\n    "batch_size": 32,\n    "num_epochs": 3,\n    "warmup_ratio": 0.06,\n    "seed": ${int(0, 99999)},\n    "output_dir": "outputs/run_${i}",\n    "label_names": ["negative", "neutral", "positive"],\n}\n`,
  (i) => `def parse_args_${i}(argv=None):\n    parser = argparse.ArgumentParser(description="Fine-tune a classifier")\n    parser.add_argument("--data-dir", type=Path, default=Path("data"))\n    parser.add_argument("--epochs", type=int, default=10, help="number of epochs")\n    parser.add_argument("--lr", type=float, default=3e-4)\n    parser.add_argument("--port", type=int, default=8080)\n    return parser.parse_args(argv)\n`,
  (i) => `@pytest.mark.parametrize("shape,expected", [((2, 3), 6), ((4, 4), 16), ((1, 128, 128), 16384)])\ndef test_numel_${i}(shape, expected):\n    assert torch.zeros(shape).numel() == expected\n    x = np.arange(expected).reshape(shape)\n    np.testing.assert_allclose(x.sum(), expected * (expected - 1) / 2, rtol=1e-6)\n`,
  (i) => `# Normalisation constants (ImageNet)\nMEAN_${i} = [0.485, 0.456, 0.406]\nSTD_${i} = [0.229, 0.224, 0.225]\nTRANSFORM_${i} = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(MEAN_${i}, STD_${i})])\n`,
];

function pythonFile(targetBytes) {
  let s = '"""Training utilities for the churn model."""\nfrom __future__ import annotations\n\nimport argparse\nimport logging\nfrom pathlib import Path\n\nimport numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\nlogger = logging.getLogger(__name__)\n\n';
  for (let i = 0; s.length < targetBytes; i++) s += `\n${pick(PY_BLOCKS)(i)}`;
  return s;
}

function csvFile(targetBytes) {
  const cols = ["id", "timestamp", "age", "income", "score", "feature_0", "feature_1", "feature_2", "feature_3", "category", "label"];
  let s = `${cols.join(",")}\n`;
  for (let i = 0; s.length < targetBytes; i++) {
    s += `${i},${cellValue("timestamp")},${int(18, 90)},${fmt(rnd() * 1e5, 2)},${fmt(rnd(), 4)},${fmt(num(), 6)},${fmt(num(), 6)},${fmt(num(), 6)},${fmt(num(), 6)},${pick(CATS)},${int(0, 1)}\n`;
  }
  return s;
}

function customersCsv(targetBytes) {
  const cols = ["customer_id", "first_name", "last_name", "email", "phone", "street_address", "city", "state", "zip", "signup_date"];
  let s = `${cols.join(",")}\n`;
  for (let i = 0; s.length < targetBytes; i++) {
    const f = pick(FIRST);
    const l = pick(LAST);
    s += `${10000 + i},${f},${l},${f.toLowerCase()}.${l.toLowerCase()}${i}@example.com,${pick(["212", "415", "312"])}-555-01${String(int(0, 99)).padStart(2, "0")},${int(1, 9800)} ${pick(STREETS)},Springfield,IL,62704,2021-0${int(1, 9)}-1${int(0, 9)}\n`;
  }
  return s;
}

// ---------------------------------------------------------------------------------- measuring
const cpuMs = (a, b) => (b.user - a.user + b.system - a.system) / 1000;

/** Runs `fn` until at least `minMs` of CPU have been spent (at least once); per-pass wall and CPU ms. */
async function timed(fn, minMs) {
  let passes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let c1;
  do {
    await fn();
    passes++;
    c1 = process.cpuUsage();
  } while (cpuMs(c0, c1) < minMs);
  return { wall: (performance.now() - t0) / passes, cpu: cpuMs(c0, c1) / passes };
}

function digestOf(list) {
  const h = createHash("sha256");
  for (const r of list) h.update(`${r.path}|${r.ruleId}|${r.severity}|${JSON.stringify(r.at)}\n`);
  return h.digest("hex").slice(0, 12);
}

async function scanAll(detector, sources, limits, collect) {
  for (const s of sources) {
    await detector.scan(
      s,
      ctxFor(limits, collect ? (d) => collect.push({ path: s.path, ruleId: d.ruleId, severity: d.severity, at: d.at }) : () => {}),
    );
  }
}

/** Time per component (structure parsers, finders) in ms per MB, over the segments of each corpus. */
async function components(dist, corpora, minMs) {
  const imp = (m) => import(pathToFileURL(join(dist, m)).href);
  const [scanMod, text, libsMod, kv, lit, del, plainT, htmlT] = await Promise.all(["scan.js", "text.js", "libs.js", "structure/key-value.js", "structure/literal.js", "structure/delimited.js", "structure/plain-table.js", "structure/html-table.js"].map(imp));
  const ents = await Promise.all(["iban", "card", "ssn", "email", "passport", "phone", "ip", "dob", "address", "name"].map((e) => imp(`entities/${e}.js`)));
  for (const l of ["phone", "iban", "ip", "card", "tlds", "names", "html"]) await libsMod.ensureLibrary(l);
  const libs = libsMod.libs;
  const finders = Object.entries(Object.assign({}, ...ents)).filter(([k]) => k.startsWith("find") && k !== "findDate");
  for (const c of corpora) {
    const segs = c.sources.flatMap((s) => scanMod.segmentsOf(s));
    const prepared = segs.map((seg) => {
      const t = seg.html ? text.maskHtml(seg.text) : seg.text;
      return { seg, text: t, lines: text.splitLines(t) };
    });
    const fieldsOf = (p) => {
      const f = [];
      if (p.seg.html) f.push(...htmlT.htmlTableFields(p.seg.text, () => libs.html));
      else for (const x of [plainT.plainTableFields(p.lines), del.pipeTableFields(p.lines), del.delimitedFields(p.lines, p.seg.delimiter)]) for (const y of x) f.push(y);
      for (const x of [lit.literalFields(p.text, p.seg.mode), kv.keyValueFields(p.lines)]) for (const y of x) f.push(y);
      return f;
    };
    const scans = prepared.map((p) => {
      const fields = fieldsOf(p);
      return { seg: p.seg, text: p.text, libs, fields, fieldsAt: scanMod.fieldIndex(fields), add() {} };
    });
    const parts = [
      ["splitLines", () => prepared.forEach((p) => text.splitLines(p.text))],
      ["maskHtml", () => segs.forEach((s) => s.html && text.maskHtml(s.text))],
      ["htmlTableFields", () => prepared.forEach((p) => p.seg.html && htmlT.htmlTableFields(p.seg.text, () => libs.html))],
      ["plainTableFields", () => prepared.forEach((p) => !p.seg.html && plainT.plainTableFields(p.lines))],
      ["pipeTableFields", () => prepared.forEach((p) => !p.seg.html && del.pipeTableFields(p.lines))],
      ["delimitedFields", () => prepared.forEach((p) => !p.seg.html && del.delimitedFields(p.lines, p.seg.delimiter))],
      ["literalFields", () => prepared.forEach((p) => lit.literalFields(p.text, p.seg.mode))],
      ["keyValueFields", () => prepared.forEach((p) => kv.keyValueFields(p.lines))],
      ["fieldIndex", () => scans.forEach((s) => scanMod.fieldIndex(s.fields))],
      ...finders.map(([name, fn]) => [name, () => scans.forEach((s) => fn(s))]),
      ["scanSegment (all)", () => segs.forEach((s) => scanMod.scanSegment(s, libs, new Set()))],
    ];
    console.log(`  ${c.name} (${(c.bytes / 1e6).toFixed(2)} MB, ${segs.length} segments, ${scans.reduce((n, s) => n + s.fields.length, 0)} fields): cpu ms per MB`);
    const row = [];
    for (const [name, fn] of parts) {
      const t = await timed(fn, minMs);
      row.push(`${name} ${(t.cpu / (c.bytes / 1e6)).toFixed(1)}`);
    }
    console.log(`    ${row.join(", ")}`);
  }
}

const main = async () => {
  const mb = Number(flag("--mb", "6"));
  const coldRuns = Number(flag("--cold", "5"));
  const minMs = Number(flag("--min-ms", "1500"));
  const dists = [resolve(here, "../dist")];
  for (let i = 0; i < args.length; i++) if (args[i] === "--compare") dists.push(resolve(args[i + 1]));

  const only = flag("--only", "");
  const { DEFAULT_LIMITS } = await import("@watchtower/types");
  const all = [
    { name: "notebooks", sources: notebookFiles(mb * 1e6) },
    { name: "python 1 MB", sources: [{ kind: "text", path: "src/train.py", text: pythonFile(1e6) }] },
    { name: "python x=1 120 KB", sources: [{ kind: "text", path: "gen.py", text: "x = 1\n".repeat(20000) }] },
    { name: "numeric CSV 4 MB", sources: [{ kind: "text", path: "data/train.csv", text: csvFile(4e6) }] },
    { name: "customers CSV 1 MB", sources: [{ kind: "text", path: "data/customers.csv", text: customersCsv(1e6) }] },
  ];
  const corpora = all.filter((c) => c.name.startsWith(only));

  // The floor: the same bytes as files on disk, read and searched with one regex.
  const dir = join(tmpdir(), `wt-pii-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (const c of corpora) {
    c.files = [];
    c.bytes = 0;
    c.sources.forEach((s, k) => {
      const texts = s.kind === "text" ? [s.text] : s.cells.flatMap((cell) => [cell.source, ...cell.outputs.map((o) => o.text)]);
      const text = texts.join("\n");
      c.bytes += Buffer.byteLength(text);
      const file = join(dir, `${c.name.replace(/\W+/g, "_")}_${k}.txt`);
      writeFileSync(file, text);
      c.files.push(file);
    });
  }
  if (flag("--dump", "") !== "") {
    // The segments as JSON lines ({mode, html, text}), for experiments outside this script.
    const { segmentsOf } = await import(pathToFileURL(join(dists[0], "scan.js")).href);
    for (const c of corpora) {
      const segs = c.sources.flatMap((s) => segmentsOf(s)).map((g) => JSON.stringify({ mode: g.mode, html: g.html, path: g.path, text: g.text }));
      writeFileSync(join(flag("--dump", ""), `${c.name.replace(/\W+/g, "_")}.jsonl`), `${segs.join("\n")}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  if (args.includes("--components")) {
    for (const dist of dists) {
      console.log(`components of ${label(dist)}`);
      await components(dist, corpora, Math.min(minMs, 300));
    }
    rmSync(dir, { recursive: true, force: true });
    return;
  }

  const KEY = /AKIA[0-9A-Z]{16}/g;
  let sink = 0;
  const floor = (c) => () => {
    for (const f of c.files) sink += (readFileSync(f).toString("utf8").match(KEY) ?? []).length;
  };

  console.log(`node ${process.version}, ${process.platform}; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  console.log(`corpora: ${corpora.map((c) => `${c.name} ${(c.bytes / 1e6).toFixed(2)} MB`).join(", ")}\n`);

  // (a) cold first scan, in fresh processes
  if (coldRuns > 0) console.log("(a) cold first scan of a tiny notebook (fresh process; median of", coldRuns, "runs; ms)");
  if (coldRuns > 0) console.log("    build                      import wall/cpu   first scan wall/cpu   total wall/cpu   warm 2nd scan cpu");
  for (const dist of coldRuns > 0 ? dists : []) {
    const runs = [];
    for (let i = 0; i < coldRuns; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--cold-child", dist], { encoding: "utf8", cwd: here });
      if (r.status !== 0) throw new Error(r.stderr);
      runs.push(JSON.parse(r.stdout));
    }
    const med = (k) => {
      const v = runs.map((r) => r[k]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const tot = (k) => {
      const v = runs.map((r) => r[`import${k}`] + r[`first${k}`]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    console.log(
      `    ${label(dist).padEnd(26)} ${f1(med("importWall"))}/${f1(med("importCpu"))}`.padEnd(48) +
        `${f1(med("firstWall"))}/${f1(med("firstCpu"))}`.padEnd(22) +
        `${f1(tot("Wall"))}/${f1(tot("Cpu"))}`.padEnd(17) +
        `${f1(med("secondCpu"))}`,
    );
  }

  // (b, c) throughput against the floor
  console.log("\n(b) throughput (MB/s, wall | cpu) and (c) ratio to the read + one regex floor (cpu time)");
  const detectors = [];
  for (const dist of dists) detectors.push({ dist, detector: (await import(pathToFileURL(join(dist, "index.js")).href)).detector });
  const results = new Map();
  for (const c of corpora) {
    const fl = await timed(floor(c), Math.min(minMs, 400));
    console.log(`  ${c.name} (${(c.bytes / 1e6).toFixed(2)} MB)`);
    console.log(`    ${"floor (read + 1 regex)".padEnd(26)} ${mbs(c.bytes, fl.wall)} | ${mbs(c.bytes, fl.cpu)}`);
    for (const d of detectors) {
      const found = [];
      try {
        await scanAll(d.detector, c.sources, DEFAULT_LIMITS, found); // warm-up, and the findings
      } catch (e) {
        console.log(`    ${label(d.dist).padEnd(26)} failed: ${String(e).slice(0, 80)}`);
        continue;
      }
      const t = await timed(() => scanAll(d.detector, c.sources, DEFAULT_LIMITS), minMs);
      const digest = digestOf(found);
      const first = results.get(c.name);
      if (!first) results.set(c.name, { digest, t });
      const same = first ? (first.digest === digest ? "same findings" : "FINDINGS DIFFER") : "";
      const speed = first ? `  (the first build is ${(t.cpu / first.t.cpu).toFixed(1)}x faster)` : "";
      console.log(`    ${label(d.dist).padEnd(26)} ${mbs(c.bytes, t.wall)} | ${mbs(c.bytes, t.cpu)}   ${(t.cpu / fl.cpu).toFixed(1).padStart(6)}x floor   ${String(found.length).padStart(5)} findings ${digest} ${same}${speed}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (sink < 0) console.log(sink);
};

const label = (dist) => (dist === resolve(here, "../dist") ? "this build (dist)" : dist.length > 26 ? `…${dist.slice(-25)}` : dist);
const f1 = (x) => x.toFixed(0).padStart(5);
const mbs = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(2).padStart(8);

await main();
