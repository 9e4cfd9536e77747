/**
 * Git LFS for `--repo`: models in ML repositories are usually LFS objects, so a plain clone holds
 * ~130-byte pointers. This downloads the objects the checked-out pointers name through the LFS batch
 * API (`<repo>.git/info/lfs/objects/batch`, "basic" transfer) into `.git/lfs/objects/aa/bb/<oid>`,
 * where the scanner's LFS reader finds them. Every object is checked against its pointer (size and
 * sha256) before it is stored. What is not downloaded (over the limit, refused, failed) stays a
 * pointer, which the scanner reports as incomplete for model files (fail closed).
 *
 * `.lfsconfig` is deliberately ignored: a repository must not be able to send the token, or the
 * scanner, to a server of its choosing. The token goes only to the repository's own origin.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { lstat, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";

import { networkCode, redact, throwIfCancelled } from "./errors.js";

export interface LfsPointer {
  oid: string;
  size: number;
}

const HEADER = "version https://git-lfs.github.com/spec/v1\n";
const BATCH_SIZE = 100;
const MAX_REDIRECTS = 5;

/** Parses a Git LFS pointer file (at most 1 KiB); undefined for anything else. */
export function parseLfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (bytes.length > 1024 || bytes.length < HEADER.length) return undefined;
  for (let i = 0; i < HEADER.length; i++) if (bytes[i] !== HEADER.charCodeAt(i)) return undefined;
  const text = new TextDecoder().decode(bytes);
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d{1,15})$/m.exec(text)?.[1];
  return oid && size ? { oid, size: Number(size) } : undefined;
}

/** The LFS server of a repository URL, per the Git LFS spec (`….git/info/lfs`). */
export function lfsEndpoint(repoUrl: string): string {
  const u = new URL(repoUrl);
  u.search = "";
  u.hash = "";
  let path = u.pathname;
  while (path.endsWith("/")) path = path.slice(0, -1);
  u.pathname = `${path.endsWith(".git") ? path : `${path}.git`}/info/lfs`;
  return u.toString();
}

/** Pointer files in the checked-out tree (`.git` and symlinks skipped), by repository path. */
export async function findPointers(dir: string): Promise<Map<string, LfsPointer>> {
  const found = new Map<string, LfsPointer>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (path !== ".git") await walk(path);
      } else if (entry.isFile()) {
        const full = join(dir, path);
        if ((await lstat(full)).size > 1024) continue;
        const handle = await open(full, "r");
        try {
          const buf = new Uint8Array(1025);
          const { bytesRead } = await handle.read(buf, 0, 1025, 0);
          const pointer = parseLfsPointer(buf.subarray(0, bytesRead));
          if (pointer) found.set(path, pointer);
        } finally {
          await handle.close();
        }
      }
    }
  };
  await walk("");
  return found;
}

