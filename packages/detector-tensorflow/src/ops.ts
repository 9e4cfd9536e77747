/**
 * What is dangerous in a TensorFlow graph, as data. Each entry says why. Severities follow
 * MODEL-THREATS.md §2.1/§2.4/§8.8: ReadFile/WriteFile high, Python callbacks critical, other file
 * system ops medium, and checkpoint plumbing (Save/Restore/MergeV2Checkpoints) that every
 * SavedModel carries is *not* reported unless its path is a fixed location outside the model.
 */
import type { Severity } from "@watchtower/types";

export type OpRuleId = "tensorflow/python-function-op" | "tensorflow/file-io-op" | "tensorflow/unsafe-op";

export interface OpEntry {
  ruleId: OpRuleId;
  /** `null`: only reported when a path input is a constant pointing outside the model directory. */
  severity: Severity | null;
  reason: string;
  /** Index of the input that carries a file path or address, when there is one. */
  pathInput?: number;
}

const PY: OpEntry = {
  ruleId: "tensorflow/python-function-op",
  severity: "critical",
  reason: "calls a Python function registered in the loading process; the graph can run arbitrary Python",
};

const CHECKPOINT = (pathInput: number): OpEntry => ({
  ruleId: "tensorflow/file-io-op",
  severity: null,
  reason: "checkpoint save/restore plumbing that every SavedModel carries",
  pathInput,
});

const READS_RECORDS: OpEntry = {
  ruleId: "tensorflow/file-io-op",
  severity: "low",
  reason: "reads records from files named by an input; normal in input pipelines, unusual in a served model",
  pathInput: 0,
};

const DEBUG_SINK: OpEntry = {
  ruleId: "tensorflow/unsafe-op",
  severity: null,
  reason: "tfdbg op; only dangerous when its debug_urls stream tensors to a file:// or grpc:// sink",
};

const DATA_SERVICE: OpEntry = {
  ruleId: "tensorflow/unsafe-op",
  severity: "medium",
  reason: "connects to a tf.data service at an address given in the graph",
  pathInput: 2,
};

export const OP_TABLE: Readonly<Record<string, OpEntry>> = {
  // Python callbacks.
  PyFunc: PY,
  PyFuncStateless: PY,
  EagerPyFunc: PY,
  PyCall: { ...PY, reason: "Python-call op used by proof-of-concept model attacks; runs arbitrary Python" },

  // File system.
  ReadFile: {
    ruleId: "tensorflow/file-io-op",
    severity: "high",
    reason: "reads any file the process can read into a tensor (exfiltration through model outputs)",
    pathInput: 0,
  },
  WriteFile: {
    ruleId: "tensorflow/file-io-op",
    severity: "high",
    reason: "writes attacker-chosen bytes to a path (drops payloads, overwrites shell profiles or keys)",
    pathInput: 0,
  },
  MatchingFiles: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "lists files that match a glob (file-system reconnaissance)",
    pathInput: 0,
  },
  MatchingFilesDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "lists files that match a glob as a dataset (file-system reconnaissance)",
    pathInput: 0,
  },
  ExperimentalMatchingFilesDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "lists files that match a glob as a dataset (file-system reconnaissance)",
    pathInput: 0,
  },
  WholeFileReader: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "reads whole files named by a queue",
  },
  WholeFileReaderV2: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "reads whole files named by a queue",
  },
  ImmutableConst: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "memory-maps the file named by its memory_region_name attribute",
  },
  SaveDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "writes dataset elements under a directory given in the graph",
    pathInput: 1,
  },
  SaveDatasetV2: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "writes dataset elements under a directory given in the graph",
    pathInput: 1,
  },
  DatasetToTFRecord: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "writes a TFRecord file at a path given in the graph",
    pathInput: 1,
  },
  ExperimentalDatasetToTFRecord: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "writes a TFRecord file at a path given in the graph",
    pathInput: 1,
  },
  SqlDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "opens a database file or connection and runs a query",
    pathInput: 1,
  },
  ExperimentalSqlDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "opens a database file or connection and runs a query",
    pathInput: 1,
  },
  LoadDataset: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "loads a saved dataset from a path given in the graph",
    pathInput: 0,
  },
  CreateSummaryFileWriter: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "creates event files in a log directory given in the graph",
    pathInput: 1,
  },
  CreateSummaryDbWriter: {
    ruleId: "tensorflow/file-io-op",
    severity: "medium",
    reason: "opens a summary database at a URI given in the graph",
    pathInput: 1,
  },
  TextLineDataset: READS_RECORDS,
  TFRecordDataset: READS_RECORDS,
  FixedLengthRecordDataset: READS_RECORDS,
  FixedLengthRecordDatasetV2: READS_RECORDS,
  CSVDataset: READS_RECORDS,
  CSVDatasetV2: READS_RECORDS,
  ExperimentalCSVDataset: READS_RECORDS,
  LMDBDataset: READS_RECORDS,
  ExperimentalLMDBDataset: READS_RECORDS,

  // Checkpoint plumbing: silent unless a constant path leaves the model directory.
  Save: CHECKPOINT(0),
  SaveSlices: CHECKPOINT(0),
  SaveV2: CHECKPOINT(0),
  Restore: CHECKPOINT(0),
  RestoreSlice: CHECKPOINT(0),
  RestoreV2: CHECKPOINT(0),
  MergeV2Checkpoints: CHECKPOINT(1),

  // Network, process, known-bad custom ops.
  Rpc: {
    ruleId: "tensorflow/unsafe-op",
    severity: "high",
    reason: "makes gRPC calls to an address given in the graph (exfiltration, SSRF)",
    pathInput: 0,
  },
  TryRpc: {
    ruleId: "tensorflow/unsafe-op",
    severity: "high",
    reason: "makes gRPC calls to an address given in the graph (exfiltration, SSRF)",
    pathInput: 0,
  },
  DataServiceDataset: DATA_SERVICE,
  DataServiceDatasetV2: DATA_SERVICE,
  DataServiceDatasetV3: DATA_SERVICE,
  DataServiceDatasetV4: DATA_SERVICE,
  RegisterDataset: { ...DATA_SERVICE, pathInput: 1 },
  RegisterDatasetV2: { ...DATA_SERVICE, pathInput: 1 },
  DistributedSave: {
    ruleId: "tensorflow/unsafe-op",
    severity: "medium",
    reason: "ships a dataset to a tf.data service address and writes it under a directory",
    pathInput: 1,
  },
  RemoteCall: {
    ruleId: "tensorflow/unsafe-op",
    severity: "medium",
    reason: "runs a function on a remote target named in the graph",
    pathInput: 0,
  },
  Abort: {
    ruleId: "tensorflow/unsafe-op",
    severity: "medium",
    reason: "terminates the process that runs the model (denial of service)",
  },
  ShellExecute: {
    ruleId: "tensorflow/unsafe-op",
    severity: "critical",
    reason: "not a TensorFlow op: the name of shell-execution custom kernels used in model attacks",
  },
  ExecuteOp: {
    ruleId: "tensorflow/unsafe-op",
    severity: "high",
    reason: "not a TensorFlow op: a custom command-execution kernel named in scanner deny lists",
  },
  SystemConfig: {
    ruleId: "tensorflow/unsafe-op",
    severity: "high",
    reason: "not a TensorFlow op: a custom system-configuration kernel named in scanner deny lists",
  },
  DebugIdentity: DEBUG_SINK,
  DebugIdentityV2: DEBUG_SINK,
  DebugIdentityV3: DEBUG_SINK,
  DebugNanCount: DEBUG_SINK,
  DebugNumericSummary: DEBUG_SINK,
};

