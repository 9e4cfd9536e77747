/**
 * What is dangerous in a Keras model, as data. Every entry says why. Matching is always on exact
 * dotted components (the root of `os.path` is `os`; `kerasx` is not `keras`), never on prefixes of
 * a string (modelaudit PR #599: `startswith("math")` admitted `mathutils`).
 */

/**
 * Module roots Keras itself loads objects from. Keras >= 3.9 refuses to import anything else
 * (CVE-2025-1550 fix), so a `module` inside these roots is not a finding by itself.
 */
export const KERAS_MODULE_ROOTS: ReadonlyMap<string, string> = new Map([
  ["keras", "Keras itself"],
  ["tf_keras", "Keras 2 packaged for TensorFlow >= 2.16"],
  ["tensorflow", "TensorFlow (tf.keras, type specs)"],
  ["tf", "alias used in tf.keras configs"],
  ["keras_hub", "Keras' model hub; allowed by Keras' own loader"],
  ["keras_nlp", "former name of keras_hub; allowed by Keras' own loader"],
  ["keras_cv", "Keras' vision library; allowed by Keras' own loader"],
]);

/**
 * Module roots that mean code execution, process, file-system, network or import access when a
 * config makes Keras import them (CVE-2025-1550). Also used for pickle globals and Lambda code.
 */
export const DANGEROUS_MODULE_ROOTS: ReadonlyMap<string, string> = new Map([
  ["os", "process and file-system access (os.system, os.popen)"],
  ["posix", "os on POSIX (posix.system)"],
  ["nt", "os on Windows (nt.system)"],
  ["sys", "interpreter internals (sys.modules, audit hooks)"],
  ["subprocess", "runs processes"],
  ["_posixsubprocess", "runs processes (fork_exec)"],
  ["pty", "spawns shells (pty.spawn)"],
  ["commands", "Python 2 shell commands"],
  ["popen2", "Python 2 process spawning"],
  ["multiprocessing", "spawns processes"],
  ["builtins", "eval, exec, compile, __import__, open"],
  ["__builtin__", "Python 2 builtins: eval, exec, open"],
  ["__builtins__", "builtins namespace alias"],
  ["importlib", "imports arbitrary modules"],
  ["imp", "imports arbitrary modules"],
  ["_imp", "imports arbitrary modules"],
  ["pkgutil", "resolve_name trampoline to any callable"],
  ["zipimport", "imports code from archives"],
  ["runpy", "runs modules and scripts"],
  ["code", "interactive interpreter (runcode)"],
  ["codeop", "compiles code"],
  ["types", "builds code and function objects (CodeType, FunctionType)"],
  ["marshal", "loads code objects"],
  ["pickle", "unpickling runs arbitrary callables"],
  ["_pickle", "unpickling runs arbitrary callables"],
  ["cPickle", "Python 2 unpickling"],
  ["dill", "unpickling runs arbitrary code"],
  ["cloudpickle", "rebuilds functions from bytecode"],
  ["joblib", "loads pickles"],
  ["shelve", "pickle-backed storage"],
  ["ctypes", "calls native code"],
  ["_ctypes", "calls native code"],
  ["cffi", "calls native code"],
  ["shutil", "copies, moves and deletes files"],
  ["tempfile", "creates files"],
  ["pathlib", "reads and writes files"],
  ["io", "opens files (io.open, FileIO)"],
  ["_io", "opens files (FileIO)"],
  ["fileinput", "reads files"],
  ["glob", "lists files"],
  ["socket", "network connections"],
  ["socketserver", "network servers"],
  ["ssl", "network connections"],
  ["http", "HTTP client and server"],
  ["httplib", "Python 2 HTTP client"],
  ["urllib", "fetches URLs"],
  ["urllib2", "Python 2 URL fetching"],
  ["urllib3", "fetches URLs"],
  ["requests", "fetches URLs"],
  ["httpx", "fetches URLs"],
  ["aiohttp", "fetches URLs"],
  ["ftplib", "network file transfer"],
  ["smtplib", "sends mail"],
  ["telnetlib", "network connections"],
  ["xmlrpc", "remote procedure calls"],
  ["webbrowser", "opens URLs with external programs"],
  ["asyncio", "subprocesses and sockets"],
  ["pip", "installs packages (pip.main, CVE-2025-1716)"],
  ["setuptools", "runs build scripts"],
  ["distutils", "runs build scripts, writes files"],
  ["ensurepip", "installs packages"],
  ["venv", "creates environments, runs pip"],
  ["pydoc", "pager runs shell commands; locate imports"],
  ["pdb", "debugger runs code"],
  ["bdb", "debugger runs code"],
  ["timeit", "runs code strings"],
  ["profile", "runs code strings"],
  ["cProfile", "runs code strings"],
  ["trace", "runs code"],
  ["doctest", "runs code in docstrings"],
  ["inspect", "introspection gadgets"],
  ["gc", "reaches any live object"],
  ["site", "runs .pth files"],
  ["operator", "attrgetter/methodcaller call gadgets"],
  ["_operator", "attrgetter/methodcaller call gadgets"],
  ["functools", "partial/reduce call gadgets"],
  ["signal", "installs handlers"],
  ["threading", "starts threads running callables"],
  ["_thread", "starts threads running callables"],
  ["atexit", "registers callables to run at exit"],
  ["platform", "runs commands (platform.popen in old Pythons)"],
  ["uuid", "_get_command_stdout runs commands"],
  ["idlelib", "runs code"],
  ["lib2to3", "code gadgets"],
  ["_osx_support", "runs commands"],
  ["_aix_support", "runs commands"],
  ["_pyrepl", "pager runs commands"],
  ["pexpect", "spawns processes"],
  ["paramiko", "remote shells"],
  ["fabric", "remote shells"],
  ["sh", "runs commands"],
  ["plumbum", "runs commands"],
  ["numpy.f2py", "compiles and runs code"],
  ["torch.hub", "downloads and runs code"],
]);

