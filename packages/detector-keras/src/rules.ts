import type { RuleMeta, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PACKAGE = "detector-keras";
const SINCE = "0.1.0";

/** Loading the model runs attacker-controlled code: deserialization of untrusted data. */
const CODE_EXECUTION: StandardsMapping = {
  cwe: ["CWE-502", "CWE-94"],
  owaspTop10: ["A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.003", "AML.T0011.000"],
  nistAiRmf: ["MEASURE", "MANAGE"],
};

function rule(
  id: `keras/${string}`,
  title: string,
  description: string,
  defaultSeverity: RuleMeta["defaultSeverity"],
  fix: string,
  standards: StandardsMapping = CODE_EXECUTION,
  heuristic?: boolean,
): RuleMeta {
  return {
    id,
    title,
    description,
    category: "models",
    defaultSeverity,
    fix,
    docsUrl: docsUrlFor(PACKAGE, id),
    since: SINCE,
    standards,
    ...(heuristic ? { heuristic } : {}),
  };
}

export const LAMBDA_LAYER = rule(
  "keras/lambda-layer",
  "Keras Lambda layer or serialized Python function",
  "A Keras model config contains a Lambda layer or a marshalled Python function, which runs arbitrary Python code when the model is loaded (CVE-2024-3660, CVE-2025-9905).",
  "high",
  "Replace the Lambda layer with a built-in layer or a registered custom layer whose code lives in your repository, then re-save the model; never load this file from an untrusted source.",
);

export const UNSAFE_MODULE = rule(
  "keras/unsafe-module",
  "Keras config imports a module outside Keras",
  "A Keras config names a Python module outside the Keras and TensorFlow namespaces, which Keras before 3.9 imports and calls while loading the model (CVE-2025-1550).",
  "medium",
  "Re-save the model with Keras >= 3.9 using only built-in or registered objects; treat a dangerous module (os, subprocess, builtins.exec …) as a compromised file.",
);

export const CUSTOM_OBJECT = rule(
  "keras/custom-object",
  "Keras custom object",
  "A Keras config refers to a custom class or function that is not part of Keras, so loading it depends on code outside the model file.",
  "medium",
  "Check that the custom object comes from code you trust and is registered with keras.saving.register_keras_serializable; remove it if you do not recognise it.",
  { cwe: ["CWE-502"], owaspTop10: ["A08:2021"], owaspMlTop10: ["ML06:2023"], mitreAtlas: ["AML.T0010.003"], nistAiRmf: ["MAP"] },
);

export const UNSAFE_DESERIALIZATION_FLAG = rule(
  "keras/unsafe-deserialization-flag",
  "Keras config disables safe mode",
  "A Keras config calls or names enable_unsafe_deserialization, which turns off safe_mode during loading so that a later Lambda layer runs (CVE-2025-9906).",
  "critical",
  "Do not load this model; a legitimate model never needs to switch safe mode off from inside its own config.",
);

export const REMOTE_FILE_FETCH = rule(
  "keras/remote-file-fetch",
  "Keras config downloads a file",
  "A Keras config calls keras.utils.get_file, which downloads a URL and writes it to disk while the model is loaded (CVE-2025-8747).",
  "high",
  "Do not load this model; download assets in your own code from sources you trust and keep model configs free of file utilities.",
);

export const TORCH_MODULE_WRAPPER = rule(
  "keras/torch-module-wrapper",
  "Keras TorchModuleWrapper with a pickled PyTorch module",
  "A Keras config contains a TorchModuleWrapper whose module is a base64 torch.save pickle that Keras unpickles with weights_only=False when loading (CVE-2025-49655).",
  "high",
  "Rebuild the PyTorch module in code and load only its state_dict as weights; do not load this file from an untrusted source.",
);

export const EMBEDDED_PICKLE = rule(
  "keras/embedded-pickle",
  "Pickle hidden in an HDF5 or Keras file",
  "An HDF5 attribute or dataset, or a string in a Keras config, holds a Python pickle; any loader that unpickles it runs the callables it names.",
  "high",
  "Remove the pickled data and store plain arrays or JSON instead; treat a pickle that imports os, subprocess or builtins as malicious.",
);

export const EMBEDDED_CODE_FILE = rule(
  "keras/embedded-code-file",
  "Code or executable inside a Keras archive",
  "A .keras archive contains a source file, compiled code or an executable, which Keras never needs and which can be run by a loader or by a user who extracts it.",
  "medium",
  "Remove the file from the archive and re-save the model with keras.saving.save_model.",
);

export const NON_MODELING_FUNCTION = rule(
  "keras/non-modeling-function",
  "Keras config calls a non-modelling function",
  "A Keras config refers to a Keras or TensorFlow function that is not a modelling operation (loaders, file I/O, global-state setters, Python callbacks), a code-reuse gadget for running or loading other code at load time.",
  "high",
  "Do not load this model; a model config should only contain layers, losses, metrics, optimizers and registered custom objects.",
);

export const RULES: readonly RuleMeta[] = [
  LAMBDA_LAYER,
  UNSAFE_MODULE,
  CUSTOM_OBJECT,
  UNSAFE_DESERIALIZATION_FLAG,
  REMOTE_FILE_FETCH,
  TORCH_MODULE_WRAPPER,
  EMBEDDED_PICKLE,
  EMBEDDED_CODE_FILE,
  NON_MODELING_FUNCTION,
];
