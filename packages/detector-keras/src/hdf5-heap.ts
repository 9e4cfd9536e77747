/**
 * Pre-flight check of HDF5 global heap collections ("GCOL"), which hold variable-length strings and
 * sequences. libhdf5 loops forever on some corrupt collections (an object whose size makes the next
 * header land on a zero-sized free-space record), and a hang inside wasm cannot be interrupted. So
 * before any variable-length data is read, every collection in the file is walked here; when one is
 * malformed, variable-length data is not read and the file is reported as incomplete.
 *
 * Layout (HDF5 file format spec, "Global Heap"): "GCOL", version 1, 3 reserved bytes, collection
 * size (size-of-lengths bytes), then objects: index (2), reference count (2), reserved (4), size
 * (size-of-lengths), data padded to 8 bytes. Index 0 is the free space and runs to the end.
 */

const SIGNATURE = [0x47, 0x43, 0x4f, 0x4c]; // "GCOL"
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** libhdf5 never writes a collection smaller than this (H5HG_MINSIZE). */
const MIN_COLLECTION = 4096;

function matches(bytes: Uint8Array, at: number, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

function readUint(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/** Size of lengths from the superblock (8 unless the file says otherwise). */
function sizeOfLengths(bytes: Uint8Array): number {
  for (const base of [0, 512, 1024, 2048, 4096, 8192]) {
    if (!matches(bytes, base, HDF5_MAGIC)) continue;
    const version = bytes[base + 8] ?? 0;
    const n = version <= 1 ? bytes[base + 14] : bytes[base + 10];
    return n === 2 || n === 4 || n === 8 ? n : 8;
  }
  return 8;
}

/** Returns a description of the first malformed collection, or undefined when all are sound. */
export function checkGlobalHeaps(bytes: Uint8Array): string | undefined {
  const L = sizeOfLengths(bytes);
  const header = 8 + L;
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(0x47, from);
    if (at < 0) return undefined;
    from = at + 1;
    if (!matches(bytes, at, SIGNATURE) || bytes[at + 4] !== 1 || bytes[at + 5] !== 0 || bytes[at + 6] !== 0 || bytes[at + 7] !== 0) continue;
    const size = readUint(bytes, at + 8, L);
    // Not a plausible collection header (a chance "GCOL" inside data): ignore it.
    if (size < MIN_COLLECTION || size > 0x7fffffff) continue;
    const end = at + size;
    if (end > bytes.length) return `global heap at byte ${at} runs past the end of the file`;
    const seen = new Set<number>();
    let p = at + 8 + L;
    while (p + header <= end) {
      const index = readUint(bytes, p, 2);
      const objSize = readUint(bytes, p + 8, L);
      if (index === 0) {
        if (objSize !== end - p) return `global heap at byte ${at}: free space of ${objSize} bytes where ${end - p} remain`;
        break;
      }
      if (seen.has(index)) return `global heap at byte ${at}: object ${index} appears twice`;
      seen.add(index);
      const need = header + Math.ceil(objSize / 8) * 8;
      if (objSize > size || p + need > end) return `global heap at byte ${at}: object ${index} overruns the collection`;
      p += need;
    }
    from = Math.max(from, end);
  }
}
