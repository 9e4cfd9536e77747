/**
 * A reader for CPython's `marshal` format, enough to take apart the code object that Keras stores
 * for a Lambda layer (`marshal.dumps(fn.__code__)`, base64-encoded). It never executes anything: it
 * returns the names the code refers to (`co_names`, which holds every global, attribute and imported
 * module name), its string constants and the names of nested functions.
 *
 * The code-object field order changed across Python versions and the file does not say which
 * version wrote it, so every known layout is tried and the first one that parses with the expected
 * field types wins:
 * - 3.11+: argcount, posonlyargcount, kwonlyargcount, stacksize, flags, code, consts, names,
 *   localsplusnames, localspluskinds, filename, name, qualname, firstlineno, linetable, exceptiontable
 * - 3.8-3.10: argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, code, consts,
 *   names, varnames, freevars, cellvars, filename, name, firstlineno, lnotab/linetable
 * - 3.0-3.7: as 3.8 without posonlyargcount
 * - 2.x: as 3.0 without kwonlyargcount (strings are bytes; interned strings use 't'/'R')
 */

export type MarshalValue = null | boolean | number | string | MarshalBytes | MarshalSeq | MarshalDict | MarshalCode | MarshalOther;

export interface MarshalBytes {
  t: "bytes";
  data: Uint8Array;
}
export interface MarshalSeq {
  t: "seq";
  kind: "tuple" | "list" | "set" | "frozenset" | "slice";
  items: MarshalValue[];
}
export interface MarshalDict {
  t: "dict";
  entries: [MarshalValue, MarshalValue][];
}
export interface MarshalOther {
  t: "other";
  what: string;
}
export interface MarshalCode {
  t: "code";
  argcount: number;
  code: Uint8Array;
  consts: MarshalValue[];
  names: string[];
  varnames: string[];
  filename: string;
  name: string;
  qualname?: string;
  firstlineno: number;
}

export type CodeLayout = "py311" | "py38" | "py30" | "py2";
const LAYOUTS: readonly CodeLayout[] = ["py311", "py38", "py30", "py2"];

export class MarshalError extends Error {}

const FLAG_REF = 0x80;
const MAX_DEPTH = 200;
const MAX_OBJECTS = 200_000;

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

class Reader {
  pos = 0;
  objects = 0;
  readonly refs: MarshalValue[] = [];
  /** Python 2 interned-string table ('t' appends, 'R' refers). */
  readonly interned: string[] = [];

