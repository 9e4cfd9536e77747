/**
 * `--repo <url> [--ref REF]`: a shallow (depth 1) fetch over HTTP(S) with isomorphic-git into a
 * temporary directory, then a checkout of the fetched commit. REF may be a branch, a tag or a full
 * commit SHA (when the server allows fetching one); without it the server's default branch.
 * The caller passes the token (the CLI reads GIT_TOKEN / WATCHTOWER_GIT_TOKEN from the
 * environment); it is sent as HTTP Basic auth and never appears in the origin, messages or errors.
 */
import fs from "node:fs";

import git from "isomorphic-git";
import type { GitHttpRequest, GitHttpResponse, HttpClient } from "isomorphic-git";
import nodeHttp from "isomorphic-git/http/node";

import { networkCode, redact, RemoteError, scrubUrl, throwIfCancelled } from "./errors.js";
import { makeTempTree, type FetchedTree } from "./fetched.js";
import { fetchLfsObjects } from "./git-lfs.js";

export interface GitUrlOptions {
  url: string;
  /** Branch, tag or full commit SHA; default: the remote's default branch. */
  ref?: string;
  /** Sent as HTTP Basic auth (user `x-access-token`), only after the server asks for credentials. */
  token?: string;
  /** Abort when the server sends more than this many bytes (pack and ref listing together). */
  maxBytes?: number;
  /** Socket idle timeout in milliseconds (default 60 s). */
  idleTimeoutMs?: number;
  /** Download the Git LFS objects the checked-out pointers name (default true). */
  lfs?: boolean;
  /** LFS objects larger than this stay pointers (default 512 MiB; pass the scan's file limit). */
  maxLfsObjectBytes?: number;
  /** All LFS downloads together at most. */
  maxLfsTotalBytes?: number;
  /** Cancels the clone and LFS downloads (the temporary tree is removed). */
  signal?: AbortSignal;
}

class TooLarge extends Error {}

/**
 * isomorphic-git's node client with an idle timeout and a byte budget over all response bodies.
 * Past the budget the body is cut short and `exceeded` is set (isomorphic-git may swallow an error
 * thrown from inside a body, so the caller checks the flag whatever the outcome).
 */
function boundedHttp(maxBytes: number | undefined, idleTimeoutMs: number, signal?: AbortSignal): { http: HttpClient; exceeded(): boolean } {
  let received = 0;
  let over = false;
  const http: HttpClient = {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      throwIfCancelled(signal);
      const res = await nodeHttp.request({ ...req, fetchOptions: { ...req.fetchOptions, timeout: idleTimeoutMs } });
      if ((maxBytes === undefined && !signal) || !res.body) return res;
      const inner = res.body;
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const chunk of inner) {
          // Checked again after the fetch: isomorphic-git may swallow this error.
          throwIfCancelled(signal);
          received += chunk.byteLength;
          if (maxBytes !== undefined && received > maxBytes) {
            over = true;
            throw new TooLarge(`more than ${maxBytes} bytes`);
          }
          yield chunk;
        }
      }
      return { ...res, body: counted() };
    },
  };
  return { http, exceeded: () => over };
}

function classify(error: unknown, options: GitUrlOptions): RemoteError {
  const e = error as { code?: string; data?: { statusCode?: number; what?: string; filepath?: string }; message?: string };
  const status = e.data?.statusCode;
  const safe = scrubUrl(options.url);
  const ref = options.ref ? ` (ref ${options.ref})` : "";
  if (error instanceof RemoteError) return error;
  if (error instanceof TooLarge) {
    return new RemoteError(`${safe}: the repository is larger than the ${options.maxBytes}-byte limit; clone it yourself and scan the directory`, "other");
  }
  if (status === 401 || status === 403 || e.code === "UserCanceledError") {
    const hint = options.token ? "the token in GIT_TOKEN was refused" : "set GIT_TOKEN in the environment if it is private";
    return new RemoteError(`authentication failed for ${safe} (${hint})`, "auth");
  }
  if (status === 404) return new RemoteError(`${safe}: repository not found`, "not_found");
  if (e.code === "NotFoundError") return new RemoteError(`${safe}: ref ${options.ref ?? "HEAD"} not found on the remote`, "not_found");
  if (status === 429) return new RemoteError(`${safe}: rate limited by the server; retry later`, "rate_limited");
  const net = networkCode(error);
  if (net) return new RemoteError(`cannot reach ${safe}${ref} (${net})`, "network");
  if (e.code === "SmartHttpError") return new RemoteError(`${safe} is not a git smart-HTTP endpoint`, "invalid");
  if (e.code === "UnsafeFilepathError") {
    return new RemoteError(`${safe}${ref}: the repository contains an unsafe path (${e.data?.filepath ?? "?"}); not checked out`, "invalid");
  }
  if (typeof status === "number") return new RemoteError(`${safe}: HTTP ${status} from the server`, "other");
  const message = redact((e.message ?? String(error)).replaceAll(options.url, safe), options.token);
  return new RemoteError(`cloning ${safe}${ref} failed: ${message}`, "other");
}

