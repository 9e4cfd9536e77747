/**
 * @watchtower/detector-tensorflow — TensorFlow SavedModel, frozen GraphDef, MetaGraphDef and
 * keras_metadata.pb files, parsed with protobufjs and our own minimal descriptors (no TensorFlow).
 */
import type { Detector } from "@watchtower/types";

import { RULES } from "./rules.js";

export { RULES } from "./rules.js";

export const detector: Detector<Record<string, never>> = {
  meta: {
    id: "tensorflow",
    accepts: ["binary"],
    formats: ["protobuf"],
    rules: RULES,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    if (source.kind !== "binary" || source.format !== "protobuf") return;
    // Heavy parts (protobufjs, the raw-op list) load only when a .pb is actually scanned.
    const { scanTensorflow } = await import("./scan.js");
    await scanTensorflow(source, ctx);
  },
};
