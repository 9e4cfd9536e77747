/**
 * What is staged, read from the git index with isomorphic-git (never the working tree): paths whose
 * index entry differs from HEAD (added, modified, the new side of renames), each with its blob.
 * Deleted entries have nothing to scan. Partial staging (`git add -p`) is honoured because only index
 * blobs are read.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { inflateSync } from "node:zlib";

import git from "isomorphic-git";

export interface StagedFile {
  /** Repository-relative, `/`-separated. */
  path: string;
  oid: string;
  /** 0o100644, 0o100755, 0o120000 (symlink), 0o160000 (submodule). */
  mode: number;
}

export interface StagedChanges {
  root: string;
  files: StagedFile[];
  /** Paths deleted in the index (reported in notes, nothing to scan). */
  deleted: string[];
}

export async function findRepoRoot(start: string): Promise<string> {
  return git.findRoot({ fs, filepath: resolve(start) });
}

/**
 * Staged changes relative to HEAD (or to the empty tree before the first commit).
 * `only`: repository-relative paths to restrict to (as hooks pass them).
 */
export async function stagedChanges(root: string, only?: readonly string[]): Promise<StagedChanges> {
  let head: string | undefined;
  try {
    head = await git.resolveRef({ fs, dir: root, ref: "HEAD" });
  } catch {
    head = undefined; // unborn branch: everything staged is new
  }
  const wanted = only ? new Set(only) : undefined;
  const files: StagedFile[] = [];
  const deleted: string[] = [];
  const trees = head ? [git.TREE({ ref: head }), git.STAGE()] : [git.STAGE()];
  await git.walk({
    fs,
    dir: root,
    trees,
    map: async (filepath, entries) => {
      if (filepath === ".") return true;
      const [a, b] = head ? entries : [null, entries[0]];
      const stageEntry = b ?? null;
      const headEntry = a ?? null;
      const type = (await stageEntry?.type()) ?? (await headEntry?.type());
      if (type === "tree") {
        if (wanted && ![...wanted].some((w) => w.startsWith(filepath + "/"))) return null;
        return true;
      }
      if (wanted && !wanted.has(filepath)) return null;
      const stageOid = await stageEntry?.oid();
      const headOid = await headEntry?.oid();
      if (!stageOid) {
        if (headOid) deleted.push(filepath);
        return null;
      }
      if (stageOid === headOid) return null;
      const mode = (await stageEntry!.mode()) as number;
      files.push({ path: filepath, oid: stageOid, mode });
      return null;
    },
  });
  files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { root, files, deleted: deleted.sort() };
}

/** Every path in the index with its blob id (the ProjectView of staged mode). */
export async function indexEntries(root: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  await git.walk({
    fs,
    dir: root,
    trees: [git.STAGE()],
    map: async (filepath, [entry]) => {
      if (filepath === "." || !entry) return true;
      if ((await entry.type()) === "blob") map.set(filepath, (await entry.oid()) as string);
      return true;
    },
  });
  return map;
}

/** Every path in the index (what git tracks). */
export async function listTracked(root: string): Promise<string[]> {
  return git.listFiles({ fs, dir: root });
}

/**
 * The content of a blob. Staged blobs are loose objects (`git add` writes them): isomorphic-git finds
 * and reads the file, and Node's native zlib inflates it (isomorphic-git's pure-JS inflate took
 * 150 ms for a 2.5 MB notebook, more than the whole scan of it). The object is checked against its
 * id like git does, so a corrupt object is an error, never scanned as something else. Packed objects
 * (after `git gc`) come back inflated from isomorphic-git.
 */
export async function readBlob(root: string, oid: string): Promise<Uint8Array> {
  const found = await git.readObject({ fs, dir: root, oid, format: "deflated" });
  if (found.format !== "deflated") {
    const { blob } = await git.readBlob({ fs, dir: root, oid });
    return blob;
  }
  const wrapped = inflateSync(found.object as Uint8Array);
  if (createHash("sha1").update(wrapped).digest("hex") !== oid) throw new Error(`git object ${oid} is corrupt (its content does not match its id)`);
  const nul = wrapped.indexOf(0);
  const header = wrapped.subarray(0, Math.max(0, nul)).toString("latin1");
  if (nul < 0 || !header.startsWith("blob ") || Number(header.slice(5)) !== wrapped.length - nul - 1) {
    throw new Error(`git object ${oid} is not a blob (${header.slice(0, 20) || "no header"})`);
  }
  return new Uint8Array(wrapped.buffer, wrapped.byteOffset + nul + 1, wrapped.length - nul - 1);
}

export async function headCommit(root: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, dir: root, ref: "HEAD" });
  } catch {
    return undefined;
  }
}

/** Turns paths given on the command line (relative to cwd) into repository-relative paths. */
export function toRepoPaths(root: string, cwd: string, paths: readonly string[]): string[] {
  return paths.map((p) => relative(root, resolve(cwd, p)).split(sep).join("/"));
}

/** Where git keeps LFS objects for this repository. */
export function lfsObjectPath(root: string, oid: string): string {
  return join(root, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
}
