/**
 * `--hf owner/name [--revision R]`: lists a Hugging Face model or dataset repository through the Hub
 * HTTP API and downloads its files (up to a size limit) into a temporary directory. A token comes
 * only from HF_TOKEN and is sent as a Bearer header. HF_ENDPOINT points at another Hub (tests, mirrors).
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { RemoteError } from "./errors.js";
import { makeTempTree, safeJoin, type FetchedTree } from "./fetched.js";

export interface HfOptions {
  repo: string;
  revision?: string;
  kind?: "model" | "dataset";
  token?: string;
  endpoint?: string;
  maxFileBytes: number;
  maxTotalBytes?: number;
  fetch?: typeof fetch;
  onFile?(path: string, bytes: number): void;
}

interface TreeEntry {
  type: "file" | "directory";
  path: string;
  size?: number;
  lfs?: { size?: number };
}

export function parseHfRepo(value: string): { repo: string; kind: "model" | "dataset" } {
  const dataset = value.startsWith("datasets/");
  const repo = dataset ? value.slice("datasets/".length) : value;
  if (!/^[\w.-]{1,96}\/[\w.-]{1,96}$/.test(repo) || repo.includes("..")) {
    throw new RemoteError(`"${value}" is not a Hugging Face repository id (owner/name or datasets/owner/name)`, "invalid");
  }
  return { repo, kind: dataset ? "dataset" : "model" };
}

function fail(status: number, what: string): RemoteError {
  if (status === 401 || status === 403) return new RemoteError(`${what}: access denied (gated or private? set HF_TOKEN)`, "auth");
  if (status === 404) return new RemoteError(`${what}: not found`, "not_found");
  if (status === 429) return new RemoteError(`${what}: rate limited by the Hub; retry later`, "rate_limited");
  return new RemoteError(`${what}: HTTP ${status}`, "other");
}

export async function fetchHuggingFace(options: HfOptions): Promise<FetchedTree> {
  const { repo, kind } = parseHfRepo(options.kind === "dataset" && !options.repo.startsWith("datasets/") ? `datasets/${options.repo}` : options.repo);
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
  const revision = options.revision ?? "main";
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const api = `${endpoint}/api/${kind}s/${repo}`;
  const get = async (url: string, what: string): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url, { headers, redirect: "follow" });
    } catch (error) {
      throw new RemoteError(`${what}: cannot reach ${endpoint} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`, "network");
    }
    if (!res.ok) throw fail(res.status, what);
    return res;
  };

  // The revision endpoint resolves a branch or tag to a commit sha.
  const info = (await (await get(`${api}/revision/${encodeURIComponent(revision)}`, `${repo}@${revision}`)).json()) as { sha?: string };
  const entries: TreeEntry[] = [];
  let next: string | undefined = `${api}/tree/${encodeURIComponent(revision)}?recursive=true&expand=false`;
  while (next) {
    const res = await get(next, `listing ${repo}`);
    entries.push(...((await res.json()) as TreeEntry[]));
    const link = res.headers.get("link");
    next = link ? /<([^>]{1,2048})>;\s*rel="next"/.exec(link)?.[1] : undefined;
  }

  const tree = await makeTempTree("hf");
  const incomplete: FetchedTree["incomplete"] = [];
  let total = 0;
  try {
    for (const entry of entries) {
      if (entry.type !== "file") continue;
      const size = entry.lfs?.size ?? entry.size ?? 0;
      const target = safeJoin(tree.dir, entry.path);
      if (!target) {
        incomplete.push({ path: entry.path, details: "path escapes the download directory; not fetched" });
        continue;
      }
      if (size > options.maxFileBytes) {
        incomplete.push({ path: entry.path, details: `${size} bytes is over the ${options.maxFileBytes}-byte file limit; not downloaded` });
        continue;
      }
      if (options.maxTotalBytes !== undefined && total + size > options.maxTotalBytes) {
        incomplete.push({ path: entry.path, details: "total download limit reached; not downloaded" });
        continue;
      }
      const prefix = kind === "dataset" ? `${endpoint}/datasets/${repo}` : `${endpoint}/${repo}`;
      const url = `${prefix}/resolve/${encodeURIComponent(info.sha ?? revision)}/${entry.path.split("/").map(encodeURIComponent).join("/")}`;
      const res = await get(url, `${repo}/${entry.path}`);
      await mkdir(dirname(target), { recursive: true });
      await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), createWriteStream(target));
      total += size;
      options.onFile?.(entry.path, size);
    }
    return {
      dir: tree.dir,
      origin: { type: "huggingface", location: `${kind === "dataset" ? "datasets/" : ""}${repo}`, revision, ...(info.sha ? { commit: info.sha } : {}) },
      incomplete,
      notes: [],
      cleanup: tree.cleanup,
    };
  } catch (error) {
    await tree.cleanup();
    throw error;
  }
}
