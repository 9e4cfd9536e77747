/**
 * Protobuf seeds: TensorFlow SavedModel, frozen GraphDef and keras_metadata.pb built with
 * detector-tensorflow's fixture encoder, and ONNX models built with detector-weights' encoder.
 */
import {
  benignKerasMetadata,
  benignSavedModelGraph,
  constString,
  constWeights,
  encodeGraphDef,
  encodeKerasMetadata,
  encodeSavedModel,
  fakeMarshalledLambda,
  graphDef,
  node,
} from "../../../packages/detector-tensorflow/test/fixtures/build.js";
import type { Seed } from "./mutate.js";

export interface PathSeed extends Seed {
  /** File name the detector expects for this kind of protobuf. */
  path: string;
}

export function tensorflowSeeds(): PathSeed[] {
  const frozen = graphDef([
    node("input", "Placeholder"),
    constWeights("w", new Uint8Array(4 * 16).map((_, i) => i), [4, 4]),
    node("MatMul", "MatMul", ["input", "w"]),
    node("Relu", "Relu", ["MatMul"]),
  ]);
  const evil = graphDef([constString("path", "/etc/passwd"), node("read", "ReadFile", ["path"]), node("py", "PyFunc", ["read"])]);
  const lambdaMeta = {
    ...(benignKerasMetadata() as Record<string, unknown>),
    config: { layers: [{ class_name: "Lambda", config: { name: "l", function: [fakeMarshalledLambda(["os", "system"]), null, null] } }] },
  };
  return [
    { name: "saved-model", path: "model/saved_model.pb", bytes: encodeSavedModel([{ graph: benignSavedModelGraph() }]) },
    { name: "saved-model-evil", path: "model/saved_model.pb", bytes: encodeSavedModel([{ graph: evil, tags: ["serve", "train"] }]) },
    { name: "frozen-graph", path: "frozen_inference_graph.pb", bytes: encodeGraphDef(frozen) },
    { name: "frozen-graph-evil", path: "graph.pb", bytes: encodeGraphDef(evil) },
    {
      name: "keras-metadata",
      path: "model/keras_metadata.pb",
      bytes: encodeKerasMetadata([{ path: "root", identifier: "_tf_keras_sequential", metadata: benignKerasMetadata() }]),
    },
    {
      name: "keras-metadata-evil-lambda",
      path: "model/keras_metadata.pb",
      bytes: encodeKerasMetadata([{ path: "root.layer-0", identifier: "_tf_keras_layer", metadata: lambdaMeta }]),
    },
  ];
}

/** Top-level field spans of a protobuf message: [start of tag, end of payload). Stops at the first bad field. */
export function topLevelFields(bytes: Uint8Array): { start: number; payload: number; end: number }[] {
  const out: { start: number; payload: number; end: number }[] = [];
  let p = 0;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = bytes[p++];
      if (b === undefined) return undefined;
      v += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) return v;
    }
    return undefined;
  };
  while (p < bytes.length) {
    const start = p;
    const tag = varint();
    if (tag === undefined) break;
    const wire = tag % 8;
    let payload = p;
    if (wire === 0) {
      if (varint() === undefined) break;
    } else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const len = varint();
      if (len === undefined) break;
      payload = p;
      p += len;
    } else break;
    if (p > bytes.length) break;
    out.push({ start, payload, end: p });
  }
  return out;
}

/**
 * A protobuf nested through length-delimited fields: `prefix` from the outside in, then `cycle`
 * repeated `depth` times; the innermost message is an empty field 1.
 */
export function nestedMessage(depth: number, cycle: readonly number[] = [1], prefix: readonly number[] = []): Uint8Array {
  const fields = [...prefix];
  for (let i = 0; i < depth; i++) fields.push(...cycle);
  const innermost = [0x0a, 0x00];
  // Built inside out: each level's head is the tag and the varint length of everything inside it.
  const heads: number[][] = [];
  let length = innermost.length;
  for (let i = fields.length - 1; i >= 0; i--) {
    const head: number[] = [];
    let tag = (fields[i]! << 3) | 2;
    do {
      const b = tag & 0x7f;
      tag = Math.floor(tag / 128);
      head.push(tag > 0 ? b | 0x80 : b);
    } while (tag > 0);
    let v = length;
    do {
      const b = v & 0x7f;
      v = Math.floor(v / 128);
      head.push(v > 0 ? b | 0x80 : b);
    } while (v > 0);
    heads.push(head);
    length += head.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = heads.length - 1; i >= 0; i--) {
    out.set(heads[i]!, at);
    at += heads[i]!.length;
  }
  out.set(innermost, at);
  return out;
}
