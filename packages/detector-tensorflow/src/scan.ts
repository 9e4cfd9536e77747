/**
 * TensorFlow protobuf scanning: SavedModel (saved_model.pb), frozen GraphDef (*.pb), MetaGraphDef
 * (*.meta) and keras_metadata.pb. Loaded lazily by index.ts.
 */
import type { BinarySource, ReportDescriptor, ScanContext, Severity } from "@watchtower/types";

import { RAW_OPS_TEXT } from "./data/raw-ops.js";
import { walkKerasMetadata } from "./keras-metadata.js";
import { isXlaOp, KNOWN_ADDON_OPS, KNOWN_ADDON_PREFIXES, OP_TABLE } from "./ops.js";
import type { AttrValueMsg, GraphDefMsg, KerasSavedMetadataMsg, MetaGraphDefMsg, NodeDefMsg, SavedModelMsg } from "./proto.js";
import { tfTypes } from "./proto.js";

let rawOps: ReadonlySet<string> | undefined;
function knownRawOps(): ReadonlySet<string> {
  rawOps ??= new Set(RAW_OPS_TEXT.split(" ").filter((s) => s !== ""));
  return rawOps;
}

/** Reports per (rule, op) before the rest are summarised in one note (huge graphs of one bad op). */
const MAX_REPORTS_PER_KEY = 25;
/** Keras metadata JSON larger than this is not parsed (and the file is marked incomplete). */
const MAX_METADATA_CHARS = 64 * 1024 * 1024;
/** TensorFlow DataType enum value of DT_STRING. */
const DT_STRING = 7;
/** Op names TensorFlow can register: `Name` or `Namespace>Name`. */
const OP_NAME = /^[A-Z_][\w>.]{0,199}$/i;

type Ctx = ScanContext<object>;

class Reporter {
  private readonly counts = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();
  constructor(
    private readonly ctx: Ctx,
    private readonly path: string,
  ) {}
  report(key: string, d: Omit<ReportDescriptor, "at"> & { member: string }): void {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n > MAX_REPORTS_PER_KEY) {
      this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
      return;
    }
    const { member, ...rest } = d;
    this.ctx.report({ ...rest, at: { kind: "binary", member } });
  }
  flush(): void {
    for (const [key, n] of this.suppressed) {
      this.ctx.note(`${this.path}: ${n} more occurrence(s) of ${key} not listed individually`);
    }
  }
}

function bytesToText(b: Uint8Array | undefined, max = 512): string {
  if (!b) return "";
  return new TextDecoder("utf-8", { fatal: false }).decode(b.subarray(0, max));
}

function attrString(attr: Record<string, AttrValueMsg> | undefined, key: string): string | undefined {
  const v = attr?.[key];
  return v?.s ? bytesToText(v.s) : undefined;
}

function attrStringList(attr: Record<string, AttrValueMsg> | undefined, key: string): string[] {
  return (attr?.[key]?.list?.s ?? []).map((b) => bytesToText(b));
}

/** A path that leaves the model directory or names a remote location. */
function isOutsidePath(p: string): boolean {
  return (
    p.startsWith("/") ||
    p.startsWith("~") ||
    p.startsWith("\\\\") ||
    /^[A-Z]:[\\/]/i.test(p) ||
    /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(p) ||
    /^[a-z][a-z0-9+.-]{0,20}:\/\//i.test(p)
  );
}

interface Scope {
  /** Member prefix: "meta_graph[0]", "meta_graph[0]/function:__inference_x", "graph". */
  member: string;
  nodes: readonly NodeDefMsg[];
}

function inputNodeName(input: string): string {
  const s = input.startsWith("^") ? input.slice(1) : input;
  const colon = s.indexOf(":");
  return colon < 0 ? s : s.slice(0, colon);
}

/** The string value of a Const node feeding `node.input[index]`, if it is one. */
function constInput(node: NodeDefMsg, index: number, byName: Map<string, NodeDefMsg>): string | undefined {
  const input = node.input?.[index];
  if (input === undefined) return undefined;
  const src = byName.get(inputNodeName(input));
  if (!src || src.op !== "Const") return undefined;
  const t = src.attr?.["value"]?.tensor;
  if (!t || t.dtype !== DT_STRING || !t.stringVal || t.stringVal.length === 0) return undefined;
  return bytesToText(t.stringVal[0]);
}

