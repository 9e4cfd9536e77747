/**
 * A zip reader that reads archives the way PyTorch's loader (miniz) and numpy's `np.load` accept them,
 * not the way a strict validator would: CRCs and general-purpose flag bits are ignored, a local-header
 * name that differs from the central directory is tolerated, and one bad member never aborts the
 * archive. Every local header is found twice over: by walking the headers sequentially from the start
 * of the file, and through the central directory. A member seen either way is an entry.
 */
import type { DecodeLimits } from "./budget.js";
import { DecodeBudget } from "./budget.js";
import { ContainerError } from "./errors.js";
import { inflateBounded } from "./flate.js";

export const ZIP_METHOD_STORED = 0;
export const ZIP_METHOD_DEFLATE = 8;

export interface ZipDataOptions {
  /**
   * Decode only the first `maxBytes` bytes (for sniffing or reading a header). A prefix read never
   * trips the bomb or ratio limits and is not charged to the budget.
   */
  maxBytes?: number;
}

export interface ZipEntry {
  /** Name from the local file header (what the bytes say where the data is). */
  name: string;
  /** Name from the central directory, only when it differs from `name` (a CVE-2025-1944 trick). */
  centralName?: string;
  /** Byte offset of the local file header in the archive. */
  offset: number;
  /** Byte offset of the member's (compressed) data in the archive. */
  dataOffset: number;
  /** Compression method: 0 stored, 8 deflate; others are reported by `data()` as unsupported. */
  method: number;
  /** General-purpose flag bits from the local header (0x1 "encrypted", 0x8 data descriptor …), never enforced. */
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** CRC-32 recorded for the member; never checked (PyTorch does not check it either). */
  crc32: number;
  /** True when the sizes or the offset came from a zip64 extra field. */
  zip64: boolean;
  /** True when the member's data runs past the end of the file (data() then throws "truncated"). */
  truncated: boolean;
  /** How the header was found. */
  foundBy: "sequential" | "central" | "both";
  /**
   * The member's decompressed bytes. Stored members are returned without a copy. Throws a
   * ContainerError: "unsupported_method", "truncated", "corrupt", "bomb" or "ratio".
   */
  data(options?: ZipDataOptions): Uint8Array;
}

export interface ZipReadOptions {
  /** Budget shared with other decoders of the same file; a new one from `limits` otherwise. */
  budget?: DecodeBudget;
  /** Stop collecting after this many entries (reported in problems). Default 100 000. */
  maxEntries?: number;
}

