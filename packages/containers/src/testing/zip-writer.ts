/**
 * A small zip writer for tests and fixture builders. It writes well-formed archives by default and
 * can produce every quirk the reader must tolerate: bad CRCs, odd flag bits, a central-directory name
 * that differs from the local one, data descriptors, zip64 fields, members missing from the central
 * directory, junk before the archive, and PyTorch-style 64-byte data alignment.
 */
import { deflateSync } from "fflate";

export interface ZipWriterEntry {
  name: string;
  data: Uint8Array | string;
  /** 0 stored (default) or 8 deflate; any other value is written as is with the data stored. */
  method?: number;
  /** General-purpose flag bits (0x1, 0x20, 0x40 …). 0x8 is added when `dataDescriptor` is set. */
  flags?: number;
  /** CRC-32 to write instead of the real one. */
  crc32?: number;
  /** Name to write in the central directory instead of `name`. */
  centralName?: string;
  /** Write sizes and CRC in a trailing data descriptor (local header fields are zero). */
  dataDescriptor?: boolean;
  /** Leave this member out of the central directory. */
  omitFromCentral?: boolean;
  /** Write 0xFFFFFFFF sizes with a zip64 extra field. */
  zip64?: boolean;
  /** Pad the local extra field so the data starts at a multiple of this (PyTorch aligns to 64). */
  align?: number;
}

export interface ZipWriterOptions {
  /** Bytes written before the first local header (self-extractor stub). */
  prefix?: Uint8Array;
  /** Leave out the central directory and end record entirely. */
  omitCentralDirectory?: boolean;
  /** Bytes to place between members, after member i (index → junk). */
  junkAfter?: Record<number, Uint8Array>;
}

const encoder = new TextEncoder();
let crcTable: Uint32Array | undefined;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of data) crc = (crcTable[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

class ByteSink {
  private chunks: Uint8Array[] = [];
  length = 0;

  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  u16(v: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.bytes(b);
  }

  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.bytes(b);
  }

  u64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.bytes(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function zip64Extra(usize: number, csize: number, offset?: number): Uint8Array {
  const sink = new ByteSink();
  sink.u16(0x0001);
  sink.u16(offset === undefined ? 16 : 24);
  sink.u64(usize);
  sink.u64(csize);
  if (offset !== undefined) sink.u64(offset);
  return sink.finish();
}

/** Builds a zip archive from `entries` (see the module comment for the quirks it can write). */
export function writeZip(entries: readonly ZipWriterEntry[], options: ZipWriterOptions = {}): Uint8Array {
  const sink = new ByteSink();
  if (options.prefix) sink.bytes(options.prefix);
  const central: { entry: ZipWriterEntry; offset: number; crc: number; csize: number; usize: number; method: number; flags: number }[] = [];
  entries.forEach((entry, index) => {
    const raw = typeof entry.data === "string" ? encoder.encode(entry.data) : entry.data;
    const method = entry.method ?? 0;
    const stored = method === 8 ? deflateSync(raw) : raw;
    const crc = entry.crc32 ?? crc32(raw);
    const flags = (entry.flags ?? 0) | (entry.dataDescriptor ? 0x8 : 0);
    const name = encoder.encode(entry.name);
    const offset = sink.length;
    let extra: Uint8Array = entry.zip64 ? zip64Extra(raw.length, stored.length) : new Uint8Array(0);
    if (entry.align) {
      const dataStart = offset + 30 + name.length + extra.length + 4;
      const pad = (entry.align - (dataStart % entry.align)) % entry.align;
      const padded = new Uint8Array(extra.length + 4 + pad);
      padded.set(extra, 0);
      // "FB" padding field, as PyTorch's writer uses.
      padded.set([0x46, 0x42, pad & 0xff, pad >> 8], extra.length);
      extra = padded;
    }
    sink.u32(0x04034b50);
    sink.u16(entry.zip64 ? 45 : 20);
    sink.u16(flags);
    sink.u16(method);
    sink.u16(0);
    sink.u16(0x21);
    const deferred = entry.dataDescriptor === true;
    sink.u32(deferred ? 0 : crc);
    sink.u32(deferred ? 0 : entry.zip64 ? 0xffffffff : stored.length);
    sink.u32(deferred ? 0 : entry.zip64 ? 0xffffffff : raw.length);
    sink.u16(name.length);
    sink.u16(extra.length);
    sink.bytes(name);
    sink.bytes(extra);
    sink.bytes(stored);
    if (deferred) {
      sink.u32(0x08074b50);
      sink.u32(crc);
      if (entry.zip64) {
        sink.u64(stored.length);
        sink.u64(raw.length);
      } else {
        sink.u32(stored.length);
        sink.u32(raw.length);
      }
    }
    const junk = options.junkAfter?.[index];
    if (junk) sink.bytes(junk);
    if (!entry.omitFromCentral) central.push({ entry, offset, crc, csize: stored.length, usize: raw.length, method, flags });
  });
  if (options.omitCentralDirectory) return sink.finish();
  const prefixLength = options.prefix?.length ?? 0;
  const cdStart = sink.length;
  for (const c of central) {
    const name = encoder.encode(c.entry.centralName ?? c.entry.name);
    const extra = c.entry.zip64 ? zip64Extra(c.usize, c.csize, c.offset - prefixLength) : new Uint8Array(0);
    sink.u32(0x02014b50);
    sink.u16(c.entry.zip64 ? 45 : 20);
    sink.u16(c.entry.zip64 ? 45 : 20);
    sink.u16(c.flags);
    sink.u16(c.method);
    sink.u16(0);
    sink.u16(0x21);
    sink.u32(c.crc);
    sink.u32(c.entry.zip64 ? 0xffffffff : c.csize);
    sink.u32(c.entry.zip64 ? 0xffffffff : c.usize);
    sink.u16(name.length);
    sink.u16(extra.length);
    sink.u16(0);
    sink.u16(0);
    sink.u16(0);
    sink.u32(0);
    sink.u32(c.entry.zip64 ? 0xffffffff : c.offset - prefixLength);
    sink.bytes(name);
    sink.bytes(extra);
  }
  const cdSize = sink.length - cdStart;
  sink.u32(0x06054b50);
  sink.u16(0);
  sink.u16(0);
  sink.u16(central.length);
  sink.u16(central.length);
  sink.u32(cdSize);
  sink.u32(cdStart - prefixLength);
  sink.u16(0);
  return sink.finish();
}
