import type { RuleMeta, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PKG = "detector-weights";

function rule(meta: Omit<RuleMeta, "docsUrl" | "since" | "category">): RuleMeta {
  return { ...meta, category: "models", docsUrl: docsUrlFor(PKG, meta.id), since: "0.1.0" };
}

const PARSER_ATTACK: StandardsMapping = {
  cwe: ["CWE-20", "CWE-125", "CWE-787"],
  owaspTop10: ["A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.003"],
  nistAiRmf: ["MANAGE"],
};

const INJECTION: StandardsMapping = {
  cwe: ["CWE-94", "CWE-79", "CWE-1336"],
  owaspTop10: ["A03:2021", "A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.003", "AML.T0051"],
  nistAiRmf: ["MANAGE"],
};

export const SAFETENSORS_HEADER_INVALID = rule({
  id: "weights/safetensors-header-invalid",
  title: "Malformed or crafted safetensors header",
  description:
    "A safetensors header breaks the format's invariants: a header length beyond the file, tensor offsets outside the data area, overlapping tensors, byte sizes that do not match dtype and shape, or bytes hidden between tensors.",
  defaultSeverity: "high",
  fix: "Do not load the file with non-validating loaders; re-download or re-export it with the safetensors library.",
  standards: PARSER_ATTACK,
});

export const SAFETENSORS_METADATA_INJECTION = rule({
  id: "weights/safetensors-metadata-injection",
  title: "Code, script or template payload in safetensors metadata",
  description:
    "A safetensors __metadata__ value or tensor name carries code-execution, shell, HTML/script or template-injection content aimed at tools that display or evaluate model metadata.",
  defaultSeverity: "medium",
  fix: "Strip the metadata (re-save the tensors without it) and find out who put the payload there.",
  standards: INJECTION,
  heuristic: true,
});

export const ONNX_EXTERNAL_DATA_TRAVERSAL = rule({
  id: "weights/onnx-external-data-traversal",
  title: "ONNX external data path escapes the model directory",
  description:
    "An ONNX tensor stores its data externally at a location that is absolute, contains '..', names a drive, share or URL, so loading the model reads an arbitrary file.",
  defaultSeverity: "high",
  fix: "Only accept external data files next to the model (plain relative names); re-export with onnx.save(..., location='weights.bin').",
  standards: { ...PARSER_ATTACK, cwe: ["CWE-22", "CWE-73"] },
});

export const ONNX_CUSTOM_OP_DOMAIN = rule({
  id: "weights/onnx-custom-op-domain",
  title: "ONNX node from a custom operator domain",
  description:
    "An ONNX node uses an operator domain outside ai.onnx, ai.onnx.ml and com.microsoft that the model does not define itself, so running it needs a custom operator library (native code).",
  defaultSeverity: "medium",
  fix: "Identify and review the custom-op library the model needs before registering it with the runtime.",
  standards: {
    cwe: ["CWE-829"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MAP"],
  },
});

export const ONNX_METADATA_INJECTION = rule({
  id: "weights/onnx-metadata-injection",
  title: "Code, script or template payload in ONNX metadata",
  description:
    "An ONNX model's metadata_props or doc_string carries code-execution, shell, HTML/script or template-injection content aimed at tools that display or evaluate model metadata.",
  defaultSeverity: "medium",
  fix: "Remove the metadata entry and find out who put the payload there.",
  standards: INJECTION,
  heuristic: true,
});

export const GGUF_HEADER_INVALID = rule({
  id: "weights/gguf-header-invalid",
  title: "Malformed or crafted GGUF header",
  description:
    "A GGUF header has counts, string or array lengths, dimensions, types, alignment or tensor offsets that are impossible for the file, the pattern of the heap-overflow bugs found in GGUF parsers.",
  defaultSeverity: "high",
  fix: "Do not load the file; re-download it or re-convert it with llama.cpp's convert scripts.",
  standards: PARSER_ATTACK,
});

export const GGUF_CHAT_TEMPLATE_INJECTION = rule({
  id: "weights/gguf-chat-template-injection",
  title: "Jinja sandbox escape in a GGUF chat template",
  description:
    "A GGUF tokenizer.chat_template uses Jinja constructs that reach Python internals (__class__, __globals__, __subclasses__, lipsum, cycler, attr filters, escaped underscores), the server-side template injection behind CVE-2024-34359.",
  defaultSeverity: "critical",
  fix: "Do not serve the model; replace the chat template with the upstream one for its architecture.",
  standards: { ...INJECTION, cwe: ["CWE-1336", "CWE-94"] },
});

export const HF_CHAT_TEMPLATE_INJECTION = rule({
  id: "weights/chat-template-injection",
  title: "Jinja sandbox escape in a Hugging Face chat template",
  description:
    "A chat template in tokenizer_config.json, chat_template.json or chat_template.jinja uses Jinja constructs that reach Python internals or load other templates; transformers, vLLM, TGI and llama.cpp servers render it for every request (server-side template injection, CVE-2024-34359 class).",
  defaultSeverity: "critical",
  fix: "Do not serve the model; replace the chat template with the upstream one for its architecture.",
  standards: { ...INJECTION, cwe: ["CWE-1336", "CWE-94"] },
});

export const GGUF_METADATA_INJECTION = rule({
  id: "weights/gguf-metadata-injection",
  title: "Code, script or template payload in GGUF metadata",
  description:
    "A GGUF string metadata value other than the chat template carries code-execution, shell, HTML/script or template-injection content aimed at tools that display or evaluate model metadata.",
  defaultSeverity: "medium",
  fix: "Rewrite the metadata with gguf-py (gguf_set_metadata / gguf_new_metadata) without the entry.",
  standards: INJECTION,
  heuristic: true,
});

export const TFLITE_CUSTOM_OP = rule({
  id: "weights/tflite-custom-op",
  title: "TensorFlow Lite model needs custom or Flex ops",
  description:
    "A TensorFlow Lite model names custom operators that need a native op resolver, or Flex ops that run TensorFlow kernels such as ReadFile, WriteFile or PyFunc through the Select-TF-ops delegate.",
  defaultSeverity: "medium",
  fix: "Review the op resolver or Flex delegate the model needs; a Flex ReadFile, WriteFile or PyFunc has no place in an inference model.",
  standards: {
    cwe: ["CWE-829", "CWE-73"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MANAGE"],
  },
});

export const UNRECOGNIZED_MODEL_FORMAT = rule({
  id: "weights/unrecognized-model-format",
  title: "File named like a model matches no known format",
  description:
    "A file whose extension says model (.bin, .pt, .ckpt, .safetensors, .gguf, .h5, .tflite …) matches no model format the scanner knows, so it could not be checked.",
  defaultSeverity: "medium",
  fix: "Check what the file really is; rename it if it is not a model, or convert the model to safetensors.",
  standards: {
    cwe: ["CWE-434"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MEASURE"],
  },
});

export const RULES: readonly RuleMeta[] = [
  HF_CHAT_TEMPLATE_INJECTION,
  GGUF_CHAT_TEMPLATE_INJECTION,
  GGUF_HEADER_INVALID,
  GGUF_METADATA_INJECTION,
  ONNX_CUSTOM_OP_DOMAIN,
  ONNX_EXTERNAL_DATA_TRAVERSAL,
  ONNX_METADATA_INJECTION,
  SAFETENSORS_HEADER_INVALID,
  SAFETENSORS_METADATA_INJECTION,
  TFLITE_CUSTOM_OP,
  UNRECOGNIZED_MODEL_FORMAT,
];
