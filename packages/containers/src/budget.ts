import { ContainerError } from "./errors.js";

/** Decompression limits (the subset of `@watchtower/types` `Limits` that containers need). */
export interface DecodeLimits {
  /** Total bytes one scanned file may decompress to, over all of its members and streams. */
  maxDecompressedBytes: number;
  /** Largest decompressed / compressed ratio of one stream (zip bombs). */
  maxCompressionRatio: number;
  /**
   * The ratio is enforced only once a stream's output is larger than this many bytes, because small,
   * highly repetitive members (an all-zero array, a JSON config) legitimately compress 1000:1.
   * Default 1 MiB.
   */
  ratioFloorBytes?: number;
}

export const DEFAULT_RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * Running total of decompressed bytes for one scanned file. Share one budget between every member
 * and nested stream of a file so a bomb cannot be split over many small members.
 */
export class DecodeBudget {
  readonly limits: DecodeLimits;
  private used = 0;

  constructor(limits: DecodeLimits) {
    this.limits = limits;
  }

  /** Bytes decompressed so far. */
  get usedBytes(): number {
    return this.used;
  }

  /** Accounts for `bytes` more output; throws a "bomb" ContainerError when the total goes over. */
  charge(bytes: number, what: string): void {
    this.used += bytes;
    if (this.used > this.limits.maxDecompressedBytes) {
      throw new ContainerError(
        "bomb",
        `${what}: decompressed output exceeds the limit of ${this.limits.maxDecompressedBytes} bytes for one file`,
      );
    }
  }

  /** Throws a "ratio" ContainerError when `output` / `input` is above the limit (past the floor). */
  checkRatio(output: number, input: number, what: string): void {
    const floor = this.limits.ratioFloorBytes ?? DEFAULT_RATIO_FLOOR_BYTES;
    if (output <= floor) return;
    if (output > this.limits.maxCompressionRatio * Math.max(input, 1)) {
      throw new ContainerError(
        "ratio",
        `${what}: compression ratio above ${this.limits.maxCompressionRatio}:1 (${output} bytes from ${input})`,
      );
    }
  }
}