/**
 * Ops of well-known TensorFlow add-on libraries. They are not in tf.raw_ops, so they still need a
 * native library, but they are common in benign TF-Hub models (BERT preprocessing, SentencePiece):
 * reported as `tensorflow/unknown-op` at low instead of medium.
 */
export const KNOWN_ADDON_OPS: Readonly<Record<string, string>> = {
  CaseFoldUTF8: "tensorflow-text",
  NormalizeUTF8: "tensorflow-text",
  NormalizeUTF8WithOffsetsMap: "tensorflow-text",
  RegexSplitWithOffsets: "tensorflow-text",
  WordpieceTokenizeWithOffsets: "tensorflow-text",
  WhitespaceTokenizeWithOffsets: "tensorflow-text",
  UnicodeScriptTokenizeWithOffsets: "tensorflow-text",
  SplitMergeTokenizeWithOffsets: "tensorflow-text",
  SplitMergeFromLogitsTokenizeWithOffsets: "tensorflow-text",
  ConstrainedSequence: "tensorflow-text",
  MaxSpanningTree: "tensorflow-text",
  SentencepieceOp: "tensorflow-text (SentencePiece)",
  SentencepieceTokenizeOp: "tensorflow-text (SentencePiece)",
  SentencepieceTokenizeWithOffsetsOp: "tensorflow-text (SentencePiece)",
  SentencepieceDetokenizeOp: "tensorflow-text (SentencePiece)",
  SentencepieceIdToStringOp: "tensorflow-text (SentencePiece)",
  SentencepieceStringToIdOp: "tensorflow-text (SentencePiece)",
  SentencepieceVocabSizeOp: "tensorflow-text (SentencePiece)",
  SentencepieceEncodeSparse: "tf-sentencepiece",
  SentencepieceEncodeDense: "tf-sentencepiece",
  SentencepieceDecode: "tf-sentencepiece",
};

/** Namespaced custom-op prefixes (`Namespace>Op`) of well-known add-on libraries. */
export const KNOWN_ADDON_PREFIXES: Readonly<Record<string, string>> = {
  "Addons>": "tensorflow-addons",
  "TFText>": "tensorflow-text",
  "Text>": "tensorflow-text",
  "SimpleTFText>": "tensorflow-text",
};

/**
 * XLA ops come from tensorflow/compiler/tf2xla and are registered by every TensorFlow build
 * (jax2tf exports use XlaCallModule), but they are not in tf.raw_ops.
 */
export function isXlaOp(op: string): boolean {
  return /^Xla[A-Z]\w*$/.test(op);
}
