/**
 * A Hugging Face Hub stand-in for tests: node:http on 127.0.0.1 (random port) answering the paths
 * `fetchHuggingFace` uses, plus a second server on another port playing the LFS/CDN host (a
 * different origin, so tests can check that the token is not forwarded there).
 *
 *   GET /api/{models|datasets}/{repo}/revision/{rev}              → {id, sha}
 *   GET /api/{models|datasets}/{repo}/tree/{rev}?recursive=true&cursor=N → entries, Link: rel="next"
 *   GET /{repo}/resolve/{rev}/{path}, /datasets/{repo}/resolve/…  → 302 to the LFS host (binary files)
 *                                                                   or 307 to /api/resolve-cache/… (text)
 *
 * Like the real Hub: a private repository answers 401 + X-Error-Code: RepoNotFound without a valid
 * token; a gated one lists its files but refuses to serve them (401 without a token, 403 with a
 * token that has no access; X-Error-Code: GatedRepo); a wrong token on a public repository gets
 * 401 "Invalid credentials". Binary files (Uint8Array) are stored "in LFS" and redirected.
 *
 *   const hub = await startHubServer({ repos: [{ id: "acme/demo", files: plantedFiles() }] });
 *   // HF_ENDPOINT=hub.endpoint
 *   await hub.close();
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { toBytes } from "./fixtures.js";

export interface HubRepo {
  /** owner/name */
  id: string;
  kind?: "model" | "dataset";
  files: Record<string, string | Uint8Array>;
  /** Branch or tag → commit sha; `main` gets a sha derived from the id when absent. */
  revisions?: Record<string, string>;
  private?: boolean;
  gated?: boolean;
  /** Tokens allowed to read a private or gated repository (default: the server's token). */
  allowedTokens?: string[];
  /** Entries added to the tree listing as-is (paths with `..`, sizes that lie…); not served. */
  extraEntries?: { type: "file" | "directory"; path: string; size?: number }[];
  /** Size announced in the listing, by path (default: the real size). */
  listedSizes?: Record<string, number>;
}

export interface HubServerOptions {
  repos: HubRepo[];
  /** The token the Hub knows; any other Bearer token is "invalid credentials". */
  token?: string;
  /** Tree entries per page (default 2, so a handful of files spans pages). */
  pageSize?: number;
  /** Answer a request before the Hub does (429, 500…). `host` is "hub" or "lfs". */
  intercept?(req: IncomingMessage, host: "hub" | "lfs"): { status: number; headers?: Record<string, string>; body?: string } | undefined;
}

export interface RecordedHubRequest {
  host: "hub" | "lfs";
  method: string;
  url: string;
  authorization?: string;
  status: number;
}

export interface HubServer {
  /** Base URL of the Hub: pass as `endpoint` or HF_ENDPOINT. */
  endpoint: string;
  /** Base URL of the LFS host the resolve redirects go to. */
  lfsEndpoint: string;
  requests: RecordedHubRequest[];
  close(): Promise<void>;
}

