/**
 * Pickle seeds for every protocol (0-5), with memo and stack tricks, stacked streams and the model
 * shapes real pickles have (sklearn, torch, joblib, numpy object arrays). Built with the pickle
 * detector's own assembler and model builders.
 */
import { concat, framed, P } from "../../../packages/detector-pickle/test/builders/pickle.js";
import {
  joblibDump,
  legacyTorch,
  npy,
  npyFloat64,
  npyObject,
  npz,
  objectArrayPickle,
  sklearnLogisticRegression,
  sklearnTree,
  torchStateDictPickle,
  torchZip,
} from "../../../packages/detector-pickle/test/builders/models.js";
import type { Seed } from "./mutate.js";

export { concat, P, npy, npyFloat64, npyObject, npz, torchZip, objectArrayPickle, torchStateDictPickle };

/** Protocol 0: text opcodes only (INT, LONG, STRING, UNICODE, PUT/GET, INST, DICT, LIST). */
function protocol0(): Uint8Array {
  return new P()
    .mark()
    .mark()
    .string("name")
    .unicode("caf\\u00e9")
    .intLine(42)
    .longLine("123456789012345678901234567890")
    .put(0)
    .dict()
    .put(1)
    .mark()
    .intLine(1)
    .intLine("01")
    .get(0)
    .list()
    .mark()
    .get(1)
    .inst("collections", "OrderedDict")
    .tuple()
    .stop()
    .toBytes();
}

/** Protocol 1: binary opcodes without PROTO (BINPUT/BINGET, BINSTRING, EMPTY_* + APPENDS/SETITEMS). */
function protocol1(): Uint8Array {
  return new P()
    .emptyDict()
    .binput(0)
    .mark()
    .shortBinstring("weights")
    .emptyList()
    .binput(1)
    .mark()
    .int(1)
    .int(300)
    .int(70000)
    .int(-5)
    .float()
    .appends()
    .binstring("bias")
    .binget(1)
    .setitems()
    .stop()
    .toBytes();
}

/** Memo and stack tricks: DUP, POP_MARK, LONG_BINPUT/GET, MEMOIZE, nested marks, frozenset. */
function memoTricks(): Uint8Array {
  const p = P.proto(4).emptyList().memoize().dup().mark().mark().int(1).popMark().str("x").memoize().longBinget(1);
  p.longBinput(70000).longBinget(70000).emptySet().mark().int(1).int(2).additems().mark().int(3).frozenset();
  p.tuple3().append().appends().pop();
  return p.stop().toBytes();
}

/** Protocol 5: BYTEARRAY8, NEXT_BUFFER and BINUNICODE8 inside a frame. */
function protocol5(): Uint8Array {
  return framed(new P().emptyDict().str("buf").bytearray8("abcdef").setitem().str("u8").binunicode8("long string").setitem(), 5);
}

/** Objects built with NEWOBJ_EX, BINPERSID and EXT1 (all protocol 2-4 features a loader honours). */
function objects(): Uint8Array {
  const p = P.proto(4).sglobal("collections", "OrderedDict").emptyTuple().emptyDict().newobjEx().memoize();
  p.str("storage").binpersid().pop();
  p.ext1(1).pop();
  return p.stop().toBytes();
}

/** A classic attack seed: os.system("id") through REDUCE (must always be found). */
export function evilPickle(protocol = 2): Uint8Array {
  return P.proto(protocol).global("os", "system").str("id").tuple1().reduce().stop().toBytes();
}

export function pickleSeeds(): Seed[] {
  const single: [string, Uint8Array][] = [
    ["p0-text", protocol0()],
    ["p1-binary", protocol1()],
    ["p2-sklearn-logreg", sklearnLogisticRegression(2)],
    ["p3-object-array", objectArrayPickle(["a", "bb", "ccc"])],
    ["p4-sklearn-tree", sklearnTree()],
    ["p4-memo-tricks", memoTricks()],
    ["p4-objects", objects()],
    ["p5-buffers", protocol5()],
    ["p2-torch-state-dict", torchStateDictPickle()],
    ["p2-evil", evilPickle(2)],
    ["p4-evil-framed", framed(new P().sglobal("builtins", "eval").str("1+1").tuple1().reduce(), 4)],
  ];
  const seeds: Seed[] = single.map(([name, bytes]) => ({ name, bytes }));
  seeds.push({ name: "legacy-torch-stacked", bytes: legacyTorch() });
  seeds.push({ name: "joblib-dump", bytes: joblibDump() });
  seeds.push({ name: "stacked-two", bytes: concat(sklearnLogisticRegression(2), evilPickle(4)) });
  return seeds;
}

/** Seeds whose only top-level STOP is their last byte: every proper prefix is a truncated pickle. */
export function singlePickleSeeds(): Seed[] {
  return pickleSeeds().filter((s) => !s.name.startsWith("legacy") && !s.name.startsWith("joblib") && !s.name.startsWith("stacked"));
}
