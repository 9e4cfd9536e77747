import type { FileFacts } from "@watchtower/types";
import { describe, expect, it } from "vitest";

import { recommendedDetectors } from "../src/index.js";

const route = (f: FileFacts): string[] => recommendedDetectors.filter((d) => d.wants(f)).map((d) => d.id);

describe("routing", () => {
  it("sends each kind of file only to the detectors that read it", () => {
    expect(route({ path: "a.py", kind: "text", fileKind: "code" })).toEqual(["secrets", "pii", "code"]);
    expect(route({ path: "requirements.txt", kind: "text", fileKind: "manifest" })).toEqual(["secrets", "dependencies", "licenses"]);
    expect(route({ path: "n.ipynb", kind: "notebook", fileKind: "notebook" })).toEqual(["secrets", "pii", "dependencies", "licenses", "code"]);
    expect(route({ path: "m.pt", kind: "binary", format: "zip", fileKind: "model" })).toEqual(["pickle", "keras"]);
    expect(route({ path: "m.h5", kind: "binary", format: "hdf5", fileKind: "model" })).toEqual(["keras"]);
    expect(route({ path: "saved_model.pb", kind: "binary", format: "protobuf", fileKind: "model" })).toEqual(["tensorflow"]);
    expect(route({ path: "m.safetensors", kind: "binary", format: "safetensors", fileKind: "model" })).toEqual(["weights"]);
    expect(route({ path: "m.bin", kind: "binary", format: "unknown", fileKind: "model" })).toEqual(["pickle", "weights"]);
    expect(route({ path: "logo.png", kind: "binary", format: "unknown", fileKind: "other" })).toEqual([]);
    // Tokenizer chat templates: JSON files (read only when they hold a "chat_template" key) and .jinja chat templates.
    expect(route({ path: "tokenizer_config.json", kind: "text", fileKind: "text" })).toEqual(["secrets", "pii", "weights"]);
    expect(route({ path: "chat_template.jinja", kind: "text", fileKind: "text" })).toContain("weights");
    expect(route({ path: "templates/base.jinja", kind: "text", fileKind: "text" })).not.toContain("weights");
  });

  it("does not import a detector to route a file", () => {
    // wants() is a pure function of the file facts: calling it for every kind loads nothing.
    for (const d of recommendedDetectors) expect(typeof d.wants({ path: "x", kind: "text", fileKind: "text" })).toBe("boolean");
  });
});
