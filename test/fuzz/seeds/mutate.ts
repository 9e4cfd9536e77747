/**
 * Byte-level mutation of seed files as fast-check arbitraries: bit flips, byte overwrites, inserts,
 * deletes, truncation, splicing two seeds, length-field corruption (at the seed's known length fields
 * when it names them, anywhere otherwise), huge varints, repeated chunks (deep nesting), plus fully
 * random bytes. Positions are drawn as plain numbers and taken modulo the current length, so a failing
 * case shrinks towards the start of the file and towards fewer mutations.
 */
import fc from "fast-check";

export interface Seed {
  name: string;
  bytes: Uint8Array;
  /** Offsets of length/count fields (little-endian unless `be`), for targeted corruption. */
  fields?: readonly { at: number; width: 1 | 2 | 4 | 8; be?: boolean }[];
}

export type Mutation =
  | { k: "flip"; at: number; bit: number }
  | { k: "set"; at: number; value: number }
  | { k: "insert"; at: number; bytes: Uint8Array }
  | { k: "delete"; at: number; length: number }
  | { k: "truncate"; at: number }
  | { k: "splice"; at: number; other: number; from: number }
  | { k: "field"; field: number; value: number; width: 1 | 2 | 4 | 8; be: boolean }
  | { k: "varint"; at: number; value: number }
  | { k: "repeat"; at: number; length: number; times: number };

/** Values that break length arithmetic: zero, sign bits, all ones, beyond 2^32 and 2^53. */
export const INTERESTING: readonly bigint[] = [
  0n,
  1n,
  0x7fn,
  0x80n,
  0xffn,
  0x7fffn,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  0x1fffffffffffffn,
  0x7fffffffffffffffn,
  0xffffffffffffffffn,
];

/** Inputs never grow past this (keeps one input's cost bounded; huge files are tested separately). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

function writeInt(out: Uint8Array, at: number, width: number, value: bigint, be: boolean): void {
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    const pos = be ? at + width - 1 - i : at + i;
    if (pos >= 0 && pos < out.length) out[pos] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Applies mutations in order. `seeds` is the pool `splice` draws from. */
export function applyMutations(seed: Seed, mutations: readonly Mutation[], seeds: readonly Seed[]): Uint8Array {
  let b: Uint8Array = seed.bytes.slice();
  for (const m of mutations) {
    const n = b.length;
    const pos = (at: number, extra = 0): number => (n + extra === 0 ? 0 : at % (n + extra));
    switch (m.k) {
      case "flip":
        if (n > 0) b[pos(m.at)]! ^= 1 << m.bit;
        break;
      case "set":
        if (n > 0) b[pos(m.at)] = m.value;
        break;
      case "insert": {
        const at = pos(m.at, 1);
        b = concat(b.subarray(0, at), m.bytes, b.subarray(at));
        break;
      }
      case "delete": {
        const at = pos(m.at);
        b = concat(b.subarray(0, at), b.subarray(Math.min(n, at + m.length)));
        break;
      }
      case "truncate":
        b = b.slice(0, pos(m.at));
        break;
      case "splice": {
        const other = seeds[m.other % seeds.length]!.bytes;
        const at = pos(m.at, 1);
        b = concat(b.subarray(0, at), other.subarray(other.length === 0 ? 0 : m.from % other.length));
        break;
      }
      case "field": {
        const fields = seed.fields ?? [];
        const f = fields.length > 0 ? fields[m.field % fields.length]! : { at: pos(m.field), width: m.width, be: m.be };
        writeInt(b, f.at, f.width, INTERESTING[m.value % INTERESTING.length]!, f.be ?? false);
        break;
      }
      case "varint": {
        const at = pos(m.at, 1);
        b = concat(b.subarray(0, at), Uint8Array.from(varint(INTERESTING[m.value % INTERESTING.length]!)), b.subarray(at));
        break;
      }
      case "repeat": {
        if (n === 0) break;
        const at = pos(m.at);
        const chunk = b.subarray(at, Math.min(n, at + m.length));
        const times = Math.min(m.times, Math.floor(MAX_INPUT_BYTES / Math.max(1, chunk.length)));
        const rep = new Uint8Array(chunk.length * times);
        for (let i = 0; i < times; i++) rep.set(chunk, i * chunk.length);
        b = concat(b.subarray(0, at), rep, b.subarray(at));
        break;
      }
    }
    if (b.length > MAX_INPUT_BYTES) b = b.slice(0, MAX_INPUT_BYTES);
  }
  return b;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant("set" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("truncate" as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("splice" as const), at: fc.nat(), other: fc.nat(), from: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant("field" as const),
      field: fc.nat(),
      value: fc.nat(),
      width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
      be: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("varint" as const), at: fc.nat(), value: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("repeat" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 8 }),
      times: fc.oneof(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1000, max: 100_000 })),
    }),
  },
);