/** Python builtins that execute code, import, reflect or touch files. */
export const DANGEROUS_BUILTINS: ReadonlyMap<string, string> = new Map([
  ["eval", "evaluates code"],
  ["exec", "executes code"],
  ["execfile", "executes a file (Python 2)"],
  ["compile", "compiles code"],
  ["__import__", "imports any module"],
  ["open", "opens files"],
  ["file", "opens files (Python 2)"],
  ["getattr", "reaches any attribute (gadget chains)"],
  ["setattr", "overwrites attributes"],
  ["delattr", "deletes attributes"],
  ["globals", "reaches module globals"],
  ["locals", "reaches local variables"],
  ["vars", "reaches namespaces"],
  ["breakpoint", "starts a debugger"],
  ["input", "reads stdin / evaluates in Python 2"],
  ["apply", "calls anything (Python 2)"],
  ["reload", "re-imports modules (Python 2)"],
  ["exit", "terminates the process"],
  ["quit", "terminates the process"],
]);

/**
 * Names in Lambda bytecode (co_names) and string constants that mean the code reaches outside
 * tensor maths: process, import, reflection, file and network access. One hit makes a Lambda
 * critical. Generic method names (`run`, `call`, `write`) are deliberately absent: they are only
 * meaningful next to one of these anchors, which is then reported.
 */
