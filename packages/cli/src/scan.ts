/**
 * The two scan modes. Staged mode reads blobs from the git index (never the working tree);
 * --all walks a directory honouring .gitignore. Both feed the same core Scanner.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";

import type { ScanInput, ScanResult } from "@watchtower/core";
import { Scanner } from "@watchtower/core";
import { discover } from "@watchtower/source/discover";
import type { DetectorEntry, ProjectView, ScanOrigin, ScanSettings, Severity, SkippedFile } from "@watchtower/types";

import { UsageError } from "./config.js";
import { isolationFor, type IsolatedScanner } from "./isolate.js";
import { resolveLfs } from "./lfs.js";
import { scanInPool } from "./pool.js";

export interface ScanRequest {
  detectors: readonly DetectorEntry[];
  settings: ScanSettings;
  severityOverrides?: Record<string, Severity | "off">;
  detectorOptions?: Record<string, object>;
  ignorePaths?: readonly string[];
  signal?: AbortSignal;
  /** Called once the number of files to scan is known. */
  onStart?(total: number): void;
  onFile?(path: string, bytes: number, findings: number): void;
  /** Worker threads for --all (1 = scan on this thread). */
  jobs?: number;
  /** Licence policy from the config (workers rebuild detector options from it). */
  licenses?: { allow?: string[]; deny?: string[] };
  /** Detector ids enabled (workers rebuild the detector list from it). */
  detectorIds?: string[];
  /** Only this shard of the file list (1-based index, count). */
  shard?: { index: number; count: number };
}

export interface ScanOutcome {
  result: ScanResult;
  origin: ScanOrigin;
  root: string;
  /** Files found but outside this shard. */
  notScanned: { path: string }[];
  notes: string[];
}

function decodeUtf8(bytes: Uint8Array | undefined): string | undefined {
  if (!bytes) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Beside this module in dist/ and dist-bundle/; absent when run from TypeScript sources (tests). */
const ISOLATE_WORKER = new URL("./isolate-worker.js", import.meta.url);

/** The per-file watchdog for native parsers (see isolate.ts), or none when its worker is not built. */
function newIsolation(request: ScanRequest): IsolatedScanner | undefined {
  return isolationFor(
    {
      detectorIds: request.detectorIds ?? request.detectors.map((d) => d.id),
      settings: request.settings,
      ...(request.severityOverrides ? { severityOverrides: request.severityOverrides } : {}),
      ...(request.licenses ? { licenses: request.licenses } : {}),
    },
    ISOLATE_WORKER,
  );
}

/** Scans on this thread, with native parsers on the watchdog thread; the thread is closed after. */
async function scanHere(request: ScanRequest, project: ProjectView, skipped: SkippedFile[], inputs: Iterable<ScanInput>): Promise<ScanResult> {
  const isolation = newIsolation(request);
  const scanner = newScanner(request, project, isolation);
  for (const s of skipped) scanner.addSkipped(s);
  try {
    return await scanner.scanAll(inputs);
  } finally {
    await isolation?.close();
  }
}

function newScanner(request: ScanRequest, project: ProjectView, offload?: IsolatedScanner): Scanner {
  return new Scanner({
    detectors: request.detectors,
    settings: request.settings,
    project,
    ...(request.severityOverrides ? { severityOverrides: request.severityOverrides } : {}),
    ...(request.detectorOptions ? { detectorOptions: request.detectorOptions } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onFile: (file, findings) => request.onFile?.(file.path, file.bytes, findings),
    ...(offload ? { offload } : {}),
  });
}

/** Deterministic shard membership: a hash of the path, so adding a file never moves the others. */
export function inShard(path: string, shard: { index: number; count: number }): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % shard.count) + 1 === shard.index;
}

/** The repository root above `start` (a `.git` directory or file), without loading isomorphic-git. */
export function findGitRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Paths git tracks under `root` (relative to it); loads isomorphic-git only for git trees. */
async function trackedPaths(repoRoot: string, root: string): Promise<Set<string> | undefined> {
  try {
    const { listTracked } = await import("@watchtower/git");
    const prefix = relative(repoRoot, root).split("\\").join("/");
    const all = await listTracked(repoRoot);
    if (!prefix) return new Set(all);
    return new Set(all.filter((p) => p.startsWith(prefix + "/")).map((p) => p.slice(prefix.length + 1)));
  } catch {
    return undefined; // not a readable repository: .gitignore rules alone decide
  }
}

