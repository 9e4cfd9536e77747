/**
 * `--hf owner/name [--revision R]`: lists a Hugging Face model or dataset repository through the Hub
 * HTTP API and downloads its files (up to the size limits) into a temporary directory.
 *
 *   GET /api/{models|datasets}/{repo}/revision/{rev}          → the commit sha
 *   GET /api/{models|datasets}/{repo}/tree/{sha}?recursive=true → the files, paginated by Link: rel="next"
 *   GET /{repo}/resolve/{sha}/{path}  (datasets/{repo}/… for datasets) → the bytes, usually via a
 *                                                               redirect to the LFS/CDN host
 *
 * The token (the CLI reads HF_TOKEN) is sent as a Bearer header to the Hub's own origin only: never
 * to a redirect target or a pagination link on another host, and never in messages or reports.
 * HF_ENDPOINT (or `endpoint`) points at another Hub (mirrors, tests). Everything after the listing is
 * fetched at the resolved commit, so a branch moving during the download cannot mix revisions.
 */
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

import { networkCode, redact, RemoteError, throwIfCancelled } from "./errors.js";
import { makeTempTree, OverLimit, safeJoin, writeLimited, type FetchedTree } from "./fetched.js";

export interface HfOptions {
  repo: string;
  revision?: string;
  kind?: "model" | "dataset";
  token?: string;
  endpoint?: string;
  maxFileBytes: number;
  maxTotalBytes?: number;
  /** Files listed at most (default 100 000). */
  maxFiles?: number;
  /** Longest Retry-After (seconds) honoured on 429 before giving up (default 10). */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
  onFile?(path: string, bytes: number): void;
  /** Cancels listing and downloads (the temporary tree is removed). */
  signal?: AbortSignal;
}

interface TreeEntry {
  type: "file" | "directory";
  path: string;
  size?: number;
  lfs?: { size?: number };
}

const DEFAULT_ENDPOINT = "https://huggingface.co";
const MAX_REDIRECTS = 5;

export function parseHfRepo(value: string): { repo: string; kind: "model" | "dataset" } {
  let rest = value;
  let kind: "model" | "dataset" = "model";
  if (rest.startsWith("datasets/")) {
    kind = "dataset";
    rest = rest.slice("datasets/".length);
  } else if (rest.startsWith("models/")) {
    rest = rest.slice("models/".length);
  }
  // owner/name, or a legacy id without an owner ("gpt2"), which the Hub redirects.
  if (!/^(?:[\w.-]{1,96}\/)?[\w.-]{1,96}$/.test(rest) || rest.includes("..") || rest.split("/").some((p) => p.startsWith("."))) {
    throw new RemoteError(`"${value}" is not a Hugging Face repository id (owner/name or datasets/owner/name)`, "invalid");
  }
  return { repo: rest, kind };
}

function trimSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === "/") end--;
  return url.slice(0, end);
}

