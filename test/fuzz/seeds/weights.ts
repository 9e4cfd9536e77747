/**
 * Weight-format seeds built with detector-weights' fixture builders: safetensors (header length at
 * byte 0), GGUF (version, tensor and KV counts, string lengths), ONNX (protobuf) and TFLite
 * (FlatBuffer offsets), each with a benign and a hostile variant.
 */
import {
  BENIGN_TEMPLATES,
  benignOnnx,
  encodeOnnx,
  gguf,
  MALICIOUS_TEMPLATES,
  onnxNode,
  safetensors,
  tflite,
} from "../../../packages/detector-weights/test/fixtures/build.js";
import type { BinaryFormat } from "@watchtower/types";

import type { Seed } from "./mutate.js";

export interface FormatSeed extends Seed {
  path: string;
  format: BinaryFormat;
  /** Prefix lengths that are themselves complete, valid files (e.g. without appended junk). */
  validCuts?: number[];
}

const LAYER = [
  { name: "layer.weight", dtype: "F32", shape: [4, 4] },
  { name: "layer.bias", dtype: "F16", shape: [4] },
];

export function safetensorsSeeds(): FormatSeed[] {
  const st = (name: string, bytes: Uint8Array): FormatSeed => ({
    name,
    bytes,
    path: "model.safetensors",
    format: "safetensors",
    fields: [{ at: 0, width: 8 }],
  });
  const tail = new Uint8Array([0x80, 0x02, 0x63, 0x6f, 0x73, 0x0a, 0x73, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x0a, 0x2e]);
  const evilTail = safetensors(LAYER, { tail });
  return [
    st("st-plain", safetensors(LAYER, { metadata: { format: "pt" } })),
    st("st-many", safetensors(Array.from({ length: 40 }, (_, i) => ({ name: `h.${i}.w`, dtype: "BF16", shape: [2, 3] })))),
    st("st-evil-metadata", safetensors(LAYER, { metadata: { format: "pt", note: "__import__('os').system('id')" } })),
    { ...st("st-evil-tail", evilTail), validCuts: [evilTail.length - tail.length] },
  ];
}

/** GGUF field offsets: version, tensor count, KV count, the first key's length. */
const GGUF_FIELDS: Seed["fields"] = [
  { at: 4, width: 4 },
  { at: 8, width: 8 },
  { at: 16, width: 8 },
  { at: 24, width: 8 },
];

export function ggufSeeds(): FormatSeed[] {
  const base: Parameters<typeof gguf>[0] = [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: "tiny" }],
    ["general.alignment", { type: "u32", value: 32 }],
    ["tokenizer.ggml.tokens", { type: "strings", value: ["<s>", "</s>", "hello", "{{"] }],
  ];
  const tensors = [
    { name: "token_embd.weight", dims: [64, 4], type: 8 },
    { name: "output_norm.weight", dims: [64], type: 0 },
  ];
  const g = (name: string, bytes: Uint8Array): FormatSeed => ({ name, bytes, path: "model.gguf", format: "gguf", fields: GGUF_FIELDS });
  return [
    g("gguf-plain", gguf(base, tensors)),
    g("gguf-template", gguf([...base, ["tokenizer.chat_template", { type: "string", value: BENIGN_TEMPLATES["llama3"]! }]], tensors)),
    g("gguf-evil-template", gguf([...base, ["tokenizer.chat_template", { type: "string", value: MALICIOUS_TEMPLATES["subclasses"]! }]], tensors)),
    g("gguf-v2", gguf(base, tensors, { version: 2 })),
  ];
}

export function onnxSeeds(): FormatSeed[] {
  const o = (name: string, bytes: Uint8Array): FormatSeed => ({ name, bytes, path: "model.onnx", format: "onnx" });
  const loop = benignOnnx({
    node: [
      onnxNode("Loop", ["n", "cond"], ["out"], {
        attribute: [{ name: "body", g: { name: "body", node: [onnxNode("Relu", ["x"], ["y"])] } }],
      }),
    ],
  });
  return [
    o("onnx-plain", encodeOnnx(benignOnnx())),
    o("onnx-subgraph", encodeOnnx(loop)),
    o(
      "onnx-evil-external",
      encodeOnnx(
        benignOnnx({
          initializer: [
            {
              name: "w",
              dims: [10],
              dataType: 1,
              dataLocation: 1,
              externalData: [{ key: "location", value: "../../../../etc/passwd" }, { key: "offset", value: "0" }, { key: "length", value: "40" }],
            },
          ],
        }),
      ),
    ),
    o("onnx-custom-domain", encodeOnnx(benignOnnx({ node: [onnxNode("Evil", ["a"], ["b"], { domain: "com.attacker" })] }))),
  ];
}

export function tfliteSeeds(): FormatSeed[] {
  const t = (name: string, bytes: Uint8Array): FormatSeed => ({ name, bytes, path: "model.tflite", format: "tflite", fields: [{ at: 0, width: 4 }] });
  return [
    t("tflite-plain", tflite([{ builtin: 3 }, { builtin: 9 }])),
    t("tflite-evil", tflite([{ builtin: 3 }, { builtin: 32, custom: "FlexReadFile" }, { builtin: 32, custom: "FlexPyFunc" }])),
  ];
}

export function weightSeeds(): FormatSeed[] {
  return [...safetensorsSeeds(), ...ggufSeeds(), ...onnxSeeds(), ...tfliteSeeds()];
}
