/**
 * Person names. Evidence, strongest first: a column or key that names a person (first_name,
 * customer_name …), the bare `name` column with a person-looking value, salutations and signatures
 * ("Dear …", "Regards,\n…", "Mr …"), and in printed data a known first name followed by a surname.
 * First names and surnames come from the compromise lexicon (generated table, see scripts/).
 */
import type { Field } from "../model.js";
import { collapseSpaces } from "../text.js";
import type { Scan } from "./common.js";
import { columnAt, inDataLiteral } from "./common.js";

/**
 * Method, distribution and algorithm names that are also people's names: in ML text "Adam",
 * "Xavier" or "Pearson" is an optimiser, an initialiser or a correlation, not a person.
 */
export const EPONYMS = new Set([
  "adam", "adamw", "nadam", "adamax", "adagrad", "adadelta", "pearson", "spearman", "kendall", "bayes", "bayesian",
  "gauss", "gaussian", "markov", "euler", "newton", "laplace", "laplacian", "poisson", "bernoulli", "xavier",
  "kaiming", "glorot", "he", "lecun", "nesterov", "huber", "hamming", "hann", "hanning", "kalman", "fisher", "student",
  "wilcoxon", "mann", "whitney", "kolmogorov", "smirnov", "shapiro", "wilk", "levene", "bonferroni", "tukey", "cohen",
  "jaccard", "levenshtein", "dice", "sorensen", "manhattan", "chebyshev", "mahalanobis", "minkowski", "dirichlet",
  "weibull", "cauchy", "boltzmann", "gibbs", "metropolis", "hastings", "lanczos", "fourier", "hilbert", "hessian",
  "jacobian", "lagrange", "lagrangian", "dijkstra", "kruskal", "viterbi", "nash", "shapley", "gini", "elman",
  "hopfield", "kohonen", "parzen", "tikhonov", "ising", "potts", "heaviside", "dirac", "kronecker", "cholesky",
  "householder", "givens", "jensen", "shannon", "kullback", "leibler", "wasserstein", "sinkhorn", "procrustes",
  "gumbel", "welch", "bartlett", "blackman", "kaiser", "tanimoto", "otsu", "canny", "sobel", "gabor", "hough",
  "box", "cox", "yeo", "holt", "winters", "granger", "dickey", "fuller", "durbin", "ljung", "akaike", "huffman",
  "lempel", "ziv", "nelder", "mead", "broyden", "goldfarb", "shanno", "polyak", "robbins", "monro", "wolfe", "armijo",
  "levenberg", "marquardt", "runge", "kutta", "simpson", "romberg", "legendre", "hermite", "laguerre", "bessel",
  "voronoi", "delaunay", "bezier", "perlin", "turing", "hebb", "hebbian", "rosenblatt", "pareto", "zipf", "benford",
  "lorentz", "lorenz", "maxwell", "cramer", "rao", "wald", "neyman", "tweedie", "gamma", "beta", "erlang", "rayleigh",
  "rician", "student's", "mcnemar", "friedman", "kruskal-wallis", "dunn", "scheffe", "ward", "lloyd", "elkan",
  "hartigan", "kmeans", "mercer", "nystrom", "rademacher", "hoeffding", "chernoff", "markowitz", "sharpe", "black",
  "scholes", "nelson", "siegel", "hodrick", "prescott", "kaplan", "meier", "cox's", "brier", "matthews", "youden",
]);

