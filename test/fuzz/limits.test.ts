// Every limit of DEFAULT_LIMITS (packages/types) where it applies: lowered through settings.limits,
// hitting it must be reported (an incomplete, or a note for text truncation), never a silent pass.
import { readZip } from "@watchtower/containers";
import { deflateSync, gzipSync, writeZip } from "@watchtower/containers/testing";
import { detector as kerasDetector } from "@watchtower/detector-keras";
import { detector as pickleDetector } from "@watchtower/detector-pickle";
import { detector as piiDetector } from "@watchtower/detector-pii";
import { detector as secretsDetector } from "@watchtower/detector-secrets";
import { notebookSource, runDetector, textSource } from "@watchtower/tester";
import type { Detector, Limits } from "@watchtower/types";
import { DEFAULT_LIMITS } from "@watchtower/types";
import { afterAll, describe, expect, it } from "vitest";

import { FAKE } from "../helpers/fakes.js";
import { cleanupTemp, runBin, tempDir, write } from "../helpers/repo.js";
import { buildH5 } from "../../packages/detector-keras/test/fixtures/h5.js";
import { k2Dense, k2Sequential } from "../../packages/detector-keras/test/fixtures/keras.js";
import { evilPickle, P, torchZip } from "./seeds/pickles.js";
import { scanBinary, scanFiles, settingsWith, silent } from "./seeds/run.js";

afterAll(cleanupTemp);

const pickle = pickleDetector as Detector<object>;
const keras = kerasDetector as Detector<object>;
const secrets = secretsDetector as Detector<object>;
const pii = piiDetector as Detector<object>;

function details(r: { incompletes: { details: string }[] }): string {
  return r.incompletes.map((i) => i.details).join("\n");
}

/** A benign pickle: a list of `n` small ints (n opcodes, n stack entries inside one MARK). */
function listPickle(n: number): Uint8Array {
  const p = P.proto(2).emptyList().mark();
  for (let i = 0; i < n; i++) p.int(i % 200);
  return p.appends().stop().toBytes();
}