  constructor(
    readonly buf: Uint8Array,
    readonly layout: CodeLayout,
  ) {}

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new MarshalError(`truncated at byte ${this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] ?? 0;
  }
  i32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) | 0;
  }
  bytes(n: number): Uint8Array {
    if (n < 0) throw new MarshalError(`negative size at byte ${this.pos}`);
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  read(depth: number): MarshalValue {
    if (depth > MAX_DEPTH) throw new MarshalError("nesting too deep");
    if (++this.objects > MAX_OBJECTS) throw new MarshalError("too many objects");
    const start = this.pos;
    const code = this.u8();
    const flag = (code & FLAG_REF) !== 0;
    const type = String.fromCharCode(code & ~FLAG_REF);
    // A flagged object takes the next reference slot before its children are read (CPython's
    // r_ref_reserve); for leaves that is the same as appending after reading.
    let slot = -1;
    if (flag) {
      slot = this.refs.length;
      this.refs.push(null);
    }
    const keep = <T extends MarshalValue>(v: T): T => {
      if (slot >= 0) this.refs[slot] = v;
      return v;
    };
    switch (type) {
      case "0":
        throw new MarshalError(`NULL object at byte ${start}`);
      case "N":
        return keep(null);
      case "F":
        return keep(false);
      case "T":
        return keep(true);
      case "S":
        return keep({ t: "other", what: "StopIteration" });
      case ".":
        return keep({ t: "other", what: "Ellipsis" });
      case "i":
        return keep(this.i32());
      case "I": {
        this.bytes(8);
        return keep({ t: "other", what: "int64" });
      }
      case "l": {
        const n = this.i32();
        const digits = Math.abs(n);
        if (digits > 1_000_000) throw new MarshalError("long too large");
        this.bytes(digits * 2);
        return keep({ t: "other", what: "long" });
      }
      case "f":
        this.bytes(this.u8());
        return keep({ t: "other", what: "float" });
      case "g":
        this.bytes(8);
        return keep({ t: "other", what: "float" });
      case "x":
        this.bytes(this.u8());
        this.bytes(this.u8());
        return keep({ t: "other", what: "complex" });
      case "y":
        this.bytes(16);
        return keep({ t: "other", what: "complex" });
      case "s":
        return keep({ t: "bytes", data: this.bytes(this.i32()) });
      case "t": {
        // Python 3: interned str (UTF-8). Python 2: interned byte string, appended to the table.
        const raw = this.bytes(this.i32());
        const s = this.layout === "py2" ? latin1.decode(raw) : utf8.decode(raw);
        if (this.layout === "py2") this.interned.push(s);
        return keep(s);
      }
      case "R": {
        const i = this.i32();
        const s = this.interned[i];
        if (s === undefined) throw new MarshalError(`bad string reference ${i}`);
        return keep(s);
      }
      case "u":
        return keep(utf8.decode(this.bytes(this.i32())));
      case "a":
      case "A":
        return keep(latin1.decode(this.bytes(this.i32())));
      case "z":
      case "Z":
        return keep(latin1.decode(this.bytes(this.u8())));
      case "r": {
        const i = this.i32();
        if (i < 0 || i >= this.refs.length) throw new MarshalError(`bad reference ${i}`);
        return this.refs[i] ?? null;
      }
      case "(":
      case ")":
      case "[":
      case "<":
      case ">": {
        const n = type === ")" ? this.u8() : this.i32();
        if (n < 0 || n > this.buf.length - this.pos) throw new MarshalError(`bad size ${n} at byte ${start}`);
        const kind = type === "[" ? "list" : type === "<" ? "set" : type === ">" ? "frozenset" : "tuple";
        const seq = keep<MarshalSeq>({ t: "seq", kind, items: [] });
        for (let i = 0; i < n; i++) seq.items.push(this.read(depth + 1));
        return seq;
      }
      case ":": {
        const seq = keep<MarshalSeq>({ t: "seq", kind: "slice", items: [] });
        for (let i = 0; i < 3; i++) seq.items.push(this.read(depth + 1));
        return seq;
      }
      case "{": {
        const dict = keep<MarshalDict>({ t: "dict", entries: [] });
        for (;;) {
          if (this.pos >= this.buf.length) throw new MarshalError("unterminated dict");
          if (this.buf[this.pos] === 0x30) {
            this.pos++;
            break;
          }
          const k = this.read(depth + 1);
          const v = this.read(depth + 1);
          dict.entries.push([k, v]);
        }
        return dict;
      }
      case "c":
        return this.readCode(depth, slot);
      default:
        throw new MarshalError(`unknown type code 0x${code.toString(16)} at byte ${start}`);
    }
  }

  private readCode(depth: number, slot: number): MarshalCode {
    const c: MarshalCode = {
      t: "code",
      argcount: 0,
      code: new Uint8Array(0),
      consts: [],
      names: [],
      varnames: [],
      filename: "",
      name: "",
      firstlineno: 0,
    };
    if (slot >= 0) this.refs[slot] = c;
    const L = this.layout;
    c.argcount = this.i32();
    if (L === "py311" || L === "py38") this.i32(); // posonlyargcount
    if (L !== "py2") this.i32(); // kwonlyargcount
    if (L !== "py311") this.i32(); // nlocals
    this.i32(); // stacksize
    this.i32(); // flags
    c.code = this.expectBytes(this.read(depth + 1), "co_code");
    c.consts = this.expectTuple(this.read(depth + 1), "co_consts");
    c.names = this.expectStrings(this.read(depth + 1), "co_names");
    if (L === "py311") {
      c.varnames = this.expectStrings(this.read(depth + 1), "co_localsplusnames");
      this.expectBytes(this.read(depth + 1), "co_localspluskinds");
    } else {
      c.varnames = this.expectStrings(this.read(depth + 1), "co_varnames");
      this.expectStrings(this.read(depth + 1), "co_freevars");
      this.expectStrings(this.read(depth + 1), "co_cellvars");
    }
    c.filename = this.expectString(this.read(depth + 1), "co_filename");
    c.name = this.expectString(this.read(depth + 1), "co_name");
    if (L === "py311") c.qualname = this.expectString(this.read(depth + 1), "co_qualname");
    c.firstlineno = this.i32();
    this.expectBytes(this.read(depth + 1), "co_linetable");
    if (L === "py311") this.expectBytes(this.read(depth + 1), "co_exceptiontable");
    return c;
  }

  private expectBytes(v: MarshalValue, what: string): Uint8Array {
    if (v !== null && typeof v === "object" && v.t === "bytes") return v.data;
    throw new MarshalError(`${what} is not bytes`);
  }
  private expectTuple(v: MarshalValue, what: string): MarshalValue[] {
    if (v !== null && typeof v === "object" && v.t === "seq" && v.kind === "tuple") return v.items;
    throw new MarshalError(`${what} is not a tuple`);
  }
  private expectString(v: MarshalValue, what: string): string {
    if (typeof v === "string") return v;
    // Python 2 str is a byte string.
    if (this.layout === "py2" && v !== null && typeof v === "object" && v.t === "bytes") return latin1.decode(v.data);
    throw new MarshalError(`${what} is not a string`);
  }
  private expectStrings(v: MarshalValue, what: string): string[] {
    return this.expectTuple(v, what).map((x) => this.expectString(x, what));
  }
}

export interface ParsedCode {
  layout: CodeLayout;
  code: MarshalCode;
  /** Bytes left after the code object (CPython ignores them). */
  trailing: number;
}

/** True when the buffer starts like a marshalled code object ('c', optionally with FLAG_REF). */
export function looksLikeMarshalledCode(buf: Uint8Array): boolean {
  const b = buf[0];
  return buf.length >= 16 && (b === 0x63 || b === 0xe3);
}

/**
 * Parses a marshalled code object, trying every known layout. Throws MarshalError when none fits.
 * A layout that consumes the whole buffer is preferred over one that leaves bytes behind.
 */
export function parseMarshalledCode(buf: Uint8Array): ParsedCode {
  if (!looksLikeMarshalledCode(buf)) throw new MarshalError("not a marshalled code object");
  let partial: ParsedCode | undefined;
  const errors: string[] = [];
  for (const layout of LAYOUTS) {
    const r = new Reader(buf, layout);
    try {
      const v = r.read(0);
      if (v === null || typeof v !== "object" || v.t !== "code") throw new MarshalError("top object is not code");
      const parsed = { layout, code: v, trailing: buf.length - r.pos };
      if (parsed.trailing === 0) return parsed;
      partial ??= parsed;
    } catch (error) {
      errors.push(`${layout}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (partial) return partial;
  throw new MarshalError(`no code-object layout fits (${errors.join("; ")})`);
}

export interface CodeSummary {
  /** Names of every code object (the lambda and any nested function or comprehension). */
  functionNames: string[];
  /** co_names of every code object: globals, attributes, imported modules. */
  names: string[];
  /** String constants of every code object. */
  strings: string[];
}

/** Walks a code object and its nested code objects. */
export function summarizeCode(root: MarshalCode): CodeSummary {
  const functionNames = new Set<string>();
  const names = new Set<string>();
  const strings = new Set<string>();
  const seen = new Set<MarshalValue>();
  const stack: MarshalValue[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === undefined || v === null || typeof v !== "object" || seen.has(v)) {
      if (typeof v === "string") strings.add(v);
      continue;
    }
    seen.add(v);
    if (v.t === "code") {
      functionNames.add(v.name);
      for (const n of v.names) names.add(n);
      for (const x of v.consts) stack.push(x);
    } else if (v.t === "seq") {
      for (const x of v.items) stack.push(x);
    } else if (v.t === "dict") {
      for (const [k, x] of v.entries) stack.push(k, x);
    } else if (v.t === "bytes") {
      if (v.data.length <= 4096) strings.add(latin1.decode(v.data));
    }
  }
  return { functionNames: [...functionNames], names: [...names], strings: [...strings] };
}