class GraphScanner {
  private readonly known: ReadonlySet<string>;
  constructor(
    private readonly rep: Reporter,
    functionNames: ReadonlySet<string>,
  ) {
    const raw = knownRawOps();
    this.known = { has: (op: string) => raw.has(op) || functionNames.has(op) } as ReadonlySet<string>;
  }

  scanScope(scope: Scope): void {
    const byName = new Map<string, NodeDefMsg>();
    for (const n of scope.nodes) if (n.name) byName.set(n.name, n);
    for (const node of scope.nodes) this.scanNode(node, scope, byName);
  }

  private scanNode(node: NodeDefMsg, scope: Scope, byName: Map<string, NodeDefMsg>): void {
    const op = node.op ?? "";
    const member = `${scope.member}/${node.name ?? "?"}`;
    const entry = OP_TABLE[op];
    if (entry) {
      this.scanListedOp(op, node, member, byName);
      return;
    }
    this.scanAttrs(op, node, member);
    if (op.startsWith("_") || this.known.has(op) || isXlaOp(op)) return;
    const addon = KNOWN_ADDON_OPS[op] ?? Object.entries(KNOWN_ADDON_PREFIXES).find(([p]) => op.startsWith(p))?.[1];
    if (addon) {
      this.rep.report(`tensorflow/unknown-op:${op}`, {
        ruleId: "tensorflow/unknown-op",
        severity: "low",
        message: `Node ${node.name ?? "?"} uses op ${op} from ${addon}; loading the model needs that library's native kernels.`,
        evidence: op,
        identity: op,
        member,
        data: { op, library: addon },
      });
      return;
    }
    const valid = OP_NAME.test(op);
    this.rep.report(`tensorflow/unknown-op:${op}`, {
      ruleId: "tensorflow/unknown-op",
      message: valid
        ? `Node ${node.name ?? "?"} uses op ${op}, which is not a TensorFlow op or a function of this graph; it needs a custom kernel library (native code).`
        : `Node ${node.name ?? "?"} has an op name TensorFlow cannot register (${JSON.stringify(op.slice(0, 80))}); the graph is malformed or crafted.`,
      evidence: op.slice(0, 200),
      identity: op.slice(0, 200),
      member,
      data: { op: op.slice(0, 200) },
    });
  }

