/**
 * `watchtower-hook advisories update`: downloads OSV's PyPI export (a zip of OSV JSON records), builds
 * the compact database with the same builder as the embedded snapshot, and writes it atomically into the
 * user cache, where the CLI picks it up (loadCachedDb) and hands it to the detector as `advisoryDb`.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { Unzip, UnzipInflate } from "fflate";
import type { CompactDb } from "@watchtower/detector-dependencies";
import { isCompactDb } from "@watchtower/detector-dependencies";
import type { BuildStats } from "./build.js";
import { buildCompactDb } from "./build.js";
import type { OsvRecord } from "./osv.js";
import { isOsvRecord } from "./osv.js";

/** OSV's published export of every PyPI record (PYSEC, GHSA, MAL …). */
export const OSV_PYPI_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip";
/** File name inside the cache directory. coupling: ADVISORY_DB_FORMAT (the v1 in the name). */
export const CACHE_FILE = "advisories.v1.json";

export interface UpdateOptions {
  cacheDir: string;
  url?: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Largest download accepted, bytes (default 512 MiB). */
  maxDownloadBytes?: number;
  /** Largest decompressed record accepted, bytes (default 4 MiB). */
  maxRecordBytes?: number;
}

export interface UpdateResult {
  path: string;
  snapshot: string;
  downloadedBytes: number;
  stats: BuildStats;
}

/** The per-user cache directory (WATCHTOWER_CACHE_DIR, else the platform's cache location). */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.WATCHTOWER_CACHE_DIR) return env.WATCHTOWER_CACHE_DIR;
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "watchtower-hook", "Cache");
  if (platform === "darwin") return join(home, "Library", "Caches", "watchtower-hook");
  return join(env.XDG_CACHE_HOME ?? join(home, ".cache"), "watchtower-hook");
}

export function cachedDbPath(cacheDir: string): string {
  return join(cacheDir, CACHE_FILE);
}

/** The database in the cache, or undefined when absent, unreadable or of another format version. */
export async function loadCachedDb(cacheDir: string): Promise<CompactDb | undefined> {
  let text: string;
  try {
    text = await readFile(cachedDbPath(cacheDir), "utf8");
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isCompactDb(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function download(url: string, fetchImpl: typeof globalThis.fetch, max: number, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetchImpl(url, signal ? { signal } : {});
  if (!res.ok) throw new Error(`download of ${url} failed: HTTP ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw new Error(`download of ${url} is ${declared} bytes, more than the ${max} allowed`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new Error(`download of ${url} exceeded ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.byteLength;
  }
  return out;
}

/** Every `*.json` member of an OSV export zip, parsed. Members that are not OSV records are skipped. */
export function readOsvZip(zip: Uint8Array, maxRecordBytes = 4 * 1024 * 1024): OsvRecord[] {
  const records: OsvRecord[] = [];
  const decoder = new TextDecoder();
  const errors: string[] = [];
  const unzip = new Unzip((file) => {
    if (!file.name.endsWith(".json")) return;
    const parts: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (err) {
        errors.push(`${file.name}: ${err.message}`);
        return;
      }
      size += chunk.byteLength;
      if (size > maxRecordBytes) {
        errors.push(`${file.name}: larger than ${maxRecordBytes} bytes`);
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (!final) return;
      const joined = new Uint8Array(size);
      let pos = 0;
      for (const p of parts) {
        joined.set(p, pos);
        pos += p.byteLength;
      }
      try {
        const value: unknown = JSON.parse(decoder.decode(joined));
        if (isOsvRecord(value)) records.push(value);
      } catch (e) {
        errors.push(`${file.name}: ${(e as Error).message}`);
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(zip, true);
  if (errors.length > 0) throw new Error(`the OSV export has unreadable members: ${errors.slice(0, 5).join("; ")}`);
  return records;
}

/** Downloads, builds and atomically replaces the cached database. Throws on any failure (the old cache stays). */
export async function updateAdvisoryDb(options: UpdateOptions): Promise<UpdateResult> {
  const url = options.url ?? OSV_PYPI_URL;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const zip = await download(url, fetchImpl, options.maxDownloadBytes ?? 512 * 1024 * 1024, options.signal);
  const records = readOsvZip(zip, options.maxRecordBytes);
  if (records.length === 0) throw new Error(`${url} held no OSV records`);
  const fetchedOn = new Date().toISOString().slice(0, 10);
  const { db, stats } = buildCompactDb(records, { sources: [`${url} (downloaded ${fetchedOn}, ${records.length} records)`] });
  await mkdir(options.cacheDir, { recursive: true });
  const path = cachedDbPath(options.cacheDir);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(db));
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { path, snapshot: db.snapshot, downloadedBytes: zip.byteLength, stats };
}
