/**
 * Walks a file the way the loaders read it and runs every pickle found through the VM:
 * content sniffing first, zip members one by one (never aborting on a bad one), .npy/.npz, joblib and
 * its compressed variants, legacy torch streams with all stacked pickles, nested archives and embedded
 * torch blobs. Everything that could not be analysed is reported through ctx.incomplete.
 */
import type { BinarySource, ReportDescriptor, ScanContext, Severity, SourceRange } from "@watchtower/types";
import type { CompressionKind, ZipEntry } from "@watchtower/containers";
import { ContainerError, DecodeBudget, decompress, looksLikePickle, readTar, readZip, sniff } from "@watchtower/containers";

import { joblibHook, legacyStorageEnd, parseNpyHeader } from "./formats.js";
import type { Verdict } from "./policy.js";
import { classify } from "./policy.js";
import { RULES } from "./rules.js";
import type { CallRecord, GlobalUse, RunResult, Value } from "./vm.js";
import { describe, runPickle, UNRESOLVED } from "./vm.js";

/** How sure we are that a buffer is meant to be unpickled. */
type Role =
  /** The loader unpickles it (a .pkl file, data.pkl, an object .npy): report everything, fail closed. */
  | "primary"
  /** Raw data that no loader unpickles (tensor storages): report only a cleanly parsed pickle. */
  | "speculative";

const PICKLE_NAME = /\.(?:pkl|pickle|pck|pcl|p|joblib|dill|sav|pt|pth|ckpt|bin|mar|data)$/i;
const STRONG_PICKLE_NAME = /\.(?:pkl|pickle|pck|pcl|joblib|dill|sav|pt|pth|ckpt)$/i;
/** Tensor storages inside a torch zip: read as raw bytes, never unpickled. */
const TORCH_STORAGE_MEMBER = /(?:^|\/)data\/[^/]+$/;
const MAX_SPECULATIVE_CANDIDATES = 20_000;
/** Findings per kind of VM event (malformed opcode, indirect call …) in one pickle; the rest are summarised. */
const MAX_EVENTS_PER_KIND = 25;
/** Members of PyTorch's legacy tar format that torch.load unpickles. */
const LEGACY_TORCH_TAR_MEMBERS = new Set(["pickle", "storages", "tensors"]);
/** Member names a loader would deserialise, besides pickle names (encrypted ones are incomplete). */
const MODEL_MEMBER_NAME = /\.(?:npy|npz|h5|hdf5|keras|pt|pth|bin|ckpt|joblib|safetensors|onnx|pb)$|(?:^|\/)(?:data|version|byteorder)$/i;
/** General-purpose flag bit 0 of a zip entry: the member is encrypted. */
const ZIP_FLAG_ENCRYPTED = 0x1;
/** Values of one pickle walked for embedded payloads (a state dict has a few thousand). */
const MAX_EMBEDDED_WALK = 200_000;
/** Base64 of a pickle header `\x80\x02`…`\x80\x05` starts "gA" then I-L, M-P, Q-T or U-X (protocol 2, 3, 4, 5). */
const BASE64_PICKLE = /^gA[I-X][A-Za-z0-9+/]{5,}={0,2}$/;
const HEX_PICKLE = /^800[2-5](?:[0-9a-f]{2}){2,}$/i;
/** Enough of an .npy member to parse its header (numpy caps headers well below this). */
const NPY_HEADER_MAX = 1024 * 1024 + 16;
/** Bytes of an unknown-format `.bin` searched for a pickle hidden behind junk. */
const UNKNOWN_BIN_SEARCH_BYTES = 1024 * 1024;

interface Where {
  /** Member label ("archive/data.pkl", "model.zip!archive/data.pkl", "pickle #2"). */
  member: string | undefined;
  depth: number;
}

