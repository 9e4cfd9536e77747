// Generated corpora for bench.mjs and compare.mjs: realistic notebook outputs (pandas text/plain and
// text/html tables, training logs, tracebacks, model summaries, numpy prints, classification
// reports, a few customer tables), Python modules and CSV files. Seeded, so every run sees the same text.

/** A NotebookSource as @watchtower/source would build it. */
export function notebook(path, cells) {
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

let seed = 1234;
/** Restarts the generator. */
export function reseed(n) {
  seed = n >>> 0;
}
export const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
export const pick = (a) => a[Math.floor(rnd() * a.length)];
export const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const num = () => (rnd() < 0.3 ? -1 : 1) * rnd() * 10 ** int(0, 3);
const fmt = (x, d = 6) => x.toFixed(d);

const COLS = ["age", "income", "score", "tenure", "balance", "sepal_length", "sepal_width", "petal_length", "feature_0", "feature_1", "feature_2", "loss", "accuracy", "lr", "weight", "height", "bmi", "glucose", "price", "quantity", "rating", "clicks", "latency_ms", "user_id", "timestamp", "category", "label", "target"];
const CATS = ["electronics", "books", "clothing", "home", "toys", "sports", "Iris-setosa", "Iris-versicolor", "positive", "negative", "neutral", "train", "test"];

export function cellValue(col) {
  if (col === "user_id") return String(100000 + int(0, 899999));
  if (col === "timestamp") return `2023-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")} ${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}`;
  if (col === "category") return pick(CATS);
  if (col === "label" || col === "target") return String(int(0, 1));
  if (col === "quantity" || col === "clicks") return String(int(0, 5000));
  return fmt(num(), pick([2, 4, 6]));
}

export function frame(rowsN) {
  const cols = Array.from({ length: int(3, 9) }, () => pick(COLS)).filter((c, i, a) => a.indexOf(c) === i);
  const rows = Array.from({ length: rowsN }, (_, i) => [String(i), ...cols.map((c) => cellValue(c))]);
  return { cols, rows };
}

export function plain({ cols, rows }, footer) {
  const header = ["", ...cols];
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells) => cells.map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j]))).join("  ");
  let s = [line(header), ...rows.map(line)].join("\n");
  if (footer) s += `\n\n[${rows.length} rows x ${cols.length} columns]`;
  return s;
}

export function html({ cols, rows }) {
  const head = `<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n      <th></th>\n${cols.map((c) => `      <th>${c}</th>\n`).join("")}    </tr>\n  </thead>\n  <tbody>\n`;
  const body = rows.map((r) => `    <tr>\n      <th>${r[0]}</th>\n${r.slice(1).map((v) => `      <td>${v}</td>\n`).join("")}    </tr>\n`).join("");
  return `${head}${body}  </tbody>\n</table>\n<p>${rows.length} rows × ${cols.length} columns</p>\n</div>`;
}

const FIRST = ["Priya", "Chidi", "Olga", "Mateo", "Yuki", "Fatima", "Sven", "Emma", "Noah", "Sofia", "Carlos", "Ana", "Hannah", "Arjun"];
const LAST = ["Natarajan", "Okeke", "Ivanova", "Rossi", "Tanaka", "Olsen", "Murphy", "Chen", "Garcia", "Souza", "Patel", "Fischer", "Kowalski"];
const STREETS = ["Maple Street", "Oak Ave", "Cedar Road", "Elm Lane", "Sunset Blvd", "Hillcrest Drive"];

export function customers(n) {
  const cols = ["name", "email", "phone", "address", "signup_date", "plan"];
  const rows = Array.from({ length: n }, (_, i) => {
    const f = pick(FIRST);
    const l = pick(LAST);
    return [String(i), `${f} ${l}`, `${f.toLowerCase()}.${l.toLowerCase()}@${pick(["gmail.com", "outlook.com", "yahoo.com"])}`, `(${pick(["212", "415", "312", "617"])}) 555-01${String(int(0, 99)).padStart(2, "0")}`, `${int(1, 9800)} ${pick(STREETS)}`, `2022-0${int(1, 9)}-1${int(0, 9)}`, pick(["basic", "pro", "team"])];
  });
  return { cols, rows };
}

