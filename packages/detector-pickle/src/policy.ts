/**
 * What a pickle global is: data tables, each entry with its reason. Lookup order (allowlist first,
 * exact entries before prefixes, so `uuid.UUID` can be safe while `uuid._get_command_stdout` is not):
 *
 *   1. EXACT: "module.name" → verdict (safe, dangerous or unknown).
 *   2. Dotted-name checks on the name part: dunder components (introspection, M3/M5) and components
 *      that are dangerous module roots (`pathlib` + `os.system`, F4) → dangerous.
 *   3. DANGEROUS_MODULES: the module itself or any parent package (`asyncio.unix_events` → asyncio, P8),
 *      matched on whole components (`mathutils` never matches `math`, A2).
 *   4. ML namespaces (NAMESPACES): classes are reconstruction types; functions are safe to reference
 *      and, unless listed in EXACT, unknown when called at load time.
 *   5. Suspicious callable names on any other module (SUSPICIOUS_NAMES) → high.
 *   6. Anything else → unknown (medium, high with strictModels).
 *
 * Python-2 module names are mapped as Python 3's unpickler maps them (`__builtin__` → builtins).
 * coupling: README.md "Allowlist and denylist" explains these tables.
 */
import type { Severity } from "@watchtower/types";

export type Verdict =
  | { kind: "safe"; reason: string }
  | { kind: "dangerous"; severity: Severity; reason: string }
  | { kind: "unknown"; reason: string };

type Entry = readonly [verdict: "safe" | "critical" | "high" | "unknown", reason: string];

const SAFE_RECONSTRUCT = "reconstructs ML data (tensors, arrays, containers) without running user-controlled code";

