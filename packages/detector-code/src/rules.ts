/**
 * Rule metadata of the code detector. Cheap to import (plain objects): the parser and the tables
 * that drive matching are loaded lazily by `scan`.
 */
import type { RuleId, RuleMeta, Severity, StandardsMapping } from "@watchtower/types";
import { docsUrlFor } from "@watchtower/types";

const PACKAGE_FOLDER = "detector-code";
const SINCE = "0.1.0";

// Shared standards mappings. ATLAS: AML.T0010 ML Supply Chain Compromise (.003 model, .001 software),
// AML.T0011 User Execution (.000 unsafe ML artifacts, .001 malicious package).
const DESERIALISATION: StandardsMapping = {
  cwe: ["CWE-502"],
  owaspTop10: ["A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.003", "AML.T0011.000"],
  nistAiRmf: ["MANAGE"],
};
const REMOTE_CODE: StandardsMapping = {
  cwe: ["CWE-494", "CWE-829"],
  owaspTop10: ["A08:2021"],
  owaspMlTop10: ["ML06:2023"],
  mitreAtlas: ["AML.T0010.001", "AML.T0011"],
  nistAiRmf: ["MANAGE"],
};
const OS_COMMAND: StandardsMapping = {
  cwe: ["CWE-78"],
  owaspTop10: ["A03:2021"],
};

interface RuleSpec {
  id: RuleId;
  title: string;
  description: string;
  defaultSeverity: Severity;
  fix: string;
  standards: StandardsMapping;
  heuristic?: boolean;
}

