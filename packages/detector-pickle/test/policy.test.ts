import { describe, expect, it } from "vitest";

import { classify } from "../src/policy.js";

const referenced = { called: false };
const called = { called: true };
const verdict = (g: string, usage = called): string => {
  const dot = g.indexOf(":");
  const v = dot >= 0 ? classify(g.slice(0, dot), g.slice(dot + 1), usage) : classify(g.slice(0, g.lastIndexOf(".")), g.slice(g.lastIndexOf(".") + 1), usage);
  return v.kind === "dangerous" ? v.severity : v.kind;
};

describe("allowlist: globals found in real model files are safe (F8)", () => {
  it.each([
    // torch.save state dicts and whole models
    "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "torch.FloatStorage", "torch.BFloat16Storage",
    "torch.storage.UntypedStorage", "collections.OrderedDict", "torch.nn.modules.linear.Linear",
    "torch.nn.modules.container.Sequential", "torch.nn.parameter.Parameter", "torch.Size", "torch.device",
    "torch._tensor._rebuild_from_type_v2", "torch.optim.adamw.AdamW",
    // numpy / sklearn / joblib
    "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.dtype", "numpy.ndarray",
    "numpy.core.multiarray.scalar", "numpy._core.numeric._frombuffer", "numpy.dtypes.Float64DType",
    "numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.tree._tree.Tree", "sklearn.ensemble._forest.RandomForestClassifier",
    "sklearn.preprocessing._label.LabelEncoder", "sklearn.pipeline.Pipeline", "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn.neighbors._binary_tree.newObj", "sklearn.utils._bunch.Bunch", "joblib.numpy_pickle.NumpyArrayWrapper",
    "xgboost.sklearn.XGBClassifier", "lightgbm.basic.Booster",
    // pandas
    "pandas.core.frame.DataFrame", "pandas.core.internals.managers.BlockManager", "pandas._libs.internals._unpickle_block",
    "pandas.core.indexes.base._new_Index", "pandas.core.indexes.range.RangeIndex",
    // HF training_args.bin
    "transformers.training_args.TrainingArguments", "transformers.trainer_utils.IntervalStrategy",
    "transformers.training_args.OptimizerNames", "accelerate.utils.dataclasses.DistributedType",
    // builtins and stdlib values
    "builtins.set", "builtins.frozenset", "builtins.slice", "builtins.complex", "builtins.bytearray", "__builtin__.set",
    "copyreg._reconstructor", "copy_reg._reconstructor", "_codecs.encode", "datetime.datetime", "uuid.UUID",
    "pathlib.PosixPath", "argparse.Namespace", "re._compile",
  ])("%s", (g) => {
    expect(verdict(g)).toBe("safe");
  });

  it("library functions stored as values are safe; called at load time they are unknown", () => {
    expect(verdict("numpy.log1p", referenced)).toBe("safe");
    // Lower-case classes restored by NEWOBJ (which does not call them) count as referenced.
    expect(verdict("scipy.sparse._csr.csr_matrix", referenced)).toBe("safe");
    expect(verdict("torch.float32", referenced)).toBe("safe");
    expect(verdict("sklearn.feature_selection._univariate_selection.f_classif", referenced)).toBe("safe");
    expect(verdict("numpy.zeros", called)).toBe("unknown");
    expect(verdict("torch.nn.functional.relu", called)).toBe("unknown");
  });
});

describe("denylist: gadget families are dangerous", () => {
  it.each([
    ["os.system", "critical"],
    ["posix.system", "critical"],
    ["nt.system", "critical"],
    ["os.path.join", "critical"],
    ["subprocess.Popen", "critical"],
    ["builtins.eval", "critical"],
    ["builtins.getattr", "critical"],
    ["__builtin__.getattr", "critical"],
    ["builtins.print", "high"],
    ["numpy.load", "critical"],
    ["numpy.testing._private.utils.runstring", "critical"],
    ["torch.load", "critical"],
    ["torch.hub.load_state_dict_from_url", "critical"],
    ["torch.fx.graph_module.reduce_graph_module", "critical"],
    ["torch.distributed.rpc.rpc_sync", "critical"],
    ["sklearn.datasets.fetch_openml", "critical"],
    ["sklearn.externals.joblib.load", "critical"],
    ["joblib.load", "critical"],
    ["dill.loads", "critical"],
    ["pandas.io.pickle.read_pickle", "critical"],
    ["yaml.unsafe_load", "critical"],
    ["http.client.HTTPConnection", "critical"],
    ["webbrowser.open", "critical"],
    ["fickling.fickle.Pickled", "critical"],
    ["modelaudit.scanner.scan", "critical"],
    ["mymodule.system", "high"],
    ["something:AutoModel.from_pretrained", "high"],
    ["transformers:pipeline", "high"],
  ])("%s is %s", (g, severity) => {
    expect(verdict(g)).toBe(severity);
  });

  it("exact safe entries do not leak to their modules (A2)", () => {
    expect(verdict("uuid._get_command_stdout")).toBe("critical");
    expect(verdict("collections:os.system")).toBe("critical");
    expect(verdict("numpy:dtype.__class__")).toBe("critical");
    expect(verdict("torchx.load")).toBe("high");
    expect(verdict("mathutils.Vector")).toBe("unknown");
  });
});