/** Exact `module.name` entries; checked first. */
export const EXACT: Readonly<Record<string, Entry>> = {
  // Builtin constructors: create plain data, run no code.
  ...Object.fromEntries(
    [
      "bool", "int", "float", "complex", "str", "bytes", "bytearray", "list", "tuple", "set", "frozenset", "dict",
      "slice", "range", "object", "NoneType", "Ellipsis", "NotImplemented",
    ].map((n) => [`builtins.${n}`, ["safe", "builtin data constructor"] as Entry]),
  ),
  // Builtin functions that run or load code, touch files or reach into objects: critical.
  ...Object.fromEntries(
    [
      "eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "__import__", "breakpoint", "input",
      "globals", "locals", "vars", "execfile", "apply", "file", "reload", "help", "exit", "quit", "memoryview",
      "super", "classmethod", "staticmethod", "property", "__build_class__", "__loader__", "__spec__",
    ].map((n) => [`builtins.${n}`, ["critical", "builtin that runs code, opens files or reaches into objects"] as Entry]),
  ),
  "builtins.type": ["unknown", "type(None) pickles NoneType; three-argument type() builds classes"],
  "collections.OrderedDict": ["safe", "ordered dict: the container of every PyTorch state_dict"],
  "collections.defaultdict": ["safe", "dict with a factory; the factory is its own global and is checked separately"],
  "collections.Counter": ["safe", "dict subclass, plain data"],
  "collections.UserDict": ["safe", "dict wrapper, plain data"],
  "builtins.range": ["safe", "range value (pickled as __builtin__.xrange by protocols 0-2)"],
  "collections.deque": ["safe", "plain container"],
  "_collections.OrderedDict": ["safe", "C implementation of collections.OrderedDict"],
  "_collections.defaultdict": ["safe", "C implementation of collections.defaultdict"],
  "_collections.deque": ["safe", "C implementation of collections.deque"],
  "copyreg._reconstructor": ["safe", "protocol 0/1 object reconstruction: object.__new__ plus base init; its class argument is checked separately"],
  "copyreg.__newobj__": ["safe", "protocol 2 object reconstruction (cls.__new__)"],
  "copyreg.__newobj_ex__": ["safe", "protocol 4 object reconstruction (cls.__new__ with kwargs)"],
  "copyreg._reduce_ex": ["safe", "default reduce helper, reconstruction only"],
  "_codecs.encode": ["safe", "str → bytes for protocol 0-2 bytes objects (numpy arrays, torch storages)"],
  "codecs.encode": ["safe", "str → bytes, same as _codecs.encode"],
  "datetime.datetime": ["safe", "date/time value"],
  "datetime.date": ["safe", "date value"],
  "datetime.time": ["safe", "time value"],
  "datetime.timedelta": ["safe", "duration value"],
  "datetime.timezone": ["safe", "timezone value"],
  "decimal.Decimal": ["safe", "number value"],
  "fractions.Fraction": ["safe", "number value"],
  "uuid.UUID": ["safe", "UUID value (the rest of uuid is denied: _get_command_stdout runs commands)"],
  "re._compile": ["safe", "compiled regular expression; compiling runs no user code"],
  "enum.Enum": ["safe", "enum base class"],
  "pathlib.Path": ["safe", "path value; constructing a path touches no file"],
  "pathlib.PosixPath": ["safe", "path value; constructing a path touches no file"],
  "pathlib.WindowsPath": ["safe", "path value; constructing a path touches no file"],
  "pathlib.PurePath": ["safe", "path value"],
  "pathlib.PurePosixPath": ["safe", "path value"],
  "pathlib.PureWindowsPath": ["safe", "path value"],
  "functools.partial": ["unknown", "wraps a callable without calling it; the wrapped callable is checked separately"],
  "argparse.Namespace": ["safe", "plain attribute bag (saved hyper-parameters)"],
  "types.SimpleNamespace": ["safe", "plain attribute bag"],
  "_io.BytesIO": ["unknown", "in-memory buffer"],
  // NumPy reconstruction.
  "numpy.core.multiarray._reconstruct": ["safe", SAFE_RECONSTRUCT],
  "numpy._core.multiarray._reconstruct": ["safe", SAFE_RECONSTRUCT],
  "numpy.core.multiarray.scalar": ["safe", "numpy scalar from dtype + bytes"],
  "numpy._core.multiarray.scalar": ["safe", "numpy scalar from dtype + bytes"],
  "numpy.core.numeric._frombuffer": ["safe", "protocol 5 ndarray from a buffer"],
  "numpy._core.numeric._frombuffer": ["safe", "protocol 5 ndarray from a buffer"],
  "numpy.dtype": ["safe", "numpy dtype"],
  "numpy.ndarray": ["safe", "numpy array type"],
  "numpy.ma.core._mareconstruct": ["safe", "masked array reconstruction"],
  "numpy.random._pickle.__randomstate_ctor": ["safe", "RandomState reconstruction (bit generator looked up by name in a fixed table)"],
  "numpy.random._pickle.__generator_ctor": ["safe", "Generator reconstruction (fixed table lookup)"],
  "numpy.random.__RandomState_ctor": ["safe", "old RandomState reconstruction"],
  "numpy.random.mtrand.__RandomState_ctor": ["safe", "old RandomState reconstruction"],
  "numpy.random._pickle.__RandomState_ctor": ["safe", "old RandomState reconstruction"],
  "numpy.random._pickle.__bit_generator_ctor": ["safe", "bit generator reconstruction (fixed table lookup)"],
  "numpy.core._ufunc_reconstruct": ["safe", "ufunc lookup by (module, name): an import trampoline, so its arguments are checked as a global"],
  "numpy._core._ufunc_reconstruct": ["safe", "ufunc lookup by (module, name): an import trampoline, so its arguments are checked as a global"],
  // PyTorch reconstruction (torch.save).
  ...Object.fromEntries(
    [
      "_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_parameter", "_rebuild_parameter_with_state",
      "_rebuild_sparse_tensor", "_rebuild_sparse_csr_tensor", "_rebuild_nested_tensor", "_rebuild_qtensor",
      "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor", "_rebuild_meta_tensor_no_storage",
      "_rebuild_wrapper_subclass", "_rebuild_xla_tensor", "_rebuild_mlc_tensor", "_rebuild_buffer",
    ].map((n) => [`torch._utils.${n}`, ["safe", "torch.save tensor reconstruction"] as Entry]),
  ),
  "torch._tensor._rebuild_from_type": ["safe", "tensor subclass reconstruction; its function argument is checked separately"],
  "torch._tensor._rebuild_from_type_v2": ["safe", "tensor subclass reconstruction; its function argument is checked separately"],
  "torch.Size": ["safe", "tensor shape"],
  "torch.device": ["safe", "device name"],
  "torch.Tensor": ["safe", "tensor type"],
  "torch._tensor.Tensor": ["safe", "tensor type"],
  "torch.nn.parameter.Parameter": ["safe", "parameter type"],
  "torch.nn.parameter.Buffer": ["safe", "buffer type"],
  "torch.storage.UntypedStorage": ["safe", "tensor storage type"],
  "torch.storage.TypedStorage": ["safe", "tensor storage type"],
  "torch.storage._load_from_bytes": ["safe", "nested torch.load of an embedded archive: the embedded bytes are scanned instead (critical when they are not a literal)"],
  "torch.serialization._get_layout": ["safe", "tensor layout lookup by name"],
  "torch._utils._get_restore_location": ["unknown", "restore-location helper"],
  // joblib's array wrappers (the rest of joblib loads pickles and is denied).
  "joblib.numpy_pickle.NumpyArrayWrapper": ["safe", "joblib array header; the array bytes that follow are parsed like joblib does"],
  "joblib.numpy_pickle_compat.NDArrayWrapper": ["safe", "old joblib array header (data in a side file)"],
  "joblib.numpy_pickle_compat.ZNDArrayWrapper": ["safe", "old joblib compressed array header (data in a side file)"],
  "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper": ["safe", "vendored joblib array header"],
  // pandas reconstruction helpers that are called while unpickling a DataFrame/Series/Index.
  "pandas._libs.internals._unpickle_block": ["safe", "pandas block reconstruction"],
  "pandas.core.internals.blocks.new_block": ["safe", "pandas block reconstruction"],
  "pandas.core.internals.blocks._unpickle_block": ["safe", "pandas block reconstruction"],
  "pandas.core.indexes.base._new_Index": ["safe", "pandas index reconstruction"],
  "pandas._libs.tslibs.timestamps._unpickle_timestamp": ["safe", "timestamp reconstruction"],
  "pandas._libs.tslibs.timedeltas._timedelta_unpickle": ["safe", "timedelta reconstruction"],
  "pandas._libs.tslibs.nattype.__nat_unpickle": ["safe", "NaT reconstruction"],
  "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked": ["safe", "pandas array reconstruction"],
  "pandas.core.arrays.categorical._unpickle": ["unknown", "pandas categorical helper"],
  // Known gadgets inside otherwise-allowed namespaces.
  "numpy.load": ["critical", "loads .npy/.npz with allow_pickle: a nested pickle load"],
  "numpy.save": ["critical", "writes files"],
  "numpy.savez": ["critical", "writes files"],
  "numpy.savez_compressed": ["critical", "writes files"],
  "numpy.savetxt": ["critical", "writes files"],
  "numpy.fromfile": ["high", "reads files"],
  "numpy.loadtxt": ["high", "reads files"],
  "numpy.genfromtxt": ["high", "reads files and URLs"],
  "numpy.ndarray.tofile": ["critical", "writes files"],
  "numpy.lib.format.read_array": ["critical", "reads arrays with allow_pickle: a nested pickle load"],
  "pandas.eval": ["critical", "evaluates expressions"],
  "pandas.read_pickle": ["critical", "nested pickle load"],
  "pandas.to_pickle": ["critical", "writes files"],
  "pandas.read_csv": ["critical", "reads files and URLs (exfiltration, M1)"],
  "pandas.read_json": ["critical", "reads files and URLs"],
  "pandas.read_html": ["critical", "reads files and URLs"],
  "pandas.read_table": ["critical", "reads files and URLs"],
  "pandas.read_excel": ["critical", "reads files and URLs"],
  "pandas.read_parquet": ["critical", "reads files and URLs"],
  "pandas.read_sql": ["critical", "runs SQL"],
  "torch.load": ["critical", "nested torch.load (weights_only=False in old torch)"],
  "torch.compile": ["critical", "compiles and runs code"],
  "torch.save": ["critical", "writes files"],
  "torch.from_file": ["high", "reads files"],
  "torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression": ["critical", "evaluates Python expressions"],
  "torch.jit.unsupported_tensor_ops.execWrapper": ["critical", "exec wrapper"],
  "transformers.dynamic_module_utils.get_class_from_dynamic_module": ["critical", "downloads and imports remote code"],
  "transformers.models.auto.auto_factory.getattribute_from_module": ["high", "attribute lookup trampoline used to load remote models (M7)"],
  "mlflow.projects._run_entry_point": ["critical", "runs a project entry point (M1)"],
};

