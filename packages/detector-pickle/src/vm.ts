/**
 * A symbolic pickle VM (protocols 0-5). It executes every opcode the way CPython's unpickler does,
 * but with symbolic values: GLOBAL/STACK_GLOBAL/INST push a *reference* to `module.name` (nothing is
 * imported), REDUCE/OBJ/NEWOBJ/NEWOBJ_EX/INST push a *call* record (nothing is called). Because stack,
 * memo (PUT, MEMOIZE, GET), marks and frames are real, what a global resolves to never depends on
 * opcode look-behind heuristics (closing P9-P11, M2-M6, F3 by construction).
 *
 * The VM records facts; policy.ts and scan.ts decide what they mean.
 */

export interface Limits {
  maxOps: number;
  /** Stack, memo and metastack (MARK) entries. */
  maxStack: number;
  /** Total container items held (lists, dicts, sets, tuples). */
  maxItems: number;
}

export type Value =
  | { t: "str"; v: string }
  | { t: "bytes"; data: Uint8Array }
  | { t: "int"; v: number }
  | { t: "float" }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "global"; use: GlobalUse }
  | { t: "call"; call: CallRecord }
  | { t: "list"; items: Value[] }
  | { t: "tuple"; items: Value[] }
  | { t: "dict"; items: Value[] }
  | { t: "set"; items: Value[] }
  | { t: "pers"; pid: Value }
  | { t: "ext"; code: number }
  | { t: "buffer" }
  | { t: "opaque"; why: string };

/** One import of `module.name`. */
export interface GlobalUse {
  module: string;
  name: string;
  /** Byte offset of the opcode that imported it (in the scanned buffer). */
  at: number;
  opcode: string;
  called: boolean;
}

export interface CallRecord {
  fn: Value;
  args: Value;
  kwargs?: Value;
  at: number;
  opcode: string;
  state?: Value;
}

export type EventKind =
  /** STACK_GLOBAL with an operand that is not a plain str (M6, P10) or an EXT code. */
  | "unresolvable-global"
  /** BUILD/SETITEM/APPEND/ADDITEMS applied to a global object (M2). */
  | "global-mutation"
  /** REDUCE/OBJ/NEWOBJ on something that is not a global (a call result, a string …). */
  | "indirect-call"
  /** Frame violations and other parser differentials (P18). */
  | "frame-violation"
  /** Structural problems that a loader would also fail on (missing memo key, stack underflow …). */
  | "malformed";

export interface VmEvent {
  kind: EventKind;
  at: number;
  message: string;
}

export interface RunResult {
  start: number;
  /** Offset just after STOP, or where decoding stopped. */
  end: number;
  stopped: boolean;
  protocol: number;
  globals: GlobalUse[];
  calls: CallRecord[];
  events: VmEvent[];
  /** Why decoding stopped before STOP (parse error, limit). */
  error?: { at: number; message: string; limit: boolean };
  /** Persistent ids seen (torch storages). */
  persistentIds: Value[];
  /** The value the pickle returns (top of the stack at STOP). */
  finalValue?: Value;
  ops: number;
}

/**
 * Raw data a loader reads from the stream in the middle of a pickle (joblib writes array bytes right
 * after the NumpyArrayWrapper BUILD). Return how many bytes to skip at `offset`, a nested pickle to
 * parse there, or nothing.
 */
export type BuildHook = (
  target: Value,
  state: Value,
  offset: number,
  bytes: Uint8Array,
) => { skip: number } | { nestedPickle: true } | { fail: string } | undefined;

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Module/name placeholder for a STACK_GLOBAL operand that is not a plain str. */
export const UNRESOLVED = "<unresolved>";

class PickleError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly limit = false,
  ) {
    super(message);
  }
}

