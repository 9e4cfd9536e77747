import { Gunzip, Inflate, Unzlib } from "fflate";

import type { DecodeBudget } from "./budget.js";
import { ContainerError } from "./errors.js";

/** Which DEFLATE wrapper a stream has. */
export type FlateFormat = "raw" | "zlib" | "gzip";

export interface BoundedOptions {
  /** Stop after this many output bytes and return them (a prefix read never trips bomb limits). */
  maxBytes?: number;
  /** Label used in error messages ("member archive/data.pkl"). */
  what?: string;
}

/** Compressed bytes handed to the decoder per step: bounds one step's output to about 1032 × this. */
const STEP = 16 * 1024;

class StopDecoding extends Error {}

/** Joins chunks into one array (no copy when there is exactly one). */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Inflates a raw-DEFLATE, zlib or gzip stream in steps, charging `budget` as output appears and
 * enforcing the ratio limit, so a bomb is stopped long before it is materialised. With
 * `maxBytes` only a prefix is produced (for sniffing) and no limit applies to it.
 * Errors are ContainerError: "bomb", "ratio", "truncated" or "corrupt" (with the output so far as `partial`).
 */
export function inflateBounded(
  data: Uint8Array,
  format: FlateFormat,
  budget: DecodeBudget,
  options: BoundedOptions = {},
): Uint8Array {
  const what = options.what ?? `${format} stream`;
  const prefix = options.maxBytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  let consumed = 0;
  const onData = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    if (prefix !== undefined) {
      const room = prefix - total;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      total += part.length;
      if (total >= prefix) throw new StopDecoding();
      return;
    }
    chunks.push(chunk);
    total += chunk.length;
    budget.charge(chunk.length, what);
    budget.checkRatio(total, consumed, what);
  };
  const stream =
    format === "raw" ? new Inflate(onData) : format === "zlib" ? new Unzlib(onData) : new Gunzip(onData);
  try {
    if (data.length === 0) stream.push(data, true);
    for (let at = 0; at < data.length; at += STEP) {
      const end = Math.min(at + STEP, data.length);
      consumed = end;
      stream.push(data.subarray(at, end), end === data.length);
    }
  } catch (error) {
    if (error instanceof StopDecoding) return concatChunks(chunks, total);
    if (error instanceof ContainerError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const partial = concatChunks(chunks, total);
    if (prefix !== undefined && total > 0) return partial;
    const truncated = /unexpected EOF|premature/i.test(message);
    throw new ContainerError(truncated ? "truncated" : "corrupt", `${what}: ${message}`, partial);
  }
  return concatChunks(chunks, total);
}