/** Modules whose every global (and every sub-module's) is dangerous. Value: [severity, reason]. */
export const DANGEROUS_MODULES: Readonly<Record<string, readonly [Severity, string]>> = {
  // Process and code execution.
  os: ["critical", "process, file and environment access"],
  nt: ["critical", "os on Windows"],
  posix: ["critical", "os on POSIX"],
  posixpath: ["high", "os.path internals"],
  ntpath: ["high", "os.path internals"],
  subprocess: ["critical", "runs commands"],
  _posixsubprocess: ["critical", "runs commands"],
  sys: ["critical", "interpreter internals (modules, hooks)"],
  pty: ["critical", "spawns shells"],
  commands: ["critical", "runs commands (Python 2)"],
  popen2: ["critical", "runs commands (Python 2)"],
  multiprocessing: ["critical", "spawns processes (multiprocessing.util.spawnv_passfds)"],
  code: ["critical", "interactive interpreter (runcode)"],
  codeop: ["critical", "compiles code"],
  runpy: ["critical", "runs modules and files"],
  marshal: ["critical", "loads code objects"],
  types: ["critical", "CodeType/FunctionType build functions from bytecode"],
  doctest: ["critical", "runs doctests (debug_script)"],
  _interpreters: ["critical", "subinterpreters run code"],
  _xxsubinterpreters: ["critical", "subinterpreters run code"],
  // Imports: universal trampolines (M4, P13).
  importlib: ["critical", "imports arbitrary modules (M4)"],
  _frozen_importlib: ["critical", "import machinery"],
  _frozen_importlib_external: ["critical", "import machinery"],
  _imp: ["critical", "import machinery"],
  imp: ["critical", "import machinery"],
  pkgutil: ["critical", "pkgutil.resolve_name('os:system') imports anything (P13)"],
  zipimport: ["critical", "imports code from archives"],
  pkg_resources: ["critical", "entry points import anything"],
  setuptools: ["critical", "runs setup scripts"],
  site: ["critical", "interpreter startup hooks"],
  gc: ["critical", "reaches every live object"],
  inspect: ["critical", "introspection"],
  unittest: ["critical", "runs tests / mocks"],
  test: ["critical", "test.support.script_helper runs scripts"],
  // Callable helpers: call or fetch attributes by name.
  operator: ["critical", "attrgetter/methodcaller/itemgetter call or fetch by name (M16)"],
  _operator: ["critical", "attrgetter/methodcaller/itemgetter call or fetch by name (M16)"],
  functools: ["critical", "reduce and friends call functions"],
  itertools: ["high", "starmap and friends call functions (A5)"],
  weakref: ["high", "finalize callbacks run functions (A5)"],
  // Debuggers and profilers run code.
  cProfile: ["critical", "runs code (run/runctx)"],
  profile: ["critical", "runs code"],
  pdb: ["critical", "debugger runs code"],
  bdb: ["critical", "debugger runs code"],
  timeit: ["critical", "runs code"],
  trace: ["critical", "runs code"],
  // Network.
  socket: ["critical", "network access"],
  ssl: ["critical", "network access (get_server_certificate DNS exfiltration)"],
  httplib: ["critical", "network access"],
  http: ["critical", "network access (http.client, M16)"],
  urllib: ["critical", "network and file access"],
  urllib2: ["critical", "network access"],
  urllib3: ["critical", "network access"],
  requests: ["critical", "network access"],
  httpx: ["critical", "network access"],
  aiohttp: ["critical", "network access"],
  asyncio: ["critical", "subprocess transports (asyncio.unix_events, P8)"],
  webbrowser: ["critical", "opens URLs / runs browsers"],
  smtplib: ["critical", "network access"],
  imaplib: ["critical", "IMAP4_stream runs commands"],
  ftplib: ["critical", "network access"],
  poplib: ["critical", "network access"],
  telnetlib: ["critical", "network access"],
  nntplib: ["critical", "network access"],
  socketserver: ["critical", "network servers"],
  xmlrpc: ["critical", "network access"],
  select: ["critical", "sockets"],
  selectors: ["critical", "sockets"],
  // FFI.
  ctypes: ["critical", "calls native code (CDLL, A1)"],
  _ctypes: ["critical", "calls native code"],
  cffi: ["critical", "calls native code"],
  // Serializers: a nested load is a second pickle load.
  pickle: ["critical", "nested pickle load"],
  _pickle: ["critical", "nested pickle load"],
  cPickle: ["critical", "nested pickle load"],
  pickletools: ["high", "pickle internals"],
  dill: ["critical", "nested dill load / code objects"],
  cloudpickle: ["critical", "builds functions from code (_make_function, subimport)"],
  joblib: ["critical", "nested joblib load"],
  shelve: ["critical", "nested pickle load"],
  jsonpickle: ["critical", "decodes arbitrary objects"],
  yaml: ["critical", "yaml.load/unsafe_load build arbitrary objects"],
  // Files.
  shutil: ["critical", "copies, moves and deletes files"],
  tempfile: ["critical", "creates files"],
  filecmp: ["high", "reads files"],
  distutils: ["critical", "file_util.write_file writes files"],
  fileinput: ["critical", "reads and rewrites files"],
  glob: ["high", "lists files"],
  platform: ["critical", "platform.popen runs commands"],
  linecache: ["high", "reads files"],
  difflib: ["high", "reads files"],
  compileall: ["critical", "compiles files"],
  py_compile: ["critical", "compiles files"],
  mmap: ["critical", "maps files"],
  tarfile: ["critical", "extracts archives"],
  zipfile: ["critical", "extracts archives"],
  sqlite3: ["critical", "database files"],
  _sqlite3: ["critical", "database files"],
  io: ["critical", "io.open / FileIO open files"],
  _io: ["critical", "_io.FileIO / open open files"],
  codecs: ["high", "codecs.open opens files"],
  gzip: ["high", "gzip.open opens files"],
  bz2: ["high", "bz2.open opens files"],
  lzma: ["high", "lzma.open opens files"],
  // Tools.
  pydoc: ["critical", "pydoc.locate imports anything; pipepager runs commands"],
  pexpect: ["critical", "runs commands"],
  pipes: ["critical", "runs commands"],
  venv: ["critical", "creates environments, runs pip"],
  ensurepip: ["critical", "runs pip (_run_pip)"],
  pip: ["critical", "pip.main installs packages (P1, CVE-2025-1716)"],
  idlelib: ["critical", "runs code (pyshell, run, calltip gadgets)"],
  lib2to3: ["critical", "grammar loads pickles"],
  _pyrepl: ["critical", "pager runs commands"],
  // Threads, signals, process state.
  signal: ["critical", "signal handlers"],
  _signal: ["critical", "signal handlers"],
  threading: ["critical", "starts threads running functions"],
  _thread: ["critical", "starts threads running functions"],
  atexit: ["critical", "registers exit hooks"],
  logging: ["critical", "FileHandler writes files; logging.config can import"],
  syslog: ["high", "system logging"],
  uuid: ["critical", "_get_command_stdout runs commands"],
  _osx_support: ["critical", "runs commands"],
  _aix_support: ["critical", "runs commands"],
  // Builtins under every name (safe names are in EXACT first).
  builtins: ["high", "builtin function with no reconstruction role"],
  __builtin__: ["high", "builtin function with no reconstruction role"],
  __builtins__: ["critical", "the builtins namespace itself (M3)"],
  // Scanner deactivation (fickling's ScannerDeactivation).
  fickling: ["critical", "imports a pickle scanner: scanner deactivation"],
  picklescan: ["critical", "imports a pickle scanner: scanner deactivation"],
  modelscan: ["critical", "imports a pickle scanner: scanner deactivation"],
  model_unpickler: ["critical", "scanner deactivation"],
  saferpickle: ["critical", "scanner deactivation"],
  modelaudit: ["critical", "scanner deactivation"],
  watchtower: ["critical", "scanner deactivation"],
  // Dangerous parts of ML libraries.
  "numpy.f2py": ["critical", "compiles and runs Fortran/C (getlincoef eval)"],
  "numpy.distutils": ["critical", "runs build commands"],
  "numpy.testing": ["critical", "numpy.testing._private.utils.runstring runs code"],
  "numpy.ctypeslib": ["critical", "loads native libraries"],
  "numpy.lib.npyio": ["critical", "numpy.load / save: nested pickle loads and file writes"],
  "numpy.lib._npyio_impl": ["critical", "numpy.load / save: nested pickle loads and file writes"],
  "numpy.lib.format": ["critical", "read_array loads pickles"],
  "torch.hub": ["critical", "downloads and runs hubconf.py"],
  "torch._dynamo": ["critical", "compiles code (guards)"],
  "torch._inductor": ["critical", "compiles code (codecache.compile_file)"],
  "torch.jit": ["critical", "compiles TorchScript"],
  "torch.serialization": ["critical", "torch.serialization.load: nested load"],
  "torch.package": ["critical", "imports packaged code"],
  "torch.ops": ["critical", "torch.ops.load_library loads native code"],
  "torch._ops": ["critical", "operator registry, load_library"],
  "torch.classes": ["critical", "load_library loads native code"],
  "torch._classes": ["critical", "load_library loads native code"],
  "torch.library": ["critical", "registers operators"],
  "torch.distributed.rpc": ["critical", "remote calls (CVE-2024-5480)"],
  "torch.distributed.elastic": ["critical", "rendezvous handlers run code"],
  "torch.utils.collect_env": ["critical", "runs commands (collect_env.run)"],
  "torch.utils.bottleneck": ["critical", "runs code under profilers"],
  "torch.utils.data.datapipes.utils.decoder": ["critical", "basichandlers loads pickles"],
  "torch.utils._config_module": ["critical", "load_config evaluates"],
  "torch.utils.cpp_extension": ["critical", "compiles and loads native code"],
  "torch.utils.tensorboard": ["high", "writes files"],
  "torch.utils.model_zoo": ["critical", "downloads and loads models"],
  "torch.utils.benchmark": ["high", "compiles and runs code"],
  "torch.fx.experimental.symbolic_shapes": ["high", "evaluates guard expressions"],
  "torch.fx.graph_module": ["critical", "reduce_graph_module exec()s Python source stored in the pickle"],
  "torch.fx._symbolic_trace": ["high", "traces by running code"],
  "torch.export": ["high", "loads exported programs"],
  "sklearn.externals": ["critical", "vendored joblib (nested loads)"],
  "sklearn.utils._joblib": ["critical", "re-exported joblib (nested loads)"],
  "sklearn.utils.parallel": ["critical", "runs delayed functions"],
  "sklearn.datasets": ["critical", "downloads data and reads/writes files"],
  "sklearn.utils._testing": ["critical", "test helpers"],
  "sklearn.utils.estimator_checks": ["critical", "test helpers"],
  "sklearn.utils._show_versions": ["high", "inspects the system"],
  "pandas.io": ["critical", "readers and writers (read_pickle, read_csv URL exfiltration)"],
  "pandas.core.computation": ["critical", "eval/query evaluate expressions"],
  "pandas.testing": ["high", "test helpers"],
  "pandas.util": ["high", "test helpers"],
  "transformers.dynamic_module_utils": ["critical", "downloads and imports remote code"],
  "transformers.utils.hub": ["critical", "downloads files"],
  "keras.models": ["critical", "load_model runs Lambda layers"],
  "keras.saving": ["critical", "load_model runs Lambda layers"],
  "tensorflow.keras.models": ["critical", "load_model runs Lambda layers"],
  "mlflow.projects": ["critical", "runs project entry points"],
  "mlflow.pyfunc": ["critical", "loads models (nested pickle)"],
  "huggingface_hub": ["critical", "downloads files"],
  "scipy.io": ["critical", "reads and writes files (loadmat/savemat)"],
  "scipy.weave": ["critical", "compiles C code"],
  "IPython": ["critical", "runs shell and Python code"],
  "nbformat": ["high", "reads notebooks"],
};

