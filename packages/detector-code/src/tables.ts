/**
 * What is dangerous in Python code, as data. Call targets are canonical dotted names (after import
 * and alias resolution and {@link MODULE_ALIASES}); each entry names the check that decides whether a
 * call is a finding and says why the call is dangerous.
 */
import type { Severity } from "@watchtower/types";
import type { CodeRuleId } from "./rules.js";

export type CallCheck =
  /** Always a finding (pickle.load …). */
  | { kind: "always"; ruleId: CodeRuleId; severity: Severity }
  /** torch.load: weights_only decides (missing → medium, False → high, True → nothing). */
  | { kind: "torch-load" }
  /** numpy.load: allow_pickle=True (keyword or third positional) → high. */
  | { kind: "numpy-load" }
  /** yaml.load / load_all: the Loader (keyword or second positional) decides. */
  | { kind: "yaml-load" }
  /** ruamel.yaml.YAML(typ="unsafe"). */
  | { kind: "ruamel-yaml" }
  /** subprocess.* with shell=True (or an argv list that runs `sh -c`). */
  | { kind: "subprocess" }
  /** Always runs a shell on its string argument; a constant command gets `constantSeverity`. */
  | { kind: "shell-string"; constantSeverity: Severity }
  /** os.popen and friends: medium whatever the argument (policy), shell rules on constants. */
  | { kind: "popen" }
  /** Builtin exec/eval: downloaded → critical, non-literal → high, literal → nothing. */
  | { kind: "exec" }
  /** get_ipython().system / getoutput (what `!cmd` becomes in .py exports): shell rules only. */
  | { kind: "ipython-system" }
  /** get_ipython().run_line_magic / run_cell_magic: shell rules on %sx/%%bash bodies. */
  | { kind: "ipython-magic" }
  /** torch.hub.load: runs hubconf.py from a repository. */
  | { kind: "torch-hub" };

export interface CallEntry {
  check: CallCheck;
  why: string;
}

const pickle = (why: string, severity: Severity = "high"): CallEntry => ({
  check: { kind: "always", ruleId: "code/pickle-load", severity },
  why,
});

