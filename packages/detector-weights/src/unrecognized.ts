/**
 * Files named like models that no format matched. Some are recognisable formats we do not scan
 * (reported as skipped with the reason); the rest are flagged, because a file that claims to be
 * a model and is not one of the known formats could not be checked at all.
 */
import type { ProjectView } from "@watchtower/types";

import type { Ctx } from "./report.js";

/** Extensions that promise a model; `format: "unknown"` files with these are flagged. */
export const MODEL_EXTENSIONS: ReadonlySet<string> = new Set([
  ".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".onnx", ".gguf", ".ggml", ".pb", ".h5", ".hdf5", ".keras",
  ".tflite", ".mlmodel", ".pte", ".llamafile", ".torchscript", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".mar",
  ".msgpack",
]);

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function u32le(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4) return undefined;
  return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
}

/** Known formats we recognise but do not scan: [test, reason]. Data, not branching code. */
const KNOWN_UNSCANNED: readonly [(b: Uint8Array, ext: string) => boolean, string][] = [
  [(b) => ascii(b, 4, 6) === "ET", "ExecuTorch program (.pte flatbuffer); not parsed by this scanner"],
  [(b) => [0x67676d6c, 0x67676d66, 0x67676a74, 0x67676c61].includes(u32le(b) ?? -1), "legacy GGML/GGJT file (pre-GGUF llama.cpp format); not parsed"],
  [(b) => u32le(b) === 793712314, "fastText binary model; not parsed"],
  [(b, ext) => ext === ".msgpack" && b.length > 0 && ((b[0]! >= 0x80 && b[0]! <= 0x8f) || b[0] === 0xde || b[0] === 0xdf), "Flax msgpack checkpoint (plain data); not parsed"],
  [(b, ext) => ext === ".mlmodel" && b[0] === 0x08, "Core ML model (protobuf); not parsed by this scanner"],
  [(b, ext) => ext === ".bin" && /^\d{1,10} \d{1,6}\r?\n/.test(ascii(b, 0, 24)), "word2vec binary vectors (plain data); not parsed"],
  [(b) => ascii(b, 0, 40).startsWith("version https://git-lfs.github.com/spec/v1"), "Git LFS pointer"],
];

function sibling(project: ProjectView, path: string, test: (p: string) => boolean): boolean {
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
  return project.paths().some((p) => p.startsWith(dir) && !p.slice(dir.length).includes("/") && test(p.slice(dir.length)));
}

export function checkUnrecognized(bytes: Uint8Array, path: string, ctx: Ctx): void {
  const ext = extensionOf(path);
  if (!MODEL_EXTENSIONS.has(ext)) return;
  for (const [test, reason] of KNOWN_UNSCANNED) {
    if (test(bytes, ext)) {
      ctx.skip(reason === "Git LFS pointer" ? "lfs_pointer" : "unsupported_format", reason);
      return;
    }
  }
  if (ext === ".bin") {
    const base = path.slice(path.lastIndexOf("/") + 1);
    const stem = base.slice(0, base.length - ext.length);
    if (sibling(ctx.project, path, (name) => name === `${stem}.xml`)) {
      ctx.skip("unsupported_format", "OpenVINO IR weights (raw tensor data described by the sibling .xml)");
      return;
    }
    if (sibling(ctx.project, path, (name) => name.toLowerCase().endsWith(".onnx"))) {
      ctx.skip("unsupported_format", "raw tensor data next to an ONNX model (external data); the .onnx file is what gets scanned");
      return;
    }
  }
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  ctx.report({
    ruleId: "weights/unrecognized-model-format",
    severity: bytes.length === 0 ? "low" : "medium",
    message:
      bytes.length === 0
        ? `${path} is named like a model (${ext}) but is empty.`
        : `${path} is named like a model (${ext}) but matches no known model format (first bytes: ${head}); it could not be checked.`,
    evidence: bytes.length === 0 ? `${ext} (empty)` : `${ext}: ${head}`,
    identity: ext,
    at: { kind: "binary", byteOffset: 0, byteLength: Math.min(8, bytes.length) },
    data: { extension: ext, size: bytes.length },
  });
}