const NAMES: Record<number, string> = {
  0x28: "MARK", 0x2e: "STOP", 0x30: "POP", 0x31: "POP_MARK", 0x32: "DUP", 0x46: "FLOAT", 0x49: "INT", 0x4a: "BININT",
  0x4b: "BININT1", 0x4c: "LONG", 0x4d: "BININT2", 0x4e: "NONE", 0x50: "PERSID", 0x51: "BINPERSID", 0x52: "REDUCE",
  0x53: "STRING", 0x54: "BINSTRING", 0x55: "SHORT_BINSTRING", 0x56: "UNICODE", 0x58: "BINUNICODE", 0x61: "APPEND",
  0x62: "BUILD", 0x63: "GLOBAL", 0x64: "DICT", 0x7d: "EMPTY_DICT", 0x65: "APPENDS", 0x67: "GET", 0x68: "BINGET",
  0x69: "INST", 0x6a: "LONG_BINGET", 0x6c: "LIST", 0x5d: "EMPTY_LIST", 0x6f: "OBJ", 0x70: "PUT", 0x71: "BINPUT",
  0x72: "LONG_BINPUT", 0x73: "SETITEM", 0x74: "TUPLE", 0x29: "EMPTY_TUPLE", 0x75: "SETITEMS", 0x47: "BINFLOAT",
  0x80: "PROTO", 0x81: "NEWOBJ", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 0x85: "TUPLE1", 0x86: "TUPLE2",
  0x87: "TUPLE3", 0x88: "NEWTRUE", 0x89: "NEWFALSE", 0x8a: "LONG1", 0x8b: "LONG4", 0x42: "BINBYTES",
  0x43: "SHORT_BINBYTES", 0x8c: "SHORT_BINUNICODE", 0x8d: "BINUNICODE8", 0x8e: "BINBYTES8", 0x8f: "EMPTY_SET",
  0x90: "ADDITEMS", 0x91: "FROZENSET", 0x92: "NEWOBJ_EX", 0x93: "STACK_GLOBAL", 0x94: "MEMOIZE", 0x95: "FRAME",
  0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
};

export function opcodeName(byte: number): string | undefined {
  return NAMES[byte];
}

/** Calls of calls described before the chain is summarised (messages stay short, work stays O(1)). */
const MAX_DESCRIBED_CALLS = 3;

/** Describes a value briefly for messages ("str 'os'", "call result"). */
export function describe(value: Value | undefined): string {
  // Iterative: a pickle can chain 100 000 REDUCEs (f()()()…), and describing every link of the chain
  // at every link would overflow the stack and cost O(n²).
  let v = value;
  let prefix = "";
  for (let depth = 0; v?.t === "call"; depth++) {
    if (depth === MAX_DESCRIBED_CALLS) return `${prefix}the result of a longer chain of calls`;
    prefix += "the result of calling ";
    v = v.call.fn;
  }
  return prefix + describeLeaf(v);
}

function describeLeaf(v: Value | undefined): string {
  if (!v) return "nothing";
  switch (v.t) {
    case "str":
      return `str '${v.v.slice(0, 40)}'`;
    case "bytes":
      return `bytes (${v.data.length})`;
    case "int":
      return `int ${v.v}`;
    case "global":
      return `global ${v.use.module}.${v.use.name}`;
    default:
      return v.t;
  }
}

