import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { ScanOrigin } from "@watchtower/types";

/** Files of a remote source, materialised in a temporary directory that `cleanup` removes. */
export interface FetchedTree {
  dir: string;
  origin: ScanOrigin;
  /** Files that were listed but not fetched (too large, failed): the scan is incomplete for them. */
  incomplete: { path: string; details: string }[];
  notes: string[];
  cleanup(): Promise<void>;
}

export async function makeTempTree(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `watchtower-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Joins a remote key onto dir, refusing keys that would escape it (`..`, absolute paths). */
export function safeJoin(dir: string, key: string): string | undefined {
  const parts = key.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === ".." || p.includes("\\") || p.includes("\0"))) return undefined;
  return parts.length ? join(dir, ...parts) : undefined;
}
