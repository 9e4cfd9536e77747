import { describe, expect, it } from "vitest";

import { gzipSync, writeZip, zlibSync } from "@watchtower/containers/testing";

import {
  joblibDump,
  legacyTorch,
  npyFloat64,
  npyObject,
  npz,
  objectArrayPickle,
  sklearnLogisticRegression,
  sklearnTree,
  torchStateDictPickle,
  torchZip,
} from "./builders/models.js";
import { framed, P } from "./builders/pickle.js";
import { scan, summary } from "./helpers.js";

/** Benign controls: nothing at medium or above, nothing incomplete. */
async function expectClean(bytes: Uint8Array, path = "model.pkl"): Promise<void> {
  const rec = await scan(bytes, { path });
  expect(summary(rec, "medium")).toEqual([]);
  expect(rec.incompletes).toEqual([]);
}

describe("benign model files (F8: no false positives on real shapes)", () => {
  it("torch.save zip state dict (archive/data.pkl, storages, OrderedDict)", async () => {
    await expectClean(torchZip(), "pytorch_model.bin");
  });

  it("torch.save zip with a model-named prefix and deflated members", async () => {
    await expectClean(torchZip({ prefix: "resnet18", dataPklEntry: { method: 8 } }), "resnet18.pth");
  });

  it("legacy torch.save stream with storages after the pickles", async () => {
    await expectClean(legacyTorch(), "old.pt");
  });

  it("sklearn LogisticRegression pickle, protocols 2-5", async () => {
    for (const protocol of [2, 3, 4, 5]) await expectClean(sklearnLogisticRegression(protocol));
  });

  it("sklearn tree pickle with a Cython Tree called by REDUCE", async () => {
    await expectClean(sklearnTree());
  });

  it("joblib dump with NumpyArrayWrapper, raw array data and an object array", async () => {
    await expectClean(joblibDump(), "model.joblib");
    await expectClean(joblibDump({ alignment: false }), "model.joblib");
  });

  it("joblib compressed with zlib and gzip", async () => {
    await expectClean(zlibSync(joblibDump()), "model.joblib");
    await expectClean(gzipSync(sklearnLogisticRegression()), "model.pkl.gz");
  });

  it("plain .npy arrays and .npz archives", async () => {
    await expectClean(npyFloat64([1, 2, 3]), "x.npy");
    await expectClean(npz({ "x.npy": npyFloat64([1]), "y.npy": npyFloat64([2, 3]) }), "arrays.npz");
    await expectClean(npz({ "x.npy": npyFloat64([1, 2, 3, 4]) }, 8), "arrays.npz");
    // savez_compressed of a large all-zero array: far above the ratio limit, but only the header is read.
    await expectClean(npz({ "zeros.npy": npyFloat64(new Array(600_000).fill(0)) }, 8), "zeros.npz");
  });

  it("object .npy holding strings", async () => {
    await expectClean(npyObject(objectArrayPickle(["cat", "dog"]), 2), "labels.npy");
  });

  it("plain containers in every protocol, framed and unframed", async () => {
    const body = (p: P): P => p.emptyDict().mark().str("a").int(1).str("b").emptyList().mark().int(1).int(2).appends().setitems();
    await expectClean(body(P.proto(2)).stop().toBytes());
    await expectClean(framed(body(new P()), 4));
    await expectClean(framed(body(new P()), 5));
    // Protocol 0 text pickle: (dp0\nS'a'\np1\nI1\ns.
    await expectClean(new P().mark().raw("dp0\n").string("a").put(1).intLine(1).setitem().stop().toBytes());
    // Protocol 1 binary opcodes without PROTO.
    await expectClean(new P().emptyDict().binput(0).shortBinstring("k").binput(1).int(7).setitem().stop().toBytes());
  });

  it("HF training_args.bin: TrainingArguments with enums called by value", async () => {
    const p = P.proto(2);
    p.global("transformers.training_args", "TrainingArguments").binput(0).emptyTuple().newobj().emptyDict().mark();
    p.str("output_dir").str("out");
    p.str("evaluation_strategy").global("transformers.trainer_utils", "IntervalStrategy").str("steps").tuple1().reduce();
    p.str("device").global("torch", "device").str("cpu").tuple1().reduce();
    p.setitems().build().stop();
    await expectClean(torchZip({ dataPkl: p.toBytes() }), "training_args.bin");
  });

  it("protocol 0-2 compatibility names: __builtin__.xrange (range), __builtin__.set, type(None)", async () => {
    const p = P.proto(2).emptyDict().mark();
    p.str("r").global("__builtin__", "xrange").int(0).int(5).int(1).tuple3().reduce();
    p.str("s").global("__builtin__", "set").emptyList().mark().int(1).appends().tuple1().reduce();
    p.str("t").global("__builtin__", "type").none().tuple1().reduce();
    p.str("u").global("copy_reg", "_reconstructor").global("collections", "OrderedDict").global("__builtin__", "dict").emptyDict().tuple3().reduce();
    await expectClean(p.setitems().stop().toBytes());
  });

  it("a zip with text and JSON members next to the model", async () => {
    await expectClean(
      writeZip([
        { name: "config.json", data: '{"a": 1}' },
        { name: "README.md", data: "(draft) notes" },
        { name: "labels.txt", data: "cat\ndog\nbird\nfish\n" },
        { name: "classes", data: "cls\nsep\n(unused)\n" },
        { name: "model/data.pkl", data: torchStateDictPickle() },
      ]),
      "bundle.zip",
    );
  });
});
