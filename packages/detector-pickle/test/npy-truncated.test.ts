// Found by the repository fuzz suite (test/fuzz/npy.test.ts): an object-dtype .npy cut right after
// its header was passed silently. np.save always writes a pickle for an object array.
import { describe, expect, it } from "vitest";

import { npyFloat64, npyObject, objectArrayPickle } from "./builders/models.js";
import { scan } from "./helpers.js";

describe(".npy cut at the end of its header", () => {
  it("an object array with no pickle bytes is incomplete", async () => {
    const full = npyObject(objectArrayPickle(["a", "b"]), 2);
    const headerEnd = 10 + (full[8]! | (full[9]! << 8));
    const r = await scan(full.subarray(0, headerEnd), { path: "array.npy" });
    expect(r.incompletes.map((i) => i.details)).toEqual([".npy: object array with no pickle data after its header (truncated file)"]);
    expect((await scan(full, { path: "array.npy" })).incompletes).toEqual([]);
  });

  it("a plain array with an empty body is raw numbers, not incomplete", async () => {
    const plain = npyFloat64([]);
    const r = await scan(plain, { path: "array.npy" });
    expect(r.incompletes).toEqual([]);
    expect(r.reports).toEqual([]);
  });
});
