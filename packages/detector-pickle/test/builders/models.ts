/**
 * Builders of realistic model files (the shapes torch.save, joblib.dump, pickle.dump and np.save
 * write), made from the pickle assembler. Benign controls and attack fixtures share them.
 */
import { writeZip } from "@watchtower/containers/testing";
import type { ZipWriterEntry } from "@watchtower/containers/testing";

import { concat, P } from "./pickle.js";

const enc = new TextEncoder();

/** numpy.dtype('f8') as numpy pickles it (protocol 2+). */
export function dtype(p: P, spec = "f8", elsize = -1, flags = 0): P {
  p.global("numpy", "dtype").str(spec).false().true().tuple3().reduce();
  p.mark().int(3).str(spec === "|O" || spec === "O8" ? "|" : "<").none().none().none().int(elsize).int(-1).int(flags).tuple().build();
  return p;
}

/** numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') + BUILD state, as ndarray.__reduce__ writes. */
export function ndarray(p: P, values: number[], module = "numpy.core.multiarray"): P {
  const data = new Uint8Array(new Float64Array(values).buffer);
  p.global(module, "_reconstruct").global("numpy", "ndarray").int(0).tuple1().bytes("b").tuple3().reduce();
  p.mark().int(1).int(values.length).tuple1();
  dtype(p, "f8");
  p.false().bytes(data).tuple().build();
  return p;
}

/** A pickled sklearn LogisticRegression (protocol 2, GLOBAL + NEWOBJ + BUILD, numpy arrays in-band). */
export function sklearnLogisticRegression(protocol = 2): Uint8Array {
  const p = P.proto(protocol);
  p.global("sklearn.linear_model._logistic", "LogisticRegression").binput(0).emptyTuple().newobj().binput(1);
  p.emptyDict().binput(2).mark();
  p.str("penalty").str("l2");
  p.str("C").float();
  p.str("dtype").global("numpy", "float64");
  p.str("random_state").none();
  p.str("classes_");
  ndarray(p, [0, 1]);
  p.str("coef_");
  ndarray(p, [0.5, -1.25, 3]);
  p.str("intercept_").global("numpy.core.multiarray", "scalar");
  dtype(p, "f8");
  p.bytes(new Uint8Array(8)).tuple2().reduce();
  p.str("_sklearn_version").str("1.3.2");
  p.setitems().build().stop();
  return p.toBytes();
}

/** A RandomForest-like pickle with a Cython Tree reconstructed by calling its class (REDUCE). */
export function sklearnTree(): Uint8Array {
  const p = P.proto(4);
  p.sglobal("sklearn.tree._classes", "DecisionTreeClassifier").memoize().emptyTuple().newobj().memoize();
  p.emptyDict().memoize().mark();
  p.str("criterion").str("gini");
  p.str("tree_");
  p.sglobal("sklearn.tree._tree", "Tree").int(4);
  ndarray(p, [2]);
  p.int(1).tuple3().reduce();
  p.emptyDict().str("max_depth").int(3).setitem().build();
  p.str("_sklearn_version").str("1.5.0");
  p.setitems().build().stop();
  return p.toBytes();
}

/** torch._utils._rebuild_tensor_v2(persistent storage, 0, size, stride, False, OrderedDict()). */
function tensor(p: P, key: string, numel: number, size: number[], legacy: boolean): P {
  p.global("torch._utils", "_rebuild_tensor_v2").mark();
  p.mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").int(numel);
  if (legacy) p.none();
  p.tuple().binpersid();
  p.int(0);
  p.mark();
  for (const s of size) p.int(s);
  p.tuple();
  p.mark();
  const strides = size.map((_, i) => size.slice(i + 1).reduce((a, b) => a * b, 1));
  for (const s of strides) p.int(s);
  p.tuple();
  p.false().global("collections", "OrderedDict").emptyTuple().reduce();
  p.tuple().reduce();
  return p;
}

/** The state_dict pickle torch.save writes (protocol 2): OrderedDict of tensors + _metadata. */
export function torchStateDictPickle(legacy = false): Uint8Array {
  const p = P.proto(2);
  p.global("collections", "OrderedDict").emptyTuple().reduce().binput(0).mark();
  p.str("fc.weight");
  tensor(p, "0", 6, [2, 3], legacy);
  p.str("fc.bias");
  tensor(p, "1", 2, [2], legacy);
  p.setitems();
  p.emptyDict().str("_metadata").global("collections", "OrderedDict").emptyTuple().reduce();
  p.str("").emptyDict().str("version").int(1).setitem().setitem();
  p.setitem().build().stop();
  return p.toBytes();
}

export interface TorchZipOptions {
  dataPkl?: Uint8Array;
  prefix?: string;
  extra?: ZipWriterEntry[];
  /** Per-member overrides of the data.pkl entry (flags, crc, centralName, name …). */
  dataPklEntry?: Partial<ZipWriterEntry>;
  storageBytes?: number;
}

