import { describe, expect, it } from "vitest";

import { checkGlobalHeaps } from "../src/hdf5-heap.js";
import { buildH5 } from "./fixtures/h5.js";
import { scanH5 } from "./helpers.js";

/** A file with variable-length strings (they live in a global heap collection). */
async function vlenFile(): Promise<Uint8Array> {
  return buildH5({ attrs: { keras_version: "3.1.0", model_config: JSON.stringify({ class_name: "Sequential", config: { layers: [] } }) }, datasets: { names: { data: ["a", "b", "c"] } } });
}

function gcolAt(bytes: Uint8Array): number {
  for (let i = 0; i + 4 <= bytes.length; i++) if (bytes[i] === 0x47 && bytes[i + 1] === 0x43 && bytes[i + 2] === 0x4f && bytes[i + 3] === 0x4c) return i;
  throw new Error("no GCOL");
}

/** Object headers of the collection at `at` (size of lengths 8): [offset, index, size]. */
function objects(bytes: Uint8Array, at: number): [number, number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const end = at + Number(view.getBigUint64(at + 8, true));
  const out: [number, number, number][] = [];
  for (let p = at + 16; p + 16 <= end; ) {
    const index = view.getUint16(p, true);
    const size = Number(view.getBigUint64(p + 8, true));
    out.push([p, index, size]);
    if (index === 0) break;
    p += 16 + Math.ceil(size / 8) * 8;
  }
  return out;
}

describe("global heap pre-flight", () => {
  it("accepts the collections libhdf5 writes", async () => {
    const bytes = await vlenFile();
    expect(objects(bytes, gcolAt(bytes)).length).toBeGreaterThan(2);
    expect(checkGlobalHeaps(bytes)).toBeUndefined();
  });

  it("rejects an object size that desynchronises the walk (a libhdf5 hang) and the scan stays finite", async () => {
    const bytes = await vlenFile();
    const at = gcolAt(bytes);
    const [, second] = objects(bytes, at);
    if (!second) throw new Error("expected two objects");
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(second[0] + 8, second[2] + 12, true);
    expect(checkGlobalHeaps(bytes)).toMatch(/global heap at byte \d+/);
    const r = await scanH5(bytes);
    expect(r.incompletes[0]?.details).toMatch(/variable-length strings were not read/);
  });

  it("rejects a free-space record whose size does not reach the end", async () => {
    const bytes = await vlenFile();
    const at = gcolAt(bytes);
    const free = objects(bytes, at).find(([, index]) => index === 0);
    if (!free) throw new Error("expected free space");
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(free[0] + 8, 0, true);
    expect(checkGlobalHeaps(bytes)).toMatch(/free space of 0 bytes/);
  });

  it("ignores a chance 'GCOL' inside data that is not a collection header", () => {
    const bytes = new Uint8Array(10_000);
    bytes.set([0x47, 0x43, 0x4f, 0x4c, 9, 9, 9, 9], 5000);
    expect(checkGlobalHeaps(bytes)).toBeUndefined();
  });
});
