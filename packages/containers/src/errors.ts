/** Why a container member could not be (fully) decoded. */
export type ContainerErrorCode =
  /** The output would exceed the total decompressed-bytes budget. */
  | "bomb"
  /** The output grew past the allowed decompressed / compressed ratio. */
  | "ratio"
  /** A compression method or format this package cannot decode (bzip2 or lzma inside a zip, 7z …). */
  | "unsupported_method"
  /** The member's data runs past the end of the file. */
  | "truncated"
  /** The compressed stream is invalid. */
  | "corrupt";

/** Typed error thrown by the lazy decoders; `code` says what the caller should report. */
export class ContainerError extends Error {
  readonly code: ContainerErrorCode;
  /** Output decoded before the failure (for "truncated" and "corrupt" streams), so callers can still scan it. */
  readonly partial: Uint8Array | undefined;

  constructor(code: ContainerErrorCode, message: string, partial?: Uint8Array) {
    super(message);
    this.name = "ContainerError";
    this.code = code;
    this.partial = partial;
  }
}

export function isContainerError(value: unknown): value is ContainerError {
  return value instanceof ContainerError;
}
