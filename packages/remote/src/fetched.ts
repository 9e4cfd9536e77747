import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import type { ScanOrigin } from "@watchtower/types";

/** Files of a remote source, materialised in a temporary directory that `cleanup` removes. */
export interface FetchedTree {
  dir: string;
  origin: ScanOrigin;
  /** Files that were listed but not fetched (too large, failed, unsafe path): the scan is incomplete for them. */
  incomplete: { path: string; details: string }[];
  notes: string[];
  cleanup(): Promise<void>;
}

export async function makeTempTree(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `watchtower-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Joins a remote key onto dir, refusing keys that would escape it or that no file system can hold
 * faithfully: `..` segments, backslashes, NUL and other control characters, `.git` components
 * (a fetched `.git/config` or hook must never look like repository metadata) and over-long names.
 */
export function safeJoin(dir: string, key: string): string | undefined {
  if (key.length > 4096) return undefined;
  const parts = key.split("/").filter((p) => p !== "" && p !== ".");
  if (
    parts.some(
      (p) => p === ".." || p.includes("\\") || /[\u0000-\u001f\u007f]/.test(p) || p.toLowerCase() === ".git" || Buffer.byteLength(p) > 255,
    )
  ) {
    return undefined;
  }
  return parts.length ? join(dir, ...parts) : undefined;
}

/** The object or file is larger than allowed: raised while streaming, whatever the listing claimed. */
export class OverLimit extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** Streams `body` into `target` (creating parent folders), failing with OverLimit past `limit` bytes. */
export async function writeLimited(body: Readable, target: string, limit: number): Promise<number> {
  await mkdir(dirname(target), { recursive: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) callback(new OverLimit(limit));
      else callback(null, chunk);
    },
  });
  // "wx": never follow or overwrite something already at the target (two keys mapping to one path).
  try {
    await pipeline(body, counter, createWriteStream(target, { flags: "wx" }));
  } catch (error) {
    // Never leave a truncated file behind: the scanner would take it for the whole object.
    if ((error as { code?: string }).code !== "EEXIST") await rm(target, { force: true });
    throw error;
  }
  return bytes;
}
