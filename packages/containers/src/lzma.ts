/**
 * LZMA-alone (".lzma", Python's `lzma.FORMAT_ALONE`, joblib's "lzma" compressor) decoder.
 *
 * Written here because no maintained pure-JS/wasm package decodes this legacy format with bounded
 * output on Node 20: `lzma` (LZMA-JS) materialises the whole output with no hook to stop it,
 * `lzma-purejs` is an AMD module last released in 2013, `@napi-rs/lzma` needs Node 22 and
 * xz-embedded (`xz-decompress`) only reads LZMA2 inside .xz. The algorithm follows the public LZMA
 * specification (Igor Pavlov, `lzma-specification.txt` in the LZMA SDK). Output goes byte by byte to
 * a sink that enforces the limits; the window grows with the output instead of being allocated at
 * the header's dictionary size (which an attacker controls).
 */

export interface ByteSink {
  writeByte(byte: number): void;
}

const PROB_INIT = 1024;
const TOP = 0x1000000;

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  private pos: number;

  constructor(
    private readonly input: Uint8Array,
    start: number,
  ) {
    this.pos = start;
    if (this.next() !== 0) throw new Error("corrupt LZMA stream: first range-coder byte is not 0");
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
    if (this.code === this.range) throw new Error("corrupt LZMA stream");
  }

  private next(): number {
    const b = this.input[this.pos++];
    if (b === undefined) throw new Error("unexpected end of input in LZMA stream");
    return b;
  }

  finishedOk(): boolean {
    return this.code === 0;
  }

  private normalize(): void {
    if (this.range < TOP) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.next()) >>> 0;
    }
  }

  bit(probs: Uint16Array, index: number): number {
    const p = probs[index] ?? PROB_INIT;
    const bound = (this.range >>> 11) * p;
    let bit: number;
    if (this.code < bound) {
      probs[index] = p + ((2048 - p) >>> 5);
      this.range = bound >>> 0;
      bit = 0;
    } else {
      probs[index] = p - (p >>> 5);
      this.code = (this.code - bound) >>> 0;
      this.range = (this.range - bound) >>> 0;
      bit = 1;
    }
    this.normalize();
    return bit;
  }

  direct(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range = this.range >>> 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code = (this.code - this.range) >>> 0;
        bit = 1;
      }
      this.normalize();
      result = result * 2 + bit;
    }
    return result;
  }

  tree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(probs, offset + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, offset: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const bit = this.bit(probs, offset + m);
      m = (m << 1) + bit;
      symbol |= bit << i;
    }
    return symbol;
  }
}

/** Output window that grows up to the dictionary size, then wraps. */
class Window {
  private buf = new Uint8Array(64 * 1024);
  private pos = 0;
  total = 0;

  constructor(
    private readonly size: number,
    private readonly sink: ByteSink,
  ) {}

  put(byte: number): void {
    if (this.pos === this.buf.length) {
      if (this.buf.length < this.size) {
        const bigger = new Uint8Array(Math.min(this.size, this.buf.length * 2));
        bigger.set(this.buf);
        this.buf = bigger;
      } else {
        this.pos = 0;
      }
    }
    this.buf[this.pos++] = byte;
    this.total++;
    this.sink.writeByte(byte);
  }

  /** The byte `distance` back (1 = the last byte). */
  get(distance: number): number {
    let i = this.pos - distance;
    if (i < 0) i += this.buf.length;
    return this.buf[i] ?? 0;
  }

  fits(distance: number): boolean {
    return distance <= this.total && distance <= this.buf.length;
  }
}

class LengthDecoder {
  private readonly choice = new Uint16Array(2).fill(PROB_INIT);
  private readonly low = new Uint16Array(16 << 3).fill(PROB_INIT);
  private readonly mid = new Uint16Array(16 << 3).fill(PROB_INIT);
  private readonly high = new Uint16Array(256).fill(PROB_INIT);

  decode(rc: RangeDecoder, posState: number): number {
    if (rc.bit(this.choice, 0) === 0) return rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.tree(this.mid, posState << 3, 3);
    return 16 + rc.tree(this.high, 0, 8);
  }
}