/**
 * Namespaces whose own classes are reconstruction types in real model files (sklearn estimators,
 * torch modules, HF training arguments …). `classes`: a CamelCase last name component is safe in
 * any role. `functions`: "any" = every global of the namespace is safe (sklearn: its Cython types
 * reconstruct through module-level helpers such as `newObj`); "referenced" = safe when only passed as
 * a value, unknown when called during the load.
 */
export const NAMESPACES: Readonly<Record<string, { functions: "any" | "referenced"; reason: string }>> = {
  sklearn: { functions: "any", reason: "scikit-learn estimators, trees and losses reconstruct through sklearn's own types" },
  numpy: { functions: "referenced", reason: "numpy types and dtypes; numpy functions stored as estimator parameters" },
  scipy: { functions: "referenced", reason: "scipy sparse matrices and distributions" },
  torch: { functions: "referenced", reason: "torch modules, optimizers, dtypes and layouts saved by torch.save(model)" },
  transformers: { functions: "referenced", reason: "Hugging Face training arguments and configs (training_args.bin)" },
  accelerate: { functions: "referenced", reason: "accelerate state enums saved with training arguments" },
  peft: { functions: "referenced", reason: "PEFT configs" },
  trl: { functions: "referenced", reason: "TRL training configs" },
  pandas: { functions: "referenced", reason: "pandas frames, series and indexes" },
  xgboost: { functions: "referenced", reason: "XGBoost boosters and sklearn wrappers" },
  lightgbm: { functions: "referenced", reason: "LightGBM boosters and sklearn wrappers" },
  catboost: { functions: "referenced", reason: "CatBoost models" },
  imblearn: { functions: "referenced", reason: "imbalanced-learn estimators" },
  category_encoders: { functions: "referenced", reason: "sklearn-compatible encoders" },
  statsmodels: { functions: "referenced", reason: "statsmodels results" },
  sentence_transformers: { functions: "referenced", reason: "sentence-transformers configs" },
  tokenizers: { functions: "referenced", reason: "tokenizer objects" },
  ultralytics: { functions: "referenced", reason: "YOLO model classes saved whole" },
  timm: { functions: "referenced", reason: "timm model classes saved whole" },
  torchvision: { functions: "referenced", reason: "torchvision model classes saved whole" },
  lightning: { functions: "referenced", reason: "Lightning hyper-parameter containers" },
  pytorch_lightning: { functions: "referenced", reason: "Lightning hyper-parameter containers" },
  omegaconf: { functions: "referenced", reason: "saved configs (DictConfig, ListConfig)" },
  gensim: { functions: "referenced", reason: "gensim word2vec/doc2vec models saved with pickle" },
  nltk: { functions: "referenced", reason: "nltk tokenizer and tagger pickles (punkt)" },
  fastai: { functions: "referenced", reason: "fastai Learner exports (export.pkl)" },
  fastcore: { functions: "referenced", reason: "fastcore containers inside fastai exports" },
  umap: { functions: "referenced", reason: "UMAP reducers" },
  hdbscan: { functions: "referenced", reason: "HDBSCAN clusterers" },
  prophet: { functions: "referenced", reason: "Prophet forecasters" },
  pmdarima: { functions: "referenced", reason: "ARIMA models" },
  sktime: { functions: "referenced", reason: "sktime estimators" },
  skorch: { functions: "referenced", reason: "skorch wrappers" },
  mlxtend: { functions: "referenced", reason: "mlxtend estimators" },
  optuna: { functions: "referenced", reason: "Optuna studies" },
};