  private scanListedOp(op: string, node: NodeDefMsg, member: string, byName: Map<string, NodeDefMsg>): void {
    const entry = OP_TABLE[op]!;
    const path = entry.pathInput === undefined ? undefined : constInput(node, entry.pathInput, byName);
    let severity: Severity | null = entry.severity;
    let extra = "";
    if (op === "DebugIdentity" || op === "DebugIdentityV2" || op === "DebugIdentityV3" || op === "DebugNanCount" || op === "DebugNumericSummary") {
      const urls = attrStringList(node.attr, "debug_urls").filter((u) => /^(?:file|grpc):\/\//i.test(u));
      if (urls.length === 0) return;
      severity = "medium";
      extra = ` Its debug_urls stream tensors to ${urls.slice(0, 3).join(", ")}.`;
    }
    if (severity === null) {
      // Checkpoint plumbing: only a fixed path outside the model directory is worth a word.
      if (path === undefined || !isOutsidePath(path)) return;
      severity = "medium";
      extra = ` Its path is fixed in the graph and points outside the model directory: ${path}.`;
    } else if (path !== undefined) {
      extra += ` ${entry.pathInput === 0 && /Rpc|Remote/.test(op) ? "Target" : "Path"}: ${path}.`;
      if (entry.ruleId === "tensorflow/file-io-op" && severity === "medium" && isOutsidePath(path)) severity = "high";
    }
    if (entry.ruleId === "tensorflow/python-function-op") {
      const token = attrString(node.attr, "token");
      if (token) extra += ` Function token: ${token}.`;
    }
    if (op === "ImmutableConst") {
      const region = attrString(node.attr, "memory_region_name");
      if (region) extra += ` Region: ${region}.`;
    }
    this.rep.report(`${entry.ruleId}:${op}`, {
      ruleId: entry.ruleId,
      severity,
      message: `Node ${node.name ?? "?"} is a ${op} op: ${entry.reason}.${extra}`,
      evidence: op,
      identity: path === undefined ? op : `${op} ${path}`,
      member,
      data: path === undefined ? { op } : { op, path },
    });
  }

  /** Attribute-level sinks on ops that are otherwise harmless. */
  private scanAttrs(op: string, node: NodeDefMsg, member: string): void {
    if (op === "PrintV2") {
      const stream = attrString(node.attr, "output_stream") ?? "";
      if (/^file:\/\//i.test(stream)) {
        this.rep.report(`tensorflow/file-io-op:${op}`, {
          ruleId: "tensorflow/file-io-op",
          severity: "medium",
          message: `Node ${node.name ?? "?"} is a PrintV2 op that appends tensor values to the file ${stream}.`,
          evidence: op,
          identity: `${op} ${stream}`,
          member,
          data: { op, path: stream },
        });
      }
    } else if (op === "DecodeProtoV2" || op === "EncodeProto") {
      const source = attrString(node.attr, "descriptor_source") ?? "local://";
      if (source !== "local://" && source !== "") {
        this.rep.report(`tensorflow/file-io-op:${op}`, {
          ruleId: "tensorflow/file-io-op",
          severity: "medium",
          message: `Node ${node.name ?? "?"} is a ${op} op that loads protobuf descriptors from ${source}.`,
          evidence: op,
          identity: `${op} ${source}`,
          member,
          data: { op, path: source },
        });
      }
    }
  }
}

function scanGraph(rep: Reporter, graph: GraphDefMsg, member: string): number {
  const functions = graph.library?.function ?? [];
  const names = new Set<string>();
  for (const f of functions) if (f.signature?.name) names.add(f.signature.name);
  const scanner = new GraphScanner(rep, names);
  const nodes = graph.node ?? [];
  scanner.scanScope({ member, nodes });
  let count = nodes.length;
  for (const f of functions) {
    const body = f.nodeDef ?? [];
    scanner.scanScope({ member: `${member}/function:${f.signature?.name ?? "?"}`, nodes: body });
    count += body.length;
  }
  return count;
}

function scanKerasJson(ctx: Ctx, rep: Reporter, json: string, member: string): void {
  if (json.length > MAX_METADATA_CHARS) {
    ctx.incomplete(`Keras metadata at ${member} is ${json.length} characters; not parsed`, { kind: "binary", member });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    ctx.incomplete(`Keras metadata at ${member} is not valid JSON`, { kind: "binary", member });
    return;
  }
  for (const hit of walkKerasMetadata(parsed)) {
    rep.report(`${hit.ruleId}:${hit.evidence}`, {
      ruleId: hit.ruleId,
      severity: hit.severity,
      message: hit.message,
      evidence: hit.evidence,
      identity: hit.evidence,
      member: hit.path ? `${member}/${hit.path}` : member,
    });
  }
}

function scanMetaGraph(ctx: Ctx, rep: Reporter, mg: MetaGraphDefMsg, member: string): number {
  let count = 0;
  if (mg.graphDef) count += scanGraph(rep, mg.graphDef, member);
  (mg.objectGraphDef?.nodes ?? []).forEach((obj, i) => {
    const meta = obj.userObject?.metadata;
    if (meta && meta.length > 0 && (obj.userObject?.identifier ?? "").startsWith("_tf_keras")) {
      count++;
      scanKerasJson(ctx, rep, meta, `${member}/object_graph/node[${i}]`);
    }
  });
  return count;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).toLowerCase();
}

type Kind = "saved_model" | "graph_def" | "meta_graph" | "keras_metadata";