export interface LfsFetchOptions {
  /** Working tree of the clone (with `.git`). */
  dir: string;
  /** The repository URL the clone came from (no credentials). */
  url: string;
  token?: string;
  /** Objects larger than this are not downloaded (default 512 MiB). */
  maxObjectBytes?: number;
  /** All LFS downloads together at most. */
  maxTotalBytes?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface LfsFetchResult {
  /** Objects now in the local LFS store. */
  fetched: number;
  /** Pointer paths whose object is not there, with the reason. */
  missing: { path: string; details: string }[];
}

interface BatchObject {
  oid?: string;
  size?: number;
  actions?: { download?: { href?: string; header?: Record<string, string> } };
  error?: { code?: number; message?: string };
}

export async function fetchLfsObjects(options: LfsFetchOptions): Promise<LfsFetchResult> {
  const pointers = await findPointers(options.dir);
  const result: LfsFetchResult = { fetched: 0, missing: [] };
  if (pointers.size === 0) return result;
  const doFetch = options.fetch ?? fetch;
  const maxObject = options.maxObjectBytes ?? 512 * 1024 * 1024;
  const repoOrigin = new URL(options.url).origin;
  const basic = options.token ? `Basic ${Buffer.from(`x-access-token:${options.token}`).toString("base64")}` : undefined;
  const store = join(options.dir, ".git", "lfs");

  // oid → paths that point at it; over-limit objects are left out up front.
  const wanted = new Map<string, { size: number; paths: string[] }>();
  let planned = 0;
  for (const [path, p] of [...pointers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (p.size > maxObject) {
      result.missing.push({ path, details: `LFS object of ${p.size} bytes is over the ${maxObject}-byte limit; not downloaded` });
      continue;
    }
    const entry = wanted.get(p.oid);
    if (entry) {
      entry.paths.push(path);
      continue;
    }
    if (options.maxTotalBytes !== undefined && planned + p.size > options.maxTotalBytes) {
      result.missing.push({ path, details: `LFS download limit of ${options.maxTotalBytes} bytes reached; not downloaded` });
      continue;
    }
    planned += p.size;
    wanted.set(p.oid, { size: p.size, paths: [path] });
  }
  const miss = (oid: string, details: string) => {
    for (const path of wanted.get(oid)?.paths ?? []) result.missing.push({ path, details: redact(details, options.token) });
  };

  const request = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> => {
    let current = url;
    for (let hops = 0; ; hops++) {
      const headers = { ...init.headers };
      // Our token only ever goes to the repository's own origin.
      if (basic && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization") && new URL(current).origin === repoOrigin) {
        headers.authorization = basic;
      }
      throwIfCancelled(options.signal);
      const res = await doFetch(current, {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        redirect: "manual",
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location && hops < MAX_REDIRECTS) {
        await res.body?.cancel();
        const next = new URL(location, current);
        if (next.protocol !== "https:" && next.protocol !== "http:") throw new Error("redirect to a non-HTTP URL");
        // Action headers may carry a signed credential for the first host only.
        if (next.origin !== new URL(current).origin) init = { ...init, headers: {} };
        current = next.toString();
        continue;
      }
      return res;
    }
  };

  const oids = [...wanted.keys()];
  for (let i = 0; i < oids.length; i += BATCH_SIZE) {
    const chunk = oids.slice(i, i + BATCH_SIZE);
    let objects: BatchObject[];
    try {
      const res = await request(`${lfsEndpoint(options.url)}/objects/batch`, {
        method: "POST",
        headers: { accept: "application/vnd.git-lfs+json", "content-type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({
          operation: "download",
          transfers: ["basic"],
          objects: chunk.map((oid) => ({ oid, size: wanted.get(oid)!.size })),
          hash_algo: "sha256",
        }),
      });
      if (!res.ok) {
        await res.body?.cancel();
        const why =
          res.status === 401 || res.status === 403
            ? `access denied${options.token ? "" : " (set GIT_TOKEN)"}`
            : res.status === 404
              ? "the server has no LFS endpoint"
              : res.status === 429
                ? "rate limited"
                : `HTTP ${res.status}`;
        for (const oid of chunk) miss(oid, `LFS object not downloaded: ${why}`);
        continue;
      }
      const body = (await res.json()) as { objects?: BatchObject[] };
      objects = Array.isArray(body.objects) ? body.objects : [];
    } catch (error) {
      for (const oid of chunk) miss(oid, `LFS object not downloaded: ${networkCode(error) ?? (error as Error).message}`);
      continue;
    }
    const answered = new Set<string>();
    for (const obj of objects) {
      const oid = obj.oid ?? "";
      const want = wanted.get(oid);
      if (!want || answered.has(oid)) continue;
      answered.add(oid);
      const href = obj.actions?.download?.href;
      if (obj.error || !href) {
        miss(oid, `LFS object not downloaded: ${obj.error?.message ?? "the server offered no download"}`);
        continue;
      }
      try {
        const res = await request(href, { method: "GET", headers: { ...(obj.actions?.download?.header ?? {}) } });
        if (!res.ok || !res.body) {
          await res.body?.cancel();
          miss(oid, `LFS object not downloaded: HTTP ${res.status}`);
          continue;
        }
        await storeObject(store, oid, want.size, Readable.fromWeb(res.body as WebReadableStream<Uint8Array>));
        result.fetched++;
      } catch (error) {
        miss(oid, `LFS object not downloaded: ${networkCode(error) ?? (error as Error).message}`);
      }
    }
    for (const oid of chunk) if (!answered.has(oid)) miss(oid, "LFS object not downloaded: the server did not answer for it");
  }
  return result;
}

/** Streams an object into the store, accepting it only if size and sha256 match the pointer. */
async function storeObject(store: string, oid: string, size: number, body: Readable): Promise<void> {
  const tmp = join(store, "tmp");
  await mkdir(tmp, { recursive: true });
  const part = join(tmp, `${oid}.part`);
  const hash = createHash("sha256");
  let bytes = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > size) return callback(new Error(`more than the ${size} bytes its pointer names`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, check, createWriteStream(part, { flags: "w" }));
    if (bytes !== size) throw new Error(`${bytes} bytes instead of ${size}`);
    if (hash.digest("hex") !== oid) throw new Error("content does not match its sha256");
    const target = join(store, "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
    await mkdir(join(store, "objects", oid.slice(0, 2), oid.slice(2, 4)), { recursive: true });
    await rename(part, target);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
