import { describe, expect, it } from "vitest";

import { ContainerError, DecodeBudget, decompress } from "../src/index.js";
import { VECTORS_B64, VECTOR_INPUT_B64 } from "./fixtures/compressed-vectors.js";
import { deflateSync, gzipSync, zlibSync } from "fflate";

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));
const budget = (): DecodeBudget => new DecodeBudget({ maxDecompressedBytes: 64 * 1024 * 1024, maxCompressionRatio: 200 });

describe("decompress", () => {
  for (const name of ["text", "binary", "empty"]) {
    const input = b64(VECTOR_INPUT_B64[name]!);
    for (const ext of ["bz2", "xz", "lzma", "lzma9"]) {
      it(`decodes ${name}.${ext}`, async () => {
        const kind = ext === "bz2" ? "bzip2" : ext === "xz" ? "xz" : "lzma";
        const out = await decompress(kind, b64(VECTORS_B64[`${name}.${ext}`]!), budget());
        expect(Buffer.from(out).equals(Buffer.from(input))).toBe(true);
      });
    }
  }

  it("decodes zlib, gzip and raw deflate with fflate", async () => {
    const input = new TextEncoder().encode("joblib ".repeat(1000));
    expect(await decompress("zlib", zlibSync(input), budget())).toEqual(input);
    expect(await decompress("gzip", gzipSync(input), budget())).toEqual(input);
    expect(await decompress("raw-deflate", deflateSync(input), budget())).toEqual(input);
  });

  it("reads every stream of a multi-stream bzip2 file", async () => {
    const out = await decompress("bzip2", b64(VECTORS_B64["multi.bz2"]!), budget());
    expect(new TextDecoder().decode(out)).toBe("first second");
  });

  it("returns a prefix without limits", async () => {
    const input = b64(VECTOR_INPUT_B64["text"]!);
    for (const [kind, key] of [
      ["bzip2", "text.bz2"],
      ["xz", "text.xz"],
      ["lzma", "text.lzma"],
    ] as const) {
      const out = await decompress(kind, b64(VECTORS_B64[key]!), budget(), { maxBytes: 10 });
      expect(out).toEqual(input.subarray(0, 10));
    }
  });

  it("enforces the byte budget on every format", async () => {
    for (const [kind, key] of [
      ["bzip2", "text.bz2"],
      ["xz", "text.xz"],
      ["lzma", "text.lzma"],
    ] as const) {
      const tiny = new DecodeBudget({ maxDecompressedBytes: 1000, maxCompressionRatio: 1e9 });
      await expect(decompress(kind, b64(VECTORS_B64[key]!), tiny)).rejects.toMatchObject({ code: "bomb" });
    }
  });

  it("reports truncated streams with their partial output", async () => {
    for (const [kind, key] of [
      ["bzip2", "text.bz2"],
      ["xz", "text.xz"],
      ["lzma", "text.lzma"],
    ] as const) {
      const full = b64(VECTORS_B64[key]!);
      const error = await decompress(kind, full.subarray(0, Math.floor(full.length / 2)), budget()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContainerError);
      expect(["truncated", "corrupt"]).toContain((error as ContainerError).code);
    }
  });

  it("rejects garbage as corrupt", async () => {
    const junk = new Uint8Array(64).fill(0x41);
    for (const kind of ["bzip2", "xz", "lzma", "zlib"] as const) {
      await expect(decompress(kind, junk, budget())).rejects.toBeInstanceOf(ContainerError);
    }
  });
});