export function trainingLog() {
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

export function traceback() {
  const frames = Array.from({ length: int(2, 6) }, () => {
    const line = int(10, 2000);
    return `File /usr/local/lib/python3.10/dist-packages/torch/nn/modules/${pick(["module", "linear", "conv", "activation"])}.py:${line}, in ${pick(["Module._call_impl", "Linear.forward", "Conv2d._conv_forward", "Module._wrapped_call_impl"])}(self, *args, **kwargs)\n   ${line - 2} # If we don't have any hooks, we want to skip the rest of the logic in\n   ${line - 1} # this function, and just call forward.\n-> ${line} return forward_call(*args, **kwargs)\n   ${line + 1} try:\n   ${line + 2}     result = None`;
  });
  return `---------------------------------------------------------------------------\nRuntimeError                              Traceback (most recent call last)\nCell In[${int(1, 80)}], line ${int(1, 20)}\n      1 x = torch.randn(${int(1, 64)}, ${int(1, 784)})\n----> 2 y = model(x)\n\n${frames.join("\n\n")}\n\nRuntimeError: mat1 and mat2 shapes cannot be multiplied (${int(1, 64)}x${int(1, 784)} and ${int(1, 784)}x${int(1, 512)})`;
}

export function arrayPrint() {
  const rows = int(3, 40);
  const cols = int(3, 8);
  const body = Array.from({ length: rows }, () => `[${Array.from({ length: cols }, () => fmt(num(), 8).padStart(14)).join(", ")}]`).join(",\n       ");
  return pick(["array", "tensor"]) + `([${body}])`;
}

export function modelSummary() {
  const layers = Array.from({ length: int(4, 20) }, (_, i) => `│ ${`${pick(["dense", "conv2d", "dropout", "batch_normalization", "max_pooling2d"])}_${i} (${pick(["Dense", "Conv2D", "Dropout", "BatchNormalization", "MaxPooling2D"])})`.padEnd(32)}│ ${`(None, ${int(1, 512)})`.padEnd(22)} │ ${String(int(0, 999999).toLocaleString("en-US")).padStart(14)} │`);
  return `Model: "sequential"\n┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓\n┃ Layer (type)                    ┃ Output Shape           ┃        Param # ┃\n┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩\n${layers.join("\n")}\n└─────────────────────────────────┴────────────────────────┴────────────────┘\n Total params: ${int(1000, 9999999).toLocaleString("en-US")} (${fmt(rnd() * 40, 2)} MB)\n Trainable params: ${int(1000, 9999999).toLocaleString("en-US")}`;
}

export function classificationReport() {
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

/** One cell's outputs; `withPii` lets 2 % of them be a table of customers (names, e-mails, phones, addresses). */
export function output(withPii = true) {
  const r = rnd();
  if (r < 0.22) {
    const f = frame(pick([5, 5, 8, 10, 60]));
    return [{ mimeType: "text/plain", text: plain(f, f.rows.length > 10) }, { mimeType: "text/html", text: html(f) }];
  }
  if (r < 0.24 && withPii) {
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

export function notebookFiles(targetBytes, withPii = true) {
  const out = [];
  let bytes = 0;
  for (let k = 0; bytes < targetBytes; k++) {
    const cells = [];
    const n = int(15, 40);
    for (let i = 0; i < n; i++) {
      if (rnd() < 0.2) cells.push({ cellType: "markdown", source: `## Step ${i}\nWe train a baseline and compare it with gradient boosting. See the [docs](https://scikit-learn.org/stable/) for details.` });
      else cells.push({ source: pick(CODE), outputs: rnd() < 0.85 ? output(withPii) : [] });
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

export function pythonFile(targetBytes) {
  let s = '"""Training utilities for the churn model."""\nfrom __future__ import annotations\n\nimport argparse\nimport logging\nfrom pathlib import Path\n\nimport numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\nlogger = logging.getLogger(__name__)\n\n';
  for (let i = 0; s.length < targetBytes; i++) s += `\n${pick(PY_BLOCKS)(i)}`;
  return s;
}

export function csvFile(targetBytes) {
  const cols = ["id", "timestamp", "age", "income", "score", "feature_0", "feature_1", "feature_2", "feature_3", "category", "label"];
  let s = `${cols.join(",")}\n`;
  for (let i = 0; s.length < targetBytes; i++) {
    s += `${i},${cellValue("timestamp")},${int(18, 90)},${fmt(rnd() * 1e5, 2)},${fmt(rnd(), 4)},${fmt(num(), 6)},${fmt(num(), 6)},${fmt(num(), 6)},${fmt(num(), 6)},${pick(CATS)},${int(0, 1)}\n`;
  }
  return s;
}

export function customersCsv(targetBytes) {
  const cols = ["customer_id", "first_name", "last_name", "email", "phone", "street_address", "city", "state", "zip", "signup_date"];
  let s = `${cols.join(",")}\n`;
  for (let i = 0; s.length < targetBytes; i++) {
    const f = pick(FIRST);
    const l = pick(LAST);
    s += `${10000 + i},${f},${l},${f.toLowerCase()}.${l.toLowerCase()}${i}@example.com,${pick(["212", "415", "312"])}-555-01${String(int(0, 99)).padStart(2, "0")},${int(1, 9800)} ${pick(STREETS)},Springfield,IL,62704,2021-0${int(1, 9)}-1${int(0, 9)}\n`;
  }
  return s;
}