describe("limits: each one is honoured where it applies", () => {
  it("every limit has a test below (keep this list in step with packages/types Limits)", () => {
    expect(Object.keys(DEFAULT_LIMITS).sort()).toEqual(
      [
        "maxCompressionRatio",
        "maxDecompressedBytes",
        "maxFileBytes",
        "maxFileSeconds",
        "maxLineChars",
        "maxNestingDepth",
        "maxOutputChars",
        "maxPickleOps",
        "maxPickleStack",
      ].sort(),
    );
  });

  it("maxFileBytes: a model over the limit is a blocking models/incomplete finding; a text file is logged", async () => {
    const limits: Partial<Limits> = { maxFileBytes: 1000 };
    const big = listPickle(2000);
    const model = await scanFiles([{ path: "models/model.pkl", bytes: big }], limits);
    expect(model.skipped.map((s) => s.reason)).toEqual(["too_large"]);
    expect(model.findings.map((f) => f.ruleId)).toEqual(["models/incomplete"]);
    const text = await scanFiles([{ path: "notes.txt", bytes: new TextEncoder().encode("x".repeat(2000)) }], limits);
    expect(text.skipped.map((s) => s.reason)).toEqual(["too_large"]);
    expect(text.incomplete.map((i) => i.path)).toEqual(["notes.txt"]);
    // Under the limit: scanned normally.
    const ok = await scanFiles([{ path: "models/model.pkl", bytes: listPickle(10) }], limits);
    expect(ok.findings).toEqual([]);
    expect(ok.incomplete).toEqual([]);
  });

  it("maxDecompressedBytes: a zip member or gzip stream inflating past the budget is incomplete", async () => {
    const data = listPickle(200_000); // ~400 KB pickle
    const zip = torchZip({ dataPkl: data, dataPklEntry: { method: 8 } });
    const limits = { maxDecompressedBytes: 64 * 1024 };
    expect(details(await scanBinary(pickle, "model.pt", zip, "zip", limits))).toMatch(/exceeds the limit of 65536 bytes/);
    expect(details(await scanBinary(pickle, "model.joblib.gz", gzipSync(data), "gzip", limits))).toMatch(/exceeds the limit of 65536 bytes/);
    // The default budget reads both completely.
    expect((await scanBinary(pickle, "model.pt", zip, "zip")).incompletes).toEqual([]);
    expect((await scanBinary(pickle, "model.joblib.gz", gzipSync(data), "gzip")).incompletes).toEqual([]);
  });

  it("maxCompressionRatio: a zip bomb member is incomplete, with the ratio in the message", async () => {
    // 8 MB of a pickle's zero bytes: a BINBYTES payload, deflated about 1000:1.
    const bomb = P.proto(3).binbytes(new Uint8Array(8 * 1024 * 1024)).stop().toBytes();
    const zip = writeZip([{ name: "archive/data.pkl", data: bomb, method: 8 }]);
    expect(deflateSync(bomb).length).toBeLessThan(bomb.length / 500);
    const r = await scanBinary(pickle, "model.pt", zip, "zip", { maxCompressionRatio: 10 });
    expect(details(r)).toMatch(/compression ratio above 10:1/);
    expect(readZip(zip, { ...DEFAULT_LIMITS, maxCompressionRatio: 10 }).entries[0]!.data.bind(undefined)).toThrow(/ratio/);
  });

  it("maxPickleOps: a pickle longer than the opcode budget is incomplete (pickle and Keras detectors)", async () => {
    const r = await scanBinary(pickle, "model.pkl", listPickle(1000), "pickle", { maxPickleOps: 100 });
    expect(details(r)).toMatch(/limit reached.*more than 100 opcodes/);
    expect((await scanBinary(pickle, "model.pkl", listPickle(1000), "pickle")).incompletes).toEqual([]);
    const h5 = await buildH5({ attrs: { payload: { fixed: listPickle(1000) } } });
    const k = await scanBinary(keras, "model.h5", h5, "hdf5", { maxPickleOps: 100 });
    expect(details(k)).toMatch(/exceeds the opcode limit/);
  });

  it("maxPickleStack: a stack, memo or MARK nest over the limit is incomplete", async () => {
    const limits = { maxPickleStack: 100 };
    expect(details(await scanBinary(pickle, "model.pkl", listPickle(1000), "pickle", limits))).toMatch(/stack over 100 entries/);
    const memo = P.proto(4).none();
    for (let i = 0; i < 1000; i++) memo.memoize();
    expect(details(await scanBinary(pickle, "model.pkl", memo.stop().toBytes(), "pickle", limits))).toMatch(/memo over 100 entries/);
    const marks = P.proto(2);
    for (let i = 0; i < 1000; i++) marks.mark();
    expect(details(await scanBinary(pickle, "model.pkl", marks.stop().toBytes(), "pickle", limits))).toMatch(/more than 100 nested MARKs/);
  });

  it("maxNestingDepth: zips nested past the limit and Keras configs deeper than it are incomplete", async () => {
    let nested = torchZip({ dataPkl: evilPickle(2) });
    for (let i = 0; i < 5; i++) nested = writeZip([{ name: `level${i}.zip`, data: nested }]);
    const shallow = await scanBinary(pickle, "model.zip", nested, "zip", { maxNestingDepth: 3 });
    expect(details(shallow)).toMatch(/nested deeper than 3 levels/);
    const deep = await scanBinary(pickle, "model.zip", nested, "zip");
    expect(deep.incompletes).toEqual([]);
    expect(deep.reports.map((d) => d.ruleId)).toContain("pickle/dangerous-global");

    let config: unknown = k2Dense("d", 1);
    for (let i = 0; i < 20; i++) config = { class_name: "Wrapper", config: { layer: config } };
    const h5 = await buildH5({ attrs: { model_config: { fixed: JSON.stringify(k2Sequential([config as ReturnType<typeof k2Dense>])) } } });
    expect(silent(await scanBinary(keras, "model.h5", h5, "hdf5", { maxNestingDepth: 8 }))).toBe(false);
    expect(details(await scanBinary(keras, "model.h5", h5, "hdf5", { maxNestingDepth: 8 }))).toMatch(/deeper|depth|nest/i);
  });

  it("maxOutputChars: secrets and PII say an output was truncated; what is past the cap is not claimed as scanned", async () => {
    const settings = settingsWith({ maxOutputChars: 1000 });
    const output = `${"x".repeat(5000)}\naws_access_key_id=${FAKE.awsKeyId}\ncontact: maria.garcia@example.com\n`;
    const nb = notebookSource("nb/long.ipynb", [{ source: "print(log)", outputs: [output] }]);
    const s = await runDetector(secrets, nb, { settings });
    expect(s.notes.join("\n")).toMatch(/maxOutputChars/);
    expect(s.reports.filter((d) => d.ruleId === "secrets/aws-access-key-id")).toEqual([]);
    const p = await runDetector(pii, nb, { settings });
    expect(p.notes.join("\n")).toMatch(/maxOutputChars/);
    // Default limits: both found, no truncation note.
    const full = await runDetector(secrets, nb);
    expect(full.reports.map((d) => d.ruleId)).toContain("secrets/aws-access-key-id");
    expect(full.notes.join("\n")).not.toMatch(/maxOutputChars/);
  });

  it("maxFileSeconds: a file still in a native parser after the limit is a blocking timeout (the thread is stopped)", async () => {
    // The watchdog runs in the CLI (a worker thread it can terminate), so this goes through the bin;
    // packages/cli/test/isolate.test.ts proves the thread is stopped even while it spins in wasm.
    const dir = tempDir();
    write(dir, "models/model.h5", await buildH5({ attrs: { model_config: { fixed: JSON.stringify(k2Sequential([k2Dense("dense", 2)])) } } }));
    write(dir, ".watchtower.json", JSON.stringify({ limits: { maxFileSeconds: 0.001 } }));
    const r = runBin(dir, ["--all", ".", "--format", "json"]);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string }[]; scanLog: { errors: { code: string }[] } };
    expect(report.findings.map((f) => f.ruleId)).toEqual(["models/incomplete"]);
    expect(report.scanLog.errors.map((e) => e.code)).toEqual(["timeout"]);
    expect(r.code).toBe(1);
  });

  it("maxLineChars: secrets note the long line and scan only its head", async () => {
    const settings = settingsWith({ maxLineChars: 200 });
    // A different key on the long line: the same value would be found again as an echo of line 2.
    const other = `${FAKE.awsKeyId.slice(0, -4)}WXYZ`;
    const text = `${"a".repeat(1000)} aws_access_key_id=${other}\naws_access_key_id=${FAKE.awsKeyId}\n`;
    const r = await runDetector(secrets, textSource("config/settings.ini", text), { settings });
    expect(r.notes.join("\n")).toMatch(/longer than 200 characters.*maxLineChars/);
    // The key on the short second line is still found.
    expect(r.reports.filter((d) => d.ruleId === "secrets/aws-access-key-id").map((d) => (d.at.kind === "text" ? d.at.offset : -1))).toEqual([
      text.indexOf("\n") + "aws_access_key_id=".length + 1,
    ]);
  });
});
