import type { RuleMeta, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PACKAGE = "detector-pickle";

const standards: StandardsMapping = {
  cwe: ["CWE-502"],
  owaspTop10: ["A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.003", "AML.T0011.000"],
  nistAiRmf: ["MANAGE", "MEASURE"],
};

function rule(
  id: `pickle/${string}`,
  title: string,
  description: string,
  defaultSeverity: RuleMeta["defaultSeverity"],
  fix: string,
  heuristic = false,
): RuleMeta {
  return {
    id,
    title,
    description,
    category: "models",
    defaultSeverity,
    fix,
    docsUrl: docsUrlFor(PACKAGE, id),
    since: "0.1.0",
    standards,
    ...(heuristic ? { heuristic } : {}),
  };
}

export const RULES = {
  dangerousGlobal: rule(
    "pickle/dangerous-global",
    "Pickle imports a dangerous global",
    "A pickle-based model file imports or calls a function that runs commands, loads code, touches files or the network when the file is loaded.",
    "critical",
    "Do not load this file. Re-export the model in a format that cannot carry code (safetensors, ONNX) from a trusted source, or load it with torch.load(weights_only=True) after checking where it came from.",
  ),
  unknownGlobal: rule(
    "pickle/unknown-global",
    "Pickle imports a global outside the allowlist",
    "A pickle-based model file imports a module attribute that is not a known ML reconstruction type, so loading it imports and may run code nobody reviewed.",
    "medium",
    "Check that the module is your own or a library you trust; prefer saving weights only (state_dict + safetensors) so the file needs no imports.",
  ),
  unresolvableGlobal: rule(
    "pickle/unresolvable-global",
    "Pickle computes what it imports",
    "A pickle imports a global whose module or name is not a plain string (built at load time, taken from the memo with another type, or an extension code), which only obfuscated payloads do.",
    "critical",
    "Do not load this file; it hides which code it imports.",
  ),
  globalMutation: rule(
    "pickle/global-mutation",
    "Pickle modifies an imported module or class",
    "A pickle changes attributes or items of an imported object (BUILD/SETITEM on a global), which lets later imports resolve to arbitrary functions.",
    "critical",
    "Do not load this file; real model files never modify the modules they import.",
  ),
  indirectCall: rule(
    "pickle/indirect-call",
    "Pickle calls something that is not an imported function",
    "A pickle calls the result of another call or a value taken from a container, a gadget chain that real model files do not use.",
    "high",
    "Do not load this file unless you can explain the call chain it builds.",
  ),
  malformed: rule(
    "pickle/malformed",
    "Pickle is malformed in a way loaders disagree on",
    "A pickle breaks framing or stack rules, or hides a second pickle behind junk, so different parsers (and scanners) see different opcodes.",
    "high",
    "Regenerate the file with a standard pickler from a trusted source; never load a file whose structure parsers disagree on.",
  ),
  embeddedPickle: rule(
    "pickle/embedded-pickle",
    "Pickle carries another pickle as data",
    "A field of the pickle holds a second pickle (raw bytes, base64 or hex) that imports code when something unpickles it: a staged payload that scanners looking only at the outer file's opcodes miss.",
    "high",
    "Find out which code unpickles this field; do not load the file or the field. Store data fields as plain arrays or JSON, not pickled bytes.",
  ),
} as const satisfies Record<string, RuleMeta>;

export const RULE_LIST: readonly RuleMeta[] = Object.values(RULES);
