/**
 * Typosquat heuristic: a name one typing slip away (transposition, dropped or doubled letter,
 * neighbouring key, look-alike character) from a popular ML/data package, and not itself a known
 * project. Names that are placeholders failing on install (`sklearn`) are reported at info.
 */
import { normalizeName } from "./names.js";

/**
 * Popular PyPI packages in ML/data work, the names squatters imitate. Sources: the packages ML
 * tutorials and the examples install; malware reports (torch, transformers, tensorflow,
 * numpy, requests typos).
 */
export const POPULAR_PACKAGES: readonly string[] = [
  "numpy", "scipy", "pandas", "polars", "pyarrow", "matplotlib", "seaborn", "plotly", "bokeh", "altair",
  "scikit-learn", "scikit-image", "statsmodels", "xgboost", "lightgbm", "catboost", "sympy", "networkx",
  "torch", "torchvision", "torchaudio", "torchtext", "pytorch-lightning", "lightning", "tensorflow",
  "tensorflow-gpu", "tensorboard", "keras", "tf-keras", "jax", "jaxlib", "flax", "optax",
  "transformers", "tokenizers", "datasets", "accelerate", "diffusers", "huggingface-hub", "safetensors",
  "sentencepiece", "sentence-transformers", "evaluate", "peft", "trl", "bitsandbytes", "deepspeed",
  "vllm", "xformers", "triton", "optimum", "onnx", "onnxruntime", "onnxruntime-gpu", "tiktoken",
  "openai", "anthropic", "langchain", "langchain-core", "langchain-community", "langchain-openai",
  "llama-index", "llama-cpp-python", "ollama", "cohere", "google-generativeai", "mistralai", "groq",
  "litellm", "chromadb", "faiss-cpu", "faiss-gpu", "pinecone-client", "weaviate-client", "qdrant-client",
  "gradio", "streamlit", "wandb", "mlflow", "optuna", "ray", "dask", "numba", "cython", "einops", "timm",
  "ultralytics", "opencv-python", "opencv-python-headless", "opencv-contrib-python", "pillow", "imageio",
  "albumentations", "kornia", "mediapipe", "librosa", "soundfile", "pydub", "nltk", "spacy", "gensim",
  "textblob", "jupyter", "jupyterlab", "notebook", "ipython", "ipykernel", "ipywidgets", "tqdm",
  "requests", "urllib3", "httpx", "aiohttp", "beautifulsoup4", "lxml", "selenium", "scrapy", "boto3",
  "botocore", "s3fs", "fsspec", "gcsfs", "google-cloud-storage", "azure-storage-blob", "kaggle", "pyyaml",
  "protobuf", "grpcio", "pydantic", "fastapi", "flask", "django", "uvicorn", "sqlalchemy", "psycopg2",
  "psycopg2-binary", "pymongo", "redis", "celery", "joblib", "cloudpickle", "dill", "h5py", "tables",
  "openpyxl", "xlrd", "tabulate", "rich", "click", "typer", "colorama", "python-dateutil", "pytz",
  "jinja2", "werkzeug", "cryptography", "paramiko", "pyjwt", "setuptools", "wheel", "pip", "certifi",
  "attrs", "six", "packaging", "pytest", "black", "tensorflow-hub", "tensorflow-datasets",
  "keras-nlp", "keras-cv", "sentence-transformers", "auto-gptq", "autoawq", "flash-attn", "unsloth",
  "shap", "lime", "imbalanced-learn", "category-encoders", "prophet", "pmdarima", "sktime",
  "torch-geometric", "dgl", "pycocotools", "hydra-core", "omegaconf", "tensorrt", "cupy", "rapids",
];

/**
 * Real projects one slip away from a popular name (never typosquats), with why: different project,
 * older name, or the project's own alias.
 */
export const KNOWN_BENIGN: Readonly<Record<string, string>> = {
  attr: "a separate, older attribute-access library",
  boto: "the predecessor of boto3",
  jinja: "Jinja 1, the predecessor of jinja2",
  pyaml: "a separate YAML pretty-printer built on PyYAML",
  panda: "a separate project",
  dataset: "the 'databases for lazy people' library",
  tokenizer: "a separate tokenizer library",
  transformer: "a separate project",
  scapy: "the packet-manipulation library",
  simpy: "the discrete-event simulation library",
  torchx: "Meta's TorchX job launcher",
  tensorboardx: "TensorBoard logging for PyTorch and others",
  torchdata: "PyTorch's data-loading library",
  keras2onnx: "the Keras to ONNX converter",
  jaxtyping: "type annotations for JAX arrays",
  numpyro: "probabilistic programming on JAX",
  num2words: "legitimate number-to-words library (only releases 0.5.15 and 0.5.16 were compromised)",
  sklearn2pmml: "scikit-learn → PMML converter",
  pandera: "dataframe validation library",
  plotnine: "grammar-of-graphics plotting",
  datasette: "data publishing tool",
  dash: "Plotly Dash",
  trio: "async library",
  nose: "the test runner",
  "keras-core": "Keras 3 preview package",
  "keras-tuner": "Keras hyper-parameter tuner",
  "torch-tb-profiler": "PyTorch TensorBoard profiler",
  "tensorflow-io": "TensorFlow I/O",
  "tensorflow-text": "TensorFlow Text",
  "tensorflow-cpu": "CPU build of TensorFlow",
  "tensorflow-intel": "Intel build of TensorFlow",
  "tensorflow-macos": "macOS build of TensorFlow",
  "tensorflow-metal": "Metal plugin of TensorFlow",
  "lightning-utilities": "Lightning helper library",
  "jupyter-core": "Jupyter core",
  "openai-whisper": "OpenAI Whisper",
  "scikit-learn-intelex": "Intel extension for scikit-learn",
  "xgboost-cpu": "CPU build of XGBoost",
  "tf-nightly": "TensorFlow nightly builds",
  "torchmetrics": "PyTorch metrics",
  "torchsummary": "PyTorch model summary",
  "torchinfo": "PyTorch model summary",
  "pydantic-core": "pydantic's core",
  "psycopg": "psycopg 3",
  "psycopg-binary": "psycopg 3 binary",
};