const SPECS: readonly RuleSpec[] = [
  {
    id: "code/exec-downloaded-content",
    title: "Downloaded content executed",
    description: "Code passes text fetched from the network (requests, urllib, httpx, curl output) to exec or eval.",
    defaultSeverity: "critical",
    fix: "Never execute downloaded text; vendor the code into the repository, pin it and review it, or parse data with json/ast.literal_eval.",
    standards: { ...REMOTE_CODE, cwe: ["CWE-94", "CWE-95", "CWE-494", "CWE-829"] },
  },
  {
    id: "code/shell-pipe-to-interpreter",
    title: "Download piped into an interpreter",
    description: "A shell line pipes curl or wget output into sh, bash or python, or runs it through process or command substitution.",
    defaultSeverity: "critical",
    fix: "Download the script to a file, verify its checksum or signature, review it, then run it; better, install a pinned package.",
    standards: { ...REMOTE_CODE, cwe: ["CWE-494", "CWE-829", "CWE-78"] },
  },
  {
    id: "code/pickle-load",
    title: "Pickle-based deserialisation",
    description: "Data is loaded with pickle or a pickle-based loader (dill, cloudpickle, joblib, pandas.read_pickle, jsonpickle, shelve), which runs code embedded in the file.",
    defaultSeverity: "high",
    fix: "Load only files you created yourself; for models and arrays prefer safetensors, ONNX, JSON or numpy without pickles, or scan the file before loading it.",
    standards: DESERIALISATION,
  },
  {
    id: "code/torch-load-unsafe",
    title: "torch.load with weights_only=False",
    description: "torch.load is called with weights_only=False, which unpickles arbitrary objects and runs code from the checkpoint.",
    defaultSeverity: "high",
    fix: "Pass weights_only=True (add safe classes with torch.serialization.add_safe_globals) or store the weights as safetensors.",
    standards: DESERIALISATION,
  },
  {
    id: "code/torch-load-without-weights-only",
    title: "torch.load without weights_only",
    description: "torch.load is called without weights_only, which unpickles arbitrary objects on torch versions before 2.6.",
    defaultSeverity: "medium",
    fix: "Pass weights_only=True explicitly (safe by default only from torch 2.6), or store the weights as safetensors.",
    standards: DESERIALISATION,
  },
  {
    id: "code/numpy-allow-pickle",
    title: "numpy.load with allow_pickle=True",
    description: "numpy.load is called with allow_pickle=True, which unpickles object arrays and runs code from the file.",
    defaultSeverity: "high",
    fix: "Keep the default allow_pickle=False and save plain numeric arrays; convert object arrays to a safe format.",
    standards: DESERIALISATION,
  },
  {
    id: "code/yaml-unsafe-load",
    title: "YAML loaded with an unsafe loader",
    description: "yaml.load runs without a safe loader (or yaml.unsafe_load is used), so YAML tags can construct arbitrary Python objects.",
    defaultSeverity: "high",
    fix: "Use yaml.safe_load, or pass Loader=yaml.SafeLoader (CSafeLoader for speed).",
    standards: { ...DESERIALISATION, cwe: ["CWE-502", "CWE-20"] },
  },
  {
    id: "code/shell-injection",
    title: "Command run through a shell",
    description: "A command string is run through a shell (os.system, subprocess with shell=True, subprocess.getoutput); built from variables it allows command injection.",
    defaultSeverity: "high",
    fix: "Call subprocess.run with an argument list and shell=False; never build command strings from input (shlex.quote only as a last resort).",
    standards: OS_COMMAND,
  },
  {
    id: "code/os-popen",
    title: "os.popen",
    description: "os.popen runs its command string through a shell.",
    defaultSeverity: "medium",
    fix: "Use subprocess.run with an argument list and capture_output=True.",
    standards: OS_COMMAND,
  },
  {
    id: "code/dynamic-exec",
    title: "exec or eval of non-constant code",
    description: "exec or eval runs a value that is not a literal, so whoever controls that value controls the code.",
    defaultSeverity: "high",
    fix: "Replace eval with ast.literal_eval, a lookup table (getattr on a known module, a dict of callables) or a real parser; remove exec.",
    standards: { cwe: ["CWE-95", "CWE-94"], owaspTop10: ["A03:2021"] },
  },
  {
    id: "code/trust-remote-code",
    title: "trust_remote_code=True",
    description: "A Hugging Face loader is called with trust_remote_code=True, which downloads and runs Python code from the model or dataset repository.",
    defaultSeverity: "high",
    fix: "Use a model supported natively by transformers, or pin revision= to a reviewed commit and vendor the remote code.",
    standards: REMOTE_CODE,
  },
  {
    id: "code/keras-unsafe-load",
    title: "Keras unsafe deserialisation enabled",
    description: "Keras loading runs with safe_mode=False or enable_unsafe_deserialization(), which lets Lambda layers in a model file run arbitrary code.",
    defaultSeverity: "high",
    fix: "Keep Keras' default safe_mode=True; rebuild Lambda layers in code instead of loading them from the file.",
    standards: { ...DESERIALISATION, cwe: ["CWE-502", "CWE-94"] },
  },
  {
    id: "code/tls-verify-disabled",
    title: "TLS certificate verification disabled",
    description: "TLS certificate verification is turned off (verify=False, an unverified SSL context, CERT_NONE), so downloads can be tampered with in transit.",
    defaultSeverity: "high",
    fix: "Keep verification on; point REQUESTS_CA_BUNDLE / SSL_CERT_FILE or verify= at your proxy's CA bundle instead.",
    standards: { cwe: ["CWE-295"], owaspTop10: ["A07:2021", "A02:2021"], owaspMlTop10: ["ML06:2023"] },
  },
  {
    id: "code/torch-hub-load",
    title: "torch.hub.load runs repository code",
    description: "torch.hub.load imports and runs hubconf.py from a GitHub repository at load time.",
    defaultSeverity: "low",
    fix: "Pin the repository to a reviewed commit (owner/repo:sha) and keep trust_repo at its default, or vendor the model code.",
    standards: REMOTE_CODE,
  },
  {
    id: "code/shell-sudo",
    title: "sudo in a notebook or script shell line",
    description: "A shell line runs a command with sudo, with root rights on the machine that runs the notebook.",
    defaultSeverity: "low",
    fix: "Install system packages in the image (Dockerfile, environment) instead of from the notebook.",
    standards: { cwe: ["CWE-250"] },
  },
  {
    id: "code/chmod-downloaded",
    title: "Downloaded file made executable",
    description: "A shell line makes a file downloaded earlier in the same notebook or file executable (chmod +x).",
    defaultSeverity: "medium",
    fix: "Verify the download's checksum or signature before making it executable, or install it from a package manager.",
    standards: { ...REMOTE_CODE, cwe: ["CWE-494"] },
  },
  {
    id: "code/shell-run-downloaded",
    title: "Downloaded script executed",
    description: "A shell line runs a file downloaded earlier in the same notebook or file (./file, bash file.sh, python file.py).",
    defaultSeverity: "medium",
    fix: "Verify the download's checksum or signature before running it, or install a pinned package instead.",
    standards: { ...REMOTE_CODE, cwe: ["CWE-494"] },
  },
];

export const RULES: readonly RuleMeta[] = SPECS.map((s) => ({
  ...s,
  category: "code" as const,
  docsUrl: docsUrlFor(PACKAGE_FOLDER, s.id),
  since: SINCE,
}));

export type CodeRuleId =
  | "code/exec-downloaded-content"
  | "code/shell-pipe-to-interpreter"
  | "code/pickle-load"
  | "code/torch-load-unsafe"
  | "code/torch-load-without-weights-only"
  | "code/numpy-allow-pickle"
  | "code/yaml-unsafe-load"
  | "code/shell-injection"
  | "code/os-popen"
  | "code/dynamic-exec"
  | "code/trust-remote-code"
  | "code/keras-unsafe-load"
  | "code/tls-verify-disabled"
  | "code/torch-hub-load"
  | "code/shell-sudo"
  | "code/chmod-downloaded"
  | "code/shell-run-downloaded";
