import { describe, expect, it } from "vitest";

import { decodeText, fileKindOf, LineIndex, sniff } from "../src/index.js";

const bytes = (...parts: (number[] | string | Uint8Array)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : [...p])));

describe("sniff", () => {
  it.each([
    ["pickle protocol 4, any name", bytes([0x80, 4, 0x95]), "weights.txt", "pickle"],
    ["protocol 0 GLOBAL", bytes("cos\nsystem\n(S'x'\ntR."), "model", "pickle"],
    ["protocol 0 dict in a .pkl", bytes("(dp0\nS'a'\np1\nI1\ns."), "a.pkl", "pickle"],
    ["protocol 0 dict without a pickle name", bytes("(dp0\nS'a'\np1\nI1\ns."), "weights", "pickle"],
    ["zip", bytes("PK", [3, 4], "rest"), "model.pt", "zip"],
    ["numpy", bytes([0x93], "NUMPY", [1, 0]), "x.bin", "numpy"],
    ["hdf5", bytes([0x89], "HDF\r\n", [0x1a, 0x0a], [0, 0]), "m.keras", "hdf5"],
    ["gguf", bytes("GGUF", [3, 0, 0, 0]), "m.bin", "gguf"],
    ["7z", bytes("7z", [0xbc, 0xaf, 0x27, 0x1c]), "m.7z", "sevenzip"],
    ["gzip", bytes([0x1f, 0x8b, 8, 0]), "m.joblib", "gzip"],
    ["safetensors", bytes([2, 0, 0, 0, 0, 0, 0, 0], "{}"), "x", "safetensors"],
    ["protobuf by name", bytes([0x0a, 0x05]), "saved_model.pb", "protobuf"],
    ["unknown binary", bytes([0, 1, 2, 3]), "x.png", "unknown"],
  ])("%s", (_name, data, path, format) => {
    expect(sniff(data, path)).toEqual({ kind: "binary", format });
  });

  // Protocol 0/1 pickles have no header: the sniffer walks their opcodes (never runs them).
  const unicodeMemo = bytes("Vos\np2\n0Vsystem\np3\n0g2\ng3\n", [0x93], "(Vid\ntR.");
  const quotedStack = bytes("S'os'\nS'system'\n", [0x93], "S'ls'\n", [0x85], "R.");
  it.each([
    ["unicode strings, memo and STACK_GLOBAL in a .pkl", unicodeMemo, "m.pkl"],
    ["the same without a pickle name", unicodeMemo, "checkpoint"],
    ["quoted strings and STACK_GLOBAL, odd name", quotedStack, "weights.data-00000"],
    ["junk after STOP", bytes(unicodeMemo, "\n\n\t\t"), "model.bin"],
    ["a broken pickle named like one still goes to the pickle detector", bytes("Vos\np2\n0V"), "m.pkl"],
  ])("header-less pickle: %s", (_name, data, path) => {
    expect(sniff(data, path)).toEqual({ kind: "binary", format: "pickle" });
  });

  it.each([
    ["prose starting with a V", "Vacation notes\nDay one: arrived\n", "notes"],
    ["a line that looks like an int opcode", "I think so\nyes\n", "README"],
    ["brackets and letters that are bare opcodes", "(about the model)\n", "ABOUT"],
    ["a quoted line, then prose", "S'quoted'\nand more text here\n", "quote"],
    ["CSV", "I,J\n1,2\n", "table"],
    ["a PNG named like a checkpoint", "\x89PNG\r\n\x1a\n", "bad.pt"],
  ])("text is not a pickle: %s", (_name, text, path) => {
    expect(sniff(bytes(text), path).kind).toBe("text");
  });

  it("calls text text and notebooks notebooks", () => {
    expect(sniff(bytes("print(1)\n"), "a.py")).toEqual({ kind: "text" });
    expect(sniff(bytes("{}"), "a.ipynb")).toEqual({ kind: "notebook" });
    expect(sniff(bytes("(hello)"), "notes.txt")).toEqual({ kind: "text" });
  });

  it("classifies files for the summary", () => {
    expect(fileKindOf("requirements-dev.txt", { kind: "text" })).toBe("manifest");
    expect(fileKindOf("env/environment.yml", { kind: "text" })).toBe("manifest");
    expect(fileKindOf("src/train.py", { kind: "text" })).toBe("code");
    expect(fileKindOf("a.ipynb", { kind: "notebook" })).toBe("notebook");
    expect(fileKindOf("m.bin", { kind: "binary", format: "unknown" })).toBe("model");
    expect(fileKindOf("logo.png", { kind: "binary", format: "unknown" })).toBe("other");
  });
});

describe("decodeText and LineIndex", () => {
  it("falls back to latin-1 for non-UTF-8 bytes", () => {
    expect(decodeText(bytes("caf", [0xe9])).encoding).toBe("latin1");
    expect(decodeText(bytes("caf", [0xc3, 0xa9])).text).toBe("café");
  });

  it("maps offsets to 1-based lines and columns", () => {
    const idx = new LineIndex("ab\ncd\r\nef");
    expect(idx.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(idx.position(4)).toEqual({ line: 2, column: 2, offset: 4 });
    expect(idx.position(7)).toEqual({ line: 3, column: 1, offset: 7 });
    expect(idx.lineText(2)).toBe("cd");
  });
});
