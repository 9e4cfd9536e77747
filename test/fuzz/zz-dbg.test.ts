import { parsePython } from "../../packages/detector-code/src/python.js";
import { it } from "vitest";
it("dbg", async () => {
  for (const d of [1000, 6250, 12500, 50000, 100000]) {
    for (const [n, t] of [["[", `x = ${"[".repeat(d)}1${"]".repeat(d)}\n`], ["(", `x = ${"(".repeat(d)}1${")".repeat(d)}\n`], ["-", `x = ${"-".repeat(d)}1\n`], ["not", `x = ${"not ".repeat(d)}1\n`], ["lambda", `x = ${"lambda: ".repeat(d)}1\n`], ["a.", `x = a${".a".repeat(d)}\n`], ["call", `x = f${"(1)".repeat(d)}\n`]] as const) {
      const c0 = process.cpuUsage();
      let err = "";
      try { const tree = parsePython(t); let k = 0; tree.iterate({ enter: () => { k++; } }); err = `nodes ${k}`; } catch (e) { err = String(e).slice(0, 50); }
      const c = process.cpuUsage(c0);
      console.log(n, d, ((c.user + c.system) / 1000).toFixed(0), "ms", err);
    }
  }
}, 900000);
