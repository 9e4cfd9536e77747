/**
 * @watchtower/containers: pure helpers for model containers. No fs, no process, no network.
 * Heavy decoders (bzip2, xz, lzma) are loaded lazily by `decompress`.
 */
export type { DecodeLimits } from "./budget.js";
export { DecodeBudget, DEFAULT_RATIO_FLOOR_BYTES } from "./budget.js";
export type { ContainerErrorCode } from "./errors.js";
export { ContainerError, isContainerError } from "./errors.js";
export type { BoundedOptions, FlateFormat } from "./flate.js";
export { inflateBounded } from "./flate.js";
export type { SniffedKind } from "./sniff.js";
export {
  MAGIC,
  isBzip2,
  isGzip,
  isHdf5,
  isLzmaAlone,
  isNumpy,
  isSevenZip,
  isXz,
  isZip,
  isZlib,
  looksLikePickle,
  sniff,
} from "./sniff.js";
export type { ZipDataOptions, ZipEntry, ZipReadOptions, ZipReadResult } from "./zip.js";
export { readZip, ZIP_METHOD_DEFLATE, ZIP_METHOD_STORED } from "./zip.js";
export type { CompressionKind, DecompressOptions } from "./decompress.js";
export { decompress } from "./decompress.js";
export type { TarEntry, TarReadResult } from "./tar.js";
export { isTar, readTar } from "./tar.js";
