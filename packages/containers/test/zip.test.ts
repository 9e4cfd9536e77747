import { describe, expect, it } from "vitest";

import { ContainerError, DecodeBudget, readZip } from "../src/index.js";
import { crc32, writeZip } from "../src/testing/index.js";

const limits = { maxDecompressedBytes: 64 * 1024 * 1024, maxCompressionRatio: 200 };
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("readZip", () => {
  it("reads stored and deflated members of a well-formed archive", () => {
    const zip = writeZip([
      { name: "a.txt", data: "hello" },
      { name: "dir/b.bin", data: "x".repeat(5000), method: 8 },
    ]);
    const { entries, problems, quirks } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(quirks).toEqual([]);
    expect(entries.map((e) => [e.name, e.method, e.foundBy])).toEqual([
      ["a.txt", 0, "both"],
      ["dir/b.bin", 8, "both"],
    ]);
    expect(text(entries[0]!.data())).toBe("hello");
    expect(text(entries[1]!.data())).toBe("x".repeat(5000));
    expect(entries[1]!.uncompressedSize).toBe(5000);
    expect(text(entries[1]!.data({ maxBytes: 3 }))).toBe("xxx");
  });

  it("ignores a bad CRC (P6)", () => {
    const zip = writeZip([{ name: "archive/data.pkl", data: "payload", crc32: 0xdeadbeef }]);
    const { entries, problems } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(entries[0]!.crc32).toBe(0xdeadbeef);
    expect(text(entries[0]!.data())).toBe("payload");
  });

  it.each([0x1, 0x20, 0x40])("ignores general-purpose flag 0x%s (P4)", (flag) => {
    const zip = writeZip([{ name: "archive/data.pkl", data: "payload", flags: flag, method: 8 }]);
    const { entries, problems } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(entries[0]!.flags & flag).toBe(flag);
    expect(text(entries[0]!.data())).toBe("payload");
  });

  it("tolerates a local/central name mismatch and reports both names (P3)", () => {
    const zip = writeZip([{ name: "archive/data.pkl", data: "payload", centralName: "archive/other.txt" }]);
    const { entries, problems, quirks } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(entries[0]!.name).toBe("archive/data.pkl");
    expect(entries[0]!.centralName).toBe("archive/other.txt");
    expect(quirks.join("\n")).toContain("central directory");
  });

  it("finds a member that is absent from the central directory by walking local headers", () => {
    const zip = writeZip([
      { name: "archive/data.pkl", data: "visible" },
      { name: "hidden.pkl", data: "hidden", omitFromCentral: true },
    ]);
    const { entries } = readZip(zip, limits);
    expect(entries.map((e) => [e.name, e.foundBy])).toEqual([
      ["archive/data.pkl", "both"],
      ["hidden.pkl", "sequential"],
    ]);
  });

  it("reads data-descriptor members with and without a central directory", () => {
    const members = [
      { name: "a", data: "first member", dataDescriptor: true },
      { name: "b", data: "second member ".repeat(100), method: 8, dataDescriptor: true },
      { name: "c", data: "third" },
    ];
    for (const omitCentralDirectory of [false, true]) {
      const { entries, problems } = readZip(writeZip(members, { omitCentralDirectory }), limits);
      expect(problems).toEqual([]);
      expect(entries.map((e) => text(e.data()))).toEqual(["first member", "second member ".repeat(100), "third"]);
    }
  });

  it("reads zip64 size fields", () => {
    const zip = writeZip([{ name: "big.bin", data: "zip64 payload", zip64: true }]);
    const { entries, problems } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(entries[0]!.zip64).toBe(true);
    expect(entries[0]!.compressedSize).toBe(13);
    expect(text(entries[0]!.data())).toBe("zip64 payload");
  });

  it("handles junk before the archive (shifted offsets)", () => {
    const zip = writeZip([{ name: "archive/data.pkl", data: "pickle" }], {
      prefix: new TextEncoder().encode("#!/bin/sh\nexit 0\n"),
    });
    const { entries, problems, quirks } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(quirks.join("\n")).toContain("precede the archive");
    expect(entries.map((e) => [e.name, e.foundBy])).toEqual([["archive/data.pkl", "both"]]);
    expect(text(entries[0]!.data())).toBe("pickle");
  });

  it("reads PyTorch-style members aligned to 64 bytes", () => {
    const zip = writeZip([
      { name: "archive/data.pkl", data: "pickle", align: 64 },
      { name: "archive/data/0", data: new Uint8Array(100).fill(7), align: 64 },
    ]);
    const { entries, problems } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.dataOffset % 64)).toEqual([0, 0]);
    expect(entries[1]!.data()).toEqual(new Uint8Array(100).fill(7));
  });

  it("never aborts the archive on one corrupt member (M8)", () => {
    const zip = writeZip([
      { name: "bad.bin", data: "this is not deflate data", method: 8 },
      { name: "archive/data.pkl", data: "good" },
    ]);
    // Corrupt the deflate stream of the first member in place.
    const { entries: clean } = readZip(zip, limits);
    const bad = clean[0]!;
    zip.fill(0xff, bad.dataOffset, bad.dataOffset + bad.compressedSize);
    const { entries, problems } = readZip(zip, limits);
    expect(problems).toEqual([]);
    expect(() => entries[0]!.data()).toThrow(ContainerError);
    expect(text(entries[1]!.data())).toBe("good");
  });

  it("reports an unsupported compression method as a typed error", () => {
    const zip = writeZip([{ name: "x.bin", data: "raw", method: 12 }]);
    const { entries } = readZip(zip, limits);
    try {
      entries[0]!.data();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContainerError);
      expect((error as ContainerError).code).toBe("unsupported_method");
    }
  });

  it("stops a deflate bomb by ratio and by total budget", () => {
    const zeros = new Uint8Array(2 * 1024 * 1024);
    const zip = writeZip([{ name: "bomb", data: zeros, method: 8 }]);
    const { entries } = readZip(zip, limits);
    expect(() => entries[0]!.data()).toThrow(expect.objectContaining({ code: "ratio" }));
    // A prefix read of the same member is fine.
    expect(entries[0]!.data({ maxBytes: 16 }).length).toBe(16);
    const budget = new DecodeBudget({ maxDecompressedBytes: 1024 * 1024, maxCompressionRatio: 1e9 });
    const again = readZip(zip, limits, { budget });
    expect(() => again.entries[0]!.data()).toThrow(expect.objectContaining({ code: "bomb" }));
  });

  it("flags a truncated member and returns what is there", () => {
    const zip = writeZip([{ name: "archive/data.pkl", data: "0123456789" }], { omitCentralDirectory: true });
    const cut = zip.subarray(0, zip.length - 4);
    const { entries, problems } = readZip(cut, limits);
    expect(problems.join("\n")).toContain("past the end");
    expect(entries[0]!.truncated).toBe(true);
    expect(() => entries[0]!.data()).toThrow(expect.objectContaining({ code: "truncated" }));
    expect(text(entries[0]!.data({ maxBytes: 100 }))).toBe("012345");
  });

  it("reports garbage as a problem, not a crash", () => {
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(readZip(junk, limits).problems.length).toBeGreaterThan(0);
    expect(readZip(new Uint8Array(0), limits).problems.length).toBeGreaterThan(0);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