const shaOf = (text: string): string => createHash("sha1").update(text).digest("hex");

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const requests: RecordedHubRequest[] = [];
  const pageSize = options.pageSize ?? 2;
  const lfsObjects = new Map<string, Uint8Array>();
  const repos = options.repos.map((r) => {
    const revisions: Record<string, string> = { main: shaOf(`${r.kind ?? "model"}:${r.id}`), ...r.revisions };
    const files = Object.entries(r.files).map(([path, content]) => {
      const bytes = toBytes(content);
      const lfs = typeof content !== "string";
      const oid = createHash("sha256").update(bytes).digest("hex");
      if (lfs) lfsObjects.set(oid, bytes);
      return { path, bytes, lfs, oid, listedSize: r.listedSizes?.[path] ?? bytes.length };
    });
    return { ...r, revisions, entries: files };
  });

  const record = (host: "hub" | "lfs", req: IncomingMessage, res: ServerResponse) => {
    const entry: RecordedHubRequest = {
      host,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      status: 0,
    };
    requests.push(entry);
    return (status: number, headers: Record<string, string> = {}, body: string | Uint8Array = "") => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
  };
  const jsonReply = (reply: ReturnType<typeof record>, status: number, value: unknown, headers: Record<string, string> = {}) =>
    reply(status, { "content-type": "application/json", ...headers }, JSON.stringify(value));

  const lfs = createServer((req, res) => {
    const reply = record("lfs", req, res);
    const short = options.intercept?.(req, "lfs");
    if (short) return reply(short.status, short.headers, short.body ?? "");
    const oid = new URL(req.url ?? "/", "http://x").pathname.split("/").pop() ?? "";
    const bytes = lfsObjects.get(oid);
    if (!bytes) return reply(404, { "content-type": "text/plain" }, "no such object");
    reply(200, { "content-type": "application/octet-stream", "content-length": String(bytes.length) }, bytes);
  });
  const lfsEndpoint = await listen(lfs);

  const hub = createServer((req, res) => {
    const reply = record("hub", req, res);
    const short = options.intercept?.(req, "hub");
    if (short) return reply(short.status, short.headers, short.body ?? "");
    const url = new URL(req.url ?? "/", "http://x");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
    if (auth !== undefined && bearer !== options.token) {
      return jsonReply(reply, 401, { error: "Invalid credentials in Authorization header" });
    }

    // /api/{models|datasets}/{owner}/{name}/{revision|tree}/{rev}
    let kind: "model" | "dataset" = "model";
    let op: "revision" | "tree" | "resolve";
    let owner: string | undefined;
    let name: string | undefined;
    let rev: string | undefined;
    let path: string[] = [];
    if (parts[0] === "api" && parts[1] === "resolve-cache") {
      // /api/resolve-cache/{models|datasets}/{owner}/{name}/{sha}/{path…}: where small files land.
      kind = parts[2] === "datasets" ? "dataset" : "model";
      [, , , owner, name, rev] = parts;
      op = "resolve";
      path = parts.slice(6);
    } else if (parts[0] === "api") {
      kind = parts[1] === "datasets" ? "dataset" : "model";
      [, , owner, name] = parts;
      op = parts[4] === "tree" ? "tree" : "revision";
      rev = parts[5];
      if (!["models", "datasets"].includes(parts[1] ?? "") || !["revision", "tree"].includes(parts[4] ?? "")) {
        return jsonReply(reply, 404, { error: "Not Found" });
      }
    } else {
      if (parts[0] === "datasets") {
        kind = "dataset";
        parts.shift();
      }
      [owner, name] = parts;
      if (parts[2] !== "resolve") return jsonReply(reply, 404, { error: "Not Found" });
      op = "resolve";
      rev = parts[3];
      path = parts.slice(4);
    }
    const repo = repos.find((r) => r.id === `${owner}/${name}` && (r.kind ?? "model") === kind);
    const allowed = repo ? (repo.allowedTokens ?? (options.token ? [options.token] : [])) : [];
    const hasAccess = bearer !== undefined && allowed.includes(bearer);
    if (!repo || (repo.private && !hasAccess)) {
      return jsonReply(reply, bearer ? 404 : 401, { error: "Repository Not Found" }, { "x-error-code": "RepoNotFound" });
    }
    const sha = rev === undefined ? undefined : /^[0-9a-f]{40}$/.test(rev) ? (Object.values(repo.revisions).includes(rev) ? rev : undefined) : repo.revisions[rev];
    if (!sha) return jsonReply(reply, 404, { error: "Invalid rev id" }, { "x-error-code": "RevisionNotFound" });

    if (op === "revision") return jsonReply(reply, 200, { id: repo.id, sha, private: Boolean(repo.private), gated: repo.gated ? "manual" : false });
    if (op === "tree") {
      const dirs = new Set<string>();
      for (const f of repo.entries) {
        const segs = f.path.split("/");
        for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join("/"));
      }
      const all = [
        ...[...dirs].map((d) => ({ type: "directory", oid: shaOf(d), size: 0, path: d })),
        ...repo.entries.map((f) => ({
          type: "file",
          oid: shaOf(f.path),
          size: f.listedSize,
          path: f.path,
          ...(f.lfs ? { lfs: { oid: f.oid, size: f.listedSize, pointerSize: 134 } } : {}),
        })),
        ...(repo.extraEntries ?? []),
      ].sort((a, b) => (a.path < b.path ? -1 : 1));
      const cursor = Number(url.searchParams.get("cursor") ?? "0");
      const page = all.slice(cursor, cursor + pageSize);
      const headers: Record<string, string> = {};
      if (cursor + pageSize < all.length) {
        const next = new URL(req.url ?? "/", "http://x");
        next.searchParams.set("cursor", String(cursor + pageSize));
        headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`;
      }
      return jsonReply(reply, 200, page, headers);
    }
    // resolve
    if (repo.gated && !hasAccess) {
      return jsonReply(reply, bearer ? 403 : 401, { error: "Access to this repo is restricted" }, { "x-error-code": "GatedRepo" });
    }
    const file = repo.entries.find((f) => f.path === path.join("/"));
    if (!file) return jsonReply(reply, 404, { error: "Entry not found" }, { "x-error-code": "EntryNotFound" });
    if (file.lfs) return reply(302, { location: `${lfsEndpoint}/lfs/${file.oid}`, "x-linked-size": String(file.bytes.length) });
    if (parts[0] !== "api") {
      // Small files: a relative, same-origin redirect, as the real Hub does (the token still applies).
      return reply(307, { location: `/api/resolve-cache/${kind}s/${repo.id}/${sha}/${path.map(encodeURIComponent).join("/")}` });
    }
    reply(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.length), etag: `"${file.oid}"` }, file.bytes);
  });
  const endpoint = await listen(hub);
  return {
    endpoint,
    lfsEndpoint,
    requests,
    close: async () => {
      await Promise.all([stop(hub), stop(lfs)]);
    },
  };
}
