/**
 * A lenient, bounded tar reader (POSIX ustar, GNU and PAX headers). PyTorch's oldest `torch.save`
 * format is a tar of pickles (`pickle`, `storages`, `tensors`) that `torch.load` still unpickles, and
 * `.tar`/`.tar.gz` bundles of checkpoints are common. Members are views into the archive (no copies);
 * checksums are not enforced (the scanner must see at least what a loader sees); a header or member
 * that runs past the end stops the walk and is reported as a problem, never a silent pass.
 */

export interface TarEntry {
  /** Path in the archive (PAX `path` or GNU long name when present, else ustar prefix + name). */
  name: string;
  /** Type flag: "0" (or "\0") regular file, "5" directory, "2" symlink … */
  type: string;
  /** Byte offset of the header block. */
  offset: number;
  /** Byte offset of the data. */
  dataOffset: number;
  size: number;
  /** The member's bytes (a view into the archive). */
  data: Uint8Array;
}

export interface TarReadResult {
  entries: TarEntry[];
  /** Why the walk stopped early or what was skipped. */
  problems: string[];
}

const BLOCK = 512;
const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/** True for a ustar (POSIX or GNU) header at the start of `bytes`. */
export function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= 263 && bytes[257] === 0x75 && bytes[258] === 0x73 && bytes[259] === 0x74 && bytes[260] === 0x61 && bytes[261] === 0x72;
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return utf8.decode(bytes.subarray(start, end));
}

/** Octal (space/NUL padded) or GNU base-256 (high bit set) number field; NaN when unreadable. */
function numberField(bytes: Uint8Array, start: number, length: number): number {
  if ((bytes[start]! & 0x80) !== 0) {
    let value = bytes[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + bytes[i]!;
    return value;
  }
  // Fields are padded with spaces and NULs on either side; a 12-byte field needs no regex for that.
  const text = latin1.decode(bytes.subarray(start, start + length)).split("\0").join(" ").trim();
  return /^[0-7]{1,22}$/.test(text) ? parseInt(text, 8) : text === "" ? 0 : Number.NaN;
}

/** PAX extended header records: `<len> key=value\n`. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const text = utf8.decode(data);
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(" ", at);
    const length = Number(text.slice(at, space));
    if (space < 0 || !Number.isInteger(length) || length <= 0) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf("=");
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

export function readTar(bytes: Uint8Array, options: { maxEntries?: number } = {}): TarReadResult {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries: TarEntry[] = [];
  const problems: string[] = [];
  let pos = 0;
  let longName: string | undefined;
  let pax: Map<string, string> | undefined;
  let ended = false;
  while (pos + BLOCK <= bytes.length) {
    const header = bytes.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) {
      ended = true; // end-of-archive marker
      break;
    }
    const type = String.fromCharCode(header[156] ?? 0);
    const size = numberField(header, 124, 12);
    if (!Number.isFinite(size) || size < 0) {
      problems.push(`header at byte ${pos} has an unreadable size; the rest of the archive was not read`);
      return { entries, problems };
    }
    const dataOffset = pos + BLOCK;
    if (dataOffset + size > bytes.length) {
      problems.push(`member at byte ${pos} runs past the end of the archive (truncated); the rest was not read`);
      return { entries, problems };
    }
    const data = bytes.subarray(dataOffset, dataOffset + size);
    if (type === "L") {
      longName = cString(data, 0, data.length);
    } else if (type === "x") {
      pax = paxRecords(data);
    } else if (type === "g") {
      // global PAX header: nothing the scan needs
    } else {
      const prefix = isTar(header) ? cString(header, 345, 155) : "";
      const base = cString(header, 0, 100);
      const name = pax?.get("path") ?? longName ?? (prefix ? `${prefix}/${base}` : base);
      const paxSize = pax?.get("size");
      const realSize = paxSize !== undefined && /^\d{1,15}$/.test(paxSize) ? Number(paxSize) : size;
      const realData = realSize === size ? data : bytes.subarray(dataOffset, Math.min(bytes.length, dataOffset + realSize));
      entries.push({ name, type: type === "\0" ? "0" : type, offset: pos, dataOffset, size: realData.length, data: realData });
      longName = undefined;
      pax = undefined;
      if (entries.length >= maxEntries) {
        problems.push(`more than ${maxEntries} members; the rest were not read`);
        return { entries, problems };
      }
      pos = dataOffset + Math.ceil(realSize / BLOCK) * BLOCK;
      continue;
    }
    pos = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  // Stopping exactly at a member boundary is how some writers end; anything else was cut off.
  if (!ended && pos !== bytes.length) problems.push(`the archive ends inside a member or header at byte ${Math.min(pos, bytes.length)} (truncated); what followed was not read`);
  return { entries, problems };
}
