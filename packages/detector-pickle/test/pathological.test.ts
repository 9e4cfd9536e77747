// Found by the repository fuzz suite (test/fuzz, 10 000 inputs per parser): a chain of 100 000 REDUCE
// calls overflowed the stack while describing the callee (an exception escaped the detector), and a
// GLOBAL whose module name has 50 000+ dotted parts built every parent package name (O(n²) memory:
// a 450 KB file exhausted a 4 GB heap).
import { describe, expect, it } from "vitest";

import { P } from "./builders/pickle.js";
import { scan } from "./helpers.js";

describe("pathological pickles", () => {
  it("a chain of 100 000 calls (f()()()…) is analysed quickly and reported, without a stack overflow", async () => {
    const p = P.proto(2).global("collections", "OrderedDict");
    for (let i = 0; i < 100_000; i++) p.emptyTuple().reduce();
    const started = performance.now();
    const r = await scan(p.stop().toBytes());
    expect(performance.now() - started).toBeLessThan(5000);
    const indirect = r.reports.filter((d) => d.ruleId === "pickle/indirect-call");
    expect(indirect.length).toBeGreaterThan(0);
    expect(indirect[0]!.message.length).toBeLessThan(400);
    expect(indirect.map((d) => d.message).join("\n")).toMatch(/longer chain of calls/);
  });

  it("a module name of 50 000 dotted parts (650 KB) is classified in linear time and memory", async () => {
    const module = `sklearn${".linear_model".repeat(50_000)}`;
    const started = performance.now();
    const before = process.memoryUsage().heapUsed;
    const r = await scan(P.proto(2).global(module, "LogisticRegression").emptyTuple().newobj().stop().toBytes());
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    expect(r.incompletes).toEqual([]);
    // A dangerous root is still found through the (bounded) parent walk.
    const evil = await scan(P.proto(2).global(`os${".path".repeat(50_000)}`, "join").emptyTuple().reduce().stop().toBytes());
    expect(evil.reports.map((d) => d.ruleId)).toContain("pickle/dangerous-global");
  });

  it("100 000 bad opcodes give a few findings per kind and one summary, not one finding each", async () => {
    const p = P.proto(4);
    for (let i = 0; i < 100_000; i++) p.newobjEx(); // each pops from an empty stack
    const started = performance.now();
    const r = await scan(p.stop().toBytes());
    expect(performance.now() - started).toBeLessThan(3000);
    const malformed = r.reports.filter((d) => d.ruleId === "pickle/malformed");
    expect(malformed.length).toBeGreaterThan(1);
    expect(malformed.length).toBeLessThanOrEqual(30);
    expect(malformed.map((d) => d.message).join("\n")).toMatch(/more malformed events after the first 25/);
  });
});