/** protobuf has no magic: decide from the file name, then from the first field tag. */
function guessKind(path: string, bytes: Uint8Array): Kind {
  const name = baseName(path);
  if (name === "keras_metadata.pb") return "keras_metadata";
  if (name === "saved_model.pb") return "saved_model";
  if (name.endsWith(".meta")) return "meta_graph";
  // SavedModel starts with schema_version (field 1, varint: 0x08) or meta_graphs (field 2: 0x12);
  // a GraphDef with nodes starts with field 1, length-delimited (0x0a).
  if (bytes[0] === 0x08 || bytes[0] === 0x12) return "saved_model";
  return "graph_def";
}

function decodeAndScan(
  kind: Kind,
  types: Awaited<ReturnType<typeof tfTypes>>,
  bytes: Uint8Array,
  path: string,
  ctx: Ctx,
  rep: Reporter,
): number {
  let items = 0;
  if (kind === "keras_metadata") {
    const msg = types.KerasSavedMetadata.decode(bytes) as unknown as KerasSavedMetadataMsg;
    for (const node of msg.nodes ?? []) {
      if (!node.metadata) continue;
      items++;
      scanKerasJson(ctx, rep, node.metadata, node.nodePath || `node[${node.nodeId ?? "?"}]`);
    }
  } else if (kind === "saved_model") {
    const msg = types.SavedModel.decode(bytes) as unknown as SavedModelMsg;
    (msg.metaGraphs ?? []).forEach((mg, i) => {
      const tags = mg.metaInfoDef?.tags?.join(",") ?? "";
      items += scanMetaGraph(ctx, rep, mg, tags ? `meta_graph[${i}](${tags})` : `meta_graph[${i}]`);
    });
    if (items === 0 && baseName(path) !== "saved_model.pb") {
      // Not a SavedModel after all: try it as a frozen graph.
      items += decodeAndScan("graph_def", types, bytes, path, ctx, rep);
    }
  } else if (kind === "meta_graph") {
    const mg = types.MetaGraphDef.decode(bytes) as unknown as MetaGraphDefMsg;
    items += scanMetaGraph(ctx, rep, mg, "meta_graph");
  } else {
    const g = types.GraphDef.decode(bytes) as unknown as GraphDefMsg;
    items += scanGraph(rep, g, "graph");
  }
  return items;
}

/**
 * Small protobufs that TensorFlow writes next to a SavedModel and never loads as a graph: the
 * FingerprintDef (hashes only, TF ≥ 2.12) and the TF-Hub ModuleDef (a format number).
 */
const AUXILIARY_FILES: Readonly<Record<string, string>> = {
  "fingerprint.pb": "SavedModel fingerprint (hashes only)",
  "tfhub_module.pb": "TF-Hub module marker (format number only)",
};

export async function scanTensorflow(source: BinarySource, ctx: Ctx): Promise<void> {
  const { bytes, path } = source;
  const auxiliary = AUXILIARY_FILES[baseName(path)];
  if (auxiliary !== undefined && bytes.length <= 4096) {
    ctx.note(`${path}: ${auxiliary}; contains no graph`);
    return;
  }
  if (bytes.length === 0) {
    ctx.incomplete("empty protobuf file");
    return;
  }
  const types = await tfTypes();
  const rep = new Reporter(ctx, path);
  const kind = guessKind(path, bytes);
  let items = 0;
  try {
    items = decodeAndScan(kind, types, bytes, path, ctx, rep);
  } catch (err) {
    let fallback = false;
    if (kind === "saved_model" && baseName(path) !== "saved_model.pb") {
      // A frozen graph that happens to start with field 2 (library, no nodes): retry as a GraphDef.
      try {
        items = decodeAndScan("graph_def", types, bytes, path, ctx, rep);
        fallback = true;
      } catch {
        fallback = false;
      }
    }
    if (!fallback) {
      rep.flush();
      ctx.incomplete(
        `protobuf could not be decoded as a TensorFlow ${kind.replace("_", " ")} (${err instanceof Error ? err.message : String(err)}); the file is truncated, corrupt or not a TensorFlow model`,
      );
      return;
    }
  }
  rep.flush();
  if (items === 0) {
    ctx.note(`${path}: decoded as a TensorFlow ${kind.replace("_", " ")} but it contains no nodes or metadata`);
  }
}