export const CALLS: ReadonlyMap<string, CallEntry> = new Map<string, CallEntry>([
  ["pickle.load", pickle("unpickling calls any importable callable named in the file (__reduce__)")],
  ["pickle.loads", pickle("unpickling calls any importable callable named in the data (__reduce__)")],
  ["pickle.Unpickler", pickle("an Unpickler's load() runs code from the stream")],
  ["dill.load", pickle("dill extends pickle and can also rebuild code objects and lambdas")],
  ["dill.loads", pickle("dill extends pickle and can also rebuild code objects and lambdas")],
  ["dill.Unpickler", pickle("dill's Unpickler runs code from the stream")],
  ["cloudpickle.load", pickle("cloudpickle.load is pickle.load")],
  ["cloudpickle.loads", pickle("cloudpickle.loads is pickle.loads")],
  ["joblib.load", pickle("joblib files are pickles (plus numpy buffers)")],
  ["pandas.read_pickle", pickle("pandas.read_pickle unpickles the file")],
  ["jsonpickle.decode", pickle("jsonpickle rebuilds arbitrary objects (py/reduce) from JSON")],
  ["shelve.open", pickle("a shelf stores pickled values, unpickled on access", "medium")],
  ["torch.load", { check: { kind: "torch-load" }, why: "torch.load unpickles the checkpoint unless weights_only=True" }],
  [
    "torch.hub.load_state_dict_from_url",
    { check: { kind: "torch-load" }, why: "downloads a checkpoint and passes it to torch.load (same weights_only parameter)" },
  ],
  [
    "torch.utils.model_zoo.load_url",
    { check: { kind: "torch-load" }, why: "alias of torch.hub.load_state_dict_from_url" },
  ],
  ["numpy.load", { check: { kind: "numpy-load" }, why: "allow_pickle=True unpickles object arrays" }],
  ["yaml.load", { check: { kind: "yaml-load" }, why: "PyYAML's Loader/UnsafeLoader build arbitrary Python objects from tags" }],
  ["yaml.load_all", { check: { kind: "yaml-load" }, why: "same as yaml.load, for every document" }],
  [
    "yaml.unsafe_load",
    { check: { kind: "always", ruleId: "code/yaml-unsafe-load", severity: "high" }, why: "uses UnsafeLoader: !!python/object tags run code" },
  ],
  [
    "yaml.unsafe_load_all",
    { check: { kind: "always", ruleId: "code/yaml-unsafe-load", severity: "high" }, why: "uses UnsafeLoader: !!python/object tags run code" },
  ],
  [
    "yaml.full_load",
    {
      check: { kind: "always", ruleId: "code/yaml-unsafe-load", severity: "high" },
      why: "FullLoader is not a safe loader: it is not meant for untrusted input and ran code before PyYAML 5.4 (CVE-2020-14343)",
    },
  ],
  [
    "yaml.full_load_all",
    {
      check: { kind: "always", ruleId: "code/yaml-unsafe-load", severity: "high" },
      why: "FullLoader is not a safe loader: it is not meant for untrusted input and ran code before PyYAML 5.4 (CVE-2020-14343)",
    },
  ],
  ["ruamel.yaml.load", { check: { kind: "yaml-load" }, why: "old ruamel.yaml API: unsafe Loader unless a safe one is passed" }],
  ["ruamel.yaml.load_all", { check: { kind: "yaml-load" }, why: "old ruamel.yaml API: unsafe Loader unless a safe one is passed" }],
  [
    "ruamel.yaml.unsafe_load",
    { check: { kind: "always", ruleId: "code/yaml-unsafe-load", severity: "high" }, why: "builds arbitrary Python objects" },
  ],
  ["ruamel.yaml.YAML", { check: { kind: "ruamel-yaml" }, why: "typ='unsafe' builds arbitrary Python objects" }],
  ["subprocess.run", { check: { kind: "subprocess" }, why: "shell=True runs the command string through /bin/sh" }],
  ["subprocess.call", { check: { kind: "subprocess" }, why: "shell=True runs the command string through /bin/sh" }],
  ["subprocess.check_call", { check: { kind: "subprocess" }, why: "shell=True runs the command string through /bin/sh" }],
  ["subprocess.check_output", { check: { kind: "subprocess" }, why: "shell=True runs the command string through /bin/sh" }],
  ["subprocess.Popen", { check: { kind: "subprocess" }, why: "shell=True runs the command string through /bin/sh" }],
  // Policy lists os.system as high whatever its argument.
  ["os.system", { check: { kind: "shell-string", constantSeverity: "high" }, why: "runs its argument through /bin/sh" }],
  ["subprocess.getoutput", { check: { kind: "shell-string", constantSeverity: "low" }, why: "runs its argument through /bin/sh" }],
  ["subprocess.getstatusoutput", { check: { kind: "shell-string", constantSeverity: "low" }, why: "runs its argument through /bin/sh" }],
  ["asyncio.create_subprocess_shell", { check: { kind: "shell-string", constantSeverity: "low" }, why: "runs its argument through /bin/sh" }],
  ["os.popen", { check: { kind: "popen" }, why: "runs its argument through /bin/sh" }],
  ["os.popen2", { check: { kind: "popen" }, why: "Python 2: runs its argument through /bin/sh" }],
  ["os.popen3", { check: { kind: "popen" }, why: "Python 2: runs its argument through /bin/sh" }],
  ["os.popen4", { check: { kind: "popen" }, why: "Python 2: runs its argument through /bin/sh" }],
  ["platform.popen", { check: { kind: "popen" }, why: "wrapper of os.popen" }],
  ["builtins.eval", { check: { kind: "exec" }, why: "evaluates a Python expression" }],
  ["builtins.exec", { check: { kind: "exec" }, why: "executes Python statements" }],
  ["IPython.get_ipython().system", { check: { kind: "ipython-system" }, why: "what `!cmd` compiles to" }],
  ["IPython.get_ipython().system_raw", { check: { kind: "ipython-system" }, why: "runs a shell command (Colab's background runs)" }],
  ["IPython.get_ipython().getoutput", { check: { kind: "ipython-system" }, why: "what `x = !cmd` compiles to" }],
  ["IPython.get_ipython().run_line_magic", { check: { kind: "ipython-magic" }, why: "what `%magic` compiles to" }],
  ["IPython.get_ipython().run_cell_magic", { check: { kind: "ipython-magic" }, why: "what `%%magic` cells compile to" }],
  ["IPython.get_ipython().magic", { check: { kind: "ipython-magic" }, why: "old spelling of run_line_magic" }],
  [
    "keras.config.enable_unsafe_deserialization",
    {
      check: { kind: "always", ruleId: "code/keras-unsafe-load", severity: "high" },
      why: "turns safe_mode off for every later load: Lambda layers from files run code",
    },
  ],
  [
    "keras.saving.enable_unsafe_deserialization",
    {
      check: { kind: "always", ruleId: "code/keras-unsafe-load", severity: "high" },
      why: "turns safe_mode off for every later load: Lambda layers from files run code",
    },
  ],
  [
    "urllib3.disable_warnings",
    {
      check: { kind: "always", ruleId: "code/tls-verify-disabled", severity: "low" },
      why: "hides InsecureRequestWarning, usually next to verify=False",
    },
  ],
  ["torch.hub.load", { check: { kind: "torch-hub" }, why: "imports hubconf.py from the repository and runs it" }],
]);