/** Callable names that mean code, files or network whatever the module (on modules not listed above). */
export const SUSPICIOUS_NAMES: ReadonlySet<string> = new Set([
  "system", "popen", "popen2", "popen3", "spawn", "spawnl", "spawnv", "spawnve", "execv", "execve", "execl", "execvp",
  "exec", "eval", "compile", "execfile", "__import__", "import_module", "run", "call", "check_call", "check_output",
  "getoutput", "getstatusoutput", "run_code", "_run_code", "runcode", "runsource", "load", "loads", "load_model",
  "unsafe_load", "full_load", "from_pretrained", "read_pickle", "to_pickle", "urlopen", "urlretrieve", "open",
  "write_text", "write_bytes", "rmtree", "remove", "unlink", "load_library", "LoadLibrary", "dlopen", "CDLL",
  "resolve_name", "locate", "getattribute_from_module", "pipepager", "system_command", "pipeline", "hf_hub_download",
  "snapshot_download", "cached_download", "get_file", "load_state_dict_from_url",
]);

/** Python 2 (module, name) pairs that Python 3's unpickler maps (`_compat_pickle.NAME_MAPPING`). */
export const PY2_NAMES: Readonly<Record<string, string>> = {
  "__builtin__.xrange": "builtins.range",
  "__builtin__.unicode": "builtins.str",
  "__builtin__.basestring": "builtins.str",
  "__builtin__.long": "builtins.int",
  "__builtin__.unichr": "builtins.chr",
  "__builtin__.reduce": "functools.reduce",
  "__builtin__.intern": "sys.intern",
  "itertools.izip": "builtins.zip",
  "itertools.imap": "builtins.map",
  "itertools.ifilter": "builtins.filter",
  "UserDict.UserDict": "collections.UserDict",
  "exceptions.StandardError": "builtins.Exception",
};

