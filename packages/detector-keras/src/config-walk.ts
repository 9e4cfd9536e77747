/**
 * Walks a whole Keras config (Keras 2 `model_config`/`training_config` from H5, Keras 3
 * `config.json`) and decides what in it can run code at load time. Every object with a `class_name`
 * is looked at wherever it sits: nested models, wrappers (Bidirectional, TimeDistributed),
 * initializers, regularizers, constraints, activations, losses, metrics, optimizers.
 */
import type { RuleMeta, Severity } from "@watchtower/types";

import { decodeBase64, looksLikeBase64 } from "./base64.js";
import { kerasBuiltinNames } from "./keras-names.js";
import { looksLikeMarshalledCode, parseMarshalledCode, summarizeCode } from "./marshal.js";
import type { PickleLimits } from "./pickle.js";
import { scanPickle } from "./pickle.js";
import { classifyPickle } from "./pickle-verdict.js";
import {
  CUSTOM_OBJECT,
  EMBEDDED_PICKLE,
  LAMBDA_LAYER,
  NON_MODELING_FUNCTION,
  REMOTE_FILE_FETCH,
  TORCH_MODULE_WRAPPER,
  UNSAFE_DESERIALIZATION_FLAG,
  UNSAFE_MODULE,
} from "./rules.js";
import {
  DANGEROUS_BUILTINS,
  DANGEROUS_CODE_NAMES,
  DANGEROUS_MODULE_ROOTS,
  GADGET_CLASSES,
  GADGET_MODULE_COMPONENTS,
  KERAS_GADGET_FUNCTIONS,
  KERAS_MODULE_ROOTS,
  KNOWN_ML_NAMESPACES,
  KNOWN_THIRD_PARTY_CLASSES,
} from "./tables.js";

export interface ConfigFinding {
  rule: RuleMeta;
  severity: Severity;
  message: string;
  /** JSON path inside the config, e.g. `config.layers[2].config.function`. */
  path: string;
  evidence: string;
  data?: Record<string, string | number | boolean | readonly string[]>;
}

export interface WalkOptions {
  strictModels: boolean;
  maxDepth: number;
  pickle: PickleLimits;
  /** Decodes a TorchModuleWrapper payload (torch.save bytes) into pickle streams to scan. */
  torchPickles?: (payload: Uint8Array) => Uint8Array[];
}