/**
 * Module paths rewritten to the canonical name used in {@link CALLS} (prefix match on dotted
 * segments). Each says why the two are the same.
 */
export const MODULE_ALIASES: readonly (readonly [string, string, string])[] = [
  ["six.moves.cPickle", "pickle", "six's Python 2/3 alias of pickle"],
  ["cPickle", "pickle", "Python 2 C pickle"],
  ["_pickle", "pickle", "the C accelerator behind pickle"],
  ["pickle5", "pickle", "backport of protocol 5"],
  ["pickle._Unpickler", "pickle.Unpickler", "pure-Python Unpickler"],
  ["sklearn.externals.joblib", "joblib", "old scikit-learn re-export of joblib"],
  ["tensorflow.keras", "keras", "tf.keras"],
  ["tensorflow.python.keras", "keras", "internal tf.keras path"],
  ["tf_keras", "keras", "Keras 2 package"],
  ["keras.src.saving", "keras.saving", "internal path of keras.saving"],
  ["torch.serialization.load", "torch.load", "torch.load is torch.serialization.load"],
  ["requests.packages.urllib3", "urllib3", "requests' vendored urllib3"],
  ["urllib2", "urllib.request", "Python 2 urllib2"],
  ["six.moves.urllib.request", "urllib.request", "six alias"],
  ["pandas.io.pickle", "pandas", "pandas.io.pickle.read_pickle is pandas.read_pickle"],
  ["numpy.lib.npyio", "numpy", "numpy.lib.npyio.load is numpy.load"],
  ["commands", "subprocess", "Python 2 commands.getoutput is subprocess.getoutput"],
  ["ruamel_yaml", "ruamel.yaml", "conda's ruamel.yaml package name"],
  ["jsonpickle.unpickler", "jsonpickle", "jsonpickle.unpickler.decode is jsonpickle.decode"],
  ["IPython.core.getipython", "IPython", "get_ipython's home module"],
];

/** Conventional names used without an import in a scanned file (imported elsewhere, or `%pylab`). */
export const CONVENTIONAL_NAMES: ReadonlyMap<string, string> = new Map([
  ["np", "numpy"],
  ["pd", "pandas"],
  ["tf", "tensorflow"],
  ["get_ipython", "IPython.get_ipython"],
]);

/** Builtins that matter here; an unbound bare name resolves to `builtins.<name>`. */
export const BUILTINS: ReadonlySet<string> = new Set(["eval", "exec", "compile", "open", "input", "__import__"]);

/**
 * Calls whose result is network content (taint sources for code/exec-downloaded-content). Prefixes
 * end with "." when every call in the module fetches (requests.get, requests.Session() …).
 */
export const DOWNLOAD_SOURCES: readonly (readonly [string, string])[] = [
  ["requests.", "HTTP client; .text/.content/.json() are the response body"],
  ["httpx.", "HTTP client"],
  ["urllib3.", "HTTP client (PoolManager().request)"],
  ["aiohttp.", "HTTP client"],
  ["http.client.", "HTTP client"],
  ["pycurl.", "libcurl binding"],
  ["urllib.request.urlopen", "returns the response body stream"],
  ["urllib.request.urlretrieve", "downloads a URL to a file"],
  ["urllib.urlopen", "Python 2 urlopen"],
  ["urllib.urlretrieve", "Python 2 urlretrieve"],
  ["wget.download", "downloads a URL to a file"],
  ["gdown.download", "downloads from Google Drive"],
  ["huggingface_hub.hf_hub_download", "downloads a file from the Hub"],
];

/** Keyword arguments that are findings in any call when set to the given constant. */
export interface KeywordRule {
  keyword: string;
  /** The constant that makes the call unsafe. */
  value: boolean | string;
  ruleId: CodeRuleId;
  severity: Severity;
  /** Only calls whose canonical name starts with one of these or ends with one of `lastNames`. */
  onlyFor?: { prefixes: readonly string[]; lastNames: readonly string[] };
  /** Calls (canonical prefixes) where the keyword means something else. */
  except?: readonly string[];
  why: string;
}

const KERAS_LOADERS = {
  prefixes: ["keras.", "tensorflow."],
  lastNames: ["load_model", "model_from_json", "model_from_config", "model_from_yaml", "deserialize", "deserialize_keras_object", "from_config", "load_weights"],
};