export const DANGEROUS_CODE_NAMES: ReadonlyMap<string, string> = new Map([
  ...[...DANGEROUS_BUILTINS].filter(([n]) => n !== "input" && n !== "exit" && n !== "quit"),
  ["os", "process and file-system module"],
  ["posix", "process and file-system module"],
  ["nt", "process and file-system module"],
  ["sys", "interpreter internals"],
  ["subprocess", "runs processes"],
  ["system", "os.system runs a shell command"],
  ["popen", "os.popen runs a shell command"],
  ["Popen", "subprocess.Popen runs a process"],
  ["check_output", "subprocess.check_output runs a process"],
  ["check_call", "subprocess.check_call runs a process"],
  ["getoutput", "subprocess.getoutput runs a shell command"],
  ["getstatusoutput", "subprocess.getstatusoutput runs a shell command"],
  ["spawnl", "os.spawn* runs a process"],
  ["spawnv", "os.spawn* runs a process"],
  ["spawnve", "os.spawn* runs a process"],
  ["spawnlp", "os.spawn* runs a process"],
  ["execv", "os.exec* replaces the process"],
  ["execve", "os.exec* replaces the process"],
  ["execl", "os.exec* replaces the process"],
  ["execvp", "os.exec* replaces the process"],
  ["execlp", "os.exec* replaces the process"],
  ["fork", "os.fork"],
  ["kill", "os.kill"],
  ["environ", "reads the environment (credentials)"],
  ["getenv", "reads the environment (credentials)"],
  ["putenv", "changes the environment"],
  ["remove", "os.remove deletes files"],
  ["unlink", "os.unlink deletes files"],
  ["rmtree", "shutil.rmtree deletes directories"],
  ["chmod", "changes file permissions"],
  ["shutil", "file-system module"],
  ["pty", "spawns shells"],
  ["importlib", "imports modules"],
  ["import_module", "importlib.import_module"],
  ["__builtins__", "reaches eval/exec"],
  ["builtins", "reaches eval/exec"],
  ["__subclasses__", "sandbox-escape introspection"],
  ["__globals__", "sandbox-escape introspection"],
  ["__code__", "rewrites functions"],
  ["__reduce__", "pickle gadget"],
  ["__reduce_ex__", "pickle gadget"],
  ["__getattribute__", "reflection gadget"],
  ["socket", "network connections"],
  ["urllib", "fetches URLs"],
  ["urlopen", "fetches URLs"],
  ["urlretrieve", "downloads files"],
  ["requests", "fetches URLs"],
  ["httpx", "fetches URLs"],
  ["http", "HTTP client"],
  ["ftplib", "network file transfer"],
  ["smtplib", "sends mail"],
  ["webbrowser", "opens URLs"],
  ["ctypes", "native code"],
  ["CDLL", "loads native libraries"],
  ["cdll", "loads native libraries"],
  ["pickle", "unpickling runs code"],
  ["marshal", "loads code objects"],
  ["dill", "unpickling runs code"],
  ["cloudpickle", "rebuilds functions"],
  ["b64decode", "decodes hidden payloads"],
  ["base64", "decodes hidden payloads"],
  ["codecs", "decodes hidden payloads"],
  ["zlib", "decompresses hidden payloads"],
  ["runpy", "runs modules"],
  ["pip", "installs packages"],
  ["get_file", "keras.utils.get_file downloads files"],
  ["write_file", "tf.io.write_file writes files"],
  ["read_file", "tf.io.read_file reads files"],
  ["gfile", "tf.io.gfile file-system access"],
  ["py_function", "tf.py_function runs Python"],
  ["numpy_function", "tf.numpy_function runs Python"],
  ["py_func", "tf.py_func runs Python"],
  ["load_model", "loads another model (safe_mode bypass chain)"],
  ["enable_unsafe_deserialization", "disables Keras safe mode"],
  ["set_global_attribute", "flips Keras global state such as safe mode"],
]);

/**
 * Functions inside the Keras/TensorFlow namespaces that are not modelling operations: loaders,
 * file and global-state helpers that make a config call into them ("code reuse", CVE-2025-9906,
 * CVE-2025-8747). Keyed by the last dotted component, which is what configs carry.
 */
