/**
 * A small, conservative pickle reader: it walks the opcode stream with a real stack, memo and MARK
 * handling (never executing anything), to decide whether some bytes are a pickle at all and which
 * globals (callables) it would import. Deep pickle analysis belongs to the pickle detector; this is
 * only what the Keras detector needs for pickles hidden in HDF5 attributes/datasets and in Keras
 * configs. STACK_GLOBAL operands that are not plain strings are reported as unresolved (treated as
 * dangerous by the caller).
 */

export interface PickleScan {
  /** The bytes parse as a pickle (a complete one, or a broken one that starts with PROTO). */
  isPickle: boolean;
  /** Reached STOP. */
  complete: boolean;
  protocol: number;
  /** "module.name" of every GLOBAL / STACK_GLOBAL / INST, in order of appearance, deduplicated. */
  globals: string[];
  /** A STACK_GLOBAL whose operands could not be resolved to strings, or an EXT opcode. */
  unresolved: number;
  /** Opcodes that call something: REDUCE, BUILD, INST, OBJ, NEWOBJ, NEWOBJ_EX. */
  calls: number;
  /** Why parsing stopped early (undefined when it reached STOP). */
  error?: string;
  /** Byte length of the pickle up to and including STOP. */
  length: number;
  /** The opcode budget was hit. */
  limitHit?: boolean;
}

export interface PickleLimits {
  maxOps: number;
  maxStack: number;
}

type Item = { k: "mark" } | { k: "str"; v: string } | { k: "global"; v: string } | { k: "other" };
const MARK: Item = { k: "mark" };
const OTHER: Item = { k: "other" };

class PickleError extends Error {}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/** Opcodes that are a plausible first byte of a protocol 0/1 pickle. */
const PROTO0_STARTS = new Set("(]})cNIJKLMFGSTUVXPa".split("").map((c) => c.charCodeAt(0)));

/**
 * Scans `buf` as a pickle from offset 0. `requireEnd` demands that STOP is the last byte (ignoring
 * NUL padding), which is what a protocol 0/1 pickle must satisfy to be believed: text can look like
 * a few opcodes by chance, but rarely parses to a balanced STOP exactly at its end.
 */