/** Maps a Hub answer to a RemoteError, using X-Error-Code (RepoNotFound, GatedRepo…) when present. */
function fail(res: Response, what: string, hasToken: boolean): RemoteError {
  const status = res.status;
  const code = res.headers.get("x-error-code") ?? "";
  if (code === "GatedRepo") {
    return new RemoteError(
      `${what}: gated repository; accept its conditions on the Hub and ${hasToken ? "check that HF_TOKEN has read access" : "set HF_TOKEN"}`,
      "auth",
    );
  }
  if (code === "RepoNotFound") {
    return new RemoteError(`${what}: repository not found${hasToken ? "" : " (or private: set HF_TOKEN)"}`, "not_found");
  }
  if (code === "RevisionNotFound") return new RemoteError(`${what}: revision not found`, "not_found");
  if (code === "EntryNotFound") return new RemoteError(`${what}: file not found`, "not_found");
  if (status === 401 || status === 403) {
    return new RemoteError(`${what}: access denied (${hasToken ? "HF_TOKEN was refused or lacks access" : "gated or private? set HF_TOKEN"})`, "auth");
  }
  if (status === 404) return new RemoteError(`${what}: not found`, "not_found");
  if (status === 429) return new RemoteError(`${what}: rate limited by the Hub; retry later`, "rate_limited");
  return new RemoteError(`${what}: HTTP ${status}`, "other");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchHuggingFace(options: HfOptions): Promise<FetchedTree> {
  const { repo, kind } = parseHfRepo(options.kind === "dataset" && !options.repo.startsWith("datasets/") ? `datasets/${options.repo}` : options.repo);
  const endpoint = trimSlashes(options.endpoint ?? process.env.HF_ENDPOINT ?? DEFAULT_ENDPOINT);
  let hubOrigin: string;
  try {
    hubOrigin = new URL(endpoint).origin;
  } catch {
    throw new RemoteError(`HF_ENDPOINT "${endpoint}" is not a URL`, "invalid");
  }
  const revision = options.revision ?? "main";
  const doFetch = options.fetch ?? fetch;
  const token = options.token;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 10;
  const api = `${endpoint}/api/${kind}s/${repo}`;
  const display = `${kind === "dataset" ? "datasets/" : ""}${repo}`;

  /** GET with manual redirects (Authorization only to the Hub's origin), 429 retries and clear errors. */
  const get = async (start: string, what: string): Promise<Response> => {
    let url = start;
    for (let attempt = 0, hops = 0; ; ) {
      const headers: Record<string, string> = { accept: "application/json, */*" };
      if (token && new URL(url).origin === hubOrigin) headers.authorization = `Bearer ${token}`;
      let res: Response;
      throwIfCancelled(options.signal);
      try {
        res = await doFetch(url, { headers, redirect: "manual", ...(options.signal ? { signal: options.signal } : {}) });
      } catch (error) {
        throwIfCancelled(options.signal);
        const net = networkCode(error) ?? (error as Error).message;
        throw new RemoteError(redact(`${what}: cannot reach ${new URL(url).origin} (${net})`, token), "network");
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        await res.body?.cancel();
        if (++hops > MAX_REDIRECTS) throw new RemoteError(`${what}: too many redirects`, "other");
        const next = new URL(res.headers.get("location")!, url);
        if (next.protocol !== "https:" && next.protocol !== "http:") throw new RemoteError(`${what}: redirect to a non-HTTP URL`, "other");
        url = next.toString();
        continue;
      }
      if (res.status === 429 && attempt < 2) {
        const after = Number(res.headers.get("retry-after") ?? "NaN");
        if (Number.isFinite(after) && after >= 0 && after <= maxRetryAfter) {
          await res.body?.cancel();
          attempt++;
          await sleep(after * 1000);
          continue;
        }
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw fail(res, what, Boolean(token));
      }
      return res;
    }
  };
  const json = async (res: Response, what: string): Promise<unknown> => {
    try {
      return await res.json();
    } catch {
      throw new RemoteError(`${what}: the Hub answered with something that is not JSON (is HF_ENDPOINT a Hub?)`, "other");
    }
  };

  // The revision endpoint resolves a branch or tag to a commit sha.
  const info = (await json(await get(`${api}/revision/${encodeURIComponent(revision)}`, `${display}@${revision}`), display)) as { sha?: unknown };
  const sha = typeof info.sha === "string" && /^[0-9a-f]{40}$/.test(info.sha) ? info.sha : undefined;
  const at = sha ?? revision;

  const entries: TreeEntry[] = [];
  const maxFiles = options.maxFiles ?? 100_000;
  const incomplete: FetchedTree["incomplete"] = [];
  let next: string | undefined = `${api}/tree/${encodeURIComponent(at)}?recursive=true&expand=false`;
  for (let page = 0; next; page++) {
    let res: Response;
    try {
      res = await get(next, `listing ${display}`);
    } catch (error) {
      if (page === 0 || options.signal?.aborted) throw error;
      incomplete.push({ path: "/", details: `listing stopped after ${entries.length} entries: ${(error as Error).message}` });
      break;
    }
    const body = await json(res, `listing ${display}`);
    if (!Array.isArray(body)) throw new RemoteError(`listing ${display}: unexpected answer from the Hub`, "other");
    for (const e of body as unknown[]) {
      const entry = e as Partial<TreeEntry>;
      if (entry && typeof entry.path === "string" && (entry.type === "file" || entry.type === "directory")) entries.push(entry as TreeEntry);
    }
    if (entries.length > maxFiles) {
      incomplete.push({ path: "/", details: `more than ${maxFiles} files in ${display}; the rest was not scanned` });
      entries.length = maxFiles;
      break;
    }
    const link = res.headers.get("link");
    const target = link ? /<([^>]{1,2048})>;\s{0,8}rel="next"/.exec(link)?.[1] : undefined;
    next = target ? new URL(target, next).toString() : undefined;
  }

  const tree = await makeTempTree("hf");
  const written = new Set<string>();
  let total = 0;
  let fetched = 0;
  let files = 0;
  let authFailures = 0;
  let stopped: RemoteError | undefined;
  try {
    for (const entry of entries) {
      if (entry.type !== "file") continue;
      throwIfCancelled(options.signal);
      files++;
      if (stopped) {
        incomplete.push({ path: entry.path, details: `not fetched: ${stopped.message}` });
        continue;
      }
      const size = entry.lfs?.size ?? entry.size ?? 0;
      const target = safeJoin(tree.dir, entry.path);
      if (!target) {
        incomplete.push({ path: entry.path, details: "path escapes the download directory or is not a valid path; not fetched" });
        continue;
      }
      if (written.has(target)) {
        incomplete.push({ path: entry.path, details: "listed twice; not fetched again" });
        continue;
      }
      if (size > options.maxFileBytes) {
        incomplete.push({ path: entry.path, details: `${size} bytes is over the ${options.maxFileBytes}-byte file limit; not downloaded` });
        continue;
      }
      if (options.maxTotalBytes !== undefined && total + size > options.maxTotalBytes) {
        incomplete.push({ path: entry.path, details: `total download limit of ${options.maxTotalBytes} bytes reached; not downloaded` });
        continue;
      }
      const prefix = kind === "dataset" ? `${endpoint}/datasets/${repo}` : `${endpoint}/${repo}`;
      const url = `${prefix}/resolve/${encodeURIComponent(at)}/${entry.path.split("/").map(encodeURIComponent).join("/")}`;
      let bytes: number;
      try {
        const res = await get(url, `${display}/${entry.path}`);
        written.add(target);
        if (!res.body) throw new RemoteError(`${display}/${entry.path}: empty answer`, "other");
        bytes = await writeLimited(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), target, options.maxFileBytes);
      } catch (error) {
        // An aborted body stream fails the pipeline: that is the cancel, not a broken file.
        throwIfCancelled(options.signal);
        if (error instanceof OverLimit) {
          incomplete.push({ path: entry.path, details: `more than the ${options.maxFileBytes}-byte file limit was sent; not scanned` });
          continue;
        }
        const e =
          error instanceof RemoteError
            ? error
            : new RemoteError(redact(`${display}/${entry.path}: ${networkCode(error) ?? (error as Error).message}`, token), networkCode(error) ? "network" : "other");
        incomplete.push({ path: entry.path, details: e.message });
        if (e.kind === "auth") authFailures++;
        // Throttled or unreachable: stop; everything after this is incomplete.
        if (e.kind === "network" || e.kind === "rate_limited") stopped = e;
        continue;
      }
      total += bytes;
      fetched++;
      options.onFile?.(entry.path, bytes);
    }
    if (fetched === 0 && stopped) throw stopped;
    // Gated repositories list their files but refuse to serve them without accepted terms.
    if (fetched === 0 && authFailures > 0 && authFailures === incomplete.length) {
      throw new RemoteError(
        `${display}: the files are gated or private (${token ? "HF_TOKEN lacks access; accept the conditions on the Hub" : "set HF_TOKEN after accepting the conditions on the Hub"})`,
        "auth",
      );
    }
    const notes = [
      files === 0
        ? `${display}@${revision} has no files`
        : `fetched ${fetched} of ${files} files (${total} bytes) from ${display}@${revision}${sha ? ` (${sha.slice(0, 12)})` : ""}`,
    ];
    if (endpoint !== DEFAULT_ENDPOINT) notes.push(`Hub endpoint: ${endpoint}`);
    return {
      dir: tree.dir,
      origin: { type: "huggingface", location: display, revision, ...(sha ? { commit: sha } : {}) },
      incomplete,
      notes,
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throw error;
  }
}