/** Python 2 names that Python 3's unpickler maps (`fix_imports`), for classification. */
export const PY2_MODULES: Readonly<Record<string, string>> = {
  __builtin__: "builtins",
  copy_reg: "copyreg",
  cPickle: "pickle",
  exceptions: "builtins",
  urllib2: "urllib.request",
  httplib: "http.client",
  Queue: "queue",
  StringIO: "io",
  cStringIO: "io",
  UserDict: "collections",
  thread: "_thread",
  commands: "subprocess",
};

function isDunder(part: string): boolean {
  return part.length > 4 && part.startsWith("__") && part.endsWith("__");
}

/** Dunder names that are ordinary reconstruction entry points. */
const SAFE_DUNDERS = new Set(["__newobj__", "__newobj_ex__", "__main__"]);

/** Most dotted parts of any DANGEROUS_MODULES key: deeper parents cannot match. */
let dangerousDepth: number | undefined;

/**
 * The module's parent packages that could be DANGEROUS_MODULES keys, longest first. Only the first
 * few parts matter, so a crafted module name of 100 000 parts costs O(n), not O(n²) strings.
 */
function parents(module: string): string[] {
  dangerousDepth ??= Math.max(...Object.keys(DANGEROUS_MODULES).map((k) => k.split(".").length));
  const parts = module.split(".", dangerousDepth);
  const out: string[] = [];
  for (let i = parts.length; i >= 1; i--) out.push(parts.slice(0, i).join("."));
  return out;
}

