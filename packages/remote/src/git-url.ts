/**
 * `--repo <url> [--ref REF]`: a shallow clone over HTTP(S) with isomorphic-git into a temporary
 * directory. A token comes only from the environment (GIT_TOKEN, or WATCHTOWER_GIT_TOKEN) and is
 * sent as HTTP basic auth; it never appears in arguments, messages or reports.
 */
import fs from "node:fs";

import git from "isomorphic-git";
import http from "isomorphic-git/http/node";

import { RemoteError, scrubUrl } from "./errors.js";
import { makeTempTree, type FetchedTree } from "./fetched.js";

export interface GitUrlOptions {
  url: string;
  ref?: string;
  token?: string;
}

function classify(error: unknown, url: string): RemoteError {
  const e = error as { code?: string; data?: { statusCode?: number }; message?: string };
  const status = e.data?.statusCode;
  const safe = scrubUrl(url);
  if (status === 401 || status === 403 || e.code === "HttpError" && /401|403/.test(e.message ?? "")) {
    return new RemoteError(`authentication failed for ${safe} (set GIT_TOKEN in the environment)`, "auth");
  }
  if (status === 404 || e.code === "NotFoundError") return new RemoteError(`${safe}: repository or ref not found`, "not_found");
  if (status === 429) return new RemoteError(`${safe}: rate limited by the server; retry later`, "rate_limited");
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "ETIMEDOUT" || e.code === "ECONNRESET") {
    return new RemoteError(`cannot reach ${safe} (${e.code})`, "network");
  }
  return new RemoteError(`cloning ${safe} failed: ${(e.message ?? String(error)).replaceAll(url, safe)}`, "other");
}

export async function cloneGitUrl(options: GitUrlOptions): Promise<FetchedTree> {
  if (!/^https?:\/\//i.test(options.url)) throw new RemoteError("--repo takes an http(s):// URL", "invalid");
  if (/^https?:\/\/[^/]*@/i.test(options.url)) {
    throw new RemoteError("do not put credentials in the URL; set GIT_TOKEN in the environment instead", "invalid");
  }
  const tree = await makeTempTree("git");
  try {
    await git.clone({
      fs,
      http,
      dir: tree.dir,
      url: options.url,
      depth: 1,
      singleBranch: true,
      noTags: true,
      ...(options.ref ? { ref: options.ref } : {}),
      // x-access-token works for GitHub; GitLab, Gitea and Bitbucket accept the token as password with any user.
      ...(options.token ? { onAuth: () => ({ username: "x-access-token", password: options.token! }) } : {}),
      onAuthFailure: () => ({ cancel: true }),
    });
    const commit = await git.resolveRef({ fs, dir: tree.dir, ref: "HEAD" });
    return {
      dir: tree.dir,
      origin: {
        type: "git-url",
        location: scrubUrl(options.url),
        ...(options.ref ? { revision: options.ref } : {}),
        commit,
      },
      incomplete: [],
      notes: [],
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throw classify(error, options.url);
  }
}
