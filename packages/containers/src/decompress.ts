/**
 * Bounded decompression of whole streams: zlib, gzip, raw DEFLATE (fflate, synchronous), bzip2
 * (seek-bzip, pure JS), xz (xz-decompress, xz-embedded compiled to wasm) and legacy LZMA-alone
 * (./lzma.ts). The bzip2 and xz decoders are imported lazily, the first time they are needed.
 */
import type { DecodeBudget } from "./budget.js";
import { ContainerError } from "./errors.js";
import { concatChunks, inflateBounded } from "./flate.js";
import { decodeLzmaAlone } from "./lzma.js";

export type CompressionKind = "zlib" | "gzip" | "raw-deflate" | "bzip2" | "xz" | "lzma";

export interface DecompressOptions {
  /** Produce only the first `maxBytes` bytes (sniffing); no limits apply to a prefix. */
  maxBytes?: number;
  /** Label used in error messages. */
  what?: string;
}

class Stop extends Error {}

/** Collects output, charging the budget and checking the ratio, or stopping at a prefix length. */
class Collector {
  private chunks: Uint8Array[] = [];
  private current: Uint8Array;
  private used = 0;
  total = 0;

  constructor(
    private readonly budget: DecodeBudget,
    private readonly inputLength: number,
    private readonly what: string,
    private readonly prefix: number | undefined,
  ) {
    this.current = new Uint8Array(64 * 1024);
  }

  writeByte(byte: number): void {
    if (this.used === this.current.length) this.flush();
    this.current[this.used++] = byte;
    this.total++;
    if (this.prefix !== undefined && this.total >= this.prefix) throw new Stop();
  }

  chunk(chunk: Uint8Array): void {
    if (this.prefix !== undefined) {
      const part = chunk.subarray(0, this.prefix - this.total);
      this.chunks.push(part);
      this.total += part.length;
      if (this.total >= this.prefix) throw new Stop();
      return;
    }
    this.chunks.push(chunk);
    this.total += chunk.length;
    this.account(chunk.length);
  }

  private account(bytes: number): void {
    if (this.prefix !== undefined) return;
    this.budget.charge(bytes, this.what);
    this.budget.checkRatio(this.total, this.inputLength, this.what);
  }

  private flush(): void {
    if (this.used === 0) return;
    const full = this.current.subarray(0, this.used);
    this.chunks.push(full);
    this.account(this.used);
    this.current = new Uint8Array(Math.min(this.current.length * 2, 8 * 1024 * 1024));
    this.used = 0;
  }

  result(): Uint8Array {
    if (this.used > 0) {
      this.chunks.push(this.current.subarray(0, this.used));
      this.account(this.used);
      this.used = 0;
    }
    return concatChunks(this.chunks, this.total);
  }

  /** Output so far, after a failure; charges nothing more. */
  partial(): Uint8Array {
    const chunks = this.used > 0 ? [...this.chunks, this.current.subarray(0, this.used)] : this.chunks;
    return concatChunks(chunks, this.total);
  }
}

function failure(error: unknown, what: string, collector: Collector): ContainerError {
  if (error instanceof ContainerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const truncated = /eof|end of (?:input|stream|data)|truncat|unexpected end/i.test(message);
  return new ContainerError(truncated ? "truncated" : "corrupt", `${what}: ${message}`, collector.partial());
}

type BunzipModule = { decode(input: Uint8Array, output: { writeByte(b: number): void }, multistream?: boolean): unknown };
type XzModule = { XzReadableStream: new (input: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array> };

let bunzip: Promise<BunzipModule> | undefined;
let xz: Promise<XzModule> | undefined;

async function loadBunzip(): Promise<BunzipModule> {
  bunzip ??= import("seek-bzip").then((m: { default?: unknown }) => (m.default ?? m) as BunzipModule);
  return bunzip;
}

async function loadXz(): Promise<XzModule> {
  xz ??= import("xz-decompress").then((m: { default?: unknown }) => (m.default ?? m) as XzModule);
  return xz;
}

/**
 * Decompresses a whole stream under `budget`. Throws ContainerError ("bomb", "ratio", "truncated",
 * "corrupt"; the last two carry the output decoded so far in `partial`).
 */
export async function decompress(
  kind: CompressionKind,
  data: Uint8Array,
  budget: DecodeBudget,
  options: DecompressOptions = {},
): Promise<Uint8Array> {
  const what = options.what ?? `${kind} stream`;
  const flateOptions = options.maxBytes === undefined ? { what } : { what, maxBytes: options.maxBytes };
  if (kind === "zlib") return inflateBounded(data, "zlib", budget, flateOptions);
  if (kind === "gzip") return inflateBounded(data, "gzip", budget, flateOptions);
  if (kind === "raw-deflate") return inflateBounded(data, "raw", budget, flateOptions);
  const out = new Collector(budget, data.length, what, options.maxBytes);
  try {
    if (kind === "bzip2") {
      const { decode } = await loadBunzip();
      // multistream: `bzip2` concatenations and Python's BZ2File both read every stream.
      decode(data, out, true);
    } else if (kind === "xz") {
      const { XzReadableStream } = await loadXz();
      const source = new ReadableStream<Uint8Array>({
        start(controller) {
          const step = 64 * 1024;
          for (let at = 0; at < data.length; at += step) controller.enqueue(data.slice(at, at + step));
          controller.close();
        },
      });
      const reader = new XzReadableStream(source).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          out.chunk(value);
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } else {
      decodeLzmaAlone(data, out);
    }
  } catch (error) {
    if (error instanceof Stop) return out.result();
    throw failure(error, what, out);
  }
  return out.result();
}
