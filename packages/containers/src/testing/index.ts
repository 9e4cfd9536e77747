/** Fixture builders for tests (not used by the scanner itself). */
export type { ZipWriterEntry, ZipWriterOptions } from "./zip-writer.js";
export { crc32, writeZip } from "./zip-writer.js";
export type { TarWriterEntry } from "./tar-writer.js";
export { writeTar } from "./tar-writer.js";
/** Compressors for building fixtures (fflate), so tests need no direct fflate dependency. */
export { deflateSync, gzipSync, zlibSync } from "fflate";
