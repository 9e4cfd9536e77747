/**
 * Walks a directory the way `git ls-files --others --cached` would see it: nested .gitignore files
 * are honoured, `.git` is never entered, and symlinks are reported instead of followed (so a symlink
 * loop cannot hang the scan and nothing outside the tree is read).
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";

import ignore, { type Ignore } from "ignore";
import type { SkippedFile } from "@watchtower/types";

export interface DiscoveredFile {
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  absPath: string;
  size: number;
}

export type Discovery = { file: DiscoveredFile } | { skipped: SkippedFile };

interface Rules {
  /** Directory (relative to root, `/`-separated, "" for the root) the rules are anchored at. */
  base: string;
  matcher: Ignore;
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

function ignoredBy(rules: readonly Rules[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    const rel = r.base === "" ? path : path.startsWith(r.base + "/") ? path.slice(r.base.length + 1) : undefined;
    if (rel === undefined || rel === "") continue;
    const result = r.matcher.test(isDir ? rel + "/" : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

export interface DiscoverOptions {
  /**
   * Honour .gitignore files (default true). Turn it off for trees whose .gitignore is not to be
   * trusted (a downloaded bucket or Hub repository could otherwise hide a model from the scan).
   */
  gitignore?: boolean;
  /**
   * Paths git tracks: scanned even when a .gitignore matches them, as git itself would commit them
   * (a tracked `model.pkl` under an ignored folder is still in every clone).
   */
  tracked?: ReadonlySet<string>;
  /** Extra gitignore-style patterns relative to the root (config `ignorePaths`). */
  extraIgnores?: readonly string[];
}

/** Yields files in a stable (sorted) order. */
export async function* discover(root: string, options: DiscoverOptions = {}): AsyncGenerator<Discovery> {
  const top = await lstat(root);
  if (top.isFile()) {
    yield { file: { path: toPosix(root), absPath: root, size: top.size } };
    return;
  }
  // The user's own ignores are reported (reason "ignored"), unlike .gitignore matches: every
  // suppression must be visible in the report.
  const configured = options.extraIgnores && options.extraIgnores.length > 0 ? ignore().add([...options.extraIgnores]) : undefined;
  const tracked = options.tracked ?? new Set<string>();
  const trackedDirs = new Set<string>();
  for (const p of tracked) for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) trackedDirs.add(p.slice(0, i));
  yield* walk(root, "", [], options.gitignore !== false, { tracked, trackedDirs, ...(configured ? { configured } : {}) });
}

interface Tracked {
  tracked: ReadonlySet<string>;
  trackedDirs: ReadonlySet<string>;
  configured?: Ignore;
}

async function* walk(root: string, dir: string, inherited: Rules[], gitignore: boolean, keep: Tracked): AsyncGenerator<Discovery> {
  const abs = dir === "" ? root : join(root, dir);
  let entries;
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (error) {
    yield { skipped: { path: dir || ".", reason: "unreadable", details: (error as Error).message } };
    return;
  }
  let rules = inherited;
  if (gitignore && entries.some((e) => e.name === ".gitignore" && e.isFile())) {
    try {
      const text = await readFile(join(abs, ".gitignore"), "utf8");
      rules = [...inherited, { base: dir, matcher: ignore().add(text) }];
    } catch (error) {
      yield { skipped: { path: join(dir, ".gitignore"), reason: "unreadable", details: (error as Error).message } };
    }
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.name === ".git") continue;
    if (keep.configured?.ignores(entry.isDirectory() ? `${path}/` : path)) {
      yield { skipped: { path, reason: "ignored", details: "matches ignorePaths in the configuration" } };
      continue;
    }
    if (entry.isSymbolicLink()) {
      if (!ignoredBy(rules, path, false)) {
        yield { skipped: { path, reason: "symlink", details: "symbolic links are not followed" } };
      }
      continue;
    }
    if (entry.isDirectory()) {
      if (ignoredBy(rules, path, true) && !keep.trackedDirs.has(path)) continue;
      yield* walk(root, path, rules, gitignore, keep);
    } else if (entry.isFile()) {
      if (ignoredBy(rules, path, false) && !keep.tracked.has(path)) continue;
      try {
        const st = await lstat(join(root, path));
        yield { file: { path, absPath: join(root, path), size: st.size } };
      } catch (error) {
        yield { skipped: { path, reason: "unreadable", details: (error as Error).message } };
      }
    }
  }
}

export function relativePosix(from: string, to: string): string {
  return toPosix(relative(from, to));
}
