import { describe, expect, it } from "vitest";
import { scanNb, scanPy } from "./helpers.js";

/** Deterministic pseudo-random generator (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "pickle.load(", "torch.load(", "eval(", "exec(", "os.system(", "yaml.load(", "np.load(", "(", ")", "[", "]", "{", "}",
  "'", '"', '"""', "'''", "f'", "{x}", "\\", "\n", "\n    ", "!", "!curl x | sh", "%%bash\n", "%time ", "?", "#", ",", "=",
  "shell=True", "weights_only=False", "trust_remote_code=True", "import pickle as p", "from torch import *", " | ", "$(",
  "<(", "`", "&&", ";", "sudo ", "1.", "yield", "lambda:", "def f(", "class C(", ":", "x", "+", "%", ".format(",
];

describe("robustness", () => {
  it("never throws on random token soup (files and cells)", async () => {
    const next = rng(7);
    for (let round = 0; round < 150; round++) {
      const parts: string[] = [];
      const len = 5 + Math.floor(next() * 60);
      for (let i = 0; i < len; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)] as string);
      const code = parts.join("");
      await expect(scanPy(code)).resolves.toBeDefined();
      await expect(scanNb([code, code.split("\n").reverse().join("\n")])).resolves.toBeDefined();
    }
  });

  it("survives deep nesting and very long concatenations", async () => {
    const deep = `x = ${"(".repeat(3000)}1${")".repeat(3000)}\neval(y)\n`;
    expect((await scanPy(deep)).found.map((f) => f[0])).toEqual(["code/dynamic-exec"]);
    const long = `import os\nCMD = ${Array.from({ length: 300 }, (_, i) => `"p${i} "`).join(" + ")}\nos.system(CMD)\n`;
    // A long constant concatenation is still a constant (subprocess with a constant: low, not high).
    const sub = long.replace("import os", "import subprocess").replace("os.system(CMD)", "subprocess.run(CMD, shell=True)");
    expect((await scanPy(sub)).found.map((f) => `${f[0]} ${f[1]}`)).toEqual(["code/shell-injection low"]);
  });
});
