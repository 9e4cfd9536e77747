/**
 * A tiny pickle assembler: opcodes → bytes. Each method appends one opcode with its argument in the
 * exact encoding CPython uses, so tests can write any stream a real pickler (or an attacker) would.
 */
const enc = new TextEncoder();

function le(n: number, bytes: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(bytes * 8, BigInt(n));
  for (let i = 0; i < bytes; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

export class P {
  private parts: number[] = [];

  static proto(version: number): P {
    return new P().proto(version);
  }

  raw(bytes: ArrayLike<number> | string): this {
    const b = typeof bytes === "string" ? enc.encode(bytes) : bytes;
    for (let i = 0; i < b.length; i++) this.parts.push(b[i] ?? 0);
    return this;
  }

  private op(code: number, ...args: number[]): this {
    this.parts.push(code, ...args);
    return this;
  }

  get length(): number {
    return this.parts.length;
  }

  proto(v: number): this {
    return this.op(0x80, v);
  }
  stop(): this {
    return this.op(0x2e);
  }
  mark(): this {
    return this.op(0x28);
  }
  pop(): this {
    return this.op(0x30);
  }
  popMark(): this {
    return this.op(0x31);
  }
  dup(): this {
    return this.op(0x32);
  }
  none(): this {
    return this.op(0x4e);
  }
  true(): this {
    return this.op(0x88);
  }
  false(): this {
    return this.op(0x89);
  }
  /** Smallest binary int opcode for n (BININT1/BININT2/BININT/LONG1). */
  int(n: number): this {
    if (n >= 0 && n < 256) return this.op(0x4b, n);
    if (n >= 0 && n < 65536) return this.op(0x4d, ...le(n, 2));
    if (n >= -(2 ** 31) && n < 2 ** 31) return this.op(0x4a, ...le(n, 4));
    return this.long1(BigInt(n));
  }
  long1(n: bigint): this {
    const bytes: number[] = [];
    let v = n;
    do {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    } while (!(v === 0n && (bytes[bytes.length - 1]! & 0x80) === 0) && !(v === -1n && (bytes[bytes.length - 1]! & 0x80) !== 0));
    return this.op(0x8a, bytes.length, ...bytes);
  }
  /** Protocol 0 INT line. */
  intLine(n: number | string): this {
    return this.op(0x49).raw(`${n}\n`);
  }
  longLine(n: bigint | string): this {
    return this.op(0x4c).raw(`${n}L\n`);
  }
  float(): this {
    return this.op(0x47, ...new Array(8).fill(0));
  }
  /** SHORT_BINUNICODE, BINUNICODE or BINUNICODE8 by length. */
  str(s: string): this {
    const b = enc.encode(s);
    if (b.length < 256) return this.op(0x8c, b.length).raw(b);
    return this.op(0x58, ...le(b.length, 4)).raw(b);
  }
  binunicode(s: string): this {
    const b = enc.encode(s);
    return this.op(0x58, ...le(b.length, 4)).raw(b);
  }
  binunicode8(s: string): this {
    const b = enc.encode(s);
    return this.op(0x8d, ...le(b.length, 8)).raw(b);
  }
  /** Protocol 0 STRING 'repr'. */
  string(s: string): this {
    return this.op(0x53).raw(`'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'\n`);
  }
  /** Protocol 0 UNICODE (raw-unicode-escape). */
  unicode(s: string): this {
    return this.op(0x56).raw(`${s}\n`);
  }
  binstring(s: string): this {
    const b = enc.encode(s);
    return this.op(0x54, ...le(b.length, 4)).raw(b);
  }
  shortBinstring(s: string): this {
    const b = enc.encode(s);
    return this.op(0x55, b.length).raw(b);
  }
  bytes(b: Uint8Array | string): this {
    const data = typeof b === "string" ? enc.encode(b) : b;
    if (data.length < 256) return this.op(0x43, data.length).raw(data);
    return this.op(0x42, ...le(data.length, 4)).raw(data);
  }
  binbytes(b: Uint8Array | string): this {
    const data = typeof b === "string" ? enc.encode(b) : b;
    return this.op(0x42, ...le(data.length, 4)).raw(data);
  }
  bytearray8(b: Uint8Array | string): this {
    const data = typeof b === "string" ? enc.encode(b) : b;
    return this.op(0x96, ...le(data.length, 8)).raw(data);
  }
  /** GLOBAL "module\nname\n" (protocols 0-3). */
  global(module: string, name: string): this {
    return this.op(0x63).raw(`${module}\n${name}\n`);
  }
  /** STACK_GLOBAL with two SHORT_BINUNICODE operands (protocol 4+). */
  sglobal(module: string, name: string): this {
    return this.str(module).str(name).stackGlobal();
  }
  stackGlobal(): this {
    return this.op(0x93);
  }
  inst(module: string, name: string): this {
    return this.op(0x69).raw(`${module}\n${name}\n`);
  }
  obj(): this {
    return this.op(0x6f);
  }
  reduce(): this {
    return this.op(0x52);
  }
  build(): this {
    return this.op(0x62);
  }
  newobj(): this {
    return this.op(0x81);
  }
  newobjEx(): this {
    return this.op(0x92);
  }
  emptyTuple(): this {
    return this.op(0x29);
  }
  tuple(): this {
    return this.op(0x74);
  }
  tuple1(): this {
    return this.op(0x85);
  }
  tuple2(): this {
    return this.op(0x86);
  }
  tuple3(): this {
    return this.op(0x87);
  }
  emptyList(): this {
    return this.op(0x5d);
  }
  list(): this {
    return this.op(0x6c);
  }
  append(): this {
    return this.op(0x61);
  }
  appends(): this {
    return this.op(0x65);
  }
  emptyDict(): this {
    return this.op(0x7d);
  }
  dict(): this {
    return this.op(0x64);
  }
  setitem(): this {
    return this.op(0x73);
  }
  setitems(): this {
    return this.op(0x75);
  }
  emptySet(): this {
    return this.op(0x8f);
  }
  additems(): this {
    return this.op(0x90);
  }
  frozenset(): this {
    return this.op(0x91);
  }
  put(i: number): this {
    return this.op(0x70).raw(`${i}\n`);
  }
  binput(i: number): this {
    return this.op(0x71, i);
  }
  longBinput(i: number): this {
    return this.op(0x72, ...le(i, 4));
  }
  memoize(): this {
    return this.op(0x94);
  }
  get(i: number): this {
    return this.op(0x67).raw(`${i}\n`);
  }
  binget(i: number): this {
    return this.op(0x68, i);
  }
  longBinget(i: number): this {
    return this.op(0x6a, ...le(i, 4));
  }
  persid(s: string): this {
    return this.op(0x50).raw(`${s}\n`);
  }
  binpersid(): this {
    return this.op(0x51);
  }
  ext1(code: number): this {
    return this.op(0x82, code);
  }
  frame(length: number): this {
    return this.op(0x95, ...le(length, 8));
  }
  nextBuffer(): this {
    return this.op(0x97);
  }

  /** Appends another builder's bytes. */
  then(other: P): this {
    return this.raw(other.toBytes());
  }

  /** The assembled bytes (not an opcode; BUILD is `build()`). */
  toBytes(): Uint8Array {
    return new Uint8Array(this.parts);
  }
}

/** PROTO 4 + one FRAME around `body` + STOP inside the frame, as CPython writes small pickles. */
export function framed(body: P, protocol = 4): Uint8Array {
  const inner = new P().then(body).stop().toBytes();
  return new P().proto(protocol).frame(inner.length).raw(inner).toBytes();
}

/** `module.name(*strArgs)` via GLOBAL + TUPLE + REDUCE (protocol 2), then STOP. */
export function callPickle(module: string, name: string, ...args: string[]): Uint8Array {
  const p = P.proto(2).global(module, name).mark();
  for (const a of args) p.str(a);
  return p.tuple().reduce().stop().toBytes();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