export interface WalkResult {
  findings: ConfigFinding[];
  /** Reasons the config could not be fully analysed. */
  incomplete: string[];
  notes: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const MODULE_NAME = /^[a-z_]\w{0,99}(?:\.[a-z_]\w{0,99}){0,30}$/i;
const URL_RE = /\b(?:https?|ftp|s3|gs|hdfs):\/\/[^\s"'<>\\]{1,2048}/gi;
const IDENT_RE = /[a-z_]\w{0,99}/gi;
const MIN_BASE64_PAYLOAD = 40;
/** Dunder class names Keras 3 uses for plain Python values inside configs. */
const VALUE_CLASSES = new Set([
  "__tuple__",
  "__keras_tensor__",
  "__tensor__",
  "__numpy__",
  "__bytes__",
  "__ellipsis__",
  "__slice__",
  "__typespec__",
  "__lambda__",
]);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: Json | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** URLs are shown as evidence: credentials in them (`https://user:token@host`) are masked. */
function redactUserinfo(url: string): string {
  return url.replace(/^([a-z0-9]{1,10}:\/\/)[^/@\s]{1,512}@/i, "$1***@");
}

function lastComponent(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? name : name.slice(i + 1);
}

function tokens(s: string): string[] {
  return s.length > 100_000 ? [] : (s.match(IDENT_RE) ?? []);
}

/** Dangerous module entry for a dotted module name (root, or a listed two-component prefix). */
function dangerousModule(module: string): string | undefined {
  const parts = module.split(".");
  const two = parts.slice(0, 2).join(".");
  return DANGEROUS_MODULE_ROOTS.get(two) ?? DANGEROUS_MODULE_ROOTS.get(parts[0] ?? "");
}

function isBuiltinsModule(module: string): boolean {
  return module === "builtins" || module === "__builtin__" || module === "__builtins__";
}

/** Names in Lambda code or strings that are dangerous, with the reason for each. */
function dangerousNames(candidates: Iterable<string>): string[] {
  const hits = new Set<string>();
  for (const n of candidates) if (DANGEROUS_CODE_NAMES.has(n)) hits.add(n);
  return [...hits].sort();
}

interface RefVerdict {
  rule: RuleMeta;
  severity: Severity;
  why: string;
}

class Walker {
  readonly findings: ConfigFinding[] = [];
  readonly incomplete: string[] = [];
  readonly notes: string[] = [];
  private readonly urls = new Set<string>();
  private readonly getFileRefs: { path: string; evidence: string }[] = [];
  /** Strings already analysed as a function payload (not to be re-reported by the generic sniff). */
  private readonly handled = new Set<Json>();
  private readonly flagged = new Set<string>();

  constructor(private readonly opts: WalkOptions) {}

  /** Findings that repeat per object (the same custom class in 200 layers) are merged. */
  private readonly merged = new Map<string, ConfigFinding>();

  private add(f: ConfigFinding): void {
    if (f.rule === CUSTOM_OBJECT || f.rule === UNSAFE_MODULE || f.rule === NON_MODELING_FUNCTION) {
      const key = `${f.rule.id}\0${f.severity}\0${f.evidence}`;
      const prev = this.merged.get(key);
      if (prev) {
        const paths = (prev.data?.["paths"] as readonly string[] | undefined) ?? [prev.path];
        const count = ((prev.data?.["count"] as number | undefined) ?? 1) + 1;
        prev.data = { ...prev.data, count, paths: paths.length < 20 ? [...paths, f.path] : paths };
        return;
      }
      this.merged.set(key, f);
    }
    this.findings.push(f);
  }

  walk(root: Json): void {
    const stack: { v: Json; path: string; depth: number }[] = [{ v: root, path: "", depth: 0 }];
    let depthReported = false;
    while (stack.length > 0) {
      const { v, path, depth } = stack.pop() ?? { v: null, path: "", depth: 0 };
      if (depth > this.opts.maxDepth) {
        if (!depthReported) this.incomplete.push(`config nesting deeper than ${this.opts.maxDepth} levels at ${path}`);
        depthReported = true;
        continue;
      }
      if (typeof v === "string") {
        this.visitString(v, path);
      } else if (Array.isArray(v)) {
        // Numbers, booleans and nulls (weights in `__numpy__` values …) need no visit.
        for (let i = v.length - 1; i >= 0; i--) {
          const x = v[i] ?? null;
          if (typeof x === "string" || (typeof x === "object" && x !== null)) stack.push({ v: x, path: joinPath(path, i), depth: depth + 1 });
        }
      } else if (isObject(v)) {
        this.visitObject(v, path);
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i] ?? "";
          if (k.includes("enable_unsafe_deserialization")) this.unsafeFlag(joinPath(path, k));
          const x = v[k] ?? null;
          if (typeof x === "string" || (typeof x === "object" && x !== null)) stack.push({ v: x, path: joinPath(path, k), depth: depth + 1 });
        }
      }
    }
    this.finishGetFile();
    this.finishUnsafeFlag();
  }

  private visitString(s: string, path: string): void {
    if (s.includes("enable_unsafe_deserialization")) this.unsafeFlag(path);
    if (s.length >= 8 && s.includes("://")) for (const m of s.matchAll(URL_RE)) this.urls.add(redactUserinfo(m[0]));
    if (!this.handled.has(s) && looksLikeBase64(s, MIN_BASE64_PAYLOAD)) this.sniffPayload(s, path);
  }

