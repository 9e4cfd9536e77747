/**
 * ONNX: custom operator domains, external-data locations that escape the model directory, and
 * metadata payloads. Subgraphs (If/Loop/Scan attributes), training graphs and model-local
 * functions are all walked.
 */
import { checkMetadataString } from "./injection.js";
import type { AttributeMsg, Entry, GraphMsg, ModelMsg, NodeMsg, SparseMsg, TensorMsg } from "./onnx-proto.js";
import { modelProtoType } from "./onnx-proto.js";
import type { Ctx } from "./report.js";
import { excerpt, Reporter } from "./report.js";

/** Domains every ONNX runtime ships kernels for (ONNX itself, ONNX-ML, onnxruntime contrib ops). */
export const STANDARD_DOMAINS: Readonly<Record<string, string>> = {
  "": "ONNX default domain",
  "ai.onnx": "ONNX",
  "ai.onnx.ml": "ONNX-ML",
  "ai.onnx.training": "ONNX training",
  "ai.onnx.preview.training": "ONNX preview training",
  "com.microsoft": "onnxruntime contrib ops",
  "com.microsoft.nchwc": "onnxruntime layout ops",
  "com.microsoft.experimental": "onnxruntime experimental ops",
  "com.ms.internal.nhwc": "onnxruntime internal layout ops",
};

/** Ops inside standard domains that still call into user code. */
const CALLBACK_OPS: Readonly<Record<string, string>> = {
  "com.microsoft:PythonOp": "calls a Python torch.autograd.Function registered in the process",
  "com.microsoft:PythonOpGrad": "calls a Python torch.autograd.Function registered in the process",
};

const MAX_DEPTH = 32;
const DATA_LOCATION_EXTERNAL = 1;

/** Why a location leaves the model directory, or undefined when it stays inside. */
export function escapingReason(location: string): string | undefined {
  if (location.includes("\u0000")) return "contains a NUL byte";
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(location)) return "is a URL";
  if (/^[a-z]:/i.test(location)) return "names a drive";
  if (location.startsWith("\\\\") || location.startsWith("//")) return "names a network share";
  if (location.startsWith("/") || location.startsWith("\\")) return "is an absolute path";
  if (location.startsWith("~")) return "starts in a home directory";
  let depth = 0;
  for (const part of location.split(/[\\/]/)) {
    if (part === "..") {
      depth--;
      if (depth < 0) return "climbs out of the model directory with '..'";
    } else if (part !== "." && part !== "") depth++;
  }
  if (location.split(/[\\/]/).includes("..")) return "contains '..'";
  return undefined;
}

interface Walk {
  rep: Reporter;
  localFunctions: Set<string>;
}

export async function scanOnnx(bytes: Uint8Array, path: string, ctx: Ctx): Promise<void> {
  if (bytes.length === 0) {
    ctx.incomplete("empty ONNX file");
    return;
  }
  const Model = await modelProtoType();
  let model: ModelMsg;
  try {
    model = Model.decode(bytes) as unknown as ModelMsg;
  } catch (err) {
    ctx.incomplete(`ONNX protobuf could not be decoded (${err instanceof Error ? err.message : String(err)}); the file is truncated or corrupt`);
    return;
  }
  if (!model.graph && (model.functions ?? []).length === 0) {
    ctx.incomplete("file decodes as protobuf but has no ONNX graph or functions");
    return;
  }
  const rep = new Reporter(ctx, path);
  const w: Walk = {
    rep,
    localFunctions: new Set((model.functions ?? []).map((f) => `${f.domain ?? ""}:${f.name ?? ""}`)),
  };
  checkEntries(model.metadataProps, "metadata_props", rep);
  if (model.docString) checkText(model.docString, "doc_string", rep);
  if (model.graph) {
    checkEntries(model.graph.metadataProps, "graph/metadata_props", rep);
    walkGraph(model.graph, `graph:${model.graph.name || "main"}`, w, 0);
  }
  (model.trainingInfo ?? []).forEach((t, i) => {
    if (t.initialization) walkGraph(t.initialization, `training_info[${i}]/initialization`, w, 0);
    if (t.algorithm) walkGraph(t.algorithm, `training_info[${i}]/algorithm`, w, 0);
  });
  for (const f of model.functions ?? []) {
    walkNodes(f.node ?? [], `function:${f.domain ?? ""}.${f.name ?? "?"}`, w, 0);
  }
  rep.flush();
}

function walkGraph(g: GraphMsg, member: string, w: Walk, depth: number): void {
  if (depth > MAX_DEPTH) {
    w.rep.ctx.incomplete(`ONNX subgraphs nest deeper than ${MAX_DEPTH} levels at ${member}`, { kind: "binary", member });
    return;
  }
  for (const t of g.initializer ?? []) checkTensor(t, `${member}/initializer:${t.name ?? "?"}`, w);
  for (const s of g.sparseInitializer ?? []) checkSparse(s, `${member}/sparse_initializer`, w);
  walkNodes(g.node ?? [], member, w, depth);
}