export async function cloneGitUrl(options: GitUrlOptions): Promise<FetchedTree> {
  if (!/^https?:\/\//i.test(options.url)) throw new RemoteError("--repo takes an http(s):// URL", "invalid");
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new RemoteError(`--repo: "${scrubUrl(options.url)}" is not a valid URL`, "invalid");
  }
  if (parsed.username || parsed.password) {
    throw new RemoteError("do not put credentials in the URL; set GIT_TOKEN in the environment instead", "invalid");
  }
  const tree = await makeTempTree("git");
  const { http, exceeded } = boundedHttp(options.maxBytes, options.idleTimeoutMs ?? 60_000, options.signal);
  const auth = options.token ? { onAuth: () => ({ username: "x-access-token", password: options.token! }) } : {};
  try {
    await git.init({ fs, dir: tree.dir });
    await git.addRemote({ fs, dir: tree.dir, remote: "origin", url: options.url });
    const fetched = await git.fetch({
      fs,
      http,
      dir: tree.dir,
      remote: "origin",
      ...(options.ref ? { ref: options.ref } : {}),
      depth: 1,
      singleBranch: true,
      tags: false,
      ...auth,
      // A refused token is not retried: fail with a clear auth error.
      onAuthFailure: () => ({ cancel: true }),
    });
    throwIfCancelled(options.signal);
    if (exceeded()) throw new TooLarge();
    if (!fetched.fetchHead) throw new RemoteError(`${scrubUrl(options.url)}: the repository is empty`, "not_found");
    await git.checkout({ fs, dir: tree.dir, ref: fetched.fetchHead, force: true });
    const commit = await git.resolveRef({ fs, dir: tree.dir, ref: "HEAD" });
    const branch = fetched.defaultBranch?.replace(/^refs\/heads\//, "");
    const revision = options.ref ?? branch;
    const notes = [`shallow clone (depth 1) of ${scrubUrl(options.url)} at ${commit.slice(0, 12)}${revision ? ` (${revision})` : ""}`];
    if (options.lfs !== false) {
      const lfs = await fetchLfsObjects({
        dir: tree.dir,
        url: options.url,
        ...(options.token ? { token: options.token } : {}),
        ...(options.maxLfsObjectBytes !== undefined ? { maxObjectBytes: options.maxLfsObjectBytes } : {}),
        ...(options.maxLfsTotalBytes !== undefined ? { maxTotalBytes: options.maxLfsTotalBytes } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      throwIfCancelled(options.signal);
      if (lfs.fetched > 0) notes.push(`downloaded ${lfs.fetched} Git LFS object${lfs.fetched === 1 ? "" : "s"}`);
      // Pointers left unresolved are reported by the scanner (incomplete for model files); say why here.
      for (const m of lfs.missing.slice(0, 20)) notes.push(`${m.path}: ${m.details}`);
      if (lfs.missing.length > 20) notes.push(`… and ${lfs.missing.length - 20} more Git LFS objects not downloaded`);
    }
    return {
      dir: tree.dir,
      origin: {
        type: "git-url",
        location: scrubUrl(options.url),
        ...(revision ? { revision } : {}),
        commit,
      },
      incomplete: [],
      notes,
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throwIfCancelled(options.signal);
    throw classify(exceeded() ? new TooLarge() : error, options);
  }
}