/** Decodes a whole LZMA-alone stream into `sink`. Throws Error on corrupt or truncated input. */
export function decodeLzmaAlone(data: Uint8Array, sink: ByteSink): void {
  if (data.length < 13) throw new Error("unexpected end of input: LZMA header is 13 bytes");
  let props = data[0] ?? 0;
  if (props >= 9 * 5 * 5) throw new Error("corrupt LZMA header: bad properties byte");
  const lc = props % 9;
  props = Math.floor(props / 9);
  const lp = props % 5;
  const pb = Math.floor(props / 5);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const dictSize = Math.max(view.getUint32(1, true), 4096);
  const low = view.getUint32(5, true);
  const high = view.getUint32(9, true);
  const sizeKnown = !(low === 0xffffffff && high === 0xffffffff);
  let remaining = sizeKnown ? high * 0x1_0000_0000 + low : Number.POSITIVE_INFINITY;

  const rc = new RangeDecoder(data, 13);
  const out = new Window(dictSize, sink);
  const literals = new Uint16Array(0x300 << (lc + lp)).fill(PROB_INIT);
  const isMatch = new Uint16Array(12 << 4).fill(PROB_INIT);
  const isRep = new Uint16Array(12).fill(PROB_INIT);
  const isRepG0 = new Uint16Array(12).fill(PROB_INIT);
  const isRepG1 = new Uint16Array(12).fill(PROB_INIT);
  const isRepG2 = new Uint16Array(12).fill(PROB_INIT);
  const isRep0Long = new Uint16Array(12 << 4).fill(PROB_INIT);
  const posSlot = new Uint16Array(4 << 6).fill(PROB_INIT);
  const posDecoders = new Uint16Array(1 + 128 - 14).fill(PROB_INIT);
  const align = new Uint16Array(16).fill(PROB_INIT);
  const lenDecoder = new LengthDecoder();
  const repLenDecoder = new LengthDecoder();
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;

  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;

  const decodeDistance = (len: number): number => {
    const lenState = Math.min(len, 3);
    const slot = rc.tree(posSlot, lenState << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    let dist = (2 | (slot & 1)) * 2 ** directBits;
    if (slot < 14) {
      dist += rc.reverseTree(posDecoders, dist - slot, directBits);
    } else {
      dist += rc.direct(directBits - 4) * 16;
      dist += rc.reverseTree(align, 0, 4);
    }
    return dist;
  };

  for (;;) {
    if (sizeKnown && remaining === 0 && rc.finishedOk()) return;
    const posState = out.total & pbMask;
    if (rc.bit(isMatch, (state << 4) + posState) === 0) {
      if (remaining === 0) throw new Error("corrupt LZMA stream: data after the declared size");
      const prev = out.total > 0 ? out.get(1) : 0;
      const base = 0x300 * (((out.total & lpMask) << lc) + (prev >>> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        let matchByte = out.get(rep0 + 1);
        do {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const bit = rc.bit(literals, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | bit;
          if (matchBit !== bit) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(literals, base + symbol);
      out.put(symbol - 0x100);
      remaining--;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len: number;
    if (rc.bit(isRep, state) !== 0) {
      if (remaining === 0 || out.total === 0) throw new Error("corrupt LZMA stream");
      if (rc.bit(isRepG0, state) === 0) {
        if (rc.bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out.put(out.get(rep0 + 1));
          remaining--;
          continue;
        }
      } else {
        let dist: number;
        if (rc.bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (rc.bit(isRepG2, state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = repLenDecoder.decode(rc, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = lenDecoder.decode(rc, posState);
      state = state < 7 ? 7 : 10;
      rep0 = decodeDistance(len);
      if (rep0 === 0xffffffff) {
        if (rc.finishedOk()) return;
        throw new Error("corrupt LZMA stream: end marker with data left");
      }
      if (remaining === 0) throw new Error("corrupt LZMA stream: data after the declared size");
      if (rep0 >= dictSize || !out.fits(rep0 + 1)) throw new Error("corrupt LZMA stream: match distance out of range");
    }
    len += 2;
    let truncated = false;
    if (remaining < len) {
      len = remaining;
      truncated = true;
    }
    for (let i = 0; i < len; i++) out.put(out.get(rep0 + 1));
    remaining -= len;
    if (truncated) throw new Error("corrupt LZMA stream: match runs past the declared size");
  }
}