/** CamelCase after any leading underscores (`LogisticRegression`, `_QuadTree`). */
function isClassName(part: string): boolean {
  let i = 0;
  while (part.charCodeAt(i) === 95) i++;
  const c = part.charCodeAt(i);
  return c >= 65 && c <= 90;
}

function exactVerdict(entry: Entry): Verdict {
  const [v, reason] = entry;
  if (v === "safe") return { kind: "safe", reason };
  if (v === "unknown") return { kind: "unknown", reason };
  return { kind: "dangerous", severity: v, reason };
}

/** How a global is used during the load: only referenced, or called (REDUCE/OBJ/INST → runs code). */
export interface Usage {
  called: boolean;
}

/** Classifies `module.name` (see the module comment for the order). */
export function classify(module: string, name: string, usage: Usage): Verdict {
  const renamed = PY2_NAMES[`${module}.${name}`];
  if (renamed) {
    const dot = renamed.lastIndexOf(".");
    return classify(renamed.slice(0, dot), renamed.slice(dot + 1), usage);
  }
  const mapped = PY2_MODULES[module] ?? module;
  const modules = mapped === module ? [module] : [module, mapped];
  const nameParts = name.split(".");
  let worst: Verdict | undefined;
  const consider = (v: Verdict): void => {
    if (v.kind !== "dangerous") return;
    if (!worst || worst.kind !== "dangerous" || rank(v.severity) > rank(worst.severity)) worst = v;
  };

  for (const mod of modules) {
    const exact = EXACT[`${mod}.${name}`];
    if (exact) {
      const v = exactVerdict(exact);
      if (v.kind === "safe" || v.kind === "unknown") {
        if (modules.length === 1 || mod === mapped) return v;
      }
      consider(v);
    }
  }
  if (worst) return worst;

  // Dotted names: every attribute step is a lookup on a live object (module names such as
  // __builtin__ or __main__ are imports, not introspection; __builtins__ is denied below).
  for (const part of nameParts) {
    if (isDunder(part) && !SAFE_DUNDERS.has(part)) {
      return { kind: "dangerous", severity: "critical", reason: `introspection through ${part} (M3/M5)` };
    }
  }
  if (nameParts.length > 1) {
    for (const part of nameParts.slice(0, -1)) {
      const root = DANGEROUS_MODULES[part];
      if (root) {
        return { kind: "dangerous", severity: "critical", reason: `dotted name reaches module ${part} (F4): ${root[1]}` };
      }
    }
  }
  for (const mod of modules) {
    for (const parent of parents(mod)) {
      const hit = DANGEROUS_MODULES[parent];
      if (hit) consider({ kind: "dangerous", severity: hit[0], reason: hit[1] });
    }
  }
  if (worst) return worst;

  const last = nameParts[nameParts.length - 1] ?? name;
  const root = mapped.split(".")[0] ?? mapped;
  const ns = NAMESPACES[root];
  if (ns) {
    if (nameParts.length === 1 && isClassName(last)) return { kind: "safe", reason: ns.reason };
    if (nameParts.length === 1 && ns.functions === "any") return { kind: "safe", reason: ns.reason };
    if (!usage.called && nameParts.length === 1) return { kind: "safe", reason: `${ns.reason} (referenced, not called)` };
  }
  if (SUSPICIOUS_NAMES.has(last)) {
    return { kind: "dangerous", severity: "high", reason: `${last} suggests code execution, file or network access` };
  }
  if (ns) return { kind: "unknown", reason: `${root} function called while loading` };
  return { kind: "unknown", reason: "not on the allowlist" };
}

function rank(s: Severity): number {
  return ["info", "low", "medium", "high", "critical"].indexOf(s);
}