export function scanPickle(buf: Uint8Array, limits: PickleLimits): PickleScan {
  const res: PickleScan = { isPickle: false, complete: false, protocol: 0, globals: [], unresolved: 0, calls: 0, length: 0 };
  if (buf.length < 2) return res;
  const first = buf[0] ?? 0;
  const hasProto = first === 0x80 && (buf[1] ?? 0) >= 2 && (buf[1] ?? 0) <= 5;
  if (!hasProto && !PROTO0_STARTS.has(first)) return res;

  const globals = new Set<string>();
  const stack: Item[] = [];
  const memo = new Map<number, Item>();
  let pos = 0;
  let ops = 0;
  const need = (n: number): void => {
    if (n < 0 || pos + n > buf.length) throw new PickleError(`truncated at byte ${pos}`);
  };
  const u8 = (): number => {
    need(1);
    return buf[pos++] ?? 0;
  };
  const uint = (n: number): number => {
    need(n);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (buf[pos + i] ?? 0);
    pos += n;
    return v;
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (): string => {
    const end = buf.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 65_536) throw new PickleError(`unterminated line at byte ${pos}`);
    const s = latin1.decode(buf.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const push = (it: Item): void => {
    if (stack.length >= limits.maxStack) throw new PickleError("stack limit");
    stack.push(it);
  };
  const pop = (): Item => {
    const it = stack.pop();
    if (!it || it.k === "mark") throw new PickleError(`stack underflow at byte ${pos}`);
    return it;
  };
  const popMark = (): Item[] => {
    const items: Item[] = [];
    for (;;) {
      const it = stack.pop();
      if (!it) throw new PickleError(`no MARK at byte ${pos}`);
      if (it.k === "mark") return items.reverse();
      items.push(it);
    }
  };
  const top = (): Item => {
    const it = stack[stack.length - 1];
    if (!it || it.k === "mark") throw new PickleError(`empty stack at byte ${pos}`);
    return it;
  };
  const addGlobal = (name: string): void => {
    globals.add(name);
    push({ k: "global", v: name });
  };
  const checkInt = (s: string): void => {
    if (!/^[-+]?\d{1,4000}L?$/.test(s.trim()) && s !== "00" && s !== "01") throw new PickleError(`bad int ${s.slice(0, 20)}`);
  };
  const checkModuleName = (s: string): void => {
    if (!/^[\w.]{1,500}$/u.test(s)) throw new PickleError(`bad global name ${s.slice(0, 40)}`);
  };

  try {
    for (;;) {
      if (++ops > limits.maxOps) {
        res.limitHit = true;
        throw new PickleError("opcode limit");
      }
      if (pos >= buf.length) throw new PickleError("no STOP");
      const op = u8();
      switch (op) {
        case 0x80: // PROTO
          res.protocol = u8();
          if (res.protocol > 5) throw new PickleError(`unknown protocol ${res.protocol}`);
          break;
        case 0x95: // FRAME
          uint(8);
          break;
        case 0x2e: // STOP
          res.complete = true;
          res.length = pos;
          throw new PickleError("");
        case 0x28: // MARK
          push(MARK);
          break;
        case 0x30: // POP
          if (stack.length === 0) throw new PickleError("POP on empty stack");
          stack.pop();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          push(top());
          break;
        // --- values
        case 0x4e: // NONE
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
        case 0x7d: // EMPTY_DICT
        case 0x5d: // EMPTY_LIST
        case 0x29: // EMPTY_TUPLE
        case 0x8f: // EMPTY_SET
        case 0x97: // NEXT_BUFFER
          push(OTHER);
          break;
        case 0x98: // READONLY_BUFFER
          top();
          break;
        case 0x49: // INT
        case 0x4c: // LONG
          checkInt(line());
          push(OTHER);
          break;
        case 0x46: // FLOAT
          if (!/^[-+]?[\w.]{1,400}$/.test(line())) throw new PickleError("bad float");
          push(OTHER);
          break;
        case 0x4a: // BININT
          take(4);
          push(OTHER);
          break;
        case 0x4b: // BININT1
          take(1);
          push(OTHER);
          break;
        case 0x4d: // BININT2
          take(2);
          push(OTHER);
          break;
        case 0x47: // BINFLOAT
          take(8);
          push(OTHER);
          break;
        case 0x8a: // LONG1
          take(u8());
          push(OTHER);
          break;
        case 0x8b: // LONG4
          take(uint(4));
          push(OTHER);
          break;
        case 0x53: {
          // STRING: a quoted repr
          const s = line();
          if (s.length < 2 || (s[0] !== "'" && s[0] !== '"') || s[s.length - 1] !== s[0]) throw new PickleError("bad STRING");
          push({ k: "str", v: s.slice(1, -1) });
          break;
        }
        case 0x54: // BINSTRING
          push({ k: "str", v: latin1.decode(take(uint(4))) });
          break;
        case 0x55: // SHORT_BINSTRING
          push({ k: "str", v: latin1.decode(take(u8())) });
          break;
        case 0x56: // UNICODE (raw-unicode-escape, close enough for names)
          push({ k: "str", v: line() });
          break;
        case 0x58: // BINUNICODE
          push({ k: "str", v: utf8.decode(take(uint(4))) });
          break;
        case 0x8c: // SHORT_BINUNICODE
          push({ k: "str", v: utf8.decode(take(u8())) });
          break;
        case 0x8d: // BINUNICODE8
          push({ k: "str", v: utf8.decode(take(uint(8))) });
          break;
        case 0x42: // BINBYTES
          take(uint(4));
          push(OTHER);
          break;
        case 0x43: // SHORT_BINBYTES
          take(u8());
          push(OTHER);
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          take(uint(8));
          push(OTHER);
          break;
        case 0x50: // PERSID
          line();
          push(OTHER);
          break;
        case 0x51: // BINPERSID
          pop();
          push(OTHER);
          break;
        // --- containers
        case 0x61: // APPEND
          pop();
          top();
          break;
        case 0x65: // APPENDS
        case 0x75: // SETITEMS
        case 0x90: // ADDITEMS
          popMark();
          top();
          break;
        case 0x73: // SETITEM
          pop();
          pop();
          top();
          break;
        case 0x64: // DICT
        case 0x6c: // LIST
        case 0x74: // TUPLE
        case 0x91: // FROZENSET
          popMark();
          push(OTHER);
          break;
        case 0x85: // TUPLE1
          pop();
          push(OTHER);
          break;
        case 0x86: // TUPLE2
          pop();
          pop();
          push(OTHER);
          break;
        case 0x87: // TUPLE3
          pop();
          pop();
          pop();
          push(OTHER);
          break;
        // --- memo
        case 0x70: {
          // PUT
          const s = line();
          if (!/^\d{1,10}$/.test(s)) throw new PickleError("bad PUT");
          memo.set(Number(s), top());
          break;
        }
        case 0x71: // BINPUT
          memo.set(u8(), top());
          break;
        case 0x72: // LONG_BINPUT
          memo.set(uint(4), top());
          break;
        case 0x94: // MEMOIZE
          memo.set(memo.size, top());
          break;
        case 0x67: {
          // GET
          const s = line();
          if (!/^\d{1,10}$/.test(s)) throw new PickleError("bad GET");
          const it = memo.get(Number(s));
          if (!it) throw new PickleError(`missing memo ${s}`);
          push(it);
          break;
        }
        case 0x68: // BINGET
        case 0x6a: {
          // LONG_BINGET
          const i = op === 0x68 ? u8() : uint(4);
          const it = memo.get(i);
          if (!it) throw new PickleError(`missing memo ${i}`);
          push(it);
          break;
        }
        // --- globals and calls
        case 0x63: {
          // GLOBAL
          const mod = line();
          const name = line();
          checkModuleName(mod);
          checkModuleName(name);
          addGlobal(`${mod}.${name}`);
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const name = pop();
          const mod = pop();
          if (name.k === "str" && mod.k === "str") {
            addGlobal(`${mod.v}.${name.v}`);
          } else {
            res.unresolved++;
            push({ k: "global", v: "?" });
          }
          break;
        }
        case 0x69: {
          // INST
          const mod = line();
          const name = line();
          checkModuleName(mod);
          checkModuleName(name);
          globals.add(`${mod}.${name}`);
          popMark();
          res.calls++;
          push(OTHER);
          break;
        }
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: // EXT4
          take(op === 0x82 ? 1 : op === 0x83 ? 2 : 4);
          res.unresolved++;
          push({ k: "global", v: "?" });
          break;
        case 0x52: // REDUCE
          pop();
          pop();
          res.calls++;
          push(OTHER);
          break;
        case 0x62: // BUILD
          pop();
          top();
          res.calls++;
          break;
        case 0x6f: {
          // OBJ
          const items = popMark();
          if (items.length === 0) throw new PickleError("OBJ without class");
          res.calls++;
          push(OTHER);
          break;
        }
        case 0x81: // NEWOBJ
          pop();
          pop();
          res.calls++;
          push(OTHER);
          break;
        case 0x92: // NEWOBJ_EX
          pop();
          pop();
          pop();
          res.calls++;
          push(OTHER);
          break;
        default:
          throw new PickleError(`invalid opcode 0x${op.toString(16)} at byte ${pos - 1}`);
      }
    }
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    if (!res.complete) res.error = error.message;
  }

  res.globals = [...globals];
  if (res.complete) {
    let end = res.length;
    while (end < buf.length && buf[end] === 0) end++;
    const exact = end === buf.length;
    // Protocol 2+ (PROTO first): convincing on its own. Protocol 0/1: balanced (one value left),
    // at least two opcodes, and STOP at the very end of the data.
    res.isPickle = hasProto || (exact && stack.length === 1 && ops >= 3);
  } else {
    // A broken pickle still runs everything before the break (nullifAI); believe it when it already
    // imported something, or when it starts with PROTO and parsed for a while.
    res.isPickle = hasProto ? globals.size > 0 || ops >= MIN_BROKEN_OPS : globals.size > 0 && res.calls > 0;
  }
  return res;
}

/** A broken PROTO stream is believed without imports only after this many valid opcodes. */
const MIN_BROKEN_OPS = 16;

/** A quick prefix test for large buffers: could these first bytes start a pickle? */
export function mayStartPickle(prefix: Uint8Array): boolean {
  const first = prefix[0] ?? 0;
  if (first === 0x80) return (prefix[1] ?? 0) >= 2 && (prefix[1] ?? 0) <= 5;
  if (!PROTO0_STARTS.has(first)) return false;
  // A protocol 0/1 start must survive a parse of the prefix (running out of data is fine).
  const r = scanPickle(prefix, { maxOps: 10_000, maxStack: 10_000 });
  return r.complete || (r.error?.startsWith("truncated") ?? false) || (r.error?.startsWith("unterminated") ?? false) || r.error === "no STOP";
}
