/** Fixture builders for tests (not used by the scanner itself). */
export type { ZipWriterEntry, ZipWriterOptions } from "./zip-writer.js";
export { crc32, writeZip } from "./zip-writer.js";