export const KERAS_GADGET_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ["load_model", "loads another (possibly unsafe) model, e.g. with safe_mode=False"],
  ["save_model", "writes files"],
  ["model_from_json", "deserializes another config"],
  ["model_from_yaml", "deserializes another config (YAML)"],
  ["model_from_config", "deserializes another config"],
  ["load_weights", "reads files"],
  ["save_weights", "writes files"],
  ["deserialize_keras_object", "deserializes another config outside safe mode checks"],
  ["serialize_keras_object", "not a modelling function"],
  ["register_keras_serializable", "registers objects at load time"],
  ["clear_session", "resets global state"],
  ["load_img", "reads files"],
  ["save_img", "writes files"],
  ["image_dataset_from_directory", "reads directories"],
  ["text_dataset_from_directory", "reads directories"],
  ["audio_dataset_from_directory", "reads directories"],
  ["set_global_attribute", "flips Keras global state such as safe_mode_saving"],
  ["func_load", "loads marshalled bytecode"],
  ["extract_archive", "unpacks archives onto the disk"],
  ["rmtree", "deletes directories"],
  ["load_library", "loads native code"],
  ["load_op_library", "loads native code"],
  ["write_file", "tf.io.write_file writes files"],
  ["read_file", "tf.io.read_file reads files"],
  ["matching_files", "lists files"],
  ["py_function", "runs Python"],
  ["numpy_function", "runs Python"],
  ["py_func", "runs Python"],
  ["eager_py_func", "runs Python"],
  ["WriteFile", "TF op that writes files"],
  ["ReadFile", "TF op that reads files"],
  ["MatchingFiles", "TF op that lists files"],
  ["PyFunc", "TF op that runs Python"],
  ["PyFuncStateless", "TF op that runs Python"],
  ["EagerPyFunc", "TF op that runs Python"],
]);

/** Path components that put a TensorFlow function in file-system territory (tf.io.gfile.*). */
export const GADGET_MODULE_COMPONENTS: ReadonlyMap<string, string> = new Map([
  ["gfile", "tf.io.gfile file-system access"],
  ["file_utils", "Keras file-system helpers (copy, remove, rmtree, extract_archive)"],
  ["global_state", "Keras global state (safe mode and other switches)"],
  ["module_utils", "imports modules lazily by name"],
]);

/**
 * Third-party namespaces that real models use for custom layers; a custom object from one of them
 * is reported at low, not medium. Keys are module roots (Keras 3 `module`) or registered-name
 * packages (`Addons>GroupNormalization`).
 */
export const KNOWN_ML_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ["tensorflow_addons", "TensorFlow Addons layers and losses"],
  ["Addons", "TensorFlow Addons registered package"],
  ["tensorflow_hub", "TF Hub KerasLayer"],
  ["tensorflow_text", "TF Text ops"],
  ["tensorflow_probability", "TF Probability layers"],
  ["tfp", "TF Probability registered package"],
  ["tensorflow_recommenders", "TF Recommenders"],
  ["tensorflow_model_optimization", "quantization and pruning wrappers"],
  ["tensorflow_decision_forests", "TF-DF models"],
  ["tensorflow_ranking", "TF Ranking"],
  ["tf_agents", "TF Agents"],
  ["keras_tuner", "Keras Tuner"],
  ["transformers", "Hugging Face Transformers TF layers"],
  ["segmentation_models", "segmentation_models library"],
  ["efficientnet", "efficientnet library"],
  ["keras_contrib", "keras-contrib layers"],
  ["tcn", "keras-tcn"],
  ["numpy", "NumPy"],
  ["math", "Python math"],
]);

/** Class names of well-known third-party layers (Keras 2 H5 configs carry no module). */
export const KNOWN_THIRD_PARTY_CLASSES: ReadonlyMap<string, string> = new Map([
  ["KerasLayer", "tensorflow_hub.KerasLayer"],
  ["QuantizeWrapper", "tensorflow_model_optimization"],
  ["QuantizeWrapperV2", "tensorflow_model_optimization"],
  ["QuantizeLayer", "tensorflow_model_optimization"],
  ["QuantizeAnnotate", "tensorflow_model_optimization"],
  ["PruneLowMagnitude", "tensorflow_model_optimization"],
  ["ClusterWeights", "tensorflow_model_optimization"],
  ["FixedDropout", "efficientnet"],
  ["TCN", "keras-tcn"],
  ["CRF", "keras-contrib / tf2crf"],
  ["InstanceNormalization", "keras-contrib / tensorflow_addons"],
  ["WeightNormalization", "tensorflow_addons"],
  ["GroupNormalization", "tensorflow_addons"],
]);