export interface FuzzInput {
  /** "seed-name +3 mutations" or "random"; shown when a property fails. */
  label: string;
  bytes: Uint8Array;
}

/** Mutated seeds (most inputs), untouched seeds and fully random bytes. */
export function mutatedInputs(seeds: readonly Seed[], options: { maxMutations?: number; randomMaxLength?: number } = {}): fc.Arbitrary<FuzzInput> {
  if (seeds.length === 0) throw new Error("no seeds");
  const maxMutations = options.maxMutations ?? 6;
  const mutated = fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: maxMutations }) })
    .map(({ seed, mutations }) => {
      const s = seeds[seed]!;
      return { label: `${s.name} ${JSON.stringify(mutations.map(describe))}`, bytes: applyMutations(s, mutations, seeds) };
    });
  const random = fc.uint8Array({ maxLength: options.randomMaxLength ?? 4096 }).map((bytes) => ({ label: `random ${bytes.length} bytes`, bytes }));
  // Random bytes behind a real magic number reach past the format sniffing.
  const magicThenRandom = fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), keep: fc.integer({ min: 1, max: 64 }), tail: fc.uint8Array({ maxLength: 2048 }) })
    .map(({ seed, keep, tail }) => {
      const s = seeds[seed]!;
      return { label: `${s.name} first ${keep} bytes + ${tail.length} random`, bytes: concat(s.bytes.subarray(0, keep), tail) };
    });
  return fc.oneof({ weight: 16, arbitrary: mutated }, { weight: 2, arbitrary: magicThenRandom }, { weight: 1, arbitrary: random });
}

function describe(m: Mutation): string {
  switch (m.k) {
    case "insert":
      return `insert@${m.at}:${Buffer.from(m.bytes).toString("hex")}`;
    case "flip":
      return `flip@${m.at}.${m.bit}`;
    case "set":
      return `set@${m.at}=${m.value}`;
    case "delete":
      return `delete@${m.at}+${m.length}`;
    case "truncate":
      return `truncate@${m.at}`;
    case "splice":
      return `splice@${m.at}<-${m.other}:${m.from}`;
    case "field":
      return `field#${m.field}=${INTERESTING[m.value % INTERESTING.length]}/${m.width}${m.be ? "be" : "le"}`;
    case "varint":
      return `varint@${m.at}=${INTERESTING[m.value % INTERESTING.length]}`;
    case "repeat":
      return `repeat@${m.at}+${m.length}x${m.times}`;
  }
}

/** Every proper prefix length of `bytes` when short, else `count` spread evenly plus the edges. */
export function cutPoints(length: number, count = 200): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>([0, 1, 2, 3, 4, 5, 6, 7, 8, length - 1, length - 2]);
  for (let i = 0; i < count; i++) out.add(Math.floor((i * length) / count));
  return [...out].filter((n) => n >= 0 && n < length).sort((a, b) => a - b);
}
