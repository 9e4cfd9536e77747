/**
 * Zip seeds (PyTorch archives, .npz, quirky archives) and .npy seeds, with the offsets of every
 * length field so the mutator can corrupt sizes, name lengths, offsets and entry counts precisely.
 */
import { writeZip } from "@watchtower/containers/testing";

import { kerasZip, k3Dense, k3Sequential } from "../../../packages/detector-keras/test/fixtures/keras.js";
import type { Seed } from "./mutate.js";
import { concat, evilPickle, npy, npyFloat64, npyObject, npz, objectArrayPickle, torchZip } from "./pickles.js";

type Field = NonNullable<Seed["fields"]>[number];

/** Offsets of the size/count/offset fields of every zip record found by signature. */
export function zipFields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b) continue;
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) {
      // local header: csize, usize, name length, extra length
      out.push({ at: i + 18, width: 4 }, { at: i + 22, width: 4 }, { at: i + 26, width: 2 }, { at: i + 28, width: 2 });
    } else if (sig === 0x02014b50) {
      // central header: csize, usize, name/extra/comment lengths, local header offset
      out.push({ at: i + 20, width: 4 }, { at: i + 24, width: 4 }, { at: i + 28, width: 2 }, { at: i + 30, width: 2 });
      out.push({ at: i + 32, width: 2 }, { at: i + 42, width: 4 });
    } else if (sig === 0x06054b50) {
      // end record: entry counts, directory size and offset, comment length
      out.push({ at: i + 8, width: 2 }, { at: i + 10, width: 2 }, { at: i + 12, width: 4 }, { at: i + 16, width: 4 }, { at: i + 20, width: 2 });
    }
  }
  return out;
}

function zipSeed(name: string, bytes: Uint8Array): Seed {
  return { name, bytes, fields: zipFields(bytes) };
}

export function zipSeeds(): Seed[] {
  const storage = new Uint8Array(256).map((_, i) => (i * 37) & 0xff);
  return [
    zipSeed("torch-zip", torchZip()),
    zipSeed("torch-zip-evil", torchZip({ dataPkl: evilPickle(2) })),
    zipSeed("torch-zip-deflate", torchZip({ dataPklEntry: { method: 8 } })),
    zipSeed("torch-zip-descriptor-zip64", torchZip({ dataPklEntry: { dataDescriptor: true, zip64: true } })),
    zipSeed("npz-mixed", npz({ "a.npy": npyFloat64([1, 2, 3]), "b.npy": npyObject(objectArrayPickle(["x"])) }, 8)),
    zipSeed(
      "quirky",
      writeZip(
        [
          { name: "model/data.pkl", data: evilPickle(4), centralName: "model/other.pkl", method: 8 },
          { name: "model/data/0", data: storage, omitFromCentral: true },
          { name: "model/inner.zip", data: torchZip() },
        ],
        { prefix: new TextEncoder().encode("#!/bin/sh\nexit 0\n"), junkAfter: { 0: new Uint8Array([1, 2, 3]) } },
      ),
    ),
    zipSeed("keras-v3", kerasZip({ config: k3Sequential([k3Dense("dense", 4)]) })),
  ];
}

/** `.npy` seeds: versions 1, 2 and 3, plain and object dtypes, Fortran order, structured dtypes. */
export function npySeeds(): Seed[] {
  const v2 = (seed: Uint8Array): Uint8Array => {
    // Re-encode a v1 file as v2 (u32 header length).
    const len = seed[8]! | (seed[9]! << 8);
    const head = new Uint8Array(12);
    head.set(seed.subarray(0, 6));
    head[6] = 2;
    new DataView(head.buffer).setUint32(8, len, true);
    return concat(head, seed.subarray(10));
  };
  const plain = npyFloat64([0.5, 1.5, -2]);
  const object = npyObject(objectArrayPickle(["a", "b"]), 2);
  const evil = npyObject(evilPickle(3));
  const fortran = npy("<f4", [2, 2], new Uint8Array(16)); // fortran_order is irrelevant to the scan
  let dict = "{'descr': [('a', '<i4'), ('b', '|O')], 'fortran_order': False, 'shape': (1,), }";
  dict += " ".repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + "\n";
  const structuredHead = new Uint8Array(10);
  structuredHead.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(structuredHead.buffer).setUint16(8, dict.length, true);
  const structured = concat(structuredHead, new TextEncoder().encode(dict));
  const s: [string, Uint8Array][] = [
    ["npy-f8", plain],
    ["npy-object", object],
    ["npy-evil", evil],
    ["npy-fortran", fortran],
    ["npy-v2-object", v2(object)],
    ["npy-structured-object", concat(structured, evilPickle(2))],
  ];
  return s.map(([name, bytes]) => ({
    name,
    bytes,
    fields: [
      { at: 6, width: 1 },
      { at: 8, width: bytes[6] === 1 ? 2 : 4 },
    ],
  }));
}