/** Parses one pickle starting at `start` in `bytes`. Never throws. */
export function runPickle(bytes: Uint8Array, start: number, limits: Limits, hook?: BuildHook): RunResult {
  const result: RunResult = {
    start,
    end: start,
    stopped: false,
    protocol: 0,
    globals: [],
    calls: [],
    events: [],
    persistentIds: [],
    ops: 0,
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let stack: Value[] = [];
  const metastack: Value[][] = [];
  const memo = new Map<number, Value>();
  let items = 0;
  let pos = start;
  let frameEnd = -1;
  let opStart = start;

  const fail = (message: string, limit = false): never => {
    throw new PickleError(message, opStart, limit);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail(`truncated: ${NAMES[bytes[opStart] ?? 0] ?? "opcode"} needs ${n} more bytes`);
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++] ?? 0;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = (): number => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const low = view.getUint32(pos, true);
    const high = view.getUint32(pos + 4, true);
    pos += 8;
    if (high >= 0x200000) fail("length above 2^53");
    return high * 0x1_0000_0000 + low;
  };
  const take = (n: number): Uint8Array => {
    if (n < 0) fail("negative length");
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (): string => {
    const max = Math.min(bytes.length, pos + 1024 * 1024);
    for (let i = pos; i < max; i++) {
      if (bytes[i] === 0x0a) {
        const s = latin1(bytes.subarray(pos, i));
        pos = i + 1;
        return s;
      }
    }
    return fail("truncated: no newline after a text argument");
  };
  const push = (v: Value): void => {
    if (stack.length >= limits.maxStack) fail(`stack over ${limits.maxStack} entries`, true);
    stack.push(v);
  };
  const pop = (): Value => {
    const v = stack.pop();
    if (v === undefined) {
      result.events.push({ kind: "malformed", at: opStart, message: "stack underflow" });
      return { t: "opaque", why: "stack underflow" };
    }
    return v;
  };
  const top = (): Value => {
    const v = stack[stack.length - 1];
    if (v === undefined) {
      result.events.push({ kind: "malformed", at: opStart, message: "stack underflow" });
      return { t: "opaque", why: "stack underflow" };
    }
    return v;
  };
  const popMark = (): Value[] => {
    const popped = stack;
    const prev = metastack.pop();
    if (prev === undefined) {
      result.events.push({ kind: "malformed", at: opStart, message: "MARK expected but none on the stack" });
      stack = [];
      return popped;
    }
    stack = prev;
    return popped;
  };
  const addItems = (n: number): void => {
    items += n;
    if (items > limits.maxItems) fail(`more than ${limits.maxItems} container items (memory bomb)`, true);
  };
  const memoPut = (key: number, v: Value): void => {
    if (!memo.has(key) && memo.size >= limits.maxStack) fail(`memo over ${limits.maxStack} entries`, true);
    memo.set(key, v);
  };
  const memoGet = (key: number): Value => {
    const v = memo.get(key);
    if (v === undefined) {
      result.events.push({ kind: "malformed", at: opStart, message: `memo key ${key} was never stored (a loader fails here)` });
      return { t: "opaque", why: `missing memo key ${key}` };
    }
    return v;
  };
  const importGlobal = (module: string, name: string, opcode: string): Value => {
    const use: GlobalUse = { module, name, at: opStart, opcode, called: false };
    result.globals.push(use);
    return { t: "global", use };
  };
  const mutate = (target: Value, op: string): void => {
    if (target.t === "global") {
      result.events.push({
        kind: "global-mutation",
        at: opStart,
        message: `${op} changes the imported object ${target.use.module}.${target.use.name} (its attributes or items), so later lookups can resolve to anything (M2)`,
      });
    }
  };
  const call = (fn: Value, args: Value, opcode: string, kwargs?: Value): Value => {
    const record: CallRecord = { fn, args, at: opStart, opcode, ...(kwargs ? { kwargs } : {}) };
    result.calls.push(record);
    if (fn.t === "global") {
      // NEWOBJ/NEWOBJ_EX only run cls.__new__ (instances are then filled by BUILD), which is how every
      // class instance is restored; REDUCE/OBJ/INST run the callable itself.
      if (opcode !== "NEWOBJ" && opcode !== "NEWOBJ_EX") fn.use.called = true;
    } else {
      result.events.push({
        kind: fn.t === "ext" ? "unresolvable-global" : "indirect-call",
        at: opStart,
        message: `${opcode} calls ${describe(fn)}, not an imported global`,
      });
    }
    return { t: "call", call: record };
  };

  try {
    for (;;) {
      if (result.ops++ >= limits.maxOps) fail(`more than ${limits.maxOps} opcodes`, true);
      opStart = pos;
      if (frameEnd >= 0 && pos >= frameEnd) {
        if (pos > frameEnd) {
          result.events.push({ kind: "frame-violation", at: frameEnd, message: `an opcode runs across the end of a FRAME at ${frameEnd}` });
        }
        frameEnd = -1;
      }
      const op = u8();
      const name = NAMES[op];
      switch (op) {
        case 0x28: // MARK
          if (metastack.length >= limits.maxStack) fail(`more than ${limits.maxStack} nested MARKs`, true);
          metastack.push(stack);
          stack = [];
          break;
        case 0x2e: // STOP
          result.stopped = true;
          result.end = pos;
          if (stack.length > 0) result.finalValue = stack[stack.length - 1];
          checkFrameEnd();
          return result;
        case 0x30: // POP
          if (stack.length === 0 && metastack.length > 0) popMark();
          else pop();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          push(top());
          break;
        case 0x46: // FLOAT
          line();
          push({ t: "float" });
          break;
        case 0x49: {
          // INT (I01/I00 are booleans)
          const s = line();
          if (s === "01" || s === "00") push({ t: "bool", v: s === "01" });
          else push({ t: "int", v: parseIntLine(s) ?? fail(`invalid INT argument ${JSON.stringify(s.slice(0, 20))}`) });
          break;
        }
        case 0x4a:
          push({ t: "int", v: i32() });
          break;
        case 0x4b:
          push({ t: "int", v: u8() });
          break;
        case 0x4c: {
          const s = line().replace(/L$/, "");
          push({ t: "int", v: parseIntLine(s) ?? fail("invalid LONG argument") });
          break;
        }
        case 0x4d:
          push({ t: "int", v: u16() });
          break;
        case 0x4e:
          push({ t: "none" });
          break;
        case 0x50: {
          const pid: Value = { t: "str", v: line() };
          result.persistentIds.push(pid);
          push({ t: "pers", pid });
          break;
        }
        case 0x51: {
          const pid = pop();
          result.persistentIds.push(pid);
          push({ t: "pers", pid });
          break;
        }
        case 0x52: {
          // REDUCE
          const args = pop();
          const fn = pop();
          push(call(fn, args, "REDUCE"));
          break;
        }
        case 0x53:
          push({ t: "str", v: parseStringLine(line()) ?? fail("invalid STRING argument") });
          break;
        case 0x54: {
          const n = i32();
          push({ t: "str", v: latin1(take(n)) });
          break;
        }
        case 0x55:
          push({ t: "str", v: latin1(take(u8())) });
          break;
        case 0x56:
          push({ t: "str", v: rawUnicodeEscape(line()) });
          break;
        case 0x58:
          push({ t: "str", v: utf8.decode(take(u32())) });
          break;
        case 0x61: {
          const v = pop();
          const list = top();
          mutate(list, "APPEND");
          if (list.t === "list") {
            addItems(1);
            list.items.push(v);
          }
          break;
        }
        case 0x62: {
          // BUILD
          const state = pop();
          const target = top();
          mutate(target, "BUILD");
          if (target.t === "call") target.call.state = state;
          const h = hook?.(target, state, pos, bytes);
          if (h && ("skip" in h || "nestedPickle" in h)) {
            // joblib commits the current frame before writing array data; data inside a frame is a differential.
            if (frameEnd >= 0 && pos < frameEnd) {
              result.events.push({ kind: "frame-violation", at: pos, message: "array data inside a FRAME" });
            }
            frameEnd = -1;
          }
          if (h && "skip" in h) {
            if (pos + h.skip > bytes.length) fail("array data runs past the end of the file");
            pos += h.skip;
          } else if (h && "nestedPickle" in h) {
            const nested = runPickle(bytes, pos, limits, hook);
            result.globals.push(...nested.globals);
            result.calls.push(...nested.calls);
            result.events.push(...nested.events);
            result.ops += nested.ops;
            if (!nested.stopped) {
              const e = nested.error ?? { at: nested.end, message: "embedded array pickle did not end", limit: false };
              throw new PickleError(`embedded array pickle: ${e.message}`, e.at, e.limit);
            }
            pos = nested.end;
          } else if (h && "fail" in h) {
            fail(h.fail);
          }
          break;
        }
        case 0x63: {
          // GLOBAL
          const module = line();
          const gname = line();
          push(importGlobal(module, gname, "GLOBAL"));
          break;
        }
        case 0x64: {
          const values = popMark();
          addItems(values.length);
          push({ t: "dict", items: values });
          break;
        }
        case 0x7d:
          push({ t: "dict", items: [] });
          break;
        case 0x65: {
          const values = popMark();
          const list = top();
          mutate(list, "APPENDS");
          if (list.t === "list") {
            addItems(values.length);
            for (const v of values) list.items.push(v);
          }
          break;
        }
        case 0x67:
          push(memoGet(parseIntLine(line()) ?? fail("invalid GET argument")));
          break;
        case 0x68:
          push(memoGet(u8()));
          break;
        case 0x69: {
          // INST
          const module = line();
          const gname = line();
          const args = popMark();
          push(call(importGlobal(module, gname, "INST"), { t: "tuple", items: args }, "INST"));
          break;
        }
        case 0x6a:
          push(memoGet(u32()));
          break;
        case 0x6c: {
          const values = popMark();
          addItems(values.length);
          push({ t: "list", items: values });
          break;
        }
        case 0x5d:
          push({ t: "list", items: [] });
          break;
        case 0x6f: {
          // OBJ
          const values = popMark();
          const cls = values.shift() ?? { t: "opaque", why: "OBJ without a class" };
          push(call(cls, { t: "tuple", items: values }, "OBJ"));
          break;
        }
        case 0x70:
          memoPut(parseIntLine(line()) ?? fail("invalid PUT argument"), top());
          break;
        case 0x71:
          memoPut(u8(), top());
          break;
        case 0x72:
          memoPut(u32(), top());
          break;
        case 0x73: {
          const v = pop();
          const k = pop();
          const dict = top();
          mutate(dict, "SETITEM");
          if (dict.t === "dict") {
            addItems(2);
            dict.items.push(k, v);
          }
          break;
        }
        case 0x74: {
          const values = popMark();
          addItems(values.length);
          push({ t: "tuple", items: values });
          break;
        }
        case 0x29:
          push({ t: "tuple", items: [] });
          break;
        case 0x75: {
          const values = popMark();
          const dict = top();
          mutate(dict, "SETITEMS");
          if (dict.t === "dict") {
            addItems(values.length);
            for (const v of values) dict.items.push(v);
          }
          break;
        }
        case 0x47:
          take(8);
          push({ t: "float" });
          break;
        case 0x80: {
          const version = u8();
          if (opStart !== start) {
            result.events.push({ kind: "malformed", at: opStart, message: "PROTO in the middle of a pickle" });
          }
          if (version > 5) fail(`unsupported pickle protocol ${version}`);
          result.protocol = version;
          break;
        }
        case 0x81: {
          const args = pop();
          const cls = pop();
          push(call(cls, args, "NEWOBJ"));
          break;
        }
        case 0x82:
        case 0x83:
        case 0x84: {
          const code = op === 0x82 ? u8() : op === 0x83 ? u16() : i32();
          push({ t: "ext", code });
          result.events.push({
            kind: "unresolvable-global",
            at: opStart,
            message: `${name} ${code} imports whatever the loader's copyreg extension registry maps code ${code} to`,
          });
          break;
        }
        case 0x85:
          addItems(1);
          push({ t: "tuple", items: [pop()] });
          break;
        case 0x86: {
          const b = pop();
          const a = pop();
          addItems(2);
          push({ t: "tuple", items: [a, b] });
          break;
        }
        case 0x87: {
          const c = pop();
          const b = pop();
          const a = pop();
          addItems(3);
          push({ t: "tuple", items: [a, b, c] });
          break;
        }
        case 0x88:
          push({ t: "bool", v: true });
          break;
        case 0x89:
          push({ t: "bool", v: false });
          break;
        case 0x8a:
          push({ t: "int", v: longBytes(take(u8())) });
          break;
        case 0x8b: {
          const n = i32();
          push({ t: "int", v: longBytes(take(n)) });
          break;
        }
        case 0x42:
          push({ t: "bytes", data: take(u32()) });
          break;
        case 0x43:
          push({ t: "bytes", data: take(u8()) });
          break;
        case 0x8c:
          push({ t: "str", v: utf8.decode(take(u8())) });
          break;
        case 0x8d:
          push({ t: "str", v: utf8.decode(take(u64())) });
          break;
        case 0x8e:
          push({ t: "bytes", data: take(u64()) });
          break;
        case 0x8f:
          push({ t: "set", items: [] });
          break;
        case 0x90: {
          const values = popMark();
          const set = top();
          mutate(set, "ADDITEMS");
          if (set.t === "set") {
            addItems(values.length);
            for (const v of values) set.items.push(v);
          }
          break;
        }
        case 0x91: {
          const values = popMark();
          addItems(values.length);
          push({ t: "set", items: values });
          break;
        }
        case 0x92: {
          const kwargs = pop();
          const args = pop();
          const cls = pop();
          push(call(cls, args, "NEWOBJ_EX", kwargs));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL: operands are whatever is really on the stack.
          const gname = pop();
          const module = pop();
          if (module.t === "str" && gname.t === "str") {
            push(importGlobal(module.v, gname.v, "STACK_GLOBAL"));
          } else {
            result.events.push({
              kind: "unresolvable-global",
              at: opStart,
              message: `STACK_GLOBAL with module ${describe(module)} and name ${describe(gname)}: not plain strings, so the import cannot be resolved statically (M6)`,
            });
            push(importGlobal(module.t === "str" ? module.v : UNRESOLVED, gname.t === "str" ? gname.v : UNRESOLVED, "STACK_GLOBAL"));
          }
          break;
        }
        case 0x94:
          memoPut(memo.size, top());
          break;
        case 0x95: {
          const length = u64();
          if (frameEnd >= 0 && opStart < frameEnd) {
            result.events.push({ kind: "frame-violation", at: opStart, message: "FRAME inside an unfinished FRAME" });
          }
          if (pos + length > bytes.length) {
            result.events.push({ kind: "frame-violation", at: opStart, message: `FRAME of ${length} bytes runs past the end of the data` });
          }
          frameEnd = pos + length;
          break;
        }
        case 0x96:
          push({ t: "bytes", data: take(u64()) });
          break;
        case 0x97:
          push({ t: "buffer" });
          break;
        case 0x98:
          top();
          break;
        default:
          fail(`invalid opcode 0x${op.toString(16).padStart(2, "0")}`);
      }
      checkFrameEnd();
    }
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    result.error = { at: error.at, message: error.message, limit: error.limit };
    result.end = error.at;
    return result;
  }

  /** An opcode that ends past the current frame: a frame-aware reader and a linear one now disagree (P18). */
  function checkFrameEnd(): void {
    if (frameEnd >= 0 && pos > frameEnd && opStart < frameEnd) {
      result.events.push({
        kind: "frame-violation",
        at: opStart,
        message: `${NAMES[bytes[opStart] ?? 0] ?? "opcode"} at ${opStart} runs ${pos - frameEnd} bytes past the end of its FRAME (a parser differential, P18)`,
      });
      frameEnd = -1;
    }
  }
}

function latin1(b: Uint8Array): string {
  let s = "";
  const chunk = 8192;
  for (let i = 0; i < b.length; i += chunk) s += String.fromCharCode(...b.subarray(i, i + chunk));
  return s;
}

function parseIntLine(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?\d{1,400}$/.test(t)) return undefined;
  return Number(t);
}

/** Python repr of a str in STRING: 'abc' or "abc" with backslash escapes. */
function parseStringLine(s: string): string | undefined {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s.length < 2 || s[s.length - 1] !== q) return undefined;
  const body = s.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v" };
    return map[e] ?? `\\${e}`;
  });
}

function rawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, a?: string, b?: string) =>
    String.fromCodePoint(parseInt(a ?? b ?? "0", 16)),
  );
}

/** Little-endian two's-complement LONG1/LONG4 payload as a number (approximate above 2^53). */
function longBytes(b: Uint8Array): number {
  if (b.length === 0) return 0;
  let v = 0;
  for (let i = Math.min(b.length, 8) - 1; i >= 0; i--) v = v * 256 + (b[i] ?? 0);
  if (b.length <= 8 && ((b[b.length - 1] ?? 0) & 0x80) !== 0) v -= 2 ** (8 * b.length);
  return v;
}
