// Pickles carried as data inside a pickle (modelaudit's "nested pickle" samples, staged payloads):
// raw bytes, base64 and hex strings, and a payload inside a payload. Loading the outer file runs
// nothing, so dangerous imports inside are high (not critical); safe payloads and look-alike data pass.
import { describe, expect, it } from "vitest";

import { callPickle, framed, P } from "./builders/pickle.js";
import { scan, summary } from "./helpers.js";

const payload = callPickle("os", "system", "id");
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
/** A protocol-4 dict {"name": "resnet", key: value} written the way CPython does. */
const config = (key: string, value: (p: P) => P): Uint8Array => framed(value(new P().emptyDict().mark().str("name").str("resnet").str(key)).setitems());

describe("pickle/embedded-pickle", () => {
  it("finds a pickle in a bytes field, a base64 string and a hex string", async () => {
    for (const [field, value] of [
      ["raw", (p: P) => p.bytes(payload)],
      ["b64", (p: P) => p.str(b64(new Uint8Array([0x80, 0x04, ...payload.slice(2)])))],
      ["hex", (p: P) => p.str(hex(payload))],
    ] as const) {
      const rec = await scan(config(field, value));
      expect(summary(rec, "medium")).toEqual(["pickle/embedded-pickle high os.system"]);
    }
  });

  it("follows a payload inside a payload", async () => {
    const stage2 = framed(new P().emptyDict().str("next").bytes(payload).setitem());
    const rec = await scan(config("stage1", (p) => p.str(b64(stage2))));
    expect(summary(rec, "medium")).toEqual(["pickle/embedded-pickle high os.system"]);
  });

  it("reports an embedded pickle with an unknown import as medium", async () => {
    const rec = await scan(config("blob", (p) => p.bytes(callPickle("mylib.layers", "Custom"))));
    expect(summary(rec, "medium")).toEqual(["pickle/embedded-pickle medium mylib.layers.Custom"]);
  });

  it("passes safe embedded pickles and data that only looks like one", async () => {
    const safe = framed(new P().emptyList().mark().int(1).int(2).appends());
    for (const value of [
      (p: P) => p.bytes(safe),
      (p: P) => p.str(b64(safe)),
      // Starts like a pickle but never reaches STOP: raw array data, not a payload.
      (p: P) => p.bytes(new Uint8Array([0x80, 0x04, 0x95, 1, 2, 3, 4, 5, 6])),
      (p: P) => p.str("gASVbm90IGEgcGlja2xl"),
      (p: P) => p.str("8004deadbeef"),
    ]) {
      const rec = await scan(config("blob", value));
      expect(summary(rec, "medium")).toEqual([]);
    }
  });
});

describe("pickle/embedded-pickle on hostile shapes", () => {
  it("a value graph with 2^40 paths (the same list twice at every level) is walked in bounded time", async () => {
    // [x, x] nested 40 times through the memo: DUP + TUPLE2 repeated.
    const p = new P().proto(2).bytes(callPickle("os", "system", "id"));
    for (let i = 0; i < 40; i++) p.dup().raw([0x86]);
    const started = performance.now();
    const rec = await scan(p.stop().toBytes());
    expect(performance.now() - started).toBeLessThan(5000);
    expect(summary(rec, "medium")).toContain("pickle/embedded-pickle high os.system");
  });
});
