import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { afterAll, beforeAll, expect } from "vitest";

import { RemoteError, type FetchedTree } from "../src/index.js";
import { toBytes } from "./servers/fixtures.js";

/**
 * Points TMPDIR at a fresh folder for this test file (vitest runs each file in its own process), so
 * tests can assert that no `watchtower-*` temporary directory survives a fetch, failed or not.
 */
export function useSandboxTmpdir(): { readonly dir: string; leftovers(): Promise<string[]> } {
  let dir = "";
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.TMPDIR;
    dir = await mkdtemp(join(tmpdir(), "wt-remote-test-"));
    process.env.TMPDIR = dir;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    leftovers: async () => (await readdir(dir)).filter((name) => name.startsWith("watchtower-")),
  };
}

/** Sets environment variables for the duration of `fn` and restores them after (undefined deletes). */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every file under dir (`.git` excluded) by slash-separated relative path. */
export async function readTree(dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split("\\").join("/");
    if (rel === ".git" || rel.startsWith(".git/")) continue;
    out.set(rel, new Uint8Array(await readFile(full)));
  }
  return out;
}

/** Asserts that the fetched tree holds exactly these files with these bytes. */
export async function expectFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const tree = await readTree(dir);
  expect([...tree.keys()].sort()).toEqual(Object.keys(files).sort());
  for (const [path, content] of Object.entries(files)) {
    expect(Buffer.from(tree.get(path)!).equals(Buffer.from(toBytes(content))), `${path} differs`).toBe(true);
  }
}

/** Awaits a promise that must reject with a RemoteError of this kind; returns the error. */
export async function expectRemoteError(promise: Promise<unknown>, kind: RemoteError["kind"]): Promise<RemoteError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a RemoteError").toBeInstanceOf(RemoteError);
  const error = caught as RemoteError;
  expect({ kind: error.kind, message: error.message }).toEqual({ kind, message: error.message });
  return error;
}

/** Everything a report could show from a fetched tree, as one string (to look for leaked secrets). */
export function visible(tree: FetchedTree): string {
  return JSON.stringify({ origin: tree.origin, notes: tree.notes, incomplete: tree.incomplete });
}
