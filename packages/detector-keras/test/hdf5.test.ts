import { describe, expect, it } from "vitest";

import { atOrAbove, byRule, scanH5, summary } from "./helpers.js";
import { buildH5 } from "./fixtures/h5.js";
import { k2, k2ConvModel, k2Dense, k2Lambda, k2Sequential, k2TrainingConfig } from "./fixtures/keras.js";
import { BENIGN_LAMBDA, lambdaBase64, MALICIOUS_LAMBDA, marshalCode } from "./fixtures/marshal.js";
import { globalCallP0, globalCallP2, globalCallP4, pureDataP0 } from "./fixtures/pickle.js";

/** A tf.keras 2.x model file: config attributes as fixed-length byte strings, weights groups. */
async function kerasH5(modelConfig: unknown, trainingConfig: unknown = k2TrainingConfig(), extra: Parameters<typeof buildH5>[0] = {}): Promise<Uint8Array> {
  return buildH5({
    attrs: {
      keras_version: { fixed: "2.13.1" },
      backend: { fixed: "tensorflow" },
      model_config: { fixed: JSON.stringify(modelConfig) },
      ...(trainingConfig === undefined ? {} : { training_config: { fixed: JSON.stringify(trainingConfig) } }),
      ...extra.attrs,
    },
    groups: {
      model_weights: { layer_names: { fixedArray: ["dense", "dense_1"] }, backend: { fixed: "tensorflow" } },
      "model_weights/dense": { weight_names: { fixedArray: ["dense/kernel:0", "dense/bias:0"] } },
      ...extra.groups,
    },
    datasets: {
      "model_weights/dense/kernel:0": { data: new Float32Array(32).map((_, i) => Math.sin(i)), shape: [4, 8] },
      "model_weights/dense/bias:0": { data: new Float32Array(8) },
      ...extra.datasets,
    },
  });
}

describe("Keras HDF5: benign models", () => {
  it("a plain Dense model has nothing at medium or above and is complete", async () => {
    const r = await scanH5(await kerasH5(k2Sequential([k2Dense("dense", 8), k2Dense("dense_1", 1, { activation: "sigmoid" })])));
    expect(atOrAbove(r, "medium")).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });

  it("a Conv model has nothing at medium or above", async () => {
    const r = await scanH5(await kerasH5(k2ConvModel()));
    expect(r.reports).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });

  it("model_config written as a variable-length UTF-8 string (Keras 3 legacy save) is read too", async () => {
    const bytes = await buildH5({ attrs: { model_config: JSON.stringify(k2Sequential([k2Lambda("l", lambdaBase64(BENIGN_LAMBDA))])) } });
    expect(summary(await scanH5(bytes))).toEqual(["keras/lambda-layer high lambda bytecode"]);
  });

  it("HF tf_model.h5 (weights only, no model_config) is benign: no finding", async () => {
    const bytes = await buildH5({
      attrs: { layer_names: { fixedArray: ["tf_bert_model"] }, backend: { fixed: "tensorflow" }, keras_version: { fixed: "2.10.0" } },
      groups: { tf_bert_model: { weight_names: { fixedArray: ["tf_bert_model/bert/embeddings/word_embeddings/weight:0"] } }, "tf_bert_model/bert": {} },
      datasets: { "tf_bert_model/bert/weight:0": { data: new Float32Array(64), shape: [8, 8] } },
    });
    const r = await scanH5(bytes, {}, "tf_model.h5");
    expect(r.reports).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });

  it("tf.keras >= 2.11 optimizers registered as Custom>Adam are built-ins, not custom objects", async () => {
    const training = k2TrainingConfig({ optimizer_config: k2("Custom>Adam", { name: "Adam", learning_rate: 0.001, is_legacy_optimizer: false }) });
    const r = await scanH5(await kerasH5(k2ConvModel(), training));
    expect(r.reports).toEqual([]);
  });

  it("Python's NaN/Infinity in a config are accepted (json.dumps writes them)", async () => {
    const text = JSON.stringify(k2Sequential([k2("ReLU", { name: "relu", max_value: 6 })])).replace('"max_value":6', '"max_value":Infinity');
    const bytes = await buildH5({ attrs: { model_config: { fixed: text } } });
    const r = await scanH5(bytes);
    expect(r.incompletes).toEqual([]);
    expect(r.reports).toEqual([]);
  });
});