export async function scanStaged(cwd: string, paths: readonly string[], request: ScanRequest): Promise<ScanOutcome> {
  // isomorphic-git is only needed here, so --all never pays for loading it.
  const { findRepoRoot, readBlob, stagedChanges, toRepoPaths } = await import("@watchtower/git");
  let root: string;
  try {
    root = await findRepoRoot(cwd);
  } catch {
    throw new UsageError(`not inside a git repository (${cwd}); use --all <path> to scan a folder`);
  }
  const only = paths.length > 0 ? toRepoPaths(root, cwd, paths) : undefined;
  const staged = await stagedChanges(root, only);
  const blobs = new Map(staged.files.map((f) => [f.path, f.oid]));
  const project: ProjectView = {
    paths: () => staged.files.map((f) => f.path),
    readText: async (p) => {
      const oid = blobs.get(p);
      return oid ? decodeUtf8(await readBlob(root, oid)) : undefined;
    },
  };
  const skipped: SkippedFile[] = [];
  const inputs: ScanInput[] = [];
  for (const f of staged.files) {
    if (f.mode === 0o160000) {
      skipped.push({ path: f.path, reason: "ignored", details: "submodule (scan it in its own repository)" });
      continue;
    }
    if (f.mode === 0o120000) {
      skipped.push({ path: f.path, reason: "symlink", details: "symbolic links are not followed" });
      continue;
    }
    if (request.shard && !inShard(f.path, request.shard)) continue;
    // Blob sizes are unknown until read; core checks the size limit after reading.
    inputs.push({ path: f.path, size: 0, read: async () => resolveLfs(await readBlob(root, f.oid), join(root, ".git")) });
  }
  request.onStart?.(inputs.length);
  const result = await scanHere(request, project, skipped, inputs);
  const notes = staged.deleted.length ? [`${staged.deleted.length} deleted path(s) staged; nothing to scan there`] : [];
  return { result, origin: { type: "git-index", location: root }, root, notScanned: [], notes };
}

export async function scanTree(
  target: string,
  request: ScanRequest,
  origin?: ScanOrigin,
  options: { trustGitignore?: boolean } = {},
): Promise<ScanOutcome> {
  const root = resolve(target);
  const repoRoot = findGitRoot(root);
  const trustGitignore = options.trustGitignore !== false;
  const tracked = trustGitignore && repoRoot ? await trackedPaths(repoRoot, root) : undefined;
  const files: { path: string; absPath: string; size: number }[] = [];
  const skipped: SkippedFile[] = [];
  let single = false;
  try {
    const discoverOptions = {
      gitignore: trustGitignore,
      ...(tracked ? { tracked } : {}),
      ...(request.ignorePaths ? { extraIgnores: request.ignorePaths } : {}),
    };
    for await (const d of discover(root, discoverOptions)) {
      if ("file" in d) files.push(d.file);
      else skipped.push(d.skipped);
    }
  } catch (error) {
    throw new UsageError(`cannot read ${target}: ${(error as Error).message}`);
  }
  if (files.length === 1 && files[0]!.absPath === root) {
    single = true;
    files[0]!.path = files[0]!.path.slice(files[0]!.path.lastIndexOf("/") + 1);
  }
  const base = single ? resolve(root, "..") : root;
  const inScope = request.shard ? files.filter((f) => inShard(f.path, request.shard!)) : files;
  const notScanned = request.shard ? files.filter((f) => !inShard(f.path, request.shard!)) : [];
  const known = new Set(files.map((f) => f.path));
  const project: ProjectView = {
    paths: () => files.map((f) => f.path),
    readText: async (p) => {
      const clean = normalize(p).split("\\").join("/");
      if (!known.has(clean) || isAbsolute(clean) || clean.startsWith("..")) return undefined;
      try {
        return decodeUtf8(await readFile(join(base, clean)));
      } catch {
        return undefined;
      }
    },
  };
  const gitDir = repoRoot ? join(repoRoot, ".git") : undefined;
  request.onStart?.(inScope.length);
  let result: ScanResult;
  const totalBytes = inScope.reduce((n, f) => n + f.size, 0);
  // Threads pay off only past start-up cost (~50 ms per worker plus detector loading): many files, or
  // a few large ones (20 notebooks of 5 MB took 2 s on one thread).
  const worthThreads = (inScope.length >= 32 && totalBytes >= 4 * 1024 * 1024) || (inScope.length >= 4 && totalBytes >= 32 * 1024 * 1024);
  if ((request.jobs ?? 1) > 1 && worthThreads) {
    result = await scanInPool(
      inScope,
      {
        base,
        ...(gitDir ? { gitDir } : {}),
        allPaths: files.map((f) => f.path),
        detectorIds: request.detectorIds ?? request.detectors.map((d) => d.id),
        settings: request.settings,
        ...(request.severityOverrides ? { severityOverrides: request.severityOverrides } : {}),
        ...(request.licenses ? { licenses: request.licenses } : {}),
      },
      request.jobs!,
      (path, bytes, findings) => request.onFile?.(path, bytes, findings),
      request.signal,
    );
    result.skipped.push(...skipped);
    result.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } else {
    result = await scanHere(
      request,
      project,
      skipped,
      inScope.map((f) => ({ path: f.path, size: f.size, read: async () => resolveLfs(await readFile(f.absPath), gitDir) })),
    );
  }
  return {
    result,
    origin: origin ?? { type: "directory", location: relative(process.cwd(), root) || "." },
    root: base,
    notScanned: notScanned.map((f) => ({ path: f.path })),
    notes: [],
  };
}
