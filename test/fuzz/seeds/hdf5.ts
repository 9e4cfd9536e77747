/**
 * HDF5 seeds written by h5wasm through detector-keras' own fixture builder: Keras 2 model files,
 * weights-only files, configs with Lambda layers, pickles in attributes and datasets.
 */
import { buildH5 } from "../../../packages/detector-keras/test/fixtures/h5.js";
import { k2ConvModel, k2Dense, k2Lambda, k2Sequential, k2TrainingConfig } from "../../../packages/detector-keras/test/fixtures/keras.js";
import { lambdaBase64, MALICIOUS_LAMBDA } from "../../../packages/detector-keras/test/fixtures/marshal.js";
import { globalCallP0, globalCallP2, pureDataP4 } from "../../../packages/detector-keras/test/fixtures/pickle.js";
import type { Seed } from "./mutate.js";

/** Superblock v0 fields: offset/length sizes, then the base, free-space, end-of-file and driver addresses. */
const SUPERBLOCK_FIELDS: Seed["fields"] = [
  { at: 13, width: 1 },
  { at: 14, width: 1 },
  { at: 16, width: 2 },
  { at: 18, width: 2 },
  { at: 24, width: 8 },
  { at: 32, width: 8 },
  { at: 40, width: 8 },
  { at: 48, width: 8 },
];

async function kerasH5(modelConfig: unknown): Promise<Uint8Array> {
  return buildH5({
    attrs: {
      keras_version: { fixed: "2.13.1" },
      backend: { fixed: "tensorflow" },
      model_config: { fixed: JSON.stringify(modelConfig) },
      training_config: { fixed: JSON.stringify(k2TrainingConfig()) },
    },
    groups: {
      model_weights: { layer_names: { fixedArray: ["dense", "dense_1"] }, backend: { fixed: "tensorflow" } },
      "model_weights/dense": { weight_names: { fixedArray: ["dense/kernel:0", "dense/bias:0"] } },
    },
    datasets: {
      "model_weights/dense/kernel:0": { data: new Float32Array(32).map((_, i) => Math.sin(i)), shape: [4, 8] },
      "model_weights/dense/bias:0": { data: new Float32Array(8) },
    },
  });
}

export async function hdf5Seeds(): Promise<Seed[]> {
  const seeds: [string, Uint8Array][] = [
    ["keras2-dense", await kerasH5(k2Sequential([k2Dense("dense", 8), k2Dense("dense_1", 1)]))],
    ["keras2-conv", await kerasH5(k2ConvModel())],
    ["keras2-evil-lambda", await kerasH5(k2Sequential([k2Dense("dense", 8), k2Lambda("evil", lambdaBase64(MALICIOUS_LAMBDA))]))],
    [
      "weights-only",
      await buildH5({
        attrs: { layer_names: { fixedArray: ["tf_bert_model"] }, backend: { fixed: "tensorflow" }, keras_version: { fixed: "2.10.0" } },
        groups: { tf_bert_model: { weight_names: { fixedArray: ["w:0"] } } },
        datasets: { "tf_bert_model/w:0": { data: new Float32Array(64), shape: [8, 8] } },
      }),
    ],
    [
      "pickles-evil",
      await buildH5({
        attrs: { payload: { fixed: globalCallP2("os", "system", "id") }, text: globalCallP0("os", "system", "id") },
        groups: { data: { plain: { fixed: pureDataP4() } } },
        datasets: { "data/blob": { data: globalCallP2("subprocess", "call", "id") } },
      }),
    ],
    ["vlen-config", await buildH5({ attrs: { model_config: JSON.stringify(k2Sequential([k2Dense("d", 2)])) } })],
  ];
  return seeds.map(([name, bytes]) => ({ name, bytes, fields: SUPERBLOCK_FIELDS }));
}

const GCOL = [0x47, 0x43, 0x4f, 0x4c];

function indexOf(bytes: Uint8Array, needle: readonly number[], from: number): number {
  for (let i = bytes.indexOf(needle[0]!, from); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(needle[0]!, i + 1)) {
    if (needle.every((b, k) => bytes[i + k] === b)) return i;
  }
  return -1;
}

/**
 * Found by the HDF5 fuzz property: h5wasm's HDF5 library (2.0.0) loops forever loading a global heap
 * collection ("GCOL") whose free-space object (index 0) has size 0, as soon as a variable-length
 * string stored there is read (Keras' `model_config` written as a str). This builds that file.
 */
export async function hdf5HangReproducer(): Promise<Uint8Array> {
  const bytes = (await buildH5({ attrs: { model_config: JSON.stringify(k2Sequential([k2Dense("d", 2)])) } })).slice();
  const view = new DataView(bytes.buffer);
  const at = indexOf(bytes, GCOL, 0);
  if (at < 0) throw new Error("no global heap collection");
  let p = at + 16;
  for (;;) {
    const index = view.getUint16(p, true);
    if (index === 0) {
      view.setBigUint64(p + 8, 0n, true);
      return bytes;
    }
    p += 16 + Number((view.getBigUint64(p + 8, true) + 7n) & ~7n);
  }
}
