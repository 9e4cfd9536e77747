/**
 * @watchtower/detector-weights — safetensors, ONNX and GGUF files (header attacks, metadata and
 * chat-template injection, custom operators, external-data traversal), plus files named like
 * models that match no known format; TensorFlow Lite custom and Flex ops; Hugging Face tokenizer chat
 * templates (tokenizer_config.json, chat_template.json/.jinja). Parsers load lazily, per format.
 */
import type { Detector } from "@watchtower/types";

import { RULES } from "./rules.js";

export { RULES } from "./rules.js";

/** FlatBuffer file identifier of TensorFlow Lite models ("TFL3" at byte 4). */
function isTfliteMagic(b: Uint8Array): boolean {
  return b.length > 8 && b[4] === 0x54 && b[5] === 0x46 && b[6] === 0x4c && b[7] === 0x33;
}

export const detector: Detector<Record<string, never>> = {
  meta: {
    id: "weights",
    accepts: ["binary", "text"],
    formats: ["safetensors", "gguf", "onnx", "tflite", "unknown"],
    rules: RULES,
  },
  defaultOptions: {},
  async scan(source, ctx) {
    if (source.kind === "text") {
      const { isChatTemplateFile, scanChatTemplates } = await import("./chat-template.js");
      if (isChatTemplateFile(source.path)) scanChatTemplates(source.text, source.path, ctx);
      return;
    }
    if (source.kind !== "binary") return;
    const { bytes, path } = source;
    const ext = path.slice(path.lastIndexOf(".")).toLowerCase();
    if (source.format === "safetensors" || (source.format === "unknown" && ext === ".safetensors")) {
      const { scanSafetensors } = await import("./safetensors.js");
      scanSafetensors(bytes, path, ctx);
    } else if (source.format === "gguf") {
      const { scanGguf } = await import("./gguf.js");
      scanGguf(bytes, path, ctx);
    } else if (source.format === "onnx") {
      const { scanOnnx } = await import("./onnx.js");
      await scanOnnx(bytes, path, ctx);
    } else if (source.format === "tflite" || (source.format === "unknown" && isTfliteMagic(bytes))) {
      const { scanTflite } = await import("./tflite.js");
      scanTflite(bytes, path, ctx);
    } else if (source.format === "unknown") {
      const { checkUnrecognized } = await import("./unrecognized.js");
      checkUnrecognized(bytes, path, ctx);
    }
  },
};