/**
 * Placeholder names that fail on install, with the package that was meant. Projects write these by
 * mistake; they are not attacks (yet), so they are info.
 */
export const PLACEHOLDERS: Readonly<Record<string, { meant: string; why: string }>> = {
  sklearn: { meant: "scikit-learn", why: "the sklearn package on PyPI is a deprecated placeholder that fails to install" },
  pytorch: { meant: "torch", why: "the pytorch package on PyPI is a placeholder that fails to install; the distribution is torch" },
  skimage: { meant: "scikit-image", why: "skimage is the import name; the distribution is scikit-image" },
  cv2: { meant: "opencv-python", why: "cv2 is the import name; the distribution is opencv-python" },
  pil: { meant: "pillow", why: "PIL is the import name; the maintained distribution is pillow" },
};

const KEYBOARD_ROWS = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const NEIGHBOURS = new Map<string, Set<string>>();
for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
  const row = KEYBOARD_ROWS[r] ?? "";
  for (let c = 0; c < row.length; c++) {
    const ch = row[c] ?? "";
    const set = NEIGHBOURS.get(ch) ?? new Set<string>();
    for (const dr of [-1, 0, 1]) {
      const other = KEYBOARD_ROWS[r + dr];
      if (!other) continue;
      for (const dc of [-1, 0, 1]) {
        const o = other[c + dc];
        if (o && o !== ch) set.add(o);
      }
    }
    NEIGHBOURS.set(ch, set);
  }
}
const LOOKALIKE: Record<string, string> = { "0": "o", o: "0", "1": "l", l: "1", i: "l", I: "l" };

function closeKeys(a: string, b: string): boolean {
  return NEIGHBOURS.get(a)?.has(b) === true || LOOKALIKE[a] === b || LOOKALIKE[b] === a;
}

export type Slip = "transposition" | "omission" | "duplication" | "neighbouring key" | "extra key" | "look-alike";

/** The single typing slip that turns `target` into `candidate`, if there is one. */
export function typingSlip(candidate: string, target: string): Slip | undefined {
  if (candidate === target) return undefined;
  const lc = candidate.length;
  const lt = target.length;
  if (lc === lt) {
    const diffs: number[] = [];
    for (let i = 0; i < lc && diffs.length < 3; i++) if (candidate[i] !== target[i]) diffs.push(i);
    if (diffs.length === 1) {
      const i = diffs[0] ?? 0;
      const a = candidate[i] ?? "";
      const b = target[i] ?? "";
      if (LOOKALIKE[a] === b || LOOKALIKE[b] === a) return "look-alike";
      return closeKeys(a, b) ? "neighbouring key" : undefined;
    }
    if (diffs.length === 2) {
      const [i, j] = diffs as [number, number];
      if (j === i + 1 && candidate[i] === target[j] && candidate[j] === target[i]) return "transposition";
    }
    return undefined;
  }
  if (lc === lt - 1) {
    // One character of target dropped.
    for (let i = 0; i < lt; i++) {
      if (target.slice(0, i) + target.slice(i + 1) === candidate) return "omission";
    }
    return undefined;
  }
  if (lc === lt + 1) {
    for (let i = 0; i < lc; i++) {
      if (candidate.slice(0, i) + candidate.slice(i + 1) !== target) continue;
      const extra = candidate[i] ?? "";
      if (extra === candidate[i - 1] || extra === candidate[i + 1]) return "duplication";
      // A character appended is how real projects name variants (torchx, tensorboardX, torch2): not a slip.
      if (i === lc - 1) return undefined;
      const near = [candidate[i - 1], candidate[i + 1]].some((c) => c !== undefined && closeKeys(extra, c));
      return near ? "extra key" : undefined;
    }
    return undefined;
  }
  if (candidate === target.replace("m", "rn") || target === candidate.replace("m", "rn")) return "look-alike";
  return undefined;
}

const POPULAR_SET = new Set(POPULAR_PACKAGES.map(normalizeName));

export function isKnownLegit(name: string, extraAllowed: readonly string[] = []): boolean {
  return POPULAR_SET.has(name) || name in KNOWN_BENIGN || extraAllowed.some((n) => normalizeName(n) === name);
}

export interface TyposquatHit {
  target: string;
  slip: Slip;
}

/** The popular package `name` imitates, if any. `name` is PEP 503 normalised. */
export function typosquatOf(name: string, extraAllowed: readonly string[] = []): TyposquatHit | undefined {
  if (name.length < 4 || isKnownLegit(name, extraAllowed) || name in PLACEHOLDERS) return undefined;
  for (const target of POPULAR_SET) {
    // Short names have too many legitimate neighbours.
    if (target.length < 5) continue;
    if (Math.abs(target.length - name.length) > 1) continue;
    const slip = typingSlip(name, target);
    if (!slip) continue;
    if (target.length === 5 && (slip === "neighbouring key" || slip === "extra key")) continue;
    return { target, slip };
  }
  return undefined;
}
