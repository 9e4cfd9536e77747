import type { RuleMeta } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PKG = "detector-tensorflow";
const SINCE = "0.1.0";

function rule(meta: Omit<RuleMeta, "docsUrl" | "since" | "category">): RuleMeta {
  return { ...meta, category: "models", docsUrl: docsUrlFor(PKG, meta.id), since: SINCE };
}

export const PYTHON_FUNCTION_OP = rule({
  id: "tensorflow/python-function-op",
  title: "Graph calls back into Python",
  description:
    "A TensorFlow graph contains PyFunc, PyFuncStateless, EagerPyFunc or PyCall, which run arbitrary Python when the graph executes.",
  defaultSeverity: "critical",
  fix: "Do not load the model; rebuild it without tf.py_function / tf.numpy_function and re-export it.",
  standards: {
    cwe: ["CWE-94", "CWE-502"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003", "AML.T0011.000"],
    nistAiRmf: ["MANAGE"],
  },
});

export const FILE_IO_OP = rule({
  id: "tensorflow/file-io-op",
  title: "Graph reads or writes files",
  description:
    "A TensorFlow graph contains an op that reads, lists or writes files on the machine that runs the model (ReadFile, WriteFile, MatchingFiles and similar).",
  defaultSeverity: "high",
  fix: "Check why an inference graph touches the file system; re-export the model without these ops, or load it only in a sandbox.",
  standards: {
    cwe: ["CWE-73", "CWE-200"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003", "AML.T0025"],
    nistAiRmf: ["MANAGE"],
  },
});

export const UNSAFE_OP = rule({
  id: "tensorflow/unsafe-op",
  title: "Graph contains a network, process or debug-sink op",
  description:
    "A TensorFlow graph contains an op that talks to the network, streams tensors to a debug URL, aborts the process, or is a known malicious custom op.",
  defaultSeverity: "medium",
  fix: "Re-export the model without the op; a served model has no reason to open connections or abort its host.",
  standards: {
    cwe: ["CWE-913", "CWE-200"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MANAGE"],
  },
});

export const UNKNOWN_OP = rule({
  id: "tensorflow/unknown-op",
  title: "Graph uses an op TensorFlow does not ship",
  description:
    "A TensorFlow graph uses an op that is neither a TensorFlow raw op nor a function of the graph's own library, so loading it needs a custom kernel library (native code).",
  defaultSeverity: "medium",
  fix: "Find which library registers the op and review it before loading the model; prefer models built from stock ops.",
  standards: {
    cwe: ["CWE-829"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MAP"],
  },
  heuristic: true,
});

export const KERAS_METADATA_LAMBDA = rule({
  id: "tensorflow/keras-metadata-lambda",
  title: "Keras Lambda layer in SavedModel metadata",
  description:
    "Keras metadata stored with a SavedModel (keras_metadata.pb or the object graph) contains a Lambda layer whose function is marshalled Python bytecode or a module function, which runs when the model is loaded and called.",
  defaultSeverity: "high",
  fix: "Replace the Lambda layer with a registered custom layer or stock layers and re-export; never load untrusted Lambda layers.",
  standards: {
    cwe: ["CWE-94", "CWE-502"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003", "AML.T0011.000"],
    nistAiRmf: ["MANAGE"],
  },
});

export const KERAS_METADATA_UNSAFE_MODULE = rule({
  id: "tensorflow/keras-metadata-unsafe-module",
  title: "Keras metadata references a non-Keras module",
  description:
    "Keras metadata stored with a SavedModel names a Python module outside Keras and TensorFlow as the home of a layer, function or other object, which the loader imports.",
  defaultSeverity: "medium",
  fix: "Check the referenced module; a reference to os, subprocess, builtins or similar is an attack.",
  standards: {
    cwe: ["CWE-502", "CWE-829"],
    owaspTop10: ["A08:2021"],
    owaspMlTop10: ["ML06:2023"],
    mitreAtlas: ["AML.T0010.003"],
    nistAiRmf: ["MANAGE"],
  },
});

export const RULES: readonly RuleMeta[] = [
  FILE_IO_OP,
  KERAS_METADATA_LAMBDA,
  KERAS_METADATA_UNSAFE_MODULE,
  PYTHON_FUNCTION_OP,
  UNKNOWN_OP,
  UNSAFE_OP,
];
