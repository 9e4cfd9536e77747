// Found by the repository fuzz suite (test/fuzz): Python nested 100 000 brackets deep made Lezer take
// seconds and overflow the stack (a RangeError escaped the detector). CPython refuses code nested
// deeper than 200 brackets, so that part is blanked before parsing and the rest is still analysed.
import { describe, expect, it } from "vitest";

import { flattenDeepBrackets, MAX_BRACKET_DEPTH, parsePythonBounded } from "../src/python.js";
import { scanNb, scanPy } from "./helpers.js";

const nested = (open: string, close: string, depth: number): string => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe("deep nesting", () => {
  it("blanks only what is nested deeper than 200 brackets, keeping offsets and line breaks", () => {
    const inside = `(${"(".repeat(MAX_BRACKET_DEPTH)}x,\ny${")".repeat(MAX_BRACKET_DEPTH)})`;
    const text = `a = ${inside}\nb = 1\n`;
    const { text: flat, flattened } = flattenDeepBrackets(text);
    expect(flattened).toBe(1);
    expect(flat).toHaveLength(text.length);
    expect(flat.split("\n")).toHaveLength(text.split("\n").length);
    expect(flat).toContain("b = 1");
    expect(flat).not.toContain("x");
    // 200 levels is what CPython accepts: untouched.
    expect(flattenDeepBrackets(`a = ${nested("(", ")", MAX_BRACKET_DEPTH)}`).flattened).toBe(0);
  });

  it("does not count brackets in strings and comments, and leaves unclosed brackets within the limit alone", () => {
    const text = `s = "${"(".repeat(500)}"\n# ${"[".repeat(500)}\nt = '''${"{".repeat(500)}'''\nu = ${"(".repeat(MAX_BRACKET_DEPTH)}\n`;
    expect(flattenDeepBrackets(text)).toEqual({ text, flattened: 0 });
  });

  it("brackets still open deeper than 200 at the end blank the rest (CPython stops there)", () => {
    const text = `a = 1\nx = ${"eval(".repeat(1000)}\ny = 2\n`;
    const { text: flat, flattened } = flattenDeepBrackets(text);
    expect(flattened).toBe(1);
    expect(flat).toHaveLength(text.length);
    expect(flat.startsWith(`a = 1\nx = ${"eval(".repeat(MAX_BRACKET_DEPTH)}`)).toBe(true);
    expect(flat).not.toContain("y = 2");
  });

  it("180 000 stray closing brackets are analysed quickly and still read as a syntax error (found by the fuzz suite: 10 s)", async () => {
    const text = `import subprocess\nsubprocess.Popen(cmd, shell=True)\n${"}".repeat(180_000)}\neval(y)\n`;
    const flat = flattenDeepBrackets(text).text;
    expect(flat).toHaveLength(text.length);
    expect((flat.match(/\}/g) ?? []).length).toBe(50);
    const started = performance.now();
    const r = await scanPy(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.found.map((f) => f[0]).sort()).toEqual(["code/dynamic-exec", "code/shell-injection"]);
    expect(r.recorded.notes.join("\n")).toMatch(/syntax error/i);
  });

  it("26 000 unclosed nested calls are analysed quickly (found by the fuzz suite: minutes before)", async () => {
    const started = performance.now();
    const r = await scanPy(`import os\nos.system(cmd)\n${"eval(".repeat(26_000)}\n`);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.found.map((f) => f[0])).toContain("code/shell-injection");
    expect(r.recorded.notes.join("\n")).toMatch(/nested deeper than 200 brackets/);
  });

  it("100 000 nested brackets of each kind: no exception, fast, a note, and the rest still found", async () => {
    for (const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"]] as const) {
      const code = `x = ${nested(open, close, 100_000)}\neval(y)\n`;
      const started = performance.now();
      const r = await scanPy(code);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(r.found.map((f) => f[0])).toEqual(["code/dynamic-exec"]);
      expect(r.recorded.notes.join("\n")).toMatch(/nested deeper than 200 brackets/);
    }
  });

  it("in a notebook, the deep cell is noted and the other cells are analysed", async () => {
    const r = await scanNb([`x = ${nested("[", "]", 50_000)}`, "import os\nos.system(cmd)"]);
    expect(r.found.map((f) => f[0])).toEqual(["code/shell-injection"]);
    expect(r.recorded.notes.join("\n")).toMatch(/nested deeper than 200 brackets in cell 0/);
  });

  it("long chains of unary operators, attribute lookups and calls never throw", async () => {
    // Lezer can overflow the stack on such chains (it depends on the JIT state); the detector then
    // reports the file as incomplete instead of failing. Cost is linear (about 50 µs per link).
    for (const code of [`x = ${"not ".repeat(5_000)}1\n`, `x = ${"-".repeat(5_000)}1\n`, `x = a${".a".repeat(5_000)}\n`, `x = f${"(1)".repeat(5_000)}\n`]) {
      await expect(scanPy(code)).resolves.toBeDefined();
    }
  }, 30_000);
});

describe("parse time budget", () => {
  it("stops a parse whose error recovery runs past the budget and says where", () => {
    const soup = `import os\nos.system(cmd)\n${":".repeat(200_000)}\neval(y)\n`;
    const started = performance.now();
    const { tree, stoppedAt } = parsePythonBounded(soup, 100);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(soup.length);
    // What was parsed before the stop is a real tree: the os.system call is in it.
    expect(soup.slice(0, tree.length)).toContain("os.system(cmd)");
  });

  it("ordinary code finishes well inside the default budget", () => {
    const code = "import torch\nmodel = torch.load(path)\n".repeat(20_000);
    expect(parsePythonBounded(code).stoppedAt).toBeUndefined();
  });
});

describe("parser failures", () => {
  it("a syntax tree Lezer cannot read back is an incomplete scan, not an exception (found by test/fuzz)", async () => {
    // An unclosed call, then 40 000 characters of juxtaposed calls: Lezer's error recovery leaves a
    // node without a type in the tree, and reading its name throws a TypeError inside @lezer/common.
    const code = `yaml.load(\n-----BEGIN-----\nabc.def\n${"requests.get(url, verify=False)".repeat(1280)}\n`;
    const r = await scanPy(code);
    expect(r.recorded.incompletes.map((i) => i.details).join("\n")).toMatch(/unreadable syntax tree/);
  });
});