  /** A base64 string anywhere in a config that decodes to bytecode or a pickle is a hidden payload. */
  private sniffPayload(s: string, path: string): void {
    const bytes = decodeBase64(s, 16);
    if (!bytes) return;
    if (looksLikeMarshalledCode(bytes)) {
      try {
        const parsed = parseMarshalledCode(bytes);
        const summary = summarizeCode(parsed.code);
        const danger = dangerousNames([...summary.names, ...summary.strings.flatMap(tokens)]);
        this.add({
          rule: LAMBDA_LAYER,
          severity: danger.length > 0 ? "critical" : "high",
          message:
            `Base64 string at ${path} is marshalled Python bytecode (function ${summary.functionNames[0] ?? "?"})` +
            (danger.length > 0 ? ` that uses ${danger.join(", ")}` : "") +
            "; Keras runs such code when it rebuilds the object.",
          path,
          evidence: danger.length > 0 ? danger.join(", ") : `code ${summary.functionNames[0] ?? "?"}`,
          data: { names: summary.names.slice(0, 50), pythonLayout: parsed.layout },
        });
      } catch {
        // Not a code object after all: ordinary base64 data.
      }
      return;
    }
    const p = scanPickle(bytes, this.opts.pickle);
    if (p.isPickle && (bytes[0] === 0x80 || p.globals.length > 0)) {
      const v = classifyPickle(p, true);
      this.add({
        rule: EMBEDDED_PICKLE,
        severity: v.severity,
        message: `Base64 string at ${path} is a pickle${v.summary}.`,
        path,
        evidence: v.evidence,
        data: { globals: p.globals.slice(0, 50) },
      });
    }
  }

  private unsafeFlag(path: string): void {
    this.flagged.add(path);
  }

  /** One finding per config, however many places name the flag (the call and its name string). */
  private finishUnsafeFlag(): void {
    const paths = [...this.flagged];
    const first = paths[0];
    if (first === undefined) return;
    this.add({
      rule: UNSAFE_DESERIALIZATION_FLAG,
      severity: "critical",
      message: `Config names enable_unsafe_deserialization at ${first}; it switches Keras safe mode off during loading (CVE-2025-9906).`,
      path: first,
      evidence: "enable_unsafe_deserialization",
      data: { paths: paths.slice(0, 20) },
    });
  }

  private finishGetFile(): void {
    const urls = [...this.urls];
    for (const ref of this.getFileRefs) {
      this.add({
        rule: REMOTE_FILE_FETCH,
        severity: urls.length > 0 ? "high" : "medium",
        message:
          `Config calls ${ref.evidence} at ${ref.path}` +
          (urls.length > 0 ? ` and contains the URL ${urls[0]}` : "") +
          "; Keras downloads and writes the file while loading the model (CVE-2025-8747).",
        path: ref.path,
        evidence: urls[0] ?? ref.evidence,
        data: { urls: urls.slice(0, 20) },
      });
    }
  }

  private visitObject(o: JsonObject, path: string): void {
    const cls = str(o["class_name"]);
    if (cls !== undefined) this.visitKerasObject(o, cls, path);
    else if (!this.handled.has(o)) this.visitFunctionSlots(o, path);
  }

  /**
   * Keras 2 stores functions as triplets: `<slot>` (code or name), `<slot>_type` ("lambda",
   * "function", "raw") and `<slot>_module` (`module` for the `function` slot). Lambda layers,
   * RNN cell wrappers and custom layers use the same scheme.
   */
  private visitFunctionSlots(o: JsonObject, path: string): void {
    for (const key of Object.keys(o)) {
      if (!key.endsWith("_type")) continue;
      const kind = str(o[key]);
      if (kind !== "lambda" && kind !== "function") continue;
      const slot = key === "function_type" ? "function" : key.slice(0, -"_type".length);
      if (!(slot in o)) continue;
      const moduleKey = slot === "function" ? "module" : `${slot}_module`;
      const slotPath = joinPath(path, slot);
      this.functionSlot(o[slot] ?? null, kind, str(o[moduleKey]), slotPath, `Function at ${slotPath}`, false);
    }
  }

  /**
   * Looks at one serialized function: Keras 2 (`base64`, `[base64, defaults, closure]`, or a name
   * plus module) or Keras 3 (`{"class_name": "__lambda__", …}` / `{"class_name": "function", …}`).
   */
  private functionSlot(
    v: Json,
    kind: "lambda" | "function" | undefined,
    contextModule: string | undefined,
    path: string,
    who: string,
    inLambdaLayer: boolean,
  ): void {
    // Keras 3 forms.
    if (isObject(v)) {
      const cls = str(v["class_name"]);
      if (cls === "__lambda__") {
        this.handled.add(v);
        const inner = v["config"];
        const payload = isObject(inner) ? (inner["value"] ?? inner["code"] ?? null) : null;
        const extra = isObject(inner) ? [inner["defaults"] ?? null, inner["closure"] ?? null] : [];
        this.codePayload(payload, extra, contextModule, joinPath(path, "config"), who);
        return;
      }
      if (cls === "function") {
        this.handled.add(v);
        const name = str(v["config"]) ?? "?";
        this.namedFunction(str(v["module"]) ?? null, name, str(v["registered_name"]), path, who, inLambdaLayer);
        return;
      }
      return; // another Keras object (a layer as activation …): the walk visits it on its own.
    }
    if (kind === "function" || (kind === undefined && typeof v === "string" && MODULE_NAME.test(v))) {
      if (typeof v === "string") {
        this.handled.add(v);
        this.namedFunction(contextModule ?? null, v, undefined, path, who, inLambdaLayer);
      }
      return;
    }
    this.codePayload(v, [], contextModule, path, who);
  }

