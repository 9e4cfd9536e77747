/**
 * Walks Keras metadata JSON (from keras_metadata.pb or SavedUserObject.metadata) for Lambda layers
 * and module references, like the Keras detector does for .h5/.keras configs. The whole tree is
 * walked, not only the top-level layer list (nested models, wrappers, initializers, losses…).
 */
import type { Severity } from "@watchtower/types";

import { decodeBase64, judgeCodeStrings, marshalStrings } from "./marshal.js";

export interface KerasHit {
  ruleId: "tensorflow/keras-metadata-lambda" | "tensorflow/keras-metadata-unsafe-module";
  severity: Severity;
  message: string;
  evidence: string;
  /** JSON path inside the metadata object ("config.layers[2]"). */
  path: string;
}

/** Module roots that the loader may import without concern. */
const SAFE_MODULE_ROOTS = new Set([
  "keras", "tf_keras", "tensorflow", "tf", "numpy", "math", "keras_nlp", "keras_cv", "keras_hub",
  "tensorflow_hub", "tensorflow_addons", "tensorflow_text", "tensorflow_probability", "transformers",
]);

/** Module roots whose import or use is an attack (modelaudit's dangerous list, §2.4). */
const DANGEROUS_MODULE_ROOTS = new Map<string, string>([
  ["os", "operating-system access"], ["posix", "operating-system access"], ["nt", "operating-system access"],
  ["sys", "interpreter internals"], ["subprocess", "runs commands"], ["builtins", "eval/exec/open"],
  ["__builtin__", "eval/exec/open"], ["importlib", "imports arbitrary modules"], ["shutil", "deletes or copies files"],
  ["socket", "network access"], ["http", "network access"], ["urllib", "network access"], ["requests", "network access"],
  ["pickle", "unpickles arbitrary objects"], ["_pickle", "unpickles arbitrary objects"], ["marshal", "loads bytecode"],
  ["dill", "unpickles arbitrary objects"], ["ctypes", "calls native code"], ["code", "runs Python code"],
  ["runpy", "runs Python modules"], ["webbrowser", "opens URLs"], ["pip", "installs packages"],
  ["setuptools", "builds and installs packages"], ["distutils", "builds and installs packages"], ["pty", "spawns shells"],
  ["operator", "attrgetter/methodcaller gadgets"], ["functools", "partial gadgets"], ["types", "builds code objects"],
]);

const MAX_DEPTH = 64;
const MAX_HITS = 200;

function moduleRoot(module: string): string {
  return module.split(".")[0] ?? module;
}

function judgeModule(module: string): { severity: Severity; why: string } | undefined {
  const root = moduleRoot(module);
  const danger = DANGEROUS_MODULE_ROOTS.get(root);
  if (danger) return { severity: "critical", why: `${root} (${danger})` };
  if (SAFE_MODULE_ROOTS.has(root)) return undefined;
  if (root === "__main__") return { severity: "low", why: "code from the training script (custom object)" };
  return { severity: "medium", why: "a module outside Keras and TensorFlow" };
}

function lambdaVerdict(config: Record<string, unknown>): { severity: Severity; detail: string; evidence: string } {
  const fn = config["function"];
  const fnType = typeof config["function_type"] === "string" ? (config["function_type"] as string) : "";
  const module = typeof config["module"] === "string" ? (config["module"] as string) : "";
  // Keras 3: {"class_name": "__lambda__", "config": {"code": base64, ...}}
  let code: string | undefined;
  if (Array.isArray(fn) && typeof fn[0] === "string") code = fn[0];
  else if (fn && typeof fn === "object" && !Array.isArray(fn)) {
    const inner = (fn as Record<string, unknown>)["config"];
    if (inner && typeof inner === "object" && typeof (inner as Record<string, unknown>)["code"] === "string") {
      code = (inner as Record<string, unknown>)["code"] as string;
    }
  } else if (typeof fn === "string" && fnType === "lambda") code = fn;
  if (code !== undefined) {
    const bytes = decodeBase64(code);
    if (!bytes) return { severity: "high", detail: "its bytecode is not valid base64 and cannot be inspected", evidence: "Lambda" };
    const verdict = judgeCodeStrings(marshalStrings(bytes));
    if (verdict.hits.length > 0) {
      return {
        severity: verdict.severity,
        detail: `its marshalled bytecode uses ${verdict.hits.join(", ")}`,
        evidence: `Lambda: ${verdict.hits.join(", ")}`,
      };
    }
    // The same verdict as keras/lambda-layer for .h5 and .keras: arbitrary bytecode that
    // load_model() unmarshals and the first call runs.
    return { severity: "high", detail: "it carries marshalled Python bytecode that runs when the layer is called", evidence: "Lambda" };
  }
  if (typeof fn === "string") {
    const where = module ? `${module}.${fn}` : fn;
    const judged = module ? judgeModule(module) : undefined;
    if (judged && judged.severity === "critical") {
      return { severity: "critical", detail: `its function is ${where}, from ${judged.why}`, evidence: `Lambda: ${where}` };
    }
    return { severity: "medium", detail: `its function is the Python function ${where}`, evidence: `Lambda: ${where}` };
  }
  return { severity: "medium", detail: "it wraps a Python function", evidence: "Lambda" };
}

/** Walks one parsed metadata object; hits are pushed until {@link MAX_HITS}. */
export function walkKerasMetadata(root: unknown): KerasHit[] {
  const hits: KerasHit[] = [];
  const visit = (value: unknown, path: string, depth: number, lambdaConfig = false): void => {
    if (hits.length >= MAX_HITS || depth > MAX_DEPTH || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      return;
    }
    const obj = value as Record<string, unknown>;
    const className = typeof obj["class_name"] === "string" ? (obj["class_name"] as string) : undefined;
    const config = obj["config"] && typeof obj["config"] === "object" ? (obj["config"] as Record<string, unknown>) : undefined;
    const isLambda = className === "Lambda" || className?.endsWith(">Lambda") || className === "keras.layers.Lambda";
    if (isLambda && config) {
      const v = lambdaVerdict(config);
      hits.push({
        ruleId: "tensorflow/keras-metadata-lambda",
        severity: v.severity,
        message: `Keras Lambda layer ${typeof config["name"] === "string" ? `"${config["name"]}" ` : ""}at ${path || "<root>"}: ${v.detail}.`,
        evidence: v.evidence,
        path,
      });
    }
    for (const key of ["module", "fn_module"]) {
      const module = obj[key];
      // A Lambda's own "module" (Keras 2 keeps it inside the layer config) is where its function
      // lives; the Lambda verdict covers it.
      if (typeof module !== "string" || module === "" || (lambdaConfig && key === "module")) continue;
      const judged = judgeModule(module);
      if (!judged) continue;
      const name = className ?? (typeof obj["function"] === "string" ? (obj["function"] as string) : "?");
      hits.push({
        ruleId: "tensorflow/keras-metadata-unsafe-module",
        severity: judged.severity,
        message: `Keras metadata at ${path || "<root>"} loads ${name} from module "${module}": ${judged.why}.`,
        evidence: `${module}.${name}`,
        path,
      });
    }
    for (const [k, v] of Object.entries(obj)) {
      if (lambdaConfig && (k === "output_shape_module" || k === "module")) continue;
      visit(v, path ? `${path}.${k}` : k, depth + 1, isLambda === true && k === "config");
    }
  };
  visit(root, "", 0);
  return hits;
}