function walkNodes(nodes: readonly NodeMsg[], member: string, w: Walk, depth: number): void {
  nodes.forEach((node, i) => {
    const nodeMember = `${member}/${node.name || `${node.opType ?? "?"}#${i}`}`;
    const domain = node.domain ?? "";
    const op = node.opType ?? "";
    const callback = CALLBACK_OPS[`${domain}:${op}`];
    if (callback) {
      w.rep.report({
        ruleId: "weights/onnx-custom-op-domain",
        severity: "medium",
        message: `Node ${node.name || op} is ${domain}::${op}, which ${callback}.`,
        evidence: `${domain}::${op}`,
        identity: `${domain}::${op}`,
        member: nodeMember,
      });
    } else if (!(domain in STANDARD_DOMAINS) && !w.localFunctions.has(`${domain}:${op}`)) {
      w.rep.report({
        ruleId: "weights/onnx-custom-op-domain",
        severity: "medium",
        message: `Node ${node.name || op} uses op ${op} from custom domain "${excerpt(domain, 80)}", which the model does not define; running it needs a custom operator library.`,
        evidence: `${excerpt(domain, 80)}::${excerpt(op, 80)}`,
        identity: `${domain}::${op}`,
        member: nodeMember,
        data: { domain, op },
      });
    }
    for (const a of node.attribute ?? []) walkAttribute(a, `${nodeMember}/${a.name ?? "attr"}`, w, depth);
  });
}

function walkAttribute(a: AttributeMsg, member: string, w: Walk, depth: number): void {
  if (a.t) checkTensor(a.t, member, w);
  for (const t of a.tensors ?? []) checkTensor(t, member, w);
  if (a.sparseTensor) checkSparse(a.sparseTensor, member, w);
  for (const s of a.sparseTensors ?? []) checkSparse(s, member, w);
  if (a.g) walkGraph(a.g, `${member}/graph:${a.g.name || "body"}`, w, depth + 1);
  (a.graphs ?? []).forEach((g, i) => walkGraph(g, `${member}/graphs[${i}]`, w, depth + 1));
}

function checkSparse(s: SparseMsg, member: string, w: Walk): void {
  if (s.values) checkTensor(s.values, `${member}/values`, w);
  if (s.indices) checkTensor(s.indices, `${member}/indices`, w);
}

function checkTensor(t: TensorMsg, member: string, w: Walk): void {
  const entries = t.externalData ?? [];
  if (t.dataLocation !== DATA_LOCATION_EXTERNAL && entries.length === 0) return;
  const location = entries.find((e) => e.key === "location")?.value;
  if (location === undefined || location === "") {
    w.rep.report({
      ruleId: "weights/onnx-external-data-traversal",
      severity: "low",
      message: `Tensor ${t.name ?? "?"} is stored externally but names no location; onnx.checker rejects it.`,
      evidence: "missing location",
      identity: "missing location",
      member,
    });
    return;
  }
  const why = escapingReason(location);
  if (why) {
    w.rep.report({
      ruleId: "weights/onnx-external-data-traversal",
      severity: "high",
      message: `Tensor ${t.name ?? "?"} reads its data from "${excerpt(location)}", which ${why}: loading the model reads an arbitrary file (CVE-2022-25882 class).`,
      evidence: excerpt(location, 200),
      identity: location,
      member,
      data: { location: excerpt(location, 200) },
    });
  }
}

function checkEntries(entries: readonly Entry[] | undefined, member: string, rep: Reporter): void {
  for (const e of entries ?? []) {
    const key = e.key ?? "";
    for (const hit of [...checkMetadataString(key), ...checkMetadataString(e.value ?? "")]) {
      rep.report({
        ruleId: "weights/onnx-metadata-injection",
        severity: hit.severity,
        message: `Metadata "${excerpt(key, 80)}" contains ${hit.what}: "${excerpt(e.value ?? "", 100)}".`,
        evidence: `${excerpt(key, 60)}: ${hit.what}`,
        identity: `${key}:${hit.what}`,
        member: `${member}/${excerpt(key, 200)}`,
      });
    }
  }
}

function checkText(text: string, member: string, rep: Reporter): void {
  for (const hit of checkMetadataString(text)) {
    rep.report({
      ruleId: "weights/onnx-metadata-injection",
      severity: hit.severity,
      message: `${member} contains ${hit.what}: "${excerpt(text, 100)}".`,
      evidence: `${member}: ${hit.what}`,
      identity: `${member}:${hit.what}`,
      member,
    });
  }
}