  /** `payload` is a base64 code string or a `[code, defaults, closure]` list. */
  private codePayload(payload: Json, extra: Json[], contextModule: string | undefined, path: string, who: string): void {
    let code: string | undefined;
    const extras: Json[] = [...extra];
    if (typeof payload === "string") {
      code = payload;
    } else if (Array.isArray(payload)) {
      code = str(payload[0]);
      for (const x of payload.slice(1)) extras.push(x);
    }
    if (code === undefined) {
      this.add({
        rule: LAMBDA_LAYER,
        severity: "high",
        message: `${who} has a function payload that is not a base64 string (${path}); it could not be inspected.`,
        path,
        evidence: "undecodable lambda",
      });
      return;
    }
    this.handled.add(code);
    const moduleDanger = contextModule !== undefined && contextModule !== "__main__" && MODULE_NAME.test(contextModule) ? dangerousModule(contextModule) : undefined;
    const extraStrings = collectStrings(extras, 10_000);
    // Keras 2.x base64-encodes the marshalled code; Keras 1.x stored it as a raw_unicode_escape string.
    const bytes = decodeBase64(code, 16) ?? rawMarshalString(code);
    let summaryText = "";
    let danger: string[] = [];
    let data: Record<string, string | number | boolean | readonly string[]> = {};
    if (!bytes) {
      // Not bytecode: Keras cannot load it, but the text may be Python source ("lambda x: eval(…)")
      // meant for a loader that evals it. Its identifiers are checked like bytecode names.
      danger = dangerousNames([...tokens(code), ...extraStrings.flatMap(tokens)]);
      summaryText = " whose function is not bytecode but text";
      this.notes.push(`${who}: function payload at ${path} is not base64 bytecode`);
    } else {
      try {
        const parsed = parseMarshalledCode(bytes);
        const summary = summarizeCode(parsed.code);
        danger = dangerousNames([...summary.names, ...summary.strings.flatMap(tokens), ...extraStrings.flatMap(tokens)]);
        summaryText = ` with Python bytecode (function ${summary.functionNames[0] ?? "?"}${summary.names.length > 0 ? `, names ${summary.names.slice(0, 12).join(", ")}` : ""})`;
        data = { names: summary.names.slice(0, 100), functions: summary.functionNames.slice(0, 20), pythonLayout: parsed.layout };
      } catch (error) {
        summaryText = " whose bytecode could not be decoded";
        this.notes.push(`${who}: marshalled code at ${path} could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (moduleDanger !== undefined && contextModule !== undefined) danger.push(`module ${contextModule}`);
    this.add({
      rule: LAMBDA_LAYER,
      severity: danger.length > 0 ? "critical" : "high",
      message:
        `${who}${summaryText}` +
        (danger.length > 0 ? ` that uses ${danger.join(", ")}` : "") +
        "; Keras runs this code when the model is loaded (CVE-2024-3660).",
      path,
      evidence: danger.length > 0 ? danger.join(", ") : "lambda bytecode",
      data,
    });
  }

  /** A Lambda (or function slot) that refers to a function by name instead of carrying code. */
  private namedFunction(
    module: string | null,
    name: string,
    registered: string | undefined,
    path: string,
    who: string,
    inLambdaLayer: boolean,
  ): void {
    const verdict = this.classifyRef(module, name, "function", registered, path);
    const full = module ? `${module}.${name}` : name;
    if (verdict && (verdict.rule === UNSAFE_DESERIALIZATION_FLAG || verdict.rule === REMOTE_FILE_FETCH)) return; // reported by classifyRef
    if (verdict && (verdict.severity === "critical" || verdict.rule === NON_MODELING_FUNCTION)) {
      this.add({
        rule: inLambdaLayer ? LAMBDA_LAYER : verdict.rule,
        severity: inLambdaLayer ? "critical" : verdict.severity,
        message: `${who} calls ${full} (${verdict.why}).`,
        path,
        evidence: full,
      });
      return;
    }
    if (inLambdaLayer) {
      this.add({
        rule: LAMBDA_LAYER,
        severity: "medium",
        message: `${who} refers to the function ${full} by name; the code is not in the file, so loading needs that function from your code.`,
        path,
        evidence: full,
      });
      return;
    }
    if (verdict) this.add({ rule: verdict.rule, severity: verdict.severity, message: `${who} refers to ${full} (${verdict.why}).`, path, evidence: full });
  }

  /**
   * Decides what a reference to `module`.`name` means. Also records get_file and
   * enable_unsafe_deserialization references (reported under their own rules).
   */
  private classifyRef(module: string | null, name: string, kind: "function" | "class", registered: string | undefined, path: string): RefVerdict | undefined {
    const last = lastComponent(name);
    const full = module ? `${module}.${name}` : name;
    if (last === "enable_unsafe_deserialization") {
      this.unsafeFlag(path);
      return { rule: UNSAFE_DESERIALIZATION_FLAG, severity: "critical", why: "switches safe mode off" };
    }
    if (last === "get_file") {
      this.getFileRefs.push({ path, evidence: full });
      return { rule: REMOTE_FILE_FETCH, severity: "high", why: "downloads a file" };
    }
    const validModule = module !== null && MODULE_NAME.test(module) ? module : undefined;
    if (validModule !== undefined) {
      const root = validModule.split(".")[0] ?? "";
      if (isBuiltinsModule(validModule)) {
        const why = DANGEROUS_BUILTINS.get(name);
        if (why) return { rule: UNSAFE_MODULE, severity: "critical", why: `builtins.${name} ${why}` };
        if (kerasBuiltinNames().has(name)) return undefined; // Keras' own "builtins" form for its functions
        return { rule: CUSTOM_OBJECT, severity: "medium", why: "custom function saved without a registered package" };
      }
      const danger = dangerousModule(validModule);
      if (danger) return { rule: UNSAFE_MODULE, severity: "critical", why: `module ${validModule}: ${danger}` };
      if (KERAS_MODULE_ROOTS.has(root)) {
        const gadget = KERAS_GADGET_FUNCTIONS.get(last) ?? GADGET_CLASSES.get(last)?.why;
        const component = validModule.split(".").find((c) => GADGET_MODULE_COMPONENTS.has(c));
        if (gadget) return { rule: NON_MODELING_FUNCTION, severity: GADGET_CLASSES.get(last)?.severity ?? "high", why: gadget };
        if (component) return { rule: NON_MODELING_FUNCTION, severity: "high", why: GADGET_MODULE_COMPONENTS.get(component) ?? "" };
        return undefined;
      }
      if (validModule === "__main__") return { rule: CUSTOM_OBJECT, severity: "medium", why: `custom ${kind} defined in a script` };
      const known = KNOWN_ML_NAMESPACES.get(root);
      if (known) return { rule: CUSTOM_OBJECT, severity: "low", why: `custom ${kind} from ${known}` };
      return {
        rule: UNSAFE_MODULE,
        severity: this.opts.strictModels ? "high" : "medium",
        why: `Keras < 3.9 imports the module ${validModule} to load it`,
      };
    }
    // No module: Keras 2 style, resolved from built-ins and custom objects only.
    if (kind === "function") return undefined;
    if (kerasBuiltinNames().has(name)) {
      const gadget = GADGET_CLASSES.get(name);
      return gadget ? { rule: NON_MODELING_FUNCTION, severity: gadget.severity, why: gadget.why } : undefined;
    }
    const reg = name.includes(">") ? name : registered?.includes(">") ? registered : undefined;
    const [pkg, regName] = reg?.split(">") ?? [];
    // tf.keras >= 2.11 registers its own optimizers under the default package: "Custom>Adam".
    if (pkg === "Custom" && regName !== undefined && kerasBuiltinNames().has(regName)) return undefined;
    if (pkg !== undefined && KNOWN_ML_NAMESPACES.has(pkg)) return { rule: CUSTOM_OBJECT, severity: "low", why: `custom class from ${KNOWN_ML_NAMESPACES.get(pkg) ?? pkg}` };
    const third = KNOWN_THIRD_PARTY_CLASSES.get(name);
    if (third !== undefined) return { rule: CUSTOM_OBJECT, severity: "low", why: `custom class from ${third}` };
    if (/^TF\w{1,80}MainLayer$/.test(name)) return { rule: CUSTOM_OBJECT, severity: "low", why: "Hugging Face Transformers TF layer" };
    return { rule: CUSTOM_OBJECT, severity: "medium", why: "custom class; its code is not in the file" };
  }

  private visitKerasObject(o: JsonObject, cls: string, path: string): void {
    const module = o["module"] === undefined ? null : (str(o["module"]) ?? null);
    const inner = o["config"];
    const layerName = isObject(inner) ? (str(inner["name"]) ?? str(o["name"])) : str(o["name"]);

    if (cls === "__lambda__") {
      if (!this.handled.has(o)) this.functionSlot(o, undefined, undefined, path, `Function at ${path}`, false);
      return;
    }
    if (cls === "__typespec__") {
      const spec = str(o["spec_name"]);
      if (spec !== undefined && module !== null) this.reportRef(module, spec, "class", undefined, path, `Type spec at ${path}`);
      return;
    }
    if (VALUE_CLASSES.has(cls)) return;

    if (cls === "Lambda" && (module === null || KERAS_MODULE_ROOTS.has(module.split(".")[0] ?? ""))) {
      this.lambdaLayer(isObject(inner) ? inner : {}, joinPath(path, "config"), layerName);
      return;
    }
    if (cls === "TorchModuleWrapper") {
      this.torchWrapper(isObject(inner) ? inner : {}, joinPath(path, "config"), layerName ?? "?");
      return;
    }
    if ((cls === "TFOpLambda" || cls === "SlicingOpLambda") && isObject(inner)) {
      const fn = str(inner["function"]);
      if (fn !== undefined) {
        this.handled.add(fn);
        const last = lastComponent(fn);
        const gadget = KERAS_GADGET_FUNCTIONS.get(last) ?? fn.split(".").map((c) => GADGET_MODULE_COMPONENTS.get(c)).find((x) => x !== undefined);
        if (gadget) {
          this.add({
            rule: NON_MODELING_FUNCTION,
            severity: "high",
            message: `${cls} layer "${layerName ?? "?"}" calls tf.${fn} (${gadget}).`,
            path: joinPath(path, "config.function"),
            evidence: `tf.${fn}`,
          });
        }
      }
      return;
    }
    if (cls === "TensorFlowOpLayer" && isObject(inner)) {
      const nodeDef = inner["node_def"];
      const op = isObject(nodeDef) ? str(nodeDef["op"]) : undefined;
      const gadget = op !== undefined ? KERAS_GADGET_FUNCTIONS.get(op) : undefined;
      if (op !== undefined && gadget) {
        this.add({
          rule: NON_MODELING_FUNCTION,
          severity: "high",
          message: `TensorFlowOpLayer "${layerName ?? "?"}" runs the TensorFlow op ${op} (${gadget}).`,
          path: joinPath(path, "config.node_def.op"),
          evidence: op,
        });
      }
      return;
    }
    if (cls === "function") {
      if (this.handled.has(o)) return;
      const name = str(inner) ?? "?";
      this.reportRef(module, name, "function", str(o["registered_name"]), path, `Function reference at ${path}`);
      return;
    }
    this.reportRef(module, cls, "class", str(o["registered_name"]), path, layerName !== undefined ? `Object "${layerName}"` : `Object at ${path === "" ? "the top of the config" : path}`);
  }

  private reportRef(module: string | null, name: string, kind: "function" | "class", registered: string | undefined, path: string, who: string): void {
    const verdict = this.classifyRef(module, name, kind, registered, path);
    if (!verdict || verdict.rule === UNSAFE_DESERIALIZATION_FLAG || verdict.rule === REMOTE_FILE_FETCH) return;
    const full = module ? `${module}.${name}` : name;
    this.add({
      rule: verdict.rule,
      severity: verdict.severity,
      message: `${who} uses the ${kind} ${full}${registered && registered !== name ? ` (registered as ${registered})` : ""}: ${verdict.why}.`,
      path,
      evidence: full,
      ...(registered ? { data: { registeredName: registered } } : {}),
    });
  }

  private lambdaLayer(inner: JsonObject, path: string, layerName: string | undefined): void {
    const who = layerName !== undefined ? `Lambda layer "${layerName}"` : `Lambda layer at ${path}`;
    this.handled.add(inner); // its function slots are analysed here, not again by the walk
    const fn = inner["function"];
    const kind = str(inner["function_type"]);
    const contextModule = str(inner["module"]);
    if (fn === undefined || fn === null) {
      this.add({
        rule: LAMBDA_LAYER,
        severity: "high",
        message: `${who} has no readable function; Lambda layers run Python code when loaded.`,
        path,
        evidence: "Lambda",
      });
    } else {
      this.functionSlot(fn, kind === "lambda" || kind === "function" ? kind : undefined, contextModule, joinPath(path, "function"), who, true);
    }
    // output_shape and mask can be lambdas too.
    for (const slot of ["output_shape", "mask"]) {
      const t = str(inner[`${slot}_type`]);
      const v = inner[slot];
      if (v === undefined || v === null) continue;
      if (t === "lambda" || (isObject(v) && str(v["class_name"]) === "__lambda__")) {
        this.functionSlot(v, "lambda", str(inner[`${slot}_module`]), joinPath(path, slot), `${who} (${slot})`, true);
      }
    }
  }

  private torchWrapper(inner: JsonObject, path: string, name: string): void {
    const payload = str(inner["module"]);
    let severity: Severity = "high";
    let detail = "";
    let globals: string[] = [];
    if (payload !== undefined) {
      this.handled.add(payload);
      const bytes = decodeBase64(payload, 4);
      const streams = bytes ? (this.opts.torchPickles?.(bytes) ?? [bytes]) : [];
      for (const s of streams) {
        const p = scanPickle(s, this.opts.pickle);
        if (!p.isPickle) continue;
        globals = [...globals, ...p.globals];
        const v = classifyPickle(p, true);
        if (v.severity === "critical") {
          severity = "critical";
          detail = v.summary;
        }
      }
      if (globals.length === 0 && !detail) detail = bytes ? "" : " (payload is not valid base64)";
    }
    this.add({
      rule: TORCH_MODULE_WRAPPER,
      severity,
      message: `TorchModuleWrapper "${name}" embeds a pickled PyTorch module${detail}; Keras unpickles it with torch.load(weights_only=False) when loading (CVE-2025-49655).`,
      path: joinPath(path, "module"),
      evidence: "TorchModuleWrapper",
      data: { globals: [...new Set(globals)].slice(0, 50) },
    });
  }
}

/** Keras 1.x `func_dump`: marshal bytes decoded as raw_unicode_escape (one char per byte). */
function rawMarshalString(code: string): Uint8Array | undefined {
  const first = code.charCodeAt(0);
  if (code.length < 16 || (first !== 0x63 && first !== 0xe3)) return undefined;
  const out = new Uint8Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

function collectStrings(values: Json[], max: number): string[] {
  const out: string[] = [];
  const stack = [...values];
  while (stack.length > 0 && out.length < max) {
    const v = stack.pop();
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isObject(v)) for (const x of Object.values(v)) stack.push(x);
  }
  return out;
}

/** Walks a parsed config. */
export function walkConfig(root: unknown, opts: WalkOptions): WalkResult {
  const w = new Walker(opts);
  w.walk(root as Json);
  return { findings: w.findings, incomplete: w.incomplete, notes: w.notes };
}

/**
 * Parses config JSON as Python's json module writes it: bare NaN, Infinity and -Infinity (which
 * JSON.parse rejects) are read as null. Throws SyntaxError on anything else that is not JSON.
 */
export function parseConfigJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    return JSON.parse(replaceNonFinite(text));
  }
}

function replaceNonFinite(text: string): string {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    for (const word of ["-Infinity", "Infinity", "NaN"]) {
      if (text.startsWith(word, i)) {
        out += text.slice(last, i) + "null";
        i += word.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  return out + text.slice(last);
}

/** Hook for tests: the dangerous-name check used for Lambda code. */
export const _dangerousNames = dangerousNames;