/** Capitalised words that follow a first name in technical text and are not surnames. */
const NOT_SURNAMES = new Set([
  "optimizer", "optimiser", "distribution", "process", "chain", "chains", "model", "models", "network", "networks",
  "net", "init", "initialization", "initialisation", "initializer", "normal", "uniform", "kernel", "filter",
  "transform", "test", "loss", "score", "index", "coefficient", "correlation", "method", "algorithm", "regression",
  "classifier", "estimator", "sampler", "sampling", "noise", "mixture", "field", "theorem", "rule", "law", "equation",
  "function", "series", "approximation", "layer", "attention", "encoder", "decoder", "dataset", "data", "set", "tree",
  "forest", "machine", "learning", "cluster", "clustering", "distance", "similarity", "divergence", "entropy", "norm",
  "matrix", "vector", "space", "graph", "walk", "point", "curve", "interpolation", "smoothing", "window", "error",
  "metric", "metrics", "statistic", "statistics", "criterion", "information", "dropout", "activation", "unit", "units",
  "cell", "cells", "block", "module", "tokenizer", "pipeline", "config", "street", "university", "college", "institute",
  "hospital", "inc", "corp", "ltd", "llc", "company", "group", "team", "labs", "lab", "ai", "research", "station",
  "airport", "city", "county", "state", "park", "river", "lake", "mountain", "island", "bay", "beach", "valley",
  "high", "school", "center", "centre", "bank", "capital", "avenue", "road", "square", "hall", "house", "tower",
  "bridge", "museum", "library", "church", "cathedral", "stadium", "arena", "theatre", "theater", "hotel", "press",
  "times", "post", "journal", "review", "news", "daily", "weekly", "monthly", "quarterly", "annual", "report", "award",
  "prize", "medal", "fellowship", "foundation", "trust", "fund", "act", "bill", "amendment", "treaty", "agreement",
  "project", "program", "programme", "initiative", "challenge", "competition", "cup", "league", "open", "championship",
  "tournament", "festival", "conference", "workshop", "summit", "forum", "meeting", "lecture", "course", "class",
  "lesson", "tutorial", "notebook", "example", "demo", "sample", "version", "release", "update", "patch", "fix",
  "feature", "features", "mode", "type", "style", "format", "api", "sdk", "cli", "gpu", "cpu", "tpu", "cuda",
  "plot", "chart", "figure", "table", "image", "images", "video", "audio", "text", "token", "tokens", "embedding",
  "embeddings", "vectors", "weights", "bias", "gradient", "gradients", "descent", "ascent", "momentum", "rate",
  "schedule", "scheduler", "decay", "warmup", "epoch", "epochs", "batch", "batches", "step", "steps", "iteration",
  "iterations", "training", "validation", "testing", "inference", "prediction", "predictions", "accuracy", "precision",
  "recall", "curve", "auc", "roc", "mse", "mae", "rmse", "variance", "mean", "median", "mode", "deviation", "sum",
  "count", "total", "average", "max", "min", "value", "values", "number", "numbers", "list", "dict", "map", "array",
  "tensor", "tensors", "shape", "size", "length", "width", "height", "depth", "name", "names", "id", "ids", "key",
  "keys", "label", "labels", "class", "classes", "category", "categories", "group", "groups", "item", "items",
  "object", "objects", "instance", "instances", "process", "processes", "random", "variable", "variables",
  "transformer", "transformers", "bert", "gpt", "llama", "resnet", "vgg", "unet", "gan", "vae", "rnn", "lstm", "gru",
  "cnn", "mlp", "svm", "knn", "pca", "lda", "tsne", "umap", "xgboost", "lightgbm", "catboost", "and", "or", "the",
  "of", "in", "on", "at", "to", "for", "with", "by", "from", "is", "was", "are", "were", "be", "been", "has", "have",
  "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "not", "no", "yes", "ok",
  "true", "false", "none", "null", "nan", "inf", "infinity", "january", "february", "march", "april", "june",
  "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
  "friday", "saturday", "sunday", "north", "south", "east", "west", "new", "old", "big", "small", "great", "little",
  "pooling", "pool", "normalization", "normalisation", "scaler", "encoding", "padding", "period", "setosa",
  "versicolor", "virginica", "regressor", "boost", "boosting", "search", "split", "splits", "fold", "folds",
  "sequential", "dense", "conv", "linear", "logistic", "neighbors", "neighbours", "means", "medoids", "bag", "bagging",
]);

/** Textbook placeholders: not reported in code and docs. */
const PLACEHOLDER_NAMES = new Set(["john doe", "jane doe", "john smith", "jane smith", "max mustermann", "erika mustermann", "foo bar", "test user", "john q public", "joe bloggs", "jan kowalski", "mario rossi"]);