describe("Keras HDF5: Lambda layers (CVE-2024-3660, CVE-2025-9905)", () => {
  it("a Lambda at top level is high; with os/system/__import__ in its bytecode it is critical", async () => {
    const benign = await scanH5(await kerasH5(k2Sequential([k2Dense("dense", 8), k2Lambda("scale", lambdaBase64(BENIGN_LAMBDA))])));
    expect(summary(benign)).toEqual(["keras/lambda-layer high lambda bytecode"]);
    const evil = await scanH5(await kerasH5(k2Sequential([k2Dense("dense", 8), k2Lambda("evil", lambdaBase64(MALICIOUS_LAMBDA))])));
    const [f] = byRule(evil, "keras/lambda-layer");
    expect(f?.severity).toBe("critical");
    expect(f?.evidence).toBe("__import__, os, system");
    expect(f?.message).toContain('Lambda layer "evil"');
    expect(f?.at).toEqual({ kind: "binary", member: "model_config" });
  });

  it.each(["py38", "py30", "py2"] as const)("decodes Lambda bytecode written by %s", async (layout) => {
    const code = lambdaBase64({ names: ["subprocess", "check_output"], consts: [null, "id"] }, layout);
    const r = await scanH5(await kerasH5(k2Sequential([k2Lambda("l", code)])));
    expect(byRule(r, "keras/lambda-layer")[0]).toMatchObject({ severity: "critical", evidence: "check_output, subprocess" });
  });

  it("finds a Lambda nested in a sub-model of a Functional model", async () => {
    const inner = k2Sequential([k2Lambda("hidden", lambdaBase64(MALICIOUS_LAMBDA))], "inner");
    const outer = k2("Functional", { name: "outer", layers: [k2("InputLayer", { name: "in" }), { ...inner, name: "inner", inbound_nodes: [[["in", 0, 0, {}]]] }], input_layers: [["in", 0, 0]], output_layers: [["inner", 0, 0]] });
    const r = await scanH5(await kerasH5(outer));
    const f = byRule(r, "keras/lambda-layer");
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe("critical");
    expect(f[0]?.data?.["configPath"]).toBe("config.layers[1].config.layers[1].config.function");
  });

  it("finds a Lambda inside Bidirectional and TimeDistributed wrappers", async () => {
    const wrapped = k2("TimeDistributed", { name: "td", layer: k2Lambda("in_td", lambdaBase64(MALICIOUS_LAMBDA)) });
    const bidi = k2("Bidirectional", { name: "bi", layer: k2("LSTM", { name: "lstm", units: 4 }), backward_layer: k2Lambda("backward", lambdaBase64(BENIGN_LAMBDA)) });
    const r = await scanH5(await kerasH5(k2Sequential([wrapped, bidi])));
    expect(summary(r)).toEqual(["keras/lambda-layer critical __import__, os, system", "keras/lambda-layer high lambda bytecode"]);
  });

  it("a Lambda whose function is a name in a dangerous module (function_type 'function') is critical", async () => {
    const layer = k2("Lambda", { name: "named", function: "system", function_type: "function", module: "os", output_shape: null, output_shape_type: "raw", arguments: {} });
    const r = await scanH5(await kerasH5(k2Sequential([layer])));
    expect(byRule(r, "keras/lambda-layer")[0]).toMatchObject({ severity: "critical", evidence: "os.system" });
  });

  it("a Lambda that refers to a user function by name (no code in the file) is medium", async () => {
    const layer = k2("Lambda", { name: "named", function: "normalize", function_type: "function", module: "__main__", output_shape: null, output_shape_type: "raw", arguments: {} });
    expect(summary(await scanH5(await kerasH5(k2Sequential([layer]))))).toEqual(["keras/lambda-layer medium __main__.normalize"]);
  });

  it("a lambda as output_shape is found too", async () => {
    const layer = k2Lambda("shape", lambdaBase64(BENIGN_LAMBDA), { output_shape: [lambdaBase64(MALICIOUS_LAMBDA), null, null], output_shape_type: "lambda", output_shape_module: "__main__" });
    const r = await scanH5(await kerasH5(k2Sequential([layer])));
    expect(summary(r)).toEqual(["keras/lambda-layer critical __import__, os, system", "keras/lambda-layer high lambda bytecode"]);
  });

  it("marshalled code hidden in a custom layer's config (not a Lambda) is still found", async () => {
    const custom = k2("PayloadLayer", { name: "p", units: 4, blob: lambdaBase64(MALICIOUS_LAMBDA) });
    const r = await scanH5(await kerasH5(k2Sequential([custom])));
    expect(summary(r)).toEqual(["keras/custom-object medium PayloadLayer", "keras/lambda-layer critical __import__, os, system"]);
  });

  it("Keras 1.x Lambda code (raw marshal string, not base64) is decoded", async () => {
    const raw = String.fromCharCode(...marshalCode({ names: ["os", "popen"], consts: [null, "id"] }, "py30"));
    const r = await scanH5(await kerasH5(k2Sequential([k2("Lambda", { name: "old", function: raw, function_type: "lambda", output_shape: null, output_shape_type: "raw", arguments: {} })])));
    expect(summary(r)).toEqual(["keras/lambda-layer critical os, popen"]);
  });

  it("a Lambda whose function is Python source text is checked by its identifiers", async () => {
    const layer = k2("Lambda", { function: "lambda x: eval('print(1)')" });
    const r = await scanH5(await kerasH5(k2Sequential([layer])));
    expect(byRule(r, "keras/lambda-layer")[0]).toMatchObject({ severity: "critical", evidence: "eval" });
    expect(byRule(r, "keras/lambda-layer")[0]?.message).toContain("Lambda layer at config.layers[1].config");
  });

  it("undecodable Lambda bytecode is still high and leaves a note", async () => {
    const r = await scanH5(await kerasH5(k2Sequential([k2Lambda("bad", "4wEAAAAAAAAAAAAAAAEAAAAB")])));
    expect(summary(r)).toEqual(["keras/lambda-layer high lambda bytecode"]);
    expect(r.notes.join("\n")).toContain("could not be decoded");
  });
});