export interface ZipReadResult {
  entries: ZipEntry[];
  /**
   * Things that may have hidden content from the reader: no central directory and a broken walk,
   * unreadable headers, too many entries. A caller scanning for threats should treat a non-empty
   * list as "incomplete".
   */
  problems: string[];
  /** Oddities that hide nothing (name mismatches, flag bits, junk after the last member). */
  quirks: string[];
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const LOCAL_HEADER_LEN = 30;
const CENTRAL_HEADER_LEN = 46;
const EOCD_LEN = 22;
const MAX_COMMENT = 0xffff;
const DEFAULT_MAX_ENTRIES = 100_000;

const utf8 = new TextDecoder("utf-8", { fatal: false });

interface CentralRecord {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  zip64: boolean;
}

class Reader {
  readonly view: DataView;
  readonly length: number;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  has(offset: number, length: number): boolean {
    return offset >= 0 && offset + length <= this.length;
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /** 64-bit little-endian as a JS number; values above 2^53 become Infinity (never valid offsets). */
  u64(offset: number): number {
    const low = this.view.getUint32(offset, true);
    const high = this.view.getUint32(offset + 4, true);
    return high >= 0x200000 ? Number.POSITIVE_INFINITY : high * 0x1_0000_0000 + low;
  }

  sig(offset: number): number {
    return this.has(offset, 4) ? this.u32(offset) : -1;
  }

  text(offset: number, length: number): string {
    return utf8.decode(this.bytes.subarray(offset, Math.min(offset + length, this.length)));
  }
}

/** Values from a zip64 extended-information extra field (id 0x0001) for the fields that are 0xFFFFFFFF. */
function readZip64Extra(
  r: Reader,
  extraStart: number,
  extraLength: number,
  want: { usize: boolean; csize: boolean; offset: boolean },
): { usize?: number; csize?: number; offset?: number } | undefined {
  const end = Math.min(extraStart + extraLength, r.length);
  for (let at = extraStart; at + 4 <= end; ) {
    const id = r.u16(at);
    const size = r.u16(at + 2);
    const body = at + 4;
    if (id === 0x0001) {
      const out: { usize?: number; csize?: number; offset?: number } = {};
      let p = body;
      const stop = Math.min(body + size, end);
      if (want.usize && p + 8 <= stop) {
        out.usize = r.u64(p);
        p += 8;
      }
      if (want.csize && p + 8 <= stop) {
        out.csize = r.u64(p);
        p += 8;
      }
      if (want.offset && p + 8 <= stop) out.offset = r.u64(p);
      return out;
    }
    at = body + size;
  }
  return undefined;
}

/** Finds the end-of-central-directory record by scanning back over a possible comment. */
function findEocd(r: Reader): number {
  const lowest = Math.max(0, r.length - EOCD_LEN - MAX_COMMENT);
  for (let at = r.length - EOCD_LEN; at >= lowest; at--) {
    if (r.bytes[at] === 0x50 && r.u32(at) === SIG_EOCD) return at;
  }
  return -1;
}

function readCentralDirectory(
  r: Reader,
  problems: string[],
  quirks: string[],
  maxEntries: number,
): { records: CentralRecord[]; shift: number; start: number } | undefined {
  const eocd = findEocd(r);
  if (eocd < 0) return undefined;
  let count = r.u16(eocd + 10);
  let size = r.u32(eocd + 12);
  let offset = r.u32(eocd + 16);
  let endOfDirectory = eocd;
  const locator = eocd - 20;
  if (locator >= 0 && r.u32(locator) === SIG_ZIP64_LOCATOR) {
    const z = r.u64(locator + 8);
    if (r.has(z, 56) && r.u32(z) === SIG_ZIP64_EOCD) {
      count = r.u64(z + 32);
      size = r.u64(z + 40);
      offset = r.u64(z + 48);
      endOfDirectory = z;
    } else {
      problems.push(`zip64 end-of-central-directory record not found at ${z}`);
    }
  }
  // Bytes prepended to the archive (self-extractor stubs) shift every recorded offset.
  let shift = endOfDirectory - (offset + size);
  if (!Number.isFinite(shift) || shift < 0) shift = 0;
  if (shift > 0) quirks.push(`${shift} bytes precede the archive; offsets are shifted`);
  const records: CentralRecord[] = [];
  let at = offset + shift;
  for (let i = 0; i < count; i++) {
    if (records.length >= maxEntries) {
      problems.push(`more than ${maxEntries} central-directory entries; the rest were not read`);
      break;
    }
    if (!r.has(at, CENTRAL_HEADER_LEN) || r.u32(at) !== SIG_CENTRAL) {
      problems.push(`central directory entry ${i} of ${count} is unreadable at offset ${at}`);
      break;
    }
    const flags = r.u16(at + 8);
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    let compressedSize = r.u32(at + 20);
    let uncompressedSize = r.u32(at + 24);
    let localOffset = r.u32(at + 42);
    let zip64 = false;
    const want = {
      usize: uncompressedSize === 0xffffffff,
      csize: compressedSize === 0xffffffff,
      offset: localOffset === 0xffffffff,
    };
    if (want.usize || want.csize || want.offset) {
      const z = readZip64Extra(r, at + CENTRAL_HEADER_LEN + nameLength, extraLength, want);
      if (z) {
        zip64 = true;
        if (z.usize !== undefined) uncompressedSize = z.usize;
        if (z.csize !== undefined) compressedSize = z.csize;
        if (z.offset !== undefined) localOffset = z.offset;
      }
    }
    records.push({
      name: r.text(at + CENTRAL_HEADER_LEN, nameLength),
      method: r.u16(at + 10),
      flags,
      crc32: r.u32(at + 16),
      compressedSize,
      uncompressedSize,
      localOffset: localOffset + shift,
      zip64,
    });
    at += CENTRAL_HEADER_LEN + nameLength + extraLength + commentLength;
  }
  return { records, shift, start: offset + shift };
}

/**
 * Finds where a member whose sizes sit in a trailing data descriptor ends, when no central record
 * gives the size: the first descriptor (signature optional) whose compressed size equals its
 * distance from the data start. Returns the compressed size or -1.
 */
function findDescriptor(r: Reader, dataStart: number): { size: number; descriptorLength: number } {
  for (let at = dataStart; at + 12 <= r.length; at++) {
    if (r.bytes[at] !== 0x50 || r.u32(at) !== SIG_DESCRIPTOR) continue;
    const distance = at - dataStart;
    if (r.has(at, 16) && r.u32(at + 8) === distance) return { size: distance, descriptorLength: 16 };
    if (r.has(at, 24) && r.u64(at + 8) === distance) return { size: distance, descriptorLength: 24 };
  }
  return { size: -1, descriptorLength: 0 };
}

/** Length of the data descriptor at `at`: the candidate after which the next record (or the end) starts. */
function descriptorLengthAt(r: Reader, at: number, zip64: boolean): number {
  const candidates = r.sig(at) === SIG_DESCRIPTOR ? (zip64 ? [24, 16] : [16, 24]) : zip64 ? [20, 12, 0] : [12, 20, 0];
  for (const length of candidates) {
    const next = at + length;
    if (next === r.length) return length;
    const sig = r.sig(next);
    if (sig === SIG_LOCAL || sig === SIG_CENTRAL || sig === SIG_EOCD || sig === SIG_ZIP64_EOCD) return length;
  }
  return candidates[0] ?? 0;
}

interface LocalHeader {
  offset: number;
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  dataOffset: number;
  zip64: boolean;
  /** Offset right after the member (data plus descriptor), when known. */
  end: number;
}

function readLocalHeader(r: Reader, offset: number, central: CentralRecord | undefined): LocalHeader | undefined {
  if (!r.has(offset, LOCAL_HEADER_LEN) || r.u32(offset) !== SIG_LOCAL) return undefined;
  const flags = r.u16(offset + 6);
  const method = r.u16(offset + 8);
  let compressedSize = r.u32(offset + 18);
  let uncompressedSize = r.u32(offset + 22);
  const nameLength = r.u16(offset + 26);
  const extraLength = r.u16(offset + 28);
  const dataOffset = offset + LOCAL_HEADER_LEN + nameLength + extraLength;
  let zip64 = false;
  if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
    const z = readZip64Extra(r, offset + LOCAL_HEADER_LEN + nameLength, extraLength, {
      usize: uncompressedSize === 0xffffffff,
      csize: compressedSize === 0xffffffff,
      offset: false,
    });
    if (z) {
      zip64 = true;
      if (z.usize !== undefined) uncompressedSize = z.usize;
      if (z.csize !== undefined) compressedSize = z.csize;
    }
  }
  let descriptorLength = 0;
  const deferred = (flags & 0x8) !== 0;
  if (deferred) {
    if (central) {
      compressedSize = central.compressedSize;
      uncompressedSize = central.uncompressedSize;
      zip64 ||= central.zip64;
      descriptorLength = descriptorLengthAt(r, dataOffset + compressedSize, zip64);
    } else if (compressedSize === 0) {
      const found = findDescriptor(r, dataOffset);
      compressedSize = found.size;
      descriptorLength = found.descriptorLength;
      if (found.size >= 0 && r.has(dataOffset + found.size, found.descriptorLength)) {
        uncompressedSize =
          found.descriptorLength === 24 ? r.u64(dataOffset + found.size + 16) : r.u32(dataOffset + found.size + 12);
      }
    } else {
      descriptorLength = descriptorLengthAt(r, dataOffset + compressedSize, zip64);
    }
  }
  return {
    offset,
    name: r.text(offset + LOCAL_HEADER_LEN, nameLength),
    flags,
    method,
    crc32: r.u32(offset + 14),
    compressedSize,
    uncompressedSize,
    dataOffset,
    zip64,
    end: compressedSize < 0 ? -1 : dataOffset + compressedSize + descriptorLength,
  };
}

function makeEntry(
  r: Reader,
  header: LocalHeader,
  central: CentralRecord | undefined,
  foundBy: ZipEntry["foundBy"],
  budget: DecodeBudget,
): ZipEntry {
  const size = header.compressedSize;
  const truncated = size < 0 || header.dataOffset + size > r.length;
  const label = `zip member ${header.name}`;
  const entry: ZipEntry = {
    name: header.name,
    offset: header.offset,
    dataOffset: header.dataOffset,
    method: header.method,
    flags: header.flags,
    compressedSize: size,
    uncompressedSize: header.uncompressedSize,
    crc32: header.crc32,
    zip64: header.zip64,
    truncated,
    foundBy,
    data(options: ZipDataOptions = {}): Uint8Array {
      const available = size < 0 ? r.length : Math.min(header.dataOffset + size, r.length);
      const raw = r.bytes.subarray(Math.min(header.dataOffset, r.length), available);
      if (header.method === ZIP_METHOD_STORED) {
        if (options.maxBytes !== undefined) return raw.subarray(0, options.maxBytes);
        if (truncated) throw new ContainerError("truncated", `${label}: data runs past the end of the file`, raw);
        return raw;
      }
      if (header.method === ZIP_METHOD_DEFLATE) {
        const opts = options.maxBytes === undefined ? { what: label } : { what: label, maxBytes: options.maxBytes };
        try {
          return inflateBounded(raw, "raw", budget, opts);
        } catch (error) {
          if (truncated && error instanceof ContainerError && error.code === "corrupt") {
            throw new ContainerError("truncated", `${label}: data runs past the end of the file`, error.partial);
          }
          throw error;
        }
      }
      throw new ContainerError("unsupported_method", `${label}: compression method ${header.method} is not supported`);
    },
  };
  if (central && central.name !== header.name) entry.centralName = central.name;
  return entry;
}

/**
 * Reads a zip archive leniently (see the module comment). Never throws on malformed input: whatever
 * cannot be read is described in `problems`, and members are decoded lazily through `entry.data()`.
 */
export function readZip(bytes: Uint8Array, limits: DecodeLimits, options: ZipReadOptions = {}): ZipReadResult {
  const r = new Reader(bytes);
  const budget = options.budget ?? new DecodeBudget(limits);
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const problems: string[] = [];
  const quirks: string[] = [];
  const directory = readCentralDirectory(r, problems, quirks, maxEntries);
  const centralByOffset = new Map<number, CentralRecord>();
  for (const record of directory?.records ?? []) {
    if (!centralByOffset.has(record.localOffset)) centralByOffset.set(record.localOffset, record);
  }
  const found = new Map<number, { header: LocalHeader; foundBy: ZipEntry["foundBy"] }>();

  // 1. Sequential walk of local headers from the start (after any prepended stub), as a streaming reader does.
  let at = directory?.shift ?? 0;
  let walkBroke = false;
  while (at + 4 <= r.length && found.size < maxEntries) {
    const sig = r.u32(at);
    if (sig === SIG_CENTRAL || sig === SIG_EOCD || sig === SIG_ZIP64_EOCD) break;
    const header = sig === SIG_LOCAL ? readLocalHeader(r, at, centralByOffset.get(at)) : undefined;
    if (!header) {
      walkBroke = true;
      const where = directory && at < directory.start ? "before the central directory" : "";
      quirks.push(`unexpected bytes at offset ${at} ${where}`.trim());
      break;
    }
    found.set(at, { header, foundBy: "sequential" });
    if (header.end < 0 || header.end <= at) {
      walkBroke = true;
      quirks.push(`member ${header.name} at ${at} has no recoverable size; sequential walk stopped`);
      break;
    }
    at = header.end;
  }

  // 2. Every local header the central directory points at.
  for (const record of directory?.records ?? []) {
    const previous = found.get(record.localOffset);
    if (previous) {
      if (previous.foundBy === "sequential") previous.foundBy = "both";
      continue;
    }
    if (found.size >= maxEntries) {
      problems.push(`more than ${maxEntries} members; the rest were not read`);
      break;
    }
    const header = readLocalHeader(r, record.localOffset, record);
    if (!header) {
      problems.push(`central directory entry ${record.name} points at ${record.localOffset}, where there is no local header`);
      continue;
    }
    found.set(record.localOffset, { header, foundBy: "central" });
  }
  if (!directory) {
    if (found.size === 0) problems.push("no zip local headers and no central directory found");
    else if (walkBroke) problems.push("no central directory, and the sequential walk stopped early");
    else quirks.push("no central directory; members found by walking the local headers");
  }

  const entries = [...found.values()]
    .sort((a, b) => a.header.offset - b.header.offset)
    .map(({ header, foundBy }) => {
      const central = centralByOffset.get(header.offset);
      const entry = makeEntry(r, header, central, foundBy, budget);
      if (entry.centralName !== undefined) {
        quirks.push(`member at ${header.offset} is named ${header.name} locally but ${entry.centralName} in the central directory`);
      }
      if (entry.truncated) problems.push(`member ${entry.name} runs past the end of the file`);
      return entry;
    });
  return { entries, problems, quirks };
}