export class PickleScanner {
  private readonly budget: DecodeBudget;
  private readonly reported = new Map<string, ReportDescriptor>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly ctx: ScanContext<object>,
    private readonly source: BinarySource,
  ) {
    this.budget = new DecodeBudget(ctx.settings.limits);
  }

  private get limits() {
    const l = this.ctx.settings.limits;
    return { maxOps: l.maxPickleOps, maxStack: l.maxPickleStack, maxItems: l.maxPickleStack * 4 };
  }

  async scan(): Promise<void> {
    const { bytes, format, path } = this.source;
    const where: Where = { member: undefined, depth: 0 };
    if (format === "unknown") {
      await this.scanUnknown(bytes, path, where);
    } else {
      await this.scanBuffer(bytes, where, "primary", format);
    }
    await this.settle();
    this.flush();
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  private async scanBuffer(bytes: Uint8Array, where: Where, role: Role, declared?: string): Promise<void> {
    // 512 bytes: a tar header's ustar magic is at byte 257.
    const kind = sniff(bytes.subarray(0, 512));
    const effective = kind === "unknown" && declared === "pickle" ? "pickle" : kind;
    switch (effective) {
      case "pickle":
        return this.scanPickleStream(bytes, where, role, false, 0, declared !== "pickle" && !strongPickleStart(bytes));
      case "zip":
        return this.scanZip(bytes, where);
      case "tar":
        return this.scanTar(bytes, where);
      case "numpy":
        return this.scanNpy(bytes, where);
      case "sevenzip":
        this.incomplete(
          "7z archive: 7z is not supported, so the files inside were not scanned (nullifAI used 7z-compressed PyTorch files, P5); extract it and scan the contents",
          where,
        );
        return;
      case "gzip":
      case "bzip2":
      case "xz":
      case "zlib":
      case "lzma":
        if (role === "speculative" && (effective === "zlib" || effective === "lzma")) return;
        return this.scanCompressed(effective, bytes, where, declared !== undefined && effective === declared);
      default:
        if (role === "primary" && declared === "pickle") this.scanPickleStream(bytes, where, role);
    }
  }

  /** Binary files of no known format: look for pickles only when the name says pickle. */
  private async scanUnknown(bytes: Uint8Array, path: string, where: Where): Promise<void> {
    if (!PICKLE_NAME.test(path)) return;
    const strong = STRONG_PICKLE_NAME.test(path);
    // `.bin` is also fastText, word2vec, CTranslate2 …: only its head is searched (junk then a pickle).
    const region = strong ? bytes : bytes.subarray(0, Math.min(bytes.length, UNKNOWN_BIN_SEARCH_BYTES));
    const found = this.speculativeSearch(region, 0, where, false, false, strong);
    if (!found && strong) {
      this.incomplete("file is named like a pickle-based model but no pickle, zip or array header was found in it", where);
    }
  }

  private async scanCompressed(kind: CompressionKind, bytes: Uint8Array, where: Where, declared: boolean): Promise<void> {
    if (where.depth >= this.ctx.settings.limits.maxNestingDepth) {
      this.incomplete(`nesting deeper than ${this.ctx.settings.limits.maxNestingDepth} levels`, where);
      return;
    }
    const label = this.child(where, `(${kind})`);
    let head: Uint8Array;
    try {
      // 512 bytes: enough to see a tar header's ustar magic (.tar.gz checkpoints).
      head = await decompress(kind, bytes, this.budget, { maxBytes: 512 });
    } catch (error) {
      // zlib/lzma are weak two-byte signatures: garbage there is simply not a compressed stream.
      if (kind === "zlib" || kind === "lzma") return;
      if (declared) this.incomplete(`${kind} stream cannot be decompressed: ${message(error)}`, where);
      return;
    }
    const inner = sniff(head);
    if (inner !== "pickle" && inner !== "zip" && inner !== "tar" && inner !== "numpy" && inner !== "sevenzip") return;
    let full: Uint8Array;
    try {
      full = await decompress(kind, bytes, this.budget, { what: `${kind} stream` });
    } catch (error) {
      const partial = error instanceof ContainerError ? error.partial : undefined;
      if (partial && partial.length > 0 && inner === "pickle") this.scanPickleStream(partial, label, "primary", true);
      this.incomplete(`${kind} stream: ${message(error)}`, where);
      return;
    }
    await this.scanBuffer(full, label, "primary");
  }

  // -------------------------------------------------------------------------------------------
  // Zip (PyTorch archives, .npz, any zip)

  private async scanZip(bytes: Uint8Array, where: Where): Promise<void> {
    if (where.depth >= this.ctx.settings.limits.maxNestingDepth) {
      this.incomplete(`zip nested deeper than ${this.ctx.settings.limits.maxNestingDepth} levels`, where);
      return;
    }
    const { entries, problems } = readZip(bytes, this.ctx.settings.limits, { budget: this.budget });
    for (const problem of problems) this.incomplete(`zip: ${problem}`, where);
    for (const entry of entries) {
      if (entry.name.endsWith("/") && entry.compressedSize === 0) continue;
      await this.scanMember(entry, where);
    }
  }

  /**
   * Tar archives: PyTorch's oldest torch.save format (members `pickle`, `storages`, `tensors`, all
   * unpickled by torch.load) and tarred checkpoints. Every regular member is read like a file.
   */
  private async scanTar(bytes: Uint8Array, where: Where): Promise<void> {
    if (where.depth >= this.ctx.settings.limits.maxNestingDepth) {
      this.incomplete(`tar nested deeper than ${this.ctx.settings.limits.maxNestingDepth} levels`, where);
      return;
    }
    const { entries, problems } = readTar(bytes);
    for (const problem of problems) this.incomplete(`tar: ${problem}`, where);
    for (const entry of entries) {
      if ((entry.type !== "0" && entry.type !== "7") || entry.size === 0) continue;
      const member = this.child(where, entry.name);
      // Legacy torch members are pickles by name; anything else is sniffed like a zip member.
      const declared = LEGACY_TORCH_TAR_MEMBERS.has(entry.name.slice(entry.name.lastIndexOf("/") + 1)) ? "pickle" : undefined;
      await this.scanBuffer(entry.data, member, "primary", declared);
    }
  }

  private async scanMember(entry: ZipEntry, parent: Where): Promise<void> {
    const where = this.child(parent, entry.name);
    let head: Uint8Array;
    try {
      head = entry.data({ maxBytes: 64 });
    } catch (error) {
      this.incomplete(`zip member ${entry.name} cannot be read: ${message(error)}`, parent);
      return;
    }
    const kind = sniff(head);
    if ((entry.flags & ZIP_FLAG_ENCRYPTED) !== 0 && kind === "unknown" && entry.uncompressedSize > 0) {
      // Truly encrypted (the bytes look like nothing): nobody can load it without the password. A
      // member a loader would deserialise must not pass as scanned (incomplete); any other (a
      // `test.txt`) is only noted. A plain member that only carries the flag is read as PyTorch reads
      // it (PyTorch ignores the bit; scanners built on Python's zipfile refuse the member and miss it).
      const what = `zip member ${entry.name} is encrypted (password-protected): its content could not be read or scanned`;
      if (PICKLE_NAME.test(entry.name) || TORCH_STORAGE_MEMBER.test(entry.name) || MODEL_MEMBER_NAME.test(entry.name)) this.incomplete(what, parent);
      else this.note(what);
      return;
    }
    const raw = TORCH_STORAGE_MEMBER.test(entry.name) && !PICKLE_NAME.test(entry.name);
    if (kind === "unknown" || kind === "hdf5" || ((kind === "zlib" || kind === "lzma") && raw)) {
      // Not a container we read. A member named like a pickle is still searched (junk before a pickle).
      if (!raw && STRONG_PICKLE_NAME.test(entry.name) && entry.uncompressedSize > 0) {
        const data = this.memberData(entry, parent);
        if (data && !this.speculativeSearch(data, 0, where)) {
          this.note(`zip member ${entry.name} is named like a pickle but holds no pickle`);
        }
      }
      return;
    }
    if (kind === "numpy") {
      // Plain arrays need only their header: never inflate a big compressed .npz array (ratio limits).
      let header: ReturnType<typeof parseNpyHeader>;
      try {
        header = parseNpyHeader(entry.data({ maxBytes: NPY_HEADER_MAX }));
      } catch (error) {
        this.incomplete(`zip member ${entry.name} cannot be read: ${message(error)}`, parent);
        return;
      }
      if (typeof header !== "string" && !header.hasObject) return;
    }
    const data = this.memberData(entry, parent, kind === "pickle");
    if (!data) return;
    // A member that only a protocol-0/1 heuristic calls a pickle ("cat\ndog\n" reads as GLOBAL cat.dog)
    // and that no loader would unpickle by name counts only when it parses completely.
    const guessed = kind === "pickle" && head[0] !== 0x80 && !PICKLE_NAME.test(entry.name);
    await this.scanBuffer(data, where, raw || guessed ? "speculative" : "primary");
  }

  private memberData(entry: ZipEntry, parent: Where, scanPartial = false): Uint8Array | undefined {
    try {
      return entry.data();
    } catch (error) {
      const partial = error instanceof ContainerError ? error.partial : undefined;
      if (scanPartial && partial && partial.length > 0) this.scanPickleStream(partial, this.child(parent, entry.name), "primary", true);
      this.incomplete(`zip member ${entry.name}: ${message(error)}`, parent);
      return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // NumPy .npy

  private scanNpy(bytes: Uint8Array, where: Where): void {
    const header = parseNpyHeader(bytes);
    if (typeof header === "string") {
      this.incomplete(`.npy: ${header}`, where);
      return;
    }
    // Plain dtypes are raw numbers: nothing to run. Object arrays are a pickle after the header.
    if (!header.hasObject) return;
    if (header.dataOffset >= bytes.length) {
      // np.save always pickles an object array, even an empty one: no bytes at all means a cut file.
      this.incomplete(".npy: object array with no pickle data after its header (truncated file)", where, header.dataOffset);
      return;
    }
    this.scanPickleStream(bytes, where, "primary", false, header.dataOffset);
  }

  // -------------------------------------------------------------------------------------------
  // Pickle streams: every stacked pickle, then what follows.

  private scanPickleStream(bytes: Uint8Array, where: Where, role: Role, knownPartial = false, start = 0, weak = false): void {
    const runs: RunResult[] = [];
    let pos = start;
    for (let index = 0; pos < bytes.length; index++) {
      const run = runPickle(bytes, pos, this.limits, joblibHook);
      const label = index === 0 ? where : this.child(where, `pickle #${index + 1}`, " ");
      if (role === "speculative" && (!run.stopped || run.globals.length === 0)) {
        // Raw data that happens to start like a pickle: only a clean pickle with imports counts.
        return;
      }
      if (index === 0 && weak && !run.stopped && run.globals.length === 0 && run.calls.length === 0) {
        // Sniffed only by a protocol-0/1 heuristic ("(draft)…", "]…") and not a pickle: nothing to report.
        return;
      }
      runs.push(run);
      this.analyse(run, bytes, label);
      if (!run.stopped) {
        if (index > 0 && run.ops <= 1 && !run.error?.limit) {
          // Not a pickle after all: trailing data handled below.
          runs.pop();
          break;
        }
        const e = run.error ?? { at: run.end, message: "ended without STOP", limit: false };
        const what = e.limit ? "limit reached" : knownPartial ? "data is truncated" : "parse error";
        const dangerous = this.hasDangerous(run);
        this.incomplete(
          `pickle ${what} at byte ${e.at}: ${e.message}${dangerous ? " (after dangerous opcodes, which a loader runs before failing, M12)" : ""}`,
          label,
          e.at,
        );
        return;
      }
      pos = run.end;
      if (pos >= bytes.length) return;
      if (!looksLikePickle(bytes.subarray(pos, pos + 64))) break;
    }
    if (pos >= bytes.length) return;
    // Legacy torch.save: storage data follows the key list. Skip it exactly when the layout allows.
    const storageEnd = legacyStorageEnd(runs, pos, bytes);
    const searchFrom = storageEnd ?? pos;
    if (searchFrom < bytes.length) this.speculativeSearch(bytes, searchFrom, where, true);
  }

  /**
   * Looks for complete pickles hidden in `bytes` from `from` on (F6: junk then a stacked pickle).
   * Candidates that do not parse cleanly are ignored. Returns true when one was found.
   */
  private speculativeSearch(bytes: Uint8Array, from: number, where: Where, afterPickle = false, quiet = false, capIsIncomplete = true): boolean {
    let candidates = 0;
    let found = false;
    const limits = { ...this.limits, maxOps: Math.min(this.limits.maxOps, 5_000_000) };
    // Candidate starts are PROTO (0x80) and GLOBAL ('c'); native indexOf finds them far faster than a byte loop.
    let nextProto = bytes.indexOf(0x80, from);
    let nextGlobal = bytes.indexOf(0x63, from);
    for (let at = from; at < bytes.length - 1 && candidates < MAX_SPECULATIVE_CANDIDATES; at++) {
      if (nextProto >= 0 && nextProto < at) nextProto = bytes.indexOf(0x80, at);
      if (nextGlobal >= 0 && nextGlobal < at) nextGlobal = bytes.indexOf(0x63, at);
      const jump = nextProto < 0 ? nextGlobal : nextGlobal < 0 ? nextProto : Math.min(nextProto, nextGlobal);
      if (jump < 0) break;
      at = jump;
      const b = bytes[at];
      const next = bytes[at + 1] ?? 0;
      const start = (b === 0x80 && next >= 2 && next <= 5) || (b === 0x63 && next >= 0x5f && next <= 0x7a);
      if (!start) continue;
      if (b === 0x63 && !looksLikePickle(bytes.subarray(at, at + 600))) continue;
      candidates++;
      const run = runPickle(bytes, at, limits, joblibHook);
      if (!run.stopped || (run.globals.length === 0 && run.calls.length === 0)) continue;
      found = true;
      const label = this.child(where, `hidden pickle at byte ${at}`, " ");
      if (!quiet && (afterPickle || at > from)) {
        this.report({
          ruleId: RULES.malformed.id,
          message: `A complete pickle is hidden at byte ${at}${afterPickle ? ", after the end of the previous pickle" : ", after junk bytes"}; loaders that call load() repeatedly run it, and most scanners never look (F6).`,
          at: this.at(where, at),
          identity: `hidden-pickle@${at}`,
          evidence: `pickle at byte ${at}`,
          severity: "high",
        });
      }
      this.analyse(run, bytes, label);
      at = run.end - 1;
    }
    if (candidates >= MAX_SPECULATIVE_CANDIDATES) {
      const details = `stopped looking for hidden pickles after ${MAX_SPECULATIVE_CANDIDATES} candidates`;
      if (capIsIncomplete) this.incomplete(details, where);
      else this.note(details);
    }
    return found;
  }

  // -------------------------------------------------------------------------------------------
  // Findings from one VM run

  private analyse(run: RunResult, bytes: Uint8Array, where: Where): void {
    for (const use of run.globals) {
      if (use.module === UNRESOLVED || use.name === UNRESOLVED) continue;
      if (isNoneTypeOnly(use, run.calls)) continue;
      this.reportGlobal(use.module, use.name, use, where, argumentsOf(use, run.calls));
    }
    for (const call of run.calls) this.followCall(call, bytes, where);
    if (run.finalValue) this.embeddedPickles(run.finalValue, where, run.start, 0);
    // A crafted stream can hold 100 000 bad opcodes: report the first few of each kind and one summary,
    // not one finding per byte offset (found by test/fuzz: 80 000 findings for a 300 KB file).
    const perKind = new Map<string, number>();
    const overflow = new Map<string, { count: number; first: RunResult["events"][number] }>();
    for (const event of run.events) {
      const seen = (perKind.get(event.kind) ?? 0) + 1;
      perKind.set(event.kind, seen);
      if (seen > MAX_EVENTS_PER_KIND) {
        const o = overflow.get(event.kind);
        if (o) o.count++;
        else overflow.set(event.kind, { count: 1, first: event });
        continue;
      }
      this.report(this.eventDescriptor(event, where));
      if (event.kind === "frame-violation" && !this.differentialSearched.has(`${where.member ?? ""}@${event.at}`)) {
        // A frame-aware reader resynchronises elsewhere: look for complete pickles hidden in what the
        // linear reading took as data (P18).
        this.differentialSearched.add(`${where.member ?? ""}@${event.at}`);
        this.speculativeSearch(bytes.subarray(0, Math.min(bytes.length, run.end + 1)), event.at + 1, where, false, true);
      }
    }
    for (const [kind, { count, first }] of overflow) {
      const d = this.eventDescriptor(first, where);
      this.report({
        ...d,
        message: `${count} more ${kind} events after the first ${MAX_EVENTS_PER_KIND} in this pickle, the next at byte ${first.at}: ${d.message}`,
        identity: `${kind}@more`,
        data: { ...d.data, moreEvents: count },
      });
    }
  }

  private eventDescriptor(event: RunResult["events"][number], where: Where): ReportDescriptor {
    return (
      event.kind === "unresolvable-global"
        ? {
            ruleId: RULES.unresolvableGlobal.id,
            message: `${event.message}. Loading this pickle imports something chosen at load time.`,
            at: this.at(where, event.at),
            identity: `unresolvable@${event.at}`,
            evidence: event.message.slice(0, 120),
          }
        : event.kind === "global-mutation"
          ? {
              ruleId: RULES.globalMutation.id,
              message: event.message,
              at: this.at(where, event.at),
              identity: `mutation@${event.at}`,
              evidence: event.message.slice(0, 120),
            }
          : event.kind === "indirect-call"
            ? {
                ruleId: RULES.indirectCall.id,
                message: `${event.message}: a call chain that real model files do not build.`,
                at: this.at(where, event.at),
                identity: `indirect-call@${event.at}`,
                evidence: event.message.slice(0, 120),
              }
            : {
                ruleId: RULES.malformed.id,
                message:
                  event.kind === "frame-violation"
                    ? `${event.message}; CPython's C unpickler and pickletools-based scanners read different opcodes here.`
                    : `Malformed pickle: ${event.message}.`,
                at: this.at(where, event.at),
                identity: `${event.kind}@${event.at}`,
                evidence: event.message.slice(0, 120),
                severity: event.kind === "frame-violation" ? "high" : "medium",
              }
    );
  }

  private readonly differentialSearched = new Set<string>();

  /**
   * Pickles carried as data inside the result (raw bytes, base64 or hex strings), as staged payloads
   * and "nested pickle" samples do. Loading the outer file does not run them, but whatever unpickles
   * the field does: dangerous imports inside are high, unknown ones medium, safe ones nothing.
   */
  private embeddedPickles(root: Value, where: Where, at: number, depth: number): void {
    for (const payload of embeddedPayloads(root)) {
      if (depth >= this.ctx.settings.limits.maxNestingDepth) {
        this.incomplete("pickles embedded in pickles nested too deeply", where, at);
        return;
      }
      const run = runPickle(payload.data, 0, this.limits);
      // Bytes that merely start like a pickle are data; only a complete one is a payload.
      if (!run.stopped) continue;
      const verdicts: { g: string; verdict: Exclude<Verdict, { kind: "safe" }> }[] = [];
      for (const use of run.globals) {
        const unresolved = use.module === UNRESOLVED || use.name === UNRESOLVED;
        const verdict: Verdict = unresolved
          ? { kind: "dangerous", severity: "critical", reason: "an import computed at load time" }
          : classify(use.module, use.name, { called: use.called });
        if (verdict.kind !== "safe") verdicts.push({ g: unresolved ? "(computed import)" : `${use.module}.${use.name}`, verdict });
      }
      if (verdicts.length > 0) {
        const dangerous = verdicts.filter((v) => v.verdict.kind === "dangerous");
        const names = [...new Set((dangerous.length > 0 ? dangerous : verdicts).map((v) => v.g))].slice(0, 5);
        this.report({
          ruleId: RULES.embeddedPickle.id,
          message: `A ${payload.encoding === "bytes" ? "bytes" : `${payload.encoding}-encoded`} field holds a pickle that imports ${names.join(", ")} when it is unpickled${dangerous.length > 0 ? ` (${dangerous[0]!.verdict.reason})` : ""}; loading this file does not run it, the code that unpickles the field does.`,
          at: this.at(where, at),
          identity: `embedded:${payload.encoding}:${names.join(",")}`,
          evidence: names.join(", "),
          severity: dangerous.length > 0 ? "high" : this.ctx.settings.strictModels ? "high" : "medium",
          data: { encoding: payload.encoding, globals: names, depth: depth + 1 },
        });
      }
      if (run.finalValue) this.embeddedPickles(run.finalValue, where, at, depth + 1);
    }
  }

  /** Calls whose arguments decide what is imported or loaded. */
  private followCall(call: CallRecord, bytes: Uint8Array, where: Where): void {
    if (call.fn.t !== "global") return;
    const fn = `${call.fn.use.module}.${call.fn.use.name}`;
    const args = call.args.t === "tuple" ? call.args.items : [];
    if (fn === "numpy.core._ufunc_reconstruct" || fn === "numpy._core._ufunc_reconstruct") {
      const [m, n] = args;
      if (m?.t === "str" && n?.t === "str") {
        this.reportGlobal(m.v, n.v, { module: m.v, name: n.v, at: call.at, opcode: `${call.opcode} ${fn}`, called: false }, where);
      } else {
        this.report({
          ruleId: RULES.unresolvableGlobal.id,
          message: `${fn} is an import trampoline and its (module, name) arguments are not plain strings.`,
          at: this.at(where, call.at),
          identity: `unresolvable@${call.at}`,
          evidence: fn,
        });
      }
      return;
    }
    if (fn === "torch.storage._load_from_bytes") {
      const blob = args[0];
      if (blob?.t === "bytes") {
        if (where.depth >= this.ctx.settings.limits.maxNestingDepth) {
          this.incomplete("torch.storage._load_from_bytes nested too deeply", where, call.at);
          return;
        }
        // The loader runs torch.load on these bytes: scan them like a file.
        void this.pending.push(this.scanBuffer(blob.data, this.child(where, `_load_from_bytes@${call.at}`, " "), "primary"));
      } else {
        this.report({
          ruleId: RULES.dangerousGlobal.id,
          message: `torch.storage._load_from_bytes runs torch.load on ${describe(blob)}, which is not literal bytes this scanner can check (P15).`,
          at: this.at(where, call.at),
          identity: fn,
          evidence: fn,
          severity: "critical",
        });
      }
    }
  }

  /** Nested scans started from inside a VM run (awaited before the findings are flushed). */
  readonly pending: Promise<void>[] = [];

  private reportGlobal(module: string, name: string, use: GlobalUse, where: Where, args?: string): void {
    const verdict = classify(module, name, { called: use.called });
    if (verdict.kind === "safe") return;
    const g = `${module}.${name}`;
    const role = use.called ? `calls ${g}${args ? `(${args})` : ""}` : `imports ${g}`;
    const descriptor = this.globalDescriptor(verdict, g, role, use, where);
    this.report(descriptor);
  }

  private globalDescriptor(verdict: Exclude<Verdict, { kind: "safe" }>, g: string, role: string, use: GlobalUse, where: Where): ReportDescriptor {
    const data = { module: use.module, name: use.name, opcode: use.opcode, called: use.called, reason: verdict.reason };
    if (verdict.kind === "dangerous") {
      return {
        ruleId: RULES.dangerousGlobal.id,
        message: `Loading this pickle ${role} (${verdict.reason}). Model files have no reason to do this; treat the file as malicious.`,
        at: this.at(where, use.at),
        evidence: g,
        identity: g,
        severity: verdict.severity,
        data,
      };
    }
    const severity: Severity = this.ctx.settings.strictModels ? "high" : "medium";
    return {
      ruleId: RULES.unknownGlobal.id,
      message: `Loading this pickle ${role}, which is not on the allowlist of known model globals (${verdict.reason}); the module is imported and its code may run.`,
      at: this.at(where, use.at),
      evidence: g,
      identity: g,
      severity,
      data,
    };
  }

  private hasDangerous(run: RunResult): boolean {
    if (run.events.some((e) => e.kind === "unresolvable-global" || e.kind === "global-mutation")) return true;
    return run.globals.some((g) => classify(g.module, g.name, { called: g.called }).kind === "dangerous");
  }

  // -------------------------------------------------------------------------------------------
  // Output

  private child(where: Where, name: string, sep = "!"): Where {
    return { member: where.member === undefined ? name : `${where.member}${sep}${name}`, depth: where.depth + 1 };
  }

  private at(where: Where, byteOffset: number): SourceRange {
    return { kind: "binary", byteOffset, ...(where.member === undefined ? {} : { member: where.member }) };
  }

  private report(d: ReportDescriptor): void {
    const member = d.at.kind === "binary" ? (d.at.member ?? "") : "";
    const key = `${d.ruleId}\u0000${d.identity ?? d.evidence ?? d.message}\u0000${member}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.reported.has(key)) this.reported.set(key, d);
  }

  private incomplete(details: string, where: Where, byteOffset?: number): void {
    const at: SourceRange = {
      kind: "binary",
      ...(byteOffset === undefined ? {} : { byteOffset }),
      ...(where.member === undefined ? {} : { member: where.member }),
    };
    this.ctx.incomplete(details, at);
  }

  private note(message: string): void {
    this.ctx.note(message);
  }

  async settle(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      await Promise.all(batch);
    }
  }

  flush(): void {
    for (const [key, d] of this.reported) {
      const n = this.counts.get(key) ?? 1;
      this.ctx.report(n > 1 ? { ...d, data: { ...d.data, occurrences: n } } : d);
    }
    this.reported.clear();
  }
}

/** The literal arguments of the first call of `use`, for the message ("'touch /tmp/x'"). */
/** Pickle payloads held as data in `root`: bytes values and base64/hex strings that decode to a pickle header. */
function embeddedPayloads(root: Value): { data: Uint8Array; encoding: "bytes" | "base64" | "hex" }[] {
  const found: { data: Uint8Array; encoding: "bytes" | "base64" | "hex" }[] = [];
  const stack: Value[] = [root];
  // Memo references make the value a graph (a list holding itself, or the same list twice at every
  // level: 2^n paths); each value is visited once and at most MAX_EMBEDDED_WALK are ever queued
  // (found by test/fuzz: a 170-million-element stack crashed V8).
  const seen = new Set<Value>([root]);
  const queue = (v: Value): void => {
    if (seen.size < MAX_EMBEDDED_WALK && !seen.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  while (stack.length > 0) {
    const v = stack.pop()!;
    switch (v.t) {
      case "bytes":
        if (v.data.length >= 4 && v.data[0] === 0x80 && v.data[1]! >= 2 && v.data[1]! <= 5) found.push({ data: v.data, encoding: "bytes" });
        break;
      case "str":
        if (v.v.length >= 8 && v.v.length <= 64 * 1024 * 1024) {
          if (BASE64_PICKLE.test(v.v)) found.push({ data: new Uint8Array(Buffer.from(v.v, "base64")), encoding: "base64" });
          else if (HEX_PICKLE.test(v.v)) found.push({ data: new Uint8Array(Buffer.from(v.v, "hex")), encoding: "hex" });
        }
        break;
      case "list":
      case "tuple":
      case "dict":
      case "set":
        for (const item of v.items) queue(item);
        break;
      case "call":
        // torch.storage._load_from_bytes arguments are scanned as a loaded file by followCall.
        if (v.call.fn.t === "global" && v.call.fn.use.module === "torch.storage" && v.call.fn.use.name === "_load_from_bytes") break;
        queue(v.call.args);
        if (v.call.kwargs) queue(v.call.kwargs);
        if (v.call.state) queue(v.call.state);
        break;
      default:
        break;
    }
  }
  return found;
}

function argumentsOf(use: GlobalUse, calls: readonly CallRecord[]): string | undefined {
  const call = calls.find((c) => c.fn.t === "global" && c.fn.use === use);
  if (!call || call.args.t !== "tuple") return undefined;
  const parts = call.args.items.slice(0, 4).map((v) => (v.t === "str" ? JSON.stringify(v.v.slice(0, 80)) : v.t === "int" ? String(v.v) : "…"));
  return parts.join(", ");
}

/** `type(None)` is how pickle writes NoneType; any other use of builtins.type is classified normally. */
function isNoneTypeOnly(use: GlobalUse, calls: readonly CallRecord[]): boolean {
  if (use.name !== "type" || (use.module !== "builtins" && use.module !== "__builtin__")) return false;
  const mine = calls.filter((c) => c.fn.t === "global" && c.fn.use === use);
  return mine.length > 0 && mine.every((c) => c.args.t === "tuple" && c.args.items.length === 1 && c.args.items[0]?.t === "none");
}

/** PROTO with a known version, or a GLOBAL/INST opcode with a module line: not a heuristic guess. */
function strongPickleStart(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === 0x80) return (bytes[1] ?? 0xff) <= 5;
  if (first === 0x63 || first === 0x69) return looksLikePickle(bytes.subarray(0, 600));
  return false;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { Value };
