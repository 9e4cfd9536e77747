/**
 * Pickle-family model detector: pickle, joblib (plain and compressed), dill, PyTorch (zip and legacy),
 * NumPy .npy/.npz. Parses like the loaders do and emulates the pickle VM; never unpickles.
 * The scanner (VM, tables, container walkers) is loaded lazily on the first binary file.
 */
import type { Detector } from "@watchtower/types";

import { RULE_LIST } from "./rules.js";

export type PickleDetectorOptions = Record<string, never>;

export const detector: Detector<PickleDetectorOptions> = {
  meta: {
    id: "pickle",
    accepts: ["binary"],
    formats: ["pickle", "zip", "tar", "numpy", "gzip", "zlib", "bzip2", "xz", "lzma", "sevenzip", "unknown"],
    rules: RULE_LIST,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    if (source.kind !== "binary") return;
    const { PickleScanner } = await import("./scan.js");
    await new PickleScanner(ctx, source).scan();
  },
};

export { RULES } from "./rules.js";