/** Executable file magics in archive members. */
export const EXECUTABLE_MAGICS: readonly { name: string; test: (b: Uint8Array) => boolean }[] = [
  { name: "ELF executable", test: (b) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46 && (b[4] === 1 || b[4] === 2) },
  {
    name: "Windows PE executable",
    test: (b) => {
      if (b[0] !== 0x4d || b[1] !== 0x5a || b.length < 0x40) return false;
      const off = (b[0x3c] ?? 0) | ((b[0x3d] ?? 0) << 8) | ((b[0x3e] ?? 0) << 16) | ((b[0x3f] ?? 0) << 24);
      return off > 0 && off + 4 <= b.length && b[off] === 0x50 && b[off + 1] === 0x45 && b[off + 2] === 0 && b[off + 3] === 0;
    },
  },
  {
    name: "Mach-O executable",
    test: (b) => {
      const be = (i: number): number => (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0;
      const m = be(0);
      if (m === 0xfeedface || m === 0xfeedfacf || m === 0xcefaedfe || m === 0xcffaedfe) return true;
      // Universal binary; Java class files share the magic but have a version >= 45 where nfat_arch is.
      const nfat = be(4);
      return m === 0xcafebabe && nfat > 0 && nfat <= 20;
    },
  },
  {
    name: "script with a #! interpreter line",
    test: (b) => b[0] === 0x23 && b[1] === 0x21 && (b[2] === 0x2f || (b[2] === 0x20 && b[3] === 0x2f)),
  },
];

/** Member extensions that are source code or compiled code. */
export const CODE_FILE_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  [".py", "Python source"],
  [".pyw", "Python source"],
  [".pyc", "compiled Python bytecode"],
  [".pyo", "compiled Python bytecode"],
  [".sh", "shell script"],
  [".bash", "shell script"],
  [".bat", "Windows batch script"],
  [".cmd", "Windows batch script"],
  [".ps1", "PowerShell script"],
  [".so", "native shared library"],
  [".dll", "native library"],
  [".dylib", "native library"],
  [".exe", "Windows executable"],
]);

/** Built-in classes that load or run something outside the model when rebuilt. */
export const GADGET_CLASSES: ReadonlyMap<string, { severity: "medium" | "high"; why: string }> = new Map([
  ["TFSMLayer", { severity: "medium", why: "loads an external TensorFlow SavedModel from a file path" }],
]);

/**
 * Pickle globals that rebuild plain data (arrays, dtypes, ordered dicts, sets). A pickle that
 * imports only these runs no code of the attacker's choosing.
 */
export const SAFE_PICKLE_GLOBALS: ReadonlyMap<string, string> = new Map([
  ["numpy.core.multiarray._reconstruct", "rebuilds a NumPy array"],
  ["numpy._core.multiarray._reconstruct", "rebuilds a NumPy array (NumPy 2)"],
  ["numpy.core.multiarray.scalar", "rebuilds a NumPy scalar"],
  ["numpy._core.multiarray.scalar", "rebuilds a NumPy scalar (NumPy 2)"],
  ["numpy.ndarray", "array type"],
  ["numpy.dtype", "dtype"],
  ["collections.OrderedDict", "ordered dict"],
  ["collections.defaultdict", "dict with a default (factory is another global)"],
  ["builtins.set", "set"],
  ["builtins.frozenset", "frozenset"],
  ["builtins.slice", "slice"],
  ["builtins.complex", "complex number"],
  ["builtins.bytearray", "bytearray"],
  ["builtins.range", "range"],
  ["__builtin__.set", "set (Python 2)"],
  ["__builtin__.frozenset", "frozenset (Python 2)"],
  ["__builtin__.slice", "slice (Python 2)"],
  ["__builtin__.complex", "complex number (Python 2)"],
  ["copy_reg._reconstructor", "object rebuild helper (Python 2)"],
  ["copyreg._reconstructor", "object rebuild helper"],
  ["builtins.object", "base class passed to the rebuild helper"],
  ["__builtin__.object", "base class passed to the rebuild helper (Python 2)"],
  ["tables.filters.Filters", "PyTables compression settings, pickled into HDF5 attributes by PyTables"],
  ["tables.Leaf.Filters", "PyTables compression settings (PyTables < 2)"],
  ["_codecs.encode", "bytes from text (used by protocol 2 for bytes)"],
  ["datetime.datetime", "timestamp"],
  ["datetime.date", "date"],
  ["datetime.timedelta", "time delta"],
]);