const TITLES = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|Master|Lady|Lord)\.?$/;
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "bin", "binti", "al", "el", "ibn", "dos", "das", "du", "st", "st.", "y", "e", "ter", "ten", "mac", "zu"]);
const CAP_TOKEN = /^\p{Lu}[\p{Ll}'’.-]{0,30}$|^\p{Lu}\p{Ll}{0,12}[-'’]\p{Lu}\p{Ll}{1,20}$/u;
const UPPER_TOKEN = /^\p{Lu}{2,20}$/u;
const LOWER_TOKEN = /^\p{Ll}[\p{Ll}'’-]{1,30}$/u;

type Strength = "specific" | "generic" | "free";

/** Lower case without accents, for lexicon look-ups ("Seán" → "sean"). */
function fold(s: string): string {
  // ASCII has no accents to strip (and NFD leaves it unchanged).
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function tokensOf(value: string): string[] | undefined {
  let v = collapseSpaces(value);
  // "Braund, Mr. Owen Harris" / "Smith, John"
  const comma = v.split(",");
  if (comma.length === 2) v = `${comma[1]!.trim()} ${comma[0]!.trim()}`;
  else if (comma.length > 2) return undefined;
  const toks = v.split(" ").filter((t) => !TITLES.test(t));
  return toks.length > 0 && toks.length <= 5 ? toks : undefined;
}

const PERSON_LIKE = new Map<string, boolean>();

/** Forgets the memoised answers (called per source, so memory stays bounded). */
export function clearNameCache(): void {
  PERSON_LIKE.clear();
}

/** True when `value` reads as a person's name at the given strength of context (memoised: renders repeat values). */
export function personLike(scan: Scan, value: string, strength: Strength, titled = false): boolean {
  const key = `${strength[0]}${titled ? 1 : 0}${value}`;
  const cached = PERSON_LIKE.get(key);
  if (cached !== undefined) return cached;
  const result = personLikeUncached(scan, value, strength, titled);
  if (PERSON_LIKE.size > 20_000) PERSON_LIKE.clear();
  PERSON_LIKE.set(key, result);
  return result;
}

function personLikeUncached(scan: Scan, value: string, strength: Strength, titled: boolean): boolean {
  if (value.length < 2 || value.length > 80 || /[\d_@/\\:;=<>{}[\]()"|#$%&*+]/.test(value)) return false;
  const toks = tokensOf(value);
  if (!toks) return false;
  const lower = toks.map(fold);
  const { firstNames, lastNames } = scan.libs;
  if (strength === "free" && !titled) {
    // Free text without a title needs a known first name first: decide that before anything else.
    const firstCore = lower.find((t) => !PARTICLES.has(t));
    if (firstCore === undefined || !firstNames.has(firstCore)) return false;
  }
  const caps = toks.every((t) => CAP_TOKEN.test(t) || PARTICLES.has(t.toLowerCase()));
  const allUpper = toks.every((t) => UPPER_TOKEN.test(t) || PARTICLES.has(t.toLowerCase()));
  const allLower = toks.every((t) => LOWER_TOKEN.test(t));
  if (lower.some((t) => NOT_SURNAMES.has(t))) return false;
  const core = lower.filter((t) => !PARTICLES.has(t));
  if (core.length === 0) return false;
  const first = core[0]!;
  const last = core[core.length - 1]!;
  const known = firstNames.has(first) || lastNames.has(last) || (core.length === 1 && lastNames.has(first));
  const eponym = core.some((t) => EPONYMS.has(t));
  if (strength === "specific") {
    if (!(caps || allUpper || allLower)) return false;
    // A column that names a person: any capitalised word(s) will do, but a lone method name in a
    // lower-case export is still a method name.
    return !(allLower && eponym && core.length === 1);
  }
  if (!caps) return false;
  if (strength === "generic") {
    if (core.length === 1) return (firstNames.has(first) || titled) && !eponym;
    if (eponym && !(firstNames.has(first) && lastNames.has(last))) return false;
    return known || titled;
  }
  // free text: a known first name and a surname-looking word
  if (core.length < 2) return titled && !eponym && (firstNames.has(first) || lastNames.has(first));
  if (!firstNames.has(first)) return titled && !eponym;
  if (eponym && !lastNames.has(last)) return false;
  return core.slice(1).every((t) => t.length >= 2 && !t.endsWith("."));
}

/** Lines that attribute work (git log, trailers, package metadata): names there are not leaks. */
const ATTRIBUTION_LINE = /^\s*(?:[-*]\s*)?(?:author|authors|commit|committer|co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|maintainer|maintainers|maintained by|contributors?|copyright|__author__|merge)\b/i;

function attribution(scan: Scan, offset: number): boolean {
  const start = scan.text.lastIndexOf("\n", offset - 1) + 1;
  return ATTRIBUTION_LINE.test(scan.text.slice(start, Math.min(scan.text.length, start + 200)));
}

function add(scan: Scan, offset: number, raw: string, basis: string, f?: Field): void {
  if (!f && attribution(scan, offset)) return;
  const normalized = collapseSpaces(raw).toLowerCase();
  const length = f ? f.length : raw.length;
  if (scan.seg.mode !== "data" && PLACEHOLDER_NAMES.has(normalized) && !(f && inDataLiteral(scan, f.offset, f.length))) return;
  scan.add({
    entity: "person-name",
    offset,
    length,
    normalized,
    severity: "low",
    basis,
    ...(f ? { key: f.key, ...(f.column === undefined ? {} : { column: f.column }) } : columnAt(scan, offset, raw.length)),
  });
}

const COLUMN_VOTES = new WeakMap<Scan, Map<string, boolean>>();

/**
 * A bare `name` column is a column of people when most of its values read as names by the lexicon;
 * then its other capitalised values ("Li Wei", "Kofi Mensah") count too.
 */
function personColumn(scan: Scan, column: string): boolean {
  let votes = COLUMN_VOTES.get(scan);
  if (!votes) COLUMN_VOTES.set(scan, (votes = new Map()));
  const cached = votes.get(column);
  if (cached !== undefined) return cached;
  const values = scan.fields.filter((f) => f.column === column).map((f) => f.value.trim());
  const yes = values.filter((v) => personLike(scan, v, "generic")).length;
  const result = values.length >= 2 && yes / values.length >= 0.5;
  votes.set(column, result);
  return result;
}

export function nameFromField(scan: Scan, f: Field): void {
  const v = f.value.trim();
  let strength: Strength = f.kind === "name" ? "specific" : "generic";
  if (strength === "generic" && f.column !== undefined && !personLike(scan, v, "generic") && personColumn(scan, f.column)) {
    // in a column of people, any capitalised multi-word value without technical words
    if (/\s/.test(v)) strength = "specific";
  }
  if (personLike(scan, v, strength)) add(scan, f.offset, v, "column or key", f);
}

const NAME_WORD = "\\p{Lu}[\\p{Ll}'’-]{1,24}";
const NAME_SEQ = `${NAME_WORD}(?: \\p{Lu}\\.)?(?: ${NAME_WORD}){0,2}`;
const SALUTATION = new RegExp(`(?<!\\p{L})(?:Dear|Hi|Hello|Hey|Attn:?|Attention:?)\\s{1,3}(?:((?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.?) )?(${NAME_SEQ})`, "gu");
const TITLED = new RegExp(`(?<!\\p{L})(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.? (${NAME_SEQ})`, "gu");
const SIGNATURE = new RegExp(`(?<!\\p{L})(?:Regards|Best regards|Kind regards|Warm regards|Sincerely|Yours truly|Yours sincerely|Best wishes|Thanks|Thank you|Cheers|Best),?[ \\t]{0,3}(?:\\n|\\\\n|\\r\\n)[ \\t]{0,8}(${NAME_SEQ})`, "gu");
/** A role word right before a capitalised name: "Customer Priya Natarajan", "patient: Li Wei", "named Ana Souza". */
const ROLE = new RegExp(`(?<!\\p{L})(?:[Cc]ustomer|[Pp]atient|[Ee]mployee|[Aa]pplicant|[Pp]assenger|[Cc]lient|[Cc]ontact|[Mm]ember|[Ss]tudent|[Cc]ardholder|[Aa]ccount holder|[Rr]ecipient|[Ss]ender|[Bb]uyer|[Tt]enant|[Bb]orrower|[Bb]eneficiary|[Nn]amed|[Cc]alled|[Uu]ser)(?: name)?:? {1,3}(${NAME_SEQ})`, "gu");
/** Literal words the patterns above start with (case as in the patterns). */
const SALUTATION_WORD = /Dear|Hi|He(?:llo|y)|Att(?:n|ention)/;
const SIGNATURE_WORD = /Regards|regards|Sincerely|Yours|Best|Thank|Cheers/;
const ROLE_WORD = /[Cc]ustomer|[Pp]atient|[Ee]mployee|[Aa]pplicant|[Pp]assenger|[Cc]lient|[Cc]ontact|[Mm]ember|[Ss]tudent|[Cc]ardholder|[Aa]ccount holder|[Rr]ecipient|[Ss]ender|[Bb]uyer|[Tt]enant|[Bb]orrower|[Bb]eneficiary|[Nn]amed|[Cc]alled|[Uu]ser/;
const TITLE_WORD = /Mr|Ms|Miss|Mx|Dr|Prof/;
/** Any of the four, in one pass. */
const ANY_WORD = new RegExp([SALUTATION_WORD, SIGNATURE_WORD, ROLE_WORD, TITLE_WORD].map((r) => r.source).join("|"));
const PAIR = new RegExp(`(?<![\\p{L}\\p{N}_.'’-])${NAME_WORD}(?: \\p{Lu}\\.)? ${NAME_WORD}(?: ${NAME_WORD})?(?![\\p{L}\\p{N}_'’-])`, "uy");
/**
 * Where a PAIR match's first word ends: its last letter, a space and a capital. A scan for this is
 * several times cheaper than PAIR's own scan (its lookbehind is tried at every position); the first
 * word's start is then the capital before the run of lower-case letters, and PAIR is tried there.
 */
const PAIR_GATE = /[\p{Ll}'’-] \p{Lu}/gu;
const PAIR_GATE_ASCII = /[a-z'-] [A-Z]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const NAME_TAIL = /^[\p{Ll}'’-]$/u;
const UPPER = /^\p{Lu}$/u;

/** The code point that ends right before `pos` (surrogate pairs count as one). */
function codePointBefore(text: string, pos: number): string {
  const low = text.charCodeAt(pos - 1);
  if (low >= 0xdc00 && low <= 0xdfff && pos >= 2) {
    const high = text.charCodeAt(pos - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(pos - 2, pos);
  }
  return text.slice(pos - 1, pos);
}

/** The matches a global scan with PAIR would find. */
function pairs(text: string): { index: number; raw: string }[] {
  const out: { index: number; raw: string }[] = [];
  let from = 0;
  // On ASCII text the gate needs no Unicode classes (the same positions, found faster).
  const gate = NON_ASCII.test(text) ? PAIR_GATE : PAIR_GATE_ASCII;
  gate.lastIndex = 0;
  for (let g = gate.exec(text); g !== null; g = gate.exec(text)) {
    // g.index starts the first word's last letter; walk back over the word's tail (at most 24 letters).
    let pos = g.index;
    let letters = 1;
    while (pos > 0 && letters < 24) {
      const cp = codePointBefore(text, pos);
      if (!NAME_TAIL.test(cp)) break;
      pos -= cp.length;
      letters++;
    }
    if (pos === 0) continue;
    const capital = codePointBefore(text, pos);
    const start = pos - capital.length;
    if (start < from || !UPPER.test(capital)) continue;
    PAIR.lastIndex = start;
    const m = PAIR.exec(text);
    if (m === null) continue;
    out.push({ index: start, raw: m[0] });
    from = start + m[0].length;
  }
  return out;
}

/** Trims a matched name sequence to the longest prefix that still reads as a name. */
function trimName(scan: Scan, seq: string, titled: boolean): string | undefined {
  const words = seq.split(" ");
  for (let n = words.length; n >= 1; n--) {
    const cand = words.slice(0, n).join(" ");
    if (personLike(scan, cand, "generic", titled)) return cand;
  }
  return undefined;
}

/** `pairGate: false` says the text has no lower-case letter, space and capital (so no PAIR match): the triage knows. */
export function findNames(scan: Scan, pairGate = true): void {
  const text = scan.text;
  const mode = scan.seg.mode;
  if (mode === "code") return;
  // Each pattern starts with a literal word: texts without one are skipped without running it.
  const words = ANY_WORD.test(text);
  if (words && SALUTATION_WORD.test(text)) for (const m of text.matchAll(SALUTATION)) {
    const seq = m[2]!;
    const name = trimName(scan, seq, m[1] !== undefined);
    if (name) add(scan, m.index + m[0].length - seq.length, name, "salutation");
  }
  if (words && SIGNATURE_WORD.test(text)) for (const m of text.matchAll(SIGNATURE)) {
    const seq = m[1]!;
    const name = trimName(scan, seq, false);
    if (name) add(scan, m.index + m[0].length - seq.length, name, "signature");
  }
  if (words && ROLE_WORD.test(text)) for (const m of text.matchAll(ROLE)) {
    const seq = m[1]!;
    const words = seq.split(" ");
    let name = trimName(scan, seq, false);
    // Two or three capitalised words after a role word read as a name even when the lexicon does not know them.
    if (!name && words.length >= 2 && personLike(scan, words.slice(0, 3).join(" "), "specific") && !words.some((w) => EPONYMS.has(w.toLowerCase()))) {
      name = words.slice(0, 3).join(" ");
    }
    if (name) add(scan, m.index + m[0].length - seq.length, name, "role word");
  }
  if (words && TITLE_WORD.test(text)) for (const m of text.matchAll(TITLED)) {
    const seq = m[1]!;
    const name = trimName(scan, seq, true);
    if (name) add(scan, m.index + m[0].length - seq.length, name, "title");
  }
  if (mode !== "data" || !pairGate) return;
  for (const m of pairs(text)) {
    // "Patient John Kowalski": try the whole run, then its first and last two words.
    const words = m.raw.split(" ");
    const tries: [number, string][] = [[0, m.raw]];
    if (words.length === 3) tries.push([0, `${words[0]} ${words[1]}`], [words[0]!.length + 1, `${words[1]} ${words[2]}`]);
    const hit = tries.find(([, cand]) => personLike(scan, cand, "free"));
    if (hit) add(scan, m.index + hit[0], hit[1], "first name and surname");
  }
}