export const KEYWORD_RULES: readonly KeywordRule[] = [
  {
    keyword: "trust_remote_code",
    value: true,
    ruleId: "code/trust-remote-code",
    severity: "high",
    why: "transformers/datasets/sentence-transformers download and import Python files from the Hub repository",
  },
  {
    keyword: "verify",
    value: false,
    ruleId: "code/tls-verify-disabled",
    severity: "high",
    except: ["jwt."],
    why: "requests/httpx/boto3: the server certificate is not checked",
  },
  { keyword: "verify_ssl", value: false, ruleId: "code/tls-verify-disabled", severity: "high", why: "aiohttp and others: no certificate check" },
  { keyword: "verify_certs", value: false, ruleId: "code/tls-verify-disabled", severity: "high", why: "Elasticsearch/OpenSearch clients: no certificate check" },
  { keyword: "ssl_verify", value: false, ruleId: "code/tls-verify-disabled", severity: "high", why: "no certificate check" },
  { keyword: "cert_reqs", value: "CERT_NONE", ruleId: "code/tls-verify-disabled", severity: "high", why: "urllib3: no certificate check" },
  {
    keyword: "ssl",
    value: false,
    ruleId: "code/tls-verify-disabled",
    severity: "high",
    onlyFor: { prefixes: ["aiohttp."], lastNames: [] },
    why: "aiohttp: ssl=False skips certificate verification",
  },
  {
    keyword: "trusted",
    value: true,
    ruleId: "code/pickle-load",
    severity: "high",
    onlyFor: { prefixes: ["skops."], lastNames: [] },
    why: "skops with trusted=True loads any type in the file, like pickle",
  },
  {
    keyword: "safe_mode",
    value: false,
    ruleId: "code/keras-unsafe-load",
    severity: "high",
    onlyFor: KERAS_LOADERS,
    why: "Keras then deserialises Lambda layers, i.e. runs Python bytecode from the file",
  },
];

/** Dictionary keys that act as keyword arguments (`model_kwargs={"trust_remote_code": True}`). */
export const DICT_KEY_RULES: readonly KeywordRule[] = KEYWORD_RULES.filter(
  (r) => r.keyword === "trust_remote_code" || r.keyword === "verify",
);

/** Parameter defaults that turn the unsafe behaviour on for every caller. */
export const PARAM_DEFAULT_RULES: readonly KeywordRule[] = KEYWORD_RULES.filter((r) => r.keyword === "trust_remote_code");

/** References that are findings wherever they are used as a value (not in a comparison). */
export const REFERENCES: ReadonlyMap<string, { ruleId: CodeRuleId; severity: Severity; why: string }> = new Map([
  [
    "ssl._create_unverified_context",
    { ruleId: "code/tls-verify-disabled", severity: "high", why: "an SSLContext that checks neither certificate nor host name" },
  ],
  ["ssl.CERT_NONE", { ruleId: "code/tls-verify-disabled", severity: "high", why: "no certificate verification" }],
]);

/** `obj.<attr> = <value>` assignments that turn verification off. */
export const ATTRIBUTE_ASSIGNMENTS: ReadonlyMap<
  string,
  {
    value: boolean;
    ruleId: CodeRuleId;
    severity: Severity;
    /** "http-client": only when the object is a requests/httpx session or client (`verify` is a common name). */
    receiver?: "http-client";
    why: string;
  }
> =
  new Map([
    [
      "verify",
      {
        value: false,
        ruleId: "code/tls-verify-disabled",
        severity: "high",
        receiver: "http-client",
        why: "the session no longer checks server certificates",
      },
    ],
    [
      "check_hostname",
      {
        value: false,
        ruleId: "code/tls-verify-disabled",
        severity: "high",
        why: "the SSLContext accepts any valid certificate for any host, so a man in the middle is accepted",
      },
    ],
  ]);

/** yaml Loader classes by name (last dotted segment), with the severity they lead to. */
export const YAML_LOADERS: ReadonlyMap<string, Severity | "safe"> = new Map<string, Severity | "safe">([
  ["SafeLoader", "safe"],
  ["CSafeLoader", "safe"],
  ["BaseLoader", "safe"],
  ["CBaseLoader", "safe"],
  ["RoundTripLoader", "safe"],
  // Policy: anything but a safe loader is high; FullLoader also ran code before PyYAML 5.4.
  ["FullLoader", "high"],
  ["CFullLoader", "high"],
  ["Loader", "high"],
  ["CLoader", "high"],
  ["UnsafeLoader", "high"],
  ["CUnsafeLoader", "high"],
]);
