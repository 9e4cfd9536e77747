import { describe, expect, it } from "vitest";

import { isTar, readTar, sniff } from "../src/index.js";
import { writeTar } from "../src/testing/index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("readTar", () => {
  it("reads ustar members with their offsets, PAX paths and GNU long names, without copying", () => {
    const long = `deep/${"x".repeat(150)}/model.pkl`;
    const tar = writeTar([
      { name: "pickle", data: bytes("first") },
      { name: "short", data: bytes("second"), pax: "checkpoints/epoch-3/model.pkl" },
      { name: "cut-name", data: bytes("third"), longName: long },
    ]);
    expect(isTar(tar)).toBe(true);
    expect(sniff(tar.subarray(0, 512))).toBe("tar");
    const { entries, problems } = readTar(tar);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.name, e.type, new TextDecoder().decode(e.data)])).toEqual([
      ["pickle", "0", "first"],
      ["checkpoints/epoch-3/model.pkl", "0", "second"],
      [long, "0", "third"],
    ]);
    expect(entries[0]!.data.buffer).toBe(tar.buffer);
    expect(entries[0]!.dataOffset).toBe(512);
  });

  it("reports truncation and unreadable sizes instead of passing silently", () => {
    const tar = writeTar([{ name: "a", data: bytes("x".repeat(600)) }, { name: "b", data: bytes("y") }]);
    expect(readTar(tar.subarray(0, 700)).problems.join()).toMatch(/truncated/);
    expect(readTar(tar.subarray(0, 1500)).problems.join()).toMatch(/truncated/);
    const bad = tar.slice();
    bad.set(bytes("zzzzzzzzzzz"), 124);
    expect(readTar(bad).problems.join()).toMatch(/unreadable size/);
  });
});
