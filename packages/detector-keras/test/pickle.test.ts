import { describe, expect, it } from "vitest";

import { mayStartPickle, scanPickle } from "../src/pickle.js";
import { classifyPickle } from "../src/pickle-verdict.js";
import { globalCallP0, globalCallP2, globalCallP4, pureDataP0, pureDataP4 } from "./fixtures/pickle.js";

const LIMITS = { maxOps: 100_000, maxStack: 10_000 };
const enc = new TextEncoder();

describe("pickle sniffer", () => {
  it("resolves GLOBAL (protocol 2) and STACK_GLOBAL through the memo (protocol 4)", () => {
    const p2 = scanPickle(globalCallP2("os", "system", "id"), LIMITS);
    expect(p2).toMatchObject({ isPickle: true, complete: true, protocol: 2, globals: ["os.system"], calls: 1 });
    const p4 = scanPickle(globalCallP4("subprocess", "check_output", "id"), LIMITS);
    expect(p4).toMatchObject({ isPickle: true, complete: true, protocol: 4, globals: ["subprocess.check_output"] });
    expect(classifyPickle(p4, false).severity).toBe("critical");
  });

  it("recognises a protocol 0 text pickle, data or code", () => {
    expect(scanPickle(pureDataP0(), LIMITS)).toMatchObject({ isPickle: true, globals: [] });
    const evil = scanPickle(globalCallP0("posix", "system", "id"), LIMITS);
    expect(evil).toMatchObject({ isPickle: true, globals: ["posix.system"] });
  });

  it("does not mistake text, JSON or layer names for a pickle", () => {
    for (const s of ["dense_1/kernel:0", "conv2d", '{"class_name": "Dense"}', "N.", "tensorflow", "(hello)", "I1\n.", "categorical_crossentropy", "2.15.0"]) {
      expect(scanPickle(enc.encode(s), LIMITS).isPickle, s).toBe(false);
    }
  });

  it("treats a STACK_GLOBAL with non-string operands as unresolved (dangerous)", () => {
    // PROTO 4, BININT1 1, BININT1 2, STACK_GLOBAL, STOP
    const p = scanPickle(Uint8Array.from([0x80, 4, 0x4b, 1, 0x4b, 2, 0x93, 0x2e]), LIMITS);
    expect(p.unresolved).toBe(1);
    expect(classifyPickle(p, false).severity).toBe("critical");
  });

  it("still reports a broken pickle that imported something before the break (nullifAI)", () => {
    const good = globalCallP2("os", "system", "id");
    const broken = Uint8Array.from([...good.subarray(0, good.length - 1), 0xff]);
    const p = scanPickle(broken, LIMITS);
    expect(p).toMatchObject({ isPickle: true, complete: false, globals: ["os.system"] });
  });

  it("grades by globals: pure data and safe globals are low outside Keras, high inside", () => {
    const data = scanPickle(pureDataP4(), LIMITS);
    expect(classifyPickle(data, false).severity).toBe("low");
    expect(classifyPickle(data, true).severity).toBe("high");
    const np = scanPickle(globalCallP2("numpy.core.multiarray", "_reconstruct", "x"), LIMITS);
    expect(classifyPickle(np, false).severity).toBe("low");
    const unknown = scanPickle(globalCallP2("mylib.models", "Thing", "x"), LIMITS);
    expect(classifyPickle(unknown, false).severity).toBe("medium");
    expect(classifyPickle(scanPickle(globalCallP2("builtins", "getattr", "x"), LIMITS), false).severity).toBe("critical");
    // A dotted name smuggling os through a benign root (fickling GHSA-5j3x-jp52-966f).
    expect(classifyPickle(scanPickle(globalCallP2("pathlib", "os.system", "x"), LIMITS), false).severity).toBe("critical");
  });

  it("PyTables' own pickled attributes (FILTERS via copy_reg, protocol 0) are low in a data file", () => {
    const filters = new TextEncoder().encode("ccopy_reg\n_reconstructor\np1\n(ctables.Leaf\nFilters\np2\nc__builtin__\nobject\np3\nNtRp4\n(dp5\nS'complevel'\np6\nI0\nsb.");
    const p = scanPickle(filters, LIMITS);
    expect(p).toMatchObject({ isPickle: true, complete: true, globals: ["copy_reg._reconstructor", "tables.Leaf.Filters", "__builtin__.object"] });
    expect(classifyPickle(p, false).severity).toBe("low");
  });

  it("hits the opcode limit and says so", () => {
    const many = new Uint8Array(2 + 2 * 5000 + 1);
    many.set([0x80, 2]);
    for (let i = 0; i < 5000; i++) many.set([0x4e, 0x30], 2 + 2 * i);
    many[many.length - 1] = 0x2e;
    expect(scanPickle(many, { maxOps: 100, maxStack: 100 }).limitHit).toBe(true);
  });

  it("prefix test: PROTO and valid protocol-0 starts pass, random bytes do not", () => {
    expect(mayStartPickle(globalCallP4("os", "system", "x").subarray(0, 8))).toBe(true);
    expect(mayStartPickle(globalCallP0("os", "system", "x").subarray(0, 6))).toBe(true);
    expect(mayStartPickle(Uint8Array.from([0x4b, 0x7f, 0xee, 0x12, 0x00, 0x99, 0x33, 0x21]))).toBe(false);
    expect(mayStartPickle(Uint8Array.from([0x00, 0x00, 0x80, 0x3f]))).toBe(false);
  });
});
