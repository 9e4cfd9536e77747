/**
 * @watchtower/detector-keras: Keras models in HDF5 (`.h5`, legacy Keras 2 / tf.keras) and Keras v3
 * (`.keras` zip) files. Parses, never loads: Lambda bytecode is taken apart with a marshal reader,
 * configs are walked whole, pickles are recognised by parsing their opcodes.
 * Module top level stays cheap: the scanner (tables, parsers, h5wasm) is imported on first use.
 */
import type { Detector } from "@watchtower/types";

import { RULES } from "./rules.js";

export { RULES } from "./rules.js";

export const detector: Detector = {
  meta: {
    id: "keras",
    accepts: ["binary"],
    formats: ["hdf5", "zip"],
    rules: RULES,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    if (source.kind !== "binary" || (source.format !== "hdf5" && source.format !== "zip")) return;
    const { scanKerasSource } = await import("./scan.js");
    await scanKerasSource(source, ctx);
  },
};
