/**
 * Remote sources for --all: fetch into a temporary directory (removed afterwards), scan it like a
 * local tree, and report what could not be fetched as incomplete. Tokens come from the environment
 * only (GIT_TOKEN, HF_TOKEN, the AWS credential chain) and never reach reports.
 */
import type { FetchedTree } from "@watchtower/remote";
import { cloneGitUrl, fetchHuggingFace, fetchS3, RemoteError } from "@watchtower/remote";
import type { ScanOrigin } from "@watchtower/types";

import type { Io } from "./cli.js";
import { UsageError } from "./config.js";
import type { ScanOutcome } from "./scan.js";

export interface RemoteArgs {
  repo?: string;
  ref?: string;
  s3?: string;
  hf?: string;
  revision?: string;
}

export async function scanRemote(
  args: RemoteArgs,
  io: Io,
  maxFileBytes: number,
  scan: (dir: string, origin: ScanOrigin) => Promise<ScanOutcome>,
  signal?: AbortSignal,
): Promise<ScanOutcome> {
  const cancel = signal ? { signal } : {};
  let tree: FetchedTree;
  try {
    if (args.repo) {
      const token = io.env.GIT_TOKEN ?? io.env.WATCHTOWER_GIT_TOKEN;
      tree = await cloneGitUrl({
        url: args.repo,
        ...(args.ref ? { ref: args.ref } : {}),
        ...(token ? { token } : {}),
        maxLfsObjectBytes: maxFileBytes,
        ...cancel,
      });
    } else if (args.s3) {
      tree = await fetchS3({ uri: args.s3, maxObjectBytes: maxFileBytes, ...cancel });
    } else {
      const token = io.env.HF_TOKEN;
      tree = await fetchHuggingFace({
        repo: args.hf!,
        ...(args.revision ? { revision: args.revision } : {}),
        ...(token ? { token } : {}),
        maxFileBytes,
        ...cancel,
      });
    }
  } catch (error) {
    // Network, auth, missing bucket or repo, rate limit: a clear error and exit 2.
    if (error instanceof RemoteError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const outcome = await scan(tree.dir, tree.origin);
    for (const i of tree.incomplete) {
      outcome.result.incomplete.push({ path: i.path, detector: "remote", details: i.details });
      // Size limits are "too_large"; denied, throttled or unsafe paths could not be read.
      const reason = /over the|limit/.test(i.details) ? "too_large" : "unreadable";
      outcome.result.skipped.push({ path: i.path, reason, details: i.details });
    }
    outcome.notes.push(...tree.notes);
    return outcome;
  } finally {
    await tree.cleanup();
  }
}