/** A torch.save zip archive: archive/data.pkl, archive/data/<key>, version, byteorder, serialization id. */
export function torchZip(options: TorchZipOptions = {}): Uint8Array {
  const prefix = options.prefix ?? "archive";
  const storage = (n: number): Uint8Array => {
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) f[i] = Math.sin(i) * 3.5;
    return new Uint8Array(f.buffer);
  };
  return writeZip([
    { name: `${prefix}/data.pkl`, data: options.dataPkl ?? torchStateDictPickle(), align: 64, ...options.dataPklEntry },
    { name: `${prefix}/byteorder`, data: "little", align: 64 },
    { name: `${prefix}/data/0`, data: storage(options.storageBytes ? options.storageBytes / 4 : 6), align: 64 },
    { name: `${prefix}/data/1`, data: storage(2), align: 64 },
    { name: `${prefix}/version`, data: "3\n", align: 64 },
    { name: `${prefix}/.data/serialization_id`, data: "1234567890123456789012345678901234567890", align: 64 },
    ...(options.extra ?? []),
  ]);
}

/** Legacy (pre-1.6) torch.save: magic, protocol, sys_info, main pickle, key list, then storages. */
export function legacyTorch(options: { main?: Uint8Array; magic?: Uint8Array; trailer?: Uint8Array } = {}): Uint8Array {
  const magic = options.magic ?? P.proto(2).long1(0x1950a86a20f9469cfc6cn).stop().toBytes();
  const protocol = P.proto(2).int(1001).stop().toBytes();
  const sysInfo = P.proto(2)
    .emptyDict()
    .mark()
    .str("protocol_version")
    .int(1001)
    .str("little_endian")
    .true()
    .str("type_sizes")
    .emptyDict()
    .mark()
    .str("short")
    .int(2)
    .str("int")
    .int(4)
    .str("long")
    .int(4)
    .setitems()
    .setitems()
    .stop()
    .toBytes();
  const main = options.main ?? torchStateDictPickle(true);
  const keys = P.proto(2).emptyList().mark().str("0").str("1").appends().stop().toBytes();
  const storage = (n: number): Uint8Array => {
    const out = new Uint8Array(8 + 4 * n);
    new DataView(out.buffer).setUint32(0, n, true);
    const f = new Float32Array(out.buffer, 8, n);
    for (let i = 0; i < n; i++) f[i] = 0.25 * i - 1;
    // Make the data look like a pickle start now and then, as real float data does.
    out[8] = 0x80;
    out[9] = 0x02;
    return out;
  };
  return concat(magic, protocol, sysInfo, main, keys, storage(6), storage(2), options.trailer ?? new Uint8Array(0));
}

/** An .npy file: magic, version 1.0, header dict padded to 64 bytes, then `body`. */
export function npy(descr: string, shape: number[], body: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = new Uint8Array(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  return concat(head, enc.encode(header), body);
}

export function npyFloat64(values: number[]): Uint8Array {
  return npy("<f8", [values.length], new Uint8Array(new Float64Array(values).buffer));
}

/** An object-dtype .npy whose body is `pickle` (np.save with allow_pickle writes pickle.dump(array)). */
export function npyObject(pickle: Uint8Array, n = 1): Uint8Array {
  return npy("|O", [n], pickle);
}

/** The pickle np.save writes for an object array holding plain strings. */
export function objectArrayPickle(items: string[]): Uint8Array {
  const p = P.proto(3);
  p.global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray").int(0).tuple1().bytes("b").tuple3().reduce();
  p.mark().int(1).int(items.length).tuple1();
  dtype(p, "O8", -1, 63);
  p.false().emptyList().mark();
  for (const s of items) p.str(s);
  p.appends().tuple().build().stop();
  return p.toBytes();
}

export function npz(members: Record<string, Uint8Array>, method = 0): Uint8Array {
  return writeZip(Object.entries(members).map(([name, data]) => ({ name, data, method })));
}

/** joblib.dump of {"coef": array, "names": object array}: NumpyArrayWrapper + raw data in the stream. */
export function joblibDump(options: { objectPickle?: Uint8Array; values?: number[]; alignment?: boolean } = {}): Uint8Array {
  const values = options.values ?? [1.5, 2.5, 3.5];
  const alignment = options.alignment ?? true;
  const wrapper = (p: P, spec: string, shape: number, flags = 0): P => {
    p.sglobal("joblib.numpy_pickle", "NumpyArrayWrapper").memoize().emptyTuple().newobj().memoize();
    p.emptyDict().memoize().mark();
    p.str("subclass").sglobal("numpy", "ndarray");
    p.str("shape").int(shape).tuple1();
    p.str("order").str("C");
    p.str("dtype");
    dtype(p, spec, -1, flags);
    p.str("allow_mmap").false();
    if (alignment && spec !== "|O") p.str("numpy_array_alignment_bytes").int(16);
    p.setitems().build();
    return p;
  };
  const p = P.proto(4).emptyDict().memoize().mark();
  p.str("coef");
  wrapper(p, "f8", values.length);
  const head = p.toBytes();
  const data = new Uint8Array(new Float64Array(values).buffer);
  const padLength = alignment ? 16 - ((head.length + 1) % 16) : 0;
  const pad = alignment ? concat(new Uint8Array([padLength]), new Uint8Array(padLength).fill(0xff)) : new Uint8Array(0);
  const rest = new P().str("names");
  wrapper(rest, "|O", 2, 63);
  const restBytes = rest.toBytes();
  const objectPickle = options.objectPickle ?? objectArrayPickle(["a", "b"]);
  const tail = new P().setitems().stop().toBytes();
  return concat(head, pad, data, restBytes, objectPickle, tail);
}