describe("Keras HDF5: custom objects, modules and injected losses (M14, A6)", () => {
  it("a custom layer class is medium, a known third-party layer low", async () => {
    const r = await scanH5(await kerasH5(k2Sequential([k2("AttentionLayer", { name: "att" }), k2("KerasLayer", { name: "hub", handle: "https://tfhub.dev/x/1" }), k2("Addons>GroupNormalization", { name: "gn" })])));
    expect(summary(r)).toEqual(["keras/custom-object low Addons>GroupNormalization", "keras/custom-object low KerasLayer", "keras/custom-object medium AttentionLayer"]);
  });

  it("the same custom class in many layers is one finding with a count", async () => {
    const layers = Array.from({ length: 300 }, (_, i) => k2("AttentionLayer", { name: `att_${i}` }));
    const r = await scanH5(await kerasH5(k2Sequential(layers)));
    expect(summary(r)).toEqual(["keras/custom-object medium AttentionLayer"]);
    expect(r.reports[0]?.data?.["count"]).toBe(300);
  });

  it("large numeric arrays inside a config are walked quickly", async () => {
    const big = k2("Normalization", { name: "norm", mean: Array.from({ length: 200_000 }, (_, i) => i / 3), variance: { class_name: "__numpy__", config: { value: Array.from({ length: 200_000 }, () => 1), dtype: "float32" } } });
    const t = performance.now();
    const r = await scanH5(await buildH5({ attrs: { model_config: JSON.stringify(k2Sequential([big])) } }));
    expect(r.reports).toEqual([]);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it("builtins.exec as a kernel_initializer is critical (M14)", async () => {
    const dense = k2Dense("dense", 4, { kernel_initializer: { module: "builtins", class_name: "function", config: "exec", registered_name: "function" } });
    const r = await scanH5(await kerasH5(k2Sequential([dense])));
    expect(byRule(r, "keras/unsafe-module")[0]).toMatchObject({ severity: "critical", evidence: "builtins.exec" });
  });

  it("an injected loss in training_config is found (A6 loss injection)", async () => {
    const training = k2TrainingConfig({ loss: { module: "subprocess", class_name: "function", config: "Popen", registered_name: "Popen" } });
    const r = await scanH5(await kerasH5(k2Sequential([k2Dense("d", 1)]), training));
    const [f] = byRule(r, "keras/unsafe-module");
    expect(f).toMatchObject({ severity: "critical", evidence: "subprocess.Popen", at: { kind: "binary", member: "training_config" } });
  });

  it("a metric carrying a lambda in training_config is found", async () => {
    const training = k2TrainingConfig({ metrics: [{ class_name: "__lambda__", config: { value: [lambdaBase64(MALICIOUS_LAMBDA), null, null] } }] });
    const r = await scanH5(await kerasH5(k2Sequential([k2Dense("d", 1)]), training));
    expect(summary(r)).toEqual(["keras/lambda-layer critical __import__, os, system"]);
  });

  it("a module that only starts like keras (prefix collision) is not trusted", async () => {
    const dense = k2Dense("dense", 4, { kernel_regularizer: { module: "keras_evil.regularizers", class_name: "Evil", config: {}, registered_name: null } });
    const r = await scanH5(await kerasH5(k2Sequential([dense])));
    expect(summary(r)).toEqual(["keras/unsafe-module medium keras_evil.regularizers.Evil"]);
    const strict = await scanH5(await kerasH5(k2Sequential([dense])), { strictModels: true });
    expect(summary(strict)).toEqual(["keras/unsafe-module high keras_evil.regularizers.Evil"]);
  });
});

describe("Keras HDF5: pickles hidden in attributes and datasets (M15)", () => {
  it("a pickle in a fixed-length byte-string attribute is critical when it imports os.system", async () => {
    const r = await scanH5(await kerasH5(k2ConvModel(), undefined, { groups: { "model_weights/hidden": { payload: { fixed: globalCallP4("os", "system", "id") } } } }));
    const [f] = byRule(r, "keras/embedded-pickle");
    expect(f).toMatchObject({ severity: "critical", evidence: "os.system", at: { kind: "binary", member: "/model_weights/hidden@payload" } });
  });

  it("a pickle in a uint8 dataset is found", async () => {
    const r = await scanH5(await kerasH5(k2ConvModel(), undefined, { datasets: { "model_weights/dense/blob": { data: globalCallP2("subprocess", "call", "id") } } }));
    expect(byRule(r, "keras/embedded-pickle")[0]).toMatchObject({ severity: "critical", evidence: "subprocess.call", at: { member: "/model_weights/dense/blob" } });
  });

  it("a protocol 0 text pickle in a string attribute is found (an ASCII check would miss it)", async () => {
    const r = await scanH5(await kerasH5(k2ConvModel(), undefined, { attrs: { note: new TextDecoder().decode(globalCallP0("posix", "system", "id")) } }));
    expect(byRule(r, "keras/embedded-pickle")[0]).toMatchObject({ severity: "critical", evidence: "posix.system" });
  });

  it("a pickle in a fixed-length string dataset is found", async () => {
    const r = await scanH5(await kerasH5(k2ConvModel(), undefined, { datasets: { "model_weights/state": { data: [], fixedBytes: globalCallP4("builtins", "eval", "1") } } }));
    expect(byRule(r, "keras/embedded-pickle")[0]).toMatchObject({ severity: "critical", evidence: "builtins.eval" });
  });

  it("any pickle inside a Keras model is high; plain-data pickles in other HDF5 files are low", async () => {
    const keras = await scanH5(await kerasH5(k2ConvModel(), undefined, { attrs: { extra: { fixed: pureDataP0() } } }));
    expect(summary(keras)).toEqual(["keras/embedded-pickle high pickle protocol 0"]);
    const pandas = await scanH5(await buildH5({ groups: { df: { non_index_axes: { fixed: pureDataP0() }, pandas_type: { fixed: "frame" } } } }), {}, "data.h5");
    expect(summary(pandas)).toEqual(["keras/embedded-pickle low pickle protocol 0"]);
  });

  it("float weights whose bytes look random are not pickles", async () => {
    const weights = new Float32Array(4096).map((_, i) => Math.cos(i * 1.7) * 3);
    const r = await scanH5(await kerasH5(k2ConvModel(), undefined, { datasets: { "model_weights/big": { data: weights, shape: [64, 64] } } }));
    expect(r.reports).toEqual([]);
  });
});

describe("Keras HDF5: links", () => {
  it("external links are not followed and soft/hard link cycles do not loop", async () => {
    const h5 = await import("h5wasm");
    await h5.ready;
    const name = "/links-fixture.h5";
    const f = new h5.File(name, "w");
    f.create_attribute("model_config", JSON.stringify(k2ConvModel()));
    f.create_group("a");
    f.create_group("a/b");
    f.create_soft_link("/a", "a/b/up");
    f.create_hard_link("/a", "a/b/again");
    f.create_external_link("/etc/passwd", "/x", "ext");
    f.close();
    const fs = h5.FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void };
    const bytes = fs.readFile(name).slice();
    fs.unlink(name);
    const r = await scanH5(bytes);
    expect(r.reports).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });
});

describe("Keras HDF5: fail closed", () => {
  it("corrupt and truncated files are incomplete, not passed", async () => {
    const good = await kerasH5(k2ConvModel());
    const truncated = await scanH5(good.subarray(0, 600));
    expect(truncated.incompletes).toHaveLength(1);
    const junk = await scanH5(Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]));
    expect(junk.incompletes[0]?.details).toMatch(/not a readable HDF5 file/);
  });

  it("a model_config that is not JSON is incomplete", async () => {
    const r = await scanH5(await buildH5({ attrs: { model_config: { fixed: '{"class_name": "Sequential", "config": {' } } }));
    expect(r.incompletes[0]?.details).toMatch(/model_config is not valid JSON/);
  });

  it("a config nested deeper than the limit is incomplete", async () => {
    let deep = k2Dense("d", 1);
    for (let i = 0; i < 40; i++) deep = k2("Sequential", { name: `s${i}`, layers: [deep] });
    const r = await scanH5(await buildH5({ attrs: { model_config: JSON.stringify(deep) } }));
    expect(r.incompletes[0]?.details).toMatch(/nesting deeper/);
  });
});
