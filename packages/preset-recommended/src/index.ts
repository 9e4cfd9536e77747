/**
 * The recommended detector set, in report order, with the routing each one needs. Routing is decided
 * from cheap file facts before anything is imported, so a commit of one `.py` file loads neither the
 * HDF5 wasm nor the advisory database.
 * coupling: each `wants` mirrors the detector's own meta.accepts/meta.formats (checked by a test).
 */
import type { BinaryFormat, Detector, DetectorEntry, FileFacts } from "@watchtower/types";

/** Python sources, and extension-less scripts (the code detector keeps those with a python shebang). */
const isPython = (f: FileFacts): boolean => f.kind === "text" && (/\.(?:py|pyw|pyi|ipy)$/i.test(f.path) || !hasExtension(f.path));
/** A dot in the file name with something after it (`a.b`, `.bashrc`); `Makefile` and `run` have none. */
function hasExtension(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.indexOf(".");
  return dot >= 0 && dot < base.length - 1;
}
const binaryIn =
  (...formats: BinaryFormat[]) =>
  (f: FileFacts): boolean =>
    f.kind === "binary" && f.format !== undefined && formats.includes(f.format);

export const PICKLE_FORMATS: BinaryFormat[] = ["pickle", "zip", "tar", "numpy", "gzip", "zlib", "bzip2", "xz", "lzma", "sevenzip"];

export const recommendedDetectors: readonly DetectorEntry[] = [
  {
    id: "secrets",
    wants: (f) => f.kind === "text" || f.kind === "notebook",
    load: async () => (await import("@watchtower/detector-secrets")).detector as Detector<object>,
  },
  {
    id: "pii",
    wants: (f) => f.kind === "notebook" || (f.kind === "text" && f.fileKind !== "manifest"),
    load: async () => (await import("@watchtower/detector-pii")).detector as Detector<object>,
  },
  {
    id: "dependencies",
    wants: (f) => f.kind === "notebook" || (f.kind === "text" && f.fileKind === "manifest"),
    load: async () => (await import("@watchtower/detector-dependencies")).detector as Detector<object>,
  },
  {
    id: "licenses",
    wants: (f) => f.kind === "notebook" || (f.kind === "text" && f.fileKind === "manifest"),
    load: async () => (await import("@watchtower/detector-dependencies")).licensesDetector as Detector<object>,
  },
  {
    id: "code",
    wants: (f) => f.kind === "notebook" || isPython(f),
    load: async () => (await import("@watchtower/detector-code")).detector as Detector<object>,
  },
  {
    id: "pickle",
    // Model-named files of no known format may still hide a pickle after junk bytes.
    wants: (f) => binaryIn(...PICKLE_FORMATS)(f) || (f.kind === "binary" && f.format === "unknown" && f.fileKind === "model"),
    load: async () => (await import("@watchtower/detector-pickle")).detector as Detector<object>,
  },
  {
    id: "keras",
    wants: binaryIn("hdf5", "zip"),
    load: async () => (await import("@watchtower/detector-keras")).detector as Detector<object>,
  },
  {
    id: "tensorflow",
    wants: binaryIn("protobuf"),
    load: async () => (await import("@watchtower/detector-tensorflow")).detector as Detector<object>,
  },
  {
    id: "weights",
    wants: (f) =>
      binaryIn("safetensors", "onnx", "gguf", "tflite")(f) ||
      (f.kind === "binary" && f.format === "unknown" && f.fileKind === "model") ||
      // Tokenizer chat templates (JSON files are checked for a "chat_template" key before parsing).
      (f.kind === "text" && /(?:\.json|(?:^|\/)chat_template[\w.-]{0,80}\.jinja|additional_chat_templates\/[^/]{1,200}\.jinja)$/i.test(f.path)),
    load: async () => (await import("@watchtower/detector-weights")).detector as Detector<object>,
  },
];

/** Loads every detector (for --list-rules, --explain and meta-tests). */
export async function loadAllDetectors(): Promise<Detector<object>[]> {
  return Promise.all(recommendedDetectors.map((d) => d.load()));
}
